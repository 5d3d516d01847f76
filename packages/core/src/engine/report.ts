/**
 * Reports: counts, rates and task colours per org unit, rolled up the org-unit tree.
 *
 * Definitions (for a window `[from, to)`):
 * - **opened**: instances created in the window. `byStatus` and `byState` count them by their
 *   current status and state.
 * - **resolved / unresolved / void**: opened instances that completed in a final state whose
 *   `meta.outcome` is `'resolved'`, `'unresolved'` or `'void'`.
 * - **resolution rate (化解率)** = resolved ÷ (opened − void).
 * - **due to close (应结案)**: instances whose due date (`dueAt`, the earliest running deadline,
 *   kept at completion) falls in the window, whenever they were opened. Of those, **closed**
 *   completed, and **closed on time** completed no later than their due date with no deadline
 *   ever expired. Cancelled cases (`engine.cancel`) are left out, as void ones are.
 * - **closing rate (结案率)** = closed ÷ due to close; **on-time closing rate (按期办结率)** =
 *   closed on time ÷ due to close.
 * - **mean time to close**: over opened instances that completed (not cancelled), in milliseconds.
 * - **open tasks by colour**: tasks open now on instances in scope, coloured at the engine's now.
 *
 * Rates are fractions in [0, 1], or `null` when the denominator is 0. Void cases are left out of
 * every rate's denominator (docs/domain-rules.md#10-example-scenarios, scenario 5).
 *
 * @module
 */
import type { InstanceStatus, StoredInstance, TaskRow } from '../store/types.js'
import { colourOf } from '../store/memory-store.js'
import type { OrgTree } from './org-tree.js'

/** What to report on. */
export interface ReportQuery {
  /** One process, or several. @defaultValue every process */
  readonly processId?: string | readonly string[]
  /** The org unit whose subtree to report on. @defaultValue every unit */
  readonly orgUnit?: string
  /** Window start (inclusive). */
  readonly from: Date | number
  /** Window end (exclusive). */
  readonly to: Date | number
}

/** The figures for one org unit (or the whole scope). */
export interface ReportFigures {
  readonly opened: number
  readonly byStatus: Readonly<Record<InstanceStatus, number>>
  readonly byState: Readonly<Record<string, number>>
  readonly resolved: number
  readonly unresolved: number
  readonly void: number
  /** 化解率: resolved ÷ (opened − void). */
  readonly resolutionRate: number | null
  /** 应结案: due in the window. */
  readonly dueToClose: number
  readonly closed: number
  readonly closedOnTime: number
  /** 结案率: closed ÷ due to close. */
  readonly closingRate: number | null
  /** 按期办结率: closed on time ÷ due to close. */
  readonly onTimeRate: number | null
  /** Instances open now whose due date has passed. */
  readonly overdue: number
  /** Instances whose deadline moved them up the org-unit ladder (counted where they are now). */
  readonly escalated: number
  readonly openTasks: Readonly<Record<'red' | 'yellow' | 'green', number>>
  /** Mean time from opening to completion, in ms, over opened instances that completed. */
  readonly meanTimeToCloseMs: number | null
}

/** One org unit's row: its own cases and its subtree's, rolled up. */
export interface OrgUnitReport {
  readonly orgUnit: string
  readonly parent: string | null
  readonly level: string | undefined
  /** Cases owned by this unit itself. */
  readonly own: ReportFigures
  /** Cases owned by this unit or any unit below it. */
  readonly total: ReportFigures
}

/** The result of `engine.report`. */
export interface Report {
  readonly from: Date
  readonly to: Date
  readonly generatedAt: Date
  /** Everything in scope. */
  readonly total: ReportFigures
  /** Per org unit, parents before children. */
  readonly byOrgUnit: readonly OrgUnitReport[]
}

/** Mutable counters, turned into {@link ReportFigures} at the end. */
interface Counter {
  opened: number
  byStatus: Record<InstanceStatus, number>
  byState: Record<string, number>
  resolved: number
  unresolved: number
  void: number
  dueToClose: number
  closed: number
  closedOnTime: number
  overdue: number
  escalated: number
  openTasks: Record<'red' | 'yellow' | 'green', number>
  closeTimeSum: number
  closeTimeCount: number
}

const counter = (): Counter => ({
  opened: 0,
  byStatus: { active: 0, suspended: 0, completed: 0, cancelled: 0, failed: 0 },
  byState: {},
  resolved: 0,
  unresolved: 0,
  void: 0,
  dueToClose: 0,
  closed: 0,
  closedOnTime: 0,
  overdue: 0,
  escalated: 0,
  openTasks: { red: 0, yellow: 0, green: 0 },
  closeTimeSum: 0,
  closeTimeCount: 0,
})

