/**
 * The administrator's commands and the task commands: who may (docs/security.md, "Who may do
 * what") and every refusal, typed and writing nothing (decision 0015). The scenarios on every
 * store are in the SQL adapter's `admin-commands.test.ts`.
 */
import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import {
  createEngine,
  defineProcess,
  manualClock,
  memoryStore,
  type Engine,
  hmacSha256Chain,
  isFengqiaoError,
  pauseDeadline,
  startProcess,
  type Actor,
  type EventsOf,
  type InstanceQuery,
} from '../src/index.js'
import { createTestEngine, type TestEngine } from '../src/testing/index.js'

const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'other-town', parent: 'county', level: 'township' },
  { id: 'village', parent: 'town', level: 'village' },
]
const clerk: Actor = { id: 'clerk-1', roles: ['clerk'], orgUnit: 'village' }
const clerk2: Actor = { id: 'clerk-2', roles: ['clerk'], orgUnit: 'town' }
const outsider: Actor = { id: 'clerk-x', roles: ['clerk'], orgUnit: 'other-town' }
const viewer: Actor = { id: 'viewer', roles: ['viewer'], orgUnit: 'town' }
const admin: Actor = { id: 'admin-1', roles: ['admin'], orgUnit: 'town' }
const farAdmin: Actor = { id: 'admin-x', roles: ['admin'], orgUnit: 'other-town' }
const systemActor: Actor = { id: 'system', roles: ['admin'] }

const childEvents = { ANSWER: { schema: z.object({}), roles: ['clerk'] } } as const
const child = defineProcess({
  id: 'child',
  version: 1,
  machine: setup({ types: { events: {} as EventsOf<typeof childEvents> } }).createMachine({
    initial: 'open',
    states: { open: { meta: { task: { role: 'clerk' } }, on: { ANSWER: 'done' } }, done: { type: 'final' } },
  }),
  events: childEvents,
})

const events = {
  DONE: { schema: z.object({}), roles: ['clerk'] },
  ASK: { schema: z.object({}), roles: ['clerk'] },
  HOLD: { schema: z.object({}), roles: ['clerk'] },
  ANSWERED: { schema: z.object({}).passthrough(), roles: ['system'] },
} as const
const ticket = defineProcess({
  id: 'ticket',
  version: 1,
  machine: setup({
    types: { context: {} as { answers: number }, events: {} as EventsOf<typeof events> },
  }).createMachine({
    initial: 'open',
    context: { answers: 0 },
    states: {
      open: {
        meta: { task: { role: 'clerk' }, deadline: { days: 10, name: 'reply' } },
        on: {
          DONE: 'closed',
          ASK: { actions: startProcess('child', { onDone: 'ANSWERED' }) },
          HOLD: { actions: pauseDeadline('reply') },
          ANSWERED: { target: 'open', reenter: false },
        },
      },
      closed: { type: 'final' },
    },
  }),
  events,
})

const why = { reason: 'repair' }

async function setupCase(adminRoles: string[] = ['admin']): Promise<{ t: TestEngine; id: string; taskId: string }> {
  const t = createTestEngine({ processes: [ticket, child], orgUnits, adminRoles })
  const { id } = await t.start('ticket', undefined, { actor: clerk, orgUnit: 'village' })
  const taskId = (await t.system.tasks({ instanceId: id })).items[0]?.id as string
  return { t, id, taskId }
}

// A refusal writes nothing: the case's version and history are as they were.
async function refused(t: TestEngine, id: string, run: () => Promise<unknown>, code: string, details = {}) {
  const before = await t.system.get(id)
  const n = (await t.system.history(id)).length
  let error: unknown
  try {
    await run()
  } catch (e) {
    error = e
  }
  expect(isFengqiaoError(error), String(error)).toBe(true)
  expect(error).toMatchObject({ code, details })
  expect((await t.system.get(id)).version).toBe(before.version)
  expect((await t.system.history(id)).length).toBe(n)
}

