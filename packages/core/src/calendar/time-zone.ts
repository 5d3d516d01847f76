/**
 * Converting between instants (epoch milliseconds) and civil dates / wall-clock times in an IANA time zone.
 *
 * Uses `Intl.DateTimeFormat` only, so it works for every zone the runtime's ICU data knows, with
 * daylight-saving time and historical offsets. `Asia/Shanghai` (the default) has had no DST since 1991,
 * but nothing here assumes a fixed offset.
 *
 * @module
 */
import { FengqiaoError } from '../errors.js'
import { fromEpochDay, parseCivilDate, plusDays, toEpochDay, type CivilDate } from './plain-date.js'

/**
 * The time zone cases use unless told otherwise: China Standard Time.
 *
 * @example
 * ```ts
 * civilDateAt(Date.parse('2024-09-30T17:00:00Z'), DEFAULT_TIME_ZONE) // '2024-10-01'
 * ```
 */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

/**
 * A point in time: a `Date` or milliseconds since the Unix epoch (what `Clock.now()` returns).
 *
 * @example
 * ```ts
 * const received: Instant = Date.parse('2024-09-30T17:00:00Z')
 * ```
 */
export type Instant = Date | number

/**
 * A wall-clock time of day, `'HH:mm'`, `'HH:mm:ss'` or `'HH:mm:ss.SSS'` (24-hour). `'24:00'` means the
 * end of the day, i.e. midnight at the start of the next day.
 *
 * @example
 * ```ts
 * const officeOpens: TimeOfDay = '08:30'
 * ```
 */
export type TimeOfDay = string

const MS_PER_DAY = 86_400_000
const MS_PER_HOUR = 3_600_000
const MS_PER_MINUTE = 60_000
const MAX_EPOCH_MS = 8.64e15
const formatters = new Map<string, Intl.DateTimeFormat>()

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        calendar: 'gregory',
        numberingSystem: 'latn',
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      })
    } catch (cause) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `Unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as 'Asia/Shanghai'.`,
        { timeZone: String(timeZone) },
        { cause },
      )
    }
    formatters.set(timeZone, f)
  }
  return f
}

/**
 * Checks that `timeZone` is an IANA time zone the runtime knows.
 *
 * @param timeZone - e.g. `'Asia/Shanghai'`, `'Asia/Urumqi'`, `'Europe/Berlin'`
 * @returns `timeZone`, unchanged
 * @throws {FengqiaoError} INVALID_OPTIONS when the zone is unknown or not a string
 * @example
 * ```ts
 * assertTimeZone('Asia/Shanghai') // 'Asia/Shanghai'
 * assertTimeZone('Mars/Olympus')  // throws INVALID_OPTIONS
 * ```
 */
export function assertTimeZone(timeZone: string): string {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `A time zone must be a non-empty IANA name such as 'Asia/Shanghai'; got ${String(timeZone)}.`,
      { timeZone: String(timeZone) },
    )
  }
  formatterFor(timeZone)
  return timeZone
}

/**
 * Reads an instant as epoch milliseconds, checking it is a real point in time.
 *
 * @param instant - a `Date` or epoch milliseconds
 * @returns epoch milliseconds
 * @throws {FengqiaoError} INVALID_OPTIONS for an invalid `Date`, `NaN`, infinities or other types
 * @example
 * ```ts
 * toEpochMs(new Date('2024-10-01T00:00:00+08:00')) // 1727712000000
 * ```
 */
export function toEpochMs(instant: Instant): number {
  const ms = instant instanceof Date ? instant.getTime() : instant
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > MAX_EPOCH_MS) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `${String(instant)} is not a valid instant: pass a valid Date or finite epoch milliseconds within the range of Date.`,
      { instant: String(instant) },
    )
  }
  return ms
}

/** The wall-clock reading of `ms` in `timeZone`, as "epoch milliseconds of the wall clock" (as if the wall were UTC). */
function wallMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000
  const parts = formatterFor(timeZone).formatToParts(whole)
  let era = ''
  let year = Number.NaN
  let month = Number.NaN
  let day = Number.NaN
  let hour = Number.NaN
  let minute = Number.NaN
  let second = Number.NaN
  for (const p of parts) {
    switch (p.type) {
      case 'era':
        era = p.value
        break
      case 'year':
        year = Number(p.value)
        break
      case 'month':
        month = Number(p.value)
        break
      case 'day':
        day = Number(p.value)
        break
      case 'hour':
        hour = Number(p.value) % 24
        break
      case 'minute':
        minute = Number(p.value)
        break
      case 'second':
        second = Number(p.value)
        break
      default:
        break
    }
  }
  if (era !== 'AD' || !(year >= 1 && year <= 9999) || Number.isNaN(month + day + hour + minute + second)) {
    throw new FengqiaoError('INVALID_OPTIONS', `The instant ${ms} falls outside years 0001–9999 in ${timeZone}.`, {
      instant: ms,
      timeZone,
    })
  }
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
  return toEpochDay(date) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + (ms - whole)
}

/**
 * The offset of a time zone from UTC at an instant (local wall time minus UTC).
 *
 * @param instant - a `Date` or epoch milliseconds
 * @param timeZone - an IANA zone; default `'Asia/Shanghai'`
 * @returns milliseconds, e.g. `28_800_000` (+08:00) for Shanghai
 * @throws {FengqiaoError} INVALID_OPTIONS for an invalid instant or zone
 * @example
 * ```ts
 * timeZoneOffset(Date.parse('2024-07-01T00:00:00Z'), 'Europe/Berlin') // 7_200_000 (CEST, +02:00)
 * ```
 */
