/**
 * Keyset pagination helpers shared by stores.
 *
 * @module
 */
import { FengqiaoError } from '../errors.js'

/** Largest number used as the sort key of a task without a due date (sorts last). */
export const NO_DUE_SORT = 8_640_000_000_000_000

/**
 * Encodes a keyset position `(sortKey, id)` as an opaque cursor.
 *
 * @param sortKey - the numeric sort key of the last item on the page
 * @param id - its id (the tie breaker)
 * @returns an opaque cursor string
 */
export function encodeCursor(sortKey: number, id: string): string {
  return Buffer.from(JSON.stringify([sortKey, id]), 'utf8').toString('base64url')
}

/**
 * Decodes a cursor made by {@link encodeCursor}.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS when the cursor was not made by this library
 */
export function decodeCursor(cursor: string): { sortKey: number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'number' &&
      typeof parsed[1] === 'string'
    ) {
      return { sortKey: parsed[0], id: parsed[1] }
    }
  } catch {
    // fall through to the error below
  }
  throw new FengqiaoError(
    'INVALID_OPTIONS',
    'The page cursor is not one this library produced: pass the `nextCursor` of a previous page unchanged.',
    { cursor },
  )
}

/**
 * Checks a page size.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS unless `limit` is an integer from 1 to 1000
 */
export function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new FengqiaoError('INVALID_OPTIONS', `A page limit must be an integer from 1 to 1000; got ${limit}.`, {
      limit,
    })
  }
}

/**
 * Checks a point in time given as epoch milliseconds.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS unless `at` is a finite number
 */
export function checkTime(at: number): void {
  if (typeof at !== 'number' || !Number.isFinite(at)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `A time must be epoch milliseconds (a finite number); got ${String(at)}.`,
      { at: String(at) },
    )
  }
}

/**
 * The lease end of an outbox message or timer held by an open incident: the largest time a
 * `Date` holds, so no claim at any real time returns it. Its lease owner is `incident:<id>`.
 */
export const INCIDENT_HOLD = 8_640_000_000_000_000
