/**
 * The PostgreSQL store (driver: `pg`). Also the path to PostgreSQL-compatible servers.
 *
 * A commit that writes one instance — nearly every command — is a single statement: the
 * compare-and-set UPDATE (or INSERT … ON CONFLICT DO NOTHING) in a CTE, and every other write
 * guarded by `EXISTS (SELECT 1 FROM w)`, rows passed as one JSON document per table. One round
 * trip, atomic on its own. Change sets with several instances use a transaction.
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { FengqiaoError, type ChangeSet, type Json } from '@fengqiao/core/store'
import { Kysely, PostgresDialect, sql, type PostgresPool, type RawBuilder } from 'kysely'
import {
  createSqlStore,
  errorProperty,
  historyColumns,
  idempotencyColumns,
  instanceColumns,
  lastById,
  loadDriver,
  outboxColumns,
  taskColumns,
  tablePrefixOf,
  timerColumns,
  UPDATED_INSTANCE_COLUMNS,
  changedColumns,
  toText,
  versionConflict,
  type Db,
  type ErrorKind,
  type JsonEncoder,
  type SqlDialectAdapter,
  type SqlStore,
  type SqlStoreOptions,
} from './sql-store.js'
import { absorbErrors, CLIENT_GRACE_MS, socketFault, timeoutsOf } from './connection-faults.js'
import { isSafeIdentifier, TableNamePlugin, type TableName } from './table-name-plugin.js'

/** Where {@link postgresStore} gets connections: a `pg` pool you own, or a connection string. */
export type PostgresConnection =
  /** A `pg.Pool` (or compatible); the store borrows it and leaves it open on `close()`. */
  | { readonly pool: PostgresPool }
  /** A `postgres://` URL; the store creates (and on `close()` ends) its own `pg.Pool`. */
  | { readonly connectionString: string }

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions extends SqlStoreOptions {
  /**
   * The schema that holds the tables; `migrate()` creates it when missing.
   *
   * @defaultValue the first schema on the connection's `search_path` (usually `public`)
   */
  readonly schema?: string
  /**
   * Send the hot statements (commits, reads of one instance, claims) as named prepared
   * statements, so that the server parses and plans each once per connection. Turn off behind a
   * pooler that does not keep prepared statements across transactions (PgBouncer in transaction
   * mode before 1.21, or with `max_prepared_statements = 0`).
   *
   * @defaultValue true
   */
  readonly preparedStatements?: boolean
}

/** One statement straight on a pool (see {@link SqlDialectAdapter.query}). */
type Query = (text: string, params: unknown[]) => Promise<{ readonly rows: unknown[]; readonly affected: number }>

/** What the store needs of a `pg` client: a query with an optional statement name. */
interface NamedQueryClient {
  query(config: { readonly name?: string; readonly text: string; readonly values: unknown[] }): Promise<{ rows: unknown[]; rowCount: number | null }>
  release(): void
}

/**
 * Runs statements on a pool without Kysely's executor, each as a named prepared statement (the
 * name a hash of its text, so one text always has one name) unless `prepared` is false.
 */
function directQuery(pool: () => Promise<PostgresPool>, prepared: boolean): Query {
  const names = new Map<string, string>()
  const nameOf = (text: string): string => {
    let name = names.get(text)
    if (name === undefined) {
      name = `fq_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`
      names.set(text, name)
    }
    return name
  }
  // A statement prepared before a migration changed its table (a column added under `select *`)
  // fails with "cached plan must not change result type": prepare it again under a new name.
  const renew = (text: string): void => {
    const name = nameOf(text)
    const [base, generation] = name.split('-')
    names.set(text, `${base as string}-${Number(generation ?? 0) + 1}`)
  }
  return async (text, values) => {
    const client = (await (await pool()).connect()) as unknown as NamedQueryClient
    try {
      if (!prepared) {
        const r = await client.query({ text, values })
        return { rows: r.rows, affected: r.rowCount ?? 0 }
      }
      for (let attempt = 0; ; attempt++) {
        try {
          const r = await client.query({ name: nameOf(text), text, values })
          return { rows: r.rows, affected: r.rowCount ?? 0 }
        } catch (e) {
          if (attempt > 0 || errorProperty(e, 'code') !== '0A000') throw e
          renew(text)
        }
      }
    } finally {
      client.release()
    }
  }
}

/** What the store needs of a checked-out `pg` client to keep it from harming the process or the pool. */
interface GuardedClient {
  query: (...args: unknown[]) => unknown
  release: (error?: unknown) => void
}

