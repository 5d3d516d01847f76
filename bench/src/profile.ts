/**
 * Profiles one system of the benchmark and prints where the time goes (self time by function
 * and by file, and inclusive time of Fengqiao's own functions).
 *
 *   pnpm --filter @fengqiao/bench profile <system> [seconds] [clients]
 *
 * Systems: fengqiao-memory, xstate-raw, bpmn-engine, fengqiao-sqlite, fengqiao-pg (the last one
 * on a temporary database on FENGQIAO_PG_URL). Writes the raw profile to
 * bench/results/<system>.cpuprofile.tmp (open it in Chrome DevTools; it is not committed).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { benchPool, createBenchDatabase } from './lib/pg.js'
import { profile } from './lib/profiler.js'
import { throughputRound, type System } from './lib/stats.js'
import { fengqiaoOn, postgresPoolStore, sqliteFileStore } from './sections/durable.js'
import { bpmnEngine, fengqiaoMemory, rawXState } from './sections/in-memory.js'

const which = process.argv[2] ?? 'fengqiao-memory'
const seconds = Number(process.argv[3] ?? 5)
const clients = Number(process.argv[4] ?? 1)
const cleanups: Array<() => Promise<void> | void> = []

const systems: Record<string, () => Promise<System<unknown>>> = {
  'fengqiao-memory': async () => fengqiaoMemory(),
  'xstate-raw': async () => rawXState(),
  'bpmn-engine': () => bpmnEngine(),
  'fengqiao-sqlite': async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fq-profile-'))
    const store = await sqliteFileStore(dir, 'profile.db')
    cleanups.push(async () => {
      await store.close()
      rmSync(dir, { recursive: true, force: true })
    })
    return fengqiaoOn('fengqiao-sqlite', store)
  },
  'fengqiao-pg': async () => {
    const db = await createBenchDatabase()
    if ('unavailable' in db) throw new Error(db.unavailable)
    const pool = benchPool(db.url, 8)
    const store = await postgresPoolStore(pool, 'fq_')
    cleanups.push(async () => {
      await store.close()
      await pool.end()
      await db.drop()
    })
    return fengqiaoOn('fengqiao-pg', store)
  },
}
const make = systems[which]
if (make === undefined) throw new Error(`Unknown system ${which}; use one of ${Object.keys(systems).join(', ')}.`)
const system = await make()
try {
  await throughputRound(system, clients, 2) // warm up
  let rate = { rate: 0, cpuUsPerEvent: 0 }
  const saveTo = fileURLToPath(new URL(`../results/${which}.cpuprofile.tmp`, import.meta.url))
  const summary = await profile(
    async () => {
      rate = await throughputRound(system, clients, seconds)
    },
    { saveTo },
  )
  console.log(
    `${which}: ${Math.round(rate.rate)} events/s, ${Math.round(rate.cpuUsPerEvent)} µs CPU per event, with ${clients} client(s) under the profiler (${seconds} s); profile in ${saveTo}`,
  )
  console.log('\nSelf time by function:')
  for (const h of summary.functions) console.log(`  ${h.selfPct.toFixed(1).padStart(5)}%  ${h.where}`)
  console.log('\nSelf time by file:')
  for (const h of summary.files) console.log(`  ${h.selfPct.toFixed(1).padStart(5)}%  ${h.where}`)
  console.log('\nInclusive time of Fengqiao functions:')
  for (const h of summary.inclusive) console.log(`  ${h.selfPct.toFixed(1).padStart(5)}%  ${h.where}`)
} finally {
  for (const c of cleanups) await c()
}
process.exit(0)
