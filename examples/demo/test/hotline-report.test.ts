// @fengqiao/grid's hotlineReport on the demo's default store (SQLite) and on the memory store:
// the same tickets give the same figures, each row's query lists its tickets, and the tickets
// received per org unit are the engine's own report's 受理 (opened) for the hotline process.
import { afterEach, describe, expect, it } from 'vitest'
import { sqliteStore } from '@fengqiao/adapter-sql'
import { createEngine, manualClock, memoryStore, type Actor, type Engine, type Store } from '@fengqiao/core'
import { gridPlugin, hotlineReport, percent, type Rate } from '@fengqiao/grid'

const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'village-a', parent: 'town', level: 'village' },
  { id: 'village-b', parent: 'town', level: 'village' },
]
const hotline: Actor = { id: '12345', roles: ['hotline'], orgUnit: 'county' }
const town: Actor = { id: 'town-gov', roles: ['unit'], orgUnit: 'town' }
const street: Actor = { id: 'town-street', roles: ['street'], orgUnit: 'town' }
const MARCH = { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') }

const open: Engine[] = []
afterEach(async () => {
  for (const e of open.splice(0)) await e.close()
})

async function month(store: Store) {
  await (store as { migrate?: () => Promise<void> }).migrate?.()
  const clock = manualClock('2026-03-02T09:00:00+08:00')
  let n = 0
  const grid = gridPlugin()
  const engine = createEngine({
    store,
    clock,
    plugins: [grid],
    orgUnits,
    ids: () => `t${++n}`,
    deliverAfterCommit: false,
  })
  open.push(engine)
  const tickets = engine.process(grid.definitions.hotlineTicket)
  const now = () => new Date(clock.now()).toISOString()
  const hour = 3_600_000
  const plan: Array<{ unit: string; late?: boolean; answered?: boolean; resolved?: boolean; whistle?: boolean }> = [
    { unit: 'village-a' },
    { unit: 'village-a', late: true },
    { unit: 'village-a', answered: true },
    { unit: 'village-b', resolved: false },
    { unit: 'village-b', whistle: true },
  ]
  for (const p of plan) {
    const { id } = await tickets.start(
      {
        receivedAt: now(),
        kind: p.answered === true ? 'consultation' : 'complaint',
        matter: '噪音扰民',
        category: 'noise',
        caller: { phone: '13500000000' },
      },
      { actor: hotline, orgUnit: p.unit },
    )
    if (p.answered === true) {
      await tickets.send(id, { type: 'ANSWER', answer: '已解答' }, { actor: hotline })
      continue
    }
    await tickets.send(id, { type: 'DISPATCH', unit: town.id, streetOrTownship: true }, { actor: hotline })
    clock.set(clock.now() + (p.late === true ? 30 : 1) * hour)
    await engine.runDueTimers()
    await tickets.send(id, { type: 'SIGN_FOR', contactedAt: now() }, { actor: town })
    if (p.whistle === true)
      await tickets.send(id, { type: 'WHISTLE', street: 'town', departments: ['住建局'] }, { actor: street })
    const resolved = p.resolved ?? true
    await tickets.send(
      id,
      { type: 'FEED_BACK', result: resolved ? 'resolved' : 'explained', reply: '已处理' },
      { actor: town },
    )
    await tickets.send(
      id,
      { type: 'CALLBACK', reached: true, resolved, satisfaction: resolved ? 'satisfied' : 'unsatisfied' },
      { actor: hotline },
    )
  }
  return engine
}

describe('hotlineReport on SQLite and memory', () => {
  it('gives the same figures on both stores, per org unit, for the dispatched unit and the whistling street', async () => {
    const onSqlite = await month(sqliteStore({ filename: ':memory:' }))
    const onMemory = await month(memoryStore())
    const sqlite = await hotlineReport(onSqlite.system, MARCH)
    expect(sqlite).toEqual(await hotlineReport(onMemory.system, MARCH))
    expect(sqlite.total.counts).toMatchObject({ dispatched: 4, respondedInTime: 3, callbacks: 4, resolved: 3 })
    expect(percent(sqlite.total.scores.figures.response as Rate)).toBe(75)
    expect(sqlite.total.cases.respondedInTime).toEqual(['t1', 't4', 't5'])
    expect(sqlite.byOrgUnit.map((r) => [r.orgUnit, r.figures.received])).toEqual([
      ['village-a', 3],
      ['village-b', 2],
    ])
    expect(Object.keys(sqlite.units)).toEqual(['town-gov'])
    expect(sqlite.streets.town?.cases.dispatched).toEqual(['t5'])
  })

  it("each row's query lists its tickets on SQLite, and they are the engine report's 受理 of the hotline process", async () => {
    const engine = await month(sqliteStore({ filename: ':memory:' }))
    const h = await hotlineReport(engine.system, MARCH)
    const report = await engine.system.report({ ...MARCH, processId: 'hotline-ticket' })
    expect(report.total.opened).toBe(h.total.received)
    for (const row of h.byOrgUnit) {
      const listed = (await engine.system.instances(row.query)).items.map((i) => i.id)
      expect(listed).toHaveLength(row.figures.received)
      expect(row.figures.cases.dispatched.every((id) => listed.includes(id))).toBe(true)
      expect(report.byOrgUnit.find((r) => r.orgUnit === row.orgUnit)?.own.opened).toBe(row.figures.received)
    }
    // An April window holds none of them.
    const april = await hotlineReport(engine.system, { from: MARCH.to, to: MARCH.to + 30 * 86_400_000 })
    expect(april.total.received).toBe(0)
    expect(april.total.scores.composite).toBeNull()
  })
})
