/**
 * The official calendar of the People's Republic of China: public holidays and adjusted working days
 * (调休) as published each year by the General Office of the State Council (国务院办公厅关于 20XX 年部分
 * 节假日安排的通知), taken from the maintained `chinese-days` package.
 *
 * The data is read from the package's published JSON file (`chinese-days/dist/chinese-days.json`),
 * not through its query functions: those parse dates in the host's local time zone and give wrong
 * answers on servers west of UTC. The JSON is a plain map from `'YYYY-MM-DD'` to day names.
 *
 * @module
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json' with { type: 'json' }
import { FengqiaoError } from '../errors.js'
import {
  coverageOf,
  createBusinessCalendar,
  type BusinessCalendar,
  type DaySpec,
  type OutOfRangePolicy,
} from './business-calendar.js'
import { parseHolidaySchedule, type HolidaySchedule } from './holiday-schedule.js'
import { isCivilDate, type CivilDate } from './plain-date.js'

/**
 * One day from the official arrangement.
 *
 * @example
 * ```ts
 * const day: OfficialDay = { date: '2024-09-29', working: true, name: '国庆节', nameEn: 'National Day' }
 * ```
 */
export interface OfficialDay {
  /** The civil date. */
  readonly date: CivilDate
  /** `false` for a public holiday (or a weekday given off); `true` for a weekend worked under 调休. */
  readonly working: boolean
  /** The festival the arrangement belongs to, in Chinese, e.g. `'春节'`. */
  readonly name: string
  /** The same in English, e.g. `'Spring Festival'`. */
  readonly nameEn: string
}

interface OfficialData {
  readonly days: ReadonlyMap<CivilDate, OfficialDay>
  readonly years: readonly number[]
}

let cache: OfficialData | undefined

function readSection(section: unknown, working: boolean, into: Map<CivilDate, OfficialDay>): void {
  if (section === null || typeof section !== 'object') {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      'The installed chinese-days data is not in the expected shape ({ holidays, workdays }); check the package version.',
      {},
    )
  }
  for (const [date, label] of Object.entries(section as Record<string, unknown>)) {
    if (!isCivilDate(date) || typeof label !== 'string') {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `The installed chinese-days data has an unreadable entry ${JSON.stringify(date)}; check the package version.`,
        { date },
      )
    }
    if (into.has(date)) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `The installed chinese-days data lists ${date} both as a holiday and as a working day.`,
        { date },
      )
    }
    // Labels look like "Spring Festival,春节,4": English name, Chinese name, and a count we do not need.
    const [nameEn = label, name = nameEn] = label.split(',')
    into.set(date, Object.freeze({ date, working, name, nameEn }))
  }
}

function official(): OfficialData {
  if (cache === undefined) {
    const data = chineseDaysData as unknown as { readonly holidays?: unknown; readonly workdays?: unknown }
    const days = new Map<CivilDate, OfficialDay>()
    readSection(data.holidays, false, days)
    readSection(data.workdays, true, days)
    // A year is covered when the data holds its arrangement; every year has New Year's Day (元旦) off.
    const years = [...new Set([...days.keys()].map((d) => Number(d.slice(0, 4))))].sort((a, b) => a - b)
    cache = { days, years: Object.freeze(years) }
  }
  return cache
}

/**
 * The official days (holidays and adjusted working days) of the installed `chinese-days` data, in
 * date order, and the years they cover.
 *
 * @returns `{ days, years }`; with chinese-days 1.5.7, years 2004–2026
 * @example
 * ```ts
 * const { years, days } = officialChineseDays()
 * days.filter((d) => d.date.startsWith('2024-10'))
 * // [{ date: '2024-10-01', working: false, name: '国庆节', … }, …, { date: '2024-10-12', working: true, … }]
 * ```
 */
export function officialChineseDays(): { readonly days: readonly OfficialDay[]; readonly years: readonly number[] } {
  const { days, years } = official()
  return { days: [...days.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)), years }
}

