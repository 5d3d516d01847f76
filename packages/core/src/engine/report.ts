/**
 * Reports: counts, rates and task colours per org unit, rolled up the org-unit tree — and, for
 * every count, the case list behind it.
 *
 * The store counts (`Store.reportFigures`: SQL aggregates on the SQL stores), the engine rolls
 * the counts up the org-unit tree and turns them into rates; no case is loaded. Each count is
 * defined by an `engine.instances` query (or `engine.tasks` for open tasks), and the report
 * carries those queries as {@link ReportFigures.drillDown}: the sum of the totals of a figure's
 * queries is the figure. The definitions are the table {@link REPORT_DEFINITIONS}, printed in
 * docs/operations.md ("Reports and the cases behind them"), for a window `[from, to)` read as
 * the cases stand when the report is made (`generatedAt`):
 *
 * - **opened**: created in the window; `byStatus`, `byState` and the outcomes count them.
 * - **resolution rate (化解率)** = resolved ÷ (opened − void).
 * - **due to close (应结案)**: not void nor cancelled (an administrator's `engine.cancel` stops a
 *   case, it does not close it), and either closed in the window, or still open (or suspended)
 *   with the due date in the window. A case counts in one window only: the one it closed in, or,
 *   while open, the one its due date falls in.
 * - **closed (办结)**: completed in the window, not void nor cancelled; **closed on time (按期办结)**:
 *   closed with no time limit ever expired, and no later than its due date.
 * - **closing rate (结案率)** = closed ÷ due to close; **on-time rate (按期办结率)** = closed on
 *   time ÷ due to close. A case that overran any time limit — a village's 7 days, even if the
 *   township then closed it within its own 15 — is never on time (docs/domain-rules.md §2.1,
 *   §2.2: an overdue case moves up; it was late).
 * - **overdue**: open or suspended, due at or before `generatedAt`.
 * - **escalated**: ever moved up the org-unit ladder; **escalated in the window**: moved up in
 *   it. Both counted where the case is now.
 *
 * Rates are fractions in [0, 1], or `null` when the denominator is 0. Void cases are left out of
 * every rate's denominator (docs/domain-rules.md#10-example-scenarios, scenario 5).
 *
 * @module
 */
import type { InstanceStatus, ReportCounts } from '../store/types.js'
import type { OrgTree } from './org-tree.js'
import type { InstanceQuery, TaskColour, TaskQuery } from './types.js'

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

/** The figures of a report that count cases, each with an `engine.instances` drill-down. */
export type CaseFigure =
  | 'opened'
  | 'resolved'
  | 'unresolved'
  | 'void'
  | 'dueToClose'
  | 'closed'
  | 'closedOnTime'
  | 'overdue'
  | 'escalated'
  | 'escalatedInWindow'

/**
 * The case lists behind a row's figures. Each entry is a list of disjoint queries: the figure is
 * the sum of their totals (`engine.instances` for cases, `engine.tasks` for open tasks). Times
 * are epoch milliseconds, pinned to the report's window and `generatedAt`; task colours are
 * judged at the engine's now when the query runs.
 */
export interface DrillDown extends Readonly<Record<CaseFigure, readonly InstanceQuery[]>> {
  /** The cases opened in the window, by current status. */
  readonly byStatus: Readonly<Record<InstanceStatus, readonly InstanceQuery[]>>
  /** The open tasks by colour. */
  readonly openTasks: Readonly<Record<TaskColour, readonly TaskQuery[]>>
}