describe('administrator commands: who may', () => {
  const ops = {
    cancel: (t: TestEngine, id: string, actor: Actor, reason?: string) => t.cancel(id, { actor, reason } as never),
    suspend: (t: TestEngine, id: string, actor: Actor, reason?: string) => t.suspend(id, { actor, reason } as never),
    modify: (t: TestEngine, id: string, actor: Actor, reason?: string) =>
      t.modify(id, { actor, reason, state: 'closed' } as never),
  }
  for (const [name, op] of Object.entries(ops)) {
    it(`${name}: refused to a non-administrator, to the system actor, outside the administrator's unit, without a reason, and with no admin roles configured`, async () => {
      const { t, id } = await setupCase()
      await refused(t, id, () => op(t, id, clerk, 'x'), 'FORBIDDEN', { rule: 'admin', operation: name })
      await refused(t, id, () => op(t, id, systemActor, 'x'), 'FORBIDDEN', { rule: 'system-actor' })
      await refused(t, id, () => op(t, id, farAdmin, 'x'), 'FORBIDDEN', { rule: 'scope', operation: name })
      await refused(t, id, () => op(t, id, admin, undefined), 'INVALID_OPTIONS', { operation: name })
      await refused(t, id, () => op(t, id, admin, '  '), 'INVALID_OPTIONS', { operation: name })
      const bare = await setupCase([])
      await refused(bare.t, bare.id, () => op(bare.t, bare.id, admin, 'x'), 'FORBIDDEN', {
        rule: 'admin',
        required: [],
      })
    })
  }

  it('resume and assign: refused to a non-administrator, the system actor, and outside the unit', async () => {
    const { t, id, taskId } = await setupCase()
    await t.suspend(id, { actor: admin, ...why })
    await refused(t, id, () => t.resume(id, { actor: clerk, ...why }), 'FORBIDDEN', { rule: 'admin' })
    await refused(t, id, () => t.resume(id, { actor: systemActor, ...why }), 'FORBIDDEN', { rule: 'system-actor' })
    await refused(t, id, () => t.resume(id, { actor: farAdmin, ...why }), 'FORBIDDEN', { rule: 'scope' })
    await t.resume(id, { actor: admin, ...why })
    const assign = (actor: Actor) => t.assign(id, taskId, { actor, assignee: 'clerk-9', ...why })
    await refused(t, id, () => assign(clerk), 'FORBIDDEN', { rule: 'admin', operation: 'assign' })
    await refused(t, id, () => assign(systemActor), 'FORBIDDEN', { rule: 'system-actor' })
    await refused(t, id, () => assign(farAdmin), 'FORBIDDEN', { rule: 'scope' })
    await refused(t, id, () => t.assign(id, taskId, { actor: admin, assignee: 'x' } as never), 'INVALID_OPTIONS')
    await refused(t, id, () => t.assign(id, taskId, { actor: admin, assignee: 'system', ...why }), 'INVALID_OPTIONS')
  })

  it('the admin observation event names each operation, its actor and reason', async () => {
    const { t, id, taskId } = await setupCase()
    const seen: unknown[] = []
    t.on('admin', (e) => seen.push(e))
    await t.suspend(id, { actor: admin, reason: 'a' })
    await t.resume(id, { actor: admin, reason: 'b' })
    await t.assign(id, taskId, { actor: admin, assignee: 'clerk-1', reason: 'c' })
    await t.delegate(id, taskId, { actor: admin, to: 'clerk-2', reason: 'd' })
    await t.modify(id, { actor: admin, reason: 'e', state: 'open' })
    await t.cancel(id, { actor: admin, reason: 'f' })
    expect(seen).toEqual(
      ['suspend', 'resume', 'assign', 'delegate', 'modify', 'cancel'].map((operation, i) => ({
        operation,
        actor: admin,
        reason: 'abcdef'[i],
        instanceId: id,
      })),
    )
  })
})