/**
 * Options for {@link chineseCalendar}.
 *
 * @example
 * ```ts
 * const options: ChineseCalendarOptions = { extraRestDays: [{ date: '2025-07-01', name: '县庆' }] }
 * ```
 */
export interface ChineseCalendarOptions {
  /** The IANA time zone instants are read in. Default `'Asia/Shanghai'`. */
  readonly timeZone?: string | undefined
  /**
   * Local days off on top of the national arrangement (a county's founding day, a minority festival
   * declared by an autonomous region, a day off ordered locally). They override the national data.
   */
  readonly extraRestDays?: Iterable<DaySpec> | undefined
  /** Local working days, overriding the national data (e.g. a weekend worked locally). */
  readonly extraWorkingDays?: Iterable<DaySpec> | undefined
  /**
   * Years of the State Council's arrangement supplied as data (see {@link parseHolidaySchedule}
   * and `readHolidaySchedule`), for a year the installed `chinese-days` does not ship yet — or to
   * correct one it does. Each is validated; a year may be supplied once. A supplied year is
   * covered, and it wins over the package: it replaces every package day from 25 December of the
   * year before to 24 December of its year (the span a year's notice speaks for; the last week of
   * December belongs to the next year's New Year arrangement). Local `extraRestDays` /
   * `extraWorkingDays` still win over both.
   */
  readonly schedules?: readonly HolidaySchedule[] | undefined
  /**
   * Years you vouch for beyond the installed data, because your `extraRestDays` / `extraWorkingDays`
   * carry that year's official arrangement. Prefer `schedules`, which are validated as a whole year.
   */
  readonly extraCoveredYears?: readonly number[] | undefined
  /** What to do about a year with no data. Default `'throw'`. */
  readonly outOfRange?: OutOfRangePolicy | undefined
}

/**
 * The official Chinese business calendar: Saturday and Sunday off, public holidays off, and the
 * weekends worked under 调休 as working days, from the `chinese-days` data (2004–2026 with
 * chinese-days 1.5.7), plus any local days you add.
 *
 * Asking about a year the data does not cover throws `FengqiaoError('INVALID_OPTIONS')` unless
 * `outOfRange: 'weekends-only'`. A year the package does not ship yet can be supplied as data, as
 * soon as the State Council publishes it: `schedules` (see `docs/operations.md`). The calendar is
 * cheap to create: make one per tenant or region.
 *
 * @param options - time zone, local extra days, extra covered years, out-of-range policy
 * @returns a frozen {@link BusinessCalendar}
 * @throws {FengqiaoError} INVALID_OPTIONS for an unknown time zone, a malformed day, or a date in both
 *   `extraRestDays` and `extraWorkingDays`; CALENDAR_DATA_INVALID for an invalid schedule or a year
 *   supplied twice
 * @example
 * ```ts
 * const calendar = chineseCalendar()
 * calendar.isWorkingDay('2024-10-07')      // false (National Day)
 * calendar.isWorkingDay('2024-10-12')      // true  (Saturday worked under 调休)
 * calendar.addDays('2024-09-16', 15)       // '2024-10-08'
 *
 * const county = chineseCalendar({ extraRestDays: [{ date: '2024-11-18', name: '县庆' }] })
 * county.addDays('2024-11-01', 15)         // '2024-11-19' (Sat 16 → Mon 18 is off locally → Tue 19)
 * ```
 */
