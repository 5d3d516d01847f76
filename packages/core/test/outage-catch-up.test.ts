/**
 * Timers true to time after an outage (docs/operations.md "After an outage"): a timer processed
 * late acts as of its due time, so a worker that comes back after days away brings every case to
 * the state, due dates and colours that stepping the clock through would have reached.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, type EventsOf } from '../src/index.js'
import { createTestEngine, type TestEngine } from '../src/testing/test-engine.js'

const DAY = 86_400_000
const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'village', parent: 'town', level: 'village' },
  { id: 'grid-1', parent: 'village', level: 'grid' },
]
const handler = { id: 'h', roles: ['handler'], orgUnit: 'grid-1' }

type Unit = 'days' | 'workingDays' | 'hours'
/** One rung of a synthetic escalation ladder: its period and its warning share. */
interface Rung {
  readonly unit: Unit
  readonly amount: number
  readonly warnAt: number
}

const events = {
  RESOLVE: { schema: z.object({}), roles: ['handler'] },
  ESCALATED: { schema: z.object({}), roles: ['system'] },
} as const

/**
 * grid › village › township, each rung a deadline that escalates the case one level up when it
 * expires; the township's expiry moves the case to the county and starts a follow-up `after`
 * reminder every `remindMs` (a chain of timers, each started by the one before).
 */
function ladder(rungs: readonly [Rung, Rung, Rung], remindMs: number) {
  const deadline = (r: Rung, name: string) => ({ [r.unit]: r.amount, name, warnAt: r.warnAt })
  const machine = setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
    id: 'ladder',
    initial: 'atGrid',
    states: {
      atGrid: {
        meta: {
          task: { role: 'handler', title: 'grid' },
          deadline: deadline(rungs[0], 'grid'),
          escalate: { to: 'village', when: 'overdue', event: 'ESCALATED' },
        },
        on: { RESOLVE: 'resolved', ESCALATED: 'atVillage' },
      },
      atVillage: {
        meta: {
          task: { role: 'handler', title: 'village' },
          deadline: deadline(rungs[1], 'village'),
          escalate: { to: 'township', when: 'overdue', event: 'ESCALATED' },
        },
        on: { RESOLVE: 'resolved', ESCALATED: 'atTownship' },
      },
      atTownship: {
        meta: {
          task: { role: 'handler', title: 'township' },
          deadline: deadline(rungs[2], 'township'),
          escalate: { to: 'county', when: 'overdue', event: 'ESCALATED' },
        },
        on: { RESOLVE: 'resolved', ESCALATED: 'atCounty' },
      },
      atCounty: {
        meta: { task: { role: 'handler', title: 'county' } },
        initial: 'waiting',
        states: { waiting: { after: { [remindMs]: 'reminded' } }, reminded: { after: { [remindMs]: 'waiting' } } },
        on: { RESOLVE: 'resolved' },
      },
      resolved: { type: 'final', meta: { outcome: 'resolved' } },
    },
  })
  return defineProcess({ id: 'ladder', version: 1, machine, events })
}

/** Everything the two runs must agree on: states, owners, due dates, colours, pending timers. */
async function observed(t: TestEngine, ids: readonly string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const v = await t.system.get(id)
      const row = t.store.tables.instances.get(id)
      const tasks = (await t.system.tasks({ instanceId: id })).items
      return {
        state: v.stateKey,
        status: v.status,
        orgUnit: v.orgUnit,
        timers: v.timers.map((x) => [x.key, x.dueAt.getTime()]).sort(),
        deadlines: row?.deadlines.map((d) => [d.name, d.startedAt, d.dueAt, d.warnAt, d.expired]),
        escalations: row?.escalations,
        breached: row?.breached,
        dueAt: row?.dueAt,
        tasks: tasks.map((k) => [k.stateNode, k.orgUnit, k.createdAt.getTime(), k.dueAt?.getTime(), k.colour]),
        // The history records the same steps at the same (due) times.
        history: (await t.system.history(id)).map((h) => [h.kind, h.from, h.to, h.at]),
      }
    }),
  )
}

