/**
 * The dialect-neutral core of the SQL store: table types, row mapping, queries and commit.
 * Each `<db>-store.ts` file supplies a {@link SqlDialectAdapter} for what differs.
 *
 * @module
 */
import { FengqiaoError, NO_DUE_SORT, checkLimit, checkTime, decodeCursor, encodeCursor, isFengqiaoError } from '@fengqiao/core/store'
import type {
  ChainHead,
  ChangeSet,
  HistoryEntry,
  HistoryKind,
  HistoryRange,
  IdempotencyRecord,
  InstanceFilter,
  InstanceStatus,
  Json,
  OutboxMessage,
  Page,
  PageRequest,
  Store,
  StoredInstance,
  TaskFilter,
  TaskRow,
  TimerRow,
} from '@fengqiao/core/store'
import { CompiledQuery, sql, type ColumnType, type Compilable, type Expression, type Insertable, type Kysely, type RawBuilder, type Selectable, type SqlBool } from 'kysely'
import { CLAIM_INDEX, dropTables, runMigrations, type SchemaDialect } from './schema.js'
import { isSafeIdentifier } from './table-name-plugin.js'
import type { FaultReason, StoreTimeouts } from './connection-faults.js'

// ---- tables ----------------------------------------------------------------------------------

/** A BIGINT epoch-milliseconds column: drivers may return it as a string. */
type Millis = ColumnType<number | string, number, number>
/** A nullable BIGINT column. */
type NullableMillis = ColumnType<number | string | null, number | null, number | null>
/** An INTEGER column. */
type Int = ColumnType<number | string, number, number>
/**
 * A JSON column. Written as JSON text; read back parsed (PostgreSQL) or as text (MySQL, SQLite).
 * SQL NULL stands for JSON `null`.
 */
type JsonColumn = ColumnType<unknown, string | null, string | null>

/** @internal */
export interface InstancesTable {
  id: string
  process_id: string
  process_version: Int
  status: string
  state_key: string
  snapshot: JsonColumn
  timers: JsonColumn
  tasks: JsonColumn
  version: Int
  org_unit: string | null
  business_key: string | null
  parent_id: string | null
  parent_done_event: string | null
  created_at: Millis
  updated_at: Millis
  history_seq: Int
  history_hash: string
  deadlines: JsonColumn
  due_at: NullableMillis
  /** 0 or 1 (an integer on every database, for portability). */
  breached: Int
  completed_at: NullableMillis
  outcome: string | null
  escalations: Int
}

/** @internal */
export interface HistoryTable {
  instance_id: string
  seq: Int
  at: Millis
  kind: string
  event: JsonColumn
  actor: JsonColumn
  from_state: string | null
  to_state: string
  version: Int
  detail: JsonColumn
  prev_hash: string
  hash: string
  /** The chain key that sealed the entry (schema version 3); NULL when unkeyed. */
  key_id: string | null
  /** The digest of the row the entry produced (schema version 3); NULL when unkeyed. */
  row_digest: string | null
}

/** @internal */
export interface TimersTable {
  id: string
  instance_id: string
  timer_key: string
  due_at: Millis
  event: JsonColumn
  locked_by: string | null
  locked_until: NullableMillis
}

/** @internal */
export interface TasksTable {
  id: string
  instance_id: string
  process_id: string
  state_node: string
  role: string
  org_unit: string | null
  assignee: string | null
  title: JsonColumn
  due_at: NullableMillis
  /** `due_at`, or {@link NO_DUE_SORT} when there is none: the sort key of task lists. */
  due_sort: Millis
  warn_at: NullableMillis
  created_at: Millis
}

/** @internal */
export interface OutboxTable {
  id: string
  instance_id: string
  process_id: string
  type: string
  params: JsonColumn
  event: JsonColumn
  context: JsonColumn
  created_at: Millis
  attempts: Int
  available_at: Millis
  last_error: string | null
  locked_by: string | null
  locked_until: NullableMillis
}

/** @internal */
export interface IdempotencyTable {
  idem_key: string
  instance_id: string
  fingerprint: string
  result: JsonColumn
  created_at: Millis
}

/** @internal */
export interface MigrationsTable {
  version: number
  name: string
  applied_at: ColumnType<unknown, never, never>
}

/** The store's tables under their logical names (the {@link TableNamePlugin} adds the prefix). @internal */
export interface Db {
  instances: InstancesTable
  history: HistoryTable
  timers: TimersTable
  tasks: TasksTable
  outbox: OutboxTable
  idempotency: IdempotencyTable
  migrations: MigrationsTable
}

// ---- dialect adapter -------------------------------------------------------------------------

/** How a database error should surface. @internal */
export type ErrorKind = 'conflict' | 'missing-table' | 'invalid-input' | FaultReason | 'other'

/** Options of a transaction. @internal */
export interface TransactionOptions {
  /** Use READ COMMITTED where the default is stricter (MySQL's REPEATABLE READ takes gap locks). */
  readonly readCommitted?: boolean
}

/**
 * What differs between databases. One object per dialect, in `<db>-store.ts`.
 *
 * @internal
 */
