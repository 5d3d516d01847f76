/**
 * A year's holiday schedule supplied as data: the State Council's notice (国务院办公厅关于 20XX 年部分
 * 节假日安排的通知) transcribed into JSON, so that a deployment can load a new year as soon as it is
 * published, without waiting for the `chinese-days` package or a new Fengqiao release.
 *
 * The format mirrors the notice, one entry per festival: the days off (放假) and the weekend days
 * worked in exchange (调休上班). See `docs/operations.md` ("A new year's holiday schedule").
 *
 * Platform-neutral: this module parses text or a value; reading a file is `readHolidaySchedule`.
 *
 * @module
 */
import { z } from 'zod'
import { FengqiaoError } from '../errors.js'
import { isCivilDate, isoWeekday, type CivilDate } from './plain-date.js'

/**
 * One festival of a year's schedule: its name, the days off and the weekend days worked for it.
 *
 * @example
 * ```ts
 * const springFestival: HolidayScheduleFestival = {
 *   name: '春节',
 *   nameEn: 'Spring Festival',
 *   restDays: ['2027-02-05', '2027-02-06', '2027-02-07'],
 *   workingDays: ['2027-01-31'],
 * }
 * ```
 */
export interface HolidayScheduleFestival {
  /** The festival as the notice names it, e.g. `'春节'`. Becomes `DayInfo.name` of its days. */
  readonly name: string
  /** The same in English, e.g. `'Spring Festival'`. */
  readonly nameEn?: string | undefined
  /** The days off (放假), weekends inside the holiday included, each `'YYYY-MM-DD'`. */
  readonly restDays: readonly CivilDate[]
  /** The weekend days worked in exchange (调休上班), each a Saturday or Sunday. Default none. */
  readonly workingDays?: readonly CivilDate[] | undefined
}

/**
 * A year's official holiday schedule, as a deployment supplies it (the JSON format of
 * `docs/operations.md`). {@link parseHolidaySchedule} validates one and returns it frozen, in
 * this same shape, so a parsed schedule parses again unchanged.
 *
 * Its days lie in `year`, or in the last week of December before it: the New Year's holiday can
 * begin there (the 2019 notice gave 2018-12-30 and 31 off and made Sat 2018-12-29 a working day).
 *
 * @example
 * ```ts
 * const schedule: HolidaySchedule = {
 *   year: 2027,
 *   source: '国务院办公厅关于2027年部分节假日安排的通知',
 *   festivals: [{ name: '元旦', restDays: ['2027-01-01', '2027-01-02', '2027-01-03'] }],
 * }
 * ```
 */
export interface HolidaySchedule {
  /** The year the notice is for. */
  readonly year: number
  /** Where the days come from: the notice's title and number, for the people who check it. */
  readonly source?: string | undefined
  /** One entry per festival, in the notice's order. */
  readonly festivals: readonly HolidayScheduleFestival[]
}

/** The years a schedule may be for: catches a mistyped year (`207`, `20277`) before it is loaded. */
export const HOLIDAY_SCHEDULE_YEARS = Object.freeze({ from: 2000, to: 2100 })

/** The first day of December before a schedule's year that the schedule may list (New Year's Day). */
const FIRST_DECEMBER_DAY = 25

const NAME_MAX = 64
const SOURCE_MAX = 500
const DAYS_MAX = 366

// Built on first use, not at import: with an unsupported zod installed, importing core must still
// reach the runtime check (UNSUPPORTED_RUNTIME) instead of failing on a zod 4 call here.
let scheduleSchemaCache: ReturnType<typeof buildScheduleSchema> | undefined
function buildScheduleSchema() {
  const dateList = z.array(z.string()).max(DAYS_MAX)
  const festivalSchema = z.strictObject({
    name: z.string().trim().min(1).max(NAME_MAX),
    nameEn: z.string().trim().min(1).max(NAME_MAX).optional(),
    restDays: dateList.min(1),
    workingDays: dateList.optional(),
  })
  return z.strictObject({
    year: z.int(),
    source: z.string().max(SOURCE_MAX).optional(),
    festivals: z.array(festivalSchema).min(1).max(50),
  })
}
function scheduleSchema(): ReturnType<typeof buildScheduleSchema> {
  scheduleSchemaCache ??= buildScheduleSchema()
  return scheduleSchemaCache
}

