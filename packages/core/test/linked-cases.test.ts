import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import {
  createEngine,
  defineProcess,
  manualClock,
  memoryStore,
  startProcess,
  update,
  type EventsOf,
} from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

// A petition claim handed to mediation as a linked case; the mediation's result flows back.
const mediationEvents = {
  AGREE: { schema: z.object({ terms: z.string() }), roles: ['mediator'] },
  FAIL: { schema: z.object({}), roles: ['mediator'] },
} as const
const mediationMachine = setup({
  types: {
    context: {} as { parties: string[]; terms: string | null },
    events: {} as EventsOf<typeof mediationEvents>,
    input: {} as { parties: string[] },
  },
}).createMachine({
  id: 'med',
  initial: 'mediating',
  context: ({ input }) => ({ parties: input.parties, terms: null }),
  output: ({ context }) => ({ terms: context.terms }),
  states: {
    mediating: {
      meta: { task: { role: 'mediator' } },
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
export const mediation = defineProcess({
  id: 'med',
  version: 1,
  machine: mediationMachine,
  events: mediationEvents,
  input: z.object({ parties: z.array(z.string()).min(2) }),
})

const claimEvents = {
  MEDIATE: { schema: z.object({}), roles: ['organ'] },
  MEDIATION_DONE: {
    schema: z.object({
      childId: z.string().optional(),
      processId: z.string().optional(),
      state: z.string().optional(),
      outcome: z.string().nullable().optional(),
      output: z.unknown().optional(),
    }),
    roles: ['system'],
  },
} as const
const claimMachine = setup({
  types: { context: {} as { parties: string[]; result: unknown }, events: {} as EventsOf<typeof claimEvents> },
}).createMachine({
  id: 'claim',
  initial: 'open',
  context: { parties: ['张三', '李四'], result: null },
  states: {
    open: {
      on: {
        MEDIATE: {
          target: 'mediating',
          actions: startProcess('med', {
            input: ({ context }) => ({ parties: context.parties }),
            onDone: 'MEDIATION_DONE',
            businessKey: 'M-1',
          }),
        },
      },
    },
    mediating: {
      on: {
        MEDIATION_DONE: [
          {
            guard: ({ event }) => event.outcome === 'resolved',
            target: 'settled',
            actions: update(({ draft, event }) => {
              draft.result = event.output ?? null
            }),
          },
          { target: 'open' },
        ],
      },
    },
    settled: { type: 'final', meta: { outcome: 'resolved' } },
  },
})
const claim = defineProcess({ id: 'claim', version: 1, machine: claimMachine, events: claimEvents })
const organ = { id: 'o', roles: ['organ'], orgUnit: 'town' }
const mediator = { id: 'm', roles: ['mediator'], orgUnit: 'town' }

describe('linked cases', () => {
  it('creates the child in the same commit, with its parent recorded', async () => {
    const t = createTestEngine({ processes: [claim, mediation] })
    const { id } = await t.start('claim', undefined, { actor: organ, orgUnit: 'town' })
    const commits: number[] = []
    const original = t.store.commit.bind(t.store)
    t.store.commit = async (c) => {
      commits.push(c.instances.length)
      return original(c)
    }
    await t.send(id, { type: 'MEDIATE' }, { actor: organ })
    expect(commits).toEqual([2])
    const children = await t.system.instances({ parentId: id })
    expect(children.items).toHaveLength(1)
    const child = await t.system.get(children.items[0]?.id as string)
    expect(child).toMatchObject({
      processId: 'med',
      parentId: id,
      orgUnit: 'town',
      businessKey: 'M-1',
      state: 'mediating',
      context: { parties: ['张三', '李四'] },
    })
    expect((await t.system.history(id)).at(-1)?.detail).toEqual({ children: [{ id: child.id, processId: 'med' }] })
    expect((await t.system.tasks({ role: 'mediator' })).items.map((k) => k.instanceId)).toEqual([child.id])
  })

  it("the child's result flows back to the parent, across an engine restart", async () => {
    const store = memoryStore()
    const clock = manualClock('2026-03-02T09:00:00+08:00')
    const first = createEngine({ processes: [claim, mediation], store, clock, deliverAfterCommit: false })
    const { id } = await first.start('claim', undefined, { actor: organ, orgUnit: 'town' })
    await first.send(id, { type: 'MEDIATE' }, { actor: organ })
    const childId = (await first.system.instances({ parentId: id })).items[0]?.id as string
    await first.send(childId, { type: 'AGREE', terms: '赔偿800元' }, { actor: mediator })
    expect((await first.system.get(childId)).status).toBe('completed')
    expect((await first.system.get(id)).state).toBe('mediating') // the notice is in the outbox, not yet delivered
    await first.close()

    const second = createEngine({ processes: [claim, mediation], store, clock })
    expect(await second.runOutbox()).toBe(1)
    const parent = await second.system.get(id)
    expect(parent).toMatchObject({ state: 'settled', status: 'completed', context: { result: { terms: '赔偿800元' } } })
    const last = (await second.system.history(id)).at(-1)
    expect(last).toMatchObject({
      kind: 'child',
      actor: { id: 'system' },
      event: { type: 'MEDIATION_DONE', childId, outcome: 'resolved', processId: 'med', state: 'agreed' },
    })
    // Delivered once: running the outbox again changes nothing.
    expect(await second.runOutbox()).toBe(0)
    expect((await second.system.get(id)).version).toBe(parent.version)
  })

  it('an unresolved mediation sends the case back; a second linked case can follow', async () => {
    const t = createTestEngine({ processes: [claim, mediation] })
    const { id } = await t.start('claim', undefined, { actor: organ })
    await t.send(id, { type: 'MEDIATE' }, { actor: organ })
    const child = (await t.system.instances({ parentId: id })).items[0]?.id as string
    await t.send(child, { type: 'FAIL' }, { actor: mediator })
    await t.runOutbox()
    expect((await t.system.get(id)).state).toBe('open')
    await t.send(id, { type: 'MEDIATE' }, { actor: organ })
    expect((await t.system.instances({ parentId: id })).items).toHaveLength(2)
  })

  it('refuses the whole command when the child input is invalid or the child process is unknown', async () => {
    const badClaim = defineProcess({
      id: 'claim',
      version: 2,
      machine: setup({ types: { events: {} as EventsOf<typeof claimEvents> } }).createMachine({
        id: 'claim2',
        initial: 'open',
        states: {
          open: {
            on: {
              MEDIATE: { target: 'mediating', actions: startProcess('med', { input: { parties: ['only one'] } }) },
            },
          },
          mediating: { on: { MEDIATION_DONE: 'open' } },
        },
      }),
      events: claimEvents,
    })
    const t = createTestEngine({ processes: [badClaim, mediation] })
    const { id } = await t.start('claim', undefined, { actor: organ })
    await expect(t.send(id, { type: 'MEDIATE' }, { actor: organ })).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    expect((await t.system.instances()).items).toHaveLength(1)
    expect((await t.system.get(id)).version).toBe(1)
    const noChild = createTestEngine({ processes: [badClaim] })
    const c = await noChild.start('claim', undefined, { actor: organ })
    await expect(noChild.send(c.id, { type: 'MEDIATE' }, { actor: organ })).rejects.toMatchObject({
      code: 'PROCESS_NOT_REGISTERED',
    })
  })

  it('a plugin may not claim engine action names', () => {
    expect(() =>
      createTestEngine({ plugins: [{ name: 'x', effects: { 'fengqiao.notifyParent': () => {} } }] }),
    ).toThrow(/belong to the engine/)
  })
})
