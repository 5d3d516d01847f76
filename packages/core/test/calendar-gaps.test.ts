// The calendar beyond its data package, through the engine: a year's holiday schedule loaded as
// data moves a 2027 deadline past the Spring Festival, and a deadline that runs into a year the
// calendar has no data for is reported — a log line at start, the calendarGap event once per year.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import {
  chineseCalendar,
  defineProcess,
  isFengqiaoError,
  parseHolidaySchedule,
  type CalendarGap,
  type EngineLogger,
} from '../src/index.js'
import { createTestEngine, type TestEngineOptions } from '../src/testing/test-engine.js'
import { organ, petitionLite } from './fixtures/petition-lite.js'

const y2027 = parseHolidaySchedule(
  readFileSync(fileURLToPath(new URL('./fixtures/holidays-2027.example.json', import.meta.url)), 'utf8'),
)
const at = (iso: string) => Date.parse(iso)

// A reply due in 20 days (日, MS Art. 85), then a supervision period of 400 days.
const events = {
  NEXT: { schema: z.object({}), roles: ['organ'] },
  CLOSE: { schema: z.object({}), roles: ['organ'] },
} as const
const machine = setup({ types: { events: {} as { type: 'NEXT' } | { type: 'CLOSE' } } }).createMachine({
  id: 'gap',
  initial: 'open',
  states: {
    open: { meta: { task: { role: 'organ' }, deadline: { days: 20, name: 'reply' } }, on: { NEXT: 'supervised' } },
    supervised: {
      meta: { task: { role: 'organ' }, deadline: { days: 400, name: 'supervision' } },
      on: { CLOSE: 'closed' },
    },
    closed: { type: 'final', meta: { outcome: 'resolved' } },
  },
})
const gapProcess = defineProcess({ id: 'gap', version: 1, machine, events })

/** A test engine whose warnings and calendarGap events are recorded. */
function watched(options: TestEngineOptions) {
  const lines: { message: string; detail: Readonly<Record<string, unknown>> | undefined }[] = []
  const logger: EngineLogger = { warn: (message, detail) => lines.push({ message, detail }) }
  const t = createTestEngine({ logger, ...options })
  const gaps: CalendarGap[] = []
  t.on('calendarGap', (g) => gaps.push(g))
  const due = async (id: string) => (await t.system.tasks({ instanceId: id })).items[0]?.dueAt?.getTime()
  return { t, lines, gaps, due }
}

afterEach(() => {
  vi.restoreAllMocks()
})

describe('a year loaded as data: a 2027 deadline across the Spring Festival', () => {
  it('with the 2027 schedule, 20 days from 20 January roll past Feb 5–14 to Monday Feb 15; 2027 is not reported', async () => {
    const calendar = chineseCalendar({ outOfRange: 'weekends-only', schedules: [y2027] })
    const { t, lines, gaps, due } = watched({ processes: [gapProcess], start: '2027-01-20T10:00:00+08:00', calendar })
    const { id } = await t.start('gap', undefined, { actor: organ })
    expect(await due(id)).toBe(at('2027-02-16T00:00:00+08:00'))
    expect(gaps).toEqual([])
    // 2027 is known now; only the year after, which a 400-day supervision started now reaches, is not.
    expect(lines.map((l) => l.detail?.years)).toEqual([[2028]])
    // The deadline runs until the end of Feb 15, not of Feb 9.
    t.clock.set('2027-02-15T23:59:59+08:00')
    expect((await t.system.tasks({ instanceId: id })).items[0]?.colour).not.toBe('red')
    await t.advance('1s')
    expect((await t.system.tasks({ instanceId: id })).items[0]?.colour).toBe('red')
  })

  it('without it, the same deadline counts weekends only (due Feb 10) and the engine says so, once', async () => {
    const { t, lines, gaps, due } = watched({ processes: [gapProcess], start: '2027-01-20T10:00:00+08:00' })
    // At start: this year and the next one (a 400-day supervision started now ends in 2028).
    expect(lines).toHaveLength(1)
    expect(lines[0]?.message).toMatch(/no holiday data for 2027–2028 \(it has 2004–2026\)/)
    expect(lines[0]?.message).toMatch(/readHolidaySchedule/)
    expect(lines[0]?.detail).toMatchObject({ years: [2027, 2028], covered: { from: 2004, to: 2026 }, horizonDays: 414 })

    const first = await t.start('gap', undefined, { actor: organ })
    expect(await due(first.id)).toBe(at('2027-02-10T00:00:00+08:00'))
    expect(gaps).toEqual([
      {
        year: 2027,
        instanceId: first.id,
        processId: 'gap',
        deadline: 'reply',
        dueAt: new Date(at('2027-02-10T00:00:00+08:00')),
        orgUnit: null,
        covered: { from: 2004, to: 2026 },
      },
    ])
    // Once per year, not per deadline: a second case, and the first one's next step, add nothing for 2027 …
    await t.start('gap', undefined, { actor: organ })
    await t.send(first.id, { type: 'NEXT' }, { actor: organ })
    // … but the 400-day supervision runs into 2028, reported once.
    expect(gaps.map((g) => [g.year, g.deadline])).toEqual([
      [2027, 'reply'],
      [2028, 'supervision'],
    ])
    expect(lines).toHaveLength(1) // both years were in the line at start
  })
})

