/**
 * Durable: Fengqiao on PostgreSQL and SQLite against the database's own limit for the same
 * writes, and DBOS Transact on the same PostgreSQL.
 *
 * The raw baselines write what Fengqiao writes for one event — the instance row moved on with a
 * version check, and one history entry — with everything precomputed, so they measure the
 * database and its driver only:
 * - PostgreSQL: one statement per event (a CTE: `UPDATE … WHERE id = $1 AND version = $2
 *   RETURNING` feeding `INSERT INTO history … SELECT … FROM w`), as a named prepared statement.
 * - SQLite: one `BEGIN IMMEDIATE` transaction per event with the same UPDATE and INSERT, on
 *   better-sqlite3 prepared statements, same file settings as the store (WAL).
 * Both use the adapter's own tables (created by its `migrate()`, with all its indexes).
 */
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { DBOS } from '@dbos-inc/dbos-sdk'
import Database from 'better-sqlite3'
import pg from 'pg'
import { createEngine, type Engine } from '@fengqiao/core'
import { postgresStore, sqliteStore, type SqlStore } from '@fengqiao/adapter-sql'
import { ACTOR_JSON, STEP_ROWS } from '../lib/payloads.js'
import { initialTransition, transition } from 'xstate'
import {
  ACTOR,
  INPUT,
  PROCESS_ID,
  STEPS,
  benchProcess,
  nextEvent,
  rawMachine,
  type BenchContext,
} from '../lib/process.js'
import type { System } from '../lib/stats.js'

type Checked<I> = System<I> & { check(): Promise<void> }

// ------------------------------------------------------------------ Fengqiao on a SQL store

export function fengqiaoOn(name: string, store: SqlStore): Checked<string> & { engine: Engine } {
  const engine = createEngine({ store, processes: [benchProcess] })
  const sys = {
    name,
    engine,
    async create() {
      return (await engine.start(PROCESS_ID, INPUT, { actor: ACTOR })).id
    },
    async step(id: string, k: number) {
      await engine.send(id, nextEvent(k), { actor: ACTOR })
    },
    async check() {
      const id = await sys.create()
      for (let k = 1; k <= STEPS; k++) await sys.step(id, k)
      const v = await engine.system.get(id)
      if (
        v.status !== 'completed' ||
        v.stateKey !== 's10' ||
        (v.context as BenchContext).counter !== 10 ||
        v.version !== 11
      ) {
        throw new Error(`${name} self-check failed: ${JSON.stringify(v)}`)
      }
      const verified = await engine.system.verify(id)
      if (!verified.ok)
        throw new Error(`${name} self-check failed: history does not verify (${JSON.stringify(verified)})`)
    },
  }
  return sys
}

// ------------------------------------------------------------------ raw PostgreSQL

const INSTANCE_COLUMNS =
  'id, process_id, process_version, status, state_key, snapshot, timers, tasks, version, org_unit, business_key, parent_id, parent_done_event, created_at, updated_at, history_seq, history_hash, deadlines, due_at, breached, completed_at, outcome, escalations'
const HISTORY_COLUMNS =
  'instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash'

/**
 * What raw XState does per event, for the "XState + the same writes" floors: the persisted
 * snapshot of each running instance kept in memory as JSON, rehydrated, stepped with
 * `transition` and persisted again. Without it, the precomputed snapshot of step `k`.
 */
function snapshots(withXState: boolean): (id: string, k: number) => string {
  const live = new Map<string, string>()
  return (id, k) => {
    const r = STEP_ROWS[k] as (typeof STEP_ROWS)[number]
    if (!withXState) return r.snapshot
    let json: string
    if (k === 0) json = JSON.stringify(rawMachine.getPersistedSnapshot(initialTransition(rawMachine, INPUT)[0]))
    else {
      const p = JSON.parse(live.get(id) as string) as { value: string; context: BenchContext }
      const [next] = transition(
        rawMachine,
        rawMachine.resolveState({ value: p.value, context: p.context }),
        nextEvent(k),
      )
      json = JSON.stringify(rawMachine.getPersistedSnapshot(next))
    }
    if (k === STEPS) live.delete(id)
    else live.set(id, json)
    return json
  }
}

/**
 * The hand-written limit on PostgreSQL: one prepared statement per event, on tables `<prefix>…`.
 * With `withXState`, every event first steps the machine as raw XState does (see {@link rawSqlite}).
 */
