// Every door of the engine, with who may pass and who may not (docs/security.md, "Who may do what").
import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, isFengqiaoError, SYSTEM_ACTOR, update, type Actor } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

type Ctx = { petitionerId: string; name: string; phone: string; notes: string[] }
const events = {
  HANDLE: { schema: z.object({ note: z.string() }), roles: ['organ'] },
  WITHDRAW: {
    schema: z.object({}),
    roles: ['petitioner', 'organ'],
    scope: 'any',
    parties: { roles: ['petitioner'], ids: (c: Ctx) => [c.petitionerId] },
  },
  OVERDUE: { schema: z.object({ deadline: z.string().optional() }), roles: ['organ'], system: true },
} as const
const machine = setup({
  types: {
    context: {} as Ctx,
    input: {} as Omit<Ctx, 'notes'>,
    events: {} as { type: 'HANDLE'; note: string } | { type: 'WITHDRAW' } | { type: 'OVERDUE' },
  },
}).createMachine({
  id: 'pt',
  context: ({ input }) => ({ ...input, notes: [] }),
  initial: 'handling',
  states: {
    handling: {
      meta: { task: { role: 'organ' }, deadline: { days: 30, onExpire: 'OVERDUE', name: 'handle' } },
      on: {
        HANDLE: {
          actions: update(({ draft, event }) => {
            draft.notes.push(event.note)
          }),
        },
        WITHDRAW: 'withdrawn',
        OVERDUE: 'supervised',
      },
    },
    supervised: { on: { WITHDRAW: 'withdrawn' } },
    withdrawn: { type: 'final' },
  },
})
const petition = defineProcess({
  id: 'pt',
  version: 1,
  machine,
  events,
  input: z.object({ petitionerId: z.string(), name: z.string(), phone: z.string() }),
  start: { roles: ['petitioner'] },
})
const secret = defineProcess({
  id: 'secret',
  version: 1,
  machine: setup({}).createMachine({ initial: 'open', states: { open: { meta: { task: { role: 'inspector' } } } } }),
  events: {},
  read: { roles: ['inspector'] },
})
const orgUnits = [{ id: 'county-a' }, { id: 'town-a', parent: 'county-a' }, { id: 'county-b' }]

const p1: Actor = { id: 'p1', roles: ['petitioner'] }
const p2: Actor = { id: 'p2', roles: ['petitioner'] }
const townOrgan: Actor = { id: 'o1', roles: ['organ'], orgUnit: 'town-a' }
const countyOrgan: Actor = { id: 'o2', roles: ['organ'], orgUnit: 'county-a' }
const otherCounty: Actor = { id: 'o3', roles: ['organ'], orgUnit: 'county-b' }
const inspector: Actor = { id: 'i1', roles: ['inspector'], orgUnit: 'county-a' }
const admin: Actor = { id: 'root', roles: ['admin'], orgUnit: 'county-a' }

async function refused(p: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  try {
    await p
  } catch (e) {
    if (isFengqiaoError(e, code as never)) return e.details as Record<string, unknown>
    throw e
  }
  throw new Error(`expected ${code}`)
}

async function world(options: { adminRoles?: string[] } = {}) {
  const t = createTestEngine({ processes: [petition, secret], orgUnits, ...options })
  const { id } = await t.start(
    'pt',
    { petitionerId: 'p1', name: '张三', phone: '13800000000' },
    { actor: p1, orgUnit: 'town-a' },
  )
  return { t, id }
}

describe('callers cannot act as the system', () => {
  it.each([
    ['SYSTEM_ACTOR', SYSTEM_ACTOR],
    ['the id system', { id: 'system', roles: ['organ'], orgUnit: 'town-a' }],
    ['the role system', { id: 'x', roles: ['organ', 'system'], orgUnit: 'town-a' }],
  ])('%s is refused at every door', async (_, actor) => {
    const { t, id } = await world({ adminRoles: ['admin'] })
    const before = await t.system.history(id)
    for (const attempt of [
      t.start('pt', { petitionerId: 'x', name: 'x', phone: 'x' }, { actor }),
      t.send(id, { type: 'HANDLE', note: 'n' }, { actor }),
      t.send(id, { type: 'OVERDUE' }, { actor }),
      t.get(id, { actor }),
      t.history(id, { actor }),
      t.tasks({ actor }),
      t.instances({ actor }),
      t.migrate(id, { toVersion: 1, stateMap: {}, actor, reason: 'x' }),
    ]) {
      expect(await refused(attempt, 'FORBIDDEN')).toMatchObject({ rule: 'system-actor' })
    }
    expect(await t.system.history(id)).toEqual(before)
  })

  it('a malformed actor is a typed error at every door', async () => {
    const { t, id } = await world()
    for (const actor of [null, 'p1', { id: '', roles: [] }, { id: 'x' }]) {
      await refused(t.get(id, { actor } as never), 'INVALID_OPTIONS')
      await refused(t.tasks({ actor } as never), 'INVALID_OPTIONS')
      await refused(t.send(id, { type: 'WITHDRAW' }, { actor } as never), 'INVALID_OPTIONS')
    }
    await refused(t.get(id, undefined as never), 'INVALID_OPTIONS')
  })
})

