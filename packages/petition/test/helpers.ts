// Shared fixtures for the petition tests: org units, actors, inputs, a test engine, and a tiny
// stand-in mediation process (the real @fengqiao/mediation is written elsewhere).
import {
  defineProcess,
  definePlugin,
  update,
  type Actor,
  type EffectMessage,
  type EventsOf,
  type OrgUnit,
} from '@fengqiao/core'
import { createTestEngine, type TestEngine } from '@fengqiao/core/testing'
import { expect } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import {
  petitionPlugin,
  stageOf,
  type PetitionContext,
  type PetitionInputArg,
  type PetitionPluginOptions,
} from '../src/index.js'

/** Province › city › county › township. Organs and bureaus act for the government unit they belong to. */
export const orgUnits: OrgUnit[] = [
  { id: 'province', level: 'province' },
  { id: 'city', parent: 'province', level: 'city' },
  { id: 'county', parent: 'city', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
]

export const bureau: Actor = { id: 'bureau-1', roles: ['bureau'], orgUnit: 'county' }
export const cityBureau: Actor = { id: 'bureau-city', roles: ['bureau'], orgUnit: 'city' }
export const townBureau: Actor = { id: 'bureau-town', roles: ['bureau'], orgUnit: 'town' }
export const organ: Actor = { id: 'organ-1', roles: ['organ'], orgUnit: 'county' }
export const townOrgan: Actor = { id: 'organ-town', roles: ['organ'], orgUnit: 'town' }
export const head: Actor = { id: 'head-1', roles: ['organHead'], orgUnit: 'county' }
export const reviewer: Actor = { id: 'review-1', roles: ['reviewOrgan'], orgUnit: 'city' }
export const rereviewer: Actor = { id: 'rereview-1', roles: ['rereviewOrgan'], orgUnit: 'province' }
export const petitioner: Actor = { id: 'zhang', roles: ['petitioner'] }
export const superior: Actor = { id: 'superior-1', roles: ['superiorOrgan'], orgUnit: 'county' }
export const conference: Actor = { id: 'conference-1', roles: ['jointConference'], orgUnit: 'county' }
export const mediator: Actor = { id: 'mediator-1', roles: ['mediator'], orgUnit: 'county' }

/** Every role of the package, for "another role is refused" checks. */
export const everyone = { bureau, organ, head, reviewer, rereviewer, petitioner, superior, conference }

export const at = (iso: string): number => Date.parse(iso)

/** A claim received by the petition bureau at the engine's start time; override anything. */
export function claim(overrides: Partial<PetitionInputArg> = {}): PetitionInputArg {
  return {
    type: 'claim',
    channel: 'letter',
    receivedBy: 'bureau',
    receivedAt: '2026-03-02T09:00:00+08:00',
    petitioner: { id: 'zhang', name: '张三', address: '某县某镇某村1号', contact: '13800000000' },
    request: '要求补发2025年耕地地力保护补贴',
    facts: '本人承包耕地5亩，2025年补贴未发放',
    reasons: '符合补贴发放条件',
    matterKey: 'matter-zhang-subsidy',
    ...overrides,
  }
}

/** A stand-in for the mediation package's process: parties in, agreement out. */
const mediationEvents = {
  AGREE: { schema: z.object({ terms: z.string().min(1) }), roles: ['mediator'] },
  FAIL: { schema: z.object({ reason: z.string().min(1) }), roles: ['mediator'] },
} as const
const mediationMachine = setup({
  types: {
    context: {} as { parties: string[]; terms: string | null },
    events: {} as EventsOf<typeof mediationEvents>,
    input: {} as { parties: string[]; facts: string },
  },
}).createMachine({
  id: 'mediation',
  initial: 'mediating',
  context: ({ input }) => ({ parties: input.parties, terms: null }),
  output: ({ context }) => ({ agreement: context.terms }),
  states: {
    mediating: {
      meta: { task: { role: 'mediator', title: { 'zh-CN': '调解', en: 'Mediate' } } },
      on: {
        AGREE: {
          target: 'agreed',
          actions: update(({ draft, event }) => {
            draft.terms = event.terms
          }),
        },
        FAIL: 'failed',
      },
    },
    agreed: { type: 'final', meta: { outcome: 'resolved' } },
    failed: { type: 'final', meta: { outcome: 'unresolved' } },
  },
})
export const standInMediation = defineProcess({
  id: 'mediation',
  version: 1,
  machine: mediationMachine,
  events: mediationEvents,
  input: z.object({ parties: z.array(z.string().min(1)).length(2), facts: z.string().min(1) }).loose(),
})

/** Effects the tests observe. */
export interface Recorded {
  readonly effects: EffectMessage[]
}

/** A test engine with the petition plugin, the stand-in mediation process, and recorded effects. */
export function petitionEngine(
  options: { start?: string; plugin?: PetitionPluginOptions } = {},
): TestEngine & Recorded & { plugin: ReturnType<typeof petitionPlugin> } {
  const effects: EffectMessage[] = []
  const record = (m: EffectMessage) => {
    effects.push(m)
  }
  const plugin = petitionPlugin({
    effects: {
      notifyPetitioner: record,
      reportToBureau: record,
      issueSupervisionNotice: record,
      publishRereview: record,
    },
    ...options.plugin,
  })
  const t = createTestEngine({
    plugins: [plugin, definePlugin({ name: 'stand-in-mediation', processes: [standInMediation] })],
    orgUnits,
    start: options.start ?? '2026-03-02T09:00:00+08:00',
  })
  return Object.assign(t, { effects, plugin })
}

/** The procedure stage of an instance. */
export async function stage(t: TestEngine, id: string): Promise<string> {
  return stageOf((await t.system.get(id)).state)
}

/** The petition context of an instance. */
export async function context(t: TestEngine, id: string): Promise<PetitionContext> {
  return (await t.system.get(id)).context as PetitionContext
}

/** The named running deadlines of an instance, with due dates. */
export function deadlines(t: TestEngine, id: string): Record<string, number> {
  const row = t.store.tables.instances.get(id)
  return Object.fromEntries((row?.deadlines ?? []).map((d) => [d.name, d.dueAt]))
}

/** The effects of one kind, as `params`. */
export function effectsOf(r: Recorded, type: string): unknown[] {
  return r.effects.filter((m) => m.type === type).map((m) => m.params)
}

/** Asserts a command is refused with a Fengqiao error code (and optionally a message fragment). */
export async function refused(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await expect(p).rejects.toMatchObject({ code })
  if (message !== undefined) await expect(p).rejects.toThrow(message)
}

/** Registers a claim at the bureau and transfers it to the county organ. */
export async function transferredClaim(t: TestEngine, overrides: Partial<PetitionInputArg> = {}): Promise<string> {
  const { id } = await t.start('petition', claim({ receivedAt: new Date(t.clock.now()).toISOString(), ...overrides }), {
    actor: bureau,
    orgUnit: 'county',
  })
  await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
  return id
}

/** A claim received directly by the organ and accepted on the spot. */
export async function acceptedClaim(t: TestEngine, overrides: Partial<PetitionInputArg> = {}): Promise<string> {
  const { id } = await t.start(
    'petition',
    claim({ receivedBy: 'organ', receivedAt: new Date(t.clock.now()).toISOString(), ...overrides }),
    { actor: organ, orgUnit: 'county' },
  )
  await t.send(id, { type: 'ACCEPT' }, { actor: organ })
  return id
}

/** An opinion served at the engine's now. */
export function opinion(t: TestEngine, outcome: 'support' | 'explain' | 'notSupport' = 'notSupport') {
  return {
    type: 'ISSUE_OPINION' as const,
    outcome,
    finding: '经核查，申请人2025年补贴已于12月发放至其社保卡',
    ...(outcome === 'explain'
      ? { explanation: '诉求合理，但现行政策无补发依据，已作解释说明' }
      : { legalBasis: '《耕地地力保护补贴资金管理办法》第八条' }),
    servedAt: new Date(t.clock.now()).toISOString(),
  }
}
