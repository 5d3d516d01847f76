/**
 * `engine.instances` queries into the store's {@link InstanceFilter}: times from `Date`s or epoch
 * milliseconds to milliseconds, each checked, so a bad value is refused before the store is asked.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import type { InstanceFilter } from '../store/types.js'
import type { InstanceQuery } from './types.js'

/** The time fields of a query. */
const TIMES = [
  'createdFrom',
  'createdBefore',
  'completedFrom',
  'completedBefore',
  'dueFrom',
  'dueBefore',
  'escalatedFrom',
  'escalatedBefore',
] as const satisfies readonly (keyof InstanceQuery & keyof InstanceFilter)[]

/** A bad value, as a refusal names it. */
const shown = (v: unknown): string =>
  v instanceof Date
    ? 'an invalid Date'
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : typeof v === 'string'
        ? JSON.stringify(v)
        : typeof v

/** The boolean fields of a query. */
const FLAGS = ['breached', 'closedOnTime', 'escalated'] as const satisfies readonly (keyof InstanceQuery)[]

/**
 * The store filter of an `engine.instances` query (without its page).
 *
 * @param query - the query
 * @returns the filter
 * @throws {FengqiaoError} INVALID_OPTIONS for a time that is not a valid Date or finite number,
 * or a flag that is not a boolean
 */
export function instanceFilterOf(query: InstanceQuery): InstanceFilter {
  const { limit: _limit, cursor: _cursor, ...rest } = query
  const out: Record<string, unknown> = { ...rest }
  for (const k of TIMES) {
    const v: unknown = query[k]
    if (v === undefined) continue
    const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Number.NaN
    if (!Number.isFinite(ms)) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `instances(): ${k} must be a valid Date or epoch milliseconds; got ${shown(v)}.`,
        { option: k, value: shown(v) },
      )
    }
    out[k] = ms
  }
  for (const k of FLAGS) {
    const v: unknown = query[k]
    if (v !== undefined && typeof v !== 'boolean') {
      throw new FengqiaoError('INVALID_OPTIONS', `instances(): ${k} must be true or false; got ${shown(v)}.`, {
        option: k,
        value: shown(v),
      })
    }
  }
  return out
}
