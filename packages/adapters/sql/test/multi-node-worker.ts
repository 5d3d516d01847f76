/**
 * One engine process of multi-node.long.test.ts (see multi-node-protocol.ts for the conversation).
 *
 * Usage: node --import tsx --conditions=@fengqiao/source multi-node-worker.ts '<WorkerConfig JSON>'
 *
 * `worker` mode: creates an engine on the shared database (system clock) and writes `ready`. On
 * `go` it starts the engine's background worker (timers) and sends its share of the event plan,
 * `concurrency` at a time, each with its event id as idempotency key; writes `sent`; keeps the
 * worker running until `stop`; writes its summary and exits.
 *
 * `victim` mode: on `go`, runs the engine's timer pass until it has claimed a batch; the store
 * then never answers the engine again (its timer handling hangs while it holds the leases). It
 * writes `claimed` and waits to be killed.
 *
 * Either mode exits by itself (code 3) after `hardTimeoutMs`, and when its stdin closes.
 */
import { createInterface } from 'node:readline'
import { createEngine, isFengqiaoError, type Engine, type Store } from '@fengqiao/core'
import { openStore } from './databases.js'
import { clerk, eventsOfNode, loadProcess, type PlannedEvent } from './load-process.js'
import type { Claim, WorkerConfig, WorkerMessage, WorkerSummary } from './multi-node-protocol.js'

const config = JSON.parse(process.argv[2] ?? '') as WorkerConfig

function write(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.stdout.write(`${JSON.stringify(message)}\n`, () => resolve()))
}

// Commands from the parent.
const commands = new Map<string, () => void>()
const received = new Set<string>()
createInterface({ input: process.stdin }).on('line', (line) => {
  const command = line.trim()
  received.add(command)
  commands.get(command)?.()
})
process.stdin.on('end', () => {
  // The parent is gone: do not linger.
  if (!received.has('stop')) process.exit(4)
})
const command = (name: string): Promise<void> =>
  received.has(name) ? Promise.resolve() : new Promise((resolve) => commands.set(name, resolve))

const store = openStore(config.dialect, config.urls ?? config.url, config.tablePrefix)
const claims: Claim[] = []
const commits = { attempted: 0, conflicts: 0 }
const hang = new Promise<never>(() => undefined)
let holding = false

// The engine's view of the store: claims are recorded; a victim stops answering once it holds some.
const engineStore = new Proxy(store, {
  get(target, property) {
    if (property === 'claimDueTimers') {
      return async (now: number, limit: number, owner: string, leaseMs: number) => {
        if (holding) return hang
        const rows = await target.claimDueTimers(now, limit, owner, leaseMs)
        for (const r of rows) claims.push([r.id, now, now + leaseMs])
        if (config.mode === 'victim' && rows.length > 0) {
          holding = true
          await write({
            type: 'claimed',
            owner,
            timers: rows.map((r) => ({ id: r.id, instanceId: r.instanceId })),
            now,
            until: now + leaseMs,
          })
        }
        return rows
      }
    }
    if (property === 'commit') {
      return async (change: Parameters<Store['commit']>[0]) => {
        if (holding) return hang
        commits.attempted++
        try {
          await target.commit(change)
        } catch (error) {
          if (isFengqiaoError(error, 'VERSION_CONFLICT')) commits.conflicts++
          throw error
        }
      }
    }
    const value = Reflect.get(target, property, target) as unknown
    if (typeof value !== 'function') return value
    if (config.mode === 'victim')
      return (...args: unknown[]) => (holding ? hang : (value as (...a: unknown[]) => unknown).apply(target, args))
    return (value as (...a: unknown[]) => unknown).bind(target)
  },
}) as Store

const engine: Engine = createEngine({
  processes: [loadProcess],
  store: engineStore,
  nodeId: config.nodeId,
  deliverAfterCommit: false,
})
const timersFired: string[] = []
const errors: Array<{ source: string; code: string | null; message: string }> = []
engine.on('timerFired', ({ timerId }) => timersFired.push(timerId))
engine.on('error', ({ source, error }) =>
  errors.push({
    source,
    code: isFengqiaoError(error) ? error.code : null,
    message: error instanceof Error ? error.message : String(error),
  }),
)

