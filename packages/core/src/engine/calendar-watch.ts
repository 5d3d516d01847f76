/**
 * Watches for deadlines that run into a year the business calendar has no holiday data for: a
 * log line at start when a deadline started now could, and — once per year — the `calendarGap`
 * observation event (and a log line, unless the start already wrote one for that year) when a
 * committed deadline does. Past its data the engine's default calendar counts weekends only, so a
 * deadline there silently ignores the holidays; this makes it loud, without failing the case.
 *
 * Deterministic: "now" is the engine's clock; what was reported is remembered per engine.
 *
 * @module
 * @internal
 */
import { describeYears, type BusinessCalendar } from '../calendar/business-calendar.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import type { StoredInstance } from '../store/types.js'
import type { EngineLogger } from './options.js'
import type { Publisher } from './publish.js'

const DAY_MS = 86_400_000
/**
 * Room for the roll past a holiday at the end of a period, in days: the longest run of rest days
 * in any year's arrangement (Spring Festival, National Day) is under two weeks.
 */
const ROLL_DAYS = 14

const HOW_TO_FIX =
  'Load the State Council\'s schedule for the year as data: chineseCalendar({ schedules: [await readHolidaySchedule(file)] }) — see docs/operations.md, "A new year\'s holiday schedule".'

/** The calendar's years; tolerates a hand-written calendar (plain JavaScript) without `coverage`. */
function coverageOf(calendar: BusinessCalendar): { from: number | null; to: number | null; years: readonly number[] } {
  if (typeof calendar.coverage === 'function') return calendar.coverage()
  const years = calendar.coveredYears ?? []
  return { from: years[0] ?? null, to: years[years.length - 1] ?? null, years }
}

function yearOf(calendar: BusinessCalendar, instant: number): number {
  return Number(calendar.toCivilDate(instant).slice(0, 4))
}

function covers(calendar: BusinessCalendar, year: number): boolean {
  return calendar.covers(`${String(year).padStart(4, '0')}-01-01`)
}

/** The UTC year of an instant: a cheap bound, within a day of the year in any time zone. */
function utcYear(instant: number): number {
  return new Date(instant).getUTCFullYear()
}

/**
 * The longest a deadline of these processes can run, in calendar days: its period with every
 * extension its state allows (unbounded extensions cannot be foreseen and are left out), a
 * working-day period as the calendar days it spans at most with weekends and a holiday, plus the
 * roll past a holiday at its end.
 */
export function longestDeadlineDays(definitions: readonly AnyProcessDefinition[]): number {
  let longest = 0
  for (const def of definitions) {
    for (const state of def.states.values()) {
      const d = state.deadline
      if (d === undefined) continue
      const extra = d.maxExtension === undefined ? 0 : d.maxExtension * (d.maxExtensions ?? 1)
      const total = d.amount + extra
      const days =
        d.unit === 'hours'
          ? Math.ceil(total / 24)
          : d.unit === 'days'
            ? total + ROLL_DAYS
            : Math.ceil((total * 7) / 5) + 2 * ROLL_DAYS
      longest = Math.max(longest, days)
    }
  }
  return longest
}

/** The engine's watch over the calendar's years (one per engine). */
export class CalendarWatch {
  /** Years a log line was written for. */
  readonly #logged = new Set<number>()
  /** Years the `calendarGap` event was emitted for. */
  readonly #reported = new Set<number>()
  /** Per calendar, whether it covers a year: calendars are immutable, so the answer keeps. */
  readonly #covered = new WeakMap<BusinessCalendar, Map<number, boolean>>()

  constructor(
    private readonly calendarFor: (orgUnit: string | null) => BusinessCalendar,
    private readonly logger: EngineLogger,
    private readonly events: Publisher,
  ) {}