/** The figures for one org unit (or the whole scope). */
export interface ReportFigures {
  /** Cases created in the window. */
  readonly opened: number
  /** Of those opened, by current status. */
  readonly byStatus: Readonly<Record<InstanceStatus, number>>
  /** Of those opened, by current state key. */
  readonly byState: Readonly<Record<string, number>>
  /** Of those opened, by the outcome of the final state they reached. */
  readonly resolved: number
  readonly unresolved: number
  readonly void: number
  /** 化解率: resolved ÷ (opened − void). */
  readonly resolutionRate: number | null
  /** 应结案: not void; closed in the window, or open and due in it. */
  readonly dueToClose: number
  /** 办结: completed in the window, not void nor cancelled. */
  readonly closed: number
  /** 按期办结: closed, no time limit ever expired, not after the due date. */
  readonly closedOnTime: number
  /** 结案率: closed ÷ due to close. */
  readonly closingRate: number | null
  /** 按期办结率: closed on time ÷ due to close. */
  readonly onTimeRate: number | null
  /** Cases open now whose due date has passed. */
  readonly overdue: number
  /** Cases ever moved up the org-unit ladder by a deadline (counted where they are now). */
  readonly escalated: number
  /** Cases moved up the org-unit ladder in the window (counted where they are now). */
  readonly escalatedInWindow: number
  /** Tasks open now, by colour at `generatedAt`. */
  readonly openTasks: Readonly<Record<TaskColour, number>>
  /** Mean time from opening to completion, in ms, over opened instances that completed (not cancelled). */
  readonly meanTimeToCloseMs: number | null
  /**
   * The queries that list the cases (and tasks) behind each count; absent on the row of cases
   * without an org unit, which no query can single out.
   */
  readonly drillDown?: DrillDown
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

/** One row of the definitions table: a figure, its name, what it counts, and its drill-down. */
export interface ReportDefinition {
  /** The field of {@link ReportFigures}. */
  readonly figure: string
  /** The name on a Chinese report. */
  readonly zh: string
  /** What it counts or how it is computed. */
  readonly definition: string
  /** The `engine.instances` (or `engine.tasks`) queries behind it, or how the rate is formed. */
  readonly cases: string
}

/**
 * The report's definitions: one row per figure. docs/operations.md prints this table (generated
 * with `pnpm docs:report`; a test keeps it current), and the drill-down queries below follow it.
 */
export const REPORT_DEFINITIONS: readonly ReportDefinition[] = [
  {
    figure: 'opened',
    zh: '受理',
    definition: 'created in the window',
    cases: '`{ createdFrom: from, createdBefore: to }`',
  },
  {
    figure: 'byStatus.<status>',
    zh: '在办 / 办结',
    definition: 'opened, by current status',
    cases: 'opened + `{ status }`',
  },
  {
    figure: 'resolved / unresolved / void',
    zh: '化解 / 未化解 / 作废',
    definition: "opened, by the final state's `meta.outcome`",
    cases: "opened + `{ outcome: 'resolved' }` (or `'unresolved'`, `'void'`)",
  },
  {
    figure: 'resolutionRate',
    zh: '化解率',
    definition: 'resolved ÷ (opened − void)',
    cases: 'the two queries above',
  },
  {
    figure: 'dueToClose',
    zh: '应结案',
    definition:
      'not void nor cancelled, and closed in the window, or still open (or suspended) with the due date in the window (a case counts in one window only)',
    cases: "closed, and `{ status: 'active', dueFrom: from, dueBefore: to }` (and the same `'suspended'`)",
  },
  {
    figure: 'closed',
    zh: '办结',
    definition: 'completed in the window, not void nor cancelled',
    cases: "`{ completedFrom: from, completedBefore: to, outcomeNot: ['void', 'cancelled'] }`",
  },
  {
    figure: 'closedOnTime',
    zh: '按期办结',
    definition:
      'closed, no time limit ever expired (a limit overrun and escalated counts as late), and not after the due date',
    cases: 'closed + `{ closedOnTime: true }`',
  },
  {
    figure: 'closingRate',
    zh: '结案率',
    definition: 'closed ÷ due to close',
    cases: 'the queries of both',
  },
  {
    figure: 'onTimeRate',
    zh: '按期办结率',
    definition: 'closed on time ÷ due to close',
    cases: 'the queries of both',
  },
  {
    figure: 'overdue',
    zh: '超期',
    definition: 'open or suspended, due at or before `generatedAt`',
    cases: "`{ status: 'active', dueBefore: generatedAt + 1 }` (and the same `'suspended'`)",
  },
  {
    figure: 'escalated',
    zh: '升级（累计）',
    definition: 'ever moved up the org-unit ladder by a deadline, counted where the case is now',
    cases: '`{ escalated: true }`',
  },
  {
    figure: 'escalatedInWindow',
    zh: '本期升级',
    definition: 'moved up the ladder in the window, counted where the case is now',
    cases: '`{ escalatedFrom: from, escalatedBefore: to }`',
  },
  {
    figure: 'openTasks.<colour>',
    zh: '红 / 黄 / 绿',
    definition: 'tasks open now, by colour (red: due; yellow: past the warning time)',
    cases: "`engine.tasks({ colour })` per process, by the task's own org unit",
  },
  {
    figure: 'meanTimeToCloseMs',
    zh: '平均办结时长',
    definition: 'mean of completion − creation over opened cases that completed (not cancelled)',
    cases: "opened + `{ status: 'completed' }`",
  },
]

/**
 * The definitions as a Markdown table, as docs/operations.md prints it.
 *
 * @returns the table, one line per figure
 */
export function reportDefinitionsTable(): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|')
  return [
    '| Figure | 名称 | Counts | The cases behind it (`engine.instances`) |',
    '|---|---|---|---|',
    ...REPORT_DEFINITIONS.map((d) => `| \`${d.figure}\` | ${d.zh} | ${cell(d.definition)} | ${cell(d.cases)} |`),
  ].join('\n')
}

