// Worklist: the actor's open tasks and their org unit's, overdue first (the engine orders by due
// date), red/yellow/green on the business calendar; claim and unclaim.
import { html, nothing, type TemplateResult } from 'lit-html'
import { ApiError, get, post } from '../api.js'
import { t, when } from '../i18n.js'
import { processName, roleName, stateName, unitName } from '../labels.js'
import type { Page, Task } from '../types.js'
import type { PageContext } from '../main.js'
import { badge, caseHref, fieldOf, hashHref, load, status, type Loaded } from './util.js'

const slot: { current?: (Loaded<Page<Task>> & { key?: string }) | undefined } = {}
let message: string | null = null

export function worklistPage(ctx: PageContext): TemplateResult {
  const colour = ctx.params.get('colour') ?? ''
  const mine = ctx.params.get('mine') === 'true'
  const cursor = ctx.params.get('cursor') ?? undefined
  const l = load(slot, ctx, ctx.params.toString(), () => get<Page<Task>>('tasks', { colour, mine, cursor, limit: 50 }))
  const act = async (task: Task, op: 'claim' | 'unclaim') => {
    try {
      await post(`cases/${encodeURIComponent(task.instanceId)}/tasks/${encodeURIComponent(task.id)}/${op}`, {})
      message = null
    } catch (e) {
      message = e instanceof ApiError ? e.message : String(e)
    }
    slot.current = undefined
    ctx.update()
  }
  const me = ctx.session.actor.id
  return html`<h1>${t('worklist')}</h1>
    <form
      class="filters"
      @submit=${(e: Event) => {
        e.preventDefault()
        const f = new FormData(e.target as HTMLFormElement)
        location.hash = hashHref('worklist', {
          colour: fieldOf(f, 'colour'),
          mine: f.get('mine') === 'on' ? 'true' : undefined,
        })
      }}
    >
      <label
        >${t('colour')}
        <select name="colour">
          <option value="" ?selected=${colour === ''}>${t('any')}</option>
          ${(['red', 'yellow', 'green'] as const).map(
            (c) => html`<option value=${c} ?selected=${colour === c}>${t(c)}</option>`,
          )}
        </select></label
      >
      <label><input type="checkbox" name="mine" ?checked=${mine} /> ${t('mine')}</label>
      <button type="submit">${t('search')}</button>
    </form>
    ${message === null ? nothing : html`<p class="error" role="alert">${message}</p>`} ${status(l)}
    ${
      l.data === undefined
        ? nothing
        : l.data.items.length === 0
          ? html`<p>${t('noRows')}</p>`
          : html`<table class="tasks">
                <thead>
                  <tr>
                    <th>${t('colour')}</th>
                    <th>${t('due')}</th>
                    <th>${t('process')}</th>
                    <th>${t('state')}</th>
                    <th>${t('role')}</th>
                    <th>${t('orgUnit')}</th>
                    <th>${t('assignee')}</th>
                    <th></th>
                  </tr>
                </thead>
                <tbody>
                  ${l.data.items.map(
                    (task) =>
                      html`<tr data-task=${task.id} data-case=${task.instanceId} data-colour=${task.colour}>
                        <td>${badge(task.colour)}</td>
                        <td>${when(task.dueAt)}</td>
                        <td>${processName(task.processId)}</td>
                        <td><a href=${caseHref(task.instanceId)}>${stateName(task.processId, task.stateNode)}</a></td>
                        <td>${roleName(task.role)}</td>
                        <td>${unitName(task.orgUnit)}</td>
                        <td>${task.assignee ?? '—'}</td>
                        <td>
                          ${
                            task.assignee === null
                              ? html`<button class="small" @click=${() => act(task, 'claim')}>${t('claim')}</button>`
                              : task.assignee === me
                                ? html`<button class="small" @click=${() => act(task, 'unclaim')}>
                                    ${t('unclaim')}
                                  </button>`
                                : nothing
                          }
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              ${
                l.data.nextCursor === undefined
                  ? nothing
                  : html`<a
                      class="next"
                      href=${hashHref('worklist', { colour, mine: mine ? 'true' : undefined, cursor: l.data.nextCursor })}
                      >${t('next')}</a
                    >`
              }`
    }`
}
