/**
 * The reads of the store port (an instance, its history, pages of instances and tasks, the next
 * timer, an idempotency record, the heads of the history chains) and the pruning of old
 * idempotency records.
 *
 * @module
 * @internal
 */
import { INCIDENT_HOLD, NO_DUE_SORT, checkLimit, checkTime, decodeCursor, encodeCursor } from '@fengqiao/core/store'
import type {
  ChainHead,
  HistoryRange,
  InstanceFilter,
  Page,
  PageRequest,
  Store,
  TaskFilter,
} from '@fengqiao/core/store'
import { sql, type Expression, type Selectable, type SqlBool } from 'kysely'
import type { StoreContext } from './context.js'
import { num } from './rows.js'
import { reportConditions } from './report.js'
import type { InstancesTable } from './tables.js'

const asList = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T]

/** A page of `limit` items from `limit + 1` rows, with the cursor of the last when there are more. @internal */
export function page<R, T>(rows: R[], limit: number, toItem: (r: R) => T, key: (r: R) => [number, string]): Page<T> {
  const more = rows.length > limit
  const items = rows.slice(0, limit)
  const last = items[items.length - 1]
  if (!more || last === undefined) return { items: items.map(toItem) }
  const [sortKey, id] = key(last)
  return { items: items.map(toItem), nextCursor: encodeCursor(sortKey, id) }
}

/** `(sort, id) > (sortKey, id)` without row values, which some optimizers handle poorly. */
const after = (sortColumn: Expression<unknown>, sortKey: number, id: string) =>
  sql<SqlBool>`(${sortColumn} > ${sortKey} or (${sortColumn} = ${sortKey} and ${sql.ref('id')} > ${id}))`

/** The read side of the store port. @internal */
export type QueryOperations = Pick<
  Store,
  | 'getInstance'
  | 'history'
  | 'findInstances'
  | 'findTasks'
  | 'nextTimerDue'
  | 'findIdempotent'
  | 'pruneIdempotency'
  | 'chainHeads'
>

