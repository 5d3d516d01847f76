// The grid events' and the 12345 tickets' lines of the monthly output: the hotline's three rates
// and their composite (@fengqiao/grid's hotlineReport, per org unit and period, each count with its
// cases) beside the township's 化解率 and 按期办结率 from the engine's report.
import { formatRate, type Report } from '@fengqiao/core'
import type { StoredInstance } from '@fengqiao/core/store'
import { figureValue as value, hotlineReport, type GridEventContext, type HotlineFigures } from '@fengqiao/grid'
import { TOWN } from './town.js'
import type { World } from './world.js'

const rates = (f: HotlineFigures) =>
  `响应率 ${formatRate(value(f.scores.figures.response))} · 解决率 ${formatRate(value(f.scores.figures.resolution))} · 满意率 ${formatRate(value(f.scores.figures.satisfaction))} · 综合 ${formatRate(f.scores.composite)}`

/**
 * The lines for the grid events and hotline tickets received in `[from, to)`.
 *
 * @param opened - the cases opened in the window
 * @param report - the engine's report for the window (all processes)
 */
export async function gridLines(
  w: World,
  from: number,
  to: number,
  opened: readonly StoredInstance[],
  report: Report,
): Promise<string[]> {
  const lines: string[] = []
  const events = opened.filter((r) => r.processId === 'grid-event')
  const ctx = (r: StoredInstance) => (r.snapshot as unknown as { context: GridEventContext }).context
  lines.push(
    `网格事件 ${events.length}: ${events.filter((r) => ctx(r).ledger?.status === 'struckOff').length} struck off the ledger (对账销号), ${events.filter((r) => ctx(r).level === 'grid').length} settled in the grid (微事不出格), ${events.filter((r) => ctx(r).reworks > 0).length} reworked after the reporter's check, ${events.filter((r) => r.status === 'active').length} open`,
  )
  const h = await hotlineReport(w.engine.system, { from, to, parameters: w.hotlineParameters })
  const t = h.total
  const town = report.byOrgUnit.find((r) => r.orgUnit === TOWN)?.total
  const weights = w.hotlineParameters.weights
  lines.push(
    `12345 接诉即办 ${t.received}: ${t.received - t.counts.dispatched} answered on the call, ${t.counts.dispatched} dispatched to ${TOWN}, ${t.counts.callbacks} called back; ${Object.values(h.streets).reduce((n, s) => n + s.received, 0)} with the township whistling county departments in (街乡吹哨、部门报到)`,
  )
  lines.push(
    `  ${rates(t)} (weights ${weights.response}/${weights.resolution}/${weights.satisfaction}, unverified [U])  ·  ${TOWN} 化解率 ${formatRate(town?.resolutionRate ?? null)} · 按期办结率 ${formatRate(town?.onTimeRate ?? null)}`,
  )
  for (const row of h.byOrgUnit) {
    if (row.figures.counts.dispatched === 0) continue
    lines.push(`  ${row.orgUnit ?? '—'}  ${row.figures.counts.dispatched} dispatched  ${rates(row.figures)}`)
  }
  for (const [street, f] of Object.entries(h.streets))
    lines.push(`  双考核 · ${street} whistled on ${f.received}: ${rates(f)}`)
  const late = t.cases.dispatched.filter((id) => !t.cases.respondedInTime.includes(id))
  const keys = await Promise.all(late.map(async (id) => (await w.engine.system.get(id)).businessKey ?? id))
  if (keys.length > 0) lines.push(`  not responded in time (drill-down): ${keys.sort().join(', ')}`)
  return lines
}
