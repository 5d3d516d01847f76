/**
 * A database server lost under running engines, each engine's store given every server of the
 * cluster (its own first): a Galera node killed with SIGKILL, or a PostgreSQL primary killed and
 * its standby promoted. The engines keep sending NOTE events (each with a unique event id as its
 * idempotency key) to instances they share, while the instances' timers come due before, during
 * and after the fault and the engines' workers fire them.
 *
 * A send that resolved is acknowledged. One that failed with STORE_UNAVAILABLE, VERSION_CONFLICT
 * or OUTCOME_UNKNOWN is sent again with the same idempotency key, as the docs say (the key makes
 * a second copy of an applied event return the first one's result). Afterwards every instance is
 * compared with what was acknowledged (lost, doubled), every timer must have fired exactly once,
 * and `verifyAll` must pass.
 */
import { createEngine, isFengqiaoError, type Engine, type Store } from '@fengqiao/core'
import type { SqlStore } from '../src/index.js'
import { openStore, type Dialect } from './databases.js'
import { clerk, loadProcess, noteInstanceId, timerInstanceId, type LoadContext } from './load-process.js'

/** What a run found. */
export interface ClusterFaultReport {
  /** Sends acknowledged, and per second over the whole run (the fault included). */
  readonly acknowledged: number
  readonly eventsPerSecond: number
  /** Acknowledged events missing from their instance, and events applied more than once. */
  readonly lost: number
  readonly doubled: number
  /** Sends answered OUTCOME_UNKNOWN (then sent again with the same key), by code the sends retried. */
  readonly retried: Readonly<Record<string, number>>
  /** Timers expected, fired (by the engines' `timerFired` events), and fired more than once (in the instances). */
  readonly timers: {
    readonly expected: number
    readonly fired: number
    readonly doubled: number
    readonly missing: number
  }
  /**
   * Commits whose reply was lost (the connection broke mid-commit): the engine settled each by
   * looking its history entry up (ambiguous-commit.ts); those it could not settle in time came
   * back as OUTCOME_UNKNOWN (in `retried`).
   */
  readonly ambiguousCommits: number
  /** Per engine: ms from the fault to its first acknowledged send after it. */
  readonly recoveryMs: readonly number[]
  /** What the fault itself reported (for example the rejoin time of a node). */
  readonly fault: Readonly<Record<string, number>>
  /** `verifyAll` of every instance. */
  readonly verified: { readonly ok: boolean; readonly cases: number; readonly problems: number }
  /** The table prefix of the run (the tables are left for the caller, who drops the database). */
  readonly tablePrefix: string
  /** Errors the engines emitted (their workers met the fault; they must not crash anything). */
  readonly emittedErrors: number
  /** Sends that failed with anything but the retried codes (must be none). */
  readonly failures: readonly string[]
}

