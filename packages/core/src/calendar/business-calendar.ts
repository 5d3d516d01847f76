/**
 * The {@link BusinessCalendar} interface and {@link createBusinessCalendar}, a calendar built from
 * lists of rest days and working days.
 *
 * Counting rule (民事诉讼法 Art. 85, applied to every legal clock by default): the day a period starts
 * is not counted; if the last day of a period is a rest day, the period ends on the next working day.
 * Working-day periods count only working days, so they skip holidays and count adjusted working
 * weekends (调休). All date arithmetic is on civil dates: a day is a day, never 86,400,000 ms.
 *
 * @module
 */
import { FengqiaoError } from '../errors.js'
import {
  epochDayWeekday,
  fromEpochDay,
  isCivilDate,
  toEpochDay,
  type CivilDate,
  type IsoWeekday,
} from './plain-date.js'
import { DEFAULT_TIME_ZONE, assertTimeZone, civilDateAt, endOfDay, toEpochMs, type Instant } from './time-zone.js'

/**
 * A day given either as a civil date (`'YYYY-MM-DD'`) or as an instant (a `Date` or epoch milliseconds).
 * Instants are read as the civil date they fall on in the calendar's time zone.
 *
 * @example
 * ```ts
 * calendar.isWorkingDay('2024-10-01')                          // a civil date
 * calendar.isWorkingDay(Date.parse('2024-09-30T17:00:00Z'))    // an instant: 2024-10-01 in Shanghai
 * ```
 */
export type DateInput = CivilDate | Instant

/**
 * A listed day with an optional name, for the `restDays` / `workingDays` options.
 *
 * @example
 * ```ts
 * const day: NamedDay = { date: '2025-05-20', name: '县庆' }
 * ```
 */
export interface NamedDay {
  readonly date: CivilDate
  readonly name?: string | undefined
}

/**
 * A listed day: a bare civil date or a {@link NamedDay}.
 *
 * @example
 * ```ts
 * const days: DaySpec[] = ['2025-05-20', { date: '2025-05-21', name: '县庆' }]
 * ```
 */
export type DaySpec = CivilDate | NamedDay

/**
 * Why a day is a working day or a rest day:
 * - `'weekday'`: an ordinary working weekday;
 * - `'weekend'`: an ordinary weekend day (rest);
 * - `'holiday'`: a listed rest day — a public holiday, a weekday given off by 调休, or a local day off;
 * - `'adjusted-working-day'`: a listed working day — a weekend worked under 调休, or a local working day.
 *
 * @example
 * ```ts
 * chineseCalendar().dayInfo('2024-09-29').reason // 'adjusted-working-day' (a Sunday worked for National Day)
 * ```
 */
export type DayReason = 'weekday' | 'weekend' | 'holiday' | 'adjusted-working-day'

/**
 * What a calendar knows about one civil date.
 *
 * @example
 * ```ts
 * chineseCalendar().dayInfo('2024-10-01')
 * // { date: '2024-10-01', working: false, reason: 'holiday', name: '国庆节', covered: true }
 * ```
 */
export interface DayInfo {
  /** The civil date. */
  readonly date: CivilDate
  /** Whether it is a working day (工作日). */
  readonly working: boolean
  /** Why. */
  readonly reason: DayReason
  /** The holiday (or adjusted day) name, when the data names it; e.g. `'国庆节'`. */
  readonly name?: string
  /**
   * Whether the calendar has complete data for the date's year. False only under
   * `outOfRange: 'weekends-only'`, where the answer is a guess from weekends (and listed days).
   */
  readonly covered: boolean
}

/**
 * A period: a number of calendar days, of working days, or of hours. Exactly one key.
 *
 * - `{ days: n }` — calendar days (日) under the statutory rule: start day not counted, a last day
 *   that is a rest day rolls forward to the next working day;
 * - `{ workingDays: n }` — working days (工作日): start day not counted, rest days skipped, 调休
 *   weekends counted;
 * - `{ hours: n }` — plain elapsed time, no calendar at all (`n` may be fractional).
 *
 * @example
 * ```ts
 * const handle: Period = { days: 60 }          // XF Art. 34
 * const object: Period = { workingDays: 5 }    // XF Art. 23
 * const contact: Period = { hours: 24 }
 * ```
 */
