/**
 * Personal data: erasure (history events rewritten in place, with the audit entry and the row, in
 * one transaction) and retention (closed cases deleted with their whole record).
 *
 * @module
 * @internal
 */
import { checkLimit, checkTime, type Store } from '@fengqiao/core/store'
import { runStatements } from './commit.js'
import type { StoreContext } from './context.js'
import type { CommitStatement } from './dialect.js'
import { versionConflict } from './errors.js'
import { toText } from './columns.js'
import { chunks, commitStatements } from './write-statements.js'

/** The personal-data operations of a store. @internal */
export type PersonalDataOperations = Pick<Store, 'rewritePersonal' | 'purge'>

/** The personal-data operations of a store. @internal */
export function personalDataOperations(ctx: StoreContext): PersonalDataOperations {
  const { db, dialect } = ctx
  const refuse = (s: CommitStatement): Error =>
    versionConflict(s.cas?.id ?? '', s.cas?.expectedVersion ?? null, dialect.name)
  return {
    async rewritePersonal(instanceId, entries, change) {
      await ctx.run(
        'erase personal data',
        async () => {
          const statements: CommitStatement[] = entries.map((e) => {
            const event = toText(e.event)
            // Checked like a versioned update: a missing entry refuses the whole change.
            const update = ctx.statements.compile(
              'rewrite-history-event',
              () =>
                db.updateTable('history').set({ event }).where('instance_id', '=', instanceId).where('seq', '=', e.seq),
              [event, instanceId, e.seq],
            )
            return { ...update, cas: { id: instanceId, expectedVersion: e.seq } }
          })
          statements.push(...commitStatements(ctx, change))
          if (dialect.sync !== undefined) await dialect.sync.commit(statements, refuse)
          else await dialect.transaction(db, (trx) => runStatements(trx, statements, refuse))
        },
        true,
      )
    },

    async purge(completedBefore, limit) {
      checkLimit(limit)
      checkTime(completedBefore)
      return ctx.run('purge closed cases', () =>
        dialect.transaction(db, async (trx) => {
          const rows = await trx
            .selectFrom('instances')
            .select('id')
            .where('status', '<>', 'active')
            .where('completed_at', '<', completedBefore)
            .orderBy('completed_at')
            .orderBy('id')
            .limit(limit)
            .execute()
          const ids = rows.map((r) => r.id)
          for (const part of chunks(ids)) {
            for (const table of ['history', 'timers', 'tasks', 'outbox', 'idempotency', 'incidents'] as const)
              await trx.deleteFrom(table).where('instance_id', 'in', part).execute()
            await trx.deleteFrom('instances').where('id', 'in', part).execute()
          }
          return ids
        }),
      )
    },
  }
}
