// Parties own their own dispute (issue 13 §2): a `party` actor who is not a party to this dispute
// is refused every party event, whatever the payload says, even with the plugin's
// bindPartyToActor interceptor switched off; and the engine sends the system events alone.
//
// NEEDS ENGINE ENFORCEMENT of EventPolicy.parties and EventPolicy.system: these tests fail until
// the engine checks the party binding and refuses system events from callers.
import type { EventPolicies } from '@fengqiao/core'
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expect, it } from 'vitest'
import { courtEvents, mediationPlugin, peoplesEvents, policeEvents } from '../src/index.js'
import { orgUnits, startCase } from './helpers.js'

const payloads: Record<string, Record<string, unknown>> = {
  CONSENT: {},
  REFUSE: {},
  CHOOSE_MEDIATOR: { mediator: { id: 'm1', name: '王' } },
  REQUEST_RECUSAL: { mediatorId: 'm1', reason: 'r' },
  SET_SESSION: { mode: 'public' },
  SIGN_AGREEMENT: { mark: 'signature' },
  PERFORMANCE_DISPUTE: { note: 'n' },
  APPLY_CONFIRMATION: { court: 'c', venue: 'partyDomicile' },
  SUE: {},
  APPLY_ENFORCEMENT: { note: 'n' },
  REFUSE_MEDIATION: {},
  SIGN_FOR: {},
  BACK_OUT: {},
}

const processes: Array<[string, EventPolicies, string[]]> = [
  [
    'mediation',
    peoplesEvents,
    [
      'CONSENT',
      'REFUSE',
      'CHOOSE_MEDIATOR',
      'REQUEST_RECUSAL',
      'SET_SESSION',
      'SIGN_AGREEMENT',
      'PERFORMANCE_DISPUTE',
      'APPLY_CONFIRMATION',
      'SUE',
      'APPLY_ENFORCEMENT',
    ],
  ],
  ['policeMediation', policeEvents, ['REFUSE_MEDIATION']],
  ['courtMediation', courtEvents, ['REFUSE_MEDIATION', 'SIGN_FOR', 'BACK_OUT']],
]

async function started(bindPartyToActor: boolean, processId: string) {
  const t = createTestEngine({ plugins: [mediationPlugin({ bindPartyToActor })], orgUnits })
  return { t, id: await startCase(t, processId) }
}

describe('party events are bound to the parties of the dispute', () => {
  for (const [processId, events, partyEvents] of processes) {
    it(`${processId}: exactly the events a party sends are bound to the dispute's parties`, () => {
      const bound = Object.entries(events)
        .filter(([, p]) => p.parties !== undefined)
        .map(([type]) => type)
      expect(bound.sort()).toEqual([...partyEvents].sort())
      const byRole = Object.entries(events)
        .filter(([, p]) => p.roles.includes('party'))
        .map(([type]) => type)
      expect(byRole.sort()).toEqual([...partyEvents].sort())
    })

    for (const type of partyEvents) {
      it(`${processId} ${type}: a party to another dispute is refused (FORBIDDEN), nothing written`, async () => {
        const { t, id } = await started(true, processId)
        const wang = { id: 'wang', roles: ['party'] }
        const before = (await t.system.get(id)).version
        await expect(t.send(id, { type, party: 'wang', ...payloads[type] }, { actor: wang })).rejects.toMatchObject({
          code: 'FORBIDDEN',
        })
        expect((await t.system.get(id)).version).toBe(before)
      })

      it(`${processId} ${type}: without the plugin's interceptor, the engine still refuses a stranger speaking for a party`, async () => {
        const { t, id } = await started(false, processId)
        const wang = { id: 'wang', roles: ['party'] }
        const before = (await t.system.get(id)).version
        await expect(t.send(id, { type, party: 'zhang', ...payloads[type] }, { actor: wang })).rejects.toMatchObject({
          code: 'FORBIDDEN',
        })
        expect((await t.system.get(id)).version).toBe(before)
      })
    }
  }
})

describe('events only the engine sends cannot be forged', () => {
  for (const [processId, events] of processes) {
    for (const [type, policy] of Object.entries(events)) {
      if (policy.system !== true) continue
      it(`${processId} ${type}: a caller claiming the role "system" is refused`, async () => {
        const { t, id } = await started(true, processId)
        const before = (await t.system.get(id)).version
        await expect(
          t.send(id, { type }, { actor: { id: 'mallory', roles: ['system'], orgUnit: 'county' } }),
        ).rejects.toMatchObject({ code: 'FORBIDDEN' })
        expect((await t.system.get(id)).version).toBe(before)
      })
    }
  }
})