/** Mutable counters, turned into {@link ReportFigures} at the end. */
type Counter = { -readonly [K in Exclude<keyof ReportCounts, 'orgUnit'>]: ReportCounts[K] }

const counter = (): Counter => ({
  opened: 0,
  active: 0,
  suspended: 0,
  completed: 0,
  cancelled: 0,
  failed: 0,
  byState: {},
  resolved: 0,
  unresolved: 0,
  void: 0,
  dueToClose: 0,
  closed: 0,
  closedOnTime: 0,
  overdue: 0,
  escalated: 0,
  escalatedInWindow: 0,
  openTasks: { red: 0, yellow: 0, green: 0 },
  closeTimeSum: 0,
  closeTimeCount: 0,
})

const NUMERIC = [
  'opened',
  'active',
  'suspended',
  'completed',
  'cancelled',
  'failed',
  'resolved',
  'unresolved',
  'void',
  'dueToClose',
  'closed',
  'closedOnTime',
  'overdue',
  'escalated',
  'escalatedInWindow',
  'closeTimeSum',
  'closeTimeCount',
] as const

function add(into: Counter, c: Omit<ReportCounts, 'orgUnit'>): void {
  for (const k of NUMERIC) into[k] += c[k]
  const states: Record<string, number> = { ...into.byState }
  for (const [k, v] of Object.entries(c.byState)) states[k] = (states[k] ?? 0) + v
  into.byState = states
  into.openTasks = {
    red: into.openTasks.red + c.openTasks.red,
    yellow: into.openTasks.yellow + c.openTasks.yellow,
    green: into.openTasks.green + c.openTasks.green,
  }
}

const rate = (n: number, d: number): number | null => (d === 0 ? null : n / d)

/** The scope of one row's drill-down: the processes and the org units its cases belong to. */
interface DrillScope {
  readonly processes: readonly string[] | undefined
  /** `undefined`: every case, with or without an org unit. */
  readonly units: readonly string[] | undefined
}

/**
 * The drill-down queries of one row.
 *
 * @param scope - the row's processes and org units
 * @param window - the report's window and `generatedAt`
 * @returns a query list per figure
 */