export type Period = { readonly days: number } | { readonly workingDays: number } | { readonly hours: number }

/**
 * Options for {@link BusinessCalendar.addDays}.
 *
 * @example
 * ```ts
 * calendar.addDays('2024-09-16', 15, { rollForward: false }) // '2024-10-01', not rolled
 * ```
 */
export interface AddDaysOptions {
  /** Roll a last day that is a rest day forward to the next working day (MS Art. 85). Default `true`. */
  readonly rollForward?: boolean | undefined
}

/**
 * Options for {@link BusinessCalendar.nextWorkingDay}.
 *
 * @example
 * ```ts
 * calendar.nextWorkingDay('2024-10-08', { inclusive: true }) // '2024-10-08' (already a working day)
 * ```
 */
export interface NextWorkingDayOptions {
  /** Return `date` itself when it is a working day. Default `false` (strictly after `date`). */
  readonly inclusive?: boolean | undefined
}

/**
 * Options for {@link BusinessCalendar.deadline}.
 *
 * @example
 * ```ts
 * calendar.deadline(receivedAt, { days: 15 }, { timeZone: 'Asia/Urumqi' })
 * ```
 */
export interface DeadlineOptions {
  /** The case's time zone; default the calendar's `timeZone`. */
  readonly timeZone?: string | undefined
  /** For `{ days }` periods: roll a rest last day forward (MS Art. 85). Default `true`. */
  readonly rollForward?: boolean | undefined
}

/**
 * What a calendar does when asked about a year its data does not cover:
 * - `'throw'` (default): throw `FengqiaoError('INVALID_OPTIONS')` rather than guess;
 * - `'weekends-only'`: treat the year as having no public holidays and no adjusted days (only the
 *   weekend and any listed days apply). `DayInfo.covered` is then `false`.
 *
 * @example
 * ```ts
 * chineseCalendar({ outOfRange: 'weekends-only' })
 * ```
 */
export type OutOfRangePolicy = 'throw' | 'weekends-only'

/**
 * Which years a calendar has holiday data for, from {@link BusinessCalendar.coverage}.
 *
 * @example
 * ```ts
 * chineseCalendar({ schedules: [y2027] }).coverage()
 * // { limited: true, years: [2004, …, 2027], from: 2004, to: 2027, gaps: [], supplied: [2027] }
 * ```
 */
export interface CalendarCoverage {
  /** Whether the calendar is limited to years at all; `false` when every year is taken as complete. */
  readonly limited: boolean
  /** The years with complete data, ascending (empty when not limited). */
  readonly years: readonly number[]
  /** The first of them, or `null`. */
  readonly from: number | null
  /** The last of them, or `null`: deadlines running past its 31 December are outside the data. */
  readonly to: number | null
  /** Years between `from` and `to` without data, ascending (usually none). */
  readonly gaps: readonly number[]
  /** The years whose data the deployment supplied as schedules (`chineseCalendar({ schedules })`). */
  readonly supplied: readonly number[]
}

/**
 * The coverage of a list of years (`undefined`: not limited to years).
 *
 * @internal
 */
export function coverageOf(years: readonly number[] | undefined, supplied: readonly number[] = []): CalendarCoverage {
  const sorted = years === undefined ? [] : [...new Set(years)].sort((a, b) => a - b)
  const from = sorted[0] ?? null
  const to = sorted[sorted.length - 1] ?? null
  const gaps: number[] = []
  if (from !== null && to !== null) {
    const have = new Set(sorted)
    for (let y = from; y <= to; y++) if (!have.has(y)) gaps.push(y)
  }
  return Object.freeze({
    limited: years !== undefined,
    years: Object.freeze(sorted),
    from,
    to,
    gaps: Object.freeze(gaps),
    supplied: Object.freeze([...new Set(supplied)].sort((a, b) => a - b)),
  })
}

