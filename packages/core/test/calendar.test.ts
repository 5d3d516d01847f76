import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isFengqiaoError } from '../src/errors.js'
import {
  DEFAULT_TIME_ZONE,
  chineseCalendar,
  civilDate,
  civilDateAt,
  compareCivilDates,
  createBusinessCalendar,
  daysBetween,
  endOfDay,
  fromEpochDay,
  instantAt,
  isCivilDate,
  isoWeekday,
  officialChineseDays,
  parseCivilDate,
  plusDays,
  startOfDay,
  timeZoneOffset,
  toEpochDay,
  type BusinessCalendar,
  type Period,
} from '../src/calendar/index.js'

/** Asserts that `fn` throws FengqiaoError INVALID_OPTIONS, optionally with a message matching `pattern`. */
function expectInvalid(fn: () => unknown, pattern?: RegExp): void {
  let caught: unknown
  try {
    fn()
  } catch (e) {
    caught = e
  }
  expect(isFengqiaoError(caught, 'INVALID_OPTIONS'), `expected INVALID_OPTIONS, got ${String(caught)}`).toBe(true)
  if (pattern) expect((caught as Error).message).toMatch(pattern)
}

const cn = chineseCalendar()
const HOUR = 3_600_000

/** Every day from `from` to `to` inclusive. */
function daysFrom(from: string, to: string): string[] {
  const out: string[] = []
  for (let d = from; d <= to; d = plusDays(d, 1)) out.push(d)
  return out
}

describe('civil dates (plain-date)', () => {
  it('agrees with Date.UTC on epoch days, both ways, across 1900–2100', () => {
    for (let day = toEpochDay('1900-01-01'); day <= toEpochDay('2100-12-31'); day += 37) {
      const date = fromEpochDay(day)
      expect(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)))).toBe(
        day * 86_400_000,
      )
      expect(toEpochDay(date)).toBe(day)
    }
    expect(toEpochDay('1970-01-01')).toBe(0)
    expect(toEpochDay('2024-10-01')).toBe(19_997)
    expect(fromEpochDay(-1)).toBe('1969-12-31')
    expect(toEpochDay('0001-01-01')).toBe(-719_162)
  })

  it('handles leap years and month ends exactly', () => {
    expect(plusDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(plusDays('2023-02-28', 1)).toBe('2023-03-01')
    expect(plusDays('2000-02-28', 1)).toBe('2000-02-29')
    expect(plusDays('1900-02-28', 1)).toBe('1900-03-01')
    expect(plusDays('2024-12-31', 1)).toBe('2025-01-01')
    expect(plusDays('2024-03-01', -1)).toBe('2024-02-29')
    expect(daysBetween('2024-09-30', '2024-10-08')).toBe(8)
    expect(daysBetween('2025-01-01', '2024-01-01')).toBe(-366)
  })

  it('knows ISO weekdays', () => {
    expect(isoWeekday('1970-01-01')).toBe(4)
    expect(isoWeekday('2024-09-29')).toBe(7)
    expect(isoWeekday('2024-10-12')).toBe(6)
    expect(isoWeekday('2024-10-14')).toBe(1)
    expect(isoWeekday('1969-12-29')).toBe(1)
  })

  it('validates', () => {
    for (const bad of [
      '2023-02-29',
      '2024-02-30',
      '2024-13-01',
      '2024-9-1',
      '2024-09-01T00:00:00Z',
      '0000-01-01',
      '',
      ' 2024-09-01',
    ]) {
      expect(isCivilDate(bad)).toBe(false)
      expectInvalid(() => parseCivilDate(bad), /not a valid civil date/)
    }
    expect(isCivilDate('2024-02-29')).toBe(true)
    expect(isCivilDate(new Date(0))).toBe(false)
    expect(civilDate(2024, 10, 1)).toBe('2024-10-01')
    expectInvalid(() => civilDate(2024, 2, 30))
    expectInvalid(() => plusDays('2024-01-01', 1.5), /integer/)
    expectInvalid(() => plusDays('9999-12-31', 1))
    expect(compareCivilDates('2024-09-30', '2024-10-01')).toBe(-1)
    expect(compareCivilDates('2024-10-01', '2024-10-01')).toBe(0)
  })
})

