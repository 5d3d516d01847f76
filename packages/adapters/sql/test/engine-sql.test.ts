/**
 * The engine itself on each database (PostgreSQL, MySQL/MariaDB, a SQLite file), not only the
 * Store contract: a case run end to end with a manual clock must leave exactly the history and
 * state it leaves on the memory store; and `engine.verify` must notice history rows changed or
 * deleted behind the engine's back, through SQL.
 */
import {
  createEngine,
  manualClock,
  memoryStore,
  type EffectMessage,
  type Engine,
  type HistoryEntry,
  type InstanceView,
  type Store,
} from '@fengqiao/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlStore } from '../src/index.js'
import { caseProcess, head, mediation, mediator, organ, orgUnits } from './case-process.js'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import { serverUrl, type ServerVariable } from './servers.js'

const START = '2026-03-02T09:00:00+08:00' // a Monday

/** What a run of the scenario leaves behind, to compare between stores. */
interface Outcome {
  readonly views: Record<string, InstanceView>
  readonly histories: Record<string, HistoryEntry[]>
  readonly effects: EffectMessage[]
}

function engineOn(store: Store, effects: EffectMessage[] = []) {
  const clock = manualClock(START)
  let n = 0
  const engine = createEngine({
    processes: [caseProcess, mediation],
    store,
    clock,
    orgUnits,
    ids: () => `i${++n}`,
    deliverAfterCommit: false,
    plugins: [
      {
        name: 'notify',
        effects: {
          notifyHandler: (m) => {
            effects.push(m)
          },
        },
      },
    ],
  })
  return { engine, clock, effects }
}

/**
 * start → deadline expires (LATE, escalation of the task to the head) → ACCEPT (effect) → the
 * `after` timer → COMMENT → MEDIATE (linked case) → the mediation agrees → the parent closes.
 * Checks every step, and returns what is left.
 */