export function timeZoneOffset(instant: Instant, timeZone: string = DEFAULT_TIME_ZONE): number {
  const ms = toEpochMs(instant)
  return wallMs(ms, assertTimeZone(timeZone)) - ms
}

/**
 * The civil date that an instant falls on in a time zone.
 *
 * @param instant - a `Date` or epoch milliseconds
 * @param timeZone - an IANA zone; default `'Asia/Shanghai'`
 * @returns a `'YYYY-MM-DD'` string
 * @throws {FengqiaoError} INVALID_OPTIONS for an invalid instant or zone
 * @example
 * ```ts
 * civilDateAt(Date.parse('2024-09-30T17:00:00Z'))         // '2024-10-01' (01:00 in Shanghai)
 * civilDateAt(Date.parse('2024-09-30T17:00:00Z'), 'UTC')  // '2024-09-30'
 * ```
 */
export function civilDateAt(instant: Instant, timeZone: string = DEFAULT_TIME_ZONE): CivilDate {
  const wall = wallMs(toEpochMs(instant), assertTimeZone(timeZone))
  return fromEpochDay(Math.floor(wall / MS_PER_DAY))
}

const TIME_PATTERN = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?$/

function parseTimeOfDay(time: TimeOfDay): number {
  const m = typeof time === 'string' ? TIME_PATTERN.exec(time) : null
  const hour = Number(m?.[1])
  const minute = Number(m?.[2])
  const second = Number(m?.[3] ?? 0)
  const milli = Number((m?.[4] ?? '0').padEnd(3, '0'))
  const endOfDay = hour === 24 && minute === 0 && second === 0 && milli === 0
  if (m === null || !((hour <= 23 && minute <= 59 && second <= 59) || endOfDay)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `${JSON.stringify(time)} is not a time of day: write 'HH:mm', 'HH:mm:ss' or 'HH:mm:ss.SSS' (00:00–23:59:59.999, or '24:00' for the end of the day).`,
      { time: String(time) },
    )
  }
  return hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + milli
}

/** Options for {@link instantAt}. */
export interface InstantAtOptions {
  /** The wall-clock time; default `'00:00'` (the start of the day). */
  readonly time?: TimeOfDay | undefined
  /** An IANA zone; default `'Asia/Shanghai'`. */
  readonly timeZone?: string | undefined
}

/**
 * The instant at which a civil date and wall-clock time occur in a time zone.
 *
 * Wall times that do not exist (skipped by a daylight-saving jump) resolve forward by the length of
 * the gap; wall times that occur twice (clocks turned back) resolve to the earlier one — the
 * `'compatible'` rule of `Temporal` and of most calendars. `'24:00'` is the start of the next day.
 *
 * @param date - a `'YYYY-MM-DD'` string
 * @param options - `time` (default `'00:00'`) and `timeZone` (default `'Asia/Shanghai'`)
 * @returns epoch milliseconds
 * @throws {FengqiaoError} INVALID_OPTIONS for an invalid date, time or zone
 * @example
 * ```ts
 * instantAt('2024-10-01')                                      // Date.parse('2024-09-30T16:00:00Z')
 * instantAt('2024-10-01', { time: '09:30' })                   // Date.parse('2024-10-01T01:30:00Z')
 * instantAt('2024-03-10', { time: '02:30', timeZone: 'America/New_York' }) // 03:30 EDT (02:30 does not exist)
 * ```
 */
export function instantAt(date: CivilDate, options: InstantAtOptions = {}): number {
  parseCivilDate(date)
  const timeZone = assertTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE)
  const wall = toEpochDay(date) * MS_PER_DAY + parseTimeOfDay(options.time ?? '00:00')
  // Offsets a day either side bracket any single transition near this wall time.
  const before = wallMs(wall - MS_PER_DAY, timeZone) - (wall - MS_PER_DAY)
  const after = wallMs(wall + MS_PER_DAY, timeZone) - (wall + MS_PER_DAY)
  let best: number | undefined
  for (const offset of before === after ? [before] : [before, after]) {
    const candidate = wall - offset
    if (wallMs(candidate, timeZone) === wall && (best === undefined || candidate < best)) best = candidate
  }
  // In a gap no candidate reads back; the pre-transition offset lands just after the gap.
  return best ?? wall - before
}

/**
 * The first instant of a civil date in a time zone (local midnight, or the first existing moment
 * if a daylight-saving jump skips midnight).
 *
 * @param date - a `'YYYY-MM-DD'` string
 * @param timeZone - an IANA zone; default `'Asia/Shanghai'`
 * @returns epoch milliseconds
 * @throws {FengqiaoError} INVALID_OPTIONS for an invalid date or zone
 * @example
 * ```ts
 * startOfDay('2024-10-01') // Date.parse('2024-10-01T00:00:00+08:00')
 * ```
 */
export function startOfDay(date: CivilDate, timeZone: string = DEFAULT_TIME_ZONE): number {
  return instantAt(date, { timeZone })
}

/**
 * The end of a civil date in a time zone, as an exclusive bound: 24:00 local, which is the first
 * instant of the next day. Every instant `t` of the day satisfies `t < endOfDay(date)`.
 *
 * @param date - a `'YYYY-MM-DD'` string
 * @param timeZone - an IANA zone; default `'Asia/Shanghai'`
 * @returns epoch milliseconds
 * @throws {FengqiaoError} INVALID_OPTIONS for an invalid date or zone
 * @example
 * ```ts
 * endOfDay('2024-10-08') // Date.parse('2024-10-09T00:00:00+08:00')
 * ```
 */
export function endOfDay(date: CivilDate, timeZone: string = DEFAULT_TIME_ZONE): number {
  return startOfDay(plusDays(date, 1), timeZone)
}
