/**
 * The console's case list and worklist at N stored cases (default 100,000) on SQLite and
 * PostgreSQL: the server time of `GET api/cases` and `GET api/tasks` (one page of 50), measured
 * inside the console's Fetch handler — the engine's scoped read, the store's query and the JSON
 * — without the network. For a county official (every case in scope), a township official (a
 * tenth) and a village official (a hundredth), plain and with filters.
 *
 *   pnpm --filter @fengqiao/bench console                    100k cases on both databases
 *   pnpm --filter @fengqiao/bench console --cases=20000      fewer
 *   pnpm --filter @fengqiao/bench console --only=sqlite      one database
 *
 * The cases are those of the report benchmark (lib/seed.ts): two processes, 111 org units, a
 * quarter open with a `handler` task each.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { setup } from 'xstate'
import { z } from 'zod'
import { createEngine, defineProcess, manualClock, type Actor, type Store } from '@fengqiao/core'
import { buildConsoleApp } from '@fengqiao/console'
import { benchPool, createBenchDatabase } from './lib/pg.js'
import { orgUnits, seedPostgres, seedSqlite } from './lib/seed.js'
import { median } from './lib/stats.js'
import { postgresPoolStore, sqliteFileStore } from './sections/durable.js'

const args = process.argv.slice(2)
const casesArg = args.find((a) => a.startsWith('--cases='))?.slice('--cases='.length)
const N = Number(casesArg ?? process.env.FENGQIAO_CONSOLE_CASES ?? 100_000)
const onlyArg = args.find((a) => a.startsWith('--only='))
const only = onlyArg === undefined ? undefined : new Set(onlyArg.slice('--only='.length).split(','))
const RUNS = 20
if (!Number.isInteger(N) || N < 1000) throw new Error(`--cases must be an integer ≥ 1000; got ${String(casesArg)}`)
const NOW = Date.parse('2026-12-31T00:00:00+08:00')

/** The seeded processes: an open case is `handling` (a `handler` task), a closed one `closed`. */
const processOf = (id: string) =>
  defineProcess({
    id,
    version: 1,
    machine: setup({}).createMachine({
      id,
      initial: 'handling',
      states: {
        handling: { meta: { task: { role: 'handler' } }, on: { CLOSE: 'closed' } },
        closed: { type: 'final' },
      },
    }),
    events: { CLOSE: { schema: z.object({}), roles: ['handler'] } },
  })
const processes = [processOf('dispute'), processOf('petition')]

const actors: Record<string, Actor> = {
  county: { id: 'county-1', roles: ['handler'], orgUnit: 'c' },
  township: { id: 'town-2', roles: ['handler'], orgUnit: 't2' },
  village: { id: 'village-32', roles: ['handler'], orgUnit: 'v32' },
}
const requests: Record<string, string> = {
  'cases (first page)': 'api/cases?limit=50',
  'cases, open, dispute': 'api/cases?status=active&processId=dispute&limit=50',
  'cases, file number': 'api/cases?businessKey=none&limit=50',
  'worklist (first page)': 'api/tasks?limit=50',
  'worklist, overdue': 'api/tasks?overdue=true&limit=50',
}

type Timings = Record<string, Record<string, { median: number; max: number; items: number }>>

async function measure(store: Store): Promise<Timings> {
  const engine = createEngine({ store, processes, orgUnits, clock: manualClock(NOW) })
  const out: Timings = {}
  for (const [who, actor] of Object.entries(actors)) {
    const app = buildConsoleApp({ engine, processes, orgUnits, resolveActor: () => actor })
    for (const [name, path] of Object.entries(requests)) {
      const times: number[] = []
      let items = 0
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now()
        const r = await app.fetch(new Request(`http://bench/${path}`), { request: null })
        const body = (await r.json()) as { items?: unknown[]; code?: string }
        times.push(performance.now() - t0)
        if (!r.ok) throw new Error(`${path} as ${who}: ${r.status} ${body.code ?? ''}`)
        items = body.items?.length ?? 0
      }
      ;(out[name] ??= {})[who] = { median: median(times), max: Math.max(...times), items }
    }
  }
  await engine.close()
  return out
}

async function onPostgres(): Promise<Timings | string> {
  const db = await createBenchDatabase()
  if ('unavailable' in db) return db.unavailable
  const pool = benchPool(db.url, 4)
  try {
    const store = await postgresPoolStore(pool, 'fq_')
    await seedPostgres(pool, N, (n) => console.log(`    postgres: ${n.toLocaleString('en-US')} cases`))
    const result = await measure(store)
    await store.close()
    return result
  } finally {
    await pool.end()
    await db.drop()
  }
}

async function onSqlite(): Promise<Timings> {
  const dir = mkdtempSync(join(tmpdir(), 'fengqiao-console-'))
  try {
    const migrated = await sqliteFileStore(dir, 'console.db')
    await migrated.close()
    seedSqlite(join(dir, 'console.db'), N, (n) => console.log(`    sqlite: ${n.toLocaleString('en-US')} cases`))
    const store = await sqliteFileStore(dir, 'console.db')
    const result = await measure(store)
    await store.close()
    return result
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function table(name: string, t: Timings | string): string {
  if (typeof t === 'string') return `${name}: skipped (${t})`
  const who = Object.keys(actors)
  return [
    `${name} — median (max) ms over ${RUNS} requests, items on the page`,
    `| request | ${who.join(' | ')} |`,
    `|---|${who.map(() => '---').join('|')}|`,
    ...Object.entries(t).map(
      ([req, byWho]) =>
        `| ${req} | ${who
          .map((w) => {
            const m = byWho[w]
            return m === undefined ? '' : `${m.median.toFixed(1)} (${m.max.toFixed(1)}) · ${m.items}`
          })
          .join(' | ')} |`,
    ),
  ].join('\n')
}

console.log(`The console's lists at ${N.toLocaleString('en-US')} stored cases (Node ${process.version})`)
if (only === undefined || only.has('sqlite')) console.log(table('SQLite', await onSqlite()))
if (only === undefined || only.has('postgres')) console.log(table('PostgreSQL', await onPostgres()))
