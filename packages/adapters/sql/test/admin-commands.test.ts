/**
 * The administrator's commands through the public API, on the memory store, a SQLite file,
 * PostgreSQL and MySQL/MariaDB alike (decision 0015): cancel (linked cases cancelled or
 * detached, one commit), suspend and resume (a hearing whose suspension pauses its deadline; an
 * administrative hold whose deadline runs out during the suspension), the task commands, and
 * modify.
 */
import {
  createEngine,
  manualClock,
  memoryStore,
  type EffectMessage,
  type Engine,
  type EngineEvents,
  type ManualClock,
  type Store,
} from '@fengqiao/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { admin, clerk, clerk2, countyAdmin, hearing, hold, inquiry, orgUnits } from './admin-process.js'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import { serverUrl, type ServerVariable } from './servers.js'

const START = '2026-03-02T09:00:00+08:00' // a Monday
const DAY = 86_400_000

interface Rig {
  readonly engine: Engine
  readonly clock: ManualClock
  readonly store: Store
  readonly effects: EffectMessage[]
  readonly seen: { cancelled: EngineEvents['cancelled'][0][]; admin: EngineEvents['admin'][0][] }
  /** Moves the clock, firing each due timer at its own time (as the test kit's `advance`). */
  advance(ms: number): Promise<void>
}

function rig(store: Store): Rig {
  const clock = manualClock(START)
  let n = 0
  const effects: EffectMessage[] = []
  const engine = createEngine({
    processes: [hearing, hold, inquiry],
    store,
    clock,
    orgUnits,
    adminRoles: ['admin'],
    ids: () => `i${++n}`,
    deliverAfterCommit: false,
    plugins: [{ name: 'listener', effects: { 'fengqiao.cancelled': (m) => void effects.push(m) } }],
  })
  const seen: Rig['seen'] = { cancelled: [], admin: [] }
  engine.on('cancelled', (e) => seen.cancelled.push(e))
  engine.on('admin', (e) => seen.admin.push(e))
  const advance = async (ms: number) => {
    const target = clock.now() + ms
    for (;;) {
      const next = await store.nextTimerDue()
      if (next === undefined || next > target) break
      if (next > clock.now()) clock.set(next)
      await engine.runDueTimers()
    }
    clock.set(target)
  }
  return { engine, clock, store, effects, seen, advance }
}

const why = 'the petitioner withdrew in writing'