/**
 * A business calendar: which civil dates are working days, and period arithmetic under the
 * statutory counting rule (MS Art. 85).
 *
 * Methods taking a {@link DateInput} accept a civil date `'YYYY-MM-DD'` or an instant; an instant is
 * first converted to its civil date in {@link BusinessCalendar.timeZone}. Methods named after dates
 * return civil date strings; {@link BusinessCalendar.deadline} and {@link BusinessCalendar.addHours}
 * return instants (epoch milliseconds). All throw `FengqiaoError('INVALID_OPTIONS')` on invalid input
 * and, under `outOfRange: 'throw'`, when they must classify a day in a year without data.
 *
 * Implement this interface to plug in another calendar (a region, a tenant, a test double).
 *
 * @example
 * ```ts
 * const calendar = chineseCalendar()
 * calendar.isWorkingDay('2024-10-01')       // false (National Day)
 * calendar.addDays('2024-09-16', 15)        // '2024-10-08' (day 15 is Oct 1, rolled past the holiday)
 * calendar.addWorkingDays('2024-09-27', 1)  // '2024-09-29' (a Sunday worked under 调休)
 * ```
 */
export interface BusinessCalendar {
  /** The IANA time zone instants are read in (default `'Asia/Shanghai'`). */
  readonly timeZone: string
  /** The years with complete data, ascending; `undefined` when the calendar is not limited to years. */
  readonly coveredYears: readonly number[] | undefined

  /**
   * Which years the calendar has holiday data for: the list, its first and last year, gaps
   * between, and the years a deployment supplied. The engine reads it to warn about deadlines
   * that run into a year without data.
   *
   * @example
   * ```ts
   * chineseCalendar().coverage() // { limited: true, years: [2004, …, 2026], from: 2004, to: 2026, gaps: [], supplied: [] }
   * ```
   */
  coverage(): CalendarCoverage

  /**
   * Whether the calendar has complete data for the year of `date`.
   *
   * @example
   * ```ts
   * chineseCalendar().covers('2024-10-01') // true
   * ```
   */
  covers(date: DateInput): boolean

  /**
   * The civil date of an input: a civil date is validated and returned; an instant is read in
   * `timeZone` (default the calendar's).
   *
   * @returns a `'YYYY-MM-DD'` string
   * @example
   * ```ts
   * calendar.toCivilDate(Date.parse('2024-09-30T17:00:00Z')) // '2024-10-01'
   * ```
   */
  toCivilDate(input: DateInput, timeZone?: string): CivilDate

  /**
   * Everything the calendar knows about one day.
   *
   * @example
   * ```ts
   * calendar.dayInfo('2024-10-12') // { date: '2024-10-12', working: true, reason: 'adjusted-working-day', name: '国庆节', covered: true }
   * ```
   */
  dayInfo(date: DateInput): DayInfo

  /**
   * Whether `date` is a working day: a weekday that is not a listed rest day, or a listed working day
   * (such as a 调休 weekend).
   *
   * @example
   * ```ts
   * calendar.isWorkingDay('2024-09-29') // true  (Sunday, worked for National Day)
   * calendar.isWorkingDay('2024-10-07') // false (Monday, National Day holiday)
   * ```
   */
  isWorkingDay(date: DateInput): boolean

  /**
   * Whether `date` is a rest day (the negation of {@link BusinessCalendar.isWorkingDay}).
   *
   * @example
   * ```ts
   * calendar.isRestDay('2024-10-05') // true
   * ```
   */
  isRestDay(date: DateInput): boolean

  /**
   * The first working day after `date` (or on it, with `{ inclusive: true }`).
   *
   * @returns a `'YYYY-MM-DD'` string
   * @example
   * ```ts
   * calendar.nextWorkingDay('2024-09-30') // '2024-10-08'
   * ```
   */
  nextWorkingDay(date: DateInput, options?: NextWorkingDayOptions): CivilDate

  /**
   * The last day of a period of `n` calendar days starting on `start`, under MS Art. 85: the start
   * day is not counted (day 1 is the day after `start`); if day `n` is a rest day, the period ends
   * on the next working day (unless `rollForward: false`). With `n = 0` the last day is `start`
   * itself (rolled the same way).
   *
   * @param n - a non-negative integer
   * @returns the civil date of the last day, `'YYYY-MM-DD'`
   * @example
   * ```ts
   * calendar.addDays('2024-09-16', 15) // '2024-10-08' (Oct 1 falls in National Day)
   * calendar.addDays('2024-11-01', 15) // '2024-11-18' (Sat Nov 16 rolls to Monday)
   * ```
   */
  addDays(start: DateInput, n: number, options?: AddDaysOptions): CivilDate