describe('administrator commands: refusals', () => {
  it('cancel refuses a closed case and an unknown children option; NOT_FOUND for an unknown case', async () => {
    const { t, id } = await setupCase()
    await refused(
      t,
      id,
      () => t.cancel(id, { actor: admin, reason: 'x', children: 'orphan' } as never),
      'INVALID_OPTIONS',
    )
    await t.send(id, { type: 'DONE' }, { actor: clerk })
    await refused(t, id, () => t.cancel(id, { actor: admin, ...why }), 'EVENT_NOT_ACCEPTED', { reason: 'closed' })
    await expect(t.cancel('nope', { actor: admin, ...why })).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('suspend refuses a suspended or closed case; resume refuses a running one; a cancelled case cannot be resumed', async () => {
    const { t, id } = await setupCase()
    await refused(t, id, () => t.resume(id, { actor: admin, ...why }), 'EVENT_NOT_ACCEPTED', {
      reason: 'not-suspended',
    })
    await t.suspend(id, { actor: admin, ...why })
    await refused(t, id, () => t.suspend(id, { actor: admin, ...why }), 'EVENT_NOT_ACCEPTED', { reason: 'suspended' })
    await t.cancel(id, { actor: admin, ...why })
    await refused(t, id, () => t.resume(id, { actor: admin, ...why }), 'EVENT_NOT_ACCEPTED', { reason: 'closed' })
    await refused(t, id, () => t.suspend(id, { actor: admin, ...why }), 'EVENT_NOT_ACCEPTED', { reason: 'closed' })
  })

  it('a suspended case takes no event (INSTANCE_SUSPENDED, also through safeSend), no task change and no modify; cancelling it leaves no timer behind', async () => {
    const { t, id, taskId } = await setupCase()
    await t.suspend(id, { actor: admin, ...why })
    await refused(t, id, () => t.send(id, { type: 'DONE' }, { actor: clerk }), 'INSTANCE_SUSPENDED', { type: 'DONE' })
    const safe = await t.safeSend(id, { type: 'DONE' }, { actor: clerk })
    expect(safe.ok === false && safe.error.code).toBe('INSTANCE_SUSPENDED')
    await refused(t, id, () => t.claim(id, taskId, { actor: clerk }), 'INSTANCE_SUSPENDED')
    await refused(t, id, () => t.modify(id, { actor: admin, state: 'closed', ...why }), 'INSTANCE_SUSPENDED')
    // An unauthorized sender hears FORBIDDEN, not that the case is suspended.
    await refused(t, id, () => t.send(id, { type: 'DONE' }, { actor: viewer }), 'FORBIDDEN', { rule: 'roles' })
    await t.cancel(id, { actor: admin, ...why })
    expect(await t.store.nextTimerDue()).toBeUndefined()
    expect((await t.system.get(id)).status).toBe('cancelled')
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
  })

  it('modify refuses a state that does not exist and a malformed state', async () => {
    const { t, id } = await setupCase()
    await refused(t, id, () => t.modify(id, { actor: admin, state: 'limbo', ...why }), 'MIGRATION_REFUSED', {
      operation: 'modify',
    })
    await refused(t, id, () => t.modify(id, { actor: admin, state: 42, ...why } as never), 'INVALID_OPTIONS')
  })

  it('a linked case cancelled on its own reports to its parent, with outcome cancelled', async () => {
    const { t, id } = await setupCase()
    await t.send(id, { type: 'ASK' }, { actor: clerk })
    const childId = (await t.system.instances({ parentId: id })).items[0]?.id as string
    await t.cancel(childId, { actor: admin, ...why })
    expect((await t.system.get(id)).status).toBe('active')
    await t.runOutbox()
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'child',
      event: { type: 'ANSWERED', childId, outcome: 'cancelled' },
    })
  })

  it("a linked case's result waits while its parent is suspended and arrives after the resumption", async () => {
    const { t, id } = await setupCase()
    const errors: unknown[] = []
    t.on('error', (e) => errors.push(e))
    await t.send(id, { type: 'ASK' }, { actor: clerk })
    const childId = (await t.system.instances({ parentId: id })).items[0]?.id as string
    await t.suspend(id, { actor: admin, ...why })
    await t.send(childId, { type: 'ANSWER' }, { actor: clerk })
    const n = (await t.system.history(id)).length
    expect(await t.runOutbox()).toBe(0)
    expect((await t.system.history(id)).length).toBe(n)
    expect(errors).toEqual([])
    await t.resume(id, { actor: admin, ...why })
    t.clock.advance('1m')
    expect(await t.runOutbox()).toBe(1)
    expect((await t.system.history(id)).at(-1)).toMatchObject({ kind: 'child', event: { type: 'ANSWERED' } })
  })
})

