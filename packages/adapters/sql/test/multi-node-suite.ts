/**
 * The multi-process suite: several engine *processes* on one database (a server, or the nodes of
 * a cluster, each process connected to its own): events and timers are applied exactly once,
 * history stays contiguous and verified, and a process killed with SIGKILL while holding timer
 * leases loses nothing. Run by multi-node.long.test.ts (PostgreSQL, MySQL/MariaDB) and
 * galera.long.test.ts (a Galera cluster). The processes are multi-node-worker.ts; the
 * conversation is in multi-node-protocol.ts.
 */
import { createEngine, type Engine, type HistoryEntry } from '@fengqiao/core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SqlStore } from '../src/index.js'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import {
  eventsOfNode,
  loadProcess,
  noteInstanceId,
  timerInstanceId,
  type EventPlan,
  type LoadContext,
} from './load-process.js'
import {
  spawnWorker,
  type Claim,
  type WorkerConfig,
  type WorkerHandle,
  type WorkerSummary,
} from './multi-node-protocol.js'
import { withDatabase } from './servers.js'

/** Where and how big a run of the suite is. */
export interface MultiNodeTarget {
  /** Names the suite. */
  readonly label: string
  readonly dialect: Exclude<Dialect, 'sqlite'>
  /** The server the run's database is created on (read in beforeAll, so a cluster started there may supply it). */
  readonly server: () => string
  /**
   * The servers of engine process `node`, given the URL of the run's database on the server
   * (a cluster: every node, the process's own first). Default: that URL alone.
   */
  readonly urlsOf?: (databaseUrl: string, node: number) => readonly string[]
  /** Engine processes. */
  readonly nodes: number
  /** Instances that receive the events. */
  readonly noteInstances: number
  /** Instances that only wait for their timer; the note instances have one timer each too. */
  readonly timerOnlyInstances: number
  /** Events sent in all. */
  readonly events: number
}

/** The servers of one engine process: every node's URL with the run's database, its own first. */
export function rotatedUrls(nodeUrls: readonly string[]): (databaseUrl: string, node: number) => string[] {
  return (databaseUrl, node) => {
    const database = new URL(databaseUrl).pathname.slice(1)
    return nodeUrls.map((_, i) => withDatabase(nodeUrls[(node + i) % nodeUrls.length] as string, database))
  }
}
const DUPLICATE_EVERY = 20
const CONCURRENCY = 16
/**
 * Timers come due this long after their instance started: the note instances start just before
 * the events flow, the others while they flow, so the timers come due during the flow.
 */
const noteDelay = (i: number): number => 1500 + ((i * 7919) % 2000)
const timerOnlyDelay = (i: number): number => 1000 + ((i * 7919) % 2000)

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

/** Runs `fn` over `items`, `limit` at a time. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length)
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++
        out[i] = await fn(items[i] as T)
      }
    }),
  )
  return out
}

/** Polls `condition` every `everyMs` until it holds; false when `timeoutMs` ran out first. */
async function until(condition: () => Promise<boolean>, timeoutMs: number, everyMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await condition()) return true
    if (Date.now() > deadline) return false
    await sleep(everyMs)
  }
}

/** An engine of the test process itself, starting instances with ids it is given. */
function seeder(store: SqlStore): {
  engine: Engine
  start(ids: readonly string[], delay: (i: number) => number): Promise<void>
} {
  const queue: string[] = []
  const engine = createEngine({
    processes: [loadProcess],
    store,
    deliverAfterCommit: false,
    ids: () => queue.shift() ?? 'unexpected',
  })
  return {
    engine,
    start: async (ids, delay) => {
      queue.push(...ids)
      await mapLimit(
        ids.map((_, i) => i),
        CONCURRENCY,
        (i) => engine.start('load', { delayMs: delay(i) }, { actor: { id: 'seeder', roles: [] } }),
      )
    },
  }
}

function count(rows: Record<string, unknown>[]): number {
  return Number(rows[0]?.n)
}

