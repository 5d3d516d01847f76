import { describe, expectTypeOf, it } from 'vitest'
import {
  chineseCalendar,
  parseHolidaySchedule,
  readHolidaySchedule,
  type BusinessCalendar,
  type CalendarCoverage,
  type CalendarGap,
  type HolidaySchedule,
} from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

describe('holiday schedules and calendar coverage: public types', () => {
  it('parses and reads to a HolidaySchedule, which chineseCalendar takes', () => {
    expectTypeOf(parseHolidaySchedule).parameter(0).toEqualTypeOf<unknown>()
    expectTypeOf(parseHolidaySchedule).returns.toEqualTypeOf<HolidaySchedule>()
    expectTypeOf(readHolidaySchedule).returns.resolves.toEqualTypeOf<HolidaySchedule>()
    expectTypeOf<Parameters<typeof chineseCalendar>[0]>().toExtend<{ schedules?: readonly HolidaySchedule[] | undefined } | undefined>()
    // A schedule is read-only: a loaded year cannot be changed behind the calendar's back.
    // Type-level only: never run.
    const never = false as boolean
    if (never) {
      const schedule = parseHolidaySchedule('{}')
      // @ts-expect-error readonly
      schedule.year = 2028
      // @ts-expect-error readonly
      schedule.festivals[0]?.restDays.push('2027-01-04')
    }
  })

  it('coverage() belongs to every calendar', () => {
    expectTypeOf<BusinessCalendar['coverage']>().returns.toEqualTypeOf<CalendarCoverage>()
    expectTypeOf<CalendarCoverage['to']>().toEqualTypeOf<number | null>()
    expectTypeOf<CalendarCoverage['supplied']>().toEqualTypeOf<readonly number[]>()
  })

  it('types the calendarGap event', () => {
    const engine = createTestEngine({})
    engine.on('calendarGap', (gap) => {
      expectTypeOf(gap).toEqualTypeOf<CalendarGap>()
      expectTypeOf(gap.year).toEqualTypeOf<number>()
      expectTypeOf(gap.dueAt).toEqualTypeOf<Date>()
      expectTypeOf(gap.orgUnit).toEqualTypeOf<string | null>()
    })
  })
})