describe('the record', () => {
  it('on a keyed chain, every command is sealed with the row it produced: verify passes after each', async () => {
    const chain = hmacSha256Chain({ keys: { k1: 'a chain key of thirty-two bytes or more' }, currentKeyId: 'k1' })
    const t = createTestEngine({ processes: [ticket, child], orgUnits, adminRoles: ['admin'], integrity: { chain } })
    const { id } = await t.start('ticket', undefined, { actor: clerk, orgUnit: 'village' })
    const taskId = (await t.system.tasks({ instanceId: id })).items[0]?.id as string
    await t.send(id, { type: 'ASK' }, { actor: clerk })
    const steps = [
      () => t.claim(id, taskId, { actor: clerk }),
      () => t.suspend(id, { actor: admin, ...why }),
      () => t.advance('20d'),
      () => t.resume(id, { actor: admin, ...why }),
      () => t.modify(id, { actor: admin, state: 'open', ...why }),
      () => t.cancel(id, { actor: admin, ...why }),
    ]
    for (const step of steps) {
      await step()
      expect(await t.system.verify(id)).toMatchObject({ ok: true })
    }
    const childId = (await t.system.instances({ parentId: id })).items[0]?.id as string
    expect(await t.system.verify(childId)).toMatchObject({ ok: true })
    expect((await t.system.history(id)).map((h) => h.kind)).toEqual([
      'started',
      'event',
      'task',
      'admin',
      'deadline',
      'admin',
      'migrated',
      'admin',
    ])
  })
})

describe('timers of a suspended case', () => {
  it('a timer a worker claimed just before the suspension does not fire, and is not lost: it fires on resumption', async () => {
    const reminding = defineProcess({
      id: 'reminding',
      version: 1,
      events: { DONE: { schema: z.object({}), roles: ['clerk'] } },
      machine: setup({
        types: { context: {} as { reminders: number }, events: {} as { type: 'DONE' } },
      }).createMachine({
        initial: 'open',
        context: { reminders: 0 },
        states: {
          open: {
            after: { 3_600_000: { target: 'reminded' } },
            on: { DONE: 'closed' },
          },
          reminded: { on: { DONE: 'closed' } },
          closed: { type: 'final' },
        },
      }),
    })
    const inner = memoryStore()
    const late: { engine?: Engine } = {}
    let suspendOnClaim: string | undefined
    // The store suspends the case between the worker's claim and its firing: the race.
    const store = new Proxy(inner, {
      get(target, key, receiver) {
        if (key === 'claimDueTimers')
          return async (...args: Parameters<typeof inner.claimDueTimers>) => {
            const claimed = await target.claimDueTimers(...args)
            if (suspendOnClaim !== undefined && claimed.length > 0) {
              const id = suspendOnClaim
              suspendOnClaim = undefined
              await late.engine?.suspend(id, { actor: admin, ...why })
            }
            return claimed
          }
        const v: unknown = Reflect.get(target, key, receiver)
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
      },
    })
    const clock = manualClock('2026-01-05T09:00:00+08:00')
    const engine = createEngine({ processes: [reminding], store, clock, orgUnits, adminRoles: ['admin'] })
    late.engine = engine
    const { id } = await engine.start('reminding', undefined, { actor: clerk, orgUnit: 'village' })
    clock.advance('2h')
    suspendOnClaim = id
    expect(await engine.runDueTimers()).toBe(0)
    expect(await engine.system.get(id)).toMatchObject({ status: 'suspended', stateKey: 'open' })
    expect((await engine.system.get(id)).timers).toHaveLength(1)
    expect(await engine.runDueTimers()).toBe(0)
    expect(await engine.resume(id, { actor: admin, ...why })).toMatchObject({ status: 'active', stateKey: 'reminded' })
    expect(await engine.system.verify(id)).toMatchObject({ ok: true })
  })
})

