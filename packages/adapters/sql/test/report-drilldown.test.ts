/**
 * Reports say what they count (docs/operations.md, "Reports and the cases behind them"): on the
 * memory store, SQLite, PostgreSQL (and MySQL/MariaDB when configured), every figure of
 * `engine.report`, for every org unit, own and rolled up, equals the total of the
 * `engine.instances` (or `engine.tasks`) queries of its drill-down — and a case that overran the
 * village's 7 days is never closed on time (docs/domain-rules.md §2.1, §2.2).
 */
import {
  createEngine,
  defineProcess,
  formatRate,
  manualClock,
  memoryStore,
  type CaseFigure,
  type Engine,
  type EventsOf,
  type InstanceQuery,
  type ManualClock,
  type ReportFigures,
  type Store,
  type TaskQuery,
} from '@fengqiao/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import { serverUrl, type ServerVariable } from './servers.js'

const events = {
  CLOSE: { schema: z.object({}), roles: ['handler'] },
  VOID: { schema: z.object({}), roles: ['handler'] },
} as const
const machine = setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
  id: 'dispute',
  initial: 'handling',
  states: {
    handling: {
      meta: {
        task: { role: 'handler' },
        deadline: { days: 7, name: 'village', warnAt: 0.5 },
        escalate: { to: 'township', when: 'overdue' },
      },
      on: { CLOSE: 'closed', VOID: 'voided' },
    },
    closed: { type: 'final', meta: { outcome: 'resolved' } },
    voided: { type: 'final', meta: { outcome: 'void' } },
  },
})
const dispute = defineProcess({ id: 'dispute', version: 1, machine, events })
const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'village-a', parent: 'town', level: 'village' },
  { id: 'village-b', parent: 'town', level: 'village' },
]
const handler = { id: 'h', roles: ['handler'], orgUnit: 'county' }
const march = { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') }
const april = { from: march.to, to: Date.parse('2026-05-01T00:00:00+08:00') }
const CASE_FIGURES: readonly CaseFigure[] = [
  'opened',
  'resolved',
  'unresolved',
  'void',
  'dueToClose',
  'closed',
  'closedOnTime',
  'overdue',
  'escalated',
  'escalatedInWindow',
]

/** The engine on a store, with a clock that fires every timer at its own time. */
function engineOn(store: Store): { engine: Engine; clock: ManualClock; advance(ms: number): Promise<void> } {
  const clock = manualClock('2026-03-02T09:00:00+08:00')
  let n = 0
  const engine = createEngine({ processes: [dispute], store, clock, orgUnits, ids: () => `c${++n}` })
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
  return { engine, clock, advance }
}

/** The total of a query's pages. */
async function total(list: (q: InstanceQuery) => Promise<{ items: unknown[]; nextCursor?: string }>, q: InstanceQuery) {
  let n = 0
  let cursor: string | undefined
  do {
    const page = await list({ ...q, limit: 3, cursor })
    n += page.items.length
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return n
}

/** Checks every figure of one row against its drill-down. */
async function drillsDown(engine: Engine, f: ReportFigures, where: string): Promise<number> {
  const d = f.drillDown
  expect(d, `${where}: drill-down`).toBeDefined()
  if (d === undefined) return 0
  const sum = async (qs: readonly InstanceQuery[]) => {
    let n = 0
    for (const q of qs) n += await total((x) => engine.system.instances(x), q)
    return n
  }
  const tasks = async (qs: readonly TaskQuery[]) => {
    let n = 0
    for (const q of qs) n += await total((x) => engine.system.tasks(x as TaskQuery), q as InstanceQuery)
    return n
  }
  let checked = 0
  for (const k of CASE_FIGURES) {
    expect({ where, figure: k, count: await sum(d[k]) }).toEqual({ where, figure: k, count: f[k] })
    checked++
  }
  for (const s of ['active', 'suspended', 'completed', 'cancelled', 'failed'] as const) {
    expect({ where, status: s, count: await sum(d.byStatus[s]) }).toEqual({ where, status: s, count: f.byStatus[s] })
    checked++
  }
  for (const c of ['red', 'yellow', 'green'] as const) {
    expect({ where, colour: c, count: await tasks(d.openTasks[c]) }).toEqual({
      where,
      colour: c,
      count: f.openTasks[c],
    })
    checked++
  }
  return checked
}

function describeOn(dialect: Dialect | 'memory', variable?: ServerVariable): void {
  const server = variable === undefined ? '' : serverUrl(variable)
  describe.skipIf(server === undefined)(`${dialect}: reports and the cases behind them`, () => {
    let db: TestDatabase | undefined
    let store: Store
    beforeAll(async () => {
      if (dialect === 'memory') {
        store = memoryStore()
        return
      }
      db = await createTestDatabase(dialect, server)
      const sql = db.store('rd_')
      await sql.migrate()
      store = sql
    })
    afterAll(async () => {
      await store.close()
      await db?.drop()
    })

    it("counts a case that overran the village's 7 days as late, and each figure is the list behind it", async () => {
      const { engine, advance } = engineOn(store)
      const start = (unit: string) => engine.start('dispute', undefined, { actor: handler, orgUnit: unit })
      const a = [] as string[]
      const b = [] as string[]
      for (let i = 0; i < 6; i++) a.push((await start('village-a')).id)
      for (let i = 0; i < 4; i++) b.push((await start('village-b')).id)
      const send = (id: string | undefined, type: 'CLOSE' | 'VOID') =>
        engine.send(id as string, { type }, { actor: handler })
      await advance(2 * 86_400_000)
      for (const id of a.slice(0, 3)) await send(id, 'CLOSE') // within the village's 7 days
      await send(b[0], 'VOID')
      await advance(8 * 86_400_000) // Mar 12: the other six overran and moved up to the township
      await send(a[3], 'CLOSE') // closed by the township, late
      await send(b[1], 'CLOSE')
      await advance(20 * 86_400_000) // Apr 1 00:00 and later: the March report, read in April

      const r = await engine.system.report(march)
      expect(r.total).toMatchObject({
        opened: 10,
        void: 1,
        resolved: 5,
        closed: 5,
        closedOnTime: 3,
        dueToClose: 9,
        overdue: 4,
        escalated: 6,
        escalatedInWindow: 6,
      })
      // 6 cases overran the village's 7 days; on time is 3 of 9, not 100 %.
      expect(formatRate(r.total.onTimeRate)).toBe('33.33 %')
      expect(formatRate(r.total.closingRate)).toBe('55.56 %')
      expect(r.byOrgUnit.find((x) => x.orgUnit === 'town')).toMatchObject({
        own: { escalated: 6, closed: 2, closedOnTime: 0 },
        total: { opened: 10, closedOnTime: 3 },
      })
      let checked = await drillsDown(engine, r.total, 'total')
      for (const row of r.byOrgUnit) {
        checked += await drillsDown(engine, row.own, `${row.orgUnit} own`)
        checked += await drillsDown(engine, row.total, `${row.orgUnit} total`)
      }
      expect(checked).toBe(18 * (1 + 2 * 4))

      // April: nothing opened or escalated in it; the six were escalated ever.
      const apr = await engine.system.report({ ...april, orgUnit: 'town' })
      expect(apr.total).toMatchObject({ opened: 0, escalated: 6, escalatedInWindow: 0, closed: 0, dueToClose: 0 })
      await drillsDown(engine, apr.total, 'april total')
      for (const row of apr.byOrgUnit) await drillsDown(engine, row.total, `april ${row.orgUnit}`)
    })
  })
}

describeOn('memory')
describeOn('sqlite')
describeOn('postgres', 'FENGQIAO_PG_URL')
describeOn('mysql', 'FENGQIAO_MYSQL_URL')
