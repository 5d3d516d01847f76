/**
 * The synchronous path of a SQLite store: reads and whole commits straight on better-sqlite3.
 *
 * @module
 * @internal
 */
import type { SqliteDatabase } from 'kysely'
import type { SyncExecutor } from '../dialect.js'
import type { Mutex } from './file-lock.js'

/**
 * Runs statements on the store's own database without Kysely: better-sqlite3 is synchronous, so
 * a commit's statements run back to back in one `BEGIN IMMEDIATE` transaction, with no other
 * work of this process on the connection in between (no dirty reads of a commit that then rolls
 * back), under the file's write lock like every other write.
 */
export function syncExecutor(database: () => Promise<SqliteDatabase>, lock: Mutex): SyncExecutor {
  const open = database // opened once, on first use, and shared with Kysely
  const run = (db: SqliteDatabase, text: string, params: readonly unknown[]) =>
    db.prepare(text).run(params) as { changes: number | bigint }
  return {
    async all(text, params) {
      return (await open()).prepare(text).all(params)
    },
    async commit(statements, refuse) {
      const db = await open()
      await lock.run(async () => {
        run(db, 'begin immediate', [])
        try {
          for (const s of statements) {
            const { changes } = run(db, s.sql, s.params)
            if (s.cas !== undefined && Number(changes) !== 1) throw refuse(s)
          }
          run(db, 'commit', [])
        } catch (e) {
          // SQLite may have rolled back already (for some errors it does so itself).
          try {
            run(db, 'rollback', [])
          } catch {
            // nothing to roll back
          }
          throw e
        }
      })
    },
  }
}
