/**
 * {@link InstanceFilter} as SQL: the one place every field of a case-list or report drill-down
 * filter becomes a condition on the `instances` table. The memory store's `matchesInstanceFilter`
 * is the reference; these conditions must agree with it (the Store conformance suite checks).
 *
 * @module
 * @internal
 */
import { OPEN_STATUSES } from '@fengqiao/core/store'
import type { InstanceFilter } from '@fengqiao/core/store'
import { sql, type Expression, type ExpressionBuilder, type RawBuilder, type SqlBool } from 'kysely'
import type { StoreContext } from './context.js'
import type { Db } from './tables.js'

/** One value or a list, as a list (`undefined` stays `undefined`). @internal */
export const asList = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T]

/** Closed on time: no time limit expired, and completed no later than the due date, if any. @internal */
export const onTime = sql<SqlBool>`(${sql.ref('breached')} = 0 and (${sql.ref('due_at')} is null or ${sql.ref('completed_at')} <= ${sql.ref('due_at')}))`

/**
 * The ids of instances moved up the org-unit ladder in `[from, before)`: history entries of kind
 * `'deadline'` whose detail records `escalatedTo` (walked by the `history_kind_at` index).
 *
 * @internal
 */
export function escalatedIn(ctx: StoreContext, from: number | undefined, before: number | undefined) {
  let q = ctx.db.selectFrom('history').select('history.instance_id').where('history.kind', '=', 'deadline')
  if (from !== undefined) q = q.where('history.at', '>=', from)
  if (before !== undefined) q = q.where('history.at', '<', before)
  return q.where(ctx.dialect.jsonHasKey('history.detail', 'escalatedTo'))
}

/**
 * `state_key` in the state `prefix` or below, per parallel region (regions are joined by `|`):
 * the key equals the prefix, or a region starts with it followed by `.`, `|` or the end.
 * Patterns escape their wildcards; `GLOB` where `LIKE` would ignore case.
 */
function statePredicate(prefix: string, glob: boolean): RawBuilder<SqlBool> {
  const ref = sql.ref('state_key')
  const shapes = ['P.*', 'P|*', '*|P', '*|P.*', '*|P|*']
  if (glob) {
    const p = prefix.replace(/[*?[]/g, (c) => `[${c}]`)
    const patterns = shapes.map((s) => sql`${ref} glob ${s.replace('P', () => p)}`)
    return sql<SqlBool>`(${ref} = ${prefix} or ${sql.join(patterns, sql` or `)})`
  }
  const p = prefix.replace(/[!%_]/g, (c) => `!${c}`)
  const patterns = shapes.map((s) => sql`${ref} like ${s.replace(/\*/g, '%').replace('P', () => p)} escape '!'`)
  return sql<SqlBool>`(${ref} = ${prefix} or ${sql.join(patterns, sql` or `)})`
}

/** `col >= from and col < before`, either bound optional (a NULL never matches a bound). */
function range(
  eb: ExpressionBuilder<Db, 'instances'>,
  column: 'created_at' | 'updated_at' | 'completed_at' | 'due_at',
  from: number | undefined,
  before: number | undefined,
): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = []
  if (from !== undefined) out.push(eb(column, '>=', from))
  if (before !== undefined) out.push(eb(column, '<', before))
  return out
}

/**
 * The conditions of an instance filter (combined with AND), or `null` when the filter can match
 * nothing (an empty list of processes, org units or outcomes).
 *
 * @param ctx - the store
 * @param filter - the filter, checked by `checkInstanceFilter`
 * @returns a builder of the conditions, or `null`
 * @internal
 */
export function instanceConditions(
  ctx: StoreContext,
  filter: InstanceFilter,
): ((eb: ExpressionBuilder<Db, 'instances'>) => Expression<SqlBool>[]) | null {
  const processes = asList(filter.processId)
  const units = asList(filter.orgUnit)
  const outcomes = asList(filter.outcome)
  const notOutcomes = asList(filter.outcomeNot)
  if (processes?.length === 0 || units?.length === 0 || outcomes?.length === 0) return null
  const one = <T>(list: readonly T[]): T | undefined => (list.length === 1 ? list[0] : undefined)
  return (eb) => {
    const out: Expression<SqlBool>[] = []
    if (processes !== undefined) {
      const p = one(processes)
      out.push(p === undefined ? eb('process_id', 'in', processes) : eb('process_id', '=', p))
    }
    if (filter.processVersion !== undefined) out.push(eb('process_version', '=', filter.processVersion))
    out.push(
      ...range(eb, 'created_at', filter.createdFrom, filter.createdBefore),
      ...range(eb, 'updated_at', filter.updatedFrom, filter.updatedBefore),
      ...range(eb, 'completed_at', filter.completedFrom, filter.completedBefore),
      ...range(eb, 'due_at', filter.dueFrom, filter.dueBefore),
    )
    if (filter.status !== undefined) out.push(eb('status', '=', filter.status))
    if (units !== undefined) {
      const u = one(units)
      out.push(u === undefined ? eb('org_unit', 'in', units) : eb('org_unit', '=', u))
    }
    if (filter.businessKey !== undefined) out.push(eb('business_key', '=', filter.businessKey))
    if (filter.parentId !== undefined) out.push(eb('parent_id', '=', filter.parentId))
    if (filter.state !== undefined) out.push(statePredicate(filter.state, ctx.dialect.supports.glob))
    if (filter.colour !== undefined) {
      const { colour, now } = filter.colour
      // Only open cases have a colour. red: due; yellow: not due but past the warning;
      // green: neither. NULL compares false, so a case without a deadline is green.
      out.push(eb('status', 'in', OPEN_STATUSES))
      if (colour === 'red') out.push(eb('due_at', '<=', now))
      else {
        out.push(eb.or([eb('due_at', 'is', null), eb('due_at', '>', now)]))
        out.push(
          colour === 'yellow' ? eb('warn_at', '<=', now) : eb.or([eb('warn_at', 'is', null), eb('warn_at', '>', now)]),
        )
      }
    }
    if (filter.overdue !== undefined) {
      const { overdue, now } = filter.overdue
      if (overdue) out.push(eb('status', 'in', OPEN_STATUSES), eb('due_at', '<=', now))
      else out.push(eb.or([eb('status', 'not in', OPEN_STATUSES), eb('due_at', 'is', null), eb('due_at', '>', now)]))
    }
    if (outcomes !== undefined) out.push(eb('outcome', 'in', outcomes))
    if (notOutcomes !== undefined && notOutcomes.length > 0)
      out.push(eb.or([eb('outcome', 'is', null), eb('outcome', 'not in', notOutcomes)]))
    if (filter.breached !== undefined) out.push(eb('breached', '=', filter.breached ? 1 : 0))
    if (filter.closedOnTime !== undefined) {
      out.push(eb('completed_at', 'is not', null))
      out.push(filter.closedOnTime ? onTime : eb.not(onTime))
    }
    if (filter.escalated !== undefined) out.push(eb('escalations', filter.escalated ? '>' : '=', 0))
    if (filter.escalatedFrom !== undefined || filter.escalatedBefore !== undefined)
      out.push(eb('id', 'in', escalatedIn(ctx, filter.escalatedFrom, filter.escalatedBefore)))
    return out
  }
}
