/**
 * The MySQL / MariaDB store (driver: `mysql2`). Needs MySQL 8.0+ or MariaDB 10.6+ (for
 * `SKIP LOCKED`); also the path to MySQL-compatible servers.
 *
 * JSON is kept in LONGTEXT columns (MariaDB's JSON is LONGTEXT anyway, and MySQL's binary JSON
 * would come back already parsed, making the two behave differently). Text columns use the
 * server's binary, no-pad utf8mb4 collation so that ids compare exactly as in JavaScript.
 *
 * @module
 */
import { FengqiaoError } from '@fengqiao/core/store'
import { Kysely, MysqlDialect, sql, type MysqlPool } from 'kysely'
import { createSqlStore, errorProperty, loadDriver, tablePrefixOf, type Db, type ErrorKind, type SqlDialectAdapter, type SqlStore, type SqlStoreOptions } from './sql-store.js'
import { TableNamePlugin } from './table-name-plugin.js'

/** Where {@link mysqlStore} gets connections: a `mysql2` pool you own, or a connection URI. */
export type MysqlConnection =
  /** A pool from `mysql2`'s `createPool` (the callback API, not `mysql2/promise`); the store borrows it and leaves it open on `close()`. */
  | { readonly pool: MysqlPool }
  /** A `mysql://user:password@host:port/database` URI; the store creates (and on `close()` ends) its own pool. */
  | { readonly uri: string }

/** Options of {@link mysqlStore}. */
export type MysqlStoreOptions = SqlStoreOptions

/** Seconds `migrate()` waits for another process's migration to finish. */
const LOCK_TIMEOUT_S = 60

/** Collations that compare code points exactly and without PAD SPACE, best first. */
const COLLATIONS = ['utf8mb4_0900_bin', 'utf8mb4_nopad_bin', 'utf8mb4_bin']

function classify(e: unknown): ErrorKind {
  const errno = errorProperty(e, 'errno')
  // ER_DUP_ENTRY, ER_LOCK_DEADLOCK: the commit lost a race.
  if (errno === 1062 || errno === 1213) return 'conflict'
  if (errno === 1146) return 'missing-table' // ER_NO_SUCH_TABLE
  return 'other'
}

/** `GET_LOCK` names are server-wide and at most 64 characters. */
function lockName(database: string): string {
  const name = `fengqiao.migrate.${database}`
  if (name.length <= 64) return name
  let h = 0x811c9dc5
  for (let i = 0; i < database.length; i++) h = Math.imul(h ^ database.charCodeAt(i), 0x01000193)
  return `fengqiao.migrate.${(h >>> 0).toString(16)}`
}

const mysqlDialect: SqlDialectAdapter = {
  name: 'mysql',
  jsonParsedByDriver: false,
  supports: { updateReturning: false, skipLocked: true, onConflict: false, forceIndex: true },
  transaction: (db, fn, options) => (options?.readCommitted === true ? db.transaction().setIsolationLevel('read committed') : db.transaction()).execute(fn),
  write: (db, fn) => fn(db),
  classify,
  withMigrationLock: (db, fn) =>
    // GET_LOCK belongs to a session: hold one connection throughout.
    db.connection().execute(async (conn) => {
      const { rows: [current] } = await sql<{ name: string | null }>`select database() as name`.execute(conn)
      if (current?.name == null) {
        throw new FengqiaoError('INVALID_OPTIONS', 'The MySQL connection has no default database: name one in the URI (mysql://user@host:3306/<database>).')
      }
      const lock = lockName(current.name)
      const { rows: [got] } = await sql<{ ok: number | string | null }>`select get_lock(${lock}, ${LOCK_TIMEOUT_S}) as ok`.execute(conn)
      if (Number(got?.ok) !== 1) {
        throw new FengqiaoError('STORE_UNAVAILABLE', `Waited ${LOCK_TIMEOUT_S} s for the migration lock '${lock}' held by another process; try again.`, { lock })
      }
      try {
        return await fn(conn)
      } finally {
        await sql`select release_lock(${lock})`.execute(conn)
      }
    }),
  ddl: async (db) => {
    const { rows } = await sql<{ name: string }>`select collation_name as name from information_schema.collations where collation_name in (${sql.join(COLLATIONS)})`.execute(db)
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

/**
 * Creates a store on MySQL 8+ or MariaDB 10.6+ through the `mysql2` driver, which must be
 * installed. Connections are opened on first use; call `migrate()` once before the first command.
 * Ids, process ids, roles, org units and keys are limited to 191 characters here.
 *
 * @param connection - `{ uri }` to let the store own a pool, or `{ pool }` to lend it yours
 * @param options - table prefix
 * @returns a {@link SqlStore}
 * @throws {FengqiaoError} INVALID_OPTIONS for an unusable table prefix
 * @example
 * ```ts
 * import { mysqlStore } from '@fengqiao/adapter-sql'
 *
 * const store = mysqlStore({ uri: 'mysql://root@127.0.0.1:3306/cases' })
 * await store.migrate()
 * ```
 */
export function mysqlStore(connection: MysqlConnection, options: MysqlStoreOptions = {}): SqlStore {
  const prefix = tablePrefixOf(options)
  let pool: MysqlPool | (() => Promise<MysqlPool>)
  if ('pool' in connection) {
    const borrowed = connection.pool
    // The caller owns the pool: closing the store must not end it.
    pool = { getConnection: (callback) => borrowed.getConnection(callback), end: (callback) => callback(null) }
  } else {
    const { uri } = connection
    pool = async () => {
      const mysql = await loadDriver('mysql2', async () => (await import('mysql2')).default)
      return mysql.createPool({ uri })
    }
  }
  const db = new Kysely<Db>({ dialect: new MysqlDialect({ pool }), plugins: [new TableNamePlugin(prefix)] })
  return createSqlStore(db, mysqlDialect, prefix)
}
