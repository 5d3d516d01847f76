/**
 * The report over a million cases: `engine.system.report` on PostgreSQL and SQLite with N stored
 * cases (default 1,000,000), its time and the engine's heap before and after. The report is
 * counted by the store (`Store.reportFigures`: SQL aggregates per org unit), so its time grows
 * with the table scan and the engine's memory stays flat.
 *
 *   pnpm --filter @fengqiao/bench report                     1M cases on both databases
 *   pnpm --filter @fengqiao/bench report --cases=100000      a smaller run (or FENGQIAO_REPORT_CASES)
 *   pnpm --filter @fengqiao/bench report --only=sqlite       one database
 *
 * Cases are seeded straight through SQL (`generate_series` on PostgreSQL, a recursive CTE on
 * SQLite) into the adapter's own tables, spread over a year and 111 org units (a county, 10
 * townships, 100 villages): a quarter open with a task each, the rest closed — resolved,
 * unresolved or void —, one in twenty late and moved up the ladder with the history entry that
 * says so. Only the report reads them; their snapshots are placeholders.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { createEngine, formatRate, manualClock, type Report } from '@fengqiao/core'
import type { SqlStore } from '@fengqiao/adapter-sql'
import { benchProcess } from './lib/process.js'
import { benchPool, createBenchDatabase } from './lib/pg.js'
import { orgUnits, seedPostgres, seedSqlite } from './lib/seed.js'
import { heapAfterGc, median } from './lib/stats.js'
import { postgresPoolStore, sqliteFileStore } from './sections/durable.js'

const args = process.argv.slice(2)
const casesArg = args.find((a) => a.startsWith('--cases='))?.slice('--cases='.length)
const N = Number(casesArg ?? process.env.FENGQIAO_REPORT_CASES ?? 1_000_000)
const onlyArg = args.find((a) => a.startsWith('--only='))
const only = onlyArg === undefined ? undefined : new Set(onlyArg.slice('--only='.length).split(','))
const RUNS = 5
if (!Number.isInteger(N) || N < 1000) throw new Error(`--cases must be an integer ≥ 1000; got ${String(casesArg)}`)

const JUNE = { from: Date.parse('2026-06-01T00:00:00+08:00'), to: Date.parse('2026-07-01T00:00:00+08:00') }
const NOW = Date.parse('2026-12-31T00:00:00+08:00') // within the calendar's data: no calendar-gap warning

interface Result {
  readonly cases: number
  readonly seedSeconds: number
  readonly reportMs: { first: number; median: number; min: number; max: number }
  readonly heapBeforeMb: number
  readonly heapAfterMb: number
  readonly heapDeltaMb: number
  readonly figures: Pick<Report['total'], 'opened' | 'dueToClose' | 'closed' | 'closedOnTime' | 'escalatedInWindow'> & {
    readonly onTime: string
  }
}

async function measure(store: SqlStore, seedSeconds: number): Promise<Result> {
  const engine = createEngine({ store, processes: [benchProcess], orgUnits, clock: manualClock(NOW) })
  const before = heapAfterGc()
  const times: number[] = []
  let report: Report | undefined
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    report = await engine.system.report(JUNE)
    times.push(performance.now() - t0)
  }
  const after = heapAfterGc()
  await engine.close()
  const t = (report as Report).total
  return {
    cases: N,
    seedSeconds,
    reportMs: { first: times[0] as number, median: median(times), min: Math.min(...times), max: Math.max(...times) },
    heapBeforeMb: before / 2 ** 20,
    heapAfterMb: after / 2 ** 20,
    heapDeltaMb: (after - before) / 2 ** 20,
    figures: {
      opened: t.opened,
      dueToClose: t.dueToClose,
      closed: t.closed,
      closedOnTime: t.closedOnTime,
      escalatedInWindow: t.escalatedInWindow,
      onTime: formatRate(t.onTimeRate),
    },
  }
}

async function onPostgres(): Promise<Result | string> {
  const db = await createBenchDatabase()
  if ('unavailable' in db) return db.unavailable
  const pool = benchPool(db.url, 4)
  try {
    const store = await postgresPoolStore(pool, 'fq_')
    const t0 = performance.now()
    await seedPostgres(pool, N, (n) => console.log(`    postgres: ${n.toLocaleString('en-US')} cases`))
    const seedSeconds = (performance.now() - t0) / 1000
    const result = await measure(store, seedSeconds)
    await store.close()
    return result
  } finally {
    await pool.end()
    await db.drop()
  }
}

async function onSqlite(): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'fengqiao-report-'))
  try {
    const migrated = await sqliteFileStore(dir, 'report.db')
    await migrated.close()
    const t0 = performance.now()
    seedSqlite(join(dir, 'report.db'), N, (n) => console.log(`    sqlite: ${n.toLocaleString('en-US')} cases`))
    const seedSeconds = (performance.now() - t0) / 1000
    const store = await sqliteFileStore(dir, 'report.db')
    const result = await measure(store, seedSeconds)
    await store.close()
    return result
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const show = (name: string, r: Result | string) =>
  typeof r === 'string'
    ? `${name}: skipped (${r})`
    : `${name}: ${r.cases.toLocaleString('en-US')} cases seeded in ${r.seedSeconds.toFixed(1)} s; report ${(r.reportMs.first / 1000).toFixed(2)} s cold, ` +
      `median ${(r.reportMs.median / 1000).toFixed(2)} s (${(r.reportMs.min / 1000).toFixed(2)}–${(r.reportMs.max / 1000).toFixed(2)}) over ${RUNS}; ` +
      `engine heap ${r.heapBeforeMb.toFixed(1)} → ${r.heapAfterMb.toFixed(1)} MB (${r.heapDeltaMb >= 0 ? '+' : ''}${r.heapDeltaMb.toFixed(2)}); ` +
      `June: ${r.figures.opened.toLocaleString('en-US')} opened, ${r.figures.closedOnTime.toLocaleString('en-US')} of ${r.figures.dueToClose.toLocaleString('en-US')} on time (${r.figures.onTime}), ${r.figures.escalatedInWindow.toLocaleString('en-US')} escalated`

console.log(`Report over ${N.toLocaleString('en-US')} stored cases (Node ${process.version})`)
const results: Record<string, Result | string> = {}
if (only === undefined || only.has('postgres')) {
  results.postgres = await onPostgres()
  console.log(show('PostgreSQL', results.postgres))
}
if (only === undefined || only.has('sqlite')) {
  results.sqlite = await onSqlite()
  console.log(show('SQLite', results.sqlite))
}
