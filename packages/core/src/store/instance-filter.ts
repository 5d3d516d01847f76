/**
 * What {@link InstanceFilter} means, row by row: the reference semantics that the memory store
 * runs and the SQL stores express as predicates. Shared so that the case colour the engine shows
 * and the colour a store filters on are one definition.
 *
 * @module
 */
import { FengqiaoError } from '../errors.js'
import type { HistoryEntry, InstanceFilter, InstanceStatus, ReportCounts, StoredInstance } from './types.js'

/**
 * The statuses of an open case: running, or held by an administrator (`suspended`) — its
 * statutory deadlines keep running unless its process pauses them, so it keeps a colour and can
 * be overdue. Every other status is closed.
 */
export const OPEN_STATUSES: readonly InstanceStatus[] = ['active', 'suspended']

/** Whether a case of this status is open (see {@link OPEN_STATUSES}). */
export const isOpen = (status: InstanceStatus): boolean => OPEN_STATUSES.includes(status)

/** A colour of an open case or task: red (overdue), yellow (past its warning), green. */
export type Colour = 'red' | 'yellow' | 'green'

/**
 * The colour of something with a due and a warning time, at a time: red once due, yellow once
 * past its warning time, else green (also when it has neither).
 *
 * @param item - due and warning times (epoch ms, or null)
 * @param now - the time to judge at
 * @returns the colour
 */
export function colourOf(item: { readonly dueAt: number | null; readonly warnAt: number | null }, now: number): Colour {
  if (item.dueAt !== null && item.dueAt <= now) return 'red'
  if (item.warnAt !== null && item.warnAt <= now) return 'yellow'
  return 'green'
}

/**
 * The colour of an open case at a time: that of its earliest running deadline's due time and
 * earliest warning time (`row.dueAt`, `row.warnAt`); green when it has no deadline running; `null`
 * once closed (a closed case is judged by `breached` and its completion time, not by a colour).
 *
 * @param row - the stored case
 * @param now - the time to judge at
 * @returns the colour, or null for a closed case
 */
export function caseColourOf(row: Pick<StoredInstance, 'status' | 'dueAt' | 'warnAt'>, now: number): Colour | null {
  return isOpen(row.status) ? colourOf(row, now) : null
}

/**
 * Whether a state key lies in the state `prefix` or below it, per parallel region: `'a'` matches
 * `'a'`, `'a.b'` and `'x|a.b'` (parallel regions are joined by `|`), but not `'ab'`.
 *
 * @param stateKey - a stored state key
 * @param prefix - a state path such as `'handling'` or `'handling.extended'`
 * @returns whether it matches
 */
export function matchesState(stateKey: string, prefix: string): boolean {
  return stateKey.split('|').some((leaf) => leaf === prefix || leaf.startsWith(`${prefix}.`))
}

/** Whether a history entry moved its case up the org-unit ladder (a deadline's escalation). */
export function isEscalation(h: HistoryEntry): boolean {
  const d = h.detail
  return (
    h.kind === 'deadline' && typeof d === 'object' && d !== null && !Array.isArray(d) && d.escalatedTo !== undefined
  )
}

/** Whether a completed case closed on time: no time limit expired, and not after its due date. */
export function closedOnTime(r: Pick<StoredInstance, 'completedAt' | 'breached' | 'dueAt'>): boolean {
  return r.completedAt !== null && !r.breached && (r.dueAt === null || r.completedAt <= r.dueAt)
}

const list = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T]

const inRange = (v: number | null, from: number | undefined, before: number | undefined): boolean =>
  (from === undefined && before === undefined) ||
  (v !== null && (from === undefined || v >= from) && (before === undefined || v < before))

/**
 * Whether one stored case passes a filter (the memory store's predicate; SQL stores must agree).
 *
 * @param row - the stored case
 * @param filter - the filter
 * @param history - the case's history entries; read only for `escalatedFrom` / `escalatedBefore`
 * @returns whether the case is in the result
 */