function add(into: Counter, c: Counter): void {
  into.opened += c.opened
  for (const k of ['active', 'suspended', 'completed', 'cancelled', 'failed'] as const)
    into.byStatus[k] += c.byStatus[k]
  for (const [k, v] of Object.entries(c.byState)) into.byState[k] = (into.byState[k] ?? 0) + v
  into.resolved += c.resolved
  into.unresolved += c.unresolved
  into.void += c.void
  into.dueToClose += c.dueToClose
  into.closed += c.closed
  into.closedOnTime += c.closedOnTime
  into.overdue += c.overdue
  into.escalated += c.escalated
  for (const k of ['red', 'yellow', 'green'] as const) into.openTasks[k] += c.openTasks[k]
  into.closeTimeSum += c.closeTimeSum
  into.closeTimeCount += c.closeTimeCount
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d)

function figures(c: Counter): ReportFigures {
  return {
    opened: c.opened,
    byStatus: { ...c.byStatus },
    byState: { ...c.byState },
    resolved: c.resolved,
    unresolved: c.unresolved,
    void: c.void,
    resolutionRate: rate(c.resolved, c.opened - c.void),
    dueToClose: c.dueToClose,
    closed: c.closed,
    closedOnTime: c.closedOnTime,
    closingRate: rate(c.closed, c.dueToClose),
    onTimeRate: rate(c.closedOnTime, c.dueToClose),
    overdue: c.overdue,
    escalated: c.escalated,
    openTasks: { ...c.openTasks },
    meanTimeToCloseMs: c.closeTimeCount === 0 ? null : c.closeTimeSum / c.closeTimeCount,
  }
}

/**
 * Folds instances and open tasks into a report.
 *
 * @param input - the window, the instances and open tasks in scope, the org-unit tree, and now
 * @returns the report
 * @internal
 */
export function buildReport(input: {
  readonly from: number
  readonly to: number
  readonly now: number
  readonly scope: string | undefined
  readonly instances: Iterable<StoredInstance>
  readonly tasks: Iterable<TaskRow>
  readonly orgs: OrgTree
}): Report {
  const { from, to, now, orgs } = input
  const own = new Map<string, Counter>()
  const total = counter()
  const unitOf = (u: string | null): string => u ?? '(none)'
  const at = (u: string | null): Counter => {
    const key = unitOf(u)
    let c = own.get(key)
    if (c === undefined) own.set(key, (c = counter()))
    return c
  }
  for (const r of input.instances) {
    const c = at(r.orgUnit)
    if (r.createdAt >= from && r.createdAt < to) {
      c.opened++
      c.byStatus[r.status]++
      c.byState[r.stateKey] = (c.byState[r.stateKey] ?? 0) + 1
      if (r.outcome === 'resolved') c.resolved++
      else if (r.outcome === 'unresolved') c.unresolved++
      else if (r.outcome === 'void') c.void++
      if (r.completedAt !== null && r.status === 'completed') {
        c.closeTimeSum += r.completedAt - r.createdAt
        c.closeTimeCount++
      }
    }
    // A cancelled case was stopped by an administrator, not closed: like a void one, it is
    // neither due to close nor closed (decision 0015).
    if (r.outcome !== 'void' && r.status !== 'cancelled' && r.dueAt !== null && r.dueAt >= from && r.dueAt < to) {
      c.dueToClose++
      if (r.completedAt !== null) {
        c.closed++
        if (r.completedAt <= r.dueAt && !r.breached) c.closedOnTime++
      }
    }
    if ((r.status === 'active' || r.status === 'suspended') && r.dueAt !== null && r.dueAt <= now) c.overdue++
    if (r.escalations > 0) c.escalated++
  }
  for (const t of input.tasks) at(t.orgUnit).openTasks[colourOf(t, now)]++
  for (const c of own.values()) add(total, c)

  // Roll up: every unit in scope, parents before children; units outside the tree stand alone.
  const inTree = new Set(orgs.units)
  const scopeUnits =
    input.scope === undefined ? [...new Set([...orgs.units, ...own.keys()])] : orgs.subtree(input.scope)
  const depth = (u: string) => orgs.lineage(u).length
  const rows: OrgUnitReport[] = scopeUnits
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((u) => {
      const sum = counter()
      for (const [unit, c] of own) if (unit === u || (inTree.has(unit) && orgs.lineage(unit).includes(u))) add(sum, c)
      return {
        orgUnit: u,
        parent: orgs.parentOf(u),
        level: orgs.levelOf(u),
        own: figures(own.get(u) ?? counter()),
        total: figures(sum),
      }
    })
  return { from: new Date(from), to: new Date(to), generatedAt: new Date(now), total: figures(total), byOrgUnit: rows }
}

/**
 * Formats a rate as a percentage with two decimals, the way Chinese statistical bulletins print
 * it: `0.93724…` → `'93.72 %'`; `null` → `'—'`.
 *
 * @param r - a rate from a report
 * @returns the text
 */
export function formatRate(r: number | null): string {
  return r === null ? '—' : `${(Math.round(r * 10_000) / 100).toFixed(2)} %`
}
