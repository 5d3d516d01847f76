import { isFengqiaoError } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import {
  DeliberationParametersSchema,
  defaultDeliberationParameters,
  describeThreshold,
  meets,
  minimumToMeet,
  parameterInfo,
  parameterTable,
  resolveParameters,
  type Threshold,
} from '../src/index.js'

const atLeastTwoThirds = { num: 2, den: 3, strict: false }
const moreThanHalf = { num: 1, den: 2, strict: true }

describe('meets: exact integer thresholds', () => {
  it('≥ 2/3 of 50: 34 meets (102 ≥ 100), 33 does not (99 < 100)', () => {
    expect(meets(34, 50, atLeastTwoThirds)).toBe(true)
    expect(meets(33, 50, atLeastTwoThirds)).toBe(false)
    expect(minimumToMeet(50, atLeastTwoThirds)).toBe(34)
  })

  it('≥ 2/3 of 51: exactly 34 is two thirds and meets; 33 does not', () => {
    expect(meets(34, 51, atLeastTwoThirds)).toBe(true)
    expect(meets(33, 51, atLeastTwoThirds)).toBe(false)
    expect(minimumToMeet(51, atLeastTwoThirds)).toBe(34)
  })

  it('≥ 2/3 of 52: 35 meets (105 ≥ 104), 34 does not (102 < 104)', () => {
    expect(meets(35, 52, atLeastTwoThirds)).toBe(true)
    expect(meets(34, 52, atLeastTwoThirds)).toBe(false)
    expect(minimumToMeet(52, atLeastTwoThirds)).toBe(35)
  })

  it('> 2/3 (strict) of 51: exactly two thirds (34) is not more; 35 is', () => {
    const moreThanTwoThirds = { num: 2, den: 3, strict: true }
    expect(meets(34, 51, moreThanTwoThirds)).toBe(false)
    expect(meets(35, 51, moreThanTwoThirds)).toBe(true)
  })

  it('> 1/2 at an even total: exactly half (20 of 40) fails, 21 passes', () => {
    expect(meets(20, 40, moreThanHalf)).toBe(false)
    expect(meets(21, 40, moreThanHalf)).toBe(true)
    expect(minimumToMeet(40, moreThanHalf)).toBe(21)
  })

  it('> 1/2 at an odd total: 20 of 41 fails, 21 passes', () => {
    expect(meets(20, 41, moreThanHalf)).toBe(false)
    expect(meets(21, 41, moreThanHalf)).toBe(true)
    expect(minimumToMeet(41, moreThanHalf)).toBe(21)
  })

  it('≥ 1/10 and ≥ 1/5 at and just below the boundary', () => {
    expect(meets(80, 800, { num: 1, den: 10, strict: false })).toBe(true)
    expect(meets(79, 800, { num: 1, den: 10, strict: false })).toBe(false)
    expect(meets(9, 45, { num: 1, den: 5, strict: false })).toBe(true)
    expect(meets(8, 45, { num: 1, den: 5, strict: false })).toBe(false)
  })

  it('a zero total is met by zero for "at least" and never for "more than"', () => {
    expect(meets(0, 0, atLeastTwoThirds)).toBe(true)
    expect(meets(0, 0, moreThanHalf)).toBe(false)
  })

  it('stays exact where floating point would not: totals beyond 2^53', () => {
    const total = 2 ** 53 - 1 // 9007199254740991 ≡ 1 (mod 3)
    const exact = (BigInt(total) * 2n + 2n) / 3n // ceil(2/3 · total)
    const least = Number(exact)
    expect(BigInt(least)).toBe(exact) // representable
    expect(meets(least, total, atLeastTwoThirds)).toBe(true)
    expect(meets(least - 1, total, atLeastTwoThirds)).toBe(false)
    expect(minimumToMeet(total, atLeastTwoThirds)).toBe(least)
    // The float reading of the same rule gets it wrong: it accepts one vote too few.
    expect((least - 1) / total >= 2 / 3).toBe(true)
  })

  it('minimumToMeet is the least count that meets, for every default threshold and totals 0–200', () => {
    const thresholds = Object.values(defaultDeliberationParameters).filter((v): v is Threshold => typeof v === 'object')
    expect(thresholds.length).toBeGreaterThan(15)
    for (const t of thresholds) {
      for (let total = 0; total <= 200; total++) {
        const m = minimumToMeet(total, t)
        if (m <= total) expect(meets(m, total, t)).toBe(true)
        if (m > 0) expect(meets(m - 1, total, t)).toBe(false)
      }
    }
  })

  it('refuses negative or fractional counts and a zero denominator', () => {
    for (const bad of [
      () => meets(-1, 10, moreThanHalf),
      () => meets(1.5, 10, moreThanHalf),
      () => meets(1, 10, { num: 1, den: 0, strict: true }),
      () => minimumToMeet(-3, moreThanHalf),
    ]) {
      let caught: unknown
      try {
        bad()
      } catch (e) {
        caught = e
      }
      expect(isFengqiaoError(caught, 'INVALID_OPTIONS')).toBe(true)
    }
  })

  it('describes thresholds in words', () => {
    expect(describeThreshold(moreThanHalf)).toBe('> 1/2')
    expect(describeThreshold(atLeastTwoThirds)).toBe('≥ 2/3')
  })
})