export function chineseCalendar(options: ChineseCalendarOptions = {}): BusinessCalendar {
  if (options === null || typeof options !== 'object') {
    throw new FengqiaoError('INVALID_OPTIONS', 'chineseCalendar needs an options object (or nothing).', {})
  }
  const { days, years } = official()
  const restDays = new Map<CivilDate, DaySpec>()
  const workingDays = new Map<CivilDate, DaySpec>()
  for (const day of days.values())
    (day.working ? workingDays : restDays).set(day.date, { date: day.date, name: day.name })

  // Supplied years replace the package's days in the span each notice speaks for. The spans of
  // consecutive years do not overlap, so the order of the schedules does not matter.
  const supplied = readSchedules(options.schedules)
  for (const schedule of supplied) {
    const from = `${schedule.year - 1}-12-25`
    const to = `${schedule.year}-12-24`
    for (const map of [restDays, workingDays])
      for (const date of [...map.keys()]) if (date >= from && date <= to) map.delete(date)
    for (const festival of schedule.festivals) {
      for (const date of festival.restDays) restDays.set(date, { date, name: festival.name })
      for (const date of festival.workingDays ?? []) workingDays.set(date, { date, name: festival.name })
    }
  }

  const extraRest = new Set<CivilDate>()
  const addExtra = (list: Iterable<DaySpec> | undefined, working: boolean, option: string): void => {
    if (list === undefined) return
    if (list === null || typeof (list as Partial<Iterable<DaySpec>>)[Symbol.iterator] !== 'function') {
      throw new FengqiaoError('INVALID_OPTIONS', `${option} must be an array (or iterable) of days.`, { option })
    }
    for (const spec of list) {
      const date = typeof spec === 'string' ? spec : spec !== null && typeof spec === 'object' ? spec.date : undefined
      if (!isCivilDate(date)) {
        throw new FengqiaoError(
          'INVALID_OPTIONS',
          `${option} contains ${JSON.stringify(spec)}, which is not a civil date: list days as 'YYYY-MM-DD' or { date: 'YYYY-MM-DD', name }.`,
          { option, day: spec },
        )
      }
      if (working && extraRest.has(date)) {
        throw new FengqiaoError('INVALID_OPTIONS', `${date} is in both extraRestDays and extraWorkingDays.`, { date })
      }
      if (!working) extraRest.add(date)
      ;(working ? restDays : workingDays).delete(date)
      ;(working ? workingDays : restDays).set(date, spec)
    }
  }
  addExtra(options.extraRestDays, false, 'extraRestDays')
  addExtra(options.extraWorkingDays, true, 'extraWorkingDays')

  const extraYears = options.extraCoveredYears ?? []
  if (!Array.isArray(extraYears)) {
    throw new FengqiaoError('INVALID_OPTIONS', 'extraCoveredYears must be an array of years.', {
      extraCoveredYears: extraYears,
    })
  }
  const suppliedYears = supplied.map((x) => x.year)
  const calendar = createBusinessCalendar({
    timeZone: options.timeZone,
    weekend: [6, 7],
    restDays: restDays.values(),
    workingDays: workingDays.values(),
    coveredYears: [...years, ...suppliedYears, ...(extraYears as readonly number[])],
    outOfRange: options.outOfRange,
  })
  // The methods are closures over the calendar's data, so copying them keeps them whole.
  return Object.freeze({ ...calendar, coverage: () => coverageOf(calendar.coveredYears, suppliedYears) })
}

/** Validates the `schedules` option: each a valid schedule, each year once. */
function readSchedules(list: readonly HolidaySchedule[] | undefined): HolidaySchedule[] {
  if (list === undefined) return []
  if (!Array.isArray(list)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      'schedules must be an array of holiday schedules (from parseHolidaySchedule or readHolidaySchedule).',
      { option: 'schedules' },
    )
  }
  const out: HolidaySchedule[] = []
  for (const item of list as readonly unknown[]) {
    const schedule = parseHolidaySchedule(item)
    if (out.some((x) => x.year === schedule.year)) {
      throw new FengqiaoError(
        'CALENDAR_DATA_INVALID',
        `The holiday schedule for ${schedule.year} is supplied twice; pass each year once.`,
        { field: 'year', year: schedule.year },
      )
    }
    out.push(schedule)
  }
  return out
}
