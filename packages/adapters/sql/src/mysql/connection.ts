/**
 * The guard on each connection of a MySQL store's own pool: it keeps a dropped connection from
 * crashing the process, sets the server-side timeouts, and destroys a connection whose statement
 * timed out on the client.
 *
 * @module
 * @internal
 */
import type { MysqlPool } from 'kysely'
import { absorbErrors, socketFault } from '../errors.js'
import { CLIENT_GRACE_MS, type ResolvedTimeouts } from '../options.js'

/** mysql2's pool, as far as the store touches it. @internal */
export interface Mysql2Pool extends MysqlPool {
  on(event: 'connection', listener: (connection: Mysql2Connection) => void): unknown
  on(event: 'error', listener: (error: unknown) => void): unknown
}

/** A mysql2 connection, as far as the store touches it. @internal */
export interface Mysql2Connection {
  on(event: 'error', listener: (error: unknown) => void): unknown
  query(...args: unknown[]): unknown
  destroy(): void
}

/**
 * Prepares each new connection of the store's own pool: an error listener (a connection that
 * dies while no statement waits on it must not crash the process), server-side statement and lock
 * timeouts, and a client-side timeout on every statement for a server that does not answer.
 *
 * @internal
 */
export function guardConnection(connection: Mysql2Connection, timeouts: ResolvedTimeouts): void {
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
