/**
 * `pnpm bench` — Fengqiao against raw XState, bpmn-engine, DBOS and the database's own limit.
 *
 *   pnpm bench            full run (5 alternating rounds of 2–3 s; scale up to 1M stored instances)
 *   pnpm bench --quick    about a minute (3 rounds of 1–1.5 s; scale 10k and 100k)
 *   pnpm bench --only=memory,postgres,sqlite,scale   a subset (results still written)
 *
 * Writes bench/results/latest.json and latest.md (and <mode>.json / <mode>.md); a full run also
 * refreshes the table in bench/README.md. PostgreSQL comes from FENGQIAO_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test): the run creates the database fq_bench_<pid> there and
 * drops it at the end; without a server the PostgreSQL sections are skipped with null figures.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { judge, markdown, type ComparisonResult, type Results } from './lib/report.js'
import { benchPool, createBenchDatabase, type BenchDatabase } from './lib/pg.js'
import { alternate, fmt, hasGc, ratio, type System, type SystemFigure } from './lib/stats.js'
import {
  dbosSystem,
  fengqiaoOn,
  postgresPoolStore,
  rawPostgres,
  rawSqlite,
  sqliteFileStore,
} from './sections/durable.js'
import { bpmnEngine, fengqiaoMemory, rawXState } from './sections/in-memory.js'
import { memoryHeap, postgresBackend, runScale, sqliteBackend, type Level, type LevelResult } from './sections/scale.js'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const onlyArg = args.find((a) => a.startsWith('--only='))
const only = onlyArg === undefined ? undefined : new Set(onlyArg.slice('--only='.length).split(','))
const wants = (section: string) => only === undefined || only.has(section)

const K = 1000
const config = quick
  ? {
      rounds: 3,
      secondsPerRound: 1,
      pgSecondsPerRound: 1.5,
      warmupSeconds: 0.5,
      scaleLevels: [
        { label: '10k', n: 10 * K },
        { label: '100k', n: 100 * K },
      ],
      scaleRounds: 3,
      sendsPerRound: 200,
      warmupSends: 50,
      claimRepeats: 5,
      memoryHeapCounts: [10 * K],
    }
  : {
      rounds: 5,
      secondsPerRound: 2,
      pgSecondsPerRound: 3,
      warmupSeconds: 1,
      scaleLevels: [
        { label: '10k', n: 10 * K },
        { label: '100k', n: 100 * K },
        { label: '1M', n: 1000 * K },
      ],
      scaleRounds: 5,
      sendsPerRound: 600,
      warmupSends: 200,
      claimRepeats: 15,
      memoryHeapCounts: [10 * K, 100 * K],
    }

const log = (line: string) => console.log(line)
const started = performance.now()
const notes: string[] = []
const sections: Record<string, unknown> = {}
const ratios: Record<string, number | null> = {
  ratio_memory_vs_xstate: null,
  ratio_vs_bpmn_engine: null,
  ratio_pg1_vs_raw: null,
  ratio_pg8_vs_raw: null,
  ratio_pg8_xstate_floor_vs_raw: null,
  ratio_pg1_vs_dbos: null,
  ratio_pg8_vs_dbos: null,
  ratio_sqlite_vs_raw: null,
  ratio_sqlite_normal_vs_raw: null,
  ratio_sqlite_xstate_floor_vs_raw: null,
  ratio_p99_1m_vs_10k: null,
  ratio_p99_1m_vs_10k_sqlite: null,
  ratio_p99_100k_vs_10k: null,
  ratio_p99_100k_vs_10k_sqlite: null,
}
const machine: Record<string, unknown> = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model.trim() ?? 'unknown',
  totalMemGb: Math.round(totalmem() / 2 ** 30),
  platform: `${process.platform} ${process.arch}`,
  sqlite: (new Database(':memory:').prepare('select sqlite_version() as v').get() as { v: string }).v,
  postgres: null,
  loadAverageAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  git: gitState(),
}

/** The commit measured, and whether core or the adapter had uncommitted changes. */
function gitState(): { commit: string; uncommittedEngineChanges: boolean } | null {
  try {
    const cwd = fileURLToPath(new URL('..', import.meta.url))
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd, encoding: 'utf8' }).trim()
    const status = execFileSync('git', ['status', '--porcelain', '--', '../packages/core', '../packages/adapters'], {
      cwd,
      encoding: 'utf8',
    }).trim()
    return { commit, uncommittedEngineChanges: status !== '' }
  } catch {
    return null
  }
}

