/**
 * SQLite error codes, classified. A local file has no connection to lose.
 *
 * @module
 * @internal
 */
import { errorProperty, type ErrorKind } from '../errors.js'

/** What a `better-sqlite3` error means for the store. @internal */
export function classify(e: unknown): ErrorKind {
  const code = errorProperty(e, 'code')
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return 'conflict'
  if (e instanceof Error && e.message.includes('no such table')) return 'missing-table'
  return 'other'
}
