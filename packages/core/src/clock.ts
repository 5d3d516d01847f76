/**
 * Time as an injected dependency. Core reads the current time only through a {@link Clock}.
 *
 * @module
 */
import { FengqiaoError } from './errors.js'

/** The source of "now" for an engine. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number
}

/** A clock the test (or a simulation) moves by hand. */
export interface ManualClock extends Clock {
  /**
   * Moves time forward.
   *
   * @param by - milliseconds, or a duration string such as `'90s'`, `'15m'`, `'2h'`, `'3d'`, `'1w'`, `'1d 2h'`
   * @returns the new time in milliseconds
   * @throws {FengqiaoError} INVALID_OPTIONS when the duration is malformed or negative
   */
  advance(by: number | string): number
  /**
   * Jumps to an absolute time, which must not be earlier than now.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS when `to` lies in the past
   */
  set(to: Date | number | string): number
}

/** The wall clock. Use it in production; use {@link manualClock} in tests. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() })

const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
}

/**
 * Parses a duration such as `'3d'`, `'2h 30m'` or `1500` into milliseconds.
 *
 * @param d - milliseconds or a string of `<number><unit>` parts, units `ms s m h d w`
 * @returns milliseconds
 * @throws {FengqiaoError} INVALID_OPTIONS when the duration is malformed or negative
 */
export function parseDuration(d: number | string): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d) || d < 0)
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `A duration must be a finite, non-negative number of milliseconds; got ${d}.`,
        { duration: d },
      )
    return d
  }
  const text = d.trim()
  if (!/^(?:\d+(?:\.\d+)?\s*(?:ms|s|m|h|d|w)\s*)+$/.test(text)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `Cannot read the duration "${d}": use parts like "90s", "15m", "2h", "3d" or "1w".`,
      { duration: d },
    )
  }
  let total = 0
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)/g)) {
    total += Number(match[1]) * (UNIT_MS[match[2] as string] as number)
  }
  return total
}

function toMs(t: Date | number | string): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t)
  if (!Number.isFinite(ms))
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `Cannot read the time ${String(t)}: pass a Date, epoch milliseconds or an ISO 8601 string.`,
      { time: String(t) },
    )
  return ms
}

/**
 * A clock that stands still until moved, for tests and simulations.
 *
 * @param start - the starting time (a Date, epoch milliseconds or an ISO string)
 * @returns a {@link ManualClock}
 * @example
 * ```ts
 * const clock = manualClock('2026-01-05T09:00:00+08:00')
 * clock.advance('3d')
 * ```
 */
export function manualClock(start: Date | number | string): ManualClock {
  let current = toMs(start)
  return {
    now: () => current,
    advance(by) {
      current += parseDuration(by)
      return current
    },
    set(to) {
      const next = toMs(to)
      if (next < current)
        throw new FengqiaoError(
          'INVALID_OPTIONS',
          `A manual clock cannot go back in time (from ${new Date(current).toISOString()} to ${new Date(next).toISOString()}).`,
        )
      current = next
      return current
    },
  }
}