/** The shape of one run. */
export interface ClusterFaultOptions {
  readonly dialect: Exclude<Dialect, 'sqlite'>
  /** The servers of engine `n`, its own first. */
  readonly urlsOf: (engine: number) => readonly string[]
  readonly engines: number
  /** Sends in flight per engine. */
  readonly concurrency: number
  /** Instances receiving the events (each with a timer), and instances that only wait for a timer. */
  readonly noteInstances: number
  readonly timerInstances: number
  /** Events flow this long before the fault, and this long after the fault's `recover` step. */
  readonly beforeMs: number
  readonly afterMs: number
  /** Timers come due between `timersFromMs` and `timersToMs` after the instances start. */
  readonly timersFromMs: number
  readonly timersToMs: number
  /**
   * The fault: kills a server (and, for a standby, promotes it); resolves with figures to report.
   * `recover` then runs while events still flow (a node restarted and rejoined).
   */
  readonly fault: () => Promise<Record<string, number>>
  readonly recover?: () => Promise<Record<string, number>>
  /** How long the engines' leases on timers last. */
  readonly leaseMs: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs the scenario. */
export async function runClusterFault(options: ClusterFaultOptions): Promise<ClusterFaultReport> {
  const prefix = `c${Date.now() % 100000}_`
  const stores: SqlStore[] = []
  const engines: Engine[] = []
  let emittedErrors = 0
  const firedBy = new Map<string, number>()
  let ambiguousCommits = 0
  // Counts the commits whose reply was lost, as the engine sees them.
  const counted = (store: SqlStore): Store =>
    new Proxy(store, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown
        if (typeof value !== 'function') return value
        if (property !== 'commit') return (value as (...a: unknown[]) => unknown).bind(target)
        return async (change: Parameters<Store['commit']>[0]) => {
          try {
            await target.commit(change)
          } catch (e) {
            if (isFengqiaoError(e, 'STORE_UNAVAILABLE') && e.details.reason !== 'refused') ambiguousCommits++
            throw e
          }
        }
      },
    })
  for (let n = 0; n < options.engines; n++) {
    const store = openStore(options.dialect, options.urlsOf(n), prefix)
    if (n === 0) await store.migrate()
    stores.push(store)
    const engine = createEngine({
      processes: [loadProcess],
      store: counted(store),
      nodeId: `e${n}`,
      deliverAfterCommit: false,
    })
    engine.on('error', () => {
      emittedErrors++
    })
    engine.on('timerFired', ({ timerId }) => firedBy.set(timerId, (firedBy.get(timerId) ?? 0) + 1))
    engines.push(engine)
  }
  const [first] = engines as [Engine, ...Engine[]]
  const span = options.timersToMs - options.timersFromMs
  const delay = (i: number, of: number) => options.timersFromMs + Math.round((span * i) / Math.max(1, of - 1))
  const ids: string[] = []
  const queue: string[] = []
  const seeder = createEngine({
    processes: [loadProcess],
    store: stores[0] as SqlStore,
    deliverAfterCommit: false,
    ids: () => queue.shift() ?? 'unexpected',
  })
  for (let i = 0; i < options.noteInstances; i++) ids.push(noteInstanceId(i))
  for (let i = 0; i < options.timerInstances; i++) ids.push(timerInstanceId(i))
  queue.push(...ids)
  for (let i = 0; i < ids.length; i++)
    await seeder.start('load', { delayMs: delay(i, ids.length) }, { actor: { id: 'seeder', roles: [] } })
  const workers = engines.map((e) => e.startWorker({ pollMs: 50, leaseMs: options.leaseMs, batchSize: 20 }))

  const flowStarted = Date.now()
  const acked = new Map<string, string>() // event id → instance id
  const retried: Record<string, number> = {}
  const failures: string[] = []
  const lastAck = engines.map(() => 0)
  let stop = false
  let sequence = 0
  const loops = engines.flatMap((engine, n) =>
    Array.from({ length: options.concurrency }, async () => {
      while (!stop) {
        const k = sequence++
        const eventId = `e${n}-${k}`
        const instanceId = noteInstanceId((k * 7919) % options.noteInstances)
        for (;;) {
          try {
            await engine.send(instanceId, { type: 'NOTE', eventId }, { actor: clerk, idempotencyKey: eventId })
            acked.set(eventId, instanceId)
            lastAck[n] = Date.now()
            break
          } catch (e) {
            const code = isFengqiaoError(e) ? e.code : undefined
            if (code === 'STORE_UNAVAILABLE' || code === 'VERSION_CONFLICT' || code === 'OUTCOME_UNKNOWN') {
              retried[code] = (retried[code] ?? 0) + 1
              await sleep(50)
              continue // the same key: applied at most once whatever the first attempt did
            }
            failures.push(`${eventId}: ${e instanceof Error ? e.message : String(e)}`)
            break
          }
        }
      }
    }),
  )
  const recoveryMs: number[] = []
  const fault: Record<string, number> = {}
  const driver = (async () => {
    await sleep(options.beforeMs)
    const faultAt = Date.now()
    Object.assign(fault, await options.fault())
    const deadline = Date.now() + 60_000
    while (lastAck.some((at) => at < faultAt) && Date.now() < deadline) await sleep(10)
    recoveryMs.push(...lastAck.map((at) => (at < faultAt ? -1 : at - faultAt)))
    if (options.recover !== undefined) Object.assign(fault, await options.recover())
    await sleep(options.afterMs)
    stop = true
  })()
  try {
    await Promise.all([driver, ...loops])
  } finally {
    stop = true
  }
  const sentFor = Date.now() - flowStarted
  // Every timer fires: the last ones are due by timersToMs, the orphans of a killed server after their lease.
  const until = Date.now() + options.leaseMs + 30_000
  while ((await first.store.nextTimerDue()) !== undefined && Date.now() < until) await sleep(100)
  await Promise.all(workers.map((w) => w.stop()))

  let lost = 0
  let doubled = 0
  let timersDoubled = 0
  let timersMissing = 0
  const notesOf = new Map<string, string[]>()
  for (const id of ids) {
    const context = (await first.system.get(id)).context as LoadContext
    notesOf.set(id, context.notes)
    if (context.fired > 1) timersDoubled += context.fired - 1
    if (context.fired < 1) timersMissing++
    const seen = new Set<string>()
    for (const note of context.notes) {
      if (seen.has(note)) doubled++
      seen.add(note)
    }
  }
  for (const [eventId, instanceId] of acked) if (!(notesOf.get(instanceId) ?? []).includes(eventId)) lost++
  const verifiedAll = await first.verifyAll()
  await Promise.all([seeder, ...engines].map((e) => e.close()))
  await Promise.all(stores.map((s) => s.close()))
  return {
    acknowledged: acked.size,
    eventsPerSecond: Math.round(acked.size / (sentFor / 1000)),
    lost,
    doubled,
    retried,
    timers: {
      expected: ids.length,
      fired: [...firedBy.values()].reduce((a, b) => a + b, 0),
      doubled: timersDoubled,
      missing: timersMissing,
    },
    ambiguousCommits,
    recoveryMs,
    fault,
    verified: { ok: verifiedAll.ok, cases: verifiedAll.cases, problems: verifiedAll.problems.length },
    tablePrefix: prefix,
    emittedErrors,
    failures: failures.slice(0, 10),
  }
}