if (!hasGc()) notes.push('Run without --expose-gc: heap figures are taken without a forced GC.')

function comparison(
  systems: Record<string, SystemFigure>,
  clients: number,
  pairs: Record<string, [string, string]>,
): ComparisonResult {
  const out: Record<string, number | null> = {}
  const perRound: Record<string, { min: number; max: number } | null> = {}
  for (const [key, [a, b]] of Object.entries(pairs)) {
    out[key] = ratio(systems[a]?.median, systems[b]?.median)
    ratios[key] = out[key] ?? null
    // The same ratio within each round (its systems ran back to back): how steady it is.
    const xs = (systems[a]?.samples ?? [])
      .map((v, i) => ratio(v, systems[b]?.samples[i]))
      .filter((v): v is number => v !== null)
    perRound[key] = xs.length === 0 ? null : { min: Math.min(...xs), max: Math.max(...xs) }
  }
  return { systems, clients, ratios: out, ratioByRound: perRound }
}

async function section(name: string, fn: () => Promise<void>): Promise<void> {
  const t0 = performance.now()
  log(`\n== ${name}`)
  try {
    await fn()
  } catch (e) {
    const message = e instanceof Error ? (e.stack ?? e.message) : String(e)
    notes.push(`${name} failed: ${e instanceof Error ? e.message : String(e)}`)
    log(`  FAILED: ${message}`)
  }
  log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
}

const round = (systems: ReadonlyArray<System<unknown>>, clients: number, seconds: number) =>
  alternate(systems, { rounds: config.rounds, seconds, clients, warmupSeconds: config.warmupSeconds, log })

const sqliteDir = mkdtempSync(join(tmpdir(), 'fq-bench-'))
let database: BenchDatabase | undefined
let cleaning: Promise<void> | undefined
const cleanup = (): Promise<void> =>
  (cleaning ??= (async () => {
    rmSync(sqliteDir, { recursive: true, force: true })
    if (database !== undefined)
      await database.drop().catch((e: unknown) => log(`could not drop ${database?.name}: ${String(e)}`))
  })())
process.once('SIGINT', () => {
  log('\ninterrupted: cleaning up')
  void cleanup().finally(() => process.exit(130))
})