describe('events only the engine sends', () => {
  it('are refused from callers whatever roles they hold, and still sent by the engine when the deadline expires', async () => {
    const { t, id } = await world()
    expect(await refused(t.send(id, { type: 'OVERDUE' }, { actor: countyOrgan }), 'FORBIDDEN')).toMatchObject({
      rule: 'system',
      type: 'OVERDUE',
    })
    await t.advance('31d')
    expect((await t.system.get(id)).state).toBe('supervised')
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'deadline',
      actor: { id: 'system' },
      detail: { sent: 'OVERDUE' },
    })
  })

  it('are never offered as what the actor may send instead', async () => {
    const { t, id } = await world()
    await t.send(id, { type: 'WITHDRAW' }, { actor: p1 })
    const { id: other } = await t.start(
      'pt',
      { petitionerId: 'p1', name: '张三', phone: '1' },
      { actor: p1, orgUnit: 'town-a' },
    )
    await t.advance('31d') // other is supervised: it takes WITHDRAW only
    expect(
      await refused(t.send(other, { type: 'HANDLE', note: 'late' }, { actor: townOrgan }), 'EVENT_NOT_ACCEPTED'),
    ).toMatchObject({ reason: 'no-transition', accepted: ['WITHDRAW'] })
    expect(
      await refused(t.send(id, { type: 'HANDLE', note: 'x' }, { actor: townOrgan }), 'EVENT_NOT_ACCEPTED'),
    ).toMatchObject({ reason: 'closed' })
  })
})

describe('parties own their own case', () => {
  it('the petitioner withdraws their own petition; another petitioner may not', async () => {
    const { t, id } = await world()
    expect(await refused(t.send(id, { type: 'WITHDRAW' }, { actor: p2 }), 'FORBIDDEN')).toMatchObject({
      rule: 'parties',
      actorId: 'p2',
      partyRoles: ['petitioner'],
    })
    expect((await t.system.get(id)).state).toBe('handling')
    expect((await t.send(id, { type: 'WITHDRAW' }, { actor: p1 })).state).toBe('withdrawn')
  })

  it('an official allowed through another role is not bound to the parties', async () => {
    const { t, id } = await world()
    expect((await t.send(id, { type: 'WITHDRAW' }, { actor: otherCounty })).state).toBe('withdrawn')
  })
})

describe('reads take the actor and apply the same scope as commands', () => {
  it('get, history, verify and replay: the case’s unit and its ancestors, and its parties', async () => {
    const { t, id } = await world()
    for (const actor of [townOrgan, countyOrgan, p1]) {
      expect((await t.get(id, { actor })).context).toMatchObject({ name: '张三', phone: '13800000000' })
      expect(await t.history(id, { actor })).toHaveLength(1)
      expect(await t.verify(id, { actor })).toMatchObject({ ok: true })
      expect(await t.replay(id, { actor })).toMatchObject({ ok: true })
    }
    for (const actor of [otherCounty, p2, { id: 'o4', roles: ['organ'] }]) {
      for (const read of [
        t.get(id, { actor }),
        t.history(id, { actor }),
        t.verify(id, { actor }),
        t.replay(id, { actor }),
      ]) {
        expect(await refused(read, 'FORBIDDEN')).toMatchObject({ rule: 'read', instanceId: id })
      }
    }
  })

  it('a process’s read policy limits the roles that may read its cases', async () => {
    const { t } = await world()
    const { id } = await t.start('secret', undefined, { actor: townOrgan, orgUnit: 'town-a' })
    await refused(t.get(id, { actor: countyOrgan }), 'FORBIDDEN')
    expect((await t.get(id, { actor: inspector })).id).toBe(id)
    expect((await t.tasks({ actor: countyOrgan, instanceId: id })).items).toEqual([])
    expect((await t.tasks({ actor: inspector, instanceId: id })).items).toHaveLength(1)
  })

  it('tasks and instances list only what the actor may see', async () => {
    const { t, id } = await world()
    expect((await t.tasks({ actor: townOrgan })).items.map((k) => k.instanceId)).toEqual([id])
    expect((await t.tasks({ actor: otherCounty })).items).toEqual([])
    expect((await t.instances({ actor: countyOrgan })).items.map((i) => i.id)).toEqual([id])
    expect((await t.instances({ actor: p1 })).items.map((i) => i.id)).toEqual([id])
    expect((await t.instances({ actor: otherCounty })).items).toEqual([])
    expect((await t.instances({ actor: p2 })).items).toEqual([])
  })

  it('the typed client reads with the same scope', async () => {
    const { t, id } = await world()
    const client = t.process(petition)
    expect((await client.get(id, { actor: p1 })).context.phone).toBe('13800000000')
    await refused(client.get(id, { actor: otherCounty }), 'FORBIDDEN')
  })

  it('reports cover the actor’s own unit or one within it', async () => {
    const { t } = await world()
    const window = { from: 0, to: t.clock.now() + 1 }
    expect((await t.report({ actor: countyOrgan, ...window })).total.opened).toBe(1)
    expect((await t.report({ actor: countyOrgan, orgUnit: 'town-a', ...window })).total.opened).toBe(1)
    expect((await t.report({ actor: otherCounty, ...window })).total.opened).toBe(0)
    expect(await refused(t.report({ actor: townOrgan, orgUnit: 'county-a', ...window }), 'FORBIDDEN')).toMatchObject({
      rule: 'read',
      orgUnit: 'county-a',
    })
    await refused(t.report({ actor: otherCounty, orgUnit: 'town-a', ...window }), 'FORBIDDEN')
    await refused(t.report({ actor: p1, ...window }), 'FORBIDDEN')
  })

  it('the host’s system reads need no actor and see everything', async () => {
    const { t, id } = await world()
    expect((await t.system.get(id)).context).toMatchObject({ name: '张三' })
    expect(await t.system.history(id)).toHaveLength(1)
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
    expect(await t.system.replay(id)).toMatchObject({ ok: true })
    expect((await t.system.tasks()).items).toHaveLength(1)
    expect((await t.system.instances()).items).toHaveLength(1)
    expect((await t.system.report({ from: 0, to: t.clock.now() + 1 })).total.opened).toBe(1)
  })
})