/**
 * Wraps a pool so that every client the store checks out (a) has an error listener — the pool
 * listens to idle clients only, and a checked-out client whose server goes away (restart,
 * network) emits 'error' with nobody listening, which crashes the process — and (b) goes back to
 * the pool as broken when one of its statements failed on the connection: pg keeps a client whose
 * query timed out, its silent statement still pending on it.
 */
function guardedPool(pool: PostgresPool, owned: boolean): PostgresPool {
  return {
    connect: async () => {
      const client = (await pool.connect()) as unknown as GuardedClient
      absorbErrors(client)
      let broken: unknown
      const query = client.query
      const release = client.release
      client.query = function (this: unknown, ...args: unknown[]) {
        const result = query.apply(client, args) as Promise<unknown> | undefined
        // A side branch that only records the failure; the caller still gets the rejection.
        if (result !== undefined && typeof result.then === 'function') result.then(undefined, (e: unknown) => { if (socketFault(e) !== undefined) broken = e })
        return result
      }
      client.release = (error?: unknown) => {
        client.query = query
        client.release = release
        release.call(client, error ?? (broken === undefined ? undefined : true))
      }
      return client as never
    },
    end: owned ? () => pool.end() : async () => undefined,
  }
}

/** Class id of the store's advisory locks (`'fq'`), so they do not collide with an application's. */
const LOCK_CLASS = 0x6671

/** FNV-1a, as a signed 32-bit integer: the advisory lock key of a schema. */
function lockKey(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h | 0
}

function classify(e: unknown): ErrorKind {
  const code = errorProperty(e, 'code')
  // unique_violation, serialization_failure, deadlock_detected: the commit lost a race.
  if (code === '23505' || code === '40001' || code === '40P01') return 'conflict'
  if (code === '42P01') return 'missing-table'
  // query_canceled (statement_timeout), lock_not_available (lock_timeout).
  if (code === '57014' || code === '55P03') return 'timeout'
  // admin_shutdown, crash_shutdown, cannot_connect_now, and the connection_exception class.
  if (code === '57P01' || code === '57P02') return 'connection-lost'
  if (code === '57P03' || code === '08001' || code === '08004') return 'refused'
  if (typeof code === 'string' && code.startsWith('08')) return 'connection-lost'
  // Data exceptions (22xxx: U+0000 in text, a value too long, bad encoding) and
  // program_limit_exceeded (54000: an index row too large) fail the same way every time.
  if (typeof code === 'string' && (code.startsWith('22') || code === '54000')) return 'invalid-input'
  return socketFault(e) ?? 'other'
}

const embed: JsonEncoder<Json> = (v) => v

/** PostgreSQL types of the instance columns, for the casts of typed parameters. @internal */
export const INSTANCE_TYPES: Readonly<Record<string, string>> = {
  id: 'text',
  process_id: 'text',
  process_version: 'integer',
  status: 'text',
  state_key: 'text',
  snapshot: 'jsonb',
  timers: 'jsonb',
  tasks: 'jsonb',
  version: 'integer',
  org_unit: 'text',
  business_key: 'text',
  parent_id: 'text',
  parent_done_event: 'text',
  created_at: 'bigint',
  updated_at: 'bigint',
  history_seq: 'integer',
  history_hash: 'text',
  deadlines: 'jsonb',
  due_at: 'bigint',
  breached: 'integer',
  completed_at: 'bigint',
  outcome: 'text',
  escalations: 'integer',
}

/** PostgreSQL types of the history columns. @internal */
export const HISTORY_TYPES: Readonly<Record<string, string>> = {
  instance_id: 'text',
  seq: 'integer',
  at: 'bigint',
  kind: 'text',
  event: 'jsonb',
  actor: 'jsonb',
  from_state: 'text',
  to_state: 'text',
  version: 'integer',
  detail: 'jsonb',
  prev_hash: 'text',
  hash: 'text',
  key_id: 'text',
  row_digest: 'text',
}

const overlaps = (a: readonly string[] | undefined, b: readonly { id: string }[] | undefined): boolean => {
  if (a === undefined || b === undefined || a.length === 0 || b.length === 0) return false
  const ids = new Set(a)
  return b.some((r) => ids.has(r.id))
}

/**
 * Makes the one-statement commit of a store: a one-instance change set in one statement. The
 * statement returned refuses (returns false, nothing done) change sets it does not handle:
 * several instances, or a row deleted and re-inserted in one go (a single statement cannot touch
 * a row twice). Its SQL text depends only on which kinds of rows a change set writes, so it is
 * compiled once per such shape.
 */