describe('time zones', () => {
  it('reads 2024-09-30T17:00Z as 2024-10-01 in Shanghai (UTC+8) but 2024-09-30 in UTC', () => {
    const t = Date.parse('2024-09-30T17:00:00Z')
    expect(DEFAULT_TIME_ZONE).toBe('Asia/Shanghai')
    expect(civilDateAt(t)).toBe('2024-10-01')
    expect(civilDateAt(new Date(t), 'Asia/Shanghai')).toBe('2024-10-01')
    expect(civilDateAt(t, 'UTC')).toBe('2024-09-30')
    expect(cn.toCivilDate(t)).toBe('2024-10-01')
    expect(cn.toCivilDate(t, 'UTC')).toBe('2024-09-30')
    expect(cn.isWorkingDay(t)).toBe(false) // National Day in Shanghai
    // The last millisecond of 2024-09-30 in Shanghai, and the first of 2024-10-01.
    expect(civilDateAt(Date.parse('2024-09-30T15:59:59.999Z'))).toBe('2024-09-30')
    expect(civilDateAt(Date.parse('2024-09-30T16:00:00.000Z'))).toBe('2024-10-01')
    expect(civilDateAt(Date.parse('2024-10-01T03:00:00Z'), 'America/Los_Angeles')).toBe('2024-09-30')
  })

  it('turns civil dates and times back into instants', () => {
    expect(startOfDay('2024-10-01')).toBe(Date.parse('2024-10-01T00:00:00+08:00'))
    expect(endOfDay('2024-10-08')).toBe(Date.parse('2024-10-09T00:00:00+08:00'))
    expect(instantAt('2024-10-01', { time: '09:30' })).toBe(Date.parse('2024-10-01T09:30:00+08:00'))
    expect(instantAt('2024-10-01', { time: '23:59:59.999' })).toBe(Date.parse('2024-10-01T23:59:59.999+08:00'))
    expect(instantAt('2024-10-01', { time: '24:00' })).toBe(Date.parse('2024-10-02T00:00:00+08:00'))
    expect(instantAt('2024-10-01', { timeZone: 'UTC' })).toBe(Date.parse('2024-10-01T00:00:00Z'))
    expect(timeZoneOffset(Date.parse('2024-10-01T00:00:00Z'))).toBe(8 * HOUR)
  })

  it('supports zones with daylight-saving time (gaps resolve forward, repeats resolve early)', () => {
    // New York springs forward at 02:00 on 2024-03-10: 02:30 does not exist and becomes 03:30 EDT.
    expect(instantAt('2024-03-10', { time: '02:30', timeZone: 'America/New_York' })).toBe(
      Date.parse('2024-03-10T07:30:00Z'),
    )
    // New York falls back at 02:00 on 2024-11-03: 01:30 happens twice; the first (EDT) wins.
    expect(instantAt('2024-11-03', { time: '01:30', timeZone: 'America/New_York' })).toBe(
      Date.parse('2024-11-03T05:30:00Z'),
    )
    expect(instantAt('2024-03-31', { time: '02:30', timeZone: 'Europe/Berlin' })).toBe(
      Date.parse('2024-03-31T01:30:00Z'),
    )
    expect(instantAt('2024-10-27', { time: '02:30', timeZone: 'Europe/Berlin' })).toBe(
      Date.parse('2024-10-27T00:30:00Z'),
    )
    expect(timeZoneOffset(Date.parse('2024-07-01T00:00:00Z'), 'Europe/Berlin')).toBe(2 * HOUR)
    // A day of 23 hours: start to end of the spring-forward day.
    expect(endOfDay('2024-03-10', 'America/New_York') - startOfDay('2024-03-10', 'America/New_York')).toBe(23 * HOUR)
    // Shanghai itself observed DST 1986–1991: nothing assumes a fixed +08:00.
    expect(timeZoneOffset(Date.parse('1988-07-01T00:00:00Z'), 'Asia/Shanghai')).toBe(9 * HOUR)
    expect(timeZoneOffset(Date.parse('1988-12-01T00:00:00Z'), 'Asia/Shanghai')).toBe(8 * HOUR)
  })

  it('validates zones, instants and times', () => {
    expectInvalid(() => civilDateAt(0, 'Mars/Olympus'), /Unknown time zone/)
    expectInvalid(() => chineseCalendar({ timeZone: 'Not/AZone' }), /Unknown time zone/)
    expectInvalid(() => civilDateAt(Number.NaN), /not a valid instant/)
    expectInvalid(() => civilDateAt(new Date(Number.NaN)), /not a valid instant/)
    expectInvalid(() => instantAt('2024-10-01', { time: '25:00' }), /not a time of day/)
    expectInvalid(() => instantAt('2024-10-01', { time: '9:30' }), /not a time of day/)
  })
})

