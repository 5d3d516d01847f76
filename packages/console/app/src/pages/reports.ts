// Reports: the month per org unit as a table that folds the org-unit tree, and as charts; every
// figure links to the cases behind it (the report's own drill-down queries).
import { html, nothing, type TemplateResult } from 'lit-html'
import { ref } from 'lit-html/directives/ref.js'
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js'
import { get } from '../api.js'
import { t, type Word } from '../i18n.js'
import { unitName } from '../labels.js'
import type { PageContext } from '../main.js'
import { fieldOf, hashHref, load, status, type Loaded } from './util.js'

Chart.register(BarController, BarElement, CategoryScale, LinearScale, DoughnutController, ArcElement, Legend, Tooltip)

type Query = Record<string, unknown>
interface Figures {
  readonly opened: number
  readonly resolved: number
  readonly resolutionRate: number | null
  readonly dueToClose: number
  readonly closed: number
  readonly closedOnTime: number
  readonly closingRate: number | null
  readonly onTimeRate: number | null
  readonly overdue: number
  readonly escalated: number
  readonly escalatedInWindow?: number
  readonly openTasks: { red: number; yellow: number; green: number }
  readonly drillDown?: Record<string, readonly Query[]> & { openTasks?: unknown }
}
interface Row {
  readonly orgUnit: string
  readonly parent: string | null
  readonly own: Figures
  readonly total: Figures
}
interface Report {
  readonly total: Figures
  readonly byOrgUnit: readonly Row[]
}

const slot: { current?: (Loaded<Report> & { key?: string }) | undefined } = {}
const expanded = new Set<string>()
const charts = new WeakMap<Element, { key: string; chart: Chart }>()

