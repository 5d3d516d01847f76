// A year's holiday schedule supplied as data: the State Council's notice transcribed into JSON
// (docs/operations.md, "A new year's holiday schedule"), validated, loaded over the package's data.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isFengqiaoError } from '../src/errors.js'
import {
  chineseCalendar,
  createBusinessCalendar,
  officialChineseDays,
  parseHolidaySchedule,
  plusDays,
  type HolidaySchedule,
} from '../src/calendar/index.js'
import { readHolidaySchedule } from '../src/index.js'

const fixture = fileURLToPath(new URL('./fixtures/holidays-2027.example.json', import.meta.url))
const text = readFileSync(fixture, 'utf8')
const y2027 = parseHolidaySchedule(text)

/** Runs `fn`, expecting CALENDAR_DATA_INVALID; returns the error's details. */
function refused(fn: () => unknown): Readonly<Record<string, unknown>> & { message: string } {
  try {
    fn()
  } catch (e) {
    expect(isFengqiaoError(e, 'CALENDAR_DATA_INVALID'), `expected CALENDAR_DATA_INVALID, got ${String(e)}`).toBe(true)
    const err = e as Error & { details: Record<string, unknown> }
    return { ...err.details, message: err.message }
  }
  throw new Error('expected CALENDAR_DATA_INVALID, nothing was thrown')
}

/** The fixture with one change, as a plain value. */
function edited(
  change: (s: { year: unknown; festivals: Record<string, unknown>[] } & Record<string, unknown>) => void,
) {
  const s = JSON.parse(text) as { year: unknown; festivals: Record<string, unknown>[] } & Record<string, unknown>
  change(s)
  return s
}

describe('a new year loaded as data: 2027 across the Spring Festival', () => {
  const cal = chineseCalendar({ schedules: [y2027] })
  const guess = chineseCalendar({ outOfRange: 'weekends-only' })

  it('covers 2027, and says the year was supplied', () => {
    expect(cal.covers('2027-06-01')).toBe(true)
    expect(cal.coveredYears).toContain(2027)
    expect(cal.coverage()).toMatchObject({ limited: true, from: 2004, to: 2027, gaps: [], supplied: [2027] })
    expect(cal.coverage().years).toEqual(officialChineseDays().years.concat(2027))
  })

  it('rolls a 20-day period ending inside the Spring Festival holiday past it (MS Art. 85)', () => {
    // Day 20 after Wed 2027-01-20 is Tue Feb 9, inside Feb 5–14: the period ends Mon Feb 15.
    expect(cal.addDays('2027-01-20', 20)).toBe('2027-02-15')
    expect(guess.addDays('2027-01-20', 20)).toBe('2027-02-09') // what weekends only would say
    expect(cal.deadline(Date.parse('2027-01-20T10:00:00+08:00'), { days: 20 })).toBe(
      Date.parse('2027-02-16T00:00:00+08:00'),
    )
  })

  it('counts the 调休 Sunday and skips the holiday in working-day periods', () => {
    expect(cal.addWorkingDays('2027-01-29', 5)).toBe('2027-02-04') // Sun Jan 31 worked, Feb 1–4
    expect(cal.addWorkingDays('2027-02-01', 10)).toBe('2027-02-22') // Feb 2–4, 15–19, Sat 20, Mon 22
    expect(cal.workingDaysBetween('2027-02-04', '2027-02-20')).toBe(6)
    expect(cal.dayInfo('2027-02-10')).toEqual({
      date: '2027-02-10',
      working: false,
      reason: 'holiday',
      name: '春节',
      covered: true,
    })
    expect(cal.dayInfo('2027-02-20')).toMatchObject({ working: true, reason: 'adjusted-working-day', name: '春节' })
  })

  it('lets a strict calendar (outOfRange: throw) compute across the new year', () => {
    const strict = chineseCalendar({ schedules: [y2027] })
    expect(strict.addDays('2026-12-17', 15)).toBe('2027-01-04') // Fri Jan 1 – Sun Jan 3 off
    expect(() => chineseCalendar().addDays('2026-12-17', 15)).toThrow(/no holiday data for 2027-01-01/)
    expect(() => strict.isWorkingDay('2028-01-03')).toThrow(/covers 2004–2027/)
  })

  it('reads the file, and parses its text or its value alike', async () => {
    const fromFile = await readHolidaySchedule(fixture)
    expect(fromFile).toEqual(y2027)
    expect(parseHolidaySchedule(JSON.parse(text))).toEqual(y2027)
    expect(parseHolidaySchedule(y2027)).toEqual(y2027) // a parsed schedule parses again unchanged
    expect(Object.isFrozen(y2027) && Object.isFrozen(y2027.festivals[1]?.restDays)).toBe(true)
    expect(y2027.festivals.map((f) => f.name)).toEqual([
      '元旦',
      '春节',
      '清明节',
      '劳动节',
      '端午节',
      '中秋节',
      '国庆节',
    ])
  })

  it('is the example docs/operations.md shows', () => {
    const page = readFileSync(fileURLToPath(new URL('../../../docs/operations.md', import.meta.url)), 'utf8')
    const section = page.slice(page.indexOf("## A new year's holiday schedule"))
    const block = /```json\n([\s\S]*?)```/.exec(section)?.[1]
    expect(block, 'a json block in the section').toBeDefined()
    expect(JSON.parse(block as string)).toEqual(JSON.parse(text))
  })
})