  /**
   * At start: writes one log line when the calendar (the one for cases without an org unit) has
   * no data for the current year, or for a year a deadline of these processes started now could
   * end in. No event: nobody can listen yet.
   */
  atStart(now: number, definitions: readonly AnyProcessDefinition[]): void {
    let calendar: BusinessCalendar
    try {
      calendar = this.calendarFor(null)
    } catch {
      return // a calendar chosen per org unit may know no calendar without one; deadlines are still watched
    }
    const horizonDays = longestDeadlineDays(definitions)
    const first = yearOf(calendar, now)
    const last = yearOf(calendar, now + horizonDays * DAY_MS)
    const missing: number[] = []
    for (let y = first; y <= last; y++) if (!covers(calendar, y)) missing.push(y)
    if (missing.length === 0) return
    for (const y of missing) this.#logged.add(y)
    const coverage = coverageOf(calendar)
    const { from, to } = coverage
    const years = describeYears(missing)
    this.#warn(
      `Fengqiao: the business calendar has no holiday data for ${years} (it has ${describeYears(coverage.years)}), ` +
        `and a deadline started now can run ${horizonDays} days, into ${years}. Its days there are counted without the holidays ` +
        `(by weekends only, with the engine's default calendar). ${HOW_TO_FIX}`,
      { years: missing, covered: { from, to }, horizonDays },
    )
  }

  /** After a commit: reports each year without data that a written deadline runs into, once. */
  committed(rows: readonly StoredInstance[]): void {
    for (const row of rows) {
      for (const d of row.deadlines) {
        if (d.unit === 'hours' || d.pausedAt !== null || d.expired) continue
        try {
          const calendar = this.calendarFor(row.orgUnit)
          // Every commit passes here: first a cheap look at the UTC years a day either side,
          // and the exact civil years in the calendar's zone only when one may be missing.
          if (!this.#mayMiss(calendar, utcYear(d.startedAt - DAY_MS), utcYear(d.dueAt + DAY_MS))) continue
          const last = yearOf(calendar, d.dueAt - 1)
          for (let y = yearOf(calendar, d.startedAt); y <= last; y++) {
            if (this.#reported.has(y) || this.#covers(calendar, y)) continue
            this.#reported.add(y)
            const { from, to } = coverageOf(calendar)
            const gap = {
              year: y,
              instanceId: row.id,
              processId: row.processId,
              deadline: d.name,
              dueAt: new Date(d.dueAt),
              orgUnit: row.orgUnit,
              covered: { from, to },
            }
            this.events.emit('calendarGap', gap)
            if (!this.#logged.has(y)) {
              this.#logged.add(y)
              this.#warn(
                `Fengqiao: the deadline "${d.name}" of case ${row.id} runs into ${y}, for which the business calendar has no holiday data; ` +
                  `it is due ${new Date(d.dueAt).toISOString()}, counted without ${y}'s holidays. ${HOW_TO_FIX}`,
                { ...gap, dueAt: d.dueAt },
              )
            }
          }
        } catch (error) {
          // The commit is durable: a failing calendar function must not make it look failed.
          this.events.emit('error', { source: 'calendar', error })
        }
      }
    }
  }

  /** Whether a year in `from`…`to` is neither covered nor reported yet. */
  #mayMiss(calendar: BusinessCalendar, from: number, to: number): boolean {
    for (let y = from; y <= to; y++) if (!this.#reported.has(y) && !this.#covers(calendar, y)) return true
    return false
  }

  #covers(calendar: BusinessCalendar, year: number): boolean {
    let known = this.#covered.get(calendar)
    if (known === undefined) this.#covered.set(calendar, (known = new Map<number, boolean>()))
    let answer = known.get(year)
    if (answer === undefined) known.set(year, (answer = covers(calendar, year)))
    return answer
  }

  #warn(message: string, detail: Readonly<Record<string, unknown>>): void {
    try {
      this.logger.warn(message, detail)
    } catch (error) {
      this.events.emit('error', { source: 'logger', error })
    }
  }
}
