// Shared fixtures for the mediation tests: an org-unit ladder, actors, an engine with every
// effect recorded, and shortcuts that drive a case to a given point.
import type { EffectMessage, OrgUnit } from '@fengqiao/core'
import { createTestEngine, type TestEngine } from '@fengqiao/core/testing'
import {
  mediationPlugin,
  peoplesStage,
  type MediationParameterOverrides,
  type PeoplesMediationInput,
} from '../src/index.js'

/** County › township › villages › grid. */
export const orgUnits: OrgUnit[] = [
  { id: 'county', level: 'county', name: '某县' },
  { id: 'town', parent: 'county', level: 'township', name: '陈井镇' },
  { id: 'v1', parent: 'town', level: 'village', name: '一村' },
  { id: 'v2', parent: 'town', level: 'village', name: '二村' },
  { id: 'g1', parent: 'v1', level: 'grid', name: '一村一网格' },
]

export const zhang = { id: 'zhang', roles: ['party'] }
export const li = { id: 'li', roles: ['party'] }
export const committee = { id: 'c1', roles: ['committee'], orgUnit: 'v1' }
export const mediator = { id: 'm1', roles: ['mediator'], orgUnit: 'v1' }
export const townMediator = { id: 'm2', roles: ['mediator'], orgUnit: 'town' }
export const townCommittee = { id: 'c2', roles: ['committee'], orgUnit: 'town' }
export const gridMember = { id: 'gm1', roles: ['gridMember'], orgUnit: 'g1' }
export const township = { id: 't1', roles: ['township'], orgUnit: 'town' }
export const county = { id: 'k1', roles: ['county'], orgUnit: 'county' }
export const police = { id: 'pol1', roles: ['police'] }
export const court = { id: 'ct1', roles: ['court'] }
export const president = { id: 'cp1', roles: ['courtPresident'] }

/** Monday, 2 March 2026, 09:00 in Beijing. */
export const START = '2026-03-02T09:00:00+08:00'

export const parties = [
  { id: 'zhang', name: '张三' },
  { id: 'li', name: '李四' },
]

export const baseInput: PeoplesMediationInput = {
  parties,
  disputeType: 'neighbour',
  facts: '宅基地边界围墙纠纷',
  request: '拆除越界围墙',
  applicants: ['zhang'],
}

export interface Harness {
  t: TestEngine
  effects: EffectMessage[]
  /** Effect params of one type, in delivery order (delivers the outbox first). */
  delivered(type: string): Promise<unknown[]>
}

export function harness(options: { parameters?: MediationParameterOverrides; start?: string } = {}): Harness {
  const effects: EffectMessage[] = []
  const record = (m: EffectMessage) => {
    effects.push(m)
  }
  const t = createTestEngine({
    plugins: [
      mediationPlugin({
        ...(options.parameters === undefined ? {} : { parameters: options.parameters }),
        effects: {
          reportToPolice: record,
          notifyRoutes: record,
          gradeBulletin: record,
          redDailyReport: record,
          notifyRightToSue: record,
        },
      }),
    ],
    orgUnits,
    start: options.start ?? START,
  })
  return {
    t,
    effects,
    async delivered(type) {
      await t.runOutbox()
      return effects.filter((m) => m.type === type).map((m) => m.params)
    },
  }
}

/** The procedure part of a people's mediation state key ('handling.mediating', 'agreed.supervising', 'performed', …). */
export function step(stateKey: string): string {
  return peoplesStage(stateKey).stage
}

/** The grade part of a people's mediation state key ('green.owned', 'yellow.owned', …), or null once closed. */
export function gradeStep(stateKey: string): string | null {
  return peoplesStage(stateKey).grade
}

export async function stepOf(t: TestEngine, id: string): Promise<string> {
  return step((await t.system.get(id)).stateKey)
}

/** Registers a case on Zhang's application at village v1 (or `orgUnit`). */
export async function register(
  t: TestEngine,
  input: Partial<PeoplesMediationInput> = {},
  orgUnit = 'v1',
): Promise<string> {
  return (await t.start('mediation', { ...baseInput, ...input }, { actor: zhang, orgUnit })).id
}

/** Li consents, the committee accepts and assigns mediator m1. */
export async function acceptAndAssign(
  t: TestEngine,
  id: string,
  actors = { committee, mediatorId: mediator.id },
): Promise<void> {
  await t.send(id, { type: 'CONSENT', party: 'li' }, { actor: li })
  await t.send(id, { type: 'ACCEPT' }, { actor: actors.committee })
  await t.send(
    id,
    { type: 'ASSIGN_MEDIATOR', mediators: [{ id: actors.mediatorId, name: '王调解' }] },
    { actor: actors.committee },
  )
}

export const coreSteps = ['patientListening', 'impartialReasoning', 'heartToHeart', 'goodFaith'] as const

/** Logs the first `n` five-heart steps, one hour apart from 2026-03-02 10:00. */
export async function heartSteps(t: TestEngine, id: string, n = 4, actor = mediator): Promise<void> {
  for (const [i, s] of coreSteps.slice(0, n).entries()) {
    await t.send(
      id,
      { type: 'HEART_STEP', step: s, by: '王调解', at: `2026-03-02T1${i}:00:00+08:00`, notes: `${s} 记录` },
      { actor },
    )
  }
}

export const contents = {
  parties: ['zhang', 'li'],
  facts: '张三围墙越界0.5米',
  issues: '围墙位置',
  responsibilities: '张三负主要责任',
  terms: '张三拆除越界部分，李四补偿500元',
  performance: { method: '自行拆除并当面付款', deadline: '2026-04-30' },
}

/** Drafts the written agreement and collects every signature and the seal: the agreement takes effect. */
export async function writtenAgreement(t: TestEngine, id: string, actors = { mediator, committee }): Promise<void> {
  await t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: actors.mediator })
  await t.send(id, { type: 'SIGN_AGREEMENT', party: 'zhang', mark: 'signature' }, { actor: zhang })
  await t.send(id, { type: 'SIGN_AGREEMENT', party: 'li', mark: 'fingerprint' }, { actor: li })
  await t.send(id, { type: 'MEDIATOR_SIGN', mediatorId: actors.mediator.id }, { actor: actors.mediator })
  await t.send(id, { type: 'COMMITTEE_SEAL' }, { actor: actors.committee })
}

/** From registration to an effective written agreement. */
export async function toAgreement(t: TestEngine, input: Partial<PeoplesMediationInput> = {}): Promise<string> {
  const id = await register(t, input)
  await acceptAndAssign(t, id)
  await heartSteps(t, id)
  await writtenAgreement(t, id)
  return id
}

/** Moves the clock to an instant, firing every timer due on the way. */
export async function advanceTo(t: TestEngine, iso: string): Promise<number> {
  const by = Date.parse(iso) - t.clock.now()
  if (by < 0) throw new Error(`advanceTo(${iso}) is in the past`)
  return t.advance(by)
}

/** Starts a case of any of the three mediation processes, at village v1, as its usual starter. */
export async function startCase(t: TestEngine, processId: string): Promise<string> {
  if (processId === 'mediation') return (await t.start('mediation', baseInput, { actor: zhang, orgUnit: 'v1' })).id
  if (processId === 'policeMediation')
    return (
      await t.start(
        'policeMediation',
        { parties: ['zhang', 'li'], disputeType: 'fight', facts: 'f' },
        { actor: police, orgUnit: 'v1' },
      )
    ).id
  return (await t.start('courtMediation', { parties: ['zhang', 'li'], facts: 'f' }, { actor: court, orgUnit: 'v1' })).id
}