async function runCase(store: Store): Promise<Outcome> {
  const { engine, clock, effects } = engineOn(store)
  const { id } = await engine.start(
    'case',
    { title: 'noise complaint 噪音' },
    { actor: organ, orgUnit: 'town', businessKey: 'C-1' },
  )
  expect(id).toBe('i1')
  const [acceptTask] = (await engine.system.tasks({ role: 'organ' })).items
  expect(acceptTask).toMatchObject({
    instanceId: id,
    stateNode: 'case.registered',
    colour: 'green',
    title: { 'zh-CN': '受理', en: 'Accept' },
  })
  expect(acceptTask?.dueAt).toBeInstanceOf(Date)
  expect((await engine.system.get(id)).timers.map((t) => t.key)).toEqual(['deadline:accept'])
  // The read model: the case page and the case list read the deadline, its colour and the task.
  const fresh = await engine.system.get(id)
  expect(fresh).toMatchObject({
    colour: 'green',
    dueAt: acceptTask?.dueAt,
    warnAt: acceptTask?.warnAt,
    breached: false,
    escalations: 0,
    outcome: null,
    completedAt: null,
    childIds: [],
    orgUnit: 'town',
    businessKey: 'C-1',
  })
  expect(fresh.deadlines).toEqual([
    expect.objectContaining({
      name: 'accept',
      unit: 'days',
      amount: 15,
      status: 'running',
      colour: 'green',
      extensions: 0,
    }),
  ])
  expect(fresh.deadlines[0]?.dueAt).toEqual(acceptTask?.dueAt)
  expect(fresh.tasks).toEqual([acceptTask])
  expect(
    (await engine.system.instances({ colour: 'green', orgUnitSubtree: 'county', state: 'registered' })).items,
  ).toEqual([expect.objectContaining({ id, colour: 'green', businessKey: 'C-1', dueAt: acceptTask?.dueAt })])
  expect((await engine.system.instances({ colour: 'yellow' })).items).toEqual([])
  clock.advance('13d') // past 80 % of 15 days
  expect((await engine.system.get(id)).deadlines[0]?.colour).toBe('yellow')
  expect((await engine.system.instances({ colour: 'yellow' })).items.map((c) => c.id)).toEqual([id])

  // The deadline runs out: the timer worker sends LATE as the system actor.
  clock.advance('3d')
  expect((await engine.system.tasks({ overdue: true })).items.map((t) => t.instanceId)).toEqual([id])
  expect((await engine.system.instances({ overdue: true })).items.map((c) => [c.id, c.colour])).toEqual([[id, 'red']])
  expect((await engine.system.get(id)).deadlines[0]).toMatchObject({ status: 'running', colour: 'red' })
  expect(await engine.runDueTimers()).toBe(1)
  expect(await engine.runDueTimers()).toBe(0)
  expect(await engine.system.get(id)).toMatchObject({ stateKey: 'supervised', breached: true, deadlines: [] })
  expect((await engine.system.instances({ overdue: true })).items).toEqual([])
  expect((await engine.system.history(id)).at(-1)).toMatchObject({
    kind: 'deadline',
    actor: { id: 'system' },
    detail: { deadline: 'accept', sent: 'LATE' },
    to: 'supervised',
  })
  expect((await engine.system.tasks({ role: 'head' })).items.map((t) => t.stateNode)).toEqual(['case.supervised'])
  expect((await engine.system.report({ from: Date.parse(START), to: clock.now() + 1 })).total).toMatchObject({
    opened: 1,
    byState: { supervised: 1 },
    openTasks: { red: 0, yellow: 0, green: 1 },
  })

  // ACCEPT, once despite a retry with the same key; its effect is delivered once.
  const accepted = await engine.send(id, { type: 'ACCEPT' }, { actor: head, idempotencyKey: 'accept-1' })
  expect(await engine.send(id, { type: 'ACCEPT' }, { actor: head, idempotencyKey: 'accept-1' })).toEqual(accepted)
  expect(accepted).toMatchObject({ stateKey: 'handling', version: 3 })
  expect(effects).toEqual([])
  expect(await engine.runOutbox()).toBe(1)
  expect(await engine.runOutbox()).toBe(0)
  expect(effects).toMatchObject([
    {
      type: 'notifyHandler',
      params: { title: 'noise complaint 噪音' },
      instanceId: id,
      attempt: 1,
      event: { type: 'ACCEPT' },
    },
  ])
  await expect(engine.send(id, { type: 'ACCEPT' }, { actor: head })).rejects.toMatchObject({
    code: 'EVENT_NOT_ACCEPTED',
  })

  // The `after` timer: an hour later, once.
  clock.advance('59m')
  expect(await engine.runDueTimers()).toBe(0)
  clock.advance('1m')
  expect(await engine.runDueTimers()).toBe(1)
  expect((await engine.system.get(id)).context).toMatchObject({ reminders: 1 })
  expect((await engine.system.history(id)).at(-1)).toMatchObject({ kind: 'timer', from: 'handling', to: 'handling' })

  await engine.send(id, { type: 'COMMENT', text: 'visited the site' }, { actor: organ })
  await expect(engine.send(id, { type: 'COMMENT', text: '' }, { actor: organ })).rejects.toMatchObject({
    code: 'INVALID_EVENT',
  })
  await expect(engine.send(id, { type: 'COMMENT', text: 'x' }, { actor: mediator })).rejects.toMatchObject({
    code: 'FORBIDDEN',
  })

  // A linked case, created in the same commit; its result flows back through the outbox.
  await engine.send(id, { type: 'MEDIATE', parties: ['张三', '李四'] }, { actor: organ })
  const children = (await engine.system.instances({ parentId: id })).items
  expect(children.map((c) => [c.id, c.processId, c.stateKey])).toEqual([['i2', 'med', 'mediating']])
  expect((await engine.system.get(id)).childIds).toEqual(['i2'])
  expect((await engine.system.instances({ state: 'mediating' })).items.map((c) => c.id)).toEqual([id, 'i2'])
  expect((await engine.system.instances({ state: 'mediating', processId: 'med' })).items.map((c) => c.id)).toEqual([
    'i2',
  ])
  expect((await engine.system.get('i2')).businessKey).toBe('M-1')
  expect((await engine.system.tasks({ role: 'mediator' })).items.map((t) => t.instanceId)).toEqual(['i2'])
  expect(await store.nextTimerDue()).toBeUndefined() // leaving `handling` cancelled its timers
  await engine.send('i2', { type: 'AGREE', terms: '赔偿800元' }, { actor: mediator })
  expect(await engine.runOutbox()).toBe(1)
  const closed = await engine.system.get(id)
  expect(closed).toMatchObject({
    stateKey: 'closed',
    status: 'completed',
    context: { result: { terms: '赔偿800元' }, comments: ['visited the site'] },
  })
  expect((await engine.system.history(id)).at(-1)).toMatchObject({
    kind: 'child',
    event: { type: 'MEDIATION_DONE', childId: 'i2', outcome: 'resolved' },
  })
  expect((await engine.system.tasks()).items).toEqual([])
  expect(closed).toMatchObject({ outcome: 'resolved', colour: null, tasks: [], deadlines: [], childIds: ['i2'] })
  expect(closed.completedAt).toEqual(new Date(clock.now()))
  const closedList = await engine.system.instances({ status: 'completed', completedFrom: clock.now() })
  expect(closedList.items.map((c) => [c.id, c.outcome])).toEqual([
    [id, 'resolved'],
    ['i2', 'resolved'],
  ])

  const views: Record<string, InstanceView> = {}
  const histories: Record<string, HistoryEntry[]> = {}
  for (const i of ['i1', 'i2']) {
    expect(await engine.system.verify(i)).toMatchObject({ ok: true })
    expect(await engine.system.replay(i)).toMatchObject({ ok: true })
    views[i] = await engine.system.get(i)
    histories[i] = await engine.system.history(i)
  }
  expect(histories.i1?.map((h) => h.kind)).toEqual(['started', 'deadline', 'event', 'timer', 'event', 'event', 'child'])
  await engine.close()
  return { views, histories, effects }
}

