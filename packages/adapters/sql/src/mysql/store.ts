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
import { Kysely, MysqlDialect, type MysqlPool } from 'kysely'
import { absorbErrors } from '../errors.js'
import { loadDriver } from '../load-driver.js'
import { tablePrefixOf, timeoutsOf, type SqlStoreOptions } from '../options.js'
import { createSqlStore, type SqlStore } from '../sql-store.js'
import { TableNamePlugin } from '../table-name-plugin.js'
import type { Db } from '../tables.js'
import { urlsOf } from '../hosts.js'
import { failoverPool, guardConnection, type Mysql2Pool } from './connection.js'
import { mysqlDialect } from './dialect.js'

/** Where {@link mysqlStore} gets connections: a `mysql2` pool you own, or a connection URI. */
export type MysqlConnection =
  /** A pool from `mysql2`'s `createPool` (the callback API, not `mysql2/promise`); the store borrows it and leaves it open on `close()`. */
  | { readonly pool: MysqlPool }
  /**
   * A `mysql://user:password@host:port/database` URI; the store creates (and on `close()` ends)
   * its own pool. Or several URIs, one per server — the nodes of a Galera cluster, or a primary
   * and the replica that may take its place: the store uses the first that answers, stays on it
   * while it answers, and moves to the next in the list when it refuses or breaks connections
   * (a Galera node cut off from its cluster's majority is passed over too). Each URI names the
   * same database.
   */
  | { readonly uri: string | readonly string[] }

/** Options of {@link mysqlStore}. */
export type MysqlStoreOptions = SqlStoreOptions
/**
 * Creates a store on MySQL 8+ or MariaDB 10.6+ through the `mysql2` driver, which must be
 * installed. Connections are opened on first use; call `migrate()` once before the first command.
 * Ids, process ids, roles, org units and keys are limited to 191 characters here.
 *
 * @param connection - `{ uri }` (one URI, or several servers in order of preference) to let the
 *   store own a pool, or `{ pool }` to lend it yours
 * @param options - table prefix
 * @returns a {@link SqlStore}
 * @throws {FengqiaoError} INVALID_OPTIONS for an unusable table prefix, or a `uri` that is not a
 *   `mysql://` URI or a non-empty list of them
 * @example
 * ```ts
 * import { mysqlStore } from '@fengqiao/adapter-sql'
 *
 * const store = mysqlStore({ uri: 'mysql://root@127.0.0.1:3306/cases' })
 * await store.migrate()
 *
 * // A three-node Galera cluster: each engine process lists its own node first.
 * const clustered = mysqlStore({
 *   uri: ['mysql://app@10.0.0.2:3306/cases', 'mysql://app@10.0.0.3:3306/cases', 'mysql://app@10.0.0.4:3306/cases'],
 * })
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
    const uris = urlsOf(connection.uri, 'uri', ['mysql:'])
    pool = async () => {
      const mysql = await loadDriver('mysql2', async () => (await import('mysql2')).default)
      const make = (uri: string): Mysql2Pool => {
        const own = mysql.createPool({
          uri,
          connectTimeout: timeouts.connectMs,
          enableKeepAlive: true,
        }) as unknown as Mysql2Pool
        absorbErrors(own)
        own.on('connection', (conn) => guardConnection(conn, timeouts))
        return own
      }
      return uris.length === 1 ? make(uris[0] as string) : failoverPool(make, uris)
    }
  }
  const db = new Kysely<Db>({ dialect: new MysqlDialect({ pool }), plugins: [new TableNamePlugin(prefix)] })
  return createSqlStore(db, mysqlDialect, prefix, options.compatibility)
}