export function drillDown(scope: DrillScope, window: { from: number; to: number; now: number }): DrillDown {
  const { from, to, now } = window
  const base: InstanceQuery = {
    ...(scope.processes === undefined ? {} : { processId: scope.processes }),
    ...(scope.units === undefined ? {} : { orgUnit: scope.units }),
  }
  const q = (more: InstanceQuery): readonly InstanceQuery[] => [{ ...base, ...more }]
  const opened: InstanceQuery = { createdFrom: from, createdBefore: to }
  const closed: InstanceQuery = { completedFrom: from, completedBefore: to, outcomeNot: ['void', 'cancelled'] }
  const open = ['active', 'suspended'] as const
  const tasks = (colour: TaskColour): readonly TaskQuery[] =>
    (scope.processes ?? [undefined]).map((p) => ({
      ...(p === undefined ? {} : { processId: p }),
      ...(scope.units === undefined ? {} : { orgUnit: scope.units }),
      colour,
    }))
  return {
    opened: q(opened),
    byStatus: {
      active: q({ ...opened, status: 'active' }),
      suspended: q({ ...opened, status: 'suspended' }),
      completed: q({ ...opened, status: 'completed' }),
      cancelled: q({ ...opened, status: 'cancelled' }),
      failed: q({ ...opened, status: 'failed' }),
    },
    resolved: q({ ...opened, outcome: 'resolved' }),
    unresolved: q({ ...opened, outcome: 'unresolved' }),
    void: q({ ...opened, outcome: 'void' }),
    dueToClose: [...q(closed), ...open.flatMap((status) => q({ status, dueFrom: from, dueBefore: to }))],
    closed: q(closed),
    closedOnTime: q({ ...closed, closedOnTime: true }),
    overdue: open.flatMap((status) => q({ status, dueBefore: now + 1 })),
    escalated: q({ escalated: true }),
    escalatedInWindow: q({ escalatedFrom: from, escalatedBefore: to }),
    openTasks: { red: tasks('red'), yellow: tasks('yellow'), green: tasks('green') },
  }
}

function figures(c: Counter, drill: DrillDown | undefined): ReportFigures {
  return {
    opened: c.opened,
    byStatus: {
      active: c.active,
      suspended: c.suspended,
      completed: c.completed,
      cancelled: c.cancelled,
      failed: c.failed,
    },
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
    escalatedInWindow: c.escalatedInWindow,
    openTasks: { ...c.openTasks },
    meanTimeToCloseMs: c.closeTimeCount === 0 ? null : c.closeTimeSum / c.closeTimeCount,
    ...(drill === undefined ? {} : { drillDown: drill }),
  }
}

/** The key of the row of cases without an org unit. */
const NO_UNIT = '(none)'

/**
 * Rolls the store's per-unit counts up the org-unit tree into a report.
 *
 * @param input - the window, the scope, the counts per org unit, and the org-unit tree
 * @returns the report
 * @internal
 */
export function buildReport(input: {
  readonly from: number
  readonly to: number
  readonly now: number
  readonly scope: string | undefined
  readonly processes: readonly string[] | undefined
  readonly counts: Iterable<ReportCounts>
  readonly orgs: OrgTree
}): Report {
  const { from, to, now, orgs, processes } = input
  const window = { from, to, now }
  const own = new Map<string, Counter>()
  const total = counter()
  for (const r of input.counts) {
    const key = r.orgUnit ?? NO_UNIT
    const c = own.get(key) ?? counter()
    add(c, r)
    own.set(key, c)
    add(total, r)
  }
  // Roll up: every unit in scope, parents before children; units outside the tree stand alone.
  const inTree = new Set(orgs.units)
  const scopeUnits =
    input.scope === undefined ? [...new Set([...orgs.units, ...own.keys()])] : orgs.subtree(input.scope)
  const depth = (u: string) => orgs.lineage(u).length
  const below = (u: string): string[] => (inTree.has(u) ? orgs.subtree(u) : [u])
  const rows: OrgUnitReport[] = scopeUnits
    .sort((a, b) => depth(a) - depth(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map((u) => {
      const sum = counter()
      for (const [unit, c] of own) if (unit === u || (inTree.has(unit) && orgs.lineage(unit).includes(u))) add(sum, c)
      const none = u === NO_UNIT && !inTree.has(u)
      return {
        orgUnit: u,
        parent: orgs.parentOf(u),
        level: orgs.levelOf(u),
        own: figures(own.get(u) ?? counter(), none ? undefined : drillDown({ processes, units: [u] }, window)),
        total: figures(sum, none ? undefined : drillDown({ processes, units: below(u) }, window)),
      }
    })
  const scope = input.scope === undefined ? undefined : orgs.subtree(input.scope)
  return {
    from: new Date(from),
    to: new Date(to),
    generatedAt: new Date(now),
    total: figures(total, drillDown({ processes, units: scope }, window)),
    byOrgUnit: rows,
  }
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