export interface SqlDialectAdapter extends SchemaDialect {
  readonly name: 'postgres' | 'mysql' | 'sqlite'
  /** Whether the driver parses JSON columns itself (pg does for jsonb). */
  readonly jsonParsedByDriver: boolean
  /** Capabilities used to choose a query shape. */
  readonly supports: {
    /** `UPDATE … RETURNING`. */
    readonly updateReturning: boolean
    /** `SELECT … FOR UPDATE SKIP LOCKED`. */
    readonly skipLocked: boolean
    /** `INSERT … ON CONFLICT (id) DO UPDATE` (otherwise MySQL's `ON DUPLICATE KEY UPDATE`). */
    readonly onConflict: boolean
    /**
     * `FORCE INDEX`. MySQL needs it on claims: on a small table it may walk every row instead of
     * the index, and locking reads lock what they walk — hiding those rows from concurrent
     * claimers that SKIP LOCKED.
     */
    readonly forceIndex: boolean
  }
  /** Runs `fn` in a read-write transaction (SQLite: `BEGIN IMMEDIATE`, serialized per file). */
  transaction<T>(db: Kysely<Db>, fn: (trx: Kysely<Db>) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** Runs one writing statement: in autocommit, or (SQLite) in a write transaction. */
  write<T>(db: Kysely<Db>, fn: (db: Kysely<Db>) => Promise<T>): Promise<T>
  /**
   * Commits a change set in a single statement when the dialect can (PostgreSQL), returning
   * false to fall back to the transaction path.
   */
  commitInOneStatement?(db: Kysely<Db>, change: ChangeSet): Promise<boolean>
  /** Classifies a driver error. */
  classify(error: unknown): ErrorKind
  /**
   * SQLite: runs compiled statements synchronously on the store's own connection, skipping
   * Kysely's per-query executor (which costs more than the statement itself on a local file).
   */
  readonly sync?: SyncExecutor
  /**
   * PostgreSQL: runs one compiled statement in autocommit directly on the driver (as a named
   * prepared statement, parsed and planned once per connection), skipping Kysely's executor.
   */
  readonly query?: (sql: string, params: unknown[]) => Promise<{ readonly rows: unknown[]; readonly affected: number }>
}

/** A compiled statement of a commit. @internal */
export interface CommitStatement {
  readonly sql: string
  readonly params: unknown[]
  /** The version-checked UPDATE of this instance: it must change exactly one row. */
  readonly cas?: { readonly id: string; readonly expectedVersion: number }
}

/** Synchronous statements on a store's own connection (SQLite). @internal */
export interface SyncExecutor {
  /** One read (the connection is opened on first use). */
  all(sql: string, params: readonly unknown[]): Promise<unknown[]>
  /**
   * Runs the statements in one write transaction (`BEGIN IMMEDIATE` … `COMMIT`) with nothing
   * else on the connection in between, rolling back on the first error, including `refuse(s)`
   * for a compare-and-set statement that changed no row.
   */
  commit(statements: readonly CommitStatement[], refuse: (s: CommitStatement) => Error): Promise<void>
}

// ---- the store -------------------------------------------------------------------------------

/** Options shared by the three store factories. */
export interface SqlStoreOptions {
  /**
   * Prepended to every table name, so that several stores (or test runs) can share a database.
   * Letters, digits and underscores, at most 32 characters.
   *
   * @defaultValue `'fq_'`
   */
  readonly tablePrefix?: string
  /**
   * Connect, statement and lock timeouts of the connections the store opens (a pool you lend
   * keeps your settings: see the README). An expired one fails the call with
   * `STORE_UNAVAILABLE` (`details.reason: 'timeout'`), its transaction rolled back. SQLite (a
   * file, no server) uses only `lockMs`, as the busy timeout of a file the store opens (default
   * 5,000 there).
   *
   * @defaultValue `{ connectMs: 10_000, statementMs: 30_000, lockMs: 10_000 }`
   */
  readonly timeouts?: StoreTimeouts
}

/** A {@link Store} on a SQL database, with schema management. */
export interface SqlStore extends Store {
  /** The database kind. */
  readonly name: 'postgres' | 'mysql' | 'sqlite'
  /** The table prefix in use. */
  readonly tablePrefix: string
  /**
   * Creates or upgrades the tables. Safe to call on every start, and from several processes at
   * once: a database lock serializes migrations, and applied versions are recorded in the
   * `<prefix>migrations` table.
   *
   * @throws {FengqiaoError} STORE_UNAVAILABLE when the database cannot be reached or refuses the DDL
   */
  migrate(): Promise<void>
  /**
   * Drops every table of this store (all data is lost). Meant for tests.
   *
   * @throws {FengqiaoError} STORE_UNAVAILABLE when the database cannot be reached
   */
  dropTables(): Promise<void>
}

/** Default table prefix. */
export const DEFAULT_TABLE_PREFIX = 'fq_'

/**
 * Checks and returns the table prefix of `options`.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for an unusable prefix
 * @internal
 */
export function tablePrefixOf(options: SqlStoreOptions | undefined): string {
  const prefix = options?.tablePrefix ?? DEFAULT_TABLE_PREFIX
  if (!isSafeIdentifier(prefix, true)) {
    throw new FengqiaoError('INVALID_OPTIONS', `The table prefix ${JSON.stringify(prefix)} is not usable: use at most 32 letters, digits and underscores, not starting with a digit (for example 'fq_').`, { tablePrefix: prefix })
  }
  return prefix
}

const asList = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T]

const num = (v: number | string | bigint): number => (typeof v === 'number' ? v : Number(v))
const numOrNull = (v: number | string | bigint | null): number | null => (v === null ? null : num(v))

/** How claims pick rows: ready by which column, in which order. */
const CLAIM_ORDER = {
  timers: { readyAt: 'due_at', order: ['due_at', 'id'] },
  outbox: { readyAt: 'available_at', order: ['available_at', 'created_at', 'id'] },
} as const

/** Rows per multi-row statement: keeps every statement under the parameter limits (SQLite: 32766). */
const ROWS_PER_STATEMENT = 1000

function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Keeps the last of rows sharing an id (a later write of the same row wins, as in memory). @internal */
export function lastById<T extends { readonly id: string }>(rows: readonly T[]): T[] {
  const byId = new Map<string, T>()
  for (const r of rows) {
    byId.delete(r.id)
    byId.set(r.id, r)
  }
  return [...byId.values()]
}

