// Roles: every event refuses an actor without one of its roles (FORBIDDEN), officials act only within
// their org-unit subtree, parties act only for themselves, and only the listed roles start a case.
import type { EventPolicies } from '@fengqiao/core'
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expect, it } from 'vitest'
import { courtEvents, mediationPlugin, peoplesEvents, policeEvents, roles } from '../src/index.js'
import {
  acceptAndAssign,
  baseInput,
  startCase,
  committee,
  contents,
  harness,
  heartSteps,
  li,
  mediator,
  orgUnits,
  police,
  court,
  register,
  zhang,
  township,
} from './helpers.js'

const allRoles = Object.values(roles)

/** A valid payload for every event, so that only authorization can refuse it. */
const samples: Record<string, Record<string, Record<string, unknown>>> = {
  mediation: {
    CONSENT: { party: 'zhang' },
    REFUSE: { party: 'zhang' },
    ACCEPT: {},
    DECLINE: { reason: 'inLitigation' },
    ASSIGN_MEDIATOR: { mediators: [{ id: 'm1', name: '王' }] },
    CHOOSE_MEDIATOR: { party: 'zhang', mediator: { id: 'm1', name: '王' } },
    REQUEST_RECUSAL: { party: 'zhang', mediatorId: 'm1', reason: 'r' },
    REMOVE_MEDIATOR: { mediatorId: 'm1', ground: 'bias' },
    ADD_HELPER: { helper: { name: 'h', relation: 'relative' }, consentedBy: ['zhang', 'li'] },
    SET_SESSION: { party: 'zhang', mode: 'public' },
    HEART_STEP: { step: 'patientListening', by: 'm', at: '2026-03-02T10:00:00+08:00', notes: 'n' },
    FLAG_CRIMINAL_RISK: { by: 'm', note: 'n' },
    UPGRADE_COLOUR: { to: 'yellow', reason: 'r' },
    REFER_UP: { reason: 'r' },
    VERIFY_FIX: { by: 'b', note: 'n' },
    LOWER_COLOUR: { reason: 'r' },
    ASSIGN_LEADER: { leader: 'l' },
    DRAFT_AGREEMENT: { contents },
    SIGN_AGREEMENT: { party: 'zhang', mark: 'signature' },
    MEDIATOR_SIGN: { mediatorId: 'm1' },
    COMMITTEE_SEAL: {},
    REVISE_AGREEMENT: { reason: 'r' },
    RECORD_ORAL_AGREEMENT: { terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
    END_MEDIATION: { reason: 'r' },
    TRANSFER: { to: 'court', reason: 'r' },
    TRANSFER_OUTCOME: {},
    MEDIATION_OVERDUE: {},
    GRADE_OVERDUE: {},
    GRADE_LATE: {},
    GRADE_CEILING: {},
    GRADE_ROUTED: {},
    RECORD_PERFORMANCE: { by: 'b', note: 'n' },
    PERFORMED: { note: 'n' },
    PERFORMANCE_DISPUTE: { party: 'zhang', note: 'n' },
    APPLY_CONFIRMATION: { party: 'zhang', court: 'c', venue: 'partyDomicile' },
    CONFIRMATION_WINDOW_CLOSED: {},
    COURT_ACCEPT: { caseNo: 'n' },
    COURT_DECLINE: { reason: 'r' },
    COURT_ACCEPT_OVERDUE: {},
    COURT_EXTEND: { days: 5, reason: 'r' },
    COURT_CONFIRM: { ruling: 'r' },
    COURT_REJECT: { reason: 'r' },
    COURT_DECIDE_OVERDUE: {},
    MEDIATE_ANEW: { agreedBy: ['zhang', 'li'] },
    SUE: { party: 'zhang' },
    APPLY_ENFORCEMENT: { party: 'zhang', note: 'n' },
  },
  policeMediation: {
    AGREE: { terms: 't' },
    NO_AGREEMENT: { reason: 'r' },
    REFUSE_MEDIATION: { party: 'zhang' },
    PERFORMED: { note: 'n' },
    NON_PERFORMANCE: { note: 'n' },
    PENALIZE: { decision: 'd' },
    REFER_TO_PEOPLES: { reason: 'r', orgUnit: 'v1' },
    TRANSFER_OUTCOME: {},
  },
  courtMediation: {
    START_PREFILING_MEDIATION: {},
    DELEGATE: { committee: 'c', orgUnit: 'v1' },
    REFUSE_MEDIATION: { party: 'zhang' },
    AGREE: { terms: 't' },
    NO_AGREEMENT: { reason: 'r' },
    EXTEND_MEDIATION: { days: 3, consentedBy: ['zhang', 'li'] },
    MEDIATION_PERIOD_EXPIRED: {},
    TRANSFER_OUTCOME: {},
    FILE: { caseNo: 'n', procedure: 'simple' },
    REJECT_FILING: { reason: 'r' },
    FILING_OVERDUE: {},
    MEDIATE: {},
    ENTRUST: { committee: 'c', orgUnit: 'v1' },
    SIGN_FOR: { party: 'zhang' },
    BACK_OUT: { party: 'zhang' },
    JUDGMENT: { result: 'r' },
  },
}

const processes: Array<[string, EventPolicies]> = [
  ['mediation', peoplesEvents],
  ['policeMediation', policeEvents],
  ['courtMediation', courtEvents],
]

describe('a refusal test for every event', () => {
  for (const [processId, events] of processes) {
    it(`${processId}: the sample payloads cover every event and pass their schemas`, () => {
      expect(Object.keys(samples[processId] ?? {}).sort()).toEqual(Object.keys(events).sort())
      for (const [type, policy] of Object.entries(events))
        expect(policy.schema.safeParse(samples[processId]?.[type]).success, type).toBe(true)
    })

    for (const [type, policy] of Object.entries(events)) {
      it(`${processId} ${type}: refused (FORBIDDEN) for an actor lacking ${policy.roles.join(' / ')}`, async () => {
        const t = createTestEngine({ plugins: [mediationPlugin()], orgUnits })
        const id = await startCase(t, processId)
        // Every role but the permitted ones, at the county (the top of the tree: never out of scope).
        const outsider = { id: 'zhang', roles: allRoles.filter((r) => !policy.roles.includes(r)), orgUnit: 'county' }
        const before = (await t.system.get(id)).version
        await expect(t.send(id, { type, ...samples[processId]?.[type] }, { actor: outsider })).rejects.toMatchObject({
          code: 'FORBIDDEN',
        })
        expect((await t.system.get(id)).version).toBe(before)
      })
    }
  }
})

describe('org-unit scope', () => {
  it('a committee, mediator or township acts on cases in its subtree only; parties, police and court act from anywhere', async () => {
    const { t } = harness()
    const id = await register(t)
    const otherVillage = { id: 'c9', roles: ['committee'], orgUnit: 'v2' }
    await t.send(id, { type: 'CONSENT', party: 'li' }, { actor: li })
    await expect(t.send(id, { type: 'ACCEPT' }, { actor: otherVillage })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(t.send(id, { type: 'ACCEPT' }, { actor: { id: 'c0', roles: ['committee'] } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await t.send(id, { type: 'ACCEPT' }, { actor: committee })
    await t.send(id, { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm1', name: '王' }] }, { actor: committee })
    await expect(
      t.send(id, { type: 'END_MEDIATION', reason: 'x' }, { actor: { id: 'm9', roles: ['mediator'], orgUnit: 'v2' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    // The township is an ancestor of the village.
    await t.send(id, { type: 'UPGRADE_COLOUR', to: 'yellow', reason: 'r' }, { actor: township })
  })

  it("only parties or the committee start people's mediation; only the police start police mediation; only a court starts court mediation", async () => {
    const { t } = harness()
    await expect(t.start('mediation', baseInput, { actor: police, orgUnit: 'v1' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(
      t.start('policeMediation', { parties: ['zhang', 'li'], disputeType: 'fight', facts: 'f' }, { actor: court }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(
      t.start('courtMediation', { parties: ['zhang', 'li'], facts: 'f' }, { actor: committee }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('a party acts for themselves', () => {
  it('refuses a party signing, consenting or refusing for another party', async () => {
    const { t } = harness()
    const id = await register(t)
    await expect(t.send(id, { type: 'CONSENT', party: 'li' }, { actor: zhang })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(t.send(id, { type: 'REFUSE', party: 'li' }, { actor: zhang })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await acceptAndAssign(t, id)
    await heartSteps(t, id)
    await t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })
    await expect(
      t.send(id, { type: 'SIGN_AGREEMENT', party: 'li', mark: 'signature' }, { actor: zhang }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await t.send(id, { type: 'SIGN_AGREEMENT', party: 'zhang', mark: 'signature' }, { actor: zhang })
  })

  it('can be switched off when the host binds identities itself', async () => {
    const t = createTestEngine({ plugins: [mediationPlugin({ bindPartyToActor: false })], orgUnits })
    const id = (await t.start('mediation', baseInput, { actor: zhang, orgUnit: 'v1' })).id
    // Without the interceptor a party may act for another party of the same dispute; the engine
    // still refuses anyone who is not a party of it (EventPolicy.parties).
    await t.send(id, { type: 'CONSENT', party: 'li' }, { actor: { id: 'zhang', roles: ['party'] } })
    expect((await t.system.get(id)).context).toMatchObject({ consents: ['zhang', 'li'] })
    await expect(
      t.send(id, { type: 'CONSENT', party: 'li' }, { actor: { id: 'clerk-acting-for-li', roles: ['party'] } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'parties' } })
  })
})