describe('reports', () => {
  it('count suspended and cancelled cases by status; a cancelled case is neither due to close nor closed', async () => {
    const { t, id } = await setupCase()
    const { id: held } = await t.start('ticket', undefined, { actor: clerk, orgUnit: 'village' })
    const { id: done } = await t.start('ticket', undefined, { actor: clerk, orgUnit: 'village' })
    await t.cancel(id, { actor: admin, ...why })
    await t.suspend(held, { actor: admin, ...why })
    await t.send(done, { type: 'DONE' }, { actor: clerk })
    const r = await t.system.report({ from: 0, to: t.clock.now() + 30 * 86_400_000 })
    expect(r.total.byStatus).toEqual({ active: 0, suspended: 1, completed: 1, cancelled: 1, failed: 0 })
    expect(r.total).toMatchObject({ opened: 3, dueToClose: 2, closed: 1, closedOnTime: 1 })
    // And each figure is the list behind it (operations, "Reports and the cases behind them").
    const d = r.total.drillDown
    const count = async (qs: readonly InstanceQuery[] | undefined) => {
      let n = 0
      for (const q of qs ?? []) n += (await t.system.instances(q)).items.length
      return n
    }
    for (const s of ['active', 'suspended', 'completed', 'cancelled', 'failed'] as const)
      expect(await count(d?.byStatus[s])).toBe(r.total.byStatus[s])
    for (const k of ['dueToClose', 'closed', 'closedOnTime', 'overdue'] as const)
      expect(await count(d?.[k])).toBe(r.total[k])
  })
})

