// Case: the current state on the process diagram, the deadlines with their colours, open tasks,
// linked cases, incidents, the timeline with the hash-chain verify badge, and a form for each
// event the actor may send now, generated from the event's JSON Schema, with the server's
// refusals shown next to the field or rule they concern.
import { html, nothing, type TemplateResult } from 'lit-html'
import { ApiError, get, post } from '../api.js'
import { diagram } from '../diagram.js'
import { eventForm, initialValue, showRefusal, type FormState } from '../form.js'
import { currentLang, t, type Word } from '../i18n.js'
import { eventName, processName, processOf, roleName, stateName, statusName, unitName } from '../labels.js'
import { when } from '../i18n.js'
import type { CasePage } from '../types.js'
import type { PageContext } from '../main.js'
import { badge, caseHref, fieldOf, load, status, type Loaded } from './util.js'

const slot: { current?: (Loaded<CasePage> & { key?: string }) | undefined } = {}
const forms = new Map<string, FormState>()
let commandMessage: string | null = null
// Which event forms the user opened (kept across redraws).
const opened = new Set<string>()

/** The payload of an entry as text (rendered as text: never markup). */
function payloadText(event: Record<string, unknown>): string {
  const rest = Object.fromEntries(Object.entries(event).filter(([k]) => k !== 'type'))
  return Object.keys(rest).length === 0 ? '' : JSON.stringify(rest, null, 1)
}

