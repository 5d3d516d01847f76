import { describe, expect, it } from 'vitest'
import { manualClock, parseDuration } from '../src/clock.js'
import { isFengqiaoError } from '../src/errors.js'

describe('parseDuration', () => {
  it('reads single and compound durations', () => {
    expect(parseDuration('90s')).toBe(90_000)
    expect(parseDuration('1d 2h')).toBe(86_400_000 + 7_200_000)
    expect(parseDuration('1w')).toBe(604_800_000)
    expect(parseDuration('250ms')).toBe(250)
    expect(parseDuration(1500)).toBe(1500)
  })
  it.each(['', '3 days', 'd3', '1x', '-1d'])('refuses %j with INVALID_OPTIONS', (d) => {
    expect(() => parseDuration(d)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
  })
  it('refuses negative and non-finite numbers', () => {
    for (const n of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      let caught: unknown
      try {
        parseDuration(n)
      } catch (e) {
        caught = e
      }
      expect(isFengqiaoError(caught, 'INVALID_OPTIONS')).toBe(true)
    }
  })
})

describe('manualClock', () => {
  it('stands still until advanced or set forward', () => {
    const clock = manualClock('2026-01-05T01:00:00Z')
    const t0 = clock.now()
    expect(clock.now()).toBe(t0)
    expect(clock.advance('3d')).toBe(t0 + 3 * 86_400_000)
    clock.set(t0 + 4 * 86_400_000)
    expect(clock.now()).toBe(t0 + 4 * 86_400_000)
  })
  it('refuses to go back in time', () => {
    const clock = manualClock(new Date('2026-01-05T01:00:00Z'))
    expect(() => clock.set('2025-01-01T00:00:00Z')).toThrow(/cannot go back/)
  })
  it('refuses an unreadable start', () => {
    expect(() => manualClock('not a date')).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
  })
})
