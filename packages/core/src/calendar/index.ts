/**
 * Business calendars, civil dates and time zones: the official Chinese holidays and 调休 working
 * days, and period arithmetic under the statutory counting rule (MS Art. 85). See
 * `docs/time-and-deadlines.md`.
 *
 * @example
 * ```ts
 * import { chineseCalendar } from '@fengqiao/core'
 *
 * const calendar = chineseCalendar()
 * calendar.addDays('2024-09-16', 15)                                   // '2024-10-08'
 * calendar.deadline(Date.parse('2024-09-16T10:00:00+08:00'), { days: 15 }) // 2024-10-09T00:00+08:00
 * ```
 *
 * @module
 */
export type {
  AddDaysOptions,
  BusinessCalendar,
  CalendarCoverage,
  BusinessCalendarOptions,
  DateInput,
  DayInfo,
  DayReason,
  DaySpec,
  DeadlineOptions,
  NamedDay,
  NextWorkingDayOptions,
  OutOfRangePolicy,
  Period,
} from './business-calendar.js'
export { createBusinessCalendar } from './business-calendar.js'
export type { ChineseCalendarOptions, OfficialDay } from './chinese-calendar.js'
export { chineseCalendar, officialChineseDays } from './chinese-calendar.js'
export type { HolidaySchedule, HolidayScheduleFestival } from './holiday-schedule.js'
export { HOLIDAY_SCHEDULE_YEARS, parseHolidaySchedule } from './holiday-schedule.js'
export type { CivilDate, CivilDateFields, IsoWeekday } from './plain-date.js'
export {
  civilDate,
  compareCivilDates,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isCivilDate,
  isoWeekday,
  parseCivilDate,
  plusDays,
  toEpochDay,
} from './plain-date.js'
export type { Instant, InstantAtOptions, TimeOfDay } from './time-zone.js'
export {
  DEFAULT_TIME_ZONE,
  assertTimeZone,
  civilDateAt,
  endOfDay,
  instantAt,
  startOfDay,
  timeZoneOffset,
  toEpochMs,
} from './time-zone.js'