  /**
   * The `n`-th working day after `start` (the start day is not counted, even when it is a working
   * day). Rest days are skipped; adjusted working weekends count. `n = 0` returns `start`.
   *
   * @param n - a non-negative integer
   * @returns a `'YYYY-MM-DD'` string
   * @example
   * ```ts
   * calendar.addWorkingDays('2024-09-30', 1) // '2024-10-08'
   * ```
   */
  addWorkingDays(start: DateInput, n: number): CivilDate

  /**
   * The number of working days in the half-open interval (`from`, `to`]: after `from`, up to and
   * including `to` — the same counting as {@link BusinessCalendar.addWorkingDays}, so
   * `addWorkingDays(a, workingDaysBetween(a, b)) === b` whenever `b` is a working day after `a`.
   * Negative when `to` is before `from`. Useful to measure a paused clock.
   *
   * @example
   * ```ts
   * calendar.workingDaysBetween('2024-09-27', '2024-10-12') // 7 (Sep 29, Sep 30, Oct 8–12)
   * ```
   */
  workingDaysBetween(from: DateInput, to: DateInput): number

  /**
   * Plain elapsed time: `start + hours × 3,600,000 ms`. No calendar, no rest days, no roll.
   *
   * @param start - an instant (a civil date is refused: an hours period needs a time of day)
   * @param hours - a finite, non-negative number (fractions allowed)
   * @returns epoch milliseconds
   * @example
   * ```ts
   * calendar.addHours(Date.parse('2024-10-01T09:00:00+08:00'), 24) // Date.parse('2024-10-02T09:00:00+08:00')
   * ```
   */
  addHours(start: Instant, hours: number): number

  /**
   * The instant a period ends. For `{ days }` and `{ workingDays }` this is the END of the last day
   * in the time zone — 24:00 local, i.e. the first instant of the following day — so the period is
   * running while `now < deadline` and has expired once `now >= deadline`. The start day is the civil
   * date of `start` in the time zone. For `{ hours }` it is `start` plus the hours (`start` must be
   * an instant).
   *
   * @returns epoch milliseconds
   * @example
   * ```ts
   * // Received 10:00 on Mon 2024-09-16 (Shanghai); 15 days; day 15 = Oct 1, rolled to Oct 8:
   * calendar.deadline(Date.parse('2024-09-16T10:00:00+08:00'), { days: 15 })
   * // === Date.parse('2024-10-09T00:00:00+08:00')
   * ```
   */
  deadline(start: DateInput, period: Period, options?: DeadlineOptions): number
}

/**
 * Options for {@link createBusinessCalendar}.
 *
 * @example
 * ```ts
 * const options: BusinessCalendarOptions = { restDays: ['2025-01-01'], coveredYears: { from: 2025, to: 2025 } }
 * ```
 */
export interface BusinessCalendarOptions {
  /** The IANA time zone instants are read in. Default `'Asia/Shanghai'`. */
  readonly timeZone?: string | undefined
  /** The ordinary weekly rest days, as ISO weekdays. Default `[6, 7]` (Saturday, Sunday). */
  readonly weekend?: readonly IsoWeekday[] | undefined
  /** Listed rest days (public holidays, weekdays given off, local days off). */
  readonly restDays?: Iterable<DaySpec> | undefined
  /** Listed working days (weekends worked under 调休, local working days). */
  readonly workingDays?: Iterable<DaySpec> | undefined
  /**
   * The years the lists fully describe. Asking about any other year follows `outOfRange`.
   * Default: unlimited (every year is taken as complete).
   */
  readonly coveredYears?: readonly number[] | { readonly from: number; readonly to: number } | undefined
  /** What to do about a year outside `coveredYears`. Default `'throw'`. */
  readonly outOfRange?: OutOfRangePolicy | undefined
}

interface Listed {
  readonly working: boolean
  readonly name: string | undefined
}