/** What is wrong with one instance after the run, checked from its context, history and hash chain. */
async function instanceProblems(
  engine: Engine,
  store: SqlStore,
  id: string,
  expectedNotes: readonly string[] | undefined,
): Promise<{ problems: string[]; dueAt: number; timerAt: number | null }> {
  const problems: string[] = []
  const view = await engine.system.get(id)
  const context = view.context as LoadContext
  const history: HistoryEntry[] = await store.history(id)
  const verified = await engine.system.verify(id)
  const say = (what: string) => problems.push(`${id}: ${what}`)
  if (!verified.ok || verified.entries !== history.length) say(`verify: ${JSON.stringify(verified)}`)
  if (history.some((h, i) => h.seq !== i + 1))
    say(`history seqs not contiguous: ${history.map((h) => h.seq).join(',')}`)
  if (view.version !== history.length) say(`version ${view.version} but ${history.length} history entries`)
  const kinds = (kind: string) => history.filter((h) => h.kind === kind)
  const timerEntries = kinds('timer')
  if (history[0]?.kind !== 'started') say('first entry is not "started"')
  if (timerEntries.length !== 1) say(`${timerEntries.length} timer entries`)
  if (context.fired !== 1) say(`context.fired = ${context.fired}`)
  if (view.timers.length !== 0) say(`still waits for timers ${JSON.stringify(view.timers)}`)
  const timerAt = timerEntries[0]?.at ?? null
  const dueAt = (history[0]?.at ?? 0) + context.delayMs
  if (timerAt !== null && timerAt < dueAt) say(`timer fired early: at ${timerAt}, due ${dueAt}`)
  const notes = context.notes
  if (new Set(notes).size !== notes.length)
    say(`a note applied twice: ${notes.filter((n, i) => notes.indexOf(n) !== i).join(',')}`)
  const fromHistory = kinds('event').map((h) => (h.event as { eventId: string }).eventId)
  if (JSON.stringify(fromHistory) !== JSON.stringify(notes))
    say('the event entries of history differ from context.notes')
  if (history.length !== 2 + notes.length) say(`${history.length} entries for ${notes.length} notes`)
  const expected = [...(expectedNotes ?? [])].sort()
  const actual = [...notes].sort()
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    const missing = expected.filter((n) => !notes.includes(n))
    const extra = actual.filter((n) => !expected.includes(n))
    say(
      `notes differ from the events applied to it: missing ${missing.join(',') || 'none'}, unexpected ${extra.join(',') || 'none'}`,
    )
  }
  return { problems, dueAt, timerAt }
}

/** Pairs of claims of one timer whose leases overlap (two nodes holding it at once). */
function overlappingClaims(summaries: readonly WorkerSummary[]): string[] {
  const byTimer = new Map<string, Array<{ node: string; claim: Claim }>>()
  for (const s of summaries)
    for (const c of s.claims) byTimer.set(c[0], [...(byTimer.get(c[0]) ?? []), { node: s.nodeId, claim: c }])
  const out: string[] = []
  for (const [id, claims] of byTimer) {
    const sorted = claims.sort((a, b) => a.claim[1] - b.claim[1])
    for (let i = 1; i < sorted.length; i++) {
      const [prev, cur] = [sorted[i - 1], sorted[i]]
      if (prev !== undefined && cur !== undefined && cur.claim[1] < prev.claim[2])
        out.push(`${id}: ${prev.node} until ${prev.claim[2]}, ${cur.node} at ${cur.claim[1]}`)
    }
  }
  return out
}