describe('official Chinese holiday data (chinese-days)', () => {
  it('covers at least 2020–2026 without gaps; 2027 is not yet published in the data', () => {
    const years = cn.coveredYears ?? []
    for (let y = 2020; y <= 2026; y++) expect(years).toContain(y)
    expect(years[0]).toBe(2004)
    expect(years.every((y, i) => i === 0 || y === (years[i - 1] as number) + 1)).toBe(true)
    expect(officialChineseDays().years).toEqual(years)
    expect(cn.covers('2026-12-31')).toBe(true)
    expect(cn.covers('2027-01-01')).toBe(false)
  })

  it('throws INVALID_OPTIONS rather than guessing outside the data range', () => {
    expectInvalid(() => cn.isWorkingDay('2027-01-04'), /no holiday data for 2027-01-04.*covers 2004–2026/)
    expectInvalid(() => cn.isWorkingDay('2003-06-02'), /no holiday data/)
    expectInvalid(() => cn.addDays('2026-12-20', 15), /2027-01-04/) // the last day needs classifying
    expect(cn.addDays('2026-12-20', 15, { rollForward: false })).toBe('2027-01-04') // pure arithmetic needs no data
    expectInvalid(() => cn.addWorkingDays('2026-12-30', 2), /2027/)
  })

  it("guesses from weekends only when asked to (outOfRange: 'weekends-only')", () => {
    const lenient = chineseCalendar({ outOfRange: 'weekends-only' })
    expect(lenient.dayInfo('2027-01-01')).toEqual({
      date: '2027-01-01',
      working: true,
      reason: 'weekday',
      covered: false,
    })
    expect(lenient.isRestDay('2027-01-02')).toBe(true) // Saturday
    expect(lenient.addDays('2026-12-20', 15)).toBe('2027-01-04')
    expect(lenient.dayInfo('2024-10-01').covered).toBe(true)
  })

  it('lets a deployment vouch for a year the data does not ship yet (extraCoveredYears)', () => {
    const withNextYear = chineseCalendar({
      extraCoveredYears: [2027],
      extraRestDays: [{ date: '2027-01-01', name: '元旦' }],
    })
    expect(withNextYear.coveredYears).toContain(2027)
    expect(withNextYear.isRestDay('2027-01-01')).toBe(true)
    expect(withNextYear.addDays('2026-12-17', 15)).toBe('2027-01-04') // Fri Jan 1 off, weekend → Monday
  })

  describe('National Day 2024: Oct 1–7 off; Sun Sep 29 and Sat Oct 12 worked', () => {
    it.each(daysFrom('2024-10-01', '2024-10-07'))('%s is a holiday', (date) => {
      expect(cn.isWorkingDay(date)).toBe(false)
      expect(cn.isRestDay(date)).toBe(true)
      expect(cn.dayInfo(date)).toMatchObject({ reason: 'holiday', name: '国庆节' })
    })
    it('the adjusted weekends are working days and the ordinary weekends around them are not', () => {
      expect(cn.dayInfo('2024-09-29')).toEqual({
        date: '2024-09-29',
        working: true,
        reason: 'adjusted-working-day',
        name: '国庆节',
        covered: true,
      })
      expect(cn.dayInfo('2024-10-12')).toEqual({
        date: '2024-10-12',
        working: true,
        reason: 'adjusted-working-day',
        name: '国庆节',
        covered: true,
      })
      expect(cn.dayInfo('2024-09-28')).toEqual({ date: '2024-09-28', working: false, reason: 'weekend', covered: true })
      expect(cn.dayInfo('2024-10-13')).toEqual({ date: '2024-10-13', working: false, reason: 'weekend', covered: true })
      expect(cn.dayInfo('2024-10-08')).toEqual({ date: '2024-10-08', working: true, reason: 'weekday', covered: true })
    })
  })

  it.each([
    // year, first day off, last day off, adjusted working weekends (from the State Council notices)
    [2024, '2024-02-10', '2024-02-17', ['2024-02-04', '2024-02-18']],
    [2025, '2025-01-28', '2025-02-04', ['2025-01-26', '2025-02-08']],
    [2026, '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']],
  ] as const)('Spring Festival %i: %s to %s off; %j worked', (_year, from, to, worked) => {
    const off = daysFrom(from, to)
    for (const d of off) expect(cn.dayInfo(d)).toMatchObject({ working: false, reason: 'holiday', name: '春节' })
    expect(cn.isWorkingDay(plusDays(from, -1)) || isoWeekday(plusDays(from, -1)) >= 6).toBe(true)
    expect(cn.isWorkingDay(plusDays(to, 1))).toBe(true)
    for (const d of worked) {
      expect(isoWeekday(d)).toBeGreaterThanOrEqual(6)
      expect(cn.dayInfo(d)).toMatchObject({ working: true, reason: 'adjusted-working-day', name: '春节' })
    }
  })

  it.each([
    ['2020-01-19', 7, '春节'],
    ['2020-10-10', 6, '国庆节'],
    ['2021-02-20', 6, '春节'],
    ['2021-09-18', 6, '中秋'],
    ['2022-04-02', 6, '清明'],
    ['2022-10-09', 7, '国庆节'],
    ['2023-06-25', 7, '端午'],
    ['2023-10-07', 6, '国庆节'],
    ['2024-09-14', 6, '中秋'],
    ['2025-04-27', 7, '劳动节'],
    ['2025-10-11', 6, '国庆节'],
    ['2026-01-04', 7, '元旦'],
    ['2026-05-09', 6, '劳动节'],
  ] as const)('调休: %s (ISO weekday %i) is a working day for %s', (date, weekday, name) => {
    expect(isoWeekday(date)).toBe(weekday)
    expect(cn.isWorkingDay(date)).toBe(true)
    expect(cn.dayInfo(date)).toMatchObject({ reason: 'adjusted-working-day', name })
  })

  it.each([
    ['2020-01-31', '春节'], // Friday: the 2020 Spring Festival holiday extended to Feb 2
    ['2023-01-02', '元旦'], // Monday in lieu
    ['2025-10-08', '国庆节'], // Wednesday: 8-day National Day + Mid-Autumn 2025
    ['2026-02-23', '春节'], // Monday
  ] as const)('weekday %s is a holiday (%s)', (date, name) => {
    expect(isoWeekday(date)).toBeLessThanOrEqual(5)
    expect(cn.dayInfo(date)).toMatchObject({ working: false, reason: 'holiday', name })
  })
})