/** A case with `comments` comments: 2 + comments history entries. */
async function caseWithComments(engine: Engine, comments: number): Promise<string> {
  const { id } = await engine.start('case', { title: 'tamper' }, { actor: organ, orgUnit: 'town' })
  await engine.send(id, { type: 'ACCEPT' }, { actor: organ })
  for (let i = 0; i < comments; i++) await engine.send(id, { type: 'COMMENT', text: `comment ${i}` }, { actor: organ })
  return id
}

function describeEngineOn(dialect: Dialect, variable?: ServerVariable): void {
  const server = variable === undefined ? '' : serverUrl(variable)
  describe.skipIf(server === undefined)(`${dialect}: the engine on SQL`, () => {
    let db: TestDatabase
    let prefixes = 0
    const fresh = async (): Promise<{ store: SqlStore; prefix: string }> => {
      const prefix = `en${++prefixes}_`
      const store = db.store(prefix)
      await store.migrate()
      return { store, prefix }
    }

    beforeAll(async () => {
      db = await createTestDatabase(dialect, server)
    })
    afterAll(async () => {
      await db?.drop()
    })

    it('runs a case end to end — deadline, tasks, effect, timer, linked case — and leaves what the memory store leaves', async () => {
      const { store } = await fresh()
      try {
        const onSql = await runCase(store)
        const onMemory = await runCase(memoryStore())
        expect(onSql).toEqual(onMemory)
      } finally {
        await store.close()
      }
    })

    it('verify reports a history row changed through SQL (and accepts it restored), and deleted rows', async () => {
      const { store, prefix } = await fresh()
      const { engine } = engineOn(store)
      const history = `${prefix}history`
      try {
        const edited = await caseWithComments(engine, 3)
        const middle = await caseWithComments(engine, 3)
        const last = await caseWithComments(engine, 3)
        for (const id of [edited, middle, last])
          expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 5 })

        // An UPDATE of one row's event: the hash no longer matches at that entry.
        const original = (await engine.system.history(edited))[3]
        expect(original?.event).toEqual({ type: 'COMMENT', text: 'comment 1' })
        await db.query(
          `update ${history} set event = '{"type":"COMMENT","text":"comment one"}' where instance_id = '${edited}' and seq = 4`,
        )
        expect((await engine.system.history(edited))[3]?.event).toEqual({ type: 'COMMENT', text: 'comment one' })
        expect(await engine.system.verify(edited)).toEqual({
          ok: false,
          entries: 5,
          brokenAt: 4,
          reason: 'hash-mismatch',
        })
        // Put back, the row verifies again: it was the content that was checked.
        await db.query(
          `update ${history} set event = '${JSON.stringify(original?.event)}' where instance_id = '${edited}' and seq = 4`,
        )
        expect(await engine.system.verify(edited)).toEqual({ ok: true, entries: 5 })
        // Another column: the time of an entry.
        await db.query(`update ${history} set at = at + 1 where instance_id = '${edited}' and seq = 2`)
        expect(await engine.system.verify(edited)).toEqual({
          ok: false,
          entries: 5,
          brokenAt: 2,
          reason: 'hash-mismatch',
        })

        // A DELETE of a middle row leaves a gap; of the last row, a truncated chain.
        await db.query(`delete from ${history} where instance_id = '${middle}' and seq = 3`)
        expect(await engine.system.verify(middle)).toEqual({
          ok: false,
          entries: 4,
          brokenAt: 3,
          reason: 'sequence-gap',
        })
        await db.query(`delete from ${history} where instance_id = '${last}' and seq = 5`)
        expect(await engine.system.verify(last)).toEqual({ ok: false, entries: 4, brokenAt: 5, reason: 'truncated' })
      } finally {
        await engine.close()
        await store.close()
      }
    })
  })
}

describeEngineOn('postgres', 'FENGQIAO_PG_URL')
describeEngineOn('mysql', 'FENGQIAO_MYSQL_URL')
describeEngineOn('sqlite')
