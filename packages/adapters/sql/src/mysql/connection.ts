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
import { firstAnswering } from '../hosts.js'
import { CLIENT_GRACE_MS, type ResolvedTimeouts } from '../options.js'
import { classify } from './errors.js'

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
  // On a Galera node, reads wait until the node has applied every write the cluster committed
  // before them (causal reads): the engine's reads then see its own commits made through another
  // node, which settling an ambiguous commit relies on. Elsewhere the variable is absent or inert.
  query('set session wsrep_sync_wait = 1', () => undefined)
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

/** A connection mysql2's pool hands out: it goes back with `release()`. @internal */
interface PooledConnection extends Mysql2Connection {
  release(): void
}

/** Connections already found healthy (a Galera node that is part of the primary component). */
const healthy = new WeakSet<object>()

/**
 * Whether a failed attempt on one server should move on to the next: a connection that could
 * not be opened, broke, or timed out, and a Galera node that is not part of the cluster's primary
 * component (ER_UNKNOWN_COM_ERROR 1047, "WSREP has not yet prepared node for application use").
 *
 * @internal
 */
export function movesOn(error: unknown): boolean {
  const kind = classify(error)
  return kind === 'refused' || kind === 'connection-lost' || kind === 'timeout'
}

/** A driver's error as an Error (mysql2's are; anything else is wrapped). */
function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e))
}

/** One `SHOW` on a connection, as name → value rows. */
function show(conn: Mysql2Connection, statement: string): Promise<Map<string, string>> {
  return new Promise((resolve, reject) =>
    conn.query(statement, (e: unknown, rows: unknown) => {
      if (e !== null && e !== undefined) return reject(asError(e))
      const out = new Map<string, string>()
      if (Array.isArray(rows))
        for (const r of rows as Array<{ Variable_name?: string; Value?: string }>)
          if (r.Variable_name !== undefined) out.set(r.Variable_name, String(r.Value))
      resolve(out)
    }),
  )
}

/**
 * Whether the server serves statements: a server without Galera (or with it switched off) does;
 * a Galera node does only while it is ready (part of the primary component, synced).
 */
async function galeraReady(conn: Mysql2Connection): Promise<boolean> {
  const on = await show(conn, "show variables like 'wsrep_on'")
  if (on.get('wsrep_on') !== 'ON') return true
  return (await show(conn, "show status like 'wsrep_ready'")).get('wsrep_ready') === 'ON'
}

/**
 * A pool over several servers (the nodes of a Galera cluster, or a primary and the replica that
 * may take its place): connections come from the server that answered last; when it refuses or
 * breaks a connection, the next one in the list is tried, in turn. A new connection to a Galera
 * node is checked once (`wsrep_ready`): a node cut off from the cluster's majority accepts
 * connections but refuses statements, and is passed over like a dead one.
 *
 * @param make - creates the mysql2 pool of one URI
 * @param uris - the servers, in the order they are preferred
 * @internal
 */
export function failoverPool(make: (uri: string) => Mysql2Pool, uris: readonly string[]): MysqlPool {
  const pools: Array<Mysql2Pool | undefined> = uris.map(() => undefined)
  const poolAt = (i: number): Mysql2Pool => (pools[i] ??= make(uris[i] as string))
  let current = 0
  const connectTo = (i: number): Promise<PooledConnection> =>
    new Promise((resolve, reject) => {
      poolAt(i).getConnection((error, connection) => {
        if (error !== null && error !== undefined) return reject(asError(error))
        const conn = connection as unknown as PooledConnection
        if (uris.length === 1 || healthy.has(conn)) return resolve(conn)
        galeraReady(conn).then(
          (ready) => {
            if (ready) {
              healthy.add(conn)
              return resolve(conn)
            }
            conn.destroy()
            reject(
              Object.assign(new Error(`The server ${i + 1} of ${uris.length} is not part of its cluster's majority`), {
                errno: 1047,
              }),
            )
          },
          (e: unknown) => {
            conn.destroy()
            reject(asError(e))
          },
        )
      })
    })
  return {
    getConnection: (callback) => {
      firstAnswering(uris.length, current, connectTo, movesOn).then(
        ({ value, index }) => {
          current = index
          callback(null, value as never)
        },
        (error: unknown) => callback(error as never, undefined as never),
      )
    },
    end: (callback) => {
      const open = pools.filter((p): p is Mysql2Pool => p !== undefined)
      let left = open.length
      if (left === 0) return callback(null)
      for (const p of open)
        p.end(() => {
          if (--left === 0) callback(null)
        })
    },
  }
}
