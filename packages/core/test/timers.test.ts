import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { createEngine, defineProcess, manualClock, memoryStore } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { clerk, complaint, handler, head, input } from './fixtures/complaint.js'

const DAY = 86_400_000

async function toHandling(t: ReturnType<typeof createTestEngine>) {
  const { id } = await t.start('complaint', input, { actor: clerk })
  await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
  await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
  return id
}

describe('durable timers', () => {
  it('stores an `after` delay as a timer row when its state is entered', async () => {
    const t = createTestEngine({ processes: [complaint] })
    const id = await toHandling(t)
    const timers = [...t.store.tables.timers.values()]
    expect(timers).toHaveLength(1)
    expect(timers[0]).toMatchObject({
      instanceId: id,
      key: 'xstate.after.replyWindow.complaint.handling',
      dueAt: t.clock.now() + 3 * DAY,
    })
    expect((await t.system.get(id)).timers.map((x) => x.dueAt.getTime())).toEqual([t.clock.now() + 3 * DAY])
  })

  it('deletes the timer when the state is left', async () => {
    const t = createTestEngine({ processes: [complaint] })
    const id = await toHandling(t)
    await t.send(id, { type: 'REPLY', answer: 'ok' }, { actor: handler })
    expect(t.store.tables.timers.size).toBe(0)
    expect((await t.system.get(id)).timers).toEqual([])
    expect(await t.advance('10d')).toBe(0)
    expect((await t.system.get(id)).state).toBe('replied')
  })

  it('fires when due, as the system actor, recorded in history', async () => {
    const t = createTestEngine({ processes: [complaint] })
    const id = await toHandling(t)
    expect(await t.advance(3 * DAY - 1)).toBe(0)
    expect((await t.system.get(id)).state).toBe('handling')
    expect(await t.advance(1)).toBe(1)
    const view = await t.system.get(id)
    expect(view.state).toBe('overdue')
    expect(view.timers).toEqual([])
    const last = (await t.system.history(id)).at(-1)
    expect(last).toMatchObject({
      kind: 'timer',
      from: 'handling',
      to: 'overdue',
      actor: { id: 'system', roles: ['system'] },
    })
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => k.role)).toEqual(['head'])
  })

  it('re-entering a state schedules a fresh timer with a new id', async () => {
    const t = createTestEngine({ processes: [complaint] })
    const id = await toHandling(t)
    const first = [...t.store.tables.timers.keys()]
    await t.send(id, { type: 'REPLY', answer: 'ok' }, { actor: handler })
    await t.advance('1d')
    await t.send(id, { type: 'REOPEN', reason: 'appeal' }, { actor: head })
    const second = [...t.store.tables.timers.values()]
    expect(second).toHaveLength(1)
    expect(first).not.toContain(second[0]?.id)
    expect(second[0]?.dueAt).toBe(t.clock.now() + 3 * DAY)
  })

  it('survives a restart: a second engine on the same store fires it', async () => {
    const store = memoryStore()
    const clock = manualClock('2026-03-02T09:00:00+08:00')
    const first = createEngine({ processes: [complaint], store, clock })
    const { id } = await first.start('complaint', input, { actor: clerk })
    await first.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await first.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    await first.close()
    clock.advance('4d')
    const second = createEngine({ processes: [complaint], store, clock })
    expect(await second.runDueTimers()).toBe(1)
    expect((await second.system.get(id)).state).toBe('overdue')
  })

  it('two engines firing concurrently fire each timer once', async () => {
    const store = memoryStore()
    const clock = manualClock('2026-03-02T09:00:00+08:00')
    const a = createEngine({ processes: [complaint], store, clock, nodeId: 'a' })
    const b = createEngine({ processes: [complaint], store, clock, nodeId: 'b' })
    const ids: string[] = []
    for (let i = 0; i < 40; i++) {
      const { id } = await a.start('complaint', input, { actor: clerk })
      await a.send(id, { type: 'ACCEPT' }, { actor: clerk })
      await b.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
      ids.push(id)
    }
    clock.advance('3d')
    const [fa, fb] = await Promise.all([a.runDueTimers({ batchSize: 7 }), b.runDueTimers({ batchSize: 7 })])
    expect(fa + fb).toBe(40)
    for (const id of ids) {
      const h = await a.system.history(id)
      expect(h.filter((e) => e.kind === 'timer')).toHaveLength(1)
    }
    expect(store.tables.timers.size).toBe(0)
  })

  it('a timer whose lease was taken over fires once: the stale claim is a no-op', async () => {
    const store = memoryStore()
    const clock = manualClock('2026-03-02T09:00:00+08:00')
    const a = createEngine({ processes: [complaint], store, clock, nodeId: 'a' })
    const { id } = await a.start('complaint', input, { actor: clerk })
    await a.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await a.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    clock.advance('3d')
    // Node "crashed" holding the lease: it claimed but never fired.
    const claimed = await store.claimDueTimers(clock.now(), 10, 'crashed', 60_000)
    expect(claimed).toHaveLength(1)
    expect(await a.runDueTimers()).toBe(0)
    clock.advance('61s')
    expect(await a.runDueTimers()).toBe(1)
    expect((await a.system.get(id)).state).toBe('overdue')
    expect(await a.runDueTimers()).toBe(0)
  })

  it('a guarded `after` that its guard refuses is recorded and cleared, nothing else changes', async () => {
    const events = { PING: { schema: z.object({}), roles: ['u'] } }
    const machine = setup({ types: { context: {} as { ok: boolean } } }).createMachine({
      initial: 'wait',
      context: { ok: false },
      states: {
        wait: { after: { 1000: { guard: ({ context }) => context.ok, target: 'done' } }, on: { PING: 'wait' } },
        done: { type: 'final' },
      },
    })
    const p = defineProcess({ id: 'guarded', version: 1, machine, events })
    const t = createTestEngine({ processes: [p] })
    const { id } = await t.start('guarded', undefined, { actor: { id: 'u', roles: ['u'] } })
    expect(await t.advance(1000)).toBe(1)
    const v = await t.system.get(id)
    expect(v).toMatchObject({ state: 'wait', version: 2, timers: [] })
    expect((await t.system.history(id)).at(-1)).toMatchObject({ kind: 'timer', from: 'wait', to: 'wait' })
  })

  it('advance() fires chained timers in order, each at its own due time', async () => {
    const events = { GO: { schema: z.object({}), roles: ['u'] } }
    const machine = setup({}).createMachine({
      initial: 'a',
      states: {
        a: { on: { GO: 'b' } },
        b: { after: { 1000: 'c' } },
        c: { after: { 2000: 'd' } },
        d: { type: 'final' },
      },
    })
    const p = defineProcess({ id: 'chain', version: 1, machine, events })
    const t = createTestEngine({ processes: [p] })
    const { id } = await t.start('chain', undefined, { actor: { id: 'u', roles: ['u'] } })
    const t0 = t.clock.now()
    await t.send(id, { type: 'GO' }, { actor: { id: 'u', roles: ['u'] } })
    expect(await t.advance('1h')).toBe(2)
    const h = await t.system.history(id)
    expect(h.map((e) => [e.to, e.at - t0])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 1000],
      ['d', 3000],
    ])
    expect((await t.system.get(id)).status).toBe('completed')
  })

  it('a worker polls and fires due timers until stopped', async () => {
    const store = memoryStore()
    const clock = manualClock('2026-03-02T09:00:00+08:00')
    const e = createEngine({ processes: [complaint], store, clock })
    const { id } = await e.start('complaint', input, { actor: clerk })
    await e.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await e.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    clock.advance('3d')
    const fired = new Promise<void>((resolve) => e.on('timerFired', () => resolve()))
    const worker = e.startWorker({ pollMs: 5 })
    await fired
    await worker.stop()
    expect((await e.system.get(id)).state).toBe('overdue')
    expect(() => e.startWorker({ pollMs: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
    await e.close()
  })
})
