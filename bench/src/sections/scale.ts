/**
 * Scale: send latency with 10k, 100k and 1M stored instances, the cost of claiming the 100 due
 * timers among N pending, and the engine's heap as stored instances grow.
 *
 * Stored instances are seeded straight through SQL into the adapter's own tables (created by
 * `migrate()`), one table set per level, so that all levels exist at once and their latency
 * samples can alternate round by round. Each seeded instance is a real `bench10` instance in
 * state s0 (the snapshot Fengqiao itself writes) with its `started` history entry and one pending
 * timer due in a year; 100 further timers are already due. Seeded history hashes are
 * placeholders (a send only chains onto them; `verify` would flag seeded instances).
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import type pg from 'pg'
import { createEngine, type Engine } from '@fengqiao/core'
import type { SqlStore } from '@fengqiao/adapter-sql'
import { ACTOR_JSON, STEP_ROWS } from '../lib/payloads.js'
import { ACTOR, INPUT, PROCESS_ID, benchProcess, nextEvent } from '../lib/process.js'
import { heapAfterGc, median, percentile } from '../lib/stats.js'
import { postgresPoolStore, sqliteFileStore } from './durable.js'

export interface Level {
  readonly label: string
  readonly n: number
}

export interface ScaleOptions {
  readonly levels: readonly Level[]
  readonly rounds: number
  /** Sends per level per round. */
  readonly sendsPerRound: number
  readonly warmupSends: number
  readonly claimRepeats: number
  readonly log: (line: string) => void
}

export interface LevelResult {
  readonly instances: number
  readonly seedSeconds: number
  readonly sends: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly meanMs: number
  /** p99 of each round: the spread of the p99. */
  readonly p99ByRound: number[]
  readonly claim100Ms: { median: number; min: number; max: number }
  readonly heapMb: number
  readonly heapDeltaMb: number
}

const FAR = 4_102_444_800_000 // 2100-01-01: pending timers
const DUE_TIMERS = 100
const SNAPSHOT = (STEP_ROWS[0] as (typeof STEP_ROWS)[number]).snapshot
const START_EVENT = (STEP_ROWS[0] as (typeof STEP_ROWS)[number]).event
const SEED_KEY = 'xstate.after.30d.bench10.s0'

