// Every parameter of the package: its default, its source and verification status, and the check
// on an override (docs/domain-rules.md#9-configurable-parameters).
import { describe, expect, it } from 'vitest'
import {
  defaultGridParameters,
  defaultHotlineParameters,
  gridParameters,
  gridPlugin,
  hotlineParameters,
} from '../src/index.js'
import { accepted, gridEngine } from './helpers.js'

describe('parameters', () => {
  it('default to docs/domain-rules.md#9-configurable-parameters', () => {
    expect(defaultGridParameters).toEqual({
      whistle: { routeMinutes: 10, onSiteHours: 1, feedbackWorkingDays: 1 },
      acceptWorkingDays: 1,
      colour: { greenDays: 7, yellowDays: 15, redDays: 30, redReportHours: 24, autoUpgradeOnOverdue: true },
      urban: { fileHours: 4, urgentHours: 2, handleWorkingDays: 3 },
    })
    expect(defaultHotlineParameters).toEqual({
      contactHours: 24,
      urgentContactHours: 2,
      handleWorkingDays: 7,
      objectionWorkingDays: 1,
      maxExtensionWorkingDays: 7,
      weights: { response: 0.1, resolution: 0.45, satisfaction: 0.45 },
      basicallySatisfiedWeight: 1,
      excludeUnreasonable: true,
    })
  })

  it('every parameter names its source and status; none of them is verified law', () => {
    const rows = [...gridParameters.rows(), ...hotlineParameters.rows()]
    expect(rows).toHaveLength(20)
    for (const r of rows) {
      expect(r.article).not.toBe('')
      expect(['U', 'S', 'design']).toContain(r.status)
    }
    expect(rows.filter((r) => r.status === 'U').map((r) => r.name)).toEqual(
      expect.arrayContaining(['weights', 'basicallySatisfiedWeight', 'excludeUnreasonable', 'colour.greenDays']),
    )
    expect(hotlineParameters.table()).toContain('**[U]** unverified')
  })

  it('an override changes the clock it sets', async () => {
    const t = gridEngine({ plugin: { parameters: { colour: { greenDays: 3 } } } })
    const id = await accepted(t)
    await t.advance('4d')
    expect((await t.system.get(id)).state).toMatchObject({ ladder: 'village' })
  })

  it('a bad override is refused with INVALID_OPTIONS naming the parameter', () => {
    expect(() => gridPlugin({ parameters: { colour: { greenDays: 0 } } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS', message: expect.stringContaining('colour.greenDays') }),
    )
    expect(() => gridPlugin({ parameters: { colour: { yellowDays: 40 } } })).toThrow(/greenDays ≤ yellowDays ≤ redDays/)
    expect(() => gridPlugin({ hotline: { contactHours: -1 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
  })
})
