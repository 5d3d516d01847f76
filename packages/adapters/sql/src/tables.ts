/**
 * The store's tables as Kysely sees them, under their logical names (the table-name plugin
 * adds the prefix and, on PostgreSQL, the schema). Read and write mappings live in `rows.ts`
 * and `columns.ts`.
 *
 * @module
 * @internal
 */
import type { ColumnType } from 'kysely'

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
  /** Failed firings so far (schema version 7); 0 by default. */
  attempts: ColumnType<number | string, number | undefined, number>
  /** The last firing's error (schema version 7). */
  last_error: ColumnType<string | null, string | null | undefined, string | null>
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
  /** `due_at`, or `NO_DUE_SORT` when there is none: the sort key of task lists. */
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

/** An outbox message or timer that kept failing (schema version 7). @internal */
export interface IncidentsTable {
  id: string
  kind: string
  subject_id: string
  instance_id: string
  process_id: string | null
  type: string
  status: string
  attempts: Int
  error: string
  error_code: string | null
  opened_at: Millis
  closed_at: NullableMillis
  closed_by: JsonColumn
  resolution: string | null
  reason: string | null
}

/** @internal */
export interface MigrationsTable {
  version: number
  name: string
  applied_at: ColumnType<unknown, never, never>
}

/** The store's tables under their logical names (the table-name plugin adds the prefix). @internal */
export interface Db {
  instances: InstancesTable
  history: HistoryTable
  timers: TimersTable
  tasks: TasksTable
  outbox: OutboxTable
  idempotency: IdempotencyTable
  incidents: IncidentsTable
  migrations: MigrationsTable
}
