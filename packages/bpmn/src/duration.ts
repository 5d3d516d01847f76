/**
 * ISO 8601 durations (`P3D`, `PT1H30M`) to and from the engine's milliseconds.
 *
 * @module
 */

const DAY = 86_400_000
const HOUR = 3_600_000
const MINUTE = 60_000

/**
 * Writes milliseconds as an ISO 8601 duration, in whole days where it can (`P5D`), else hours,
 * minutes and seconds (`PT1H30M`, `PT0.5S`).
 *
 * @param ms - a non-negative number of milliseconds
 * @returns the duration text
 */
export function toIsoDuration(ms: number): string {
  if (ms === 0) return 'PT0S'
  const days = Math.floor(ms / DAY)
  let rest = ms - days * DAY
  const hours = Math.floor(rest / HOUR)
  rest -= hours * HOUR
  const minutes = Math.floor(rest / MINUTE)
  rest -= minutes * MINUTE
  const seconds = rest / 1000
  const time = `${hours > 0 ? `${hours}H` : ''}${minutes > 0 ? `${minutes}M` : ''}${seconds > 0 ? `${seconds}S` : ''}`
  return `P${days > 0 ? `${days}D` : ''}${time === '' ? '' : `T${time}`}`
}

/**
 * Reads an ISO 8601 duration of weeks, days, hours, minutes and seconds. Years and months have
 * no fixed length, so they are refused (`undefined`).
 *
 * @param text - for example `P3D` or `PT2H`
 * @returns milliseconds, or `undefined` when the text is not such a duration
 */
export function parseIsoDuration(text: string): number | undefined {
  const m =
    /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
      text.trim(),
    )
  if (m === null || text.trim() === 'P' || text.trim().endsWith('T')) return undefined
  const [, w, d, h, min, s] = m.map((v) => (v === undefined ? 0 : Number(v)))
  return Math.round((w ?? 0) * 7 * DAY + (d ?? 0) * DAY + (h ?? 0) * HOUR + (min ?? 0) * MINUTE + (s ?? 0) * 1000)
}