/** Writes a zod path as the JSON path an operator reads in the file: `festivals[1].restDays[3]`. */
function pathOf(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`
  return out === '' ? '(the whole file)' : out
}

function refuse(
  message: string,
  details: { readonly field: string; readonly year?: number; readonly date?: string; readonly [k: string]: unknown },
): FengqiaoError<'CALENDAR_DATA_INVALID'> {
  return new FengqiaoError(
    'CALENDAR_DATA_INVALID',
    `${message} Correct the schedule (its format is in docs/operations.md, "A new year's holiday schedule"); nothing was loaded.`,
    { ...details },
  )
}

function readJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (e) {
    throw refuse(`The holiday schedule is not JSON: ${(e as Error).message}.`, { field: '(the whole file)' })
  }
}

/**
 * Validates a year's holiday schedule supplied as data and returns it frozen (in the same shape).
 *
 * Checks, naming the offending field and date: the shape (`year`, optional `source`, `festivals`
 * each with a `name`, `restDays` and optional `workingDays`; no other keys); the year is a whole
 * number within {@link HOLIDAY_SCHEDULE_YEARS}; every date is a real `'YYYY-MM-DD'` day of the
 * year (or of 25–31 December before it); no day is listed twice, nor both off and worked; every
 * working day is a Saturday or Sunday (a weekday is worked anyway: listing one is a slip); and
 * 1 January is a day off (every notice gives 元旦 off: a schedule without it is cut short).
 *
 * @param input - the JSON text, or the value it parses to
 * @returns the schedule, frozen, dates as given
 * @throws {FengqiaoError} CALENDAR_DATA_INVALID with `details.field` (a JSON path such as
 *   `festivals[1].restDays[3]`) and, where one is at fault, `details.date` and `details.year`
 * @example
 * ```ts
 * import { chineseCalendar, parseHolidaySchedule } from '@fengqiao/core'
 *
 * const y2027 = parseHolidaySchedule(await (await fetch(url)).text())
 * const calendar = chineseCalendar({ schedules: [y2027] })
 * calendar.coverage().supplied // [2027]
 * ```
 */
export function parseHolidaySchedule(input: unknown): HolidaySchedule {
  const value = typeof input === 'string' ? readJson(input) : input
  const parsed = scheduleSchema().safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = pathOf(issue?.path ?? [])
    const year = (value as { year?: unknown } | null)?.year
    throw refuse(`The holiday schedule is malformed at ${field}: ${issue?.message ?? 'not a schedule'}.`, {
      field,
      ...(typeof year === 'number' ? { year } : {}),
    })
  }
  const { year, source, festivals } = parsed.data
  if (year < HOLIDAY_SCHEDULE_YEARS.from || year > HOLIDAY_SCHEDULE_YEARS.to) {
    throw refuse(
      `The holiday schedule is for the year ${year}, outside ${HOLIDAY_SCHEDULE_YEARS.from}–${HOLIDAY_SCHEDULE_YEARS.to}: is the year mistyped?`,
      { field: 'year', year },
    )
  }
  const earliest = `${year - 1}-12-${FIRST_DECEMBER_DAY}`
  const seen = new Map<CivilDate, string>()
  const check = (date: string, field: string, working: boolean): void => {
    if (!isCivilDate(date)) {
      throw refuse(`${field} is ${JSON.stringify(date)}, which is not a real date written 'YYYY-MM-DD'.`, {
        field,
        year,
        date,
      })
    }
    if (!date.startsWith(`${year}-`) && !(date >= earliest && date.startsWith(`${year - 1}-`))) {
      throw refuse(
        `${field} is ${date}, outside the schedule's year ${year} (only its New Year's holiday may begin in the last week of December before, from ${earliest}).`,
        { field, year, date },
      )
    }
    const before = seen.get(date)
    if (before !== undefined) {
      throw refuse(`${date} is listed twice, at ${before} and at ${field}: a day is either off or worked, once.`, {
        field,
        year,
        date,
        first: before,
      })
    }
    seen.set(date, field)
    const weekday = isoWeekday(date)
    if (working && weekday < 6) {
      throw refuse(
        `${field} is ${date}, a weekday: a make-up working day (调休上班) is a Saturday or Sunday worked. Is it a day off listed in the wrong list, or a mistyped date?`,
        { field, year, date },
      )
    }
  }
  festivals.forEach((f, i) => {
    f.restDays.forEach((d, j) => check(d, `festivals[${i}].restDays[${j}]`, false))
    ;(f.workingDays ?? []).forEach((d, j) => check(d, `festivals[${i}].workingDays[${j}]`, true))
  })
  const newYear = `${year}-01-01`
  const newYearField = seen.get(newYear)
  if (newYearField === undefined || !newYearField.includes('.restDays[')) {
    throw refuse(
      `The schedule for ${year} does not give 1 January (元旦) off; every year's notice does, so the schedule is incomplete.`,
      { field: 'festivals', year, date: newYear },
    )
  }
  return Object.freeze({
    year,
    ...(source === undefined ? {} : { source }),
    festivals: Object.freeze(
      festivals.map((f) =>
        Object.freeze({
          name: f.name,
          ...(f.nameEn === undefined ? {} : { nameEn: f.nameEn }),
          restDays: Object.freeze([...f.restDays]),
          workingDays: Object.freeze([...(f.workingDays ?? [])]),
        }),
      ),
    ),
  })
}
