/**
 * Civil (calendar) dates as `'YYYY-MM-DD'` strings, with exact arithmetic on them.
 *
 * A civil date names a day on the wall calendar, independent of any time zone: `'2024-10-01'` is
 * National Day wherever you are. Arithmetic works on *epoch days* (whole days since 1970-01-01 in the
 * proleptic Gregorian calendar) with integer maths only, so adding days is exact: it never adds
 * milliseconds to an instant and is never disturbed by daylight-saving changes or leap seconds.
 *
 * Supported years are 0001–9999 (four digits).
 *
 * @module
 */
import { FengqiaoError } from '../errors.js'

/**
 * A civil date, written `'YYYY-MM-DD'` (ISO 8601 calendar date, four-digit year, zero-padded).
 *
 * Civil dates compare correctly as strings (`'2024-09-30' < '2024-10-01'`).
 *
 * @example
 * ```ts
 * const nationalDay: CivilDate = '2024-10-01'
 * ```
 */
export type CivilDate = string

/**
 * An ISO 8601 weekday: 1 = Monday … 6 = Saturday, 7 = Sunday (the numbering of `Temporal`).
 *
 * @example
 * ```ts
 * const weekend: readonly IsoWeekday[] = [6, 7]
 * ```
 */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

/**
 * The fields of a civil date; `month` is 1–12 and `day` 1–31.
 *
 * @example
 * ```ts
 * const fields: CivilDateFields = parseCivilDate('2024-10-01') // { year: 2024, month: 10, day: 1 }
 * ```
 */
export interface CivilDateFields {
  readonly year: number
  readonly month: number
  readonly day: number
}

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const MIN_YEAR = 1
const MAX_YEAR = 9999

/** Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromFields(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146_097 + doe - 719_468
}

/** The inverse of {@link daysFromFields} (H. Hinnant's `civil_from_days`). */
function fieldsFromDays(epochDay: number): CivilDateFields {
  const z = epochDay + 719_468
  const era = Math.floor(z / 146_097)
  const doe = z - era * 146_097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

/**
 * The number of days in a month of the Gregorian calendar.
 *
 * @param year - the year
 * @param month - the month, 1–12
 * @returns 28–31
 * @example
 * ```ts
 * daysInMonth(2024, 2) // 29
 * ```
 */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function fieldsValid(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= MIN_YEAR &&
    year <= MAX_YEAR &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  )
}

function format(year: number, month: number, day: number): CivilDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/**
 * Whether `value` is a valid civil date string: `'YYYY-MM-DD'` naming a day that exists.
 *
 * @param value - anything
 * @returns true for strings such as `'2024-02-29'`; false for `'2023-02-29'`, `'2024-1-5'` or a Date
 * @example
 * ```ts
 * isCivilDate('2024-02-29') // true
 * isCivilDate('2023-02-29') // false
 * ```
 */
export function isCivilDate(value: unknown): value is CivilDate {
  if (typeof value !== 'string') return false
  const m = PATTERN.exec(value)
  return m !== null && fieldsValid(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * Reads a civil date string into its fields.
 *
 * @param date - a `'YYYY-MM-DD'` string
 * @returns its year, month (1–12) and day
 * @throws {FengqiaoError} INVALID_OPTIONS when `date` is not a valid `'YYYY-MM-DD'` date
 * @example
 * ```ts
 * parseCivilDate('2024-10-01') // { year: 2024, month: 10, day: 1 }
 * ```
 */
export function parseCivilDate(date: CivilDate): CivilDateFields {
  const m = typeof date === 'string' ? PATTERN.exec(date) : null
  const year = Number(m?.[1])
  const month = Number(m?.[2])
  const day = Number(m?.[3])
  if (m === null || !fieldsValid(year, month, day)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `${JSON.stringify(date)} is not a valid civil date: write an existing day as 'YYYY-MM-DD' (years 0001–9999), e.g. '2024-10-01'.`,
      { date: String(date) },
    )
  }
  return { year, month, day }
}

/**
 * Builds a civil date from its fields.
 *
 * @param year - 1–9999
 * @param month - 1–12
 * @param day - 1 to the length of the month
 * @returns the `'YYYY-MM-DD'` string
 * @throws {FengqiaoError} INVALID_OPTIONS when the fields do not name an existing day
 * @example
 * ```ts
 * civilDate(2024, 10, 1) // '2024-10-01'
 * ```
 */
export function civilDate(year: number, month: number, day: number): CivilDate {
  if (!fieldsValid(year, month, day)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `${year}-${month}-${day} is not an existing day (years 1–9999, months 1–12).`,
      { year, month, day },
    )
  }
  return format(year, month, day)
}