function oneStatementCommit(query: Query): (db: Kysely<Db>, change: ChangeSet) => Promise<boolean> {
  const texts = new Map<string, string>()
  return async (db, change) => {
    const [write, ...more] = change.instances
    if (write === undefined || more.length > 0) return false
    if (overlaps(change.timers?.delete, change.timers?.insert) || overlaps(change.tasks?.close, change.tasks?.open)) return false
    // The parts of the statement, each with its parameters in the order its SQL binds them.
    type Part = { readonly alias: string; readonly params: readonly unknown[]; readonly build: () => RawBuilder<unknown> }
    const parts: Part[] = []
    const table = (name: TableName) => sql.table(name)
    const rowsOf = (name: TableName, json: string) => sql`select * from jsonb_populate_recordset(null::${table(name)}, ${json}::jsonb)`
    const won = sql`exists (select 1 from w)`
    // The instance and (usually one) history row as typed parameters, like a hand-written
    // statement: the server parses no JSON document for them.
    const row = instanceColumns(write.row, toText) as Record<string, unknown>
    const typed = (value: unknown, type: string) => sql`${value}::${sql.raw(type)}`
    if (write.expectedVersion === null) {
      const columns = Object.keys(row)
      const values = columns.map((c) => row[c])
      parts.push({
        alias: 'w+',
        params: values,
        build: () =>
          sql`w as (insert into ${table('instances')} (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(columns.map((c) => typed(row[c], INSTANCE_TYPES[c] as string)))}) on conflict (id) do nothing returning id)`,
      })
    } else {
      const expected = write.expectedVersion
      // Only the columns this step changed: fewer parameters, and the update stays HOT-friendly.
      const columns = write.previous === undefined ? UPDATED_INSTANCE_COLUMNS : changedColumns(row, write.previous)
      parts.push({
        alias: `w:${columns.join(',')}`,
        params: [...columns.map((c) => row[c]), row.id, expected],
        build: () =>
          sql`w as (update ${table('instances')} set ${sql.join(columns.map((c) => sql`${sql.ref(c)} = ${typed(row[c], INSTANCE_TYPES[c] as string)}`))} where id = ${row.id} and version = ${expected} returning id)`,
      })
    }
    const [only, ...otherEntries] = change.history
    if (only !== undefined && otherEntries.length === 0) {
      const h = historyColumns(only, toText) as Record<string, unknown>
      const columns = Object.keys(h)
      parts.push({
        alias: 'h1',
        params: columns.map((c) => h[c]),
        build: () => sql`h as (insert into ${table('history')} (${sql.join(columns.map((c) => sql.ref(c)))}) select ${sql.join(columns.map((c) => typed(h[c], HISTORY_TYPES[c] as string)))} from w)`,
      })
    }
    const insert = (alias: string, name: TableName, rows: readonly object[]) => {
      if (rows.length === 0) return
      const json = JSON.stringify(rows)
      parts.push({ alias, params: [json], build: () => sql`${sql.id(alias)} as (insert into ${table(name)} ${rowsOf(name, json)} where ${won})` })
    }
    const upsert = (alias: string, name: TableName, rows: readonly object[]) => {
      const first = rows[0]
      if (first === undefined) return
      const json = JSON.stringify(rows)
      const set = () => sql.join(Object.keys(first).filter((c) => c !== 'id').map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`))
      parts.push({ alias, params: [json], build: () => sql`${sql.id(alias)} as (insert into ${table(name)} ${rowsOf(name, json)} where ${won} on conflict (id) do update set ${set()})` })
    }
    const remove = (alias: string, name: TableName, ids: readonly string[] | undefined) => {
      if (ids !== undefined && ids.length > 0) parts.push({ alias, params: [ids], build: () => sql`${sql.id(alias)} as (delete from ${table(name)} where id = any(${ids}::text[]) and ${won})` })
    }
    if (change.history.length !== 1) insert('h', 'history', change.history.map((h) => historyColumns(h, embed)))
    remove('td', 'timers', change.timers?.delete)
    upsert('ti', 'timers', lastById(change.timers?.insert ?? []).map((t) => timerColumns(t, embed)))
    remove('kc', 'tasks', change.tasks?.close)
    upsert('ko', 'tasks', lastById(change.tasks?.open ?? []).map((t) => taskColumns(t, embed)))
    upsert('ob', 'outbox', lastById(change.outbox ?? []).map((m) => outboxColumns(m, embed)))
    // A taken key fails the whole statement with a unique violation, classified as a conflict.
    if (change.idempotency !== undefined) insert('ik', 'idempotency', [idempotencyColumns(change.idempotency, embed)])
    const shape = parts.map((p) => p.alias).join(',')
    const params = parts.flatMap((p) => p.params)
    let text = texts.get(shape)
    if (text === undefined) {
      const compiled = sql`with ${sql.join(parts.map((p) => p.build()))} select count(*)::int as n from w`.compile(db)
      if (JSON.stringify(compiled.parameters) !== JSON.stringify(params)) throw new Error(`Internal error: the parameters of the commit statement '${shape}' do not match its SQL.`)
      text = compiled.sql
      texts.set(shape, text)
    }
    const result = await query(text, params)
    if ((result.rows[0] as { n?: unknown } | undefined)?.n !== 1) throw versionConflict(write.row.id, write.expectedVersion, 'postgres')
    return true
  }
}

function postgresDialect(schema: string | undefined, query: Query): SqlDialectAdapter {
  return {
    name: 'postgres',
    jsonParsedByDriver: true,
    supports: { updateReturning: true, skipLocked: true, onConflict: true, forceIndex: false },
    transaction: (db, fn) => db.transaction().execute(fn),
    write: (db, fn) => fn(db),
    commitInOneStatement: oneStatementCommit(query),
    query,
    classify,
    withMigrationLock: (db, fn) =>
      db.transaction().execute(async (trx) => {
        // Released at commit or rollback; keyed by schema so that every prefix in it serializes.
        await sql`select pg_advisory_xact_lock(${LOCK_CLASS}::int, ${lockKey(schema ?? '')}::int)`.execute(trx)
        if (schema !== undefined) await trx.schema.createSchema(schema).ifNotExists().execute()
        return fn(trx)
      }),
    ddl: async () => ({ key: sql`text collate "C"`, text: 'text', longText: 'text', json: 'jsonb', indexIfNotExists: true }),
  }
}

/**
 * Creates a store on PostgreSQL (or a compatible server) through the `pg` driver, which must be
 * installed. Connections are opened on first use; call `migrate()` once before the first command.
 *
 * @param connection - `{ connectionString }` to let the store own a pool, or `{ pool }` to lend it yours
 * @param options - table prefix and schema
 * @returns a {@link SqlStore}
 * @throws {FengqiaoError} INVALID_OPTIONS for an unusable table prefix or schema name
 * @example
 * ```ts
 * import { postgresStore } from '@fengqiao/adapter-sql'
 *
 * const store = postgresStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/cases' })
 * await store.migrate()
 * ```
 */
export function postgresStore(connection: PostgresConnection, options: PostgresStoreOptions = {}): SqlStore {
  const prefix = tablePrefixOf(options)
  const schema = options.schema
  if (schema !== undefined && !isSafeIdentifier(schema, false)) {
    throw new FengqiaoError('INVALID_OPTIONS', `The schema name ${JSON.stringify(schema)} is not usable: use at most 32 letters, digits and underscores, not starting with a digit.`, { schema })
  }
  const timeouts = timeoutsOf(options.timeouts)
  let pool: () => Promise<PostgresPool>
  if ('pool' in connection) {
    // The caller owns the pool: closing the store must not end it.
    const borrowed = connection.pool
    pool = async () => guardedPool(borrowed, false)
  } else {
    const { connectionString } = connection
    pool = async () => {
      const pg = await loadDriver('pg', async () => (await import('pg')).default)
      const own = new pg.Pool({
        connectionString,
        connectionTimeoutMillis: timeouts.connectMs,
        // Set by the server on each session: it cancels and rolls back what runs too long.
        statement_timeout: timeouts.statementMs,
        lock_timeout: timeouts.lockMs,
        // A server that does not answer at all cannot cancel anything: the client gives up too.
        query_timeout: timeouts.statementMs + CLIENT_GRACE_MS,
        keepAlive: true,
      })
      // An idle client that dies is dropped by the pool, which emits 'error' on itself.
      absorbErrors(own)
      return guardedPool(own, true)
    }
  }
  // Kysely and the direct path share one pool, made on first use.
  let making: Promise<PostgresPool> | undefined
  const shared = (): Promise<PostgresPool> => (making ??= pool())
  const db = new Kysely<Db>({ dialect: new PostgresDialect({ pool: shared }), plugins: [new TableNamePlugin(prefix, schema)] })
  return createSqlStore(db, postgresDialect(schema, directQuery(shared, options.preparedStatements ?? true)), prefix)
}