// Results of sending.
const refused: Array<{ eventId: string; instanceId: string; code: string }> = []
const refusedSends: Record<string, number> = {}
const failures: Array<{ eventId: string; message: string }> = []
const duplicates = { pairs: 0, bothOk: 0, mismatched: [] as string[] }
const latencies: number[] = []
let events = 0
let sends = 0
let applied = 0
let sendStartedAt: number | null = null
let sendEndedAt: number | null = null

function summary(timedOut: boolean): WorkerSummary {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return {
    type: 'summary',
    nodeId: config.nodeId,
    timedOut,
    events,
    sends,
    applied,
    refused,
    refusedSends,
    failures,
    duplicates,
    commits,
    timersFired,
    claims,
    errors,
    sendStartedAt,
    sendEndedAt,
    latency: sorted.length === 0 ? null : { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 },
  }
}

const hardTimeout = setTimeout(() => {
  void write(summary(true)).then(() => process.exit(3))
}, config.hardTimeoutMs)

type Outcome = { ok: true; version: number } | { ok: false; code: string }

async function sendOnce(e: PlannedEvent): Promise<Outcome | undefined> {
  sends++
  const started = performance.now()
  try {
    const r = await engine.send(
      e.instanceId,
      { type: 'NOTE', eventId: e.eventId },
      { actor: clerk, idempotencyKey: e.eventId },
    )
    return { ok: true, version: r.version }
  } catch (error) {
    if (isFengqiaoError(error)) {
      refusedSends[error.code] = (refusedSends[error.code] ?? 0) + 1
      return { ok: false, code: error.code }
    }
    failures.push({
      eventId: e.eventId,
      message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    })
    return undefined
  } finally {
    latencies.push(performance.now() - started)
  }
}

async function sendEvent(e: PlannedEvent): Promise<void> {
  events++
  const twice = config.duplicateEvery > 0 && e.k % config.duplicateEvery === 0
  const outcomes = await Promise.all(twice ? [sendOnce(e), sendOnce(e)] : [sendOnce(e)])
  if (outcomes.some((o) => o === undefined)) return // a failure, already recorded
  const ok = outcomes.filter((o): o is { ok: true; version: number } => o?.ok === true)
  if (ok.length > 0) applied++
  else refused.push({ eventId: e.eventId, instanceId: e.instanceId, code: (outcomes[0] as { code: string }).code })
  if (twice) {
    duplicates.pairs++
    if (ok.length === 2) {
      duplicates.bothOk++
      if (ok[0]?.version !== ok[1]?.version) duplicates.mismatched.push(e.eventId)
    }
  }
}

/** A seeded shuffle, so that the nodes' sends interleave on the instances. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items]
  let s = seed >>> 0 || 1
  for (let i = out.length - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    const j = s % (i + 1)
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

async function sendPlan(): Promise<void> {
  const queue = shuffled(eventsOfNode(config.node, config.plan), config.node + 1)
  let next = 0
  sendStartedAt = Date.now()
  await Promise.all(
    Array.from({ length: config.concurrency }, async () => {
      while (next < queue.length) await sendEvent(queue[next++] as PlannedEvent)
    }),
  )
  sendEndedAt = Date.now()
}

await store.getInstance('-') // connect before reporting ready
await write({ type: 'ready' })
await command('go')

if (config.mode === 'victim') {
  // Timer passes until one claims a batch; that pass then hangs on its first read, holding the
  // leases. Wait here to be killed.
  void (async () => {
    while (!holding) {
      await engine.runDueTimers({ leaseMs: config.leaseMs, batchSize: config.batchSize })
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  })()
  await command('stop')
  await write(summary(false))
  process.exit(0)
}

const worker = engine.startWorker({ pollMs: config.pollMs, leaseMs: config.leaseMs, batchSize: config.batchSize })
if (config.plan.events > 0) await sendPlan()
await write({ type: 'sent', at: Date.now() })
await command('stop')
await worker.stop()
await engine.close()
await store.close()
clearTimeout(hardTimeout)
await write(summary(false))
process.exit(0)
