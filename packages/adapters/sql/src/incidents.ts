/**
 * Incidents: failed timer firings counted on the timer, and outbox messages or timers that kept
 * failing held by an incident (their lease set to `incident:<id>` until `INCIDENT_HOLD`, so the
 * claim queries pass them by unchanged) until an administrator retries or resolves it.
 *
 * @module
 * @internal
 */
import { checkLimit, decodeCursor, INCIDENT_HOLD, type Store } from '@fengqiao/core/store'
import { sql, type Selectable } from 'kysely'
import { toText } from './columns.js'
import type { StoreContext } from './context.js'
import { page } from './queries.js'
import { num } from './rows.js'
import type { IncidentsTable } from './tables.js'

/** The incident side of the store port. @internal */
export type IncidentOperations = Pick<
  Store,
  'retryTimer' | 'openIncident' | 'getIncident' | 'findIncidents' | 'closeIncident'
>

/** The incident operations of a store. @internal */
export function incidentOperations(ctx: StoreContext): IncidentOperations {
  const { db, dialect, rows: read, run } = ctx
  return {
    async retryTimer(id, availableAt, error) {
      return run('retry a timer', () =>
        dialect.transaction(db, async (trx) => {
          await trx
            .updateTable('timers')
            .set({
              attempts: sql<number>`${sql.ref('attempts')} + 1`,
              last_error: error,
              locked_by: null,
              locked_until: availableAt,
            })
            .where('id', '=', id)
            .execute()
          const row = await trx.selectFrom('timers').select('attempts').where('id', '=', id).executeTakeFirst()
          return row === undefined ? 0 : num(row.attempts)
        }),
      )
    },

    async openIncident(i) {
      await run('open an incident', () =>
        dialect.transaction(db, async (trx) => {
          await trx
            .insertInto('incidents')
            .values({
              id: i.id,
              kind: i.kind,
              subject_id: i.subjectId,
              instance_id: i.instanceId,
              process_id: i.processId,
              type: i.type,
              status: i.status,
              attempts: i.attempts,
              error: i.error,
              error_code: i.errorCode,
              opened_at: i.openedAt,
              closed_at: i.closedAt,
              closed_by: toText(i.closedBy),
              resolution: i.resolution,
              reason: i.reason,
            })
            .execute()
          // Both subject tables have `locked_by` and `locked_until`; Kysely is told it is `timers`.
          const table = (i.kind === 'outbox' ? 'outbox' : 'timers') as 'timers'
          await trx
            .updateTable(table)
            .set({ locked_by: `incident:${i.id}`, locked_until: INCIDENT_HOLD })
            .where('id', '=', i.subjectId)
            .execute()
        }),
      )
    },

    async getIncident(id) {
      const row = await run('read an incident', () =>
        db.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirst(),
      )
      return row === undefined ? undefined : read.incident(row)
    },

    async findIncidents(filter, request) {
      checkLimit(request.limit)
      const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor)
      const rows = await run('find incidents', () => {
        let q = db.selectFrom('incidents').selectAll()
        if (filter.status !== undefined) q = q.where('status', '=', filter.status)
        if (filter.instanceId !== undefined) q = q.where('instance_id', '=', filter.instanceId)
        if (filter.processId !== undefined) q = q.where('process_id', '=', filter.processId)
        if (filter.kind !== undefined) q = q.where('kind', '=', filter.kind)
        if (cursor !== undefined) {
          const { sortKey, id } = cursor
          q = q.where((eb) =>
            eb.or([eb('opened_at', '>', sortKey), eb.and([eb('opened_at', '=', sortKey), eb('id', '>', id)])]),
          )
        }
        return q
          .orderBy('opened_at')
          .orderBy('id')
          .limit(request.limit + 1)
          .execute()
      })
      return page(rows, request.limit, read.incident, (r: Selectable<IncidentsTable>) => [num(r.opened_at), r.id])
    },

    async closeIncident(id, close) {
      return run('close an incident', () =>
        dialect.transaction(db, async (trx) => {
          // The status check in the update makes two closers race for one row: one wins.
          const updated = await trx
            .updateTable('incidents')
            .set({
              status: 'resolved',
              closed_at: close.at,
              closed_by: toText(close.by),
              resolution: close.resolution,
              reason: close.reason,
            })
            .where('id', '=', id)
            .where('status', '=', 'open')
            .executeTakeFirst()
          if (Number(updated.numUpdatedRows) !== 1) return undefined
          const row = await trx.selectFrom('incidents').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
          const incident = read.incident(row)
          const subject = incident.subjectId
          if (incident.kind === 'outbox') {
            if (close.resolution === 'retried')
              await trx
                .updateTable('outbox')
                .set({ attempts: 0, available_at: close.at, locked_by: null, locked_until: null })
                .where('id', '=', subject)
                .execute()
            else await trx.deleteFrom('outbox').where('id', '=', subject).execute()
          } else if (close.resolution === 'retried')
            await trx
              .updateTable('timers')
              .set({ attempts: 0, locked_by: null, locked_until: null })
              .where('id', '=', subject)
              .execute()
          else await trx.deleteFrom('timers').where('id', '=', subject).execute()
          return incident
        }),
      )
    },
  }
}
