/**
 * PostgreSQL's SQLSTATE codes, classified.
 *
 * @module
 * @internal
 */
import { errorProperty, socketFault, type ErrorKind } from '../errors.js'

/** What a `pg` error means for the store. @internal */
export function classify(e: unknown): ErrorKind {
  const code = errorProperty(e, 'code')
  // unique_violation, serialization_failure, deadlock_detected: the commit lost a race.
  if (code === '23505' || code === '40001' || code === '40P01') return 'conflict'
  if (code === '42P01') return 'missing-table'
  // query_canceled (statement_timeout), lock_not_available (lock_timeout).
  if (code === '57014' || code === '55P03') return 'timeout'
  // admin_shutdown, crash_shutdown, cannot_connect_now, and the connection_exception class.
  if (code === '57P01' || code === '57P02') return 'connection-lost'
  if (code === '57P03' || code === '08001' || code === '08004') return 'refused'
  if (typeof code === 'string' && code.startsWith('08')) return 'connection-lost'
  // Data exceptions (22xxx: U+0000 in text, a value too long, bad encoding) and
  // program_limit_exceeded (54000: an index row too large) fail the same way every time.
  if (typeof code === 'string' && (code.startsWith('22') || code === '54000')) return 'invalid-input'
  return socketFault(e) ?? 'other'
}