export function rawPostgres(name: string, pool: pg.Pool, prefix: string, withXState = false): Checked<{ id: string }> {
  const snapshotAt = snapshots(withXState)
  const create = {
    name: `${name}-create`,
    text: `with i as (insert into ${prefix}instances (${INSTANCE_COLUMNS})
             values ($1, '${PROCESS_ID}', 1, 'active', $2, $3::jsonb, '[]'::jsonb, '[]'::jsonb, 1, null, null, null, null, $4, $4, 1, $5, '[]'::jsonb, null, 0, null, null, 0) returning id)
           insert into ${prefix}history (${HISTORY_COLUMNS})
           select id, 1, $4, 'started', $6::jsonb, $7::jsonb, null, $2, 1, null, '', $5 from i`,
  }
  const step = {
    name: `${name}-step`,
    text: `with w as (update ${prefix}instances set status = $2, state_key = $3, snapshot = $4::jsonb, version = $5, updated_at = $6, history_seq = $5, history_hash = $7, completed_at = $8
             where id = $1 and version = $9 returning id)
           insert into ${prefix}history (${HISTORY_COLUMNS})
           select id, $5, $6, 'event', $10::jsonb, $11::jsonb, $12, $3, $5, null, $13, $7 from w`,
  }
  const sys = {
    name,
    async create() {
      const id = randomUUID()
      const r = STEP_ROWS[0] as (typeof STEP_ROWS)[number]
      const res = await pool.query({
        ...create,
        values: [id, r.state, snapshotAt(id, 0), Date.now(), r.hash, r.event, ACTOR_JSON],
      })
      if (res.rowCount !== 1) throw new Error(`${name}: insert failed`)
      return { id }
    },
    async step(inst: { id: string }, k: number) {
      const r = STEP_ROWS[k] as (typeof STEP_ROWS)[number]
      const now = Date.now()
      const res = await pool.query({
        ...step,
        values: [
          inst.id,
          r.status,
          r.state,
          snapshotAt(inst.id, k),
          k + 1,
          now,
          r.hash,
          r.status === 'completed' ? now : null,
          k,
          r.event,
          ACTOR_JSON,
          r.from,
          r.prevHash,
        ],
      })
      if (res.rowCount !== 1) throw new Error(`${name}: version conflict on ${inst.id} at step ${k}`)
    },
    async check() {
      const inst = await sys.create()
      for (let k = 1; k <= STEPS; k++) await sys.step(inst, k)
      const row = (
        await pool.query<{ version: number; state_key: string; n: string }>(
          `select version, state_key, (select count(*) from ${prefix}history where instance_id = $1) as n from ${prefix}instances where id = $1`,
          [inst.id],
        )
      ).rows[0]
      if (row?.version !== 11 || row.state_key !== 's10' || row.n !== '11')
        throw new Error(`${name} self-check failed: ${JSON.stringify(row)}`)
    },
  }
  return sys
}

// ------------------------------------------------------------------ DBOS Transact

async function bump(counter: number, note: string): Promise<{ counter: number; note: string }> {
  return { counter: counter + 1, note }
}

/** The 10-step workflow: each step a checkpointed `DBOS.runStep`. Registered before launch. */
const dbosWorkflow = DBOS.registerWorkflow(
  async (applicant: string): Promise<BenchContext> => {
    let ctx: BenchContext = { applicant, counter: 0, note: null }
    for (let k = 1; k <= STEPS; k++) {
      const c = ctx.counter
      const r = await DBOS.runStep(() => bump(c, nextEvent(k).note), { name: `s${k}` })
      ctx = { ...ctx, ...r }
    }
    return ctx
  },
  { name: 'bench10' },
)

/**
 * DBOS: one workflow per instance, 10 steps. DBOS runs a workflow to its end in one call, so
 * `create` runs the whole workflow and counts its 10 steps (a workflow's steps are not sent one
 * by one from outside, as Fengqiao's events are).
 *
 * DBOS is launched for its own rounds only and shut down after each (untimed, ~0.1 s): a launched
 * DBOS polls its system tables in the background, which would otherwise take CPU and database
 * time from the systems it alternates with.
 */
export async function dbosSystem(url: string): Promise<Checked<null> & { shutdown(): Promise<void> }> {
  DBOS.setConfig({ name: 'fengqiao-bench', systemDatabaseUrl: url, logLevel: 'error' })
  let launched = false
  const launch = async () => {
    if (!launched) await DBOS.launch()
    launched = true
  }
  const shutdown = async () => {
    if (launched) await DBOS.shutdown()
    launched = false
  }
  await launch()
  const sys = {
    name: 'dbos',
    stepsInCreate: true,
    beforeRound: launch,
    afterRound: shutdown,
    async create() {
      const out = await dbosWorkflow(INPUT.applicant)
      if (out.counter !== STEPS) throw new Error(`dbos: workflow returned ${JSON.stringify(out)}`)
      return null
    },
    step() {
      throw new Error('dbos: the steps run inside the workflow')
    },
    async check() {
      await launch()
      await sys.create()
      await shutdown()
    },
    shutdown,
  }
  return sys
}

