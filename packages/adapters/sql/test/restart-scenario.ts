/**
 * A database restart under running engines: each engine keeps sending COMMENT events (each text
 * unique) to its own cases, with a worker running, while the test stops and starts the server.
 * A send that resolved is acknowledged; one that failed with STORE_UNAVAILABLE is retried as the
 * docs say (nothing was written); OUTCOME_UNKNOWN is counted and not retried. Afterwards every
 * case's comments are compared with what was acknowledged.
 */
import { createEngine, isFengqiaoError, type Engine } from '@fengqiao/core'
import { openStore, type Dialect } from './databases.js'
import { caseProcess, mediation, organ, orgUnits } from './case-process.js'
import type { SqlStore } from '../src/index.js'
import type { ThrowawayServer } from './throwaway-servers.js'

/** What a run found. */
export interface RestartReport {
  readonly acknowledged: number
  readonly lost: number
  readonly doubled: number
  readonly unknown: number
  readonly retried: number
  /** Per restart: ms from the server being back to the first acknowledged send after it. */
  readonly recoveryMs: number[]
  /** Errors the engines emitted (worker, outbox) — they must not crash anything. */
  readonly emittedErrors: number
  /** Whether an effect was delivered by a worker after the last restart (the worker loop survived). */
  readonly workerAlive: boolean
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Runs the scenario.
 *
 * @param server - a throwaway server
 * @param options - how many engines, restarts, which stop mode, how long between restarts
 */
export async function runRestart(
  server: ThrowawayServer,
  options: {
    readonly engines: number
    readonly restarts: number
    readonly mode: 'immediate' | 'fast'
    readonly downMs: number
    readonly betweenMs: number
  },
): Promise<RestartReport> {
  const dialect: Dialect = server.kind
  const prefix = `r${Date.now() % 100000}_`
  const stores: SqlStore[] = []
  const engines: Engine[] = []
  let emittedErrors = 0
  let delivered = 0
  for (let i = 0; i < options.engines; i++) {
    const store = openStore(dialect, server.url, prefix)
    if (i === 0) await store.migrate()
    stores.push(store)
    const engine = createEngine({
      processes: [caseProcess, mediation],
      store,
      orgUnits,
      nodeId: `n${i}`,
      deliverAfterCommit: false,
      commitResolution: { withinMs: 60_000 },
      plugins: [
        {
          name: 'notify',
          effects: {
            notifyHandler: () => {
              delivered++
            },
          },
        },
      ],
    })
    engine.on('error', () => {
      emittedErrors++
    })
    engines.push(engine)
  }
  const workers = engines.map((e) => e.startWorker({ pollMs: 100 }))
  const acked = new Map<string, string[]>() // case id → acknowledged texts
  let unknown = 0
  let retried = 0
  let stop = false
  let lastAck = 0
  const loops = engines.map(async (engine, n) => {
    const { id } = await engine.start('case', { title: `engine ${n}` }, { actor: organ, orgUnit: 'town' })
    await engine.send(id, { type: 'ACCEPT' }, { actor: organ })
    acked.set(id, [])
    for (let k = 0; !stop; k++) {
      const text = `e${n}-${k}`
      for (;;) {
        try {
          await engine.send(id, { type: 'COMMENT', text }, { actor: organ })
          acked.get(id)?.push(text)
          lastAck = Date.now()
          break
        } catch (e) {
          if (isFengqiaoError(e, 'STORE_UNAVAILABLE')) {
            retried++
            await sleep(50)
            if (stop) break
            continue
          }
          if (isFengqiaoError(e, 'OUTCOME_UNKNOWN')) {
            unknown++
            break
          }
          throw e
        }
      }
    }
  })
  const recoveryMs: number[] = []
  const driver = (async () => {
    await sleep(options.betweenMs)
    for (let r = 0; r < options.restarts; r++) {
      await server.stop(options.mode)
      await sleep(options.downMs)
      await server.start()
      const back = Date.now()
      while (lastAck < back) await sleep(10)
      recoveryMs.push(lastAck - back)
      await sleep(options.betweenMs)
    }
    stop = true
  })()
  await Promise.all([driver, ...loops])
  // The worker loop survived: an effect committed now is delivered by a worker.
  const before = delivered
  const [first] = engines
  const probe = await (first as Engine).start('case', { title: 'probe' }, { actor: organ, orgUnit: 'town' })
  await (first as Engine).send(probe.id, { type: 'ACCEPT' }, { actor: organ })
  const until = Date.now() + 20_000
  while (delivered === before && Date.now() < until) await sleep(50)
  const workerAlive = delivered > before
  let acknowledged = 0
  let lost = 0
  let doubled = 0
  for (const [id, texts] of acked) {
    const view = await (first as Engine).system.get(id)
    const stored = (view.context as { comments: string[] }).comments
    const counts = new Map<string, number>()
    for (const t of stored) counts.set(t, (counts.get(t) ?? 0) + 1)
    acknowledged += texts.length
    for (const t of texts) if (!counts.has(t)) lost++
    for (const c of counts.values()) if (c > 1) doubled += c - 1
  }
  await Promise.all(workers.map((w) => w.stop()))
  await Promise.all(engines.map((e) => e.close()))
  await stores[0]?.dropTables().catch(() => undefined)
  await Promise.all(stores.map((s) => s.close()))
  return { acknowledged, lost, doubled, unknown, retried, recoveryMs, emittedErrors, workerAlive }
}