describe('addDays: calendar-day periods under MS Art. 85', () => {
  it('does not count the start day: day 1 is the next day', () => {
    expect(cn.addDays('2024-10-08', 1)).toBe('2024-10-09')
    expect(cn.addDays('2024-10-08', 3)).toBe('2024-10-11')
    expect(cn.addDays('2024-10-08', 0)).toBe('2024-10-08')
  })

  it('rolls a 15-day period ending inside National Day forward to the next working day', () => {
    // Sep 16 + 15 = Oct 1, a holiday; Oct 1–7 are all rest days → Tue Oct 8.
    expect(cn.addDays('2024-09-16', 15)).toBe('2024-10-08')
    expect(cn.addDays('2024-09-16', 15, { rollForward: false })).toBe('2024-10-01')
    expect(cn.addDays('2024-09-20', 15)).toBe('2024-10-08') // ends Oct 5 (Saturday inside the holiday)
  })

  it('rolls a period ending on an ordinary weekend to Monday', () => {
    expect(isoWeekday('2024-11-16')).toBe(6)
    expect(cn.addDays('2024-11-01', 15)).toBe('2024-11-18') // ends Sat Nov 16
    expect(cn.addDays('2024-11-02', 15)).toBe('2024-11-18') // ends Sun Nov 17
  })

  it('does not roll a period ending on a 调休 working Saturday', () => {
    expect(cn.addDays('2024-09-27', 15)).toBe('2024-10-12')
  })

  it('rolls across Spring Festival (2025, 2026)', () => {
    expect(cn.addDays('2025-01-20', 10)).toBe('2025-02-05') // ends Thu Jan 30, inside Jan 28–Feb 4
    expect(cn.addDays('2026-02-01', 15)).toBe('2026-02-24') // ends Mon Feb 16, inside Feb 15–23
  })

  it('reads instants in the calendar time zone', () => {
    // 2024-09-30T17:00Z is Oct 1 in Shanghai: day 15 is Wed Oct 16.
    expect(cn.addDays(Date.parse('2024-09-30T17:00:00Z'), 15)).toBe('2024-10-16')
    expect(chineseCalendar({ timeZone: 'UTC' }).addDays(Date.parse('2024-09-30T17:00:00Z'), 15)).toBe('2024-10-15')
  })
})

