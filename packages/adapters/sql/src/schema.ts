/**
 * The store's schema as versioned migrations, and the runner that applies them under a lock.
 *
 * Every hot query has an index: instances by id and by (process, status, org unit, creation),
 * history by (instance, seq), timers by due time, tasks by (role | org unit | assignee | process,
 * due sort key) and by instance, outbox messages by availability, idempotency records by key,
 * incidents by (status | instance | process, opening time).
 *
 * @module
 * @internal
 */
import { sql, type ColumnDataType, type CreateTableBuilder, type Expression, type Kysely } from 'kysely'
import type { Db } from './tables.js'
import { TABLES, type TableName } from './table-name-plugin.js'

/** A column type: a name Kysely knows, or raw SQL. @internal */
export type DataType = ColumnDataType | Expression<unknown>

/** Column types and DDL quirks of one database. @internal */
export interface Ddl {
  /** Indexed strings: ids, process ids, roles, org units, keys. */
  readonly key: DataType
  /** Unindexed, short-to-medium text (state keys, hashes). */
  readonly text: DataType
  /** Text of any length (error messages). */
  readonly longText: DataType
  /** JSON documents (snapshots, events, payloads). */
  readonly json: DataType
  /** Adds table options to every CREATE TABLE (MySQL: engine, charset, collation). */
  readonly tableOptions?: <T extends string, C extends string>(b: CreateTableBuilder<T, C>) => CreateTableBuilder<T, C>
  /** Whether `CREATE INDEX IF NOT EXISTS` is understood; otherwise {@link Ddl.isDuplicateIndex} is used. */
  readonly indexIfNotExists: boolean
  /** Recognizes the error of creating an index that exists. */
  readonly isDuplicateIndex?: (error: unknown) => boolean
}

/** The schema side of a dialect. @internal */
export interface SchemaDialect {
  /**
   * Runs `fn` holding a database-wide migration lock (PostgreSQL advisory lock, MySQL `GET_LOCK`,
   * SQLite `BEGIN IMMEDIATE`), on the connection or transaction that holds it.
   */
  withMigrationLock<T>(db: Kysely<Db>, fn: (db: Kysely<Db>) => Promise<T>): Promise<T>
  /** The DDL flavour; may ask the server (MySQL picks the best binary collation it has). */
  ddl(db: Kysely<Db>): Promise<Ddl>
}

/** One schema change. Versions only grow; a released migration never changes. @internal */
export interface Migration {
  readonly version: number
  readonly name: string
  up(db: Kysely<Db>, ddl: Ddl, prefix: string): Promise<void>
}

/** The indexes claims walk, by table (without the prefix). @internal */
export const CLAIM_INDEX = { timers: 'timers_due', outbox: 'outbox_available' } as const

function createTable(db: Kysely<Db>, ddl: Ddl, name: TableName) {
  const b = db.schema.createTable(name).ifNotExists()
  return ddl.tableOptions === undefined ? b : ddl.tableOptions(b)
}

async function createIndex(db: Kysely<Db>, ddl: Ddl, name: string, table: TableName, columns: string[]): Promise<void> {
  const b = db.schema.createIndex(name).on(table).columns(columns)
  if (ddl.indexIfNotExists) {
    await b.ifNotExists().execute()
    return
  }
  try {
    await b.execute()
  } catch (e) {
    if (ddl.isDuplicateIndex?.(e) !== true) throw e
  }
}