export function matchesInstanceFilter(
  row: StoredInstance,
  filter: InstanceFilter,
  history: readonly HistoryEntry[] = [],
): boolean {
  const processes = list(filter.processId)
  const units = list(filter.orgUnit)
  const outcomes = list(filter.outcome)
  const notOutcomes = list(filter.outcomeNot)
  const overdue = (now: number): boolean => isOpen(row.status) && row.dueAt !== null && row.dueAt <= now
  const escalationRange = filter.escalatedFrom !== undefined || filter.escalatedBefore !== undefined
  return (
    (processes === undefined || processes.includes(row.processId)) &&
    (filter.processVersion === undefined || row.processVersion === filter.processVersion) &&
    (filter.status === undefined || row.status === filter.status) &&
    (units === undefined || (row.orgUnit !== null && units.includes(row.orgUnit))) &&
    (filter.businessKey === undefined || row.businessKey === filter.businessKey) &&
    (filter.parentId === undefined || row.parentId === filter.parentId) &&
    (filter.state === undefined || matchesState(row.stateKey, filter.state)) &&
    inRange(row.createdAt, filter.createdFrom, filter.createdBefore) &&
    inRange(row.updatedAt, filter.updatedFrom, filter.updatedBefore) &&
    inRange(row.completedAt, filter.completedFrom, filter.completedBefore) &&
    inRange(row.dueAt, filter.dueFrom, filter.dueBefore) &&
    (filter.colour === undefined || caseColourOf(row, filter.colour.now) === filter.colour.colour) &&
    (filter.overdue === undefined || overdue(filter.overdue.now) === filter.overdue.overdue) &&
    (outcomes === undefined || (row.outcome !== null && outcomes.includes(row.outcome))) &&
    (notOutcomes === undefined || row.outcome === null || !notOutcomes.includes(row.outcome)) &&
    (filter.breached === undefined || row.breached === filter.breached) &&
    (filter.closedOnTime === undefined || (row.completedAt !== null && closedOnTime(row) === filter.closedOnTime)) &&
    (filter.escalated === undefined || row.escalations > 0 === filter.escalated) &&
    (!escalationRange ||
      history.some((h) => isEscalation(h) && inRange(h.at, filter.escalatedFrom, filter.escalatedBefore)))
  )
}

/**
 * Checks the values of an instance filter a store receives (the engine checks its callers' queries
 * before; this guards a store called directly).
 *
 * @throws {FengqiaoError} INVALID_OPTIONS naming the first bad field
 */
export function checkInstanceFilter(filter: InstanceFilter): void {
  const bad = (field: string, value: unknown, want: string): never => {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `Instance filter field "${field}" must be ${want}; got ${String(value)}.`,
      {
        field,
        value: String(value),
      },
    )
  }
  for (const f of [
    'createdFrom',
    'createdBefore',
    'updatedFrom',
    'updatedBefore',
    'completedFrom',
    'completedBefore',
    'dueFrom',
    'dueBefore',
    'escalatedFrom',
    'escalatedBefore',
  ] as const) {
    const v = filter[f]
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) bad(f, v, 'epoch milliseconds')
  }
  for (const f of ['breached', 'closedOnTime', 'escalated'] as const) {
    const v = filter[f]
    if (v !== undefined && typeof v !== 'boolean') bad(f, v, 'true or false')
  }
  if (filter.processVersion !== undefined && !Number.isInteger(filter.processVersion))
    bad('processVersion', filter.processVersion, 'a whole number')
  if (filter.state !== undefined && (typeof filter.state !== 'string' || filter.state === ''))
    bad('state', filter.state, 'a non-empty state path')
  for (const f of ['colour', 'overdue'] as const) {
    const v = filter[f]
    if (v !== undefined && (typeof v?.now !== 'number' || !Number.isFinite(v.now)))
      bad(`${f}.now`, v?.now, 'epoch milliseconds')
  }
}

/**
 * A report row with every count at zero, for a store to add its counts to.
 *
 * @param orgUnit - the row's org unit (`null` for cases without one)
 * @returns a fresh, mutable row
 */
export function emptyReportCounts(orgUnit: string | null): { -readonly [K in keyof ReportCounts]: ReportCounts[K] } {
  return {
    orgUnit,
    opened: 0,
    active: 0,
    suspended: 0,
    completed: 0,
    cancelled: 0,
    failed: 0,
    resolved: 0,
    unresolved: 0,
    void: 0,
    byState: {},
    closeTimeSum: 0,
    closeTimeCount: 0,
    dueToClose: 0,
    closed: 0,
    closedOnTime: 0,
    overdue: 0,
    escalated: 0,
    escalatedInWindow: 0,
    openTasks: { red: 0, yellow: 0, green: 0 },
  }
}
