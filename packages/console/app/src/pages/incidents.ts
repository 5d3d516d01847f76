// Incidents: outbox messages and timers that kept failing; an administrator retries or resolves
// each with a reason.
import { html, nothing, type TemplateResult } from 'lit-html'
import { ApiError, get, post } from '../api.js'
import { t, when } from '../i18n.js'
import type { Incident, Page } from '../types.js'
import type { PageContext } from '../main.js'
import { caseHref, fieldOf, hashHref, load, status, type Loaded } from './util.js'

const slot: { current?: (Loaded<Page<Incident>> & { key?: string }) | undefined } = {}
let message: string | null = null

export function incidentsPage(ctx: PageContext): TemplateResult {
  const all = ctx.params.get('all') === 'true'
  const l = load(slot, ctx, ctx.params.toString(), () =>
    get<Page<Incident>>('incidents', { status: all ? undefined : 'open', limit: 100 }),
  )
  const act = async (i: Incident, op: 'retry' | 'resolve', form: HTMLFormElement) => {
    const reason = fieldOf(new FormData(form), 'reason')
    try {
      await post(`incidents/${encodeURIComponent(i.id)}/${op}`, { reason })
      message = null
    } catch (e) {
      message = e instanceof ApiError ? e.message : String(e)
    }
    slot.current = undefined
    ctx.update()
  }
  return html`<h1>${t('incidents')}</h1>
    <p>
      <a href=${hashHref('incidents', { all: all ? undefined : 'true' })}>${all ? t('openOnly') : t('any')}</a>
    </p>
    ${message === null ? nothing : html`<p class="error" role="alert">${message}</p>`} ${status(l)}
    ${
      l.data === undefined
        ? nothing
        : l.data.items.length === 0
          ? html`<p>${t('noIncidents')}</p>`
          : html`<table class="incidents">
              <tr>
                <th>${t('opened')}</th>
                <th>${t('kind')}</th>
                <th>${t('event')}</th>
                <th>${t('cases')}</th>
                <th>${t('attempts')}</th>
                <th>${t('error')}</th>
                <th>${t('status')}</th>
                <th></th>
              </tr>
              ${l.data.items.map(
                (i) =>
                  html`<tr data-incident=${i.id} data-status=${i.status}>
                    <td>${when(i.openedAt)}</td>
                    <td>${i.kind}</td>
                    <td><code>${i.type}</code></td>
                    <td><a href=${caseHref(i.instanceId)}>${i.instanceId}</a></td>
                    <td>${i.attempts}</td>
                    <td class="err">${i.error.code ?? ''} ${i.error.message}</td>
                    <td>${i.status}${i.resolution === null ? '' : ` (${i.resolution}: ${i.reason ?? ''})`}</td>
                    <td>
                      ${
                        i.status !== 'open'
                          ? nothing
                          : html`<form class="incident-actions" @submit=${(e: Event) => e.preventDefault()}>
                              <input name="reason" placeholder=${t('reason')} required />
                              <button
                                type="button"
                                class="small"
                                data-op="retry"
                                @click=${(e: Event) =>
                                  act(i, 'retry', (e.target as HTMLElement).closest('form') as HTMLFormElement)}
                              >
                                ${t('retry')}
                              </button>
                              <button
                                type="button"
                                class="small"
                                data-op="resolve"
                                @click=${(e: Event) =>
                                  act(i, 'resolve', (e.target as HTMLElement).closest('form') as HTMLFormElement)}
                              >
                                ${t('resolve')}
                              </button>
                            </form>`
                      }
                    </td>
                  </tr>`,
              )}
            </table>`
    }`
}
