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
import Database from 'better-sqlite3'
import { createEngine, formatRate, manualClock, type Report } from '@fengqiao/core'
import type { SqlStore } from '@fengqiao/adapter-sql'
import { benchProcess } from './lib/process.js'
import { benchPool, createBenchDatabase } from './lib/pg.js'
import { heapAfterGc, median } from './lib/stats.js'
import { postgresPoolStore, sqliteFileStore } from './sections/durable.js'

const args = process.argv.slice(2)
const casesArg = args.find((a) => a.startsWith('--cases='))?.slice('--cases='.length)
const N = Number(casesArg ?? process.env.FENGQIAO_REPORT_CASES ?? 1_000_000)
const onlyArg = args.find((a) => a.startsWith('--only='))
const only = onlyArg === undefined ? undefined : new Set(onlyArg.slice('--only='.length).split(','))
const RUNS = 5
if (!Number.isInteger(N) || N < 1000) throw new Error(`--cases must be an integer ≥ 1000; got ${String(casesArg)}`)

const DAY = 86_400_000
const BASE = Date.parse('2026-01-01T00:00:00+08:00')
const JUNE = { from: Date.parse('2026-06-01T00:00:00+08:00'), to: Date.parse('2026-07-01T00:00:00+08:00') }
const NOW = Date.parse('2026-12-31T00:00:00+08:00') // within the calendar's data: no calendar-gap warning
const orgUnits = [
  { id: 'c', level: 'county' },
  ...Array.from({ length: 10 }, (_, t) => ({ id: `t${t}`, parent: 'c', level: 'township' })),
  ...Array.from({ length: 100 }, (_, v) => ({ id: `v${v}`, parent: `t${v % 10}`, level: 'village' })),
]

/**
 * The columns of case `g` as SQL expressions over the integer `g` (the same on both databases):
 * created over the year, a quarter open, closed within 0–19 days, due 15 days after opening, one
 * in twenty late and escalated, one in thirteen void.
 */
