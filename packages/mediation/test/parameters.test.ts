// Every statutory number is a named parameter with its source, overridable through the plugin.
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expect, it } from 'vitest'
import {
  committeeRefusal,
  defaultMediationParameters,
  mediationEffects,
  mediationPlugin,
  resolveParameters,
} from '../src/index.js'
import { orgUnits } from './helpers.js'

describe('parameters', () => {
  it('defaults follow docs/domain-rules.md#9-configurable-parameters', () => {
    expect(defaultMediationParameters.rt).toMatchObject({
      mediationTargetDays: 30,
      confirmationWindowDays: 30,
      committeeMinMembers: 3,
      committeeMaxMembers: 9,
      committeeTermYears: 3,
    })
    expect(defaultMediationParameters.court).toMatchObject({
      confirmAcceptDays: 3,
      confirmDecideDays: 15,
      confirmExtendDays: 10,
      confirmOuterBoundDays: 30,
      filingDays: 7,
      mediationPreFilingDays: 30,
      mediationOrdinaryDays: 15,
      mediationSimpleDays: 7,
      confirmationExcludedTypes: ['identity', 'adoption', 'marriage'],
    })
    expect(defaultMediationParameters.colour).toMatchObject({
      greenDays: 7,
      yellowDays: 15,
      redDays: 30,
      autoUpgradeOnOverdue: true,
      owners: { green: 'village', yellow: 'township', red: 'county' },
      ladder: ['grid', 'village', 'township', 'county'],
    })
    expect(defaultMediationParameters.police.mediableTypes).toEqual(['fight', 'propertyDamage'])
    expect(defaultMediationParameters.fiveHeart.fifthStep?.label['zh-CN']).toBe('尽心沟通')
    expect(Object.isFrozen(defaultMediationParameters.court)).toBe(true)
  })

  it('RT Arts. 8–9: a committee has 3–9 members including women, on 3-year terms', () => {
    const p = defaultMediationParameters
    const member = (name: string, gender: 'female' | 'male' = 'male') => ({ name, gender })
    expect(committeeRefusal({ members: [member('a', 'female'), member('b'), member('c')], termYears: 3 }, p)).toBeNull()
    expect(committeeRefusal({ members: [member('a', 'female'), member('b')], termYears: 3 }, p)).toMatch(/3–9 members/)
    expect(
      committeeRefusal(
        { members: Array.from({ length: 10 }, (_, i) => member(String(i), i === 0 ? 'female' : 'male')), termYears: 3 },
        p,
      ),
    ).toMatch(/3–9 members/)
    expect(
      committeeRefusal(
        { members: Array.from({ length: 9 }, (_, i) => member(String(i), i === 0 ? 'female' : 'male')), termYears: 3 },
        p,
      ),
    ).toBeNull()
    expect(committeeRefusal({ members: [member('a'), member('b'), member('c')], termYears: 3 }, p)).toMatch(/women/)
    expect(committeeRefusal({ members: [member('a', 'female'), member('b'), member('c')], termYears: 5 }, p)).toMatch(
      /3-year/,
    )
  })

  it('merges overrides group by group', () => {
    const p = resolveParameters({
      rt: { mediationTargetDays: 20 },
      fiveHeart: { fifthStep: null, requiredSteps: ['patientListening'] },
    })
    expect(p.rt).toMatchObject({ mediationTargetDays: 20, confirmationWindowDays: 30 })
    expect(p.fiveHeart).toEqual({ fifthStep: null, requiredSteps: ['patientListening'] })
  })

  it('refuses invalid values with INVALID_OPTIONS', () => {
    expect(() => resolveParameters({ rt: { mediationTargetDays: 0 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
    expect(() => resolveParameters({ rt: { mediationTargetWarnAt: 1 } })).toThrow(/mediationTargetWarnAt/)
    expect(() => resolveParameters({ fiveHeart: { requiredSteps: ['wholehearted'], fifthStep: null } })).toThrow(
      /not a configured five-heart step/,
    )
    expect(() =>
      resolveParameters({ fiveHeart: { fifthStep: { key: 'goodFaith', label: { 'zh-CN': '重复', en: 'dup' } } } }),
    ).toThrow(/repeats/)
    expect(() =>
      resolveParameters({ colour: { owners: { green: 'township', yellow: 'village', red: 'county' } } }),
    ).toThrow(/ladder/)
    expect(() =>
      resolveParameters({ colour: { owners: { green: 'village', yellow: 'township', red: 'province' } } }),
    ).toThrow(/not on the ladder/)
  })

  it('reach the machines through mediationPlugin({ parameters })', async () => {
    const t = createTestEngine({
      plugins: [mediationPlugin({ parameters: { rt: { mediationTargetDays: 5 } } })],
      orgUnits,
      start: '2026-03-02T09:00:00+08:00',
    })
    const id = (
      await t.start(
        'mediation',
        { parties: ['zhang', 'li'], facts: 'f', applicants: ['zhang', 'li'] },
        { actor: { id: 'zhang', roles: ['party'] }, orgUnit: 'v1' },
      )
    ).id
    await t.send(id, { type: 'ACCEPT' }, { actor: { id: 'c', roles: ['committee'], orgUnit: 'v1' } })
    // 5 days from Mon 2 Mar end on Sat 7 Mar, rolled to Mon 9 Mar.
    expect((await t.system.get(id)).deadlines.find((d) => d.name === 'mediationTarget')?.dueAt.getTime()).toBe(
      Date.parse('2026-03-10T00:00:00+08:00'),
    )
  })

  it('the plugin refuses an effect handler for an unknown effect and lists its effects', () => {
    expect(() => mediationPlugin({ effects: { notifyMayor: () => {} } as never })).toThrow(/not an effect/)
    expect(mediationEffects).toEqual([
      'reportToPolice',
      'notifyRoutes',
      'gradeBulletin',
      'redDailyReport',
      'notifyRightToSue',
    ])
    expect(mediationPlugin().processes?.map((p) => p.id)).toEqual(['mediation', 'policeMediation', 'courtMediation'])
  })
})
