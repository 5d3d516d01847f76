// Printing the monthly report as a table that lines up with Chinese characters.
import { formatRate, type OrgUnitReport, type Report, type ReportFigures } from '@fengqiao/core'

// East Asian wide characters take two columns in a terminal.
export function width(s: string): number {
  let w = 0
  for (const ch of s)
    w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch)
      ? 2
      : 1
  return w
}
export const pad = (s: string, n: number, right = false) =>
  right ? ' '.repeat(Math.max(0, n - width(s))) + s : s + ' '.repeat(Math.max(0, n - width(s)))

/**
 * Renders rows as an aligned text table.
 *
 * @param header - column titles
 * @param rows - cells; numeric columns are right-aligned
 * @returns the table text
 */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(String))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))))
  const numeric = header.map((_, i) =>
    rows.every((r) => typeof r[i] === 'number' || /^[\d.,]+ ?%?$|^—$/.test(String(r[i]))),
  )
  const line = (r: string[], right: boolean[]) =>
    r
      .map((c, i) => pad(c, widths[i] ?? 0, right[i] ?? false))
      .join('  ')
      .trimEnd()
  return [
    line(header, numeric),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.slice(1).map((r) => line(r, numeric)),
  ].join('\n')
}

/** The columns of the monthly report. */
export const reportHeader = [
  '单位',
  '受理',
  '在办',
  '办结',
  '化解率',
  '按期办结率',
  '红',
  '黄',
  '绿',
  '超期',
  '本月升级',
  '累计升级',
]

/** What the columns mean (printed under the table). */
export const reportLegend = [
  '受理 opened this month, of them 在办 open and 办结 closed · 化解率 disputes resolved ÷ disputes (void left out)',
  '按期办结率 closed on time ÷ due this month (closed this month, or open and due this month); a case that overran any time limit is late',
  '红黄绿 open tasks by colour · 超期 open and past due · 本月升级 moved up the ladder this month · 累计升级 ever (where the case is now)',
]

/**
 * One row of the monthly report.
 *
 * @param label - the org unit, indented
 * @param f - every case of the unit and below
 * @param disputes - the same unit's people's mediation figures, for 化解率
 */
export function reportRow(
  label: string,
  f: ReportFigures,
  disputes: ReportFigures | undefined,
): Array<string | number> {
  return [
    label,
    f.opened,
    f.byStatus.active,
    f.byStatus.completed,
    formatRate(disputes?.resolutionRate ?? null),
    formatRate(f.onTimeRate),
    f.openTasks.red,
    f.openTasks.yellow,
    f.openTasks.green,
    f.overdue,
    f.escalatedInWindow,
    f.escalated,
  ]
}

/**
 * The whole monthly report: one row per org unit, as a tree (parents first, children indented),
 * each row with its subtree rolled up.
 *
 * @param report - `engine.report` over every process
 * @param disputes - `engine.report` over people's mediation, for 化解率
 * @param order - org-unit ids in the order to list siblings (default: the report's)
 * @returns the table text
 */
export function reportTable(report: Report, disputes: Report, order: readonly string[] = []): string {
  const rank = (u: string) => (order.includes(u) ? order.indexOf(u) : order.length)
  const children = new Map<string | null, OrgUnitReport[]>()
  for (const r of report.byOrgUnit) children.set(r.parent, [...(children.get(r.parent) ?? []), r])
  const mediation = new Map<string, OrgUnitReport>(disputes.byOrgUnit.map((r) => [r.orgUnit, r]))
  const rows: Array<Array<string | number>> = []
  const walk = (parent: string | null, depth: number) => {
    for (const r of [...(children.get(parent) ?? [])].sort((a, b) => rank(a.orgUnit) - rank(b.orgUnit))) {
      rows.push(reportRow(`${'  '.repeat(depth)}${r.orgUnit}`, r.total, mediation.get(r.orgUnit)?.total))
      walk(r.orgUnit, depth + 1)
    }
  }
  walk(null, 0)
  return table(reportHeader, rows)
}