const MS_PER_HOUR = 3_600_000

function invalid(message: string, details: Record<string, unknown> = {}): FengqiaoError<'INVALID_OPTIONS'> {
  return new FengqiaoError('INVALID_OPTIONS', message, details)
}

function assertCount(n: number, what: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw invalid(`${what} must be a non-negative integer; got ${String(n)}.`, { [what]: n })
  }
  return n
}

function readDaySpec(spec: DaySpec, option: string): { date: CivilDate; name: string | undefined } {
  const date = typeof spec === 'string' ? spec : spec !== null && typeof spec === 'object' ? spec.date : undefined
  const name = typeof spec === 'object' && spec !== null ? spec.name : undefined
  if (!isCivilDate(date)) {
    throw invalid(
      `${option} contains ${JSON.stringify(spec)}, which is not a civil date: list days as 'YYYY-MM-DD' or { date: 'YYYY-MM-DD', name }.`,
      { option, day: spec },
    )
  }
  if (name !== undefined && typeof name !== 'string')
    throw invalid(`${option}: the name of ${date} must be a string.`, { option, date })
  return { date, name }
}

function readWeekend(weekend: readonly IsoWeekday[]): ReadonlySet<number> {
  if (!Array.isArray(weekend) || weekend.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw invalid(`weekend must list ISO weekdays 1 (Monday) to 7 (Sunday); got ${JSON.stringify(weekend)}.`, {
      weekend,
    })
  }
  const set = new Set<number>(weekend)
  if (set.size === 7)
    throw invalid('weekend cannot contain all seven weekdays: the calendar would have no ordinary working day.', {
      weekend,
    })
  return set
}

function readCoveredYears(years: BusinessCalendarOptions['coveredYears']): ReadonlySet<number> | undefined {
  if (years === undefined) return undefined
  const list: number[] = []
  if (Array.isArray(years)) {
    list.push(...(years as readonly number[]))
  } else if (years !== null && typeof years === 'object' && 'from' in years && 'to' in years) {
    const { from, to } = years
    if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
      throw invalid(`coveredYears { from, to } needs integer years with from <= to; got ${JSON.stringify(years)}.`, {
        coveredYears: years,
      })
    }
    for (let y = from; y <= to; y++) list.push(y)
  } else {
    throw invalid('coveredYears must be an array of years or { from, to }.', { coveredYears: years })
  }
  if (list.some((y) => !Number.isInteger(y) || y < 1 || y > 9999)) {
    throw invalid(`coveredYears must contain integer years 1–9999; got ${JSON.stringify(years)}.`, {
      coveredYears: years,
    })
  }
  return new Set(list)
}

/**
 * Writes a set of years compactly, for messages and docs.
 *
 * @param years - any years
 * @returns e.g. `'2004–2026'` or `'2004–2020, 2022'`; `'no years'` when empty
 * @example
 * ```ts
 * describeYears([2022, 2020, 2021, 2024]) // '2020–2022, 2024'
 * ```
 */
export function describeYears(years: Iterable<number>): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b)
  const runs: string[] = []
  let i = 0
  while (i < sorted.length) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++
    runs.push(i === j ? String(sorted[i]) : `${sorted[i]}–${sorted[j]}`)
    i = j + 1
  }
  return runs.length === 0 ? 'no years' : runs.join(', ')
}

function readPeriod(period: Period): { kind: 'days' | 'workingDays' | 'hours'; n: number } {
  if (period === null || typeof period !== 'object') {
    throw invalid(`A period must be { days: n }, { workingDays: n } or { hours: n }; got ${String(period)}.`, {
      period,
    })
  }
  const keys = (['days', 'workingDays', 'hours'] as const).filter(
    (k) => (period as Record<string, unknown>)[k] !== undefined,
  )
  const unknown = Object.keys(period).filter((k) => k !== 'days' && k !== 'workingDays' && k !== 'hours')
  const kind = keys[0]
  if (kind === undefined || keys.length > 1 || unknown.length > 0) {
    throw invalid(`A period must have exactly one of days, workingDays or hours; got ${JSON.stringify(period)}.`, {
      period,
    })
  }
  const n = (period as Record<string, unknown>)[kind] as number
  if (kind === 'hours') {
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
      throw invalid(`hours must be a finite, non-negative number; got ${String(n)}.`, { hours: n })
    return { kind, n }
  }
  return { kind, n: assertCount(n, kind) }
}