/**
 * Encodes a JSON value for a column: as text for a bound parameter, or the value itself when
 * the row is embedded in a JSON document (PostgreSQL's one-statement commit).
 * @internal
 */
export type JsonEncoder<J> = (value: Json) => J

/** Encodes a JSON column as text (SQL NULL for JSON null). @internal */
export const toText: JsonEncoder<string | null> = (v) => (v === null ? null : JSON.stringify(v))

/** The column values of an instance row. @internal */
export function instanceColumns<J>(r: StoredInstance, json: JsonEncoder<J>) {
  return {
    id: r.id,
    process_id: r.processId,
    process_version: r.processVersion,
    status: r.status,
    state_key: r.stateKey,
    snapshot: json(r.snapshot),
    timers: json(r.timers as unknown as Json),
    tasks: json(r.tasks as unknown as Json),
    version: r.version,
    org_unit: r.orgUnit,
    business_key: r.businessKey,
    parent_id: r.parentId,
    parent_done_event: r.parentDoneEvent,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    history_seq: r.historySeq,
    history_hash: r.historyHash,
    deadlines: json(r.deadlines as unknown as Json),
    due_at: r.dueAt,
    breached: r.breached ? 1 : 0,
    completed_at: r.completedAt,
    outcome: r.outcome,
    escalations: r.escalations,
  }
}

/**
 * Instance columns the engine never changes once the row exists. A version-checked UPDATE leaves
 * them out, so that the indexes on them (`created_at`, `business_key`, `parent_id`, …) are not
 * rewritten on every step.
 * @internal
 */
export const IMMUTABLE_INSTANCE_COLUMNS: ReadonlySet<string> = new Set(['id', 'process_id', 'created_at', 'business_key', 'parent_id', 'parent_done_event'])

/** The columns a version-checked UPDATE of an instance sets, in a fixed order. @internal */
export const UPDATED_INSTANCE_COLUMNS: readonly string[] = Object.keys(
  instanceColumns(
    {
      id: '',
      processId: '',
      processVersion: 0,
      status: 'active',
      stateKey: '',
      snapshot: null,
      timers: [],
      tasks: [],
      version: 0,
      orgUnit: null,
      businessKey: null,
      parentId: null,
      parentDoneEvent: null,
      createdAt: 0,
      updatedAt: 0,
      historySeq: 0,
      historyHash: '',
      deadlines: [],
      dueAt: null,
      breached: false,
      completedAt: null,
      outcome: null,
      escalations: 0,
    } as unknown as StoredInstance,
    toText,
  ),
).filter((c) => !IMMUTABLE_INSTANCE_COLUMNS.has(c))

/** The field of a stored instance behind each column an UPDATE may set. @internal */
export const COLUMN_FIELDS: Readonly<Record<string, keyof StoredInstance>> = {
  process_version: 'processVersion',
  status: 'status',
  state_key: 'stateKey',
  snapshot: 'snapshot',
  timers: 'timers',
  tasks: 'tasks',
  version: 'version',
  org_unit: 'orgUnit',
  updated_at: 'updatedAt',
  history_seq: 'historySeq',
  history_hash: 'historyHash',
  deadlines: 'deadlines',
  due_at: 'dueAt',
  breached: 'breached',
  completed_at: 'completedAt',
  outcome: 'outcome',
  escalations: 'escalations',
}
/** JSON columns of an instance row, compared by their text when short, else taken as changed. */
const INSTANCE_JSON_COLUMNS: ReadonlySet<string> = new Set(['snapshot', 'timers', 'tasks', 'deadlines'])
const COMPARED_JSON_LENGTH = 512

/**
 * The columns of an UPDATE that differ from the stored row (in the fixed order), so that an
 * index is rewritten only when a column of it changes. `values` are the encoded new columns.
 * @internal
 */
export function changedColumns(values: Readonly<Record<string, unknown>>, previous: StoredInstance): string[] {
  const out: string[] = []
  for (const c of UPDATED_INSTANCE_COLUMNS) {
    const now = values[c]
    const was: unknown = previous[COLUMN_FIELDS[c] as keyof StoredInstance]
    let same: boolean
    if (c === 'breached') same = now === (was === true ? 1 : 0)
    else if (!INSTANCE_JSON_COLUMNS.has(c)) same = now === was
    else if (Array.isArray(was) && was.length === 0) same = now === '[]'
    else same = typeof now === 'string' && now.length <= COMPARED_JSON_LENGTH && JSON.stringify(was) === now
    if (!same) out.push(c)
  }
  return out
}

/** Multi-row statements with at most this many rows keep their compiled SQL text (per store). */
const CACHED_ROWS = 16

/** The column values of a history row. @internal */
export function historyColumns<J>(h: HistoryEntry, json: JsonEncoder<J>) {
  return {
    instance_id: h.instanceId,
    seq: h.seq,
    at: h.at,
    kind: h.kind,
    event: json(h.event),
    actor: json(h.actor),
    from_state: h.from,
    to_state: h.to,
    version: h.version,
    detail: json(h.detail),
    prev_hash: h.prevHash,
    hash: h.hash,
    key_id: h.keyId ?? null,
    row_digest: h.rowDigest ?? null,
  }
}

/** The column values of a timer row (a new timer is never leased). @internal */
export function timerColumns<J>(t: TimerRow, json: JsonEncoder<J>) {
  return { id: t.id, instance_id: t.instanceId, timer_key: t.key, due_at: t.dueAt, event: json(t.event), locked_by: null, locked_until: null }
}