log(
  `Fengqiao benchmarks (${quick ? 'quick' : 'full'}): ${String(machine.cpus)} CPUs, Node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
)
if ((loadavg()[0] ?? 0) > cpus().length)
  log(
    '  note: the machine is busy (1-minute load above the CPU count); absolute figures will be low, ratios hold better',
  )

// ------------------------------------------------------------------ 1, 2: in memory
if (wants('memory')) {
  await section('In memory: Fengqiao (memory store) vs raw XState vs bpmn-engine, 1 client', async () => {
    const fq = fengqiaoMemory()
    const xs = rawXState()
    const bp = await bpmnEngine()
    for (const s of [fq, xs, bp]) await s.check()
    const systems = await round([fq, xs, bp], 1, config.secondsPerRound)
    sections.memory = comparison(systems, 1, {
      ratio_memory_vs_xstate: ['fengqiao-memory', 'xstate-raw'],
      ratio_vs_bpmn_engine: ['fengqiao-memory', 'bpmn-engine'],
    })
    log(
      `  ratio_memory_vs_xstate ${fmt(ratios.ratio_memory_vs_xstate)}  ratio_vs_bpmn_engine ${fmt(ratios.ratio_vs_bpmn_engine)}`,
    )
  })
}

// ------------------------------------------------------------------ 3, 4: PostgreSQL and DBOS
const pgWanted = wants('postgres') || wants('scale')
if (pgWanted) {
  const db = await createBenchDatabase()
  if ('unavailable' in db) {
    log(
      `\n== PostgreSQL: SKIPPED — ${db.unavailable}. Set FENGQIAO_PG_URL to a server where the user may CREATE DATABASE.`,
    )
    notes.push(`PostgreSQL sections skipped: ${db.unavailable}.`)
  } else {
    database = db
    machine.postgres = db.serverVersion
    machine.postgresSettings = db.settings
  }
}

if (wants('postgres') && database !== undefined) {
  const url = database.url
  await section('PostgreSQL: Fengqiao vs the raw one-statement limit vs DBOS Transact', async () => {
    const fqPool = benchPool(url, 8)
    const rawPool = benchPool(url, 8)
    const floorPool = benchPool(url, 8)
    const store = await postgresPoolStore(fqPool, 'fq_')
    await (await postgresPoolStore(rawPool, 'raw_')).close()
    await (await postgresPoolStore(floorPool, 'xs_')).close()
    const fq = fengqiaoOn('fengqiao-pg', store)
    const raw = rawPostgres('raw-pg', rawPool, 'raw_')
    const floor = rawPostgres('xstate-pg', floorPool, 'xs_', true)
    let dbos: Awaited<ReturnType<typeof dbosSystem>> | undefined
    try {
      dbos = await dbosSystem(url)
    } catch (e) {
      notes.push(`DBOS could not launch: ${e instanceof Error ? e.message : String(e)}`)
      log(`  DBOS could not launch: ${String(e)}`)
    }
    try {
      const systems = [fq, raw, floor, ...(dbos === undefined ? [] : [dbos])]
      for (const s of systems) await s.check()
      log('  1 client')
      const one = await round(systems, 1, config.pgSecondsPerRound)
      sections.postgres1 = comparison(one, 1, {
        ratio_pg1_vs_raw: ['fengqiao-pg', 'raw-pg'],
        ratio_pg1_vs_dbos: ['fengqiao-pg', 'dbos'],
      })
      log('  8 clients')
      const eight = await round(systems, 8, config.pgSecondsPerRound)
      sections.postgres8 = comparison(eight, 8, {
        ratio_pg8_vs_raw: ['fengqiao-pg', 'raw-pg'],
        ratio_pg8_vs_dbos: ['fengqiao-pg', 'dbos'],
        ratio_pg8_xstate_floor_vs_raw: ['xstate-pg', 'raw-pg'],
      })
      log(
        `  ratio_pg1_vs_raw ${fmt(ratios.ratio_pg1_vs_raw)}  ratio_pg8_vs_raw ${fmt(ratios.ratio_pg8_vs_raw)}  ratio_pg1_vs_dbos ${fmt(ratios.ratio_pg1_vs_dbos)}  ratio_pg8_vs_dbos ${fmt(ratios.ratio_pg8_vs_dbos)}  ratio_pg8_xstate_floor_vs_raw ${fmt(ratios.ratio_pg8_xstate_floor_vs_raw)}`,
      )
    } finally {
      await dbos?.shutdown().catch(() => undefined)
      await fq.engine.close()
      await store.close()
      await fqPool.end()
      await rawPool.end()
      await floorPool.end()
    }
  })
}

// ------------------------------------------------------------------ 3: SQLite
if (wants('sqlite')) {
  await section('SQLite file: Fengqiao vs raw better-sqlite3, 1 client', async () => {
    // The store's default (synchronous = FULL: a commit is on disk when it returns), then NORMAL.
    const store = await sqliteFileStore(sqliteDir, 'fengqiao.db')
    const normalStore = await sqliteFileStore(sqliteDir, 'fengqiao-normal.db', 'normal')
    for (const f of ['raw.db', 'raw-normal.db', 'xstate-normal.db']) await (await sqliteFileStore(sqliteDir, f)).close()
    const fq = fengqiaoOn('fengqiao-sqlite', store)
    const raw = rawSqlite('raw-sqlite', join(sqliteDir, 'raw.db'), { synchronous: 'full' })
    const fqNormal = fengqiaoOn('fengqiao-sqlite-normal', normalStore)
    const rawNormal = rawSqlite('raw-sqlite-normal', join(sqliteDir, 'raw-normal.db'), { synchronous: 'normal' })
    const floor = rawSqlite('xstate-sqlite-normal', join(sqliteDir, 'xstate-normal.db'), {
      synchronous: 'normal',
      withXState: true,
    })
    try {
      for (const s of [fq, raw, fqNormal, rawNormal, floor]) await s.check()
      log("  synchronous = FULL (the store's default)")
      const full = await round([fq, raw], 1, config.secondsPerRound)
      sections.sqlite = {
        ...comparison(full, 1, { ratio_sqlite_vs_raw: ['fengqiao-sqlite', 'raw-sqlite'] }),
        pragmaSynchronous: raw.synchronous,
        journalMode: 'wal',
      }
      log('  synchronous = NORMAL')
      const normal = await round([fqNormal, rawNormal, floor], 1, config.secondsPerRound)
      sections.sqliteNormal = {
        ...comparison(normal, 1, {
          ratio_sqlite_normal_vs_raw: ['fengqiao-sqlite-normal', 'raw-sqlite-normal'],
          ratio_sqlite_xstate_floor_vs_raw: ['xstate-sqlite-normal', 'raw-sqlite-normal'],
        }),
        pragmaSynchronous: rawNormal.synchronous,
        journalMode: 'wal',
      }
      log(
        `  ratio_sqlite_vs_raw ${fmt(ratios.ratio_sqlite_vs_raw)} (synchronous = ${raw.synchronous} on both)  ratio_sqlite_normal_vs_raw ${fmt(ratios.ratio_sqlite_normal_vs_raw)}  ratio_sqlite_xstate_floor_vs_raw ${fmt(ratios.ratio_sqlite_xstate_floor_vs_raw)} (synchronous = ${rawNormal.synchronous})`,
      )
    } finally {
      for (const r of [raw, rawNormal, floor]) r.close()
      await fq.engine.close()
      await fqNormal.engine.close()
      await store.close()
      await normalStore.close()
    }
  })
}

// ------------------------------------------------------------------ 5: scale
if (wants('scale')) {
  const levels: Level[] = config.scaleLevels
  const scale: Record<string, Record<string, LevelResult>> = {}
  const scaleOptions = {
    levels,
    rounds: config.scaleRounds,
    sendsPerRound: config.sendsPerRound,
    warmupSends: config.warmupSends,
    claimRepeats: config.claimRepeats,
    log,
  }
  if (quick)
    notes.push(
      'Quick mode: the scale section stops at 100k stored instances, so the 1M figures and `ratio_p99_1m_vs_10k` are null; run `pnpm bench` for them.',
    )
  if (database !== undefined) {
    const url = database.url
    await section(`Scale on PostgreSQL: ${levels.map((l) => l.label).join(', ')} stored instances`, async () => {
      const pool = benchPool(url, 4)
      try {
        scale.postgres = await runScale(postgresBackend(pool), scaleOptions)
      } finally {
        await pool.end()
      }
    })
  }
  await section(`Scale on SQLite: ${levels.map((l) => l.label).join(', ')} stored instances`, async () => {
    const dir = mkdtempSync(join(sqliteDir, 'scale-'))
    const backend = sqliteBackend(dir)
    try {
      scale.sqlite = await runScale(backend, scaleOptions)
    } finally {
      await backend.close()
    }
  })
  await section('Heap of an engine on the memory store', async () => {
    sections.memoryHeap = await memoryHeap(config.memoryHeapCounts, log)
  })
  sections.scale = scale
  const p99 = (b: string, l: string) => scale[b]?.[l]?.p99Ms
  ratios.ratio_p99_1m_vs_10k = ratio(p99('postgres', '1M'), p99('postgres', '10k'))
  ratios.ratio_p99_1m_vs_10k_sqlite = ratio(p99('sqlite', '1M'), p99('sqlite', '10k'))
  ratios.ratio_p99_100k_vs_10k = ratio(p99('postgres', '100k'), p99('postgres', '10k'))
  ratios.ratio_p99_100k_vs_10k_sqlite = ratio(p99('sqlite', '100k'), p99('sqlite', '10k'))
}

await cleanup()
machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 100) / 100)

// ------------------------------------------------------------------ results
const results: Results = {
  schema: 1,
  mode: quick ? 'quick' : 'full',
  date: new Date().toISOString(),
  durationSeconds: (performance.now() - started) / 1000,
  machine,
  config: { ...config, only: only === undefined ? null : [...only] },
  ratios,
  targets: judge(ratios),
  sections,
  notes,
}
const table = markdown(results)
const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))
const write = (name: string, text: string) => {
  const tmp = join(resultsDir, `${name}.tmp`)
  writeFileSync(tmp, text)
  renameSync(tmp, join(resultsDir, name))
}
const json = `${JSON.stringify(results, null, 2)}\n`
write('latest.json', json)
write('latest.md', table)
write(`${results.mode}.json`, json)
write(`${results.mode}.md`, table)
if (!quick && only === undefined) {
  // Refresh the table between the markers in bench/README.md.
  const readmePath = fileURLToPath(new URL('../README.md', import.meta.url))
  try {
    const readme = readFileSync(readmePath, 'utf8')
    const start = '<!-- results:start -->'
    const end = '<!-- results:end -->'
    const a = readme.indexOf(start)
    const b = readme.indexOf(end)
    if (a >= 0 && b > a) writeFileSync(readmePath, `${readme.slice(0, a + start.length)}\n${table}${readme.slice(b)}`)
  } catch {
    // No README yet: nothing to refresh.
  }
}
log(`\n${table}`)
log(`Wrote bench/results/latest.json and latest.md (${Math.round(results.durationSeconds)} s).`)
// DBOS and pg may leave handles open; the run is over.
process.exit(0)
