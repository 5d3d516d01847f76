/**
 * Incidents and timers true to time on each database (docs/operations.md, "Incidents" and "After
 * an outage"), through the engine's public API: a worker back from a 40-day outage brings a case
 * where stepping the clock on the memory store does; an outbox message and a timer that keep
 * failing are held as incidents, listed, and retried or resolved by an administrator.
 */
import { createEngine, defineProcess, manualClock, type Engine, type EventsOf, type ManualClock } from '@fengqiao/core'
import { createTestEngine } from '@fengqiao/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assign, setup } from 'xstate'
import { z } from 'zod'
import type { SqlStore } from '../src/index.js'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import { prefixes, serverUrl, type ServerVariable } from './servers.js'

const START = '2026-03-02T09:00:00+08:00' // a Monday
const DAY = 86_400_000
const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'village', parent: 'town', level: 'village' },
]
const handler = { id: 'h', roles: ['handler'], orgUnit: 'village' }
const admin = { id: 'ops', roles: ['ops'] }
const broken = { sms: true, stamp: true }

const events = {
  RESOLVE: { schema: z.object({}), roles: ['handler'] },
  ESCALATED: { schema: z.object({}), roles: ['system'] },
} as const
// village (7 days) › township (15 days) › county, each expiry moving the case one level up; on
// entering the township the party is told (an outbox message); the county stamps a reminder.
const machine = setup({
  types: { events: {} as EventsOf<typeof events>, context: {} as { stampedAt?: unknown } },
  actions: {
    notifyParty: () => {},
    stamp: assign(() => ({ stampedAt: broken.stamp ? new Date(0) : 'stamped' })),
  },
}).createMachine({
  id: 'dispute',
  context: {},
  initial: 'atVillage',
  states: {
    atVillage: {
      meta: {
        task: { role: 'handler' },
        deadline: { days: 7, name: 'village', warnAt: 0.5 },
        escalate: { to: 'township', when: 'overdue', event: 'ESCALATED' },
      },
      on: { RESOLVE: 'resolved', ESCALATED: 'atTownship' },
    },
    atTownship: {
      entry: 'notifyParty',
      meta: {
        task: { role: 'handler' },
        deadline: { days: 15, name: 'township', warnAt: 0.8 },
        escalate: { to: 'county', when: 'overdue', event: 'ESCALATED' },
      },
      on: { RESOLVE: 'resolved', ESCALATED: 'atCounty' },
    },
    atCounty: {
      meta: { task: { role: 'handler' } },
      after: { [3 * DAY]: { target: 'reminded', actions: 'stamp' } },
      on: { RESOLVE: 'resolved' },
    },
    reminded: { on: { RESOLVE: 'resolved' } },
    resolved: { type: 'final' },
  },
})
const dispute = defineProcess({ id: 'dispute', version: 1, machine, events })

function engineOn(store: SqlStore): { engine: Engine; clock: ManualClock; calls: number[] } {
  const clock = manualClock(START)
  const calls: number[] = []
  let n = 0
  const engine = createEngine({
    processes: [dispute],
    store,
    clock,
    orgUnits,
    ids: () => `i${++n}`,
    deliverAfterCommit: false,
    adminRoles: ['ops'],
    incidents: { afterAttempts: 2 },
    plugins: [
      {
        name: 'sms',
        effects: {
          notifyParty: (m) => {
            calls.push(m.attempt)
            if (broken.sms) throw new Error('SMS gateway down')
          },
        },
      },
    ],
  })
  return { engine, clock, calls }
}

async function observed(engine: Engine, id: string) {
  const v = await engine.system.get(id)
  const tasks = (await engine.system.tasks({ instanceId: id })).items
  return {
    state: v.stateKey,
    orgUnit: v.orgUnit,
    timers: v.timers.map((t) => [t.key, t.dueAt.getTime()]),
    tasks: tasks.map((t) => [t.stateNode, t.orgUnit, t.createdAt.getTime(), t.dueAt?.getTime() ?? null, t.colour]),
    history: (await engine.system.history(id)).map((h) => [h.kind, h.from, h.to, h.at]),
  }
}