/** The column values of a task row. @internal */
export function taskColumns<J>(t: TaskRow, json: JsonEncoder<J>) {
  return {
    id: t.id,
    instance_id: t.instanceId,
    process_id: t.processId,
    state_node: t.stateNode,
    role: t.role,
    org_unit: t.orgUnit,
    assignee: t.assignee,
    title: json(t.title),
    due_at: t.dueAt,
    due_sort: t.dueAt ?? NO_DUE_SORT,
    warn_at: t.warnAt,
    created_at: t.createdAt,
  }
}

/** The column values of an outbox row (a new message is never leased). @internal */
export function outboxColumns<J>(m: OutboxMessage, json: JsonEncoder<J>) {
  return {
    id: m.id,
    instance_id: m.instanceId,
    process_id: m.processId,
    type: m.type,
    params: json(m.params),
    event: json(m.event),
    context: json(m.context),
    created_at: m.createdAt,
    attempts: m.attempts,
    available_at: m.availableAt,
    last_error: m.lastError ?? null,
    locked_by: null,
    locked_until: null,
  }
}

/** The column values of an idempotency row. @internal */
export function idempotencyColumns<J>(r: IdempotencyRecord, json: JsonEncoder<J>) {
  return { idem_key: r.key, instance_id: r.instanceId, fingerprint: r.fingerprint, result: json(r.result), created_at: r.createdAt }
}

/** The error a lost compare-and-set turns into. @internal */
export function versionConflict(instanceId: string, expectedVersion: number | null, store: string): FengqiaoError<'VERSION_CONFLICT'> {
  return new FengqiaoError(
    'VERSION_CONFLICT',
    expectedVersion === null
      ? `Instance ${instanceId} already exists (${store} store): another command created it first.`
      : `Instance ${instanceId} changed concurrently (${store} store): it is no longer at version ${expectedVersion}. Reload it and retry.`,
    { instanceId, expectedVersion },
  )
}

/**
 * Builds a {@link SqlStore} on a Kysely instance whose table names are already mapped.
 *
 * @param db - Kysely with the {@link TableNamePlugin} installed
 * @param dialect - what differs on this database
 * @param tablePrefix - the prefix the plugin applies (reported on the store)
 * @returns the store; call `migrate()` before first use
 * @internal
 */
