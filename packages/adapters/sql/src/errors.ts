/**
 * Error classification: what a driver error means (a lost race, a missing table, a refused value,
 * a connection fault), and the typed `FengqiaoError` each turns into. Each dialect classifies
 * its own codes (`<db>/errors.ts`); the socket-level faults and the wording are shared here.
 *
 * @module
 * @internal
 */
import { FengqiaoError, isFengqiaoError } from '@fengqiao/core/store'

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
const LOST = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'PROTOCOL_CONNECTION_LOST',
  'ERR_STREAM_DESTROYED',
  'ERR_SOCKET_CLOSED',
])

/**
 * The fault behind a driver error that concerns the connection rather than the statement, or
 * undefined. Shared by the PostgreSQL and MySQL classifiers (dialect codes are theirs).
 *
 * @internal
 */
export function socketFault(e: unknown): FaultReason | undefined {
  const code = errorProperty(e, 'code')
  if (typeof code === 'string') {
    if (REFUSED.has(code)) return 'refused'
    if (LOST.has(code)) return 'connection-lost'
    if (code === 'ETIMEDOUT' || code === 'PROTOCOL_SEQUENCE_TIMEOUT') return 'timeout'
  }
  const message = e instanceof Error ? e.message : ''
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(message))
    return 'timeout'
  if (/Query read timeout/i.test(message)) return 'timeout'
  if (
    /Connection terminated|connection is closed|Client has encountered a connection error|Can't add new command when connection is in closed state|socket hang up/i.test(
      message,
    )
  )
    return 'connection-lost'
  // AggregateError of a refused dual-stack connect: look at the parts.
  const errors = errorProperty(e, 'errors')
  if (Array.isArray(errors))
    for (const part of errors) {
      const r = socketFault(part)
      if (r !== undefined) return r
    }
  return undefined
}

/** How a database error should surface. @internal */
export type ErrorKind = 'conflict' | 'missing-table' | 'invalid-input' | FaultReason | 'other'

/** A property of a driver error (`code`, `errno`, …), if the error has it. @internal */
export function errorProperty(e: unknown, key: string): unknown {
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

/** The error a lost compare-and-set turns into. @internal */
export function versionConflict(
  instanceId: string,
  expectedVersion: number | null,
  store: string,
): FengqiaoError<'VERSION_CONFLICT'> {
  return new FengqiaoError(
    'VERSION_CONFLICT',
    expectedVersion === null
      ? `Instance ${instanceId} already exists (${store} store): another command created it first.`
      : `Instance ${instanceId} changed concurrently (${store} store): it is no longer at version ${expectedVersion}. Reload it and retry.`,
    { instanceId, expectedVersion },
  )
}

/** Where a failure happened, for its message and details. @internal */
export interface FailureSite {
  /** The database kind, as the store reports it. */
  readonly store: string
  /** The store's table prefix. */
  readonly tablePrefix: string
  /** What the store was trying to do ("commit", "read an instance", …). */
  readonly operation: string
}

/**
 * Turns what a database call threw into the store's typed error. A `FengqiaoError` passes
 * through; a race is a `VERSION_CONFLICT` only where the call may conflict (a commit).
 *
 * @internal
 */
export function storeError(e: unknown, kind: ErrorKind, site: FailureSite, mayConflict: boolean): Error {
  if (isFengqiaoError(e)) return e
  const { store, tablePrefix, operation } = site
  const message = e instanceof Error ? e.message : String(e)
  if (mayConflict && kind === 'conflict') {
    return new FengqiaoError(
      'VERSION_CONFLICT',
      `The commit lost a race (${store} store): an instance, history entry or idempotency key it writes was written concurrently. Reload and retry.`,
      { store, driverMessage: message },
      { cause: e },
    )
  }
  if (kind === 'invalid-input') {
    return new FengqiaoError(
      'INVALID_INPUT',
      `The ${store} database refused a value while trying to ${operation}: ${message}. The same command will fail again; correct its input (see the engine's limits option).`,
      { store, operation, driverMessage: message },
      { cause: e },
    )
  }
  if (kind === 'connection-lost' || kind === 'timeout' || kind === 'refused') {
    const why =
      kind === 'refused'
        ? 'could not connect, nothing was sent'
        : kind === 'timeout'
          ? 'a timeout expired and the statement was cancelled'
          : 'the connection broke during the call, which may or may not have taken effect'
    return new FengqiaoError(
      'STORE_UNAVAILABLE',
      `The ${store} store failed to ${operation} (${why}): ${message}. Retry once the database answers.`,
      { store, operation, reason: kind },
      { cause: e },
    )
  }
  if (kind === 'missing-table') {
    return new FengqiaoError(
      'STORE_UNAVAILABLE',
      `The ${store} store's tables (prefix '${tablePrefix}') do not exist: call store.migrate() once before use. (${message})`,
      { store, operation, tablePrefix },
      { cause: e },
    )
  }
  return new FengqiaoError(
    'STORE_UNAVAILABLE',
    `The ${store} store failed to ${operation}: ${message}`,
    { store, operation },
    { cause: e },
  )
}