/** A small seeded PRNG (mulberry32), so runs pick the same instances. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Picks seeded instances that were never sent to (each is sent NEXT once, s0 → s1). */
class Picker {
  readonly #used = new Set<number>()
  readonly #next: () => number
  constructor(
    readonly n: number,
    seed: number,
  ) {
    this.#next = rng(seed)
  }
  take(): string {
    for (;;) {
      const i = 1 + Math.floor(this.#next() * this.n)
      if (i <= DUE_TIMERS || this.#used.has(i)) continue
      this.#used.add(i)
      return `seed-${i}`
    }
  }
}

interface Backend {
  readonly name: 'postgres' | 'sqlite'
  /** Creates the tables of a level and seeds `n` instances; returns a migrated store on them. */
  seed(level: Level, log: (line: string) => void): Promise<SqlStore>
  /** Makes the due timers claimable again (not timed). */
  releaseTimers(level: Level): Promise<void>
  /** A second store on the level's tables (for the heap measurement). */
  reopen(level: Level): Promise<SqlStore>
  close(): Promise<void>
}

const prefixOf = (level: Level) => `s${level.label.toLowerCase()}_`

export function postgresBackend(pool: pg.Pool): Backend {
  return {
    name: 'postgres',
    async seed(level, log) {
      const p = prefixOf(level)
      const store = await postgresPoolStore(pool, p)
      const chunk = 100_000
      const base = Date.now() - level.n
      for (let from = 1; from <= level.n; from += chunk) {
        const to = Math.min(level.n, from + chunk - 1)
        await pool.query(
          `insert into ${p}instances (id, process_id, process_version, status, state_key, snapshot, timers, tasks, version, org_unit, business_key, parent_id, parent_done_event, created_at, updated_at, history_seq, history_hash, deadlines, due_at, breached, completed_at, outcome, escalations)
           select 'seed-' || g, '${PROCESS_ID}', 1, 'active', 's0', $1::jsonb,
                  jsonb_build_array(jsonb_build_object('id', 'seed-' || g || '.t', 'key', '${SEED_KEY}', 'dueAt', $4::bigint + g)),
                  '[]'::jsonb, 1, null, null, null, null, $2::bigint + g, $2::bigint + g, 1, md5(g::text) || md5((g + 1)::text), '[]'::jsonb, null, 0, null, null, 0
           from generate_series($3::int, $5::int) g`,
          [SNAPSHOT, base, from, FAR, to],
        )
        await pool.query(
          `insert into ${p}history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
           select 'seed-' || g, 1, $1::bigint + g, 'started', $2::jsonb, $3::jsonb, null, 's0', 1, null, '', md5(g::text) || md5((g + 1)::text)
           from generate_series($4::int, $5::int) g`,
          [base, START_EVENT, ACTOR_JSON, from, to],
        )
        await pool.query(
          `insert into ${p}timers (id, instance_id, timer_key, due_at, event, locked_by, locked_until)
           select 'seed-' || g || '.t', 'seed-' || g, '${SEED_KEY}', $1::bigint + g, '{"type":"${SEED_KEY}"}'::jsonb, null, null
           from generate_series($2::int, $3::int) g`,
          [FAR, from, to],
        )
        if (level.n > chunk) log(`      ${level.label}: ${to.toLocaleString('en-US')} instances`)
      }
      await pool.query(
        `insert into ${p}timers (id, instance_id, timer_key, due_at, event, locked_by, locked_until)
         select 'due-' || g, 'seed-' || g, 'xstate.after.1d.bench10.s0', 1000000 + g, '{"type":"xstate.after.1d.bench10.s0"}'::jsonb, null, null
         from generate_series(1, ${DUE_TIMERS}) g`,
      )
      for (const t of ['instances', 'history', 'timers']) await pool.query(`vacuum analyze ${p}${t}`)
      return store
    },
    async releaseTimers(level) {
      await pool.query(
        `update ${prefixOf(level)}timers set locked_by = null, locked_until = null where id like 'due-%'`,
      )
    },
    reopen: (level) => postgresPoolStore(pool, prefixOf(level)),
    async close() {},
  }
}

export function sqliteBackend(dir: string): Backend {
  const file = (level: Level) => `scale-${level.label.toLowerCase()}.db`
  return {
    name: 'sqlite',
    async seed(level) {
      const migrated = await sqliteFileStore(dir, file(level))
      await migrated.close()
      const db = new Database(join(dir, file(level)))
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = OFF')
      const base = Date.now() - level.n
      const chunk = 100_000
      const insertInstances = db.prepare(
        `with recursive g(n) as (select cast(? as integer) union all select n + 1 from g where n < cast(? as integer))
         insert into fq_instances (id, process_id, process_version, status, state_key, snapshot, timers, tasks, version, org_unit, business_key, parent_id, parent_done_event, created_at, updated_at, history_seq, history_hash, deadlines, due_at, breached, completed_at, outcome, escalations)
         select 'seed-' || n, '${PROCESS_ID}', 1, 'active', 's0', ?, '[{"id":"seed-' || n || '.t","key":"${SEED_KEY}","dueAt":' || (? + n) || '}]', '[]', 1, null, null, null, null, ? + n, ? + n, 1, printf('%064d', n), '[]', null, 0, null, null, 0 from g`,
      )
      const insertHistory = db.prepare(
        `with recursive g(n) as (select cast(? as integer) union all select n + 1 from g where n < cast(? as integer))
         insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
         select 'seed-' || n, 1, ? + n, 'started', ?, ?, null, 's0', 1, null, '', printf('%064d', n) from g`,
      )
      const insertTimers = db.prepare(
        `with recursive g(n) as (select cast(? as integer) union all select n + 1 from g where n < cast(? as integer))
         insert into fq_timers (id, instance_id, timer_key, due_at, event, locked_by, locked_until)
         select 'seed-' || n || '.t', 'seed-' || n, '${SEED_KEY}', ? + n, '{"type":"${SEED_KEY}"}', null, null from g`,
      )
      for (let from = 1; from <= level.n; from += chunk) {
        const to = Math.min(level.n, from + chunk - 1)
        db.transaction(() => {
          insertInstances.run(from, to, SNAPSHOT, FAR, base, base)
          insertHistory.run(from, to, base, START_EVENT, ACTOR_JSON)
          insertTimers.run(from, to, FAR)
        })()
      }
      db.prepare(
        `with recursive g(n) as (select 1 union all select n + 1 from g where n < ${DUE_TIMERS})
         insert into fq_timers (id, instance_id, timer_key, due_at, event, locked_by, locked_until)
         select 'due-' || n, 'seed-' || n, 'xstate.after.1d.bench10.s0', 1000000 + n, '{"type":"xstate.after.1d.bench10.s0"}', null, null from g`,
      ).run()
      db.exec('analyze')
      db.pragma('wal_checkpoint(TRUNCATE)')
      db.close()
      return sqliteFileStore(dir, file(level))
    },
    async releaseTimers(level) {
      const db = new Database(join(dir, file(level)), { timeout: 5000 })
      db.prepare(`update fq_timers set locked_by = null, locked_until = null where id like 'due-%'`).run()
      db.close()
    },
    reopen: (level) => sqliteFileStore(dir, file(level)),
    async close() {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

async function timedSend(engine: Engine, id: string): Promise<number> {
  const t0 = performance.now()
  await engine.send(id, nextEvent(1), { actor: ACTOR })
  return performance.now() - t0
}

/** Runs the scale benchmark on one backend. */
export async function runScale(backend: Backend, o: ScaleOptions): Promise<Record<string, LevelResult>> {
  const stores = new Map<string, SqlStore>()
  const seedSeconds = new Map<string, number>()
  for (const level of o.levels) {
    const t0 = performance.now()
    o.log(`    seeding ${backend.name} with ${level.n.toLocaleString('en-US')} instances`)
    stores.set(level.label, await backend.seed(level, o.log))
    seedSeconds.set(level.label, (performance.now() - t0) / 1000)
    o.log(`      done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  const engines = new Map(
    o.levels.map((l) => [l.label, createEngine({ store: stores.get(l.label) as SqlStore, processes: [benchProcess] })]),
  )
  const pickers = new Map(o.levels.map((l, i) => [l.label, new Picker(l.n, 0xfe9 + i)]))
  // Sanity: a seeded instance moves on and a new one starts.
  for (const level of o.levels) {
    const engine = engines.get(level.label) as Engine
    await engine.start(PROCESS_ID, INPUT, { actor: ACTOR })
    for (let i = 0; i < o.warmupSends; i++) await timedSend(engine, (pickers.get(level.label) as Picker).take())
  }
  const samples = new Map<string, number[]>(o.levels.map((l) => [l.label, []]))
  const p99s = new Map<string, number[]>(o.levels.map((l) => [l.label, []]))
  for (let r = 0; r < o.rounds; r++) {
    const line: string[] = []
    for (const level of o.levels) {
      const engine = engines.get(level.label) as Engine
      const picker = pickers.get(level.label) as Picker
      const round: number[] = []
      for (let i = 0; i < o.sendsPerRound; i++) round.push(await timedSend(engine, picker.take()))
      samples.get(level.label)?.push(...round)
      p99s.get(level.label)?.push(percentile(round, 99))
      line.push(`${level.label} p50 ${percentile(round, 50).toFixed(2)} p99 ${percentile(round, 99).toFixed(2)} ms`)
    }
    o.log(`    round ${r + 1}/${o.rounds} (${backend.name}): ${line.join(' | ')}`)
  }
  // Claiming the 100 due timers among N pending, alternating levels.
  const claims = new Map<string, number[]>(o.levels.map((l) => [l.label, []]))
  for (let r = 0; r < o.claimRepeats; r++) {
    for (const level of o.levels) {
      const store = stores.get(level.label) as SqlStore
      await backend.releaseTimers(level)
      const t0 = performance.now()
      const got = await store.claimDueTimers(Date.now(), DUE_TIMERS, 'bench-worker', 60_000)
      const ms = performance.now() - t0
      if (got.length !== DUE_TIMERS)
        throw new Error(`${backend.name} ${level.label}: claimed ${got.length} timers, expected ${DUE_TIMERS}`)
      claims.get(level.label)?.push(ms)
    }
  }
  o.log(
    `    claim ${DUE_TIMERS} due of N pending timers (${backend.name}): ${o.levels.map((l) => `${l.label} ${median(claims.get(l.label) ?? []).toFixed(2)} ms`).join(' | ')}`,
  )
  for (const e of engines.values()) await e.close()
  for (const s of stores.values()) await s.close()
  // Engine heap: a fresh engine and store on each level, after sending to fresh instances.
  const heap = new Map<string, { mb: number; deltaMb: number }>()
  for (const level of o.levels) {
    const before = heapAfterGc()
    const store = await backend.reopen(level)
    const engine = createEngine({ store, processes: [benchProcess] })
    const picker = pickers.get(level.label) as Picker
    for (let i = 0; i < 200; i++) await timedSend(engine, picker.take())
    const after = heapAfterGc()
    heap.set(level.label, { mb: after / 2 ** 20, deltaMb: (after - before) / 2 ** 20 })
    await engine.close()
    await store.close()
  }
  o.log(
    `    heap after GC with an engine on N stored (${backend.name}): ${o.levels.map((l) => `${l.label} ${heap.get(l.label)?.mb.toFixed(1)} MB (engine+store ${heap.get(l.label)?.deltaMb.toFixed(2)} MB)`).join(' | ')}`,
  )
  const out: Record<string, LevelResult> = {}
  for (const level of o.levels) {
    const all = samples.get(level.label) ?? []
    const c = claims.get(level.label) ?? []
    out[level.label] = {
      instances: level.n,
      seedSeconds: seedSeconds.get(level.label) ?? Number.NaN,
      sends: all.length,
      p50Ms: percentile(all, 50),
      p99Ms: percentile(all, 99),
      meanMs: all.reduce((s, x) => s + x, 0) / all.length,
      p99ByRound: p99s.get(level.label) ?? [],
      claim100Ms: { median: median(c), min: Math.min(...c), max: Math.max(...c) },
      heapMb: heap.get(level.label)?.mb ?? Number.NaN,
      heapDeltaMb: heap.get(level.label)?.deltaMb ?? Number.NaN,
    }
  }
  return out
}

/** Heap of an engine on the memory store as instances grow (the memory store keeps them all). */
export async function memoryHeap(
  counts: readonly number[],
  log: (line: string) => void,
): Promise<Array<{ instances: number; heapMb: number; bytesPerInstance: number }>> {
  const out: Array<{ instances: number; heapMb: number; bytesPerInstance: number }> = []
  for (const n of counts) {
    const before = heapAfterGc()
    const engine = createEngine({ processes: [benchProcess] })
    for (let i = 0; i < n; i++) {
      const { id } = await engine.start(PROCESS_ID, INPUT, { actor: ACTOR })
      await engine.send(id, nextEvent(1), { actor: ACTOR })
    }
    const after = heapAfterGc()
    out.push({ instances: n, heapMb: (after - before) / 2 ** 20, bytesPerInstance: Math.round((after - before) / n) })
    log(
      `    memory store: ${n.toLocaleString('en-US')} instances (started + 1 event) hold ${((after - before) / 2 ** 20).toFixed(1)} MB, ${Math.round((after - before) / n)} bytes each`,
    )
    await engine.close()
  }
  return out
}