/** The queries of a store. @internal */
export function queryOperations(ctx: StoreContext): QueryOperations {
  const { db, dialect, rows: read, run } = ctx
  return {
    async getInstance(id) {
      const rows = await run('read an instance', () =>
        ctx.statements.select<Selectable<InstancesTable>>(
          'get-instance',
          () => db.selectFrom('instances').selectAll().where('id', '=', id),
          [id],
        ),
      )
      const row = rows[0]
      return row === undefined ? undefined : read.instance(row)
    },

    async history(instanceId: string, range: HistoryRange = {}) {
      const rows = await run('read history', () => {
        let q = db.selectFrom('history').selectAll().where('instance_id', '=', instanceId)
        if (range.fromSeq !== undefined) q = q.where('seq', '>=', range.fromSeq)
        if (range.toSeq !== undefined) q = q.where('seq', '<=', range.toSeq)
        return q.orderBy('seq').execute()
      })
      return rows.map(read.history)
    },

    async findInstances(filter: InstanceFilter, request: PageRequest) {
      checkLimit(request.limit)
      const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor)
      const units = asList(filter.orgUnit)
      const processes = asList(filter.processId)
      if (units?.length === 0 || processes?.length === 0) return { items: [] }
      if (asList(filter.outcome)?.length === 0) return { items: [] }
      const rows = await run('find instances', () => {
        let q = db.selectFrom('instances').selectAll()
        if (processes !== undefined)
          q =
            processes.length === 1
              ? q.where('process_id', '=', processes[0] as string)
              : q.where('process_id', 'in', processes)
        if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom)
        if (filter.createdBefore !== undefined) q = q.where('created_at', '<', filter.createdBefore)
        if (filter.status !== undefined) q = q.where('status', '=', filter.status)
        if (units !== undefined)
          q = units.length === 1 ? q.where('org_unit', '=', units[0] as string) : q.where('org_unit', 'in', units)
        if (filter.businessKey !== undefined) q = q.where('business_key', '=', filter.businessKey)
        if (filter.parentId !== undefined) q = q.where('parent_id', '=', filter.parentId)
        const more = reportConditions(ctx, filter)
        if (more !== undefined) q = q.where((eb) => eb.and(more(eb)))
        if (cursor !== undefined) q = q.where(after(sql.ref('created_at'), cursor.sortKey, cursor.id))
        return q
          .orderBy('created_at')
          .orderBy('id')
          .limit(request.limit + 1)
          .execute()
      })
      return page(rows, request.limit, read.instance, (r) => [num(r.created_at), r.id])
    },

    async findTasks(filter: TaskFilter, request: PageRequest) {
      checkLimit(request.limit)
      const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor)
      const roles = asList(filter.role)
      const units = asList(filter.orgUnit)
      if (roles?.length === 0 || units?.length === 0) return { items: [] }
      const rows = await run('find tasks', () => {
        let q = db.selectFrom('tasks').selectAll()
        if (roles !== undefined)
          q = roles.length === 1 ? q.where('role', '=', roles[0] as string) : q.where('role', 'in', roles)
        if (units !== undefined)
          q = units.length === 1 ? q.where('org_unit', '=', units[0] as string) : q.where('org_unit', 'in', units)
        if (filter.assignee !== undefined) q = q.where('assignee', '=', filter.assignee)
        if (filter.processId !== undefined) q = q.where('process_id', '=', filter.processId)
        if (filter.instanceId !== undefined) q = q.where('instance_id', '=', filter.instanceId)
        // Tasks without a due date sort at NO_DUE_SORT, so this also leaves them out.
        if (filter.dueBefore !== undefined) q = q.where('due_sort', '<', Math.min(filter.dueBefore, NO_DUE_SORT))
        if (filter.colour !== undefined) {
          const { colour, now } = filter.colour
          // red: due; yellow: not due but past the warning; green: neither. NULL compares false.
          if (colour === 'red') q = q.where('due_sort', '<=', now).where('due_at', '<=', now)
          else {
            q = q.where((eb) => eb.or([eb('due_at', 'is', null), eb('due_at', '>', now)]))
            q =
              colour === 'yellow'
                ? q.where('warn_at', '<=', now)
                : q.where((eb) => eb.or([eb('warn_at', 'is', null), eb('warn_at', '>', now)]))
          }
        }
        if (cursor !== undefined) q = q.where(after(sql.ref('due_sort'), cursor.sortKey, cursor.id))
        return q
          .orderBy('due_sort')
          .orderBy('id')
          .limit(request.limit + 1)
          .execute()
      })
      return page(rows, request.limit, read.task, (r) => [num(r.due_sort), r.id])
    },

    async nextTimerDue() {
      const row = await run('read the next timer', () =>
        db
          .selectFrom('timers')
          .select(
            // Released after a failed firing (no owner, a lease end): next due at its retry time.
            sql<
              number | string | null
            >`min(case when ${sql.ref('locked_by')} is null and ${sql.ref('locked_until')} > ${sql.ref('due_at')} then ${sql.ref('locked_until')} else ${sql.ref('due_at')} end)`.as(
              'due',
            ),
          )
          .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', INCIDENT_HOLD)]))
          .executeTakeFirst(),
      )
      return row?.due === null || row?.due === undefined ? undefined : num(row.due)
    },

    async findIdempotent(key) {
      const row = await run('read an idempotency record', () =>
        db.selectFrom('idempotency').selectAll().where('idem_key', '=', key).executeTakeFirst(),
      )
      return row === undefined ? undefined : read.idempotency(row)
    },

    async pruneIdempotency(before, limit) {
      checkLimit(limit)
      checkTime(before)
      const result = await run('prune idempotency records', () =>
        dialect.write(db, (w) =>
          dialect.supports.orderedDeleteLimit
            ? w
                .deleteFrom('idempotency')
                .where('created_at', '<', before)
                .orderBy('created_at')
                .orderBy('idem_key')
                .limit(limit)
                .executeTakeFirst()
            : w
                .deleteFrom('idempotency')
                .where('idem_key', 'in', (eb) =>
                  eb
                    .selectFrom('idempotency')
                    .select('idem_key')
                    .where('created_at', '<', before)
                    .orderBy('created_at')
                    .orderBy('idem_key')
                    .limit(limit),
                )
                .executeTakeFirst(),
        ),
      )
      return Number(result.numDeletedRows)
    },

    async chainHeads(request: PageRequest) {
      checkLimit(request.limit)
      const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor)
      const rows = await run('read chain heads', () => {
        let q = db.selectFrom('instances').select(['id', 'history_seq', 'history_hash'])
        if (cursor !== undefined) q = q.where('id', '>', cursor.id)
        return q
          .orderBy('id')
          .limit(request.limit + 1)
          .execute()
      })
      return page(
        rows,
        request.limit,
        (r): ChainHead => ({ instanceId: r.id, seq: num(r.history_seq), hash: r.history_hash }),
        (r) => [0, r.id],
      )
    },
  }
}
