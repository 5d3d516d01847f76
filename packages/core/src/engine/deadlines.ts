/**
 * Statutory deadlines declared on states (`meta.deadline`), computed on the business calendar.
 *
 * @module
 */
import type { BusinessCalendar } from '../calendar/business-calendar.js'
import { FengqiaoError } from '../errors.js'
import type { DeadlineState } from '../store/types.js'

/**
 * A deadline a state declares under `meta.deadline`. Exactly one of `days`, `workingDays` and
 * `hours`. Day periods follow the statutory counting rule (the start day is not counted; a last
 * day on a rest day rolls forward) and end at 24:00 of the last day in the calendar's time zone.
 */
export interface DeadlineMeta {
  /** Calendar days (日). */
  readonly days?: number
  /** Working days (工作日): rest days skipped, 调休 working weekends counted. */
  readonly workingDays?: number
  /** Elapsed hours (no calendar). */
  readonly hours?: number
  /**
   * When the period starts: `'entry'` (the default) — when the state is entered; or the name of a
   * context field holding an ISO date-time or epoch milliseconds (for example a service date).
   */
  readonly from?: string
  /**
   * An event the engine sends (as the system actor) when the deadline expires, as
   * `{ type: onExpire, deadline: name }`.
   */
  readonly onExpire?: string
  /**
   * `'limit'` (the default): a time limit on whoever handles the case — its expiry is a breach
   * (the case counts as late in reports). `'window'`: time given to someone else, such as a
   * petitioner's review window — its expiry is the normal course and no breach.
   */
  readonly kind?: 'limit' | 'window'
  /** The fraction of the period after which the task turns yellow, in (0, 1). */
  readonly warnAt?: number
  /** Name for pausing and extending. @defaultValue the state node id */
  readonly name?: string
  /** How many extensions are allowed. @defaultValue unlimited */
  readonly maxExtensions?: number
  /** The most one extension may add, in the deadline's unit. @defaultValue unlimited */
  readonly maxExtension?: number
}

/** Escalation a state declares under `meta.escalate`. */
export interface EscalateMeta {
  /** The org-unit level (`OrgUnit.level`) or unit id the case moves up to. */
  readonly to: string
  /** When: `'overdue'` — when the state's deadline expires. */
  readonly when: 'overdue'
  /**
   * An event the engine sends (as the system actor) after moving the case, as
   * `{ type: event, deadline, from, to }` (the org units before and after).
   */
  readonly event?: string
}

/** A checked deadline declaration. */
export interface DeadlineSpec {
  readonly name: string
  readonly stateNode: string
  readonly unit: DeadlineState['unit']
  readonly amount: number
  readonly from: string
  readonly onExpire: string | undefined
  readonly kind: 'limit' | 'window'
  readonly warnAt: number | undefined
  readonly maxExtensions: number | undefined
  readonly maxExtension: number | undefined
}

/**
 * Reads and checks `meta.deadline`.
 *
 * @throws {FengqiaoError} INVALID_DEFINITION when it is malformed
 */
export function readDeadline(processId: string, stateNode: string, meta: DeadlineMeta): DeadlineSpec {
  const bad = (why: string) =>
    new FengqiaoError('INVALID_DEFINITION', `Process "${processId}", state "${stateNode}": meta.deadline ${why}.`, {
      processId,
      state: stateNode,
    })
  const units = (['days', 'workingDays', 'hours'] as const).filter((u) => meta[u] !== undefined)
  if (units.length !== 1) throw bad('needs exactly one of days, workingDays or hours')
  const unit = units[0] as DeadlineState['unit']
  const amount = meta[unit] as number
  if (!Number.isFinite(amount) || amount < 0 || (unit !== 'hours' && !Number.isInteger(amount)))
    throw bad(`has an invalid ${unit}: ${String(amount)}`)
  if (meta.warnAt !== undefined && !(meta.warnAt > 0 && meta.warnAt < 1))
    throw bad('warnAt must be a fraction between 0 and 1')
  if (meta.kind !== undefined && meta.kind !== 'limit' && meta.kind !== 'window')
    throw bad("kind must be 'limit' or 'window'")
  if (meta.maxExtensions !== undefined && !(Number.isInteger(meta.maxExtensions) && meta.maxExtensions >= 0))
    throw bad('maxExtensions must be a non-negative integer')
  if (meta.maxExtension !== undefined && !(meta.maxExtension >= 0)) throw bad('maxExtension must be non-negative')
  return {
    name: meta.name ?? stateNode,
    stateNode,
    unit,
    amount,
    from: meta.from ?? 'entry',
    onExpire: meta.onExpire,
    kind: meta.kind ?? 'limit',
    warnAt: meta.warnAt,
    maxExtensions: meta.maxExtensions,
    maxExtension: meta.maxExtension,
  }
}

/**
 * When a period that started at `startedAt` ends.
 *
 * @returns epoch milliseconds
 */
export function dueTime(
  calendar: BusinessCalendar,
  unit: DeadlineState['unit'],
  amount: number,
  startedAt: number,
): number {
  if (unit === 'hours') return startedAt + Math.round(amount * 3_600_000)
  return calendar.deadline(startedAt, unit === 'days' ? { days: amount } : { workingDays: amount })
}

/** The warning instant: `startedAt + fraction × (dueAt − startedAt)`. */
export function warnTime(startedAt: number, dueAt: number, fraction: number | undefined): number | null {
  return fraction === undefined ? null : Math.floor(startedAt + fraction * (dueAt - startedAt))
}

/**
 * How much of a period a pause from `pausedAt` to `now` took, in the deadline's unit: whole
 * calendar days between the two civil dates, working days, or hours.
 */
export function pausedAmount(
  calendar: BusinessCalendar,
  unit: DeadlineState['unit'],
  pausedAt: number,
  now: number,
): number {
  if (unit === 'hours') return (now - pausedAt) / 3_600_000
  const a = calendar.toCivilDate(pausedAt)
  const b = calendar.toCivilDate(now)
  if (unit === 'workingDays') return calendar.workingDaysBetween(a, b)
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000)
}

/**
 * Reads a period's start from a context field.
 *
 * @throws {FengqiaoError} INVALID_DEFINITION when the field holds no date
 */
export function startFromContext(context: unknown, field: string, spec: DeadlineSpec): number {
  let v: unknown = context
  for (const part of field.split('.'))
    v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[part] : undefined
  const ms = typeof v === 'number' ? v : typeof v === 'string' ? Date.parse(v) : Number.NaN
  if (!Number.isFinite(ms)) {
    throw new FengqiaoError(
      'INVALID_DEFINITION',
      `The deadline "${spec.name}" starts from context.${field}, which holds no date (got ${JSON.stringify(v) ?? 'undefined'}). Store an ISO date-time or epoch milliseconds there before entering the state.`,
      {
        deadline: spec.name,
        field,
      },
    )
  }
  return ms
}