describe('parameters', () => {
  it('every default threshold carries the source the parameter table gives', () => {
    for (const [name, value] of Object.entries(defaultDeliberationParameters)) {
      const info = parameterInfo[name as keyof typeof parameterInfo]
      expect(info, name).toBeDefined()
      if (typeof value === 'object')
        expect(
          info.source.startsWith(value.source) || info.source.includes(value.source),
          `${name}: ${value.source} vs ${info.source}`,
        ).toBe(true)
    }
    expect(Object.keys(parameterInfo).sort()).toEqual(Object.keys(defaultDeliberationParameters).sort())
  })

  it('defaults follow docs/domain-rules.md#7-four-deliberations-two-disclosures and docs/domain-rules.md#9-configurable-parameters', () => {
    const p = defaultDeliberationParameters
    expect(p.villagersMeetingNoticeDays).toBe(10)
    expect(p.villagersMeetingQuorumAdults).toMatchObject({ num: 1, den: 2, strict: true, source: 'CW Art. 22' })
    expect(p.villagersMeetingQuorumHouseholds).toMatchObject({ num: 2, den: 3, strict: false, source: 'CW Art. 22' })
    expect(p.representativeMeetingQuorum).toMatchObject({ num: 2, den: 3, strict: false, source: 'CW Art. 26' })
    expect(p.representativeMeetingPass).toMatchObject({ num: 1, den: 2, strict: true, source: 'CW Art. 26' })
    expect(p.representativeMeetingPassBase).toBe('present')
    expect(p.partyMeetingQuorum).toMatchObject({ num: 1, den: 2, strict: true, source: 'ZB Art. 11' })
    expect(p.assemblyPass).toMatchObject({ num: 2, den: 3, strict: false, source: 'JJ Art. 27' })
    expect(p).toMatchObject({
      assemblyNoticeDays: 10,
      mergeWhenOneHolder: true,
      disclosureMinDays: 7,
      maxDeliberationDays: 20,
      villageRulesDelegable: false,
    })
  })

  it('resolveParameters merges overrides and refuses malformed ones with INVALID_OPTIONS', () => {
    expect(resolveParameters({ representativeMeetingPassBase: 'all' }).representativeMeetingPassBase).toBe('all')
    const bad: Array<Record<string, unknown>> = [
      { partyMeetingQuorum: { num: 1, den: 0, strict: true, source: 'x' } },
      { partyMeetingQuorum: { num: 1, den: 2, strict: true } },
      { villagersMeetingNoticeDays: -1 },
      { disclosureMinDays: 1.5 },
      { householdsPerRepresentativeMin: 20 },
      { timeZone: 'Mars/Olympus' },
      { unknownParameter: 1 },
    ]
    for (const b of bad) {
      let caught: unknown
      try {
        resolveParameters(b as never)
      } catch (e) {
        caught = e
      }
      expect(isFengqiaoError(caught, 'INVALID_OPTIONS'), JSON.stringify(b)).toBe(true)
    }
    expect(DeliberationParametersSchema.safeParse(defaultDeliberationParameters).success).toBe(true)
  })

  it('the parameter table lists every parameter with its value in words', () => {
    const rows = parameterTable()
    expect(rows).toHaveLength(Object.keys(defaultDeliberationParameters).length)
    expect(rows.find((r) => r.name === 'representativeMeetingQuorum')).toMatchObject({
      value: '≥ 2/3',
      source: 'CW Art. 26',
      tag: 'V',
    })
    expect(rows.find((r) => r.name === 'disclosureMinDays')).toMatchObject({ value: '7', tag: 'U' })
  })
})
