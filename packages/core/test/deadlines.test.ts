import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, isFengqiaoError, update } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { head, organ, petitioner, petitionLite } from './fixtures/petition-lite.js'

// 2024-09-16 is a Monday; National Day 2024 is Oct 1–7 (Sep 29 and Oct 12 worked).
const start = '2024-09-16T10:00:00+08:00'
const at = (iso: string) => Date.parse(iso)

function engine() {
  return createTestEngine({ processes: [petitionLite], start })
}

describe('deadlines on states', () => {
  it('computes the due date on the calendar: 15 days from Sep 16 ends inside National Day and rolls to Oct 8', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    const row = await t.system.get(id)
    expect(row.deadlines).toEqual([
      expect.objectContaining({
        name: 'acceptNotice',
        unit: 'days',
        amount: 15,
        startedAt: new Date(at(start)),
        dueAt: new Date(at('2024-10-09T00:00:00+08:00')),
        status: 'running',
      }),
    ])
    expect(row.dueAt?.getTime()).toBe(at('2024-10-09T00:00:00+08:00'))
    const [task] = (await t.system.tasks({ instanceId: id })).items
    expect(task?.dueAt?.getTime()).toBe(at('2024-10-09T00:00:00+08:00'))
    // warnAt 0.8 of the period from start to due
    expect(task?.warnAt?.getTime()).toBe(Math.floor(at(start) + 0.8 * (at('2024-10-09T00:00:00+08:00') - at(start))))
  })

  it('colours the task green, then yellow past warnAt, then red when due; tasks() filters by colour', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    const colour = async () => (await t.system.tasks({ instanceId: id })).items[0]?.colour
    expect(await colour()).toBe('green')
    t.clock.set('2024-10-04T12:00:00+08:00') // past 80 % of Sep 16 10:00 → Oct 9 00:00
    expect(await colour()).toBe('yellow')
    expect((await t.system.tasks({ colour: 'yellow' })).items).toHaveLength(1)
    expect((await t.system.tasks({ colour: 'green' })).items).toHaveLength(0)
    t.clock.set('2024-10-08T23:59:59+08:00')
    expect(await colour()).toBe('yellow')
    t.clock.set('2024-10-09T00:00:00+08:00') // the period has run out
    expect(await colour()).toBe('red')
    expect((await t.system.tasks({ overdue: true })).items.map((k) => k.instanceId)).toEqual([id])
  })

  it('delivers the expiry event through the timer worker as the system actor, recorded in history', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    t.clock.set('2024-10-08T23:59:59+08:00')
    expect(await t.runDueTimers()).toBe(0)
    expect(await t.advance('1s')).toBe(1)
    const v = await t.system.get(id)
    expect(v.state).toBe('supervised')
    const last = (await t.system.history(id)).at(-1)
    expect(last).toMatchObject({
      kind: 'deadline',
      from: 'registered',
      to: 'supervised',
      actor: { id: 'system' },
      event: { type: 'fengqiao.deadline.expired', deadline: 'acceptNotice' },
      detail: { deadline: 'acceptNotice', sent: 'LATE' },
    })
    const row = await t.system.get(id)
    expect(row.breached).toBe(true)
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => k.role)).toEqual(['bureau'])
    expect(await t.system.replay(id)).toMatchObject({ ok: true })
  })

  it('a deadline met in time is stopped with its state: its timer is deleted and nothing fires', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    await t.advance('3d')
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    const row = await t.system.get(id)
    expect(row.deadlines.map((d) => d.name)).toEqual(['handling'])
    expect([...t.store.tables.timers.values()].map((x) => x.key)).toEqual(['deadline:handling'])
    expect(row.breached).toBe(false)
  })

  it('pauses during a hearing and resumes with the paused days added (XF Art. 36 style)', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ }) // Sep 16: 60 days → Nov 15, 24:00
    const due = async () => (await t.system.get(id)).deadlines[0]?.dueAt.getTime()
    expect(await due()).toBe(at('2024-11-16T00:00:00+08:00'))
    await t.advance('10d') // Sep 26
    await t.send(id, { type: 'HEARING_START' }, { actor: organ })
    expect((await t.system.get(id)).deadlines[0]).toMatchObject({ status: 'paused', pausedAt: new Date(t.clock.now()) })
    expect([...t.store.tables.timers.values()]).toEqual([]) // a paused clock has no timer
    expect((await t.system.tasks({ instanceId: id })).items[0]?.dueAt).toBe(null)
    await t.advance('5d') // Oct 1: five days of hearing
    await t.send(id, { type: 'HEARING_END' }, { actor: organ })
    const d = (await t.system.get(id)).deadlines[0]
    expect(d).toMatchObject({ amount: 65, pausedAt: null, status: 'running' })
    expect(d?.dueAt.getTime()).toBe(at('2024-11-21T00:00:00+08:00')) // 65 days after Sep 16 = Nov 20 (a Wednesday)
    expect((await t.system.tasks({ instanceId: id })).items[0]?.dueAt?.getTime()).toBe(at('2024-11-21T00:00:00+08:00'))
    const h = await t.system.history(id)
    expect(h.at(-2)?.detail).toEqual({ deadlines: [{ name: 'handling', op: 'paused' }] })
    expect(h.at(-1)?.detail).toEqual({
      deadlines: [{ name: 'handling', op: 'resumed', dueAt: at('2024-11-21T00:00:00+08:00') }],
    })
  })

  it('extends once by at most 30 days, recomputed on the calendar, and refuses a second or larger extension', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    let caught: unknown
    try {
      await t.send(id, { type: 'EXTEND', days: 31, reason: 'complex' }, { actor: head })
    } catch (e) {
      caught = e
    }
    expect(isFengqiaoError(caught, 'EVENT_NOT_ACCEPTED')).toBe(true)
    expect((await t.system.get(id)).version).toBe(2) // nothing written
    await t.send(id, { type: 'EXTEND', days: 30, reason: 'complex' }, { actor: head })
    const d = (await t.system.get(id)).deadlines[0]
    expect(d).toMatchObject({ amount: 90, extensions: 1 })
    // 90 days after Sep 16 is Sun Dec 15: rolled to Mon Dec 16, the period ends at its 24:00.
    expect(d?.dueAt.getTime()).toBe(at('2024-12-17T00:00:00+08:00'))
    expect((await t.system.get(id)).context).toMatchObject({ extensions: 1 })
    await expect(t.send(id, { type: 'EXTEND', days: 1, reason: 'again' }, { actor: head })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await expect(t.send(id, { type: 'EXTEND', days: 5, reason: 'x' }, { actor: organ })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    // The timer moved with the due date.
    expect([...t.store.tables.timers.values()].map((x) => x.dueAt)).toEqual([at('2024-12-17T00:00:00+08:00')])
  })

  it('starts a period from a date in context (the service date), not from entry', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    await t.advance('20d')
    await t.send(id, { type: 'OPINION', result: 'support', servedAt: '2024-10-10T15:00:00+08:00' }, { actor: organ })
    const d = (await t.system.get(id)).deadlines[0]
    expect(d).toMatchObject({ name: 'reviewWindow', startedAt: new Date(at('2024-10-10T15:00:00+08:00')) })
    // Oct 10 + 30 days is Sat Nov 9: rolled to Mon Nov 11, ending at its 24:00.
    expect(d?.dueAt.getTime()).toBe(at('2024-11-12T00:00:00+08:00'))
  })

  it('working-day periods skip holidays and count 调休 Saturdays', async () => {
    const events = { DONE: { schema: z.object({}), roles: ['u'] } }
    const machine = setup({}).createMachine({
      initial: 'objecting',
      states: { objecting: { meta: { deadline: { workingDays: 5 } }, on: { DONE: 'done' } }, done: { type: 'final' } },
    })
    const p = defineProcess({ id: 'wd', version: 1, machine, events })
    // Fri 2024-09-27: 5 working days → Sep 29 (调休 Sunday worked), Sep 30, Oct 8, Oct 9, Oct 10.
    const t = createTestEngine({ processes: [p], start: '2024-09-27T09:00:00+08:00' })
    const { id } = await t.start('wd', undefined, { actor: { id: 'u', roles: ['u'] } })
    expect((await t.system.get(id)).deadlines[0]?.dueAt.getTime()).toBe(at('2024-10-11T00:00:00+08:00'))
  })

  it('hour periods are elapsed time', async () => {
    const events = { DONE: { schema: z.object({}), roles: ['u'] } }
    const machine = setup({}).createMachine({
      initial: 'a',
      states: { a: { meta: { deadline: { hours: 24 } }, on: { DONE: 'b' } }, b: { type: 'final' } },
    })
    const p = defineProcess({ id: 'h', version: 1, machine, events })
    const t = createTestEngine({ processes: [p], start: '2024-09-30T18:00:00+08:00' })
    const { id } = await t.start('h', undefined, { actor: { id: 'u', roles: ['u'] } })
    expect((await t.system.get(id)).deadlines[0]?.dueAt.getTime()).toBe(at('2024-10-01T18:00:00+08:00'))
  })

  it('refuses malformed deadline metadata when the process is defined', () => {
    const events = {
      DONE: { schema: z.object({}), roles: ['u'] },
      X: { schema: z.object({ n: z.number() }), roles: ['u'] },
    }
    const mk = (meta: object) =>
      setup({}).createMachine({ initial: 'a', states: { a: { meta, on: { DONE: 'b', X: 'b' } }, b: {} } })
    expect(() =>
      defineProcess({ id: 'bad', version: 1, machine: mk({ deadline: { days: 3, hours: 2 } }), events }),
    ).toThrow(/exactly one of/)
    expect(() => defineProcess({ id: 'bad', version: 1, machine: mk({ deadline: { days: 1.5 } }), events })).toThrow(
      /invalid days/,
    )
    expect(() =>
      defineProcess({ id: 'bad', version: 1, machine: mk({ deadline: { days: 3, warnAt: 1.2 } }), events }),
    ).toThrow(/warnAt/)
    expect(() =>
      defineProcess({ id: 'bad', version: 1, machine: mk({ deadline: { days: 3, onExpire: 'NOPE' } }), events }),
    ).toThrow(/does not declare/)
    expect(() =>
      defineProcess({ id: 'bad', version: 1, machine: mk({ deadline: { days: 3, onExpire: 'X' } }), events }),
    ).toThrow(/refuses an empty payload/)
    expect(() =>
      defineProcess({ id: 'bad', version: 1, machine: mk({ escalate: { to: 'township', when: 'overdue' } }), events }),
    ).toThrow(/declares no meta.deadline/)
    expect(() => defineProcess({ id: 'bad', version: 1, machine: mk({ task: { title: 'no role' } }), events })).toThrow(
      /needs a `role`/,
    )
  })

  it("a 'window' deadline expires in the normal course: no breach; a 'limit' is a breach", async () => {
    const events = {
      REQUEST: { schema: z.object({}), roles: ['p'] },
      LAPSED: { schema: z.object({ deadline: z.string().optional() }), roles: ['system'] },
    }
    const mk = (kind: 'window' | 'limit') =>
      defineProcess({
        id: `w-${kind}`,
        version: 1,
        events,
        machine: setup({
          types: {
            context: {} as { lapsedBy: string | null },
            events: {} as { type: 'REQUEST' } | { type: 'LAPSED'; deadline?: string },
          },
        }).createMachine({
          id: `w-${kind}`,
          initial: 'open',
          context: { lapsedBy: null },
          states: {
            open: {
              meta: { deadline: { days: 30, onExpire: 'LAPSED', kind } },
              on: {
                REQUEST: 'reviewing',
                LAPSED: {
                  target: 'final',
                  actions: update(({ draft, event }) => {
                    draft.lapsedBy = event.deadline ?? null
                  }),
                },
              },
            },
            reviewing: {},
            final: { type: 'final', meta: { outcome: 'resolved' } },
          },
        }),
      })
    const window = mk('window')
    const limit = mk('limit')
    const t = createTestEngine({ processes: [window, limit], start })
    const a = await t.start('w-window', undefined, { actor: petitioner })
    const b = await t.start('w-limit', undefined, { actor: petitioner })
    await t.advance('40d')
    expect(await t.system.get(a.id)).toMatchObject({ status: 'completed', breached: false })
    expect(await t.system.get(b.id)).toMatchObject({ status: 'completed', breached: true })
    // The expiry event names its deadline.
    expect((await t.system.get(a.id)).context).toEqual({ lapsedBy: 'w-window.open' })
    expect(await t.system.replay(a.id)).toMatchObject({ ok: true })
    expect(() => mk('soon' as never)).toThrow(/kind must be/)
  })

  it('fires a due deadline before applying a late event, even when no worker has polled', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    t.clock.set('2024-10-09T00:00:01+08:00') // the 15-day notice period has run out; no runDueTimers
    await expect(t.send(id, { type: 'VOID' }, { actor: organ })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
      details: { state: 'supervised' },
    })
    const h = await t.system.history(id)
    expect(h.map((e) => e.kind)).toEqual(['started', 'deadline'])
    // The accepted path still works from the new state, and the worker finds nothing left to fire.
    expect((await t.send(id, { type: 'ACCEPT' }, { actor: organ })).state).toEqual({ handling: 'working' })
    expect(await t.runDueTimers()).toBe(0)
  })

  it('withdrawal ends the case and stops every clock', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ })
    await t.send(id, { type: 'WITHDRAW' }, { actor: petitioner })
    expect(await t.system.get(id)).toMatchObject({
      status: 'completed',
      outcome: 'resolved',
      deadlines: [],
      timers: [],
      tasks: [],
      completedAt: new Date(t.clock.now()),
    })
    expect(t.store.tables.timers.size).toBe(0)
    expect(t.store.tables.tasks.size).toBe(0)
  })
})
