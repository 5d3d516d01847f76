/**
 * Table and column mapping, read direction: a row as the driver returns it (BIGINTs perhaps as
 * strings, JSON parsed or as text) back into the store port's types. The write direction is in
 * `columns.ts`.
 *
 * @module
 * @internal
 */
import type {
  HistoryEntry,
  HistoryKind,
  IdempotencyRecord,
  IncidentRow,
  InstanceStatus,
  Json,
  OutboxMessage,
  StoredInstance,
  TaskRow,
  TimerRow,
} from '@fengqiao/core/store'
import type { Selectable } from 'kysely'
import type {
  HistoryTable,
  IdempotencyTable,
  IncidentsTable,
  InstancesTable,
  OutboxTable,
  TasksTable,
  TimersTable,
} from './tables.js'

/** A number column as a number (drivers may return BIGINT as a string). @internal */
export const num = (v: number | string | bigint): number => (typeof v === 'number' ? v : Number(v))
/** A nullable number column. @internal */
export const numOrNull = (v: number | string | bigint | null): number | null => (v === null ? null : num(v))

/** The readers of one store's rows. @internal */
export interface RowReaders {
  /** A JSON column's value (SQL NULL is JSON `null`). */
  readonly json: (v: unknown) => Json
  readonly instance: (r: Selectable<InstancesTable>) => StoredInstance
  readonly history: (r: Selectable<HistoryTable>) => HistoryEntry
  readonly timer: (r: Selectable<TimersTable>) => TimerRow
  readonly task: (r: Selectable<TasksTable>) => TaskRow
  readonly message: (r: Selectable<OutboxTable>) => OutboxMessage
  readonly idempotency: (r: Selectable<IdempotencyTable>) => IdempotencyRecord
  readonly incident: (r: Selectable<IncidentsTable>) => IncidentRow
}

/**
 * The row readers of a dialect.
 *
 * @param jsonParsedByDriver - whether the driver hands JSON columns back parsed (pg, for jsonb)
 * @internal
 */
export function rowReaders(jsonParsedByDriver: boolean): RowReaders {
  const parse = (v: unknown): Json => {
    if (v === null || v === undefined) return null
    if (jsonParsedByDriver) return v as Json
    if (typeof v === 'string') return JSON.parse(v) as Json
    if (Buffer.isBuffer(v)) return JSON.parse(v.toString('utf8')) as Json
    return v as Json
  }
  return {
    json: parse,
    instance: (r: Selectable<InstancesTable>): StoredInstance => ({
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
    }),
    history: (r: Selectable<HistoryTable>): HistoryEntry => ({
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
    }),
    timer: (r: Selectable<TimersTable>): TimerRow => ({
      id: r.id,
      instanceId: r.instance_id,
      key: r.timer_key,
      dueAt: num(r.due_at),
      event: parse(r.event),
      lockedBy: r.locked_by,
      lockedUntil: numOrNull(r.locked_until),
      // Absent until a firing failed, as the engine wrote the timer.
      ...(r.attempts === undefined || num(r.attempts) === 0 ? {} : { attempts: num(r.attempts) }),
    }),
    task: (r: Selectable<TasksTable>): TaskRow => ({
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
    }),
    message: (r: Selectable<OutboxTable>): OutboxMessage => ({
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
    }),
    incident: (r: Selectable<IncidentsTable>): IncidentRow => ({
      id: r.id,
      kind: r.kind as IncidentRow['kind'],
      subjectId: r.subject_id,
      instanceId: r.instance_id,
      processId: r.process_id,
      type: r.type,
      status: r.status as IncidentRow['status'],
      attempts: num(r.attempts),
      error: r.error,
      errorCode: r.error_code,
      openedAt: num(r.opened_at),
      closedAt: numOrNull(r.closed_at),
      closedBy: parse(r.closed_by),
      resolution: r.resolution as IncidentRow['resolution'],
      reason: r.reason,
    }),
    idempotency: (r) => ({
      key: r.idem_key,
      instanceId: r.instance_id,
      fingerprint: r.fingerprint,
      result: parse(r.result),
      createdAt: num(r.created_at),
    }),
  }
}