describe('a supplied year wins over the package', () => {
  /** A package year transcribed into the schedule format, as an operator would from the notice. */
  function transcribe(year: number): HolidaySchedule {
    const festivals = new Map<string, { name: string; restDays: string[]; workingDays: string[] }>()
    for (const d of officialChineseDays().days) {
      if (!d.date.startsWith(`${year}-`)) continue
      const f = festivals.get(d.name) ?? { name: d.name, restDays: [], workingDays: [] }
      ;(d.working ? f.workingDays : f.restDays).push(d.date)
      festivals.set(d.name, f)
    }
    return parseHolidaySchedule({ year, source: 'chinese-days', festivals: [...festivals.values()] })
  }

  it('a package year transcribed and supplied gives the very same calendar (2024, 2025, 2026)', () => {
    const pkg = chineseCalendar()
    for (const year of [2024, 2025, 2026]) {
      const cal = chineseCalendar({ schedules: [transcribe(year)] })
      expect(cal.coverage().supplied).toEqual([year])
      for (let d = `${year - 1}-12-20`; d <= `${year}-12-31`; d = plusDays(d, 1)) {
        expect(cal.dayInfo(d), d).toEqual(pkg.dayInfo(d))
      }
    }
  })

  it('replaces the package days from 25 December before to 24 December of its year, and no others', () => {
    const fix = parseHolidaySchedule({
      year: 2026,
      source: 'a corrected 2026',
      festivals: [
        { name: '元旦', restDays: ['2025-12-31', '2026-01-01', '2026-01-02'] },
        { name: '国庆节', restDays: ['2026-10-01', '2026-10-02'], workingDays: ['2026-10-10'] },
      ],
    })
    const pkg = chineseCalendar()
    const cal = chineseCalendar({ schedules: [fix] })
    expect(pkg.isWorkingDay('2025-12-31')).toBe(true)
    expect(cal.dayInfo('2025-12-31')).toMatchObject({ working: false, reason: 'holiday', name: '元旦' })
    // The package's Spring Festival 2026 (Feb 15–23, Sat Feb 14 worked) is gone with its year.
    expect(pkg.isWorkingDay('2026-02-16')).toBe(false)
    expect(cal.dayInfo('2026-02-16')).toMatchObject({ working: true, reason: 'weekday' })
    expect(cal.dayInfo('2026-02-14')).toMatchObject({ working: false, reason: 'weekend' })
    expect(cal.isWorkingDay('2026-10-05')).toBe(true)
    expect(cal.isWorkingDay('2026-10-10')).toBe(true)
    // 2025 itself is untouched.
    expect(cal.dayInfo('2025-10-01')).toEqual(pkg.dayInfo('2025-10-01'))
  })

  it('local days off still win over a supplied year', () => {
    const dayOff = chineseCalendar({ schedules: [y2027], extraRestDays: [{ date: '2027-02-15', name: '县庆' }] })
    expect(dayOff.dayInfo('2027-02-15')).toMatchObject({ working: false, name: '县庆' })
    expect(dayOff.addDays('2027-01-20', 20)).toBe('2027-02-16') // Feb 9 → past the holiday and the local day
    const worked = chineseCalendar({ schedules: [y2027], extraWorkingDays: ['2027-02-12'] })
    expect(worked.dayInfo('2027-02-12')).toMatchObject({ working: true, reason: 'adjusted-working-day' })
    expect(worked.addDays('2027-01-20', 20)).toBe('2027-02-12')
  })
})