/** Declares the suite on a target. */
export function describeMultiNode(target: MultiNodeTarget): void {
  const { dialect, label } = target
  const NODES = target.nodes
  const NOTE_INSTANCES = target.noteInstances
  const TIMER_ONLY_INSTANCES = target.timerOnlyInstances
  const EVENTS = target.events
  describe(`${label}: several engine processes on one database`, () => {
    let db: TestDatabase
    const workers: WorkerHandle[] = []
    const stores: SqlStore[] = []
    let prefixes = 0

    const config = (
      over: Partial<WorkerConfig> & Pick<WorkerConfig, 'node' | 'nodeId' | 'tablePrefix'>,
    ): WorkerConfig => ({
      mode: 'worker',
      dialect,
      url: db.url,
      urls: target.urlsOf?.(db.url, over.node),
      plan: { events: 0, noteInstances: NOTE_INSTANCES, nodes: NODES },
      duplicateEvery: DUPLICATE_EVERY,
      concurrency: CONCURRENCY,
      pollMs: 20,
      leaseMs: 5000,
      batchSize: 25,
      hardTimeoutMs: 270_000,
      ...over,
    })
    const spawn = (c: WorkerConfig): WorkerHandle => {
      const w = spawnWorker(c)
      workers.push(w)
      return w
    }
    const freshStore = async (): Promise<{ store: SqlStore; prefix: string }> => {
      const prefix = `mn${++prefixes}_`
      const store = db.store(prefix)
      stores.push(store)
      await store.migrate()
      return { store, prefix }
    }
    /** Stops the workers and collects their summaries. */
    const stopAll = async (handles: readonly WorkerHandle[]): Promise<WorkerSummary[]> => {
      for (const w of handles) w.tell('stop')
      const summaries = await Promise.all(handles.map((w) => w.next('summary', 30_000)))
      const exits = await Promise.all(handles.map((w) => w.exited))
      expect(exits, handles.map((w) => w.stderr()).join('\n')).toEqual(handles.map(() => ({ code: 0, signal: null })))
      return summaries
    }

    beforeAll(async () => {
      db = await createTestDatabase(dialect, target.server())
    })
    afterEach(async () => {
      // Never leave a process behind, whatever failed.
      for (const w of workers.splice(0)) w.kill()
      await Promise.all(stores.splice(0).map((s) => s.close()))
    })
    afterAll(async () => {
      await db?.drop()
    })

    it(`${NODES} processes send ${EVENTS.toLocaleString('en')} events to ${NOTE_INSTANCES} instances while ${(NOTE_INSTANCES + TIMER_ONLY_INSTANCES).toLocaleString('en')} timers come due: each event applied once or refused, each timer fired once, every history verified`, async () => {
      const began = Date.now()
      const { store, prefix } = await freshStore()
      const plan: EventPlan = { events: EVENTS, noteInstances: NOTE_INSTANCES, nodes: NODES }
      const handles = Array.from({ length: NODES }, (_, node) =>
        spawn(config({ node, nodeId: `node-${node}`, tablePrefix: prefix, plan })),
      )
      await Promise.all(handles.map((w) => w.next('ready', 60_000)))

      // Instances: some that take the notes, started now; more that only wait, started while the
      // events flow. Every one has a timer.
      const seed = seeder(store)
      const noteIds = Array.from({ length: NOTE_INSTANCES }, (_, i) => noteInstanceId(i))
      const timerIds = Array.from({ length: TIMER_ONLY_INSTANCES }, (_, i) => timerInstanceId(i))
      await seed.start(noteIds, noteDelay)
      for (const w of handles) w.tell('go')
      const seedStarted = Date.now()
      await seed.start(timerIds, timerOnlyDelay)
      const seeded = Date.now()
      await Promise.all(handles.map((w) => w.next('sent', 240_000)))
      const allFired = await until(async () => (await store.nextTimerDue()) === undefined, 120_000, 100)
      const summaries = await stopAll(handles)
      expect(allFired, 'every timer fired').toBe(true)

      // The processes: nothing but typed refusals, no errors, no lease held twice.
      for (const s of summaries) {
        expect(s.timedOut, s.nodeId).toBe(false)
        expect(s.failures, s.nodeId).toEqual([])
        expect(s.errors, s.nodeId).toEqual([])
        expect(s.duplicates.mismatched, s.nodeId).toEqual([])
        expect(s.events, s.nodeId).toBe(eventsOfNode(Number(s.nodeId.slice(5)), plan).length)
      }
      expect(summaries.reduce((n, s) => n + s.events, 0)).toBe(EVENTS)
      const refused = summaries.flatMap((s) => s.refused)
      const applied = summaries.reduce((n, s) => n + s.applied, 0)
      expect(applied + refused.length).toBe(EVENTS)
      expect(overlappingClaims(summaries)).toEqual([])
      const fired = summaries.flatMap((s) => s.timersFired)
      expect(fired).toHaveLength(NOTE_INSTANCES + TIMER_ONLY_INSTANCES)
      expect(new Set(fired).size).toBe(fired.length)

      // The database: every instance holds exactly the events applied to it, once, and fired once.
      const refusedIds = new Set(refused.map((r) => r.eventId))
      const expected = new Map<string, string[]>()
      for (let k = 0; k < EVENTS; k++) {
        if (refusedIds.has(`e${k}`)) continue
        const id = noteInstanceId(k % NOTE_INSTANCES)
        expected.set(id, [...(expected.get(id) ?? []), `e${k}`])
      }
      const results = await mapLimit([...noteIds, ...timerIds], CONCURRENCY, (id) =>
        instanceProblems(seed.engine, store, id, expected.get(id)),
      )
      expect(results.flatMap((r) => r.problems)).toEqual([])
      expect(count(await db.query(`select count(*) as n from ${prefix}timers`))).toBe(0)
      // One idempotency record per applied event; timers need none (their exactly-once rests on the
      // instance's own pending-timer list, checked under compare-and-swap).
      expect(count(await db.query(`select count(*) as n from ${prefix}idempotency`))).toBe(applied)
      expect(count(await db.query(`select count(*) as n from ${prefix}history`))).toBe(
        NOTE_INSTANCES + TIMER_ONLY_INSTANCES + applied + fired.length,
      )

      // Figures.
      const sendStart = Math.min(...summaries.map((s) => s.sendStartedAt ?? Infinity))
      const sendEnd = Math.max(...summaries.map((s) => s.sendEndedAt ?? 0))
      const inFlow = (at: number) => at >= sendStart && at <= sendEnd
      const dueDuring = results.filter((r) => inFlow(r.dueAt)).length
      // A timer's history entry records the time it acts as of — its due time, even when it fires
      // late — so how late timers fired is not read from history here.
      const firedDuring = results.filter((r) => inFlow(r.timerAt ?? 0)).length
      const sends = summaries.reduce((n, s) => n + s.sends, 0)
      const p99 = Math.max(...summaries.map((s) => s.latency?.p99 ?? 0))
      const refusedSends = summaries.reduce<Record<string, number>>((all, s) => {
        for (const [code, n] of Object.entries(s.refusedSends)) all[code] = (all[code] ?? 0) + n
        return all
      }, {})
      const window = sendEnd - sendStart
      const claimCounts = new Map<string, number>()
      for (const s of summaries) for (const [id] of s.claims) claimCounts.set(id, (claimCounts.get(id) ?? 0) + 1)
      const reclaimed = [...claimCounts.values()].filter((n) => n > 1).length
      const conflicts = summaries.reduce((n, s) => n + s.commits.conflicts, 0)
      const attempted = summaries.reduce((n, s) => n + s.commits.attempted, 0)
      console.log(
        `[multi-node ${label}] ${NODES} processes: ${EVENTS} events (${sends} sends incl. duplicates) in ${seconds(window)} = ${Math.round(EVENTS / (window / 1000))} events/s, ` +
          `${Math.round(sends / (window / 1000))} sends/s, p99 ${p99.toFixed(0)} ms; applied ${applied}, refused ${refused.length} ${JSON.stringify(refusedSends)}; ` +
          `${attempted} commits attempted, ${conflicts} lost a race and were retried; ` +
          `timers ${fired.length} fired once each (${reclaimed} claimed again after a lease ran out), ${dueDuring} came due and ${firedDuring} fired while events flowed, ` +
          `${TIMER_ONLY_INSTANCES} instances started during the flow in ${seconds(seeded - seedStarted)}; test ${seconds(Date.now() - began)}`,
      )
      // The timers really came due while the events flowed.
      expect(dueDuring).toBeGreaterThan(fired.length / 2)
    }, 330_000)

    it('kill -9 of a process holding claimed timers: after the lease runs out the others fire them, each once', async () => {
      const began = Date.now()
      const { store, prefix } = await freshStore()
      const LEASE_MS = 5000
      const TIMERS = 150
      const VICTIM_BATCH = 100
      const survivors = Array.from({ length: NODES - 1 }, (_, node) =>
        spawn(config({ node, nodeId: `survivor-${node}`, tablePrefix: prefix, leaseMs: LEASE_MS })),
      )
      const victim = spawn(
        config({
          mode: 'victim',
          node: NODES - 1,
          nodeId: 'victim',
          tablePrefix: prefix,
          leaseMs: LEASE_MS,
          batchSize: VICTIM_BATCH,
          hardTimeoutMs: 60_000,
        }),
      )
      await Promise.all([...survivors, victim].map((w) => w.next('ready', 60_000)))

      const seed = seeder(store)
      const ids = Array.from({ length: TIMERS }, (_, i) => timerInstanceId(i))
      await seed.start(ids, () => 300)
      await sleep(400) // every timer is due now

      victim.tell('go')
      const claimed = await victim.next('claimed', 20_000)
      expect(claimed.timers).toHaveLength(VICTIM_BATCH)
      const victimTimers = new Set(claimed.timers.map((t) => t.id))
      for (const w of survivors) w.tell('go')

      // While the victim lives, the others fire every timer but the ones it holds.
      const leftToVictim = async () => {
        const rows = await db.query(`select id, locked_by from ${prefix}timers`)
        return (
          rows.length === VICTIM_BATCH && rows.every((r) => victimTimers.has(String(r.id)) && r.locked_by === 'victim')
        )
      }
      expect(
        await until(leftToVictim, claimed.until - Date.now() - 500, 20),
        'the others fired the unclaimed timers and left the claimed ones',
      ).toBe(true)
      victim.kill()
      expect(await victim.exited).toEqual({ code: null, signal: 'SIGKILL' })
      const killedAt = Date.now()
      expect(killedAt).toBeLessThan(claimed.until) // killed while holding the leases
      expect(await leftToVictim()).toBe(true)

      const allFired = await until(
        async () => (await store.nextTimerDue()) === undefined,
        claimed.until - Date.now() + 20_000,
      )
      const summaries = await stopAll(survivors)
      expect(allFired, 'the orphaned timers fired').toBe(true)

      for (const s of summaries) {
        expect(s.failures, s.nodeId).toEqual([])
        expect(s.errors, s.nodeId).toEqual([])
      }
      const fired = summaries.flatMap((s) => s.timersFired)
      expect(fired).toHaveLength(TIMERS)
      expect(new Set(fired).size).toBe(TIMERS)
      for (const id of victimTimers) expect(fired).toContain(id)
      // Nobody claimed an orphaned timer before its lease ran out.
      const early = summaries.flatMap((s) => s.claims.filter(([id, at]) => victimTimers.has(id) && at < claimed.until))
      expect(early).toEqual([])
      const results = await mapLimit(ids, CONCURRENCY, (id) => instanceProblems(seed.engine, store, id, []))
      expect(results.flatMap((r) => r.problems)).toEqual([])
      // A timer's history entry records its due time (the time it acts as of), not when it fired:
      // when the orphans were taken over is read from the survivors' claims of them.
      const orphanClaimedAt = summaries.flatMap((s) =>
        s.claims.filter(([id]) => victimTimers.has(id)).map(([, at]) => at),
      )
      expect(orphanClaimedAt.length).toBeGreaterThanOrEqual(VICTIM_BATCH)
      expect(Math.min(...orphanClaimedAt)).toBeGreaterThanOrEqual(claimed.until)
      console.log(
        `[kill -9 ${label}] victim claimed ${VICTIM_BATCH} of ${TIMERS} timers (lease ${LEASE_MS} ms), killed ${killedAt - claimed.now} ms after the claim; ` +
          `the others claimed the orphans ${Math.min(...orphanClaimedAt) - claimed.until}–${Math.max(...orphanClaimedAt) - claimed.until} ms after the lease ran out; test ${seconds(Date.now() - began)}`,
      )
    }, 120_000)
  })
}