describe('a timer processed late acts as of its due time', () => {
  it('after a 40-day outage the case reaches the county as stepping the clock does', async () => {
    const p = ladder(
      [
        { unit: 'days', amount: 7, warnAt: 0.5 },
        { unit: 'days', amount: 7, warnAt: 0.5 },
        { unit: 'days', amount: 15, warnAt: 0.8 },
      ],
      10 * DAY,
    )
    const stepped = createTestEngine({ processes: [p], orgUnits, start: '2026-03-02T09:00:00+08:00' })
    const late = createTestEngine({ processes: [p], orgUnits, start: '2026-03-02T09:00:00+08:00' })
    const { id } = await stepped.start('ladder', undefined, { actor: handler, orgUnit: 'grid-1' })
    await late.start('ladder', undefined, { actor: handler, orgUnit: 'grid-1' })
    const t0 = late.clock.now()

    await stepped.advance('40d')
    // The worker was down for 40 days: one catch-up when it comes back.
    late.clock.set(t0 + 40 * DAY)
    expect(await late.runDueTimers()).toBeGreaterThanOrEqual(3)

    const v = await late.system.get(id)
    expect(v).toMatchObject({ state: { atCounty: 'waiting' }, orgUnit: 'county' })
    const expiries = (await late.system.history(id)).filter((h) => h.kind === 'deadline')
    // Each expiry acts as of its own due time (a day period ends at midnight Beijing time, 15 h
    // after the 09:00 start), and records when it was processed.
    expect(expiries.map((h) => [h.detail && (h.detail as { deadline: string }).deadline, (h.at - t0) / DAY])).toEqual([
      ['grid', 7.625],
      ['village', 15.625],
      ['township', 31.625],
    ])
    for (const h of expiries) expect(h.detail).toMatchObject({ processedAt: t0 + 40 * DAY })
    // The township's 15 days counted from the village's expiry (day 15.625), not from day 40:
    // the county's reminder (10 days) started on day 31.625 and is still waiting.
    const row = late.store.tables.instances.get(id)
    expect(row?.escalations).toBe(3)
    expect(await observed(late, [id])).toEqual(await observed(stepped, [id]))
    expect(await late.system.verify(id)).toMatchObject({ ok: true })
    expect(await late.system.replay(id)).toMatchObject({ ok: true })
  })

  it('a command sent after the outage catches the case up first, the same way', async () => {
    const p = ladder(
      [
        { unit: 'days', amount: 7, warnAt: 0.5 },
        { unit: 'days', amount: 7, warnAt: 0.5 },
        { unit: 'days', amount: 15, warnAt: 0.8 },
      ],
      10 * DAY,
    )
    const late = createTestEngine({ processes: [p], orgUnits, start: '2026-03-02T09:00:00+08:00' })
    const { id } = await late.start('ladder', undefined, { actor: handler, orgUnit: 'grid-1' })
    const t0 = late.clock.now()
    late.clock.set(t0 + 20 * DAY)
    // The handler resolves on day 20: the grid and village expiries come first, as of their times.
    await late.send(id, { type: 'RESOLVE' }, { actor: { ...handler, orgUnit: 'county' } })
    const h = await late.system.history(id)
    expect(h.map((e) => [e.kind, e.to, (e.at - t0) / DAY])).toEqual([
      ['started', 'atGrid', 0],
      ['deadline', 'atVillage', 7.625],
      ['deadline', 'atTownship', 15.625],
      ['event', 'resolved', 20],
    ])
  })

  // The property: for random ladders (periods in days, working days or hours; warning shares;
  // a reminder chain) and random outages (start and length), a worker that was down and then
  // catches up in one run leaves every case exactly as stepping the clock through does.
  const NUM_RUNS = 200
  it(`catch-up after a random outage ends where stepping the clock does (${NUM_RUNS} runs)`, async () => {
    const rung = fc.record({
      unit: fc.constantFrom<Unit>('days', 'workingDays', 'hours'),
      amount: fc.integer({ min: 1, max: 20 }),
      warnAt: fc.constantFrom(0.5, 0.8),
    })
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(rung, rung, rung),
        fc.integer({ min: 1, max: 12 }), // reminder period, days
        fc.array(fc.integer({ min: 0, max: 10 * 24 }), { minLength: 1, maxLength: 3 }), // case starts, hours apart
        fc.integer({ min: 0, max: 30 * 24 }), // outage start, hours after the first case
        fc.integer({ min: 1, max: 60 * 24 }), // outage length, hours
        fc.integer({ min: 0, max: 10 * 24 }), // time stepped after the outage, hours
        async (rungs, remindDays, gaps, outageAt, outageFor, after) => {
          const p = ladder(rungs, remindDays * DAY)
          const start = '2026-11-02T09:00:00+08:00' // into 2027: weekends-only days count too
          const stepped = createTestEngine({ processes: [p], orgUnits, start })
          const late = createTestEngine({ processes: [p], orgUnits, start })
          const H = 3_600_000
          const ids: string[] = []
          const total = outageAt + outageFor + after
          // Cases start at the same moments on both engines (before or during the outage).
          let at = 0
          const starts = gaps.map((g) => (at += g))
          let clockAt = 0
          const moveBoth = async (toHour: number, lateWorker: 'up' | 'down') => {
            await stepped.advance((toHour - clockAt) * H)
            if (lateWorker === 'up') await late.advance((toHour - clockAt) * H)
            else late.clock.set(late.clock.now() + (toHour - clockAt) * H)
            clockAt = toHour
          }
          for (const s of starts.filter((x) => x <= total)) {
            await moveBoth(s, s <= outageAt ? 'up' : clockAt >= outageAt ? 'down' : 'up')
            if (clockAt < s) await moveBoth(s, 'down')
            const { id } = await stepped.start('ladder', undefined, { actor: handler, orgUnit: 'grid-1' })
            expect((await late.start('ladder', undefined, { actor: handler, orgUnit: 'grid-1' })).id).toBe(id)
            ids.push(id)
          }
          // The outage: the late engine's worker is down from outageAt to its end.
          if (clockAt < outageAt) await moveBoth(outageAt, 'up')
          await moveBoth(Math.max(clockAt, outageAt + outageFor), 'down')
          await late.runDueTimers() // the worker is back: one catch-up
          await moveBoth(Math.max(clockAt, total), 'up')
          expect(await observed(late, ids)).toEqual(await observed(stepped, ids))
        },
      ),
      { numRuns: NUM_RUNS },
    )
  }, 120_000)
})