describe('addWorkingDays: working-day periods', () => {
  it('skips a holiday', () => {
    expect(cn.addWorkingDays('2024-09-30', 1)).toBe('2024-10-08')
    expect(cn.addWorkingDays('2024-02-08', 3)).toBe('2024-02-19') // Fri 9, Sun 18 (调休), Mon 19
  })

  it('counts a 调休 weekend as a working day', () => {
    expect(cn.addWorkingDays('2024-09-27', 1)).toBe('2024-09-29') // Sunday worked
    expect(cn.addWorkingDays('2024-10-10', 2)).toBe('2024-10-12') // Fri 11, Saturday worked
    expect(cn.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24') // Sat 14 worked, then Feb 15–23 off
  })

  it('5 working days (XF Art. 23 objection) across National Day 2024 and Spring Festival 2025', () => {
    expect(cn.addWorkingDays('2024-09-27', 5)).toBe('2024-10-10') // Sep 29, Sep 30, Oct 8, 9, 10
    expect(cn.addWorkingDays('2025-01-24', 5)).toBe('2025-02-07') // Jan 26 (Sun, worked), 27, Feb 5, 6, 7
  })

  it('does not count the start day, whether or not it is a working day', () => {
    expect(cn.addWorkingDays('2024-10-08', 1)).toBe('2024-10-09')
    expect(cn.addWorkingDays('2024-10-05', 1)).toBe('2024-10-08')
    expect(cn.addWorkingDays('2024-10-05', 0)).toBe('2024-10-05')
  })
})

describe('nextWorkingDay and workingDaysBetween', () => {
  it('finds the next working day', () => {
    expect(cn.nextWorkingDay('2024-09-30')).toBe('2024-10-08')
    expect(cn.nextWorkingDay('2024-09-28')).toBe('2024-09-29')
    expect(cn.nextWorkingDay('2024-10-08')).toBe('2024-10-09')
    expect(cn.nextWorkingDay('2024-10-08', { inclusive: true })).toBe('2024-10-08')
    expect(cn.nextWorkingDay('2024-10-03', { inclusive: true })).toBe('2024-10-08')
  })

  it('counts working days in (from, to]', () => {
    expect(cn.workingDaysBetween('2024-09-27', '2024-10-12')).toBe(7) // Sep 29, 30, Oct 8–12
    expect(cn.workingDaysBetween('2024-10-12', '2024-09-27')).toBe(-7)
    expect(cn.workingDaysBetween('2024-10-01', '2024-10-01')).toBe(0)
    expect(cn.workingDaysBetween('2024-09-30', '2024-10-07')).toBe(0)
    expect(cn.workingDaysBetween('2024-02-09', '2024-02-19')).toBe(2) // Sun 18 (调休), Mon 19
    expect(cn.workingDaysBetween('2025-01-27', '2025-02-08')).toBe(4) // Feb 5, 6, 7, Sat 8 (调休)
  })

  it('is the inverse of addWorkingDays', () => {
    for (const start of ['2024-09-20', '2025-01-20', '2026-02-10']) {
      for (let n = 0; n <= 12; n++) expect(cn.workingDaysBetween(start, cn.addWorkingDays(start, n))).toBe(n)
    }
  })
})

describe('local days off (per tenant or region)', () => {
  const county = chineseCalendar({ extraRestDays: [{ date: '2024-11-18', name: '县庆' }, '2024-11-19'] })

  it('adds local rest days without touching the national calendar', () => {
    expect(county.dayInfo('2024-11-18')).toEqual({
      date: '2024-11-18',
      working: false,
      reason: 'holiday',
      name: '县庆',
      covered: true,
    })
    expect(county.isRestDay('2024-11-19')).toBe(true)
    expect(county.addDays('2024-11-01', 15)).toBe('2024-11-20') // Sat 16 → Mon 18 and Tue 19 are off locally → Wed 20
    expect(county.addWorkingDays('2024-11-15', 1)).toBe('2024-11-20')
    expect(cn.addDays('2024-11-01', 15)).toBe('2024-11-18')
    expect(cn.isWorkingDay('2024-11-18')).toBe(true)
  })

  it('lets a deployment override the national data with local working days', () => {
    const local = chineseCalendar({ extraWorkingDays: [{ date: '2024-10-07', name: 'local duty day' }] })
    expect(local.dayInfo('2024-10-07')).toMatchObject({
      working: true,
      reason: 'adjusted-working-day',
      name: 'local duty day',
    })
    expect(local.addDays('2024-09-16', 15)).toBe('2024-10-07')
    const alsoOff = chineseCalendar({ extraRestDays: ['2024-10-12'] }) // a worked Saturday given off locally
    expect(alsoOff.isRestDay('2024-10-12')).toBe(true)
  })

  it('refuses contradictory or malformed local days', () => {
    expectInvalid(
      () => chineseCalendar({ extraRestDays: ['2024-11-18'], extraWorkingDays: ['2024-11-18'] }),
      /both extraRestDays and extraWorkingDays/,
    )
    expectInvalid(() => chineseCalendar({ extraRestDays: ['2024-11-31'] }), /not a civil date/)
    expectInvalid(() => chineseCalendar({ extraRestDays: [{ date: '18/11/2024' }] }), /not a civil date/)
  })
})

describe('deadline(): the instant a period ends (end of the last local day)', () => {
  it('a 15-day period from an instant is due at 24:00 Shanghai time of the (rolled) 15th day', () => {
    const received = Date.parse('2024-09-16T10:00:00+08:00')
    const due = cn.deadline(received, { days: 15 })
    expect(due).toBe(Date.parse('2024-10-09T00:00:00+08:00'))
    expect(civilDateAt(due - 1)).toBe('2024-10-08') // the last running millisecond is still Oct 8
    expect(cn.deadline('2024-09-16', { days: 15 })).toBe(due) // a civil date start gives the same
    expect(cn.deadline(received, { days: 15 }, { rollForward: false })).toBe(Date.parse('2024-10-02T00:00:00+08:00'))
  })

  it('uses the case time zone to find the start day and the end of the last day', () => {
    const t = Date.parse('2024-09-30T17:00:00Z') // Oct 1, 01:00 in Shanghai
    expect(cn.deadline(t, { days: 15 })).toBe(Date.parse('2024-10-17T00:00:00+08:00'))
    expect(cn.deadline(t, { days: 15 }, { timeZone: 'UTC' })).toBe(Date.parse('2024-10-16T00:00:00Z'))
    expect(cn.deadline(t, { days: 0 })).toBe(Date.parse('2024-10-09T00:00:00+08:00')) // Oct 1 rolls to Oct 8
  })

  it('working-day deadlines', () => {
    const t = Date.parse('2024-09-30T17:00:00Z') // Oct 1 in Shanghai
    expect(cn.deadline(t, { workingDays: 5 })).toBe(Date.parse('2024-10-13T00:00:00+08:00')) // Oct 8–12, Sat 12 worked
    expect(cn.deadline('2025-01-24', { workingDays: 5 })).toBe(Date.parse('2025-02-08T00:00:00+08:00'))
  })

  it('hours are plain elapsed time, ignoring holidays', () => {
    const t = Date.parse('2024-10-01T09:00:00+08:00')
    expect(cn.deadline(t, { hours: 24 })).toBe(t + 24 * HOUR)
    expect(cn.addHours(t, 2)).toBe(t + 2 * HOUR)
    expect(cn.addHours(new Date(t), 0.5)).toBe(t + HOUR / 2)
    expectInvalid(() => cn.deadline('2024-10-01', { hours: 2 }), /needs an instant/)
    expectInvalid(() => cn.addHours(t, -1), /non-negative/)
  })

  it('validates the period', () => {
    expectInvalid(() => cn.deadline(0, { days: 1, hours: 2 } as unknown as Period), /exactly one/)
    expectInvalid(() => cn.deadline(0, {} as Period), /exactly one/)
    expectInvalid(() => cn.deadline(0, { weeks: 1 } as unknown as Period), /exactly one/)
    expectInvalid(() => cn.deadline(0, { days: -1 }), /non-negative integer/)
    expectInvalid(() => cn.deadline(0, { workingDays: 1.5 }), /non-negative integer/)
    expectInvalid(() => cn.deadline(0, { days: 1 }, { timeZone: 'Nowhere/Land' }), /Unknown time zone/)
  })
})

describe('input validation', () => {
  it.each([
    ['negative n', (c: BusinessCalendar) => c.addDays('2024-10-08', -1)],
    ['fractional n', (c: BusinessCalendar) => c.addDays('2024-10-08', 1.5)],
    ['NaN n', (c: BusinessCalendar) => c.addWorkingDays('2024-10-08', Number.NaN)],
    ['an impossible date', (c: BusinessCalendar) => c.isWorkingDay('2024-02-30')],
    ['an ISO timestamp string', (c: BusinessCalendar) => c.isWorkingDay('2024-10-01T00:00:00+08:00')],
    ['an invalid Date', (c: BusinessCalendar) => c.isWorkingDay(new Date(Number.NaN))],
    [
      'a non-boolean rollForward',
      (c: BusinessCalendar) => c.addDays('2024-10-08', 1, { rollForward: 'no' as unknown as boolean }),
    ],
  ])('refuses %s with INVALID_OPTIONS', (_label, call) => {
    expectInvalid(() => call(cn))
  })

  it('refuses bad calendar options', () => {
    expectInvalid(() => chineseCalendar({ outOfRange: 'guess' as unknown as 'throw' }), /outOfRange/)
    expectInvalid(() => createBusinessCalendar({ weekend: [1, 2, 3, 4, 5, 6, 7] }), /all seven/)
    expectInvalid(() => createBusinessCalendar({ weekend: [0 as unknown as 7] }), /ISO weekdays/)
    expectInvalid(
      () => createBusinessCalendar({ restDays: ['2025-01-01'], workingDays: ['2025-01-01'] }),
      /both as a rest day and as a working day/,
    )
    expectInvalid(() => createBusinessCalendar({ coveredYears: { from: 2026, to: 2025 } }), /from <= to/)
  })
})

describe('createBusinessCalendar (a custom calendar)', () => {
  it('supports another weekend, listed days and covered years', () => {
    const friSat = createBusinessCalendar({
      timeZone: 'Asia/Dubai',
      weekend: [5, 6],
      restDays: [{ date: '2025-03-31', name: 'Eid' }],
      workingDays: ['2025-04-05'],
      coveredYears: { from: 2025, to: 2025 },
    })
    expect(friSat.timeZone).toBe('Asia/Dubai')
    expect(friSat.coveredYears).toEqual([2025])
    expect(friSat.isRestDay('2025-03-28')).toBe(true) // Friday
    expect(friSat.isWorkingDay('2025-03-30')).toBe(true) // Sunday
    expect(friSat.dayInfo('2025-03-31')).toMatchObject({ working: false, reason: 'holiday', name: 'Eid' })
    expect(friSat.addDays('2025-03-26', 2)).toBe('2025-03-30') // ends Friday 28 → Sat off → Sun 30
    expect(friSat.addWorkingDays('2025-04-03', 1)).toBe('2025-04-05') // Fri 4 off, Sat 5 listed as working
    expectInvalid(() => friSat.isWorkingDay('2026-01-01'), /covers 2025/)
  })

  it('is unlimited in years when coveredYears is not given', () => {
    const plain = createBusinessCalendar()
    expect(plain.coveredYears).toBeUndefined()
    expect(plain.addDays('2099-12-25', 7)).toBe('2100-01-01') // a Friday
  })
})

describe('source hygiene', () => {
  it('never reads the ambient clock or randomness in src/calendar', () => {
    const dir = fileURLToPath(new URL('../src/calendar/', import.meta.url))
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(dir + file, 'utf8')
      expect(text, file).not.toMatch(/Date\.now\(|new Date\(\s*\)|Math\.random\(/)
    }
  })
})