const COUNTS = ['opened', 'resolved', 'dueToClose', 'closed', 'closedOnTime', 'overdue', 'escalated'] as const
const RATES = ['resolutionRate', 'closingRate', 'onTimeRate'] as const
const rate = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`)

function monthRange(m: string): { from: number; to: number } {
  const [y, mo] = m.split('-').map(Number) as [number, number]
  const pad = (n: number) => String(n).padStart(2, '0')
  const next = mo === 12 ? `${y + 1}-01` : `${y}-${pad(mo + 1)}`
  return { from: Date.parse(`${y}-${pad(mo)}-01T00:00:00+08:00`), to: Date.parse(`${next}-01T00:00:00+08:00`) }
}

function chart(key: string, make: (canvas: HTMLCanvasElement) => Chart): TemplateResult {
  return html`<div class="chart">
    <canvas
      ${ref((el) => {
        if (el === undefined) return
        const cur = charts.get(el)
        if (cur?.key === key) return
        cur?.chart.destroy()
        charts.set(el, { key, chart: make(el as HTMLCanvasElement) })
      })}
    ></canvas>
  </div>`
}

export function reportsPage(ctx: PageContext): TemplateResult {
  const month = ctx.params.get('month') ?? new Date(ctx.session.now + 8 * 3600_000).toISOString().slice(0, 7)
  const { from, to } = monthRange(month)
  const l = load(slot, ctx, month, () => get<Report>('report', { from, to }))
  const figureLink = (row: Row, figure: string, value: number) => {
    const queries = row.total.drillDown?.[figure]
    if (!Array.isArray(queries)) return html`${value}`
    return html`<a
      href=${hashHref('cases', {
        drill: JSON.stringify(queries),
        figure: t(figure === 'overdue' ? 'overdueCases' : (figure as Word)),
        unit: row.orgUnit,
      })}
      data-figure=${figure}
      >${value}</a
    >`
  }
  const data = l.data
  const rows = data?.byOrgUnit ?? []
  const children = (id: string | null) => rows.filter((r) => r.parent === id)
  const roots = rows.filter((r) => r.parent === null || !rows.some((x) => x.orgUnit === r.parent))
  const visible: { row: Row; depth: number }[] = []
  const walk = (r: Row, depth: number) => {
    visible.push({ row: r, depth })
    if (expanded.has(r.orgUnit)) for (const c of children(r.orgUnit)) walk(c, depth + 1)
  }
  for (const r of roots) {
    if (!expanded.has(`seen:${r.orgUnit}`)) {
      expanded.add(`seen:${r.orgUnit}`)
      expanded.add(r.orgUnit)
    }
    walk(r, 0)
  }
  const top = roots[0]
  const parts = top === undefined ? [] : children(top.orgUnit).length > 0 ? children(top.orgUnit) : [top]
  return html`<h1>${t('reports')}</h1>
    <form
      class="filters"
      @submit=${(e: Event) => {
        e.preventDefault()
        location.hash = hashHref('reports', { month: fieldOf(new FormData(e.target as HTMLFormElement), 'month') })
      }}
    >
      <label>${t('month')} <input type="month" name="month" .value=${month} /></label>
      <button type="submit">${t('search')}</button>
    </form>
    ${status(l)}
    ${
      data === undefined
        ? nothing
        : html`<table class="report">
              <thead>
                <tr>
                  <th>${t('unit')}</th>
                  ${COUNTS.map((c) => html`<th>${t(c === 'opened' ? 'openedCases' : c === 'overdue' ? 'overdueCases' : c)}</th>`)}
                  ${RATES.map((r) => html`<th>${t(r)}</th>`)}
                  <th>${t('openTasks')}</th>
                </tr>
              </thead>
              <tbody>
                ${visible.map(({ row, depth }) => {
                  const kids = children(row.orgUnit).length > 0
                  return html`<tr data-unit=${row.orgUnit}>
                    <td style=${`padding-left:${0.5 + depth * 1.2}em`}>
                      ${
                        kids
                          ? html`<button
                              class="fold"
                              aria-expanded=${expanded.has(row.orgUnit) ? 'true' : 'false'}
                              @click=${() => {
                                if (expanded.has(row.orgUnit)) expanded.delete(row.orgUnit)
                                else expanded.add(row.orgUnit)
                                ctx.update()
                              }}
                            >
                              ${expanded.has(row.orgUnit) ? '▾' : '▸'}
                            </button>`
                          : html`<span class="fold-space"></span>`
                      }
                      ${unitName(row.orgUnit)}
                    </td>
                    ${COUNTS.map((c) => html`<td class="num">${figureLink(row, c, row.total[c])}</td>`)}
                    ${RATES.map((r) => html`<td class="num">${rate(row.total[r])}</td>`)}
                    <td class="num">
                      <span class="badge red">${row.total.openTasks.red}</span>
                      <span class="badge yellow">${row.total.openTasks.yellow}</span>
                      <span class="badge green">${row.total.openTasks.green}</span>
                    </td>
                  </tr>`
                })}
              </tbody>
            </table>
            <div class="columns charts">
              ${chart(
                `bar:${month}:${parts.map((p) => p.orgUnit).join(',')}:${t('opened')}`,
                (canvas) =>
                  new Chart(canvas, {
                    type: 'bar',
                    data: {
                      labels: parts.map((p) => unitName(p.orgUnit)),
                      datasets: [
                        { label: t('openedCases'), data: parts.map((p) => p.total.opened), backgroundColor: '#4f7cac' },
                        { label: t('closed'), data: parts.map((p) => p.total.closed), backgroundColor: '#3d9970' },
                        {
                          label: t('overdueCases'),
                          data: parts.map((p) => p.total.overdue),
                          backgroundColor: '#d9534f',
                        },
                      ],
                    },
                    options: { animation: false, responsive: true, maintainAspectRatio: false },
                  }),
              )}
              ${chart(
                `doughnut:${month}:${t('red')}`,
                (canvas) =>
                  new Chart(canvas, {
                    type: 'doughnut',
                    data: {
                      labels: [t('red'), t('yellow'), t('green')],
                      datasets: [
                        {
                          data: [data.total.openTasks.red, data.total.openTasks.yellow, data.total.openTasks.green],
                          backgroundColor: ['#d9534f', '#f0ad4e', '#5cb85c'],
                        },
                      ],
                    },
                    options: { animation: false, responsive: true, maintainAspectRatio: false },
                  }),
              )}
            </div>`
    }`
}