describe('coverage()', () => {
  it('says which years a calendar knows', () => {
    const { years } = officialChineseDays()
    expect(chineseCalendar().coverage()).toEqual({
      limited: true,
      years,
      from: years[0],
      to: 2026,
      gaps: [],
      supplied: [],
    })
    expect(chineseCalendar({ extraCoveredYears: [2028] }).coverage()).toMatchObject({ to: 2028, gaps: [2027] })
    expect(createBusinessCalendar({ coveredYears: [2022, 2020] }).coverage()).toEqual({
      limited: true,
      years: [2020, 2022],
      from: 2020,
      to: 2022,
      gaps: [2021],
      supplied: [],
    })
    expect(createBusinessCalendar().coverage()).toEqual({
      limited: false,
      years: [],
      from: null,
      to: null,
      gaps: [],
      supplied: [],
    })
  })
})

describe('validation: CALENDAR_DATA_INVALID names the field and the date; nothing is loaded', () => {
  it('refuses what is not JSON, or not an object', () => {
    expect(refused(() => parseHolidaySchedule('{ "year": 2027, '))).toMatchObject({ field: '(the whole file)' })
    for (const bad of [null, 42, 'null', [], '[]'])
      expect(refused(() => parseHolidaySchedule(bad)).message).toMatch(/malformed/)
  })

  it('checks the shape: keys, types, empty lists', () => {
    expect(refused(() => parseHolidaySchedule(edited((s) => delete s.year)))).toMatchObject({ field: 'year' })
    expect(refused(() => parseHolidaySchedule(edited((s) => (s.year = '2027'))))).toMatchObject({ field: 'year' })
    expect(refused(() => parseHolidaySchedule(edited((s) => (s.year = 2027.5))))).toMatchObject({ field: 'year' })
    expect(refused(() => parseHolidaySchedule(edited((s) => (s.festivals = []))))).toMatchObject({ field: 'festivals' })
    expect(refused(() => parseHolidaySchedule(edited((s) => (s.holidays = []))))).toMatchObject({
      field: '(the whole file)',
    })
    const typo = refused(() =>
      parseHolidaySchedule(edited((s) => ((s.festivals[1] as Record<string, unknown>).workdays = ['2027-01-31']))),
    )
    expect(typo).toMatchObject({ field: 'festivals[1]', year: 2027 })
    expect(typo.message).toMatch(/workdays/)
    expect(
      refused(() => parseHolidaySchedule(edited((s) => ((s.festivals[2] as { name: string }).name = ' ')))),
    ).toMatchObject({
      field: 'festivals[2].name',
    })
    expect(
      refused(() => parseHolidaySchedule(edited((s) => ((s.festivals[4] as { restDays: unknown[] }).restDays = [])))),
    ).toMatchObject({ field: 'festivals[4].restDays' })
    expect(
      refused(() =>
        parseHolidaySchedule(edited((s) => ((s.festivals[1] as { restDays: unknown[] }).restDays[3] = 20270208))),
      ),
    ).toMatchObject({ field: 'festivals[1].restDays[3]' })
  })

  it('refuses a year out of range', () => {
    for (const year of [207, 1999, 2101, 20277]) {
      const e = refused(() => parseHolidaySchedule(edited((s) => (s.year = year))))
      expect(e).toMatchObject({ field: 'year', year })
      expect(e.message).toMatch(/2000–2100/)
    }
  })

  it('refuses a date that does not exist or is not written YYYY-MM-DD', () => {
    for (const date of ['2027-02-30', '2027-2-9', '2027-02-09T00:00:00+08:00', '']) {
      const e = refused(() =>
        parseHolidaySchedule(edited((s) => ((s.festivals[1] as { restDays: string[] }).restDays[4] = date))),
      )
      expect(e).toMatchObject({ field: 'festivals[1].restDays[4]', date, year: 2027 })
    }
  })

  it("refuses a date outside the schedule's year, but takes the last week of December before it", () => {
    for (const [date, field] of [
      ['2028-01-01', 'festivals[6].restDays[0]'],
      ['2026-12-24', 'festivals[6].restDays[0]'],
      ['2026-05-01', 'festivals[6].restDays[0]'],
    ] as const) {
      const e = refused(() =>
        parseHolidaySchedule(edited((s) => ((s.festivals[6] as { restDays: string[] }).restDays[0] = date))),
      )
      expect(e).toMatchObject({ field, date })
      expect(e.message).toMatch(/outside the schedule's year 2027/)
    }
    const early = parseHolidaySchedule(
      edited((s) => {
        const f = s.festivals[0] as { restDays: string[]; workingDays?: string[] }
        f.restDays.unshift('2026-12-31')
        f.workingDays = ['2026-12-26'] // a Saturday
      }),
    )
    const cal = chineseCalendar({ schedules: [early] })
    expect(cal.isRestDay('2026-12-31')).toBe(true)
    expect(cal.isWorkingDay('2026-12-26')).toBe(true)
  })

  it('refuses a day listed twice, or both off and worked', () => {
    const twice = refused(() =>
      parseHolidaySchedule(edited((s) => (s.festivals[3] as { restDays: string[] }).restDays.push('2027-05-01'))),
    )
    expect(twice).toMatchObject({
      field: 'festivals[3].restDays[5]',
      date: '2027-05-01',
      first: 'festivals[3].restDays[0]',
    })
    const across = refused(() =>
      parseHolidaySchedule(edited((s) => (s.festivals[5] as { restDays: string[] }).restDays.push('2027-10-01'))),
    )
    expect(across).toMatchObject({ field: 'festivals[6].restDays[0]', date: '2027-10-01' })
    const both = refused(() =>
      parseHolidaySchedule(edited((s) => (s.festivals[1] as { workingDays: string[] }).workingDays.push('2027-02-13'))),
    )
    expect(both).toMatchObject({ field: 'festivals[1].workingDays[2]', date: '2027-02-13' })
    expect(both.message).toMatch(/listed twice/)
  })

  it('refuses a make-up working day that is not a weekend day', () => {
    const e = refused(() =>
      parseHolidaySchedule(
        edited((s) => ((s.festivals[3] as { workingDays: string[] }).workingDays[0] = '2027-05-07')),
      ),
    )
    expect(e).toMatchObject({ field: 'festivals[3].workingDays[0]', date: '2027-05-07' })
    expect(e.message).toMatch(/a weekday/)
  })

  it('refuses a schedule without New Year’s Day off (cut short)', () => {
    const e = refused(() => parseHolidaySchedule(edited((s) => s.festivals.shift())))
    expect(e).toMatchObject({ field: 'festivals', date: '2027-01-01', year: 2027 })
  })

  it('refuses a year supplied twice, and a schedules option that is not a list', () => {
    expect(refused(() => chineseCalendar({ schedules: [y2027, y2027] }))).toMatchObject({ field: 'year', year: 2027 })
    expect(refused(() => chineseCalendar({ schedules: [{ year: 2027 } as unknown as HolidaySchedule] }))).toMatchObject(
      {
        field: 'festivals',
      },
    )
    let caught: unknown
    try {
      chineseCalendar({ schedules: y2027 as unknown as HolidaySchedule[] })
    } catch (e) {
      caught = e
    }
    expect(isFengqiaoError(caught, 'INVALID_OPTIONS')).toBe(true)
  })

  it('reading a file: a missing file, or bad content, is refused naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fengqiao-holidays-'))
    const missing = join(dir, 'nope.json')
    await expect(readHolidaySchedule(missing)).rejects.toMatchObject({
      code: 'CALENDAR_DATA_INVALID',
      details: { path: missing, reason: 'ENOENT' },
    })
    const bad = join(dir, 'holidays-2027.json')
    writeFileSync(bad, text.replace('"2027-05-08"', '"2027-05-07"'))
    const e = await readHolidaySchedule(bad).catch((x: unknown) => x)
    expect(isFengqiaoError(e, 'CALENDAR_DATA_INVALID')).toBe(true)
    expect((e as Error).message).toContain(bad)
    expect(e).toMatchObject({ details: { path: bad, field: 'festivals[3].workingDays[0]', date: '2027-05-07' } })
    await expect(readHolidaySchedule('')).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })
})