export function casePage(ctx: PageContext): TemplateResult {
  const id = ctx.path[1] as string
  const l = load(slot, ctx, id, () => get<CasePage>(`cases/${encodeURIComponent(id)}`))
  if (l.data === undefined)
    return html`<h1>${t('cases')} ${id}</h1>
      ${status(l)}`
  const page = l.data
  const c = page.case
  const def = processOf(c.processId, c.processVersion)
  const active = c.stateKey.split('|')
  const formFor = (type: string): FormState => {
    const k = `${id}:${type}`
    let s = forms.get(k)
    if (s === undefined) {
      const schema = def?.events.find((e) => e.type === type)?.schema ?? null
      s = {
        value: (schema === null ? {} : initialValue(schema)) as Record<string, unknown>,
        errors: new Map(),
        refusal: null,
        ok: null,
        busy: false,
      }
      forms.set(k, s)
    }
    return s
  }
  const submit = async (type: string) => {
    const s = formFor(type)
    s.busy = true
    s.ok = null
    ctx.update()
    try {
      await post(`cases/${encodeURIComponent(id)}/events`, { ...s.value, type })
      forms.delete(`${id}:${type}`)
      const fresh = formFor(type)
      fresh.ok = `${t('sent')}: ${eventName(c.processId, type)}`
      slot.current = undefined
    } catch (e) {
      s.busy = false
      if (e instanceof ApiError) showRefusal(s, e, currentLang())
      else s.refusal = String(e)
    }
    ctx.update()
  }
  const command = async (path: string, body: unknown) => {
    try {
      await post(`cases/${encodeURIComponent(id)}/${path}`, body)
      commandMessage = null
    } catch (e) {
      commandMessage = e instanceof ApiError ? e.message : String(e)
    }
    slot.current = undefined
    ctx.update()
  }
  const v = page.verify
  // The case's colour: the engine's, or else the worst of its open tasks' (none once closed).
  const colour =
    c.colour ?? (['red', 'yellow', 'green'] as const).find((x) => page.tasks.some((k) => k.colour === x)) ?? null
  return html`${commandMessage === null ? nothing : html`<p class="error" role="alert">${commandMessage}</p>`}
    <h1>${processName(c.processId)} · ${c.businessKey ?? c.id} ${badge(colour)}</h1>
    <dl class="facts">
      <dt>${t('state')}</dt>
      <dd data-state=${c.stateKey}>${stateName(c.processId, c.stateKey)}</dd>
      <dt>${t('status')}</dt>
      <dd>${statusName(c.status)}</dd>
      <dt>${t('orgUnit')}</dt>
      <dd>${unitName(c.orgUnit)}</dd>
      <dt>${t('created')}</dt>
      <dd>${when(c.createdAt)}</dd>
      <dt>${t('updated')}</dt>
      <dd>${when(c.updatedAt)}</dd>
      <dt>${t('version')}</dt>
      <dd>${c.processVersion}</dd>
    </dl>
    <section>
      <h2>${t('diagram')}</h2>
      ${diagram(c.processId, c.processVersion, c.status === 'active' ? active : [])}
    </section>
    <div class="columns">
      <section>
        <h2>${t('deadlines')}</h2>
        ${
          (c.deadlines ?? []).length === 0
            ? html`<p>${t('none')}</p>`
            : html`<table class="deadlines">
                <tr>
                  <th>${t('name')}</th>
                  <th>${t('status')}</th>
                  <th>${t('due')}</th>
                  <th>${t('warn')}</th>
                  <th>${t('colour')}</th>
                </tr>
                ${(c.deadlines ?? []).map(
                  (d) =>
                    html`<tr data-deadline=${d.name} data-colour=${d.colour}>
                      <td>${stateName(c.processId, d.stateNode.split('.').slice(1).join('.') || d.name)}</td>
                      <td>
                        ${t(d.status as Word)}${d.extensions > 0 ? html` · ${t('extended')} ×${d.extensions}` : nothing}
                      </td>
                      <td>${when(d.dueAt)}</td>
                      <td>${when(d.warnAt)}</td>
                      <td>${badge(d.colour)}</td>
                    </tr>`,
                )}
              </table>`
        }
        <h2>${t('tasks')}</h2>
        ${
          page.tasks.length === 0
            ? html`<p>${t('none')}</p>`
            : html`<ul class="case-tasks">
                ${page.tasks.map(
                  (k) =>
                    html`<li data-colour=${k.colour}>
                      ${badge(k.colour)} ${roleName(k.role)} · ${unitName(k.orgUnit)} · ${t('due')} ${when(k.dueAt)}
                      ${k.assignee === null ? nothing : html`· ${t('assignee')} ${k.assignee}`}
                    </li>`,
                )}
              </ul>`
        }
        <h2>${t('linked')}</h2>
        ${
          page.parent === null && page.children.length === 0
            ? html`<p>${t('none')}</p>`
            : html`<ul class="linked">
                ${
                  page.parent === null
                    ? nothing
                    : html`<li>
                        ${t('parent')}:
                        ${
                          page.parent.readable
                            ? html`<a href=${caseHref(page.parent.id)}
                                >${processName(page.parent.processId ?? '')} ·
                                ${stateName(page.parent.processId ?? '', page.parent.stateKey ?? '')}</a
                              >`
                            : html`${page.parent.id} (${t('notReadable')})`
                        }
                      </li>`
                }
                ${page.children.map(
                  (ch) =>
                    html`<li>
                      ${t('children')}:
                      ${
                        ch.readable
                          ? html`<a href=${caseHref(ch.id)}
                              >${processName(ch.processId ?? '')} ·
                              ${stateName(ch.processId ?? '', ch.stateKey ?? '')}</a
                            >`
                          : html`${ch.id} (${t('notReadable')})`
                      }
                    </li>`,
                )}
              </ul>`
        }
        ${
          page.incidents === undefined || page.incidents.length === 0
            ? nothing
            : html`<h2>${t('incidentsOfCase')}</h2>
                <ul class="case-incidents">
                  ${page.incidents.map((i) => html`<li>${i.kind} · ${i.type} · ${i.status} · ${i.error.message}</li>`)}
                </ul>`
        }
      </section>
      <section class="actions">
        <h2>${t('actions')}</h2>
        ${
          page.events.length === 0
            ? html`<p>${t('noActions')}</p>`
            : page.events.map((type) => {
                const schema = def?.events.find((e) => e.type === type)?.schema ?? null
                return html`<details
                  class="event"
                  data-event=${type}
                  ?open=${opened.has(`${id}:${type}`)}
                  @toggle=${(e: Event) => {
                    if ((e.target as HTMLDetailsElement).open) opened.add(`${id}:${type}`)
                    else opened.delete(`${id}:${type}`)
                  }}
                >
                  <summary>${eventName(c.processId, type)} <code>${type}</code></summary>
                  ${eventForm(
                    `f-${type}`,
                    schema,
                    formFor(type),
                    () => ctx.update(),
                    () => void submit(type),
                  )}
                </details>`
              })
        }
      </section>
    </div>
    <section>
      <h2>
        ${t('timeline')}
        <span class=${`verify ${v.ok ? 'ok' : 'broken'}`} data-verify=${v.ok ? 'ok' : 'broken'}
          >${v.ok ? `✓ ${t('verifyOk')}` : `✗ ${t('verifyBroken')} #${v.brokenAt ?? '?'} (${v.reason ?? ''})`} ·
          ${v.entries} ${t('entries')}</span
        >
      </h2>
      <ol class="timeline">
        ${page.history.map(
          (h) =>
            html`<li data-seq=${h.seq}>
              <div class="when">#${h.seq} · ${when(h.at)}</div>
              <div class="what">
                <strong
                  >${h.kind === 'started' ? h.kind : eventName(c.processId, String(h.event.type ?? h.kind))}</strong
                >
                · ${h.actor?.id ?? '—'} ·
                ${h.from === null ? '' : `${stateName(c.processId, h.from)} → `}${stateName(c.processId, h.to)}
              </div>
              ${payloadText(h.event) === '' ? nothing : html`<pre class="payload">${payloadText(h.event)}</pre>`}
              <div class="hash" title=${h.hash}>${h.hash.slice(0, 12)}…</div>
            </li>`,
        )}
      </ol>
    </section>
    <details class="admin">
      <summary>${t('adminActions')}</summary>
      <form @submit=${(e: Event) => e.preventDefault()} class="admin-form">
        <input name="reason" placeholder=${t('reason')} required />
        ${(['suspend', 'resume', 'cancel'] as const).map(
          (op) =>
            html`<button
              type="button"
              class="small"
              data-op=${op}
              @click=${(e: Event) => {
                const f = new FormData((e.target as HTMLElement).closest('form') as HTMLFormElement)
                void command(op, { reason: fieldOf(f, 'reason') })
              }}
            >
              ${t(op)}
            </button>`,
        )}
      </form>
    </details>
    <details class="context">
      <summary>${t('context')}</summary>
      <pre>${JSON.stringify(c.context, null, 1)}</pre>
    </details>`
}