function describeOn(dialect: Dialect, variable?: ServerVariable): void {
  const server = variable === undefined ? '' : serverUrl(variable)
  describe.skipIf(server === undefined)(`${dialect}: incidents and timers true to time`, () => {
    let db: TestDatabase
    const prefix = prefixes()
    const stores: SqlStore[] = []
    const fresh = async () => {
      const s = db.store(prefix())
      await s.migrate()
      stores.push(s)
      return s
    }
    beforeAll(async () => {
      db = await createTestDatabase(dialect, server)
    })
    afterAll(async () => {
      for (const s of stores) await s.close()
      await db?.drop()
    })

    it('after a 40-day outage one catch-up reaches the state, due dates and colours of stepping the clock', async () => {
      broken.sms = false
      broken.stamp = false
      const stepped = createTestEngine({ processes: [dispute], orgUnits, start: START })
      const { engine, clock } = engineOn(await fresh())
      const { id } = await engine.start('dispute', undefined, { actor: handler, orgUnit: 'village' })
      expect((await stepped.start('dispute', undefined, { actor: handler, orgUnit: 'village' })).id).toBe(id)
      await stepped.advance('40d')
      clock.set(clock.now() + 40 * DAY)
      expect(await engine.runDueTimers()).toBe(3)
      expect(await observed(engine, id)).toEqual(await observed(stepped, id))
      expect((await engine.system.get(id)).orgUnit).toBe('county')
      const late = (await engine.system.history(id)).filter((h) => h.kind !== 'started')
      for (const h of late) expect(h.detail).toMatchObject({ processedAt: clock.now() })
      expect(await engine.system.verify(id)).toMatchObject({ ok: true })
    })

    it('holds a failing outbox message and a failing timer as incidents until an administrator acts', async () => {
      broken.sms = true
      broken.stamp = true
      const { engine, clock, calls } = engineOn(await fresh())
      const { id } = await engine.start('dispute', undefined, { actor: handler, orgUnit: 'village' })
      clock.set(clock.now() + 23 * DAY) // village expired; the township's 15 days run to day 23.625
      await engine.runDueTimers()
      expect(await engine.runOutbox()).toBe(0)
      clock.set(clock.now() + 1000)
      expect(await engine.runOutbox()).toBe(0)
      expect(calls).toEqual([1, 2])
      const [sms] = (await engine.incidents({ actor: admin, kind: 'outbox', status: 'open' })).items
      expect(sms).toMatchObject({
        instanceId: id,
        type: 'notifyParty',
        attempts: 2,
        error: { message: 'SMS gateway down' },
      })
      clock.set(clock.now() + DAY)
      expect(await engine.runOutbox()).toBe(0)
      expect(calls).toHaveLength(2)

      // The county's reminder fails to stamp, twice: a timer incident.
      clock.set(clock.now() + 5 * DAY)
      await engine.runDueTimers()
      clock.set(clock.now() + 1000)
      await engine.runDueTimers()
      const [timer] = (await engine.system.incidents({ kind: 'timer' })).items
      expect(timer).toMatchObject({
        instanceId: id,
        processId: 'dispute',
        attempts: 2,
        error: { code: 'INVALID_DEFINITION' },
      })
      clock.set(clock.now() + DAY)
      expect(await engine.runDueTimers()).toBe(0)
      expect((await engine.system.get(id)).stateKey).toBe('atCounty')

      broken.sms = false
      broken.stamp = false
      await engine.retryIncident(sms?.id as string, { actor: admin, reason: 'gateway back' })
      expect(await engine.runOutbox()).toBe(1)
      await engine.retryIncident(timer?.id as string, { actor: admin, reason: 'stamp fixed' })
      expect(await engine.runDueTimers()).toBe(1)
      expect((await engine.system.get(id)).stateKey).toBe('reminded')
      expect((await engine.system.incidents({ status: 'open' })).items).toEqual([])
      const closed = (await engine.system.incidents({ status: 'resolved' })).items
      expect(closed.map((i) => [i.kind, i.resolution, i.closedBy?.id, i.reason])).toEqual([
        ['outbox', 'retried', 'ops', 'gateway back'],
        ['timer', 'retried', 'ops', 'stamp fixed'],
      ])
      expect(await engine.system.verify(id)).toMatchObject({ ok: true })
    })
  })
}

describeOn('postgres', 'FENGQIAO_PG_URL')
describeOn('mysql', 'FENGQIAO_MYSQL_URL')
describeOn('sqlite')
