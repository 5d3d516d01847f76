/**
 * The MySQL / MariaDB dialect: capabilities, transactions, the `GET_LOCK` migration lock and DDL
 * types (LONGTEXT JSON, the best binary collation the server has).
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '@fengqiao/core/store'
import { sql, type SqlBool } from 'kysely'
import type { SqlDialectAdapter } from '../dialect.js'
import { errorProperty } from '../errors.js'
import { classify } from './errors.js'

/** Seconds `migrate()` waits for another process's migration to finish. */
const LOCK_TIMEOUT_S = 60

/** Collations that compare code points exactly and without PAD SPACE, best first. */
const COLLATIONS = ['utf8mb4_0900_bin', 'utf8mb4_nopad_bin', 'utf8mb4_bin']
/** `GET_LOCK` names are server-wide and at most 64 characters. */
function lockName(database: string): string {
  const name = `fengqiao.migrate.${database}`
  if (name.length <= 64) return name
  let h = 0x811c9dc5
  for (let i = 0; i < database.length; i++) h = Math.imul(h ^ database.charCodeAt(i), 0x01000193)
  return `fengqiao.migrate.${(h >>> 0).toString(16)}`
}
/** The MySQL / MariaDB dialect. @internal */
export const mysqlDialect: SqlDialectAdapter = {
  name: 'mysql',
  jsonParsedByDriver: false,
  supports: { updateReturning: false, skipLocked: true, onConflict: false, forceIndex: true, orderedDeleteLimit: true },
  transaction: (db, fn, options) =>
    (options?.readCommitted === true ? db.transaction().setIsolationLevel('read committed') : db.transaction()).execute(
      fn,
    ),
  write: (db, fn) => fn(db),
  // JSON access for the report's escalations (a history entry's detail).
  jsonHasKey: (column, key) => sql<SqlBool>`json_extract(${sql.ref(column)}, ${sql.lit(`$.${key}`)}) is not null`,
  classify,
  withMigrationLock: (db, fn) =>
    // GET_LOCK belongs to a session: hold one connection throughout.
    db.connection().execute(async (conn) => {
      const {
        rows: [current],
      } = await sql<{ name: string | null }>`select database() as name`.execute(conn)
      if (current?.name == null) {
        throw new FengqiaoError(
          'INVALID_OPTIONS',
          'The MySQL connection has no default database: name one in the URI (mysql://user@host:3306/<database>).',
        )
      }
      const lock = lockName(current.name)
      const {
        rows: [got],
      } = await sql<{ ok: number | string | null }>`select get_lock(${lock}, ${LOCK_TIMEOUT_S}) as ok`.execute(conn)
      if (Number(got?.ok) !== 1) {
        throw new FengqiaoError(
          'STORE_UNAVAILABLE',
          `Waited ${LOCK_TIMEOUT_S} s for the migration lock '${lock}' held by another process; try again.`,
          { lock },
        )
      }
      try {
        return await fn(conn)
      } finally {
        await sql`select release_lock(${lock})`.execute(conn)
      }
    }),
  ddl: async (db) => {
    const { rows } = await sql<{
      name: string
    }>`select collation_name as name from information_schema.collations where collation_name in (${sql.join(COLLATIONS)})`.execute(
      db,
    )
    const available = new Set(rows.map((r) => r.name))
    const collation = COLLATIONS.find((c) => available.has(c)) ?? 'utf8mb4_bin'
    return {
      key: 'varchar(191)', // 191 × 4 bytes keeps composite indexes within InnoDB's 3072-byte limit
      text: 'text',
      longText: sql`longtext`,
      json: sql`longtext`,
      tableOptions: (b) => b.modifyEnd(sql`engine=InnoDB default charset=utf8mb4 collate=${sql.raw(collation)}`),
      indexIfNotExists: false, // MySQL 8 lacks CREATE INDEX IF NOT EXISTS
      isDuplicateIndex: (e) => errorProperty(e, 'errno') === 1061, // ER_DUP_KEYNAME
    }
  },
}
