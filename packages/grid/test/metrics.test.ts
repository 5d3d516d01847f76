// The figures as pure functions over counts: the urban rates (docs/domain-rules.md#3-digital-urban-management)
// and the hotline's metric sets (BJ Arts. 32–33; formulas [U], docs/domain-rules.md#4-hotline-handling-on-receipt).
import { describe, expect, it } from 'vitest'
import {
  hotlineParameters,
  percent,
  processRates,
  rate,
  score,
  threeRates,
  urbanRates,
  type HotlineCounts,
  type MetricSet,
} from '../src/index.js'

const none = { callbacks: 0, resolved: 0, evaluated: 0, satisfied: 0, basicallySatisfied: 0 }
const counts = (c: Partial<HotlineCounts> = {}): HotlineCounts => ({
  dispatched: 10,
  respondedInTime: 9,
  callbacks: 10,
  resolved: 7,
  evaluated: 10,
  satisfied: 6,
  basicallySatisfied: 2,
  unreasonable: none,
  signedFor: 10,
  closedOnTime: 8,
  returned: 1,
  redone: 2,
  ...c,
})

describe('rate', () => {
  it('is numerator over denominator, null when nothing was due', () => {
    expect(rate(3, 4)).toEqual({ numerator: 3, denominator: 4, value: 0.75 })
    expect(rate(0, 0).value).toBeNull()
    expect(percent(rate(0, 0))).toBeNull()
  })

  it('refuses counts that are not counts, and a numerator above the denominator', () => {
    const invalid = expect.objectContaining({ code: 'INVALID_INPUT' })
    expect(() => rate(-1, 3)).toThrow(invalid)
    expect(() => rate(1.5, 3)).toThrow(invalid)
    expect(() => rate(4, 3)).toThrow(/cannot exceed/)
  })
})

describe('urban rates (docs/domain-rules.md#3-digital-urban-management)', () => {
  it('rework rate = failed checks ÷ feedbacks', () => {
    expect(percent(urbanRates({ due: 10, closed: 9, closedOnTime: 8, feedbacks: 12, failedChecks: 3 }).rework)).toBe(25)
  })
})

describe('the three rates and the composite (BJ Arts. 32–33) [U]', () => {
  it('response = in time ÷ dispatched; resolution = resolved ÷ callbacks; satisfaction = (satisfied + w × basically) ÷ evaluated', () => {
    const s = score(counts())
    expect(s.set).toBe('beijing')
    expect(s.figures.response).toMatchObject({ value: 0.9 })
    expect(s.figures.resolution).toMatchObject({ value: 0.7 })
    expect(s.figures.satisfaction).toBeCloseTo(0.8, 10)
    // 0.10 × 0.9 + 0.45 × 0.7 + 0.45 × 0.8
    expect(s.composite).toBeCloseTo(0.765, 10)
  })

  it('basicallySatisfiedWeight counts "basically satisfied" at its weight', () => {
    const half = hotlineParameters.resolve({ basicallySatisfiedWeight: 0.5 })
    expect(score(counts(), threeRates, half).figures.satisfaction).toBeCloseTo(0.7, 10)
  })

  it('excludeUnreasonable drops reviewed unreasonable requests from the resolution and satisfaction denominators', () => {
    const c = counts({
      unreasonable: { callbacks: 2, resolved: 0, evaluated: 2, satisfied: 0, basicallySatisfied: 0 },
    })
    const on = score(c)
    expect(on.figures.resolution).toMatchObject({ numerator: 7, denominator: 8 })
    expect(on.figures.satisfaction).toBeCloseTo(1, 10)
    const off = score(c, threeRates, hotlineParameters.resolve({ excludeUnreasonable: false }))
    expect(off.figures.resolution).toMatchObject({ numerator: 7, denominator: 10 })
    expect(off.figures.satisfaction).toBeCloseTo(0.8, 10)
  })

  it('a rate with nothing to count leaves the composite empty, not 0', () => {
    expect(score(counts({ evaluated: 0, satisfied: 0, basicallySatisfied: 0 })).composite).toBeNull()
  })

  it('the weights add up to 1, each a share (INVALID_OPTIONS naming the parameter otherwise)', () => {
    expect(() => hotlineParameters.resolve({ weights: { response: 0.5, resolution: 0.5, satisfaction: 0.5 } })).toThrow(
      /weights/,
    )
    expect(() => hotlineParameters.resolve({ basicallySatisfiedWeight: 2 })).toThrow(/basicallySatisfiedWeight/)
  })
})

describe('pluggable metric sets', () => {
  it('sign-for, on-time, return and redo rates (及时签收率/按时办结率/回退率/重办率)', () => {
    const s = score(counts(), processRates)
    expect(s.set).toBe('process')
    expect(s.figures).toMatchObject({
      signFor: { value: 1 },
      onTime: { value: 0.8 },
      returned: { value: 0.1 },
      redone: { value: 0.2 },
    })
    expect(s.composite).toBeNull()
  })

  it('a city’s own set', () => {
    const mine: MetricSet = {
      name: 'mine',
      metrics: { contact: (c) => rate(c.respondedInTime, c.dispatched) },
      composite: (f) => ((f.contact as { value: number }).value >= 0.9 ? 100 : 60),
    }
    expect(score(counts(), mine)).toMatchObject({ set: 'mine', composite: 100 })
  })
})
