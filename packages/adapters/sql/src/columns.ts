/**
 * Table and column mapping, write direction: the column values of each row the store writes,
 * and which instance columns an UPDATE sets. The read direction is in `rows.ts`.
 *
 * @module
 * @internal
 */
import { NO_DUE_SORT } from '@fengqiao/core/store'
import type {
  HistoryEntry,
  IdempotencyRecord,
  Json,
  OutboxMessage,
  StoredInstance,
  TaskRow,
  TimerRow,
} from '@fengqiao/core/store'

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
export const IMMUTABLE_INSTANCE_COLUMNS: ReadonlySet<string> = new Set([
  'id',
  'process_id',
  'created_at',
  'business_key',
  'parent_id',
  'parent_done_event',
])

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
  return {
    id: t.id,
    instance_id: t.instanceId,
    timer_key: t.key,
    due_at: t.dueAt,
    event: json(t.event),
    locked_by: null,
    locked_until: null,
    // Written out (not left to the column default): PostgreSQL's one-statement commit fills
    // every column it is not given with NULL.
    attempts: 0,
    last_error: null,
  }
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
  return {
    idem_key: r.key,
    instance_id: r.instanceId,
    fingerprint: r.fingerprint,
    result: json(r.result),
    created_at: r.createdAt,
  }
}
