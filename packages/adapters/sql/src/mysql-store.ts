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
import { absorbErrors, CLIENT_GRACE_MS, socketFault, timeoutsOf, type ResolvedTimeouts } from './connection-faults.js'
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
  // ER_LOCK_WAIT_TIMEOUT, MariaDB ER_STATEMENT_TIMEOUT, MySQL ER_QUERY_TIMEOUT (max_execution_time).
  if (errno === 1205 || errno === 1969 || errno === 3024) return 'timeout'
  // ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED, CR_SERVER_GONE_ERROR, CR_SERVER_LOST, ER_QUERY_INTERRUPTED.
  if (errno === 1053 || errno === 1927 || errno === 2006 || errno === 2013 || errno === 1317) return 'connection-lost'
  // ER_CON_COUNT_ERROR, CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR: no connection was made.
  if (errno === 1040 || errno === 2002 || errno === 2003) return 'refused'
  // A value the server cannot hold: ER_DATA_TOO_LONG, ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (bad
  // UTF-8), ER_TOO_LONG_KEY, ER_NET_PACKET_TOO_LARGE (over max_allowed_packet),
  // ER_WARN_DATA_OUT_OF_RANGE, ER_TRUNCATED_WRONG_VALUE, ER_INVALID_CHARACTER_STRING.
  if (errno === 1406 || errno === 1366 || errno === 1071 || errno === 1153 || errno === 1264 || errno === 1292 || errno === 1300) return 'invalid-input'
  return socketFault(e) ?? 'other'
}

/** mysql2's pool and connections, as far as the store touches them. */
interface Mysql2Pool extends MysqlPool {
  on(event: 'connection', listener: (connection: Mysql2Connection) => void): unknown
  on(event: 'error', listener: (error: unknown) => void): unknown
}
interface Mysql2Connection {
  on(event: 'error', listener: (error: unknown) => void): unknown
  query(...args: unknown[]): unknown
  destroy(): void
}

/**
 * Prepares each new connection of the store's own pool: an error listener (a connection that
 * dies while no statement waits on it must not crash the process), server-side statement and lock
 * timeouts, and a client-side timeout on every statement for a server that does not answer.
 */
function guardConnection(connection: Mysql2Connection, timeouts: ResolvedTimeouts): void {
  absorbErrors(connection)
  const query = connection.query.bind(connection)
  const lockS = Math.ceil(timeouts.lockMs / 1000)
  // Commands on a connection run in order: these settings precede the first statement.
  query(`set session innodb_lock_wait_timeout = ${lockS}`, () => undefined)
  query(`set session max_statement_time = ${timeouts.statementMs / 1000}`, (error: unknown) => {
    // MySQL has no max_statement_time; its max_execution_time covers reads only.
    if (error) query(`set session max_execution_time = ${timeouts.statementMs}`, () => undefined)
  })
  const clientMs = timeouts.statementMs + CLIENT_GRACE_MS
  connection.query = (sqlText: unknown, ...rest: unknown[]) => {
    // mysql2 leaves a connection whose query timed out in the pool, the silent command still
    // queued on it: the next statement would wait behind it forever. Destroy it instead.
    const at = rest.findIndex((a) => typeof a === 'function')
    if (at >= 0) {
      const callback = rest[at] as (error: unknown, ...results: unknown[]) => void
      rest[at] = (error: unknown, ...results: unknown[]) => {
        if (error !== null && error !== undefined && socketFault(error) !== undefined) connection.destroy()
        callback(error, ...results)
      }
    }
    return typeof sqlText === 'string' ? query({ sql: sqlText, timeout: clientMs }, ...rest) : query(sqlText, ...rest)
  }
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
  const timeouts = timeoutsOf(options.timeouts)
  let pool: MysqlPool | (() => Promise<MysqlPool>)
  if ('pool' in connection) {
    const borrowed = connection.pool
    // The caller owns the pool: closing the store must not end it. Connections the store checks
    // out get an error listener (once each) so that a server going away cannot crash the host.
    pool = {
      getConnection: (callback) =>
        borrowed.getConnection((error, conn) => {
          absorbErrors(conn)
          callback(error, conn)
        }),
      end: (callback) => callback(null),
    }
  } else {
    const { uri } = connection
    pool = async () => {
      const mysql = await loadDriver('mysql2', async () => (await import('mysql2')).default)
      const own = mysql.createPool({ uri, connectTimeout: timeouts.connectMs, enableKeepAlive: true }) as unknown as Mysql2Pool
      absorbErrors(own)
      own.on('connection', (conn) => guardConnection(conn, timeouts))
      return own
    }
  }
  const db = new Kysely<Db>({ dialect: new MysqlDialect({ pool }), plugins: [new TableNamePlugin(prefix)] })
  return createSqlStore(db, mysqlDialect, prefix)
}