describe('administrative operations need an admin role and a reason, and are audited', () => {
  it('migrate: refused without configured admin roles, for a non-admin, and without a reason', async () => {
    const none = await world()
    expect(
      await refused(
        none.t.migrate(none.id, { toVersion: 1, stateMap: { handling: 'handling' }, actor: admin, reason: 'r' }),
        'FORBIDDEN',
      ),
    ).toMatchObject({ rule: 'admin', operation: 'migrate' })
    const { t, id } = await world({ adminRoles: ['admin'] })
    expect(
      await refused(
        t.migrate(id, { toVersion: 1, stateMap: { handling: 'handling' }, actor: countyOrgan, reason: 'r' }),
        'FORBIDDEN',
      ),
    ).toMatchObject({ rule: 'admin', required: ['admin'] })
    await refused(
      t.migrate(id, {
        toVersion: 1,
        stateMap: { handling: 'handling' },
        actor: { id: 'nobody', roles: [] },
        reason: 'r',
      }),
      'FORBIDDEN',
    )
    await refused(
      t.migrate(id, { toVersion: 1, stateMap: { handling: 'handling' }, actor: admin } as never),
      'INVALID_OPTIONS',
    )
    expect(await t.system.history(id)).toHaveLength(1)
    const audited: unknown[] = []
    t.on('admin', (e) => audited.push(e))
    await t.migrate(id, {
      toVersion: 1,
      stateMap: { handling: 'handling' },
      actor: admin,
      reason: 'ticket 42: re-derive the deadline',
    })
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'migrated',
      actor: { id: 'root', roles: ['admin'] },
      detail: { reason: 'ticket 42: re-derive the deadline' },
    })
    expect(audited).toEqual([
      { operation: 'migrate', actor: admin, reason: 'ticket 42: re-derive the deadline', instanceId: id },
    ])
  })

  it('pruneIdempotencyKeys: the same rule', async () => {
    const { t } = await world({ adminRoles: ['admin'] })
    await refused(t.pruneIdempotencyKeys({ olderThan: '1d', actor: countyOrgan, reason: 'r' }), 'FORBIDDEN')
    await refused(t.pruneIdempotencyKeys({ olderThan: '1d', actor: admin, reason: ' ' }), 'INVALID_OPTIONS')
    const audited: unknown[] = []
    t.on('admin', (e) => audited.push(e))
    expect(await t.pruneIdempotencyKeys({ olderThan: '1d', actor: admin, reason: 'monthly upkeep' })).toBe(0)
    expect(audited).toEqual([
      { operation: 'pruneIdempotencyKeys', actor: admin, reason: 'monthly upkeep', instanceId: null },
    ])
  })

  it('admin roles cannot include the system role', () => {
    expect(() => createTestEngine({ processes: [petition], adminRoles: ['system'] })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
  })
})

describe('commands keep their doors', () => {
  it('start needs a start role; send needs the event’s role and scope', async () => {
    const { t, id } = await world()
    expect(
      await refused(t.start('pt', { petitionerId: 'o1', name: 'x', phone: 'x' }, { actor: townOrgan }), 'FORBIDDEN'),
    ).toMatchObject({ rule: 'roles' })
    expect(await refused(t.send(id, { type: 'HANDLE', note: 'x' }, { actor: p1 }), 'FORBIDDEN')).toMatchObject({
      rule: 'roles',
    })
    expect(await refused(t.send(id, { type: 'HANDLE', note: 'x' }, { actor: otherCounty }), 'FORBIDDEN')).toMatchObject(
      { rule: 'scope' },
    )
    expect((await t.safeSend(id, { type: 'HANDLE', note: 'x' }, { actor: otherCounty })).ok).toBe(false)
    expect((await t.send(id, { type: 'HANDLE', note: 'seen' }, { actor: countyOrgan })).version).toBe(2)
  })
})