const COLUMNS = {
  id: `'r-' || g`,
  process: `case when g % 10 = 0 then 'petition' else 'dispute' end`,
  status: `case when g % 4 = 0 then 'active' else 'completed' end`,
  state: `case when g % 4 = 0 then 'handling' else 'closed' end`,
  unit: `'v' || (g % 100)`,
  township: `'t' || (g % 10)`,
  created: `(${BASE} + (g % 365) * ${DAY} + (g % 86400) * 1000)`,
  completed: `case when g % 4 = 0 then null else ${BASE} + (g % 365) * ${DAY} + (g % 86400) * 1000 + (g % 20) * ${DAY} end`,
  due: `(${BASE} + (g % 365) * ${DAY} + (g % 86400) * 1000 + 15 * ${DAY})`,
  breached: `case when g % 20 = 0 then 1 else 0 end`,
  outcome: `case when g % 4 = 0 then null when g % 13 = 0 then 'void' when g % 7 = 0 then 'unresolved' else 'resolved' end`,
}
const C = COLUMNS

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
    const chunk = 200_000
    for (let from = 1; from <= N; from += chunk) {
      const to = Math.min(N, from + chunk - 1)
      await pool.query(
        `insert into fq_instances (id, process_id, process_version, status, state_key, snapshot, timers, tasks, version, org_unit, business_key, parent_id, parent_done_event, created_at, updated_at, history_seq, history_hash, deadlines, due_at, breached, completed_at, outcome, escalations)
         select ${C.id}, ${C.process}, 1, ${C.status}, ${C.state}, '{}'::jsonb, '[]'::jsonb, '[]'::jsonb, 1, ${C.unit}, null, null, null,
                ${C.created}, ${C.created}, 1, md5(g::text), '[]'::jsonb, ${C.due}, ${C.breached}, ${C.completed}, ${C.outcome}, ${C.breached}
         from generate_series(${from}::bigint, ${to}::bigint) g`,
      )
      await pool.query(
        `insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
         select ${C.id}, 1, ${C.created}, 'started', '{}'::jsonb, '{}'::jsonb, null, 'handling', 1, null, '', md5(g::text)
         from generate_series(${from}::bigint, ${to}::bigint) g`,
      )
      await pool.query(
        `insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
         select ${C.id}, 2, ${C.created} + 7 * ${DAY}, 'deadline', '{"type":"fengqiao.deadline.expired"}'::jsonb, '{}'::jsonb, 'handling', 'handling', 2,
                jsonb_build_object('deadline', 'village', 'escalatedFrom', ${C.unit}, 'escalatedTo', ${C.township}), md5(g::text), md5((g + 1)::text)
         from generate_series(${from}::bigint, ${to}::bigint) g where g % 20 = 0`,
      )
      await pool.query(
        `insert into fq_tasks (id, instance_id, process_id, state_node, role, org_unit, assignee, title, due_at, due_sort, warn_at, created_at)
         select ${C.id} || '.k', ${C.id}, ${C.process}, 'handling', 'handler', ${C.unit}, null, null, ${C.due}, ${C.due}, ${C.created} + 10 * ${DAY}, ${C.created}
         from generate_series(${from}::bigint, ${to}::bigint) g where g % 4 = 0`,
      )
      console.log(`    postgres: ${to.toLocaleString('en-US')} cases`)
    }
    for (const t of ['instances', 'history', 'tasks']) await pool.query(`vacuum analyze fq_${t}`)
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
    const db = new Database(join(dir, 'report.db'))
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = OFF')
    const series = (from: number, to: number) =>
      `with recursive s(g) as (select ${from} union all select g + 1 from s where g < ${to})`
    const chunk = 200_000
    for (let from = 1; from <= N; from += chunk) {
      const to = Math.min(N, from + chunk - 1)
      db.transaction(() => {
        db.exec(`${series(from, to)}
          insert into fq_instances (id, process_id, process_version, status, state_key, snapshot, timers, tasks, version, org_unit, business_key, parent_id, parent_done_event, created_at, updated_at, history_seq, history_hash, deadlines, due_at, breached, completed_at, outcome, escalations)
          select ${C.id}, ${C.process}, 1, ${C.status}, ${C.state}, '{}', '[]', '[]', 1, ${C.unit}, null, null, null,
                 ${C.created}, ${C.created}, 1, printf('%064d', g), '[]', ${C.due}, ${C.breached}, ${C.completed}, ${C.outcome}, ${C.breached} from s`)
        db.exec(`${series(from, to)}
          insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
          select ${C.id}, 1, ${C.created}, 'started', '{}', '{}', null, 'handling', 1, null, '', printf('%064d', g) from s`)
        db.exec(`${series(from, to)}
          insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
          select ${C.id}, 2, ${C.created} + 7 * ${DAY}, 'deadline', '{"type":"fengqiao.deadline.expired"}', '{}', 'handling', 'handling', 2,
                 json_object('deadline', 'village', 'escalatedFrom', ${C.unit}, 'escalatedTo', ${C.township}), printf('%064d', g), printf('%064d', g + 1)
          from s where g % 20 = 0`)
        db.exec(`${series(from, to)}
          insert into fq_tasks (id, instance_id, process_id, state_node, role, org_unit, assignee, title, due_at, due_sort, warn_at, created_at)
          select ${C.id} || '.k', ${C.id}, ${C.process}, 'handling', 'handler', ${C.unit}, null, null, ${C.due}, ${C.due}, ${C.created} + 10 * ${DAY}, ${C.created}
          from s where g % 4 = 0`)
      })()
      console.log(`    sqlite: ${to.toLocaleString('en-US')} cases`)
    }
    db.exec('analyze')
    db.pragma('wal_checkpoint(TRUNCATE)')
    db.close()
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
