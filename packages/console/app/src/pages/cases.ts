// Cases: search and filter (process, state, status, org-unit subtree, colour, overdue, file
// number, dates), a page at a time; or, from a report, the cases behind one figure (`drill`: the
// report's own drill-down queries, whose totals add up to the figure).
import { html, nothing, type TemplateResult } from 'lit-html'
import { get } from '../api.js'
import { t, when } from '../i18n.js'
import { getCatalog, processName, stateName, statusName, unitName } from '../labels.js'
import type { CaseItem, Page } from '../types.js'
import type { PageContext } from '../main.js'
import { badge, caseHref, fieldOf, hashHref, load, status, type Loaded } from './util.js'

const slot: {
  current?: (Loaded<{ items: CaseItem[]; nextCursor?: string; more?: boolean }> & { key?: string }) | undefined
} = {}

const FILTERS = [
  'processId',
  'state',
  'status',
  'orgUnitSubtree',
  'colour',
  'overdue',
  'businessKey',
  'createdFrom',
  'createdBefore',
] as const

const dayMs = (d: string) => (d === '' ? undefined : String(Date.parse(`${d}T00:00:00+08:00`)))
const dayOf = (ms: string | null) =>
  ms === null || ms === '' ? '' : new Date(Number(ms) + 8 * 3600_000).toISOString().slice(0, 10)

async function drill(queries: Record<string, unknown>[]): Promise<{ items: CaseItem[]; more: boolean }> {
  const pages = await Promise.all(queries.map((q) => get<Page<CaseItem>>('cases', { ...q, limit: 200 })))
  return { items: pages.flatMap((p) => p.items), more: pages.some((p) => p.nextCursor !== undefined) }
}

export function casesPage(ctx: PageContext): TemplateResult {
  const p = ctx.params
  const drillRaw = p.get('drill')
  const query: Record<string, string | undefined> = {}
  for (const f of FILTERS) query[f] = p.get(f) ?? undefined
  const l = load(slot, ctx, p.toString(), () =>
    drillRaw !== null
      ? drill(JSON.parse(drillRaw) as Record<string, unknown>[])
      : get<Page<CaseItem>>('cases', { ...query, cursor: p.get('cursor') ?? undefined, limit: 50 }),
  )
  const catalog = getCatalog()
  const processes = [...new Set(catalog.processes.map((x) => x.id))]
  return html`<h1>${t('cases')}</h1>
    ${
      drillRaw !== null
        ? html`<p class="drill">
            ${t('drillDown')}: <strong>${p.get('figure') ?? ''}</strong> · ${unitName(p.get('unit'))} ·
            <a href="#/cases">${t('cases')}</a>
          </p>`
        : html`<form
            class="filters"
            @submit=${(e: Event) => {
              e.preventDefault()
              const f = new FormData(e.target as HTMLFormElement)
              const v = (k: string) => fieldOf(f, k)
              location.hash = hashHref('cases', {
                processId: v('processId'),
                state: v('state'),
                status: v('status'),
                orgUnitSubtree: v('orgUnitSubtree'),
                colour: v('colour'),
                overdue: f.get('overdue') === 'on' ? 'true' : undefined,
                businessKey: v('businessKey'),
                createdFrom: dayMs(v('createdFrom')),
                createdBefore: dayMs(v('createdBefore')),
              })
            }}
          >
            <label
              >${t('process')}
              <select name="processId">
                <option value="">${t('any')}</option>
                ${processes.map(
                  (id) => html`<option value=${id} ?selected=${query.processId === id}>${processName(id)}</option>`,
                )}
              </select></label
            >
            <label>${t('state')} <input name="state" .value=${query.state ?? ''} size="12" /></label>
            <label
              >${t('status')}
              <select name="status">
                <option value="">${t('any')}</option>
                ${['active', 'completed', 'failed', 'suspended', 'cancelled'].map(
                  (s) => html`<option value=${s} ?selected=${query.status === s}>${statusName(s)}</option>`,
                )}
              </select></label
            >
            <label
              >${t('orgUnitSubtree')}
              <select name="orgUnitSubtree">
                <option value="">${t('any')}</option>
                ${catalog.orgUnits.map(
                  (u) =>
                    html`<option value=${u.id} ?selected=${query.orgUnitSubtree === u.id}>${u.name ?? u.id}</option>`,
                )}
              </select></label
            >
            <label
              >${t('colour')}
              <select name="colour">
                <option value="">${t('any')}</option>
                ${(['red', 'yellow', 'green'] as const).map(
                  (c) => html`<option value=${c} ?selected=${query.colour === c}>${t(c)}</option>`,
                )}
              </select></label
            >
            <label><input type="checkbox" name="overdue" ?checked=${query.overdue === 'true'} /> ${t('overdue')}</label>
            <label>${t('businessKey')} <input name="businessKey" .value=${query.businessKey ?? ''} size="14" /></label>
            <label
              >${t('createdFrom')} <input type="date" name="createdFrom" .value=${dayOf(p.get('createdFrom'))}
            /></label>
            <label
              >${t('createdBefore')} <input type="date" name="createdBefore" .value=${dayOf(p.get('createdBefore'))}
            /></label>
            <button type="submit">${t('search')}</button>
          </form>`
    }
    ${status(l)}
    ${
      l.data === undefined
        ? nothing
        : l.data.items.length === 0
          ? html`<p>${t('noRows')}</p>`
          : html`<table class="cases">
                <thead>
                  <tr>
                    <th>${t('colour')}</th>
                    <th>${t('businessKey')}</th>
                    <th>${t('process')}</th>
                    <th>${t('state')}</th>
                    <th>${t('status')}</th>
                    <th>${t('orgUnit')}</th>
                    <th>${t('created')}</th>
                    <th>${t('due')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${l.data.items.map(
                    (c) =>
                      html`<tr data-case=${c.id}>
                        <td>${badge(c.colour)}</td>
                        <td><a href=${caseHref(c.id)}>${c.businessKey ?? c.id}</a></td>
                        <td>${processName(c.processId)}</td>
                        <td>${stateName(c.processId, c.stateKey)}</td>
                        <td>${statusName(c.status)}</td>
                        <td>${unitName(c.orgUnit)}</td>
                        <td>${when(c.createdAt)}</td>
                        <td>${when(c.dueAt)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
              ${p.get('cursor') === null ? nothing : html`<a class="first" href=${hashHref('cases', query)}>${t('first')}</a>`}
              ${
                l.data.nextCursor === undefined
                  ? nothing
                  : html`<a class="next" href=${hashHref('cases', { ...query, cursor: l.data.nextCursor })}
                      >${t('next')}</a
                    >`
              }`
    }`
}
