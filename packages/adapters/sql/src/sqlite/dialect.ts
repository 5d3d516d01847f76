/**
 * The SQLite dialect: capabilities, `BEGIN IMMEDIATE` transactions under the file's write lock,
 * and DDL types.
 *
 * @module
 * @internal
 */
import { sql, type Kysely, type SqlBool } from 'kysely'
import type { SqlDialectAdapter, SyncExecutor } from '../dialect.js'
import type { Db } from '../tables.js'
import { classify } from './errors.js'
import type { Mutex } from './file-lock.js'

/** The SQLite dialect of a store. @internal */
export function sqliteDialect(lock: Mutex, sync: SyncExecutor): SqlDialectAdapter {
  const transaction = <T>(db: Kysely<Db>, fn: (trx: Kysely<Db>) => Promise<T>): Promise<T> =>
    lock.run(() =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn)
        try {
          const result = await fn(conn)
          await sql`commit`.execute(conn)
          return result
        } catch (e) {
          // SQLite may have rolled back already (for some errors it does so itself).
          await sql`rollback`.execute(conn).catch(() => undefined)
          throw e
        }
      }),
    )
  return {
    name: 'sqlite',
    jsonParsedByDriver: false,
    supports: {
      updateReturning: true,
      skipLocked: false,
      onConflict: true,
      forceIndex: false,
      orderedDeleteLimit: false,
    },
    sync,
    transaction,
    write: transaction,
    // JSON access for the report's escalations (a history entry's detail).
    jsonHasKey: (column, key) => sql<SqlBool>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)}) is not null`,
    classify,
    withMigrationLock: transaction,
    ddl: async () => ({ key: 'text', text: 'text', longText: 'text', json: 'text', indexIfNotExists: true }),
  }
}
