/**
 * What the SQL stores do about a database that goes away, hangs, or refuses a value: listeners
 * that keep a dropped connection from crashing the process, timeouts with defaults, and the
 * classification of driver errors into the `reason` of `STORE_UNAVAILABLE` (or `INVALID_INPUT`).
 *
 * @module
 */
import { FengqiaoError } from '@fengqiao/core/store'

/** Timeouts of a store's own connections. Every value in milliseconds, a positive integer. */
export interface StoreTimeouts {
  /**
   * How long opening a connection may take before the call fails.
   *
   * @defaultValue 10_000
   */
  readonly connectMs?: number
  /**
   * How long one statement may run. The server cancels it (PostgreSQL `statement_timeout`,
   * MariaDB `max_statement_time`, MySQL `max_execution_time` for reads), and the client gives up
   * on a server that does not answer at all a few seconds later, closing that connection.
   *
   * @defaultValue 30_000
   */
  readonly statementMs?: number
  /**
   * How long a statement waits for a row lock (PostgreSQL `lock_timeout`, MySQL/MariaDB
   * `innodb_lock_wait_timeout`, rounded up to seconds; SQLite's busy timeout).
   *
   * @defaultValue 10_000
   */
  readonly lockMs?: number
}

/** {@link StoreTimeouts} with every default filled in. @internal */
export type ResolvedTimeouts = Required<StoreTimeouts>

/** The defaults of {@link StoreTimeouts}. */
export const DEFAULT_TIMEOUTS: ResolvedTimeouts = { connectMs: 10_000, statementMs: 30_000, lockMs: 10_000 }

/**
 * Extra time the client waits past `statementMs` for a server that does not answer at all (a
 * frozen server cannot cancel its own statement).
 *
 * @internal
 */
export const CLIENT_GRACE_MS = 5_000

/**
 * Checks and completes the timeouts of a store.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a value that is not a positive integer
 * @internal
 */
export function timeoutsOf(given: StoreTimeouts | undefined): ResolvedTimeouts {
  if (given !== undefined && (typeof given !== 'object' || given === null)) {
    throw new FengqiaoError('INVALID_OPTIONS', `timeouts must be an object such as { connectMs: 10000, statementMs: 30000, lockMs: 10000 }; got ${String(given)}.`)
  }
  const out = { ...DEFAULT_TIMEOUTS }
  for (const key of Object.keys(DEFAULT_TIMEOUTS) as (keyof StoreTimeouts)[]) {
    const v = given?.[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new FengqiaoError('INVALID_OPTIONS', `timeouts.${key} must be a positive whole number of milliseconds; got ${String(v)}.`, { option: `timeouts.${key}` })
    }
    out[key] = v
  }
  return out
}

/** Why a store call failed, in `details.reason` of its error. */
export type FaultReason =
  /** The connection broke during the call (server restart, network): the call may or may not have taken effect. */
  | 'connection-lost'
  /** A connect, statement or lock timeout expired; the statement was cancelled and rolled back. */
  | 'timeout'
  /** No connection could be opened (server down, wrong address): nothing was sent. */
  | 'refused'

/** Node socket error codes of a connection that could not be opened. */
const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'])
/** Node socket and driver error codes of a connection that broke. */
const LOST = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'PROTOCOL_CONNECTION_LOST', 'ERR_STREAM_DESTROYED', 'ERR_SOCKET_CLOSED'])

/**
 * The fault behind a driver error that concerns the connection rather than the statement, or
 * undefined. Shared by the PostgreSQL and MySQL classifiers (dialect codes are theirs).
 *
 * @internal
 */
export function socketFault(e: unknown): FaultReason | undefined {
  const code = prop(e, 'code')
  if (typeof code === 'string') {
    if (REFUSED.has(code)) return 'refused'
    if (LOST.has(code)) return 'connection-lost'
    if (code === 'ETIMEDOUT' || code === 'PROTOCOL_SEQUENCE_TIMEOUT') return 'timeout'
  }
  const message = e instanceof Error ? e.message : ''
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(message)) return 'timeout'
  if (/Query read timeout/i.test(message)) return 'timeout'
  if (/Connection terminated|connection is closed|Client has encountered a connection error|Can't add new command when connection is in closed state|socket hang up/i.test(message)) return 'connection-lost'
  // AggregateError of a refused dual-stack connect: look at the parts.
  const errors = prop(e, 'errors')
  if (Array.isArray(errors)) for (const part of errors) { const r = socketFault(part); if (r !== undefined) return r }
  return undefined
}

function prop(e: unknown, key: string): unknown {
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[key] : undefined
}

/** Anything with `on('error', …)`: a pool, a client, a connection. */
interface Emitter {
  on(event: 'error', listener: (error: unknown) => void): unknown
}

/** Marks an emitter that already has the store's listener (several stores may share a lent pool). */
const GUARDED = Symbol.for('fengqiao.adapter-sql.errorListener')

/**
 * Keeps an error a connection emits while no call is waiting on it (the server went away
 * between statements, or while the connection was checked out) from crashing the process: Node
 * throws an `'error'` event nobody listens to. The call that next uses the connection gets the
 * error as `STORE_UNAVAILABLE`, and the pool replaces the connection. Adds one listener per
 * emitter however many stores use it; leaves alone an object that is not an emitter.
 *
 * @internal
 */
export function absorbErrors(emitter: unknown): void {
  if (typeof emitter !== 'object' || emitter === null || typeof (emitter as Partial<Emitter>).on !== 'function') return
  const marked = emitter as Record<symbol, unknown>
  if (marked[GUARDED] === true) return
  Object.defineProperty(emitter, GUARDED, { value: true })
  ;(emitter as Emitter).on('error', () => undefined)
}