/**
 * The epoch day of a civil date: whole days since 1970-01-01 (negative before it).
 *
 * @param date - a `'YYYY-MM-DD'` string
 * @returns an integer
 * @throws {FengqiaoError} INVALID_OPTIONS when `date` is not a valid civil date
 * @example
 * ```ts
 * toEpochDay('1970-01-02') // 1
 * toEpochDay('2024-10-01') // 19997
 * ```
 */
export function toEpochDay(date: CivilDate): number {
  const { year, month, day } = parseCivilDate(date)
  return daysFromFields(year, month, day)
}

const MIN_EPOCH_DAY = daysFromFields(MIN_YEAR, 1, 1)
const MAX_EPOCH_DAY = daysFromFields(MAX_YEAR, 12, 31)

/**
 * The civil date of an epoch day (the inverse of {@link toEpochDay}).
 *
 * @param epochDay - whole days since 1970-01-01
 * @returns the `'YYYY-MM-DD'` string
 * @throws {FengqiaoError} INVALID_OPTIONS when `epochDay` is not an integer or falls outside years 0001–9999
 * @example
 * ```ts
 * fromEpochDay(19997) // '2024-10-01'
 * ```
 */
export function fromEpochDay(epochDay: number): CivilDate {
  if (!Number.isSafeInteger(epochDay) || epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
    throw new FengqiaoError('INVALID_OPTIONS', `Epoch day ${epochDay} is not an integer day within years 0001–9999.`, {
      epochDay,
    })
  }
  const { year, month, day } = fieldsFromDays(epochDay)
  return format(year, month, day)
}

/**
 * Moves a civil date by whole calendar days, with no counting rule and no calendar: plain date arithmetic.
 * Use `BusinessCalendar.addDays` for statutory periods.
 *
 * @param date - a `'YYYY-MM-DD'` string
 * @param days - an integer, negative to go back
 * @returns the civil date `days` days later
 * @throws {FengqiaoError} INVALID_OPTIONS when `date` is invalid, `days` is not an integer, or the result leaves years 0001–9999
 * @example
 * ```ts
 * plusDays('2024-02-28', 1)  // '2024-02-29'
 * plusDays('2024-03-01', -1) // '2024-02-29'
 * ```
 */
export function plusDays(date: CivilDate, days: number): CivilDate {
  if (!Number.isSafeInteger(days)) {
    throw new FengqiaoError('INVALID_OPTIONS', `A number of days must be an integer; got ${String(days)}.`, { days })
  }
  return fromEpochDay(toEpochDay(date) + days)
}

/**
 * The signed number of calendar days from `from` to `to` (`to − from`).
 *
 * @param from - a `'YYYY-MM-DD'` string
 * @param to - a `'YYYY-MM-DD'` string
 * @returns an integer, negative when `to` is before `from`
 * @throws {FengqiaoError} INVALID_OPTIONS when either date is invalid
 * @example
 * ```ts
 * daysBetween('2024-09-30', '2024-10-08') // 8
 * ```
 */
export function daysBetween(from: CivilDate, to: CivilDate): number {
  return toEpochDay(to) - toEpochDay(from)
}

/**
 * The ISO weekday of a civil date.
 *
 * @param date - a `'YYYY-MM-DD'` string
 * @returns 1 = Monday … 7 = Sunday
 * @throws {FengqiaoError} INVALID_OPTIONS when `date` is invalid
 * @example
 * ```ts
 * isoWeekday('2024-09-29') // 7 (a Sunday)
 * ```
 */
export function isoWeekday(date: CivilDate): IsoWeekday {
  return epochDayWeekday(toEpochDay(date))
}

/**
 * The ISO weekday of an epoch day (1970-01-01, epoch day 0, was a Thursday).
 *
 * @param epochDay - whole days since 1970-01-01
 * @returns 1 = Monday … 7 = Sunday
 * @example
 * ```ts
 * epochDayWeekday(0) // 4 (Thursday)
 * ```
 */
export function epochDayWeekday(epochDay: number): IsoWeekday {
  return (((((epochDay + 3) % 7) + 7) % 7) + 1) as IsoWeekday
}

/**
 * Compares two civil dates.
 *
 * @param a - a `'YYYY-MM-DD'` string
 * @param b - a `'YYYY-MM-DD'` string
 * @returns -1 when `a` is earlier, 0 when equal, 1 when later
 * @throws {FengqiaoError} INVALID_OPTIONS when either date is invalid
 * @example
 * ```ts
 * ['2024-10-08', '2024-09-29'].sort(compareCivilDates) // ['2024-09-29', '2024-10-08']
 * ```
 */
export function compareCivilDates(a: CivilDate, b: CivilDate): -1 | 0 | 1 {
  const d = toEpochDay(a) - toEpochDay(b)
  return d < 0 ? -1 : d > 0 ? 1 : 0
}