// ------------------------------------------------------------------ raw SQLite

export interface RawSqlite extends Checked<{ id: string }> {
  readonly synchronous: number
  close(): void
}

/**
 * The hand-written limit on SQLite: one immediate transaction (UPDATE + INSERT) per event.
 *
 * With `withXState`, the snapshot is not precomputed: every event steps the machine the way raw
 * XState does (rehydrate the last persisted snapshot kept in memory → `transition` →
 * `getPersistedSnapshot` → JSON) before the same writes — what any engine built on XState must
 * spend at the least, with no validation, authorization, hashing or planning.
 */
export function rawSqlite(
  name: string,
  filename: string,
  options: { prefix?: string; withXState?: boolean; synchronous: 'full' | 'normal' },
): RawSqlite {
  const { prefix = 'fq_', withXState = false } = options
  const db = new Database(filename, { timeout: 5000 })
  db.pragma('journal_mode = WAL')
  db.pragma('busy_timeout = 5000')
  // As the store sets it (SQLite's own default differs between a new file and a WAL file).
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  const insInstance = db.prepare(
    `insert into ${prefix}instances (${INSTANCE_COLUMNS}) values (?, '${PROCESS_ID}', 1, 'active', ?, ?, '[]', '[]', 1, null, null, null, null, ?, ?, 1, ?, '[]', null, 0, null, null, 0)`,
  )
  const insHistory = db.prepare(
    `insert into ${prefix}history (${HISTORY_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?)`,
  )
  const update = db.prepare(
    `update ${prefix}instances set status = ?, state_key = ?, snapshot = ?, version = ?, updated_at = ?, history_seq = ?, history_hash = ?, completed_at = ? where id = ? and version = ?`,
  )
  const snapshotAt = snapshots(withXState)
  const create = db.transaction((id: string, now: number) => {
    const r = STEP_ROWS[0] as (typeof STEP_ROWS)[number]
    insInstance.run(id, r.state, snapshotAt(id, 0), now, now, r.hash)
    insHistory.run(id, 1, now, 'started', r.event, ACTOR_JSON, null, r.state, 1, '', r.hash)
  })
  const step = db.transaction((id: string, k: number, now: number) => {
    const r = STEP_ROWS[k] as (typeof STEP_ROWS)[number]
    const changed = update.run(
      r.status,
      r.state,
      snapshotAt(id, k),
      k + 1,
      now,
      k + 1,
      r.hash,
      r.status === 'completed' ? now : null,
      id,
      k,
    ).changes
    if (changed !== 1) throw new Error(`${name}: version conflict on ${id} at step ${k}`)
    insHistory.run(id, k + 1, now, 'event', r.event, ACTOR_JSON, r.from, r.state, k + 1, r.prevHash, r.hash)
  })
  const sys: RawSqlite = {
    name,
    synchronous: Number(db.pragma('synchronous', { simple: true })),
    create() {
      const id = randomUUID()
      create.immediate(id, Date.now())
      return { id }
    },
    step(inst, k) {
      step.immediate(inst.id, k, Date.now())
    },
    async check() {
      const inst = sys.create(0) as { id: string }
      for (let k = 1; k <= STEPS; k++) await sys.step(inst, k, 0)
      const row = db
        .prepare(
          `select version, state_key, snapshot, (select count(*) from ${prefix}history where instance_id = ?) as n from ${prefix}instances where id = ?`,
        )
        .get(inst.id, inst.id) as { version: number; state_key: string; snapshot: string; n: number }
      if (
        row.version !== 11 ||
        row.state_key !== 's10' ||
        row.n !== 11 ||
        (JSON.parse(row.snapshot) as { context: BenchContext }).context.counter !== 10
      )
        throw new Error(`${name} self-check failed: ${JSON.stringify(row)}`)
    },
    close() {
      db.close()
    },
  }
  return sys
}

/** Opens the adapter's SQLite store on a file, migrated. */
export async function sqliteFileStore(dir: string, file: string, synchronous?: 'full' | 'normal'): Promise<SqlStore> {
  const store = sqliteStore({ filename: join(dir, file) }, synchronous === undefined ? {} : { synchronous })
  await store.migrate()
  return store
}

/** Opens the adapter's PostgreSQL store on a pool, migrated. */
export async function postgresPoolStore(pool: pg.Pool, tablePrefix: string): Promise<SqlStore> {
  const store = postgresStore({ pool }, { tablePrefix })
  await store.migrate()
  return store
}
