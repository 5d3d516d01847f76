/**
 * The PostgreSQL dialect: capabilities, transactions, the advisory migration lock and DDL types.
 *
 * @module
 * @internal
 */
import { sql, type SqlBool } from 'kysely'
import type { DirectQuery, SqlDialectAdapter } from '../dialect.js'
import { classify } from './errors.js'
import { oneStatementCommit } from './one-statement-commit.js'

/** Class id of the store's advisory locks (`'fq'`), so they do not collide with an application's. */
const LOCK_CLASS = 0x6671

/** FNV-1a, as a signed 32-bit integer: the advisory lock key of a schema. */
function lockKey(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h | 0
}
/**
 * The PostgreSQL dialect of a store.
 *
 * @param schema - the schema holding the tables (created by `migrate()`), or the search path's first
 * @param query - the direct path to the pool
 * @internal
 */
export function postgresDialect(schema: string | undefined, query: DirectQuery): SqlDialectAdapter {
  return {
    name: 'postgres',
    jsonParsedByDriver: true,
    supports: {
      updateReturning: true,
      skipLocked: true,
      onConflict: true,
      forceIndex: false,
      orderedDeleteLimit: false,
    },
    transaction: (db, fn) => db.transaction().execute(fn),
    write: (db, fn) => fn(db),
    commitInOneStatement: oneStatementCommit(query),
    query,
    // JSON access for the report's escalations (a history entry's detail).
    jsonHasKey: (column, key) => sql<SqlBool>`(${sql.ref(column)} ->> ${sql.lit(key)}) is not null`,
    classify,
    withMigrationLock: (db, fn) =>
      db.transaction().execute(async (trx) => {
        // Released at commit or rollback; keyed by schema so that every prefix in it serializes.
        await sql`select pg_advisory_xact_lock(${LOCK_CLASS}::int, ${lockKey(schema ?? '')}::int)`.execute(trx)
        if (schema !== undefined) await trx.schema.createSchema(schema).ifNotExists().execute()
        return fn(trx)
      }),
    ddl: async () => ({
      key: sql`text collate "C"`,
      text: 'text',
      longText: 'text',
      json: 'jsonb',
      indexIfNotExists: true,
    }),
  }
}
