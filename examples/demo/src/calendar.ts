// Civil dates and months in Beijing time (UTC+8 all year), and the working days of a month.
import { chineseCalendar, civilDateAt, daysInMonth, plusDays, type CivilDate } from '@fengqiao/core'

/** The business calendar the engine uses by default (official holidays and 调休 through 2026, weekends after). */
export const calendar = chineseCalendar({ outOfRange: 'weekends-only' })

/** A simulated month. */
export interface Month {
  readonly year: number
  readonly month: number
}

export const monthKey = (m: Month): string => `${m.year}-${String(m.month).padStart(2, '0')}`
export const monthName = (m: Month): string => `${m.year}年${m.month}月`
export const nextMonth = (m: Month): Month =>
  m.month === 12 ? { year: m.year + 1, month: 1 } : { year: m.year, month: m.month + 1 }
export const firstDay = (m: Month): CivilDate => `${monthKey(m)}-01`
export const lastDay = (m: Month): CivilDate =>
  `${monthKey(m)}-${String(daysInMonth(m.year, m.month)).padStart(2, '0')}`

/** Every civil date of the month. */
export function daysOf(m: Month): CivilDate[] {
  return Array.from({ length: daysInMonth(m.year, m.month) }, (_, i) => plusDays(firstDay(m), i))
}

/** The month a civil date or instant falls in. */
export function monthOf(t: CivilDate | number): Month {
  const d = typeof t === 'number' ? civilDateAt(t) : t
  return { year: Number(d.slice(0, 4)), month: Number(d.slice(5, 7)) }
}

/** The instant of a wall-clock time on a civil date in Beijing. */
export const at = (date: CivilDate, time = '00:00'): number => Date.parse(`${date}T${time}:00+08:00`)

/** An instant as ISO 8601 with the +08:00 offset (what the payload schemas ask for). */
export function iso(ms: number): string {
  const d = new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)
  return `${d}+08:00`
}

/** `'03-14 09:00'` */
export const shortTime = (ms: number): string => iso(ms).slice(5, 16).replace('T', ' ')

/** `'03-14'` */
export const shortDate = (ms: number | CivilDate): string => (typeof ms === 'number' ? civilDateAt(ms) : ms).slice(5)

/** Whole calendar days from one instant's civil date to another's. */
export function daysSince(from: number, to: number): number {
  return Math.round(
    (Date.parse(`${civilDateAt(to)}T00:00:00Z`) - Date.parse(`${civilDateAt(from)}T00:00:00Z`)) / 86_400_000,
  )
}