/**
 * Creates a business calendar from a weekend and lists of rest days and working days. Use it for a
 * calendar that is not China's (or for tests); {@link chineseCalendar} builds on it.
 *
 * A date listed in `restDays` is a rest day and one listed in `workingDays` is a working day,
 * whatever its weekday; any other date is a rest day exactly when its weekday is in `weekend`.
 *
 * @param options - time zone, weekend, listed days, covered years, out-of-range policy
 * @returns a frozen {@link BusinessCalendar}
 * @throws {FengqiaoError} INVALID_OPTIONS for an unknown time zone, a malformed day, a date listed as
 *   both rest day and working day, or malformed weekend / coveredYears / outOfRange
 * @example
 * ```ts
 * const calendar = createBusinessCalendar({
 *   timeZone: 'Asia/Shanghai',
 *   restDays: [{ date: '2025-01-01', name: '元旦' }],
 *   coveredYears: { from: 2025, to: 2025 },
 * })
 * calendar.addWorkingDays('2024-12-31', 1) // '2025-01-02'
 * ```
 */
export function createBusinessCalendar(options: BusinessCalendarOptions = {}): BusinessCalendar {
  if (options === null || typeof options !== 'object')
    throw invalid('createBusinessCalendar needs an options object.', {})
  const timeZone = assertTimeZone(options.timeZone ?? DEFAULT_TIME_ZONE)
  const weekend = readWeekend(options.weekend ?? [6, 7])
  const years = readCoveredYears(options.coveredYears)
  const outOfRange = options.outOfRange ?? 'throw'
  if (outOfRange !== 'throw' && outOfRange !== 'weekends-only') {
    throw invalid(`outOfRange must be 'throw' or 'weekends-only'; got ${JSON.stringify(outOfRange)}.`, { outOfRange })
  }
  const coveredYears = years === undefined ? undefined : Object.freeze([...years].sort((a, b) => a - b))

  const listed = new Map<number, Listed>()
  const list = (days: Iterable<DaySpec> | undefined, working: boolean, option: string): void => {
    if (days === undefined) return
    if (days === null || typeof (days as Partial<Iterable<DaySpec>>)[Symbol.iterator] !== 'function')
      throw invalid(`${option} must be an array (or iterable) of days.`, { option })
    for (const spec of days) {
      const { date, name } = readDaySpec(spec, option)
      const key = toEpochDay(date)
      const existing = listed.get(key)
      if (existing !== undefined && existing.working !== working) {
        throw invalid(`${date} is listed both as a rest day and as a working day.`, { date })
      }
      if (existing === undefined || (existing.name === undefined && name !== undefined))
        listed.set(key, { working, name })
    }
  }
  list(options.restDays, false, 'restDays')
  list(options.workingDays, true, 'workingDays')

  const yearOf = (day: number): number => Number(fromEpochDay(day).slice(0, 4))
  const coveredDay = (day: number): boolean => years === undefined || years.has(yearOf(day))

  const dayOf = (input: DateInput, zone: string = timeZone): number => {
    if (typeof input === 'string') {
      if (!isCivilDate(input)) {
        throw invalid(
          `${JSON.stringify(input)} is not a civil date: pass 'YYYY-MM-DD' for a date, or a Date / epoch milliseconds for an instant.`,
          { date: input },
        )
      }
      return toEpochDay(input)
    }
    if (input instanceof Date || typeof input === 'number') return toEpochDay(civilDateAt(input, zone))
    throw invalid(
      `${String(input)} is neither a civil date 'YYYY-MM-DD' nor an instant (Date or epoch milliseconds).`,
      { date: String(input) },
    )
  }

  const classify = (day: number): DayInfo => {
    const date = fromEpochDay(day)
    const covered = coveredDay(day)
    if (!covered && outOfRange === 'throw') {
      throw invalid(
        `This calendar has no holiday data for ${date} (year ${date.slice(0, 4)}); it covers ${describeYears(coveredYears ?? [])}. ` +
          "Update the holiday data (for chineseCalendar: load the State Council's schedule for the year with chineseCalendar({ schedules: [await readHolidaySchedule(file)] }) as docs/operations.md shows, or upgrade the chinese-days package), " +
          "or pass outOfRange: 'weekends-only' to accept a weekends-only guess.",
        { date, coveredYears },
      )
    }
    const entry = listed.get(day)
    const base =
      entry !== undefined
        ? {
            date,
            working: entry.working,
            reason: entry.working ? ('adjusted-working-day' as const) : ('holiday' as const),
          }
        : weekend.has(epochDayWeekday(day))
          ? { date, working: false, reason: 'weekend' as const }
          : { date, working: true, reason: 'weekday' as const }
    return Object.freeze(entry?.name !== undefined ? { ...base, name: entry.name, covered } : { ...base, covered })
  }
  const working = (day: number): boolean => classify(day).working

  const nextWorking = (day: number, inclusive: boolean): number => {
    let d = inclusive ? day : day + 1
    while (!working(d)) d++
    return d
  }
  const addDaysFrom = (start: number, n: number, roll: boolean): number => {
    const last = start + assertCount(n, 'n')
    fromEpochDay(last) // range check even when not rolling
    return roll ? nextWorking(last, true) : last
  }
  const addWorkingDaysFrom = (start: number, n: number): number => {
    let left = assertCount(n, 'n')
    let d = start
    while (left > 0) {
      d++
      if (working(d)) left--
    }
    return d
  }
  const readRoll = (value: boolean | undefined): boolean => {
    if (value !== undefined && typeof value !== 'boolean')
      throw invalid(`rollForward must be a boolean; got ${String(value)}.`, { rollForward: value })
    return value ?? true
  }
  const instantOnly = (start: DateInput, what: string): number => {
    if (typeof start === 'string') {
      throw invalid(
        `${what} needs an instant (Date or epoch milliseconds), not the civil date ${JSON.stringify(start)}: an hours period depends on the time of day.`,
        { start },
      )
    }
    return toEpochMs(start)
  }

  const calendar: BusinessCalendar = {
    timeZone,
    coveredYears,
    coverage: () => coverageOf(coveredYears),
    covers: (date) => coveredDay(dayOf(date)),
    toCivilDate: (input, zone) => fromEpochDay(dayOf(input, zone === undefined ? timeZone : assertTimeZone(zone))),
    dayInfo: (date) => classify(dayOf(date)),
    isWorkingDay: (date) => working(dayOf(date)),
    isRestDay: (date) => !working(dayOf(date)),
    nextWorkingDay: (date, opts = {}) => fromEpochDay(nextWorking(dayOf(date), opts.inclusive === true)),
    addDays: (start, n, opts = {}) => fromEpochDay(addDaysFrom(dayOf(start), n, readRoll(opts.rollForward))),
    addWorkingDays: (start, n) => fromEpochDay(addWorkingDaysFrom(dayOf(start), n)),
    workingDaysBetween(from, to) {
      const a = dayOf(from)
      const b = dayOf(to)
      const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1]
      let count = 0
      for (let d = lo + 1; d <= hi; d++) if (working(d)) count++
      return sign * count
    },
    addHours(start, hours) {
      const ms = instantOnly(start, 'addHours')
      if (typeof hours !== 'number' || !Number.isFinite(hours) || hours < 0) {
        throw invalid(`hours must be a finite, non-negative number; got ${String(hours)}.`, { hours })
      }
      return ms + hours * MS_PER_HOUR
    },
    deadline(start, period, opts = {}) {
      const { kind, n } = readPeriod(period)
      const zone = opts.timeZone === undefined ? timeZone : assertTimeZone(opts.timeZone)
      if (kind === 'hours') return instantOnly(start, 'An hours deadline') + n * MS_PER_HOUR
      const startDay = dayOf(start, zone)
      const last =
        kind === 'days' ? addDaysFrom(startDay, n, readRoll(opts.rollForward)) : addWorkingDaysFrom(startDay, n)
      return endOfDay(fromEpochDay(last), zone)
    },
  }
  return Object.freeze(calendar)
}