describe('the calendarGap warning', () => {
  it('stays silent while every deadline is inside the data', async () => {
    const { t, lines, gaps } = watched({ processes: [petitionLite], start: '2026-03-02T09:00:00+08:00' })
    const { id } = await t.start('pl', undefined, { actor: organ })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ }) // 60 days: due in May 2026
    await t.advance('20d')
    expect(lines).toEqual([])
    expect(gaps).toEqual([])
  })

  it('fires when a deadline started in a covered year runs into one without data, with a log line when start had none', async () => {
    // In September the longest petition deadline (60 + 30 days extension) stays inside 2026: no line at start.
    const { t, lines, gaps } = watched({ processes: [petitionLite], start: '2026-09-01T09:00:00+08:00' })
    expect(lines).toEqual([])
    const early = await t.start('pl', undefined, { actor: organ })
    expect(gaps).toEqual([])
    t.clock.set('2026-12-20T10:00:00+08:00')
    const late = await t.start('pl', undefined, { actor: organ }) // 15 days: Jan 4, 2027
    expect(gaps).toEqual([expect.objectContaining({ year: 2027, instanceId: late.id, deadline: 'acceptNotice' })])
    expect(lines).toHaveLength(1)
    expect(lines[0]?.message).toMatch(new RegExp(`"acceptNotice" of case ${late.id} runs into 2027`))
    expect(lines[0]?.detail).toMatchObject({ year: 2027, instanceId: late.id })
    await t.send(early.id, { type: 'ACCEPT' }, { actor: organ }) // 60 days from Dec 20: also 2027
    expect(gaps).toHaveLength(1)
    expect(lines).toHaveLength(1)
  })

  it('follows the calendar of the case’s org unit', async () => {
    const withYear = chineseCalendar({ outOfRange: 'weekends-only', schedules: [y2027] })
    const without = chineseCalendar({ outOfRange: 'weekends-only' })
    const { t, gaps } = watched({
      processes: [petitionLite],
      start: '2026-12-20T10:00:00+08:00',
      calendar: (orgUnit) => (orgUnit === 'loaded' ? withYear : without),
    })
    await t.start('pl', undefined, { actor: organ, orgUnit: 'loaded' })
    expect(gaps).toEqual([])
    const other = await t.start('pl', undefined, { actor: organ, orgUnit: 'other' })
    expect(gaps).toEqual([expect.objectContaining({ year: 2027, instanceId: other.id, orgUnit: 'other' })])
  })

  it('writes to console by default, and refuses a logger without warn', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    createTestEngine({ processes: [petitionLite], start: '2026-12-20T10:00:00+08:00' })
    expect(warn).toHaveBeenCalledTimes(1)
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/no holiday data for 2027/)
    let caught: unknown
    try {
      createTestEngine({ logger: {} as EngineLogger })
    } catch (e) {
      caught = e
    }
    expect(isFengqiaoError(caught, 'INVALID_OPTIONS')).toBe(true)
  })

  it('a logger or listener that throws does not fail the command', async () => {
    const { t, gaps } = watched({ processes: [petitionLite], start: '2026-12-20T10:00:00+08:00' })
    const errors: string[] = []
    t.on('error', (e) => errors.push(e.source))
    t.on('calendarGap', () => {
      throw new Error('listener broke')
    })
    const { id } = await t.start('pl', undefined, { actor: organ })
    expect((await t.system.get(id)).stateKey).toBe('registered')
    expect(gaps).toHaveLength(1)
    expect(errors).toEqual(['listener:calendarGap'])
    const loud = createTestEngine({
      processes: [petitionLite],
      start: '2026-09-01T09:00:00+08:00',
      logger: {
        warn: () => {
          throw new Error('logger broke')
        },
      },
    })
    const loudErrors: string[] = []
    loud.on('error', (e) => loudErrors.push(e.source))
    loud.clock.set('2026-12-20T10:00:00+08:00')
    await loud.start('pl', undefined, { actor: organ })
    expect(loudErrors).toEqual(['logger'])
  })
})