describe('task commands: who may', () => {
  it('claim needs the task role in its scope; TASK_CLAIMED when another holds it; TASK_NOT_FOUND for a closed or unknown task', async () => {
    const { t, id, taskId } = await setupCase()
    await refused(t, id, () => t.claim(id, taskId, { actor: viewer }), 'FORBIDDEN', {
      rule: 'roles',
      required: ['clerk'],
    })
    await refused(t, id, () => t.claim(id, taskId, { actor: outsider }), 'FORBIDDEN', { rule: 'scope' })
    await refused(t, id, () => t.claim(id, taskId, { actor: { id: 'system', roles: ['clerk'] } }), 'FORBIDDEN', {
      rule: 'system-actor',
    })
    await refused(t, id, () => t.claim(id, 'no-such-task', { actor: clerk }), 'TASK_NOT_FOUND', {
      taskId: 'no-such-task',
    })
    await refused(t, id, () => t.claim(id, '', { actor: clerk }), 'INVALID_OPTIONS')
    await t.claim(id, taskId, { actor: clerk })
    await refused(t, id, () => t.claim(id, taskId, { actor: clerk2 }), 'TASK_CLAIMED', { assignee: clerk.id })
    // Claiming one's own task again writes nothing.
    const v = (await t.system.get(id)).version
    await t.claim(id, taskId, { actor: clerk })
    expect((await t.system.get(id)).version).toBe(v)
    await t.send(id, { type: 'DONE' }, { actor: clerk })
    await expect(t.claim(id, taskId, { actor: clerk })).rejects.toMatchObject({ code: 'TASK_NOT_FOUND' })
  })

  it("unclaim is the holder's; delegate is the holder's or an administrator's, with a reason", async () => {
    const { t, id, taskId } = await setupCase()
    await t.claim(id, taskId, { actor: clerk })
    await refused(t, id, () => t.unclaim(id, taskId, { actor: clerk2 }), 'TASK_CLAIMED')
    await refused(t, id, () => t.delegate(id, taskId, { actor: clerk2, to: 'clerk-2', ...why }), 'TASK_CLAIMED')
    await refused(t, id, () => t.delegate(id, taskId, { actor: viewer, to: 'clerk-2', ...why }), 'FORBIDDEN', {
      rule: 'roles',
    })
    await refused(t, id, () => t.delegate(id, taskId, { actor: clerk, to: 'clerk-2' } as never), 'INVALID_OPTIONS')
    await refused(t, id, () => t.delegate(id, taskId, { actor: clerk, to: '', ...why }), 'INVALID_OPTIONS')
    await refused(t, id, () => t.delegate(id, taskId, { actor: farAdmin, to: 'clerk-2', ...why }), 'FORBIDDEN', {
      rule: 'scope',
    })
    const moves: unknown[] = []
    t.on('taskAssigned', (e) => moves.push([e.operation, e.previous, e.assignee, e.actor.id]))
    await t.delegate(id, taskId, { actor: admin, to: 'clerk-2', ...why })
    await t.unclaim(id, taskId, { actor: clerk2 })
    expect(moves).toEqual([
      ['delegate', 'clerk-1', 'clerk-2', 'admin-1'],
      ['unclaim', 'clerk-2', null, 'clerk-2'],
    ])
    expect((await t.system.tasks({ instanceId: id })).items[0]?.assignee).toBeNull()
  })
})

describe('defineProcess: the suspension policy', () => {
  const base = { id: 'p', version: 1, machine: ticket.machine, events }
  it('names only declared deadlines, and is an object with a boolean or a list', () => {
    expect(() => defineProcess({ ...base, suspension: { pausesDeadlines: ['reply'] } })).not.toThrow()
    expect(() => defineProcess({ ...base, suspension: { pausesDeadlines: ['answer'] } })).toThrow(
      expect.objectContaining({ code: 'INVALID_DEFINITION', details: expect.objectContaining({ deadline: 'answer' }) }),
    )
    expect(() => defineProcess({ ...base, suspension: { pausesDeadlines: 'yes' } } as never)).toThrow(
      expect.objectContaining({ code: 'INVALID_DEFINITION' }),
    )
  })

  it('a listed deadline pauses with the case and runs again on resumption; one the process paused itself stays paused', async () => {
    const listed = defineProcess({ ...base, id: 'listed', suspension: { pausesDeadlines: ['reply'] } })
    const t = createTestEngine({ processes: [listed, child], orgUnits, adminRoles: ['admin'] })
    const due = async (id: string) => (await t.system.tasks({ instanceId: id })).items[0]?.dueAt ?? null
    const { id } = await t.start('listed', undefined, { actor: clerk, orgUnit: 'village' })
    await t.suspend(id, { actor: admin, ...why })
    expect(await due(id)).toBeNull()
    expect(await t.store.nextTimerDue()).toBeUndefined()
    await t.resume(id, { actor: admin, ...why })
    expect(await due(id)).not.toBeNull()

    const { id: held } = await t.start('listed', undefined, { actor: clerk, orgUnit: 'village' })
    await t.send(held, { type: 'HOLD' }, { actor: clerk })
    await t.suspend(held, { actor: admin, ...why })
    await t.resume(held, { actor: admin, ...why })
    expect(await due(held)).toBeNull()
    expect((await t.system.history(held)).at(-1)?.detail).toEqual({ reason: 'repair' })
  })
})