function describeAdminOn(dialect: Dialect | 'memory', variable?: ServerVariable): void {
  const server = variable === undefined ? '' : serverUrl(variable)
  describe.skipIf(server === undefined)(`${dialect}: administrator's commands`, () => {
    let db: TestDatabase | undefined
    let prefixes = 0
    const stores: Store[] = []
    const fresh = async (): Promise<Rig> => {
      let store: Store
      if (db === undefined) store = memoryStore()
      else {
        const s = db.store(`adm${++prefixes}_`)
        await s.migrate()
        store = s
      }
      stores.push(store)
      return rig(store)
    }
    beforeAll(async () => {
      if (dialect !== 'memory') db = await createTestDatabase(dialect, server)
    })
    afterAll(async () => {
      for (const s of stores) await s.close()
      await db?.drop()
    })

    it('cancel: timers deleted, tasks closed, deadline stopped, the linked case cancelled in the same commit, plugins told', async () => {
      const { engine, clock, effects, seen, advance } = await fresh()
      const { id } = await engine.start('hearing', undefined, { actor: clerk, orgUnit: 'village' })
      await engine.send(id, { type: 'INQUIRE' }, { actor: clerk })
      const child = (await engine.system.instances({ parentId: id })).items[0]
      expect(child?.status).toBe('active')
      clock.advance(10 * 60_000)

      const done = await engine.cancel(id, { actor: admin, reason: why })
      expect(done).toMatchObject({ id, status: 'cancelled', stateKey: 'hearing' })
      const view = await engine.system.get(id)
      expect(view.timers).toEqual([])
      expect((await engine.system.get(child?.id as string)).status).toBe('cancelled')
      expect((await engine.system.tasks({ instanceId: id })).items).toEqual([])
      expect((await engine.system.tasks({ instanceId: child?.id as string })).items).toEqual([])
      expect(await engine.store.nextTimerDue()).toBeUndefined()
      expect((await engine.system.instances({ status: 'cancelled' })).items.map((i) => i.id).sort()).toEqual(
        [id, child?.id].sort(),
      )
      // One commit: both entries at one time, each with the administrator and the reason.
      const last = (await engine.system.history(id)).at(-1)
      expect(last).toMatchObject({
        kind: 'admin',
        event: { type: 'fengqiao.cancel', children: 'cancel' },
        actor: { id: admin.id },
        detail: { reason: why, deadlines: [{ name: 'hear', op: 'stopped' }] },
        from: 'hearing',
        to: 'hearing',
      })
      expect((await engine.system.history(child?.id as string)).at(-1)).toMatchObject({
        kind: 'admin',
        event: { type: 'fengqiao.cancel', cancelledWith: id },
        at: last?.at,
      })
      // Plugins hear of both cases; listeners too; the child does not report to its parent.
      expect(await engine.runOutbox()).toBe(2)
      expect(effects.map((m) => [m.instanceId, m.type]).sort()).toEqual(
        [
          [id, 'fengqiao.cancelled'],
          [child?.id, 'fengqiao.cancelled'],
        ].sort(),
      )
      expect(effects.find((m) => m.instanceId === id)?.params).toEqual({ reason: why, actor: admin.id })
      expect(seen.cancelled.map((e) => e.instance.id).sort()).toEqual([id, child?.id].sort())
      expect(seen.admin).toEqual([{ operation: 'cancel', actor: admin, reason: why, instanceId: id }])
      // Nothing runs any more: no timer fires, no event is taken, history checks out.
      await advance(60 * DAY)
      expect((await engine.system.history(id)).at(-1)?.kind).toBe('admin')
      await expect(engine.send(id, { type: 'DECIDE' }, { actor: clerk })).rejects.toMatchObject({
        code: 'EVENT_NOT_ACCEPTED',
        details: { reason: 'closed', status: 'cancelled' },
      })
      expect(await engine.system.verify(id)).toMatchObject({ ok: true })
      expect(await engine.system.verify(child?.id as string)).toMatchObject({ ok: true })
    })

    it("cancel with children: 'detach' leaves the linked case running, and it no longer reports back", async () => {
      const { engine } = await fresh()
      const { id } = await engine.start('hearing', undefined, { actor: clerk, orgUnit: 'village' })
      await engine.send(id, { type: 'INQUIRE' }, { actor: clerk })
      const childId = (await engine.system.instances({ parentId: id })).items[0]?.id as string
      await engine.cancel(id, { actor: admin, reason: why, children: 'detach' })
      expect((await engine.system.get(childId)).status).toBe('active')
      expect((await engine.system.history(childId)).at(-1)).toMatchObject({
        kind: 'admin',
        event: { type: 'fengqiao.detach', parentId: id },
        detail: { reason: why },
      })
      await engine.runOutbox()
      const before = (await engine.system.history(id)).length
      expect(await engine.send(childId, { type: 'ANSWER' }, { actor: clerk })).toMatchObject({ status: 'completed' })
      await engine.runOutbox()
      expect((await engine.system.history(id)).length).toBe(before)
      expect(await engine.system.verify(childId)).toMatchObject({ ok: true })
    })

    it('suspend and resume a hearing whose suspension pauses its deadline: the due date moves by the suspended days; the reminder waits and fires on resume', async () => {
      const { engine, clock, advance } = await fresh()
      const { id } = await engine.start('hearing', undefined, { actor: clerk, orgUnit: 'village' })
      const dueBefore = (await engine.system.tasks({ instanceId: id })).items[0]?.dueAt?.getTime() as number
      clock.advance(30 * 60_000)
      expect(await engine.suspend(id, { actor: admin, reason: 'hearing adjourned 中止' })).toMatchObject({
        status: 'suspended',
      })
      await expect(engine.send(id, { type: 'NOTE', text: 'x' }, { actor: clerk })).rejects.toMatchObject({
        code: 'INSTANCE_SUSPENDED',
        details: { instanceId: id, type: 'NOTE' },
      })
      // Ten days pass: nothing fires (the reminder was due after 1 h), the deadline is paused.
      await advance(10 * DAY)
      const held = await engine.system.get(id)
      expect(held.context).toMatchObject({ reminders: 0 })
      expect(held.status).toBe('suspended')
      expect((await engine.system.tasks({ instanceId: id })).items[0]?.dueAt).toBeNull()

      const resumed = await engine.resume(id, { actor: admin, reason: 'hearing reconvened' })
      expect(resumed.status).toBe('active')
      const after = await engine.system.get(id)
      expect(after.context).toMatchObject({ reminders: 1 })
      const history = await engine.system.history(id)
      expect(history.map((h) => h.kind).slice(-3)).toEqual(['admin', 'admin', 'timer'])
      expect(history.at(-2)).toMatchObject({
        event: { type: 'fengqiao.resume' },
        detail: { reason: 'hearing reconvened' },
      })
      expect(history.at(-3)?.detail).toMatchObject({
        reason: 'hearing adjourned 中止',
        deadlines: [{ name: 'hear', op: 'paused' }],
      })
      // 30 days from 2 March end with 1 April; 10 days suspended make 40, which end with Saturday
      // 11 April, so with Monday 13 April (a period ending on a rest day ends on the next
      // working day).
      expect(dueBefore).toBe(Date.parse('2026-04-02T00:00:00+08:00'))
      const dueAfter = (await engine.system.tasks({ instanceId: id })).items[0]?.dueAt?.getTime() as number
      expect(dueAfter).toBe(Date.parse('2026-04-14T00:00:00+08:00'))
      // The moved deadline runs out on its new date, not before.
      await advance(dueAfter - clock.now() - 1)
      expect((await engine.system.get(id)).stateKey).toBe('hearing')
      await advance(1)
      expect((await engine.system.get(id)).stateKey).toBe('late')
      expect(await engine.system.verify(id)).toMatchObject({ ok: true })
    })

    it('an administrative hold does not stop the deadline: it runs out on time during the suspension (recorded, escalated, red), and its OVERDUE waits for the resumption', async () => {
      const { engine, clock, advance } = await fresh()
      const { id } = await engine.start('hold', undefined, { actor: clerk, orgUnit: 'village' })
      const due = (await engine.system.tasks({ instanceId: id })).items[0]?.dueAt?.getTime() as number
      clock.advance(30 * 60_000)
      await engine.suspend(id, { actor: admin, reason: 'file sent to the county for review' })
      await advance(40 * DAY)
      const held = await engine.system.get(id)
      expect(held).toMatchObject({ status: 'suspended', stateKey: 'hearing', orgUnit: 'county' })
      const expiry = (await engine.system.history(id)).at(-1)
      expect(expiry).toMatchObject({
        kind: 'deadline',
        at: due,
        event: { type: 'fengqiao.deadline.expired', deadline: 'hear' },
        detail: { escalatedFrom: 'village', escalatedTo: 'county', deferred: 'OVERDUE' },
      })
      expect((await engine.system.tasks({ instanceId: id })).items[0]).toMatchObject({ colour: 'red', overdue: true })
      expect(held.context).toMatchObject({ reminders: 0 })

      // The case now belongs to the county: a township administrator may no longer resume it.
      await expect(engine.resume(id, { actor: admin, reason: 'review done' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
        details: { rule: 'scope', orgUnit: 'county' },
      })
      await engine.resume(id, { actor: countyAdmin, reason: 'review done' })
      const after = await engine.system.get(id)
      expect(after).toMatchObject({ status: 'active', stateKey: 'late', context: { reminders: 1 } })
      // Oldest first: the reminder (due 1 h after the start), then the deferred OVERDUE.
      const fired = (await engine.system.history(id)).slice(-2)
      expect(fired.map((h) => [h.kind, h.from, h.to])).toEqual([
        ['timer', 'hearing', 'hearing'],
        ['timer', 'hearing', 'late'],
      ])
      expect(fired[1]?.event).toMatchObject({ type: 'OVERDUE', deadline: 'hear', from: 'village', to: 'county' })
      expect(await engine.system.verify(id)).toMatchObject({ ok: true })
    })

    it('tasks: claim, unclaim, assign and delegate, with the assignee on the task and in the history', async () => {
      const { engine } = await fresh()
      const { id } = await engine.start('hearing', undefined, { actor: clerk, orgUnit: 'village' })
      const task = (await engine.system.tasks({ instanceId: id })).items[0]
      const taskId = task?.id as string
      expect(task?.assignee).toBeNull()
      await engine.claim(id, taskId, { actor: clerk })
      expect((await engine.tasks({ actor: clerk, assignee: clerk.id })).items.map((t) => t.id)).toEqual([taskId])
      await expect(engine.claim(id, taskId, { actor: clerk2 })).rejects.toMatchObject({
        code: 'TASK_CLAIMED',
        details: { assignee: clerk.id },
      })
      // The claim survives a step that keeps the task open.
      await engine.send(id, { type: 'NOTE', text: 'visited' }, { actor: clerk })
      expect((await engine.system.tasks({ instanceId: id })).items[0]?.assignee).toBe(clerk.id)
      await engine.delegate(id, taskId, { actor: clerk, to: clerk2.id, reason: 'on leave' })
      expect((await engine.system.tasks({ instanceId: id })).items[0]?.assignee).toBe(clerk2.id)
      await engine.unclaim(id, taskId, { actor: clerk2 })
      expect((await engine.system.tasks({ instanceId: id })).items[0]?.assignee).toBeNull()
      await engine.assign(id, taskId, { actor: admin, assignee: 'clerk-9', reason: 'workload' })
      expect((await engine.system.tasks({ instanceId: id })).items[0]?.assignee).toBe('clerk-9')
      const entries = (await engine.system.history(id)).filter((h) => h.kind === 'task')
      expect(entries.map((h) => [h.event, (h.actor as { id: string }).id])).toEqual([
        [
          { type: 'fengqiao.task.claim', taskId, stateNode: 'hearing.hearing', assignee: clerk.id, previous: null },
          clerk.id,
        ],
        [
          {
            type: 'fengqiao.task.delegate',
            taskId,
            stateNode: 'hearing.hearing',
            assignee: clerk2.id,
            previous: clerk.id,
          },
          clerk.id,
        ],
        [
          { type: 'fengqiao.task.unclaim', taskId, stateNode: 'hearing.hearing', assignee: null, previous: clerk2.id },
          clerk2.id,
        ],
        [
          { type: 'fengqiao.task.assign', taskId, stateNode: 'hearing.hearing', assignee: 'clerk-9', previous: null },
          admin.id,
        ],
      ])
      expect(entries[1]?.detail).toEqual({ reason: 'on leave' })
      expect(entries[3]?.detail).toEqual({ reason: 'workload' })
      expect(await engine.system.verify(id)).toMatchObject({ ok: true })
    })

    it('modify moves a case to another state of its version (task and deadline re-derived), and refuses a state that does not exist', async () => {
      const { engine } = await fresh()
      const { id } = await engine.start('hearing', undefined, { actor: clerk, orgUnit: 'village' })
      await expect(engine.modify(id, { state: 'nowhere', actor: admin, reason: 'repair' })).rejects.toMatchObject({
        code: 'MIGRATION_REFUSED',
        details: { operation: 'modify' },
      })
      expect((await engine.system.get(id)).version).toBe(1)
      const moved = await engine.modify(id, { state: 'late', actor: admin, reason: 'repair: deadline entered wrongly' })
      expect(moved).toMatchObject({ stateKey: 'late', status: 'active', version: 2 })
      const tasks = (await engine.system.tasks({ instanceId: id })).items
      expect(tasks.map((t) => [t.stateNode, t.title, t.dueAt])).toEqual([['hearing.late', '督办', null]])
      expect((await engine.system.get(id)).timers).toEqual([])
      expect((await engine.system.history(id)).at(-1)).toMatchObject({
        kind: 'migrated',
        event: { type: 'fengqiao.modify', from: 'hearing', to: 'late' },
        detail: { reason: 'repair: deadline entered wrongly', deadlines: [{ name: 'hear', op: 'stopped' }] },
      })
      expect(await engine.send(id, { type: 'DECIDE' }, { actor: clerk })).toMatchObject({ status: 'completed' })
      expect(await engine.system.verify(id)).toMatchObject({ ok: true })
    })
  })
}

describeAdminOn('memory')
describeAdminOn('sqlite')
describeAdminOn('postgres', 'FENGQIAO_PG_URL')
describeAdminOn('mysql', 'FENGQIAO_MYSQL_URL')
