/**
 * Date arithmetic of the process that is not a state deadline: the end of a disclosure's minimum
 * posting period, and the JJ Art. 57 revocation-suit window.
 *
 * @module
 */
import {
  civilDate,
  civilDateAt,
  compareCivilDates,
  daysInMonth,
  endOfDay,
  parseCivilDate,
  plusDays,
  type BusinessCalendar,
  type CivilDate,
} from '@fengqiao/core'

/**
 * When a disclosure posted at `postedAt` has been up for `days` full calendar days: the end
 * (24:00) of the `days`-th day after the posting day, in the time zone. The posting day itself is
 * not counted (MS Art. 85, by analogy).
 *
 * @param postedAt - ISO date-time (with offset) or epoch milliseconds of the posting
 * @param days - the minimum posting period
 * @param timeZone - the time zone of the civil days
 * @returns epoch milliseconds
 * @example
 * ```ts
 * postingEndsAt('2026-03-02T10:00:00+08:00', 7, 'Asia/Shanghai') // 2026-03-10T00:00:00+08:00
 * ```
 */
export function postingEndsAt(postedAt: string | number, days: number, timeZone: string): number {
  const ms = typeof postedAt === 'number' ? postedAt : Date.parse(postedAt)
  return endOfDay(plusDays(civilDateAt(ms, timeZone), days), timeZone)
}

/**
 * The date `years` later, on the corresponding day; without one (29 February), the last day of
 * the month (民法典 Art. 202).
 *
 * @param date - a civil date
 * @param years - whole years, non-negative
 * @returns a civil date
 */
export function addYears(date: CivilDate, years: number): CivilDate {
  const { year, month, day } = parseCivilDate(date)
  const y = year + years
  return civilDate(y, month, Math.min(day, daysInMonth(y, month)))
}

/** The JJ Art. 57 window of a revocation suit against a collective economic organisation's decision. */
export interface RevocationWindow {
  /** The last day a suit may be filed. */
  readonly lastDay: CivilDate
  /** Which limit governs: one year from knowing, or five years from the decision. */
  readonly limitedBy: 'knowledge' | 'decision'
  readonly rule: 'JJ Art. 57'
}

/**
 * The last day to sue for revocation of a collective economic organisation's decision (JJ
 * Art. 57): within `years` of knowing of it, and at most `maxYears` after it was made. A last day
 * that is a rest day rolls to the next working day when a calendar is given (民法典 Art. 203).
 *
 * @param decidedOn - the day the decision was made
 * @param knewOn - the day the member knew or should have known of it
 * @param p - `revocationSuitYears` and `revocationSuitMaxYears`
 * @param calendar - a business calendar for the roll-forward; no roll without one
 * @returns the window
 */
export function revocationWindow(
  decidedOn: CivilDate,
  knewOn: CivilDate,
  p: { readonly revocationSuitYears: number; readonly revocationSuitMaxYears: number },
  calendar?: BusinessCalendar,
): RevocationWindow {
  const byKnowledge = addYears(knewOn, p.revocationSuitYears)
  const byDecision = addYears(decidedOn, p.revocationSuitMaxYears)
  const limitedBy = compareCivilDates(byKnowledge, byDecision) <= 0 ? 'knowledge' : 'decision'
  const last = limitedBy === 'knowledge' ? byKnowledge : byDecision
  return {
    lastDay: calendar === undefined ? last : calendar.nextWorkingDay(last, { inclusive: true }),
    limitedBy,
    rule: 'JJ Art. 57',
  }
}