/** The migrations, in order. @internal */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'initial',
    async up(db, ddl, prefix) {
      await createTable(db, ddl, 'instances')
        .addColumn('id', ddl.key, (c) => c.primaryKey())
        .addColumn('process_id', ddl.key, (c) => c.notNull())
        .addColumn('process_version', 'integer', (c) => c.notNull())
        .addColumn('status', ddl.key, (c) => c.notNull())
        .addColumn('state_key', ddl.text, (c) => c.notNull())
        .addColumn('snapshot', ddl.json)
        .addColumn('timers', ddl.json)
        .addColumn('tasks', ddl.json)
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('org_unit', ddl.key)
        .addColumn('business_key', ddl.key)
        .addColumn('parent_id', ddl.key)
        .addColumn('parent_done_event', ddl.text)
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('history_seq', 'integer', (c) => c.notNull())
        .addColumn('history_hash', ddl.text, (c) => c.notNull())
        .addColumn('deadlines', ddl.json)
        .addColumn('due_at', 'bigint')
        .addColumn('breached', 'integer', (c) => c.notNull())
        .addColumn('completed_at', 'bigint')
        .addColumn('outcome', ddl.key)
        .addColumn('escalations', 'integer', (c) => c.notNull())
        .execute()
      await createIndex(db, ddl, `${prefix}instances_process`, 'instances', [
        'process_id',
        'status',
        'org_unit',
        'created_at',
        'id',
      ])
      await createIndex(db, ddl, `${prefix}instances_org_unit`, 'instances', ['org_unit', 'created_at', 'id'])
      await createIndex(db, ddl, `${prefix}instances_created`, 'instances', ['created_at', 'id'])
      await createIndex(db, ddl, `${prefix}instances_business_key`, 'instances', ['business_key', 'created_at', 'id'])
      await createIndex(db, ddl, `${prefix}instances_parent`, 'instances', ['parent_id', 'created_at', 'id'])

      await createTable(db, ddl, 'history')
        .addColumn('instance_id', ddl.key, (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('kind', ddl.key, (c) => c.notNull())
        .addColumn('event', ddl.json)
        .addColumn('actor', ddl.json)
        .addColumn('from_state', ddl.text)
        .addColumn('to_state', ddl.text, (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('detail', ddl.json)
        .addColumn('prev_hash', ddl.text, (c) => c.notNull())
        .addColumn('hash', ddl.text, (c) => c.notNull())
        .addPrimaryKeyConstraint(`${prefix}history_pk`, ['instance_id', 'seq'])
        .execute()

      await createTable(db, ddl, 'timers')
        .addColumn('id', ddl.key, (c) => c.primaryKey())
        .addColumn('instance_id', ddl.key, (c) => c.notNull())
        .addColumn('timer_key', ddl.text, (c) => c.notNull())
        .addColumn('due_at', 'bigint', (c) => c.notNull())
        .addColumn('event', ddl.json)
        .addColumn('locked_by', ddl.key)
        .addColumn('locked_until', 'bigint')
        .execute()
      await createIndex(db, ddl, `${prefix}${CLAIM_INDEX.timers}`, 'timers', ['due_at', 'id'])
      await createIndex(db, ddl, `${prefix}timers_instance`, 'timers', ['instance_id'])

      await createTable(db, ddl, 'tasks')
        .addColumn('id', ddl.key, (c) => c.primaryKey())
        .addColumn('instance_id', ddl.key, (c) => c.notNull())
        .addColumn('process_id', ddl.key, (c) => c.notNull())
        .addColumn('state_node', ddl.text, (c) => c.notNull())
        .addColumn('role', ddl.key, (c) => c.notNull())
        .addColumn('org_unit', ddl.key)
        .addColumn('assignee', ddl.key)
        .addColumn('title', ddl.json)
        .addColumn('due_at', 'bigint')
        .addColumn('due_sort', 'bigint', (c) => c.notNull())
        .addColumn('warn_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await createIndex(db, ddl, `${prefix}tasks_role`, 'tasks', ['role', 'due_sort', 'id'])
      await createIndex(db, ddl, `${prefix}tasks_org_unit`, 'tasks', ['org_unit', 'due_sort', 'id'])
      await createIndex(db, ddl, `${prefix}tasks_assignee`, 'tasks', ['assignee', 'due_sort', 'id'])
      await createIndex(db, ddl, `${prefix}tasks_process`, 'tasks', ['process_id', 'due_sort', 'id'])
      await createIndex(db, ddl, `${prefix}tasks_due`, 'tasks', ['due_sort', 'id'])
      await createIndex(db, ddl, `${prefix}tasks_instance`, 'tasks', ['instance_id', 'due_sort', 'id'])

      await createTable(db, ddl, 'outbox')
        .addColumn('id', ddl.key, (c) => c.primaryKey())
        .addColumn('instance_id', ddl.key, (c) => c.notNull())
        .addColumn('process_id', ddl.key, (c) => c.notNull())
        .addColumn('type', ddl.text, (c) => c.notNull())
        .addColumn('params', ddl.json)
        .addColumn('event', ddl.json)
        .addColumn('context', ddl.json)
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('available_at', 'bigint', (c) => c.notNull())
        .addColumn('last_error', ddl.longText)
        .addColumn('locked_by', ddl.key)
        .addColumn('locked_until', 'bigint')
        .execute()
      await createIndex(db, ddl, `${prefix}${CLAIM_INDEX.outbox}`, 'outbox', ['available_at', 'created_at', 'id'])

      await createTable(db, ddl, 'idempotency')
        .addColumn('idem_key', ddl.key, (c) => c.primaryKey())
        .addColumn('instance_id', ddl.key, (c) => c.notNull())
        .addColumn('fingerprint', ddl.text, (c) => c.notNull())
        .addColumn('result', ddl.json)
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
    },
  },
  {
    version: 2,
    name: 'idempotency-by-age',
    // Pruning old idempotency records walks them oldest first.
    async up(db, ddl, prefix) {
      await createIndex(db, ddl, `${prefix}idempotency_created`, 'idempotency', ['created_at', 'idem_key'])
    },
  },
  {
    version: 3,
    name: 'history-integrity',
    // Keyed chains record which key sealed an entry and the digest of the row it produced.
    // Nullable: entries written before (and by unkeyed engines) have neither.
    async up(db, ddl) {
      await db.schema.alterTable('history').addColumn('key_id', ddl.text).execute()
      await db.schema.alterTable('history').addColumn('row_digest', ddl.text).execute()
    },
  },
  {
    version: 5,
    name: 'report-escalations',
    // The report's "escalated in the window" walks the escalation entries of the window only:
    // deadline entries by time, with the case id in the index.
    async up(db, ddl, prefix) {
      await createIndex(db, ddl, `${prefix}history_kind_at`, 'history', ['kind', 'at', 'instance_id'])
    },
  },
  {
    version: 7,
    name: 'incidents',
    // Failed timer firings are counted on the timer, as outbox attempts are on the message; an
    // outbox message or timer that keeps failing becomes an incident (kept after it closes, as
    // the record of who closed it and why). Listed by status, by case and by process, each in
    // the order incidents opened.
    async up(db, ddl, prefix) {
      await db.schema
        .alterTable('timers')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
      await db.schema.alterTable('timers').addColumn('last_error', ddl.longText).execute()
      await createTable(db, ddl, 'incidents')
        .addColumn('id', ddl.key, (c) => c.primaryKey())
        .addColumn('kind', ddl.key, (c) => c.notNull())
        .addColumn('subject_id', ddl.key, (c) => c.notNull())
        .addColumn('instance_id', ddl.key, (c) => c.notNull())
        .addColumn('process_id', ddl.key)
        .addColumn('type', ddl.text, (c) => c.notNull())
        .addColumn('status', ddl.key, (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('error', ddl.longText, (c) => c.notNull())
        .addColumn('error_code', ddl.key)
        .addColumn('opened_at', 'bigint', (c) => c.notNull())
        .addColumn('closed_at', 'bigint')
        .addColumn('closed_by', ddl.json)
        .addColumn('resolution', ddl.key)
        .addColumn('reason', ddl.longText)
        .execute()
      await createIndex(db, ddl, `${prefix}incidents_opened`, 'incidents', ['opened_at', 'id'])
      await createIndex(db, ddl, `${prefix}incidents_status`, 'incidents', ['status', 'opened_at', 'id'])
      await createIndex(db, ddl, `${prefix}incidents_instance`, 'incidents', ['instance_id', 'opened_at', 'id'])
      await createIndex(db, ddl, `${prefix}incidents_process`, 'incidents', ['process_id', 'opened_at', 'id'])
    },
  },
]

/**
 * Applies every migration the database lacks, in order, holding the dialect's migration lock.
 * Safe to run repeatedly and concurrently.
 *
 * @internal
 */
export async function runMigrations(db: Kysely<Db>, dialect: SchemaDialect, prefix: string): Promise<void> {
  await dialect.withMigrationLock(db, async (conn) => {
    const ddl = await dialect.ddl(conn)
    await createTable(conn, ddl, 'migrations')
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', ddl.key, (c) => c.notNull())
      .addColumn('applied_at', 'timestamp', (c) => c.notNull().defaultTo(sql`CURRENT_TIMESTAMP`))
      .execute()
    const applied = new Set(
      (await conn.selectFrom('migrations').select('version').execute()).map((r) => Number(r.version)),
    )
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue
      await m.up(conn, ddl, prefix)
      await conn.insertInto('migrations').values({ version: m.version, name: m.name }).execute()
    }
  })
}

/** Drops every table of the store (under the migration lock). @internal */
export async function dropTables(db: Kysely<Db>, dialect: SchemaDialect): Promise<void> {
  await dialect.withMigrationLock(db, async (conn) => {
    for (const t of TABLES) await conn.schema.dropTable(t).ifExists().execute()
  })
}