export function createSqlStore(db: Kysely<Db>, dialect: SqlDialectAdapter, tablePrefix: string): SqlStore {
  const storeName = dialect.name
  let closed = false

  const parse = (v: unknown): Json => {
    if (v === null || v === undefined) return null
    if (dialect.jsonParsedByDriver) return v as Json
    if (typeof v === 'string') return JSON.parse(v) as Json
    if (Buffer.isBuffer(v)) return JSON.parse(v.toString('utf8')) as Json
    return v as Json
  }

  const fail = (operation: string, e: unknown, mayConflict: boolean): Error => {
    if (isFengqiaoError(e)) return e
    const kind = dialect.classify(e)
    const message = e instanceof Error ? e.message : String(e)
    if (mayConflict && kind === 'conflict') {
      return new FengqiaoError('VERSION_CONFLICT', `The commit lost a race (${storeName} store): an instance, history entry or idempotency key it writes was written concurrently. Reload and retry.`, { store: storeName, driverMessage: message }, { cause: e })
    }
    if (kind === 'invalid-input') {
      return new FengqiaoError('INVALID_INPUT', `The ${storeName} database refused a value while trying to ${operation}: ${message}. The same command will fail again; correct its input (see the engine's limits option).`, { store: storeName, operation, driverMessage: message }, { cause: e })
    }
    if (kind === 'connection-lost' || kind === 'timeout' || kind === 'refused') {
      const why = kind === 'refused' ? 'could not connect, nothing was sent' : kind === 'timeout' ? 'a timeout expired and the statement was cancelled' : 'the connection broke during the call, which may or may not have taken effect'
      return new FengqiaoError('STORE_UNAVAILABLE', `The ${storeName} store failed to ${operation} (${why}): ${message}. Retry once the database answers.`, { store: storeName, operation, reason: kind }, { cause: e })
    }
    if (kind === 'missing-table') {
      return new FengqiaoError('STORE_UNAVAILABLE', `The ${storeName} store's tables (prefix '${tablePrefix}') do not exist: call store.migrate() once before use. (${message})`, { store: storeName, operation, tablePrefix }, { cause: e })
    }
    return new FengqiaoError('STORE_UNAVAILABLE', `The ${storeName} store failed to ${operation}: ${message}`, { store: storeName, operation }, { cause: e })
  }

  const run = async <T>(operation: string, fn: () => Promise<T>, mayConflict = false): Promise<T> => {
    if (closed) throw new FengqiaoError('CLOSED', `The ${storeName} store has been closed; create a new one.`, { store: storeName })
    try {
      return await fn()
    } catch (e) {
      throw fail(operation, e, mayConflict)
    }
  }

  const toInstance = (r: Selectable<InstancesTable>): StoredInstance => ({
    id: r.id,
    processId: r.process_id,
    processVersion: num(r.process_version),
    status: r.status as InstanceStatus,
    stateKey: r.state_key,
    snapshot: parse(r.snapshot),
    timers: parse(r.timers) as unknown as StoredInstance['timers'],
    tasks: parse(r.tasks) as unknown as StoredInstance['tasks'],
    version: num(r.version),
    orgUnit: r.org_unit,
    businessKey: r.business_key,
    parentId: r.parent_id,
    parentDoneEvent: r.parent_done_event,
    createdAt: num(r.created_at),
    updatedAt: num(r.updated_at),
    historySeq: num(r.history_seq),
    historyHash: r.history_hash,
    deadlines: parse(r.deadlines) as unknown as StoredInstance['deadlines'],
    dueAt: numOrNull(r.due_at),
    breached: num(r.breached) !== 0,
    completedAt: numOrNull(r.completed_at),
    outcome: r.outcome,
    escalations: num(r.escalations),
  })

  const toHistory = (r: Selectable<HistoryTable>): HistoryEntry => ({
    instanceId: r.instance_id,
    seq: num(r.seq),
    at: num(r.at),
    kind: r.kind as HistoryKind,
    event: parse(r.event),
    actor: parse(r.actor),
    from: r.from_state,
    to: r.to_state,
    version: num(r.version),
    detail: parse(r.detail),
    prevHash: r.prev_hash,
    hash: r.hash,
    // Absent rather than null when unkeyed, as the engine writes them.
    ...(r.key_id === null ? {} : { keyId: r.key_id }),
    ...(r.row_digest === null ? {} : { rowDigest: r.row_digest }),
  })

  const toTimer = (r: Selectable<TimersTable>): TimerRow => ({
    id: r.id,
    instanceId: r.instance_id,
    key: r.timer_key,
    dueAt: num(r.due_at),
    event: parse(r.event),
    lockedBy: r.locked_by,
    lockedUntil: numOrNull(r.locked_until),
  })

  const toTask = (r: Selectable<TasksTable>): TaskRow => ({
    id: r.id,
    instanceId: r.instance_id,
    processId: r.process_id,
    stateNode: r.state_node,
    role: r.role,
    orgUnit: r.org_unit,
    assignee: r.assignee,
    title: parse(r.title),
    dueAt: numOrNull(r.due_at),
    warnAt: numOrNull(r.warn_at),
    createdAt: num(r.created_at),
  })

  const toMessage = (r: Selectable<OutboxTable>): OutboxMessage => ({
    id: r.id,
    instanceId: r.instance_id,
    processId: r.process_id,
    type: r.type,
    params: parse(r.params),
    event: parse(r.event),
    context: parse(r.context),
    createdAt: num(r.created_at),
    attempts: num(r.attempts),
    availableAt: num(r.available_at),
    lastError: r.last_error,
  })

  /**
   * The SQL text of the hot statements, compiled once per shape (Kysely builds, transforms and
   * compiles a query on every call otherwise). `key` names the shape; `build` makes the query
   * on a miss; `params` are the parameters in the order the compiled text binds them.
   */
  const texts = new Map<string, string>()
  const compile = (key: string | undefined, build: () => Compilable<unknown>, params: unknown[]): { sql: string; params: unknown[] } => {
    // Not cached (a large multi-row statement): Kysely compiles it with its own parameters.
    if (key === undefined) {
      const compiled = build().compile()
      return { sql: compiled.sql, params: [...compiled.parameters] }
    }
    let text = texts.get(key)
    if (text === undefined) {
      const compiled = build().compile()
      // The parameters given must be the ones Kysely binds, in its order (checked once per shape).
      if (JSON.stringify(compiled.parameters) !== JSON.stringify(params)) throw new Error(`Internal error: the parameters of the cached statement '${key}' do not match its SQL.`)
      text = compiled.sql
      texts.set(key, text)
    }
    return { sql: text, params }
  }
  const execute = async <R>(executor: Kysely<Db>, key: string | undefined, build: () => Compilable<unknown>, params: unknown[]): Promise<{ rows: R[] }> => {
    const c = compile(key, build, params)
    // Outside a transaction, straight to the driver where the dialect allows it.
    if (executor === db && dialect.query !== undefined) return { rows: (await dialect.query(c.sql, c.params)).rows as R[] }
    return executor.executeQuery<R>(CompiledQuery.raw(c.sql, c.params))
  }
  /** A read, on the dialect's fastest path. */
  const select = async <R>(key: string, build: () => Compilable<unknown>, params: unknown[]): Promise<R[]> => {
    if (dialect.sync === undefined) return (await execute<R>(db, key, build, params)).rows
    const c = compile(key, build, params)
    return (await dialect.sync.all(c.sql, c.params)) as R[]
  }
  /** The cache key of a multi-row statement, or undefined (not cached) for a large one. */
  const rowsKey = (name: string, n: number): string | undefined => (n <= CACHED_ROWS ? `${name}:${n}` : undefined)

  /** Multi-row insert-or-replace by id (timers, tasks, outbox: a row written again is replaced). */
  const upsert = (out: CommitStatement[], table: 'timers' | 'tasks' | 'outbox', rows: readonly object[]): void => {
    const first = rows[0]
    if (first === undefined) return
    const columns = Object.keys(first).filter((c) => c !== 'id')
    for (const part of chunks(rows)) {
      // The three tables share what this needs (an `id` key); Kysely cannot see that through a union.
      const build = () => {
        const insert = db.insertInto(table as 'timers').values(part as Insertable<TimersTable>[])
        return dialect.supports.onConflict
          ? insert.onConflict((oc) => oc.column('id').doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]))))
          : insert.onDuplicateKeyUpdate(Object.fromEntries(columns.map((c) => [c, sql`values(${sql.ref(c)})`])))
      }
      out.push(compile(rowsKey(`upsert-${table}`, part.length), build, part.flatMap((r): unknown[] => Object.values(r))))
    }
  }

  const remove = (out: CommitStatement[], table: 'timers' | 'tasks' | 'outbox', ids: readonly string[]): void => {
    for (const part of chunks(ids)) out.push(compile(rowsKey(`delete-${table}`, part.length), () => db.deleteFrom(table).where('id', 'in', part), part))
  }

  /** The statements of a commit, in order, compiled. */
  const statementsOf = (change: ChangeSet): CommitStatement[] => {
    const out: CommitStatement[] = []
    for (const w of change.instances) {
      const row = instanceColumns(w.row, toText)
      if (w.expectedVersion === null) {
        // A duplicate id fails with a unique violation, classified as a conflict.
        out.push(compile('insert-instance', () => db.insertInto('instances').values(row), Object.values(row)))
      } else {
        // Only the columns this step changed: the indexes on the others are left alone.
        const values = row as Record<string, unknown>
        const columns = w.previous === undefined ? UPDATED_INSTANCE_COLUMNS : changedColumns(values, w.previous)
        const params = columns.map((c) => values[c])
        params.push(row.id, w.expectedVersion)
        const expected = w.expectedVersion
        const set = () => Object.fromEntries(columns.map((c) => [c, values[c]]))
        const update = compile(`update-instance:${columns.join(',')}`, () => db.updateTable('instances').set(set()).where('id', '=', row.id).where('version', '=', expected), params)
        out.push({ ...update, cas: { id: row.id, expectedVersion: expected } })
      }
    }
    for (const part of chunks(change.history)) {
      const rows = part.map((h) => historyColumns(h, toText))
      out.push(compile(rowsKey('insert-history', rows.length), () => db.insertInto('history').values(rows), rows.flatMap((r) => Object.values(r))))
    }
    const timers = change.timers
    if (timers !== undefined) {
      remove(out, 'timers', timers.delete)
      upsert(out, 'timers', lastById(timers.insert).map((t) => timerColumns(t, toText)))
    }
    const tasks = change.tasks
    if (tasks !== undefined) {
      remove(out, 'tasks', tasks.close)
      upsert(out, 'tasks', lastById(tasks.open).map((t) => taskColumns(t, toText)))
    }
    if (change.outbox !== undefined) upsert(out, 'outbox', lastById(change.outbox).map((m) => outboxColumns(m, toText)))
    if (change.idempotency !== undefined) {
      const row = idempotencyColumns(change.idempotency, toText)
      out.push(compile('insert-idempotency', () => db.insertInto('idempotency').values(row), Object.values(row)))
    }
    return out
  }

  const refuse = (s: CommitStatement): Error => versionConflict(s.cas?.id ?? '', s.cas?.expectedVersion ?? null, storeName)

  const applyChange = async (trx: Kysely<Db>, statements: readonly CommitStatement[]): Promise<void> => {
    for (const s of statements) {
      const result = await trx.executeQuery(CompiledQuery.raw(s.sql, s.params))
      if (s.cas !== undefined && result.numAffectedRows !== 1n) throw refuse(s)
    }
  }

  const remover = (table: 'timers' | 'outbox') => async (w: Kysely<Db>, ids: readonly string[]) => {
    const statements: CommitStatement[] = []
    remove(statements, table, ids)
    for (const st of statements) await w.executeQuery(CompiledQuery.raw(st.sql, st.params))
  }

  /**
   * Leases up to `limit` claimable rows of `timers` or `outbox` to `owner`, oldest first: rows
   * ready at `now` whose lease (if any) has run out. Concurrent claimers get disjoint rows.
   */
  const claim = async (table: 'timers' | 'outbox', now: number, limit: number, owner: string, leaseMs: number): Promise<Record<string, unknown>[]> => {
    if (!Number.isInteger(limit) || limit < 1) return []
    const until = now + leaseMs
    const { readyAt, order } = CLAIM_ORDER[table]
    const lockedUntil = sql.ref('locked_until')
    const ready = sql<SqlBool>`${sql.ref(readyAt)} <= ${now} and (${lockedUntil} is null or ${lockedUntil} <= ${now})`
    const orderBy = sql.join(order.map((c) => sql.ref(c)))
    const skipLocked = dialect.supports.skipLocked ? sql` for update skip locked` : sql``
    // Both tables have `id`, `locked_by` and `locked_until`; Kysely is told it is `timers`.
    const t = table as 'timers'
    let rows: Record<string, unknown>[]
    if (dialect.supports.updateReturning) {
      // One statement: lease what the subquery picks (PostgreSQL: skipping rows others are leasing).
      const build = (w: Kysely<Db>) =>
        w
          .updateTable(t)
          .set({ locked_by: owner, locked_until: until })
          .where('id', 'in', sql<string>`(select ${sql.ref('id')} from ${sql.table(table)} where ${ready} order by ${orderBy} limit ${limit}${skipLocked})`)
          .returningAll()
      rows = await dialect.write(db, async (w) => (await execute<Record<string, unknown>>(w, `claim-${table}`, () => build(w), [owner, until, now, now, limit])).rows)
    } else {
      rows = await dialect.transaction(
        db,
        async (trx) => {
          // MySQL: without FORCE INDEX, on a small table, both statements may walk every row,
          // and what they walk they lock — hiding rows from concurrent claimers that SKIP LOCKED.
          const force = (index: RawBuilder<unknown>) => (dialect.supports.forceIndex ? sql` force index (${index})` : sql``)
          const { rows: found } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}${force(sql.id(tablePrefix + CLAIM_INDEX[table]))} where ${ready} order by ${orderBy} limit ${limit}${skipLocked}`.execute(trx)
          if (found.length > 0) {
            const ids = sql.join(found.map((r) => String(r.id)))
            await sql`update ${sql.table(table)}${force(sql`primary`)} set ${sql.ref('locked_by')} = ${owner}, ${sql.ref('locked_until')} = ${until} where ${sql.ref('id')} in (${ids})`.execute(trx)
          }
          return found.map((r) => ({ ...r, locked_by: owner, locked_until: until }))
        },
        { readCommitted: true },
      )
    }
    // RETURNING gives no order: restore the claim order.
    return rows.sort((a, b) => {
      for (const c of order) {
        const x = a[c]
        const y = b[c]
        if (c === 'id') {
          if (x !== y) return String(x) < String(y) ? -1 : 1
        } else if (Number(x) !== Number(y)) return Number(x) - Number(y)
      }
      return 0
    })
  }

  const page = <R, T>(rows: R[], limit: number, toItem: (r: R) => T, key: (r: R) => [number, string]): Page<T> => {
    const more = rows.length > limit
    const items = rows.slice(0, limit)
    const last = items[items.length - 1]
    if (!more || last === undefined) return { items: items.map(toItem) }
    const [sortKey, id] = key(last)
    return { items: items.map(toItem), nextCursor: encodeCursor(sortKey, id) }
  }

  /** `(sort, id) > (sortKey, id)` without row values, which some optimizers handle poorly. */
  const after = (sortColumn: Expression<unknown>, sortKey: number, id: string) =>
    sql<SqlBool>`(${sortColumn} > ${sortKey} or (${sortColumn} = ${sortKey} and ${sql.ref('id')} > ${id}))`

  const store: SqlStore = {
    name: storeName,
    tablePrefix,

    async migrate() {
      await run('migrate', () => runMigrations(db, dialect, tablePrefix))
    },

    async dropTables() {
      await run('drop tables', () => dropTables(db, dialect))
    },

    async getInstance(id) {
      const rows = await run('read an instance', () => select<Selectable<InstancesTable>>('get-instance', () => db.selectFrom('instances').selectAll().where('id', '=', id), [id]))
      const row = rows[0]
      return row === undefined ? undefined : toInstance(row)
    },

    async commit(change) {
      await run(
        'commit',
        async () => {
          if (dialect.commitInOneStatement !== undefined && (await dialect.commitInOneStatement(db, change))) return
          const statements = statementsOf(change)
          if (dialect.sync !== undefined) await dialect.sync.commit(statements, refuse)
          else await dialect.transaction(db, (trx) => applyChange(trx, statements))
        },
        true,
      )
    },

    async rewritePersonal(instanceId, entries, change) {
      await run(
        'erase personal data',
        async () => {
          const statements: CommitStatement[] = entries.map((e) => {
            const event = toText(e.event)
            // Checked like a versioned update: a missing entry refuses the whole change.
            const update = compile('rewrite-history-event', () => db.updateTable('history').set({ event }).where('instance_id', '=', instanceId).where('seq', '=', e.seq), [event, instanceId, e.seq])
            return { ...update, cas: { id: instanceId, expectedVersion: e.seq } }
          })
          statements.push(...statementsOf(change))
          if (dialect.sync !== undefined) await dialect.sync.commit(statements, refuse)
          else await dialect.transaction(db, (trx) => applyChange(trx, statements))
        },
        true,
      )
    },

    async purge(completedBefore, limit) {
      checkLimit(limit)
      checkTime(completedBefore)
      return run('purge closed cases', () =>
        dialect.transaction(db, async (trx) => {
          const rows = await trx
            .selectFrom('instances')
            .select('id')
            .where('status', '<>', 'active')
            .where('completed_at', '<', completedBefore)
            .orderBy('completed_at')
            .orderBy('id')
            .limit(limit)
            .execute()
          const ids = rows.map((r) => r.id)
          for (const part of chunks(ids)) {
            for (const table of ['history', 'timers', 'tasks', 'outbox', 'idempotency'] as const) await trx.deleteFrom(table).where('instance_id', 'in', part).execute()
            await trx.deleteFrom('instances').where('id', 'in', part).execute()
          }
          return ids
        }),
      )
    },

    async history(instanceId: string, range: HistoryRange = {}) {
      const rows = await run('read history', () => {
        let q = db.selectFrom('history').selectAll().where('instance_id', '=', instanceId)
        if (range.fromSeq !== undefined) q = q.where('seq', '>=', range.fromSeq)
        if (range.toSeq !== undefined) q = q.where('seq', '<=', range.toSeq)
        return q.orderBy('seq').execute()
      })
      return rows.map(toHistory)
    },

    async findInstances(filter: InstanceFilter, request: PageRequest) {
      checkLimit(request.limit)
      const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor)
      const units = asList(filter.orgUnit)
      const processes = asList(filter.processId)
      if (units?.length === 0 || processes?.length === 0) return { items: [] }
      const rows = await run('find instances', () => {
        let q = db.selectFrom('instances').selectAll()
        if (processes !== undefined) q = processes.length === 1 ? q.where('process_id', '=', processes[0] as string) : q.where('process_id', 'in', processes)
        if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom)
        if (filter.createdBefore !== undefined) q = q.where('created_at', '<', filter.createdBefore)
        if (filter.status !== undefined) q = q.where('status', '=', filter.status)
        if (units !== undefined) q = units.length === 1 ? q.where('org_unit', '=', units[0] as string) : q.where('org_unit', 'in', units)
        if (filter.businessKey !== undefined) q = q.where('business_key', '=', filter.businessKey)
        if (filter.parentId !== undefined) q = q.where('parent_id', '=', filter.parentId)
        if (cursor !== undefined) q = q.where(after(sql.ref('created_at'), cursor.sortKey, cursor.id))
        return q.orderBy('created_at').orderBy('id').limit(request.limit + 1).execute()
      })
      return page(rows, request.limit, toInstance, (r) => [num(r.created_at), r.id])
    },

    async findTasks(filter: TaskFilter, request: PageRequest) {
      checkLimit(request.limit)
      const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor)
      const roles = asList(filter.role)
      const units = asList(filter.orgUnit)
      if (roles?.length === 0 || units?.length === 0) return { items: [] }
      const rows = await run('find tasks', () => {
        let q = db.selectFrom('tasks').selectAll()
        if (roles !== undefined) q = roles.length === 1 ? q.where('role', '=', roles[0] as string) : q.where('role', 'in', roles)
        if (units !== undefined) q = units.length === 1 ? q.where('org_unit', '=', units[0] as string) : q.where('org_unit', 'in', units)
        if (filter.assignee !== undefined) q = q.where('assignee', '=', filter.assignee)
        if (filter.processId !== undefined) q = q.where('process_id', '=', filter.processId)
        if (filter.instanceId !== undefined) q = q.where('instance_id', '=', filter.instanceId)
        // Tasks without a due date sort at NO_DUE_SORT, so this also leaves them out.
        if (filter.dueBefore !== undefined) q = q.where('due_sort', '<', Math.min(filter.dueBefore, NO_DUE_SORT))
        if (filter.colour !== undefined) {
          const { colour, now } = filter.colour
          // red: due; yellow: not due but past the warning; green: neither. NULL compares false.
          if (colour === 'red') q = q.where('due_sort', '<=', now).where('due_at', '<=', now)
          else {
            q = q.where((eb) => eb.or([eb('due_at', 'is', null), eb('due_at', '>', now)]))
            q = colour === 'yellow' ? q.where('warn_at', '<=', now) : q.where((eb) => eb.or([eb('warn_at', 'is', null), eb('warn_at', '>', now)]))
          }
        }
        if (cursor !== undefined) q = q.where(after(sql.ref('due_sort'), cursor.sortKey, cursor.id))
        return q.orderBy('due_sort').orderBy('id').limit(request.limit + 1).execute()
      })
      return page(rows, request.limit, toTask, (r) => [num(r.due_sort), r.id])
    },

    async claimDueTimers(now, limit, owner, leaseMs) {
      const rows = await run('claim timers', () => claim('timers', now, limit, owner, leaseMs))
      return rows.map((r) => toTimer(r as Selectable<TimersTable>))
    },

    async deleteTimers(ids) {
      if (ids.length === 0) return
      await run('delete timers', async () => {
        for (const part of chunks(ids)) await dialect.write(db, (w) => remover('timers')(w, part))
      })
    },

    async nextTimerDue() {
      const row = await run('read the next timer', () =>
        db
          .selectFrom('timers')
          .select((eb) => eb.fn.min('due_at').as('due'))
          .executeTakeFirst(),
      )
      return row?.due === null || row?.due === undefined ? undefined : num(row.due)
    },

    async claimOutbox(now, limit, owner, leaseMs) {
      const rows = await run('claim outbox messages', () => claim('outbox', now, limit, owner, leaseMs))
      return rows.map((r) => toMessage(r as Selectable<OutboxTable>))
    },

    async ackOutbox(ids) {
      if (ids.length === 0) return
      await run('acknowledge outbox messages', async () => {
        for (const part of chunks(ids)) await dialect.write(db, (w) => remover('outbox')(w, part))
      })
    },

    async retryOutbox(id, availableAt, error) {
      await run('retry an outbox message', () =>
        dialect.write(db, (w) =>
          w
            .updateTable('outbox')
            .set({ attempts: sql<number>`${sql.ref('attempts')} + 1`, available_at: availableAt, last_error: error, locked_by: null, locked_until: null })
            .where('id', '=', id)
            .execute(),
        ),
      )
    },

    async findIdempotent(key) {
      const row = await run('read an idempotency record', () => db.selectFrom('idempotency').selectAll().where('idem_key', '=', key).executeTakeFirst())
      return row === undefined
        ? undefined
        : { key: row.idem_key, instanceId: row.instance_id, fingerprint: row.fingerprint, result: parse(row.result), createdAt: num(row.created_at) }
    },

    async pruneIdempotency(before, limit) {
      checkLimit(limit)
      checkTime(before)
      const result = await run('prune idempotency records', () =>
        dialect.write(db, (w) =>
          // MySQL cannot delete from a table it selects from, but deletes in order with a limit.
          dialect.name === 'mysql'
            ? w.deleteFrom('idempotency').where('created_at', '<', before).orderBy('created_at').orderBy('idem_key').limit(limit).executeTakeFirst()
            : w
                .deleteFrom('idempotency')
                .where('idem_key', 'in', (eb) => eb.selectFrom('idempotency').select('idem_key').where('created_at', '<', before).orderBy('created_at').orderBy('idem_key').limit(limit))
                .executeTakeFirst(),
        ),
      )
      return Number(result.numDeletedRows)
    },

    async chainHeads(request: PageRequest) {
      checkLimit(request.limit)
      const cursor = request.cursor === undefined ? undefined : decodeCursor(request.cursor)
      const rows = await run('read chain heads', () => {
        let q = db.selectFrom('instances').select(['id', 'history_seq', 'history_hash'])
        if (cursor !== undefined) q = q.where('id', '>', cursor.id)
        return q.orderBy('id').limit(request.limit + 1).execute()
      })
      return page(rows, request.limit, (r): ChainHead => ({ instanceId: r.id, seq: num(r.history_seq), hash: r.history_hash }), (r) => [0, r.id])
    },

    async close() {
      if (closed) return
      closed = true
      await db.destroy()
    },
  }
  return store
}

/**
 * Loads a database driver on first use, so that installing one driver is enough.
 *
 * @throws {FengqiaoError} STORE_UNAVAILABLE naming the package to install when it is missing
 * @internal
 */
export async function loadDriver<T>(packageName: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load()
  } catch (e) {
    throw new FengqiaoError('STORE_UNAVAILABLE', `Cannot load the database driver '${packageName}': install it next to @fengqiao/adapter-sql (pnpm add ${packageName}).`, { driver: packageName }, { cause: e })
  }
}

/** A property of a driver error (`code`, `errno`, …), if the error has it. @internal */
export function errorProperty(e: unknown, key: string): unknown {
  return typeof e === 'object' && e !== null ? (e as Record<string, unknown>)[key] : undefined
}
