import { describe, expect, it } from 'vitest'
import {
  defaultPetitionParameters,
  parameterSources,
  petitionPlugin,
  petitionProcess,
  resolveParameters,
  type PetitionParameterName,
} from '../src/index.js'
import { acceptedClaim, at, deadlines, petitionEngine } from './helpers.js'

// Each running deadline, the parameter that sets it and the unit the regulation uses.
const deadlineParameter: Record<string, PetitionParameterName> = {
  routing: 'registerTransferDays',
  notice: 'acceptNoticeDays',
  transferNotice: 'acceptNoticeDays',
  objection: 'objectionWorkingDays',
  reroute: 'rerouteDays',
  handling: 'handleDays',
  rehandling: 'rehandleDays',
  simpleHandling: 'simpleProcedureWorkingDays',
  reviewWindow: 'reviewRequestDays',
  reviewDecision: 'reviewDecisionDays',
  rereviewWindow: 'rereviewRequestDays',
  rereviewDecision: 'rereviewDecisionDays',
}

describe('parameters', () => {
  it('default to the numbers of docs/domain-rules.md#9-configurable-parameters, each with its source', () => {
    expect(defaultPetitionParameters).toEqual({
      registerTransferDays: 15,
      acceptNoticeDays: 15,
      objectionWorkingDays: 5,
      rerouteDays: 15,
      handleDays: 60,
      maxExtensionDays: 30,
      rehandleDays: 60,
      reviewRequestDays: 30,
      reviewDecisionDays: 30,
      rereviewRequestDays: 30,
      rereviewDecisionDays: 30,
      maxGroupRepresentatives: 5,
      simpleProcedureWorkingDays: 10,
    })
    expect(Object.keys(parameterSources).sort()).toEqual(Object.keys(defaultPetitionParameters).sort())
    expect(parameterSources.handleDays).toMatchObject({ source: 'XF Art. 34', unit: 'days', status: 'V' })
    expect(parameterSources.objectionWorkingDays).toMatchObject({ source: 'XF Art. 23', unit: 'workingDays' })
    expect(parameterSources.simpleProcedureWorkingDays.status).toBe('U')
  })

  it('every clock of the machine runs in the parameter’s amount and unit (calendar or working days)', () => {
    const def = petitionProcess()
    const specs = [...def.states.values()].flatMap((s) => (s.deadline === undefined ? [] : [s.deadline]))
    expect(specs.map((d) => d.name).sort()).toEqual(Object.keys(deadlineParameter).sort())
    for (const d of specs) {
      const name = deadlineParameter[d.name] as PetitionParameterName
      expect([d.name, d.unit, d.amount]).toEqual([d.name, parameterSources[name].unit, defaultPetitionParameters[name]])
    }
    expect(specs.find((d) => d.name === 'handling')).toMatchObject({ maxExtensions: 1, maxExtension: 30 })
  })

  it('a deployment overrides them, and the clocks follow', async () => {
    const overrides = { handleDays: 45, objectionWorkingDays: 3, reviewRequestDays: 20 }
    const plugin = petitionPlugin({ parameters: overrides })
    expect(plugin.parameters).toEqual({ ...defaultPetitionParameters, ...overrides })
    expect(plugin.roles).toMatchObject({ petitioner: 'petitioner', bureau: 'bureau', organHead: 'organHead' })
    const def = plugin.process
    const specs = new Map(
      [...def.states.values()].flatMap((s) =>
        s.deadline === undefined ? [] : [[s.deadline.name, s.deadline] as const],
      ),
    )
    expect(specs.get('handling')?.amount).toBe(45)
    expect(specs.get('objection')).toMatchObject({ unit: 'workingDays', amount: 3 })
    expect(specs.get('reviewWindow')?.amount).toBe(20)
    expect(specs.get('reviewDecision')?.amount).toBe(30)

    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00', plugin: { parameters: overrides } })
    const id = await acceptedClaim(t)
    expect(deadlines(t, id)).toEqual({ handling: at('2026-04-28T00:00:00+08:00') }) // Mar 12 + 45 = Sunday Apr 26, rolled to Monday Apr 27
  })

  it('refuses unknown names and values that are not positive integers', () => {
    expect(() => resolveParameters({ handlingDays: 60 } as never)).toThrow(/Unknown petition parameter "handlingDays"/)
    for (const bad of [0, -1, 1.5, Number.NaN, '60' as unknown as number]) {
      expect(() => resolveParameters({ handleDays: bad })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTIONS' }) as unknown as Error,
      )
    }
    expect(() => petitionPlugin({ parameters: { maxGroupRepresentatives: 0 } })).toThrow(/XF Art\. 20/)
    expect(resolveParameters({ handleDays: undefined as unknown as number }).handleDays).toBe(60)
    expect(Object.isFrozen(resolveParameters())).toBe(true)
  })
})
