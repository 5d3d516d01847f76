/**
 * The Store port: everything the engine needs from storage, shaped around one atomic commit.
 *
 * Times are epoch milliseconds. JSON-typed fields (`snapshot`, `event`, `params`, …) hold plain
 * JSON values only; a store may serialize them as it likes but must return equal values.
 *
 * @module
 */

/** A JSON value, as stored in JSON columns. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

/**
 * Lifecycle of an instance. `active`: running. `suspended`: held by an administrator
 * (`engine.suspend`), taking no event until resumed. `completed`: reached a final state.
 * `cancelled`: stopped by an administrator (`engine.cancel`). `failed`: reserved for process
 * errors. `completed`, `cancelled` and `failed` are closed: nothing changes a closed case.
 */
export type InstanceStatus = 'active' | 'suspended' | 'completed' | 'cancelled' | 'failed'

/**
 * Every {@link InstanceStatus}, for checking a status given at run time (a case list's query).
 * Typed as a record so that a status added to the type cannot be forgotten here.
 */
export const INSTANCE_STATUSES: readonly InstanceStatus[] = Object.keys({
  active: true,
  suspended: true,
  completed: true,
  cancelled: true,
  failed: true,
} satisfies Record<InstanceStatus, true>) as InstanceStatus[]

/** Who did something: a user, or `system` for timers and the engine itself. */
export interface Actor {
  /** A stable user id (or `'system'`). */
  readonly id: string
  /** The roles the actor holds; event policies name these. */
  readonly roles: readonly string[]
  /** The org unit the actor acts for; scope rules compare it with the case's org unit. */
  readonly orgUnit?: string | undefined
}

/** A durable timer the instance is waiting for, as remembered on the instance itself. */
export interface PendingTimer {
  /** The timer row id (unique forever). */
  readonly id: string
  /** The XState send id (for `after` transitions, `xstate.after.<delay>.<state>`). */
  readonly key: string
  /** When it comes due. */
  readonly dueAt: number
  /** The event it delivers (kept here so a command can fire an overdue timer itself). */
  readonly event?: Json
}

/** An open task, as remembered on the instance itself (to rewrite its row when it changes). */
export interface OpenTaskRef {
  /** The task row id. */
  readonly id: string
  /** The id of the state node that opened it. */
  readonly stateNode: string
  readonly role: string
  readonly orgUnit: string | null
  readonly assignee: string | null
  readonly dueAt: number | null
  readonly warnAt: number | null
  readonly createdAt: number
}

/** One process instance (a case), as the store keeps it. */
export interface StoredInstance {
  readonly id: string
  readonly processId: string
  readonly processVersion: number
  readonly status: InstanceStatus
  /** The state value rendered as a string (`'a'`, `'a.b'`, parallel regions joined by `|`), for queries. */
  readonly stateKey: string
  /** XState's persisted snapshot (value, context, history, status, output). */
  readonly snapshot: Json
  /** Timers the instance currently waits for. */
  readonly timers: readonly PendingTimer[]
  /** Tasks currently open on the instance. */
  readonly tasks: readonly OpenTaskRef[]
  /** Incremented by one on every commit; starts at 1. */
  readonly version: number
  readonly orgUnit: string | null
  readonly businessKey: string | null
  /** The instance that started this one as a linked case, if any. */
  readonly parentId: string | null
  /** The event the parent receives when this linked case ends (`startProcess`'s `onDone`). */
  readonly parentDoneEvent: string | null
  readonly createdAt: number
  readonly updatedAt: number
  /** Sequence number of the last history entry (equals the number of entries). */
  readonly historySeq: number
  /** Hash of the last history entry (`''` before the first). */
  readonly historyHash: string
  /** Statutory deadlines currently running (or paused) on the instance. */
  readonly deadlines: readonly DeadlineState[]
  /** The earliest due time among running deadlines (kept at completion), for queries and reports. */
  readonly dueAt: number | null
  /**
   * The earliest warning time among running deadlines (kept at completion): the case turns yellow
   * then. With {@link StoredInstance.dueAt} it gives the case's colour, so that case lists can
   * filter by colour in the store.
   */
  readonly warnAt: number | null
  /** Whether any deadline of the instance has expired unmet. */
  readonly breached: boolean
  /** When the instance reached a final state. */
  readonly completedAt: number | null
  /** The `meta.outcome` of the final state it reached (`'resolved'`, `'void'`, …). */
  readonly outcome: string | null
  /** How many times an expired deadline moved the case up the org-unit ladder. */
  readonly escalations: number
}

/** A deadline running on an instance, as remembered on the instance itself. */
export interface DeadlineState {
  /** The deadline's name (by default the id of the state node that declared it). */
  readonly name: string
  /** The state node that declared it. */
  readonly stateNode: string
  /** The period: one of calendar days, working days or hours. */
  readonly unit: 'days' | 'workingDays' | 'hours'
  /** The period's length including extensions and paused time. */
  readonly amount: number
  /** When the period started (its start day is not counted for day periods). */
  readonly startedAt: number
  /** When it is due (recomputed on the calendar after extension or resumption). */
  readonly dueAt: number
  /** When the task turns yellow, if a warning fraction is set. */
  readonly warnAt: number | null
  /** Set while the clock is paused. */
  readonly pausedAt: number | null
  /** The timer that fires at `dueAt` (absent while paused). */
  readonly timerId: string | null
  /** Extensions granted so far. */
  readonly extensions: number
  /** Whether it has expired. */
  readonly expired: boolean
  /**
   * Set (to `true`) while the clock is paused by the case's suspension rather than by the
   * process: resuming the case resumes exactly these. Absent otherwise.
   */
  readonly bySuspension?: true
}

/** What kind of change a history entry records. */
export type HistoryKind =
  | 'started'
  | 'event'
  | 'timer'
  | 'deadline'
  | 'child'
  | 'migrated'
  | 'erased'
  /** An administrator cancelled, suspended, resumed or detached the case (`detail.reason`). */
  | 'admin'
  /** A task was claimed, released, assigned or delegated (`event.taskId`, `event.assignee`). */
  | 'task'

/** One hash-chained, append-only history entry. */
export interface HistoryEntry {
  readonly instanceId: string
  /** 1, 2, 3, … without gaps per instance. */
  readonly seq: number
  readonly at: number
  readonly kind: HistoryKind
  /** The event as applied (`{ type, ...payload }`), or the start input for `started`. */
  readonly event: Json
  readonly actor: Json
  /** State key before (`null` for `started`) and after the change. */
  readonly from: string | null
  readonly to: string
  /** Instance version after the change. */
  readonly version: number
  /**
   * What the engine did besides the state change — deadlines started, paused, extended or
   * expired, linked cases started, escalation, migration — or `null`.
   */
  readonly detail: Json
  readonly prevHash: string
  /**
   * The hash of `prevHash` and the entry without its hash, hex: `sha256(prevHash ‖ body)`
   * unkeyed, an HMAC under the key {@link HistoryEntry.keyId} on a keyed chain.
   */
  readonly hash: string
  /**
   * The id of the chain key that sealed the entry; absent on the unkeyed chain. Stores return it
   * absent when they stored none (not `null`), as the engine wrote it.
   */
  readonly keyId?: string | null
  /**
   * The digest of the instance row this entry produced (state, status, context, org unit,
   * deadlines, …), recorded by keyed chains so that `verify` can check the stored row; absent
   * otherwise (like `keyId`).
   */
  readonly rowDigest?: string | null
}

/** A stored timer. */
export interface TimerRow {
  readonly id: string
  readonly instanceId: string
  readonly key: string
  readonly dueAt: number
  /** The event delivered when it fires. */
  readonly event: Json
  /** Set while a worker holds a lease on it. */
  readonly lockedBy?: string | null
  readonly lockedUntil?: number | null
  /**
   * Failed firings so far ({@link Store.retryTimer}), on claimed timers that failed before;
   * absent (or 0) otherwise.
   */
  readonly attempts?: number
}

/** An open task projected from state metadata. */
export interface TaskRow {
  readonly id: string
  readonly instanceId: string
  readonly processId: string
  /** The state node id that opened it. */
  readonly stateNode: string
  readonly role: string
  readonly orgUnit: string | null
  readonly assignee: string | null
  readonly title: Json
  readonly dueAt: number | null
  /** When the task turns yellow (a warning), if its deadline says so. */
  readonly warnAt: number | null
  readonly createdAt: number
}

/** A message for a plugin's effect handler, written in the same commit as the change that caused it. */
export interface OutboxMessage {
  /** Stable id; handlers use it to make their effects idempotent. */
  readonly id: string
  readonly instanceId: string
  readonly processId: string
  /** The action name the machine produced. */
  readonly type: string
  readonly params: Json
  /** The event that caused it and the instance context after the step. */
  readonly event: Json
  readonly context: Json
  readonly createdAt: number
  /** Delivery attempts so far. */
  readonly attempts: number
  /** Not delivered before this time (retry backoff). */
  readonly availableAt: number
  readonly lastError?: string | null
}

/** What got stuck: an outbox message whose handler keeps failing, or a timer whose firing does. */
export type IncidentKind = 'outbox' | 'timer'

/** An incident is `open` until an administrator retries or resolves it. */
export type IncidentStatus = 'open' | 'resolved'

/**
 * An outbox message or timer that failed a configured number of times in a row. While it is
 * open the incident holds its subject's lease (see `INCIDENT_HOLD`), so no worker claims it;
 * retrying puts the subject back, resolving removes it. Incidents are kept after they close, as
 * the record of who closed them and why.
 */
export interface IncidentRow {
  readonly id: string
  readonly kind: IncidentKind
  /** The id of the stuck outbox message or timer. */
  readonly subjectId: string
  readonly instanceId: string
  /** The case's process, or `null` when the case was gone. */
  readonly processId: string | null
  /** The action type (outbox) or the timer's key. */
  readonly type: string
  readonly status: IncidentStatus
  /** Failed attempts when the incident opened. */
  readonly attempts: number
  /** The last error's message. */
  readonly error: string
  /** The last error's code, when it was a `FengqiaoError`. */
  readonly errorCode: string | null
  readonly openedAt: number
  readonly closedAt: number | null
  /** Who closed it (the actor as recorded), or `null` while open. */
  readonly closedBy: Json
  /** How it was closed: the subject put back (`retried`), or dropped (`resolved`). */
  readonly resolution: 'retried' | 'resolved' | null
  /** Why it was closed. */
  readonly reason: string | null
}

/** How an incident is closed (see {@link Store.closeIncident}). */
export interface IncidentClose {
  readonly resolution: 'retried' | 'resolved'
  readonly at: number
  /** The actor, as recorded. */
  readonly by: Json
  readonly reason: string
}

/** Filter for {@link Store.findIncidents}. Ordered by `openedAt`, then `id`. */
export interface IncidentFilter {
  readonly kind?: IncidentKind
  readonly instanceId?: string
  readonly processId?: string
  readonly status?: IncidentStatus
}

/** The remembered result of a command that carried an idempotency key. */
export interface IdempotencyRecord {
  readonly key: string
  readonly instanceId: string
  /** A hash of the command, to refuse reuse of a key for a different command. */
  readonly fingerprint: string
  /** The result returned the first time. */
  readonly result: Json
  readonly createdAt: number
}

/** One instance written by a commit. */
export interface InstanceWrite {
  readonly row: StoredInstance
  /** `null`: insert, the id must be new. Otherwise the stored version must equal this. */
  readonly expectedVersion: number | null
  /**
   * The row as stored at `expectedVersion`, when the engine has it: a store may write only the
   * columns that differ from it (the version check guarantees it is what is stored).
   */
  readonly previous?: StoredInstance
}

/**
 * Everything one command changes, committed all or nothing.
 *
 * The store must apply it atomically and throw `FengqiaoError('VERSION_CONFLICT')` — writing
 * nothing — when an instance's stored version differs from `expectedVersion`, when an inserted
 * instance id already exists, or when the idempotency key is already taken.
 */
export interface ChangeSet {
  readonly instances: readonly InstanceWrite[]
  readonly history: readonly HistoryEntry[]
  readonly timers?: { readonly insert: readonly TimerRow[]; readonly delete: readonly string[] }
  readonly tasks?: { readonly open: readonly TaskRow[]; readonly close: readonly string[] }
  readonly outbox?: readonly OutboxMessage[]
  readonly idempotency?: IdempotencyRecord
}

/** A page request: at most `limit` items after the opaque `cursor` of a previous page. */
export interface PageRequest {
  readonly limit: number
  readonly cursor?: string | undefined
}

/** A page of results; `nextCursor` is present when more may follow. */
export interface Page<T> {
  readonly items: T[]
  readonly nextCursor?: string
}

/**
 * Filter for {@link Store.findInstances}. Ordered by `createdAt`, then `id`. Every field narrows
 * the result (they combine with AND); ranges are `[from, before)`: from inclusive, before exclusive.
 */
export interface InstanceFilter {
  /** Only instances of this process (or of any of these). */
  readonly processId?: string | readonly string[]
  /** Only instances on this process version (usually with `processId`). */
  readonly processVersion?: number
  /** Only instances of this status. */
  readonly status?: InstanceStatus
  /** Only instances owned by this org unit (or any of these). */
  readonly orgUnit?: string | readonly string[]
  /** Only the instance(s) with this business key. */
  readonly businessKey?: string
  /** Only linked cases started by this instance. */
  readonly parentId?: string
  /**
   * Only instances in this state or below it: a state-key path prefix matched per parallel region
   * (`'a'` matches `'a'`, `'a.b'` and `'x|a.b'`, not `'ab'`). Compared exactly, case and all.
   */
  readonly state?: string
  /** Only instances created at or after / before these times. */
  readonly createdFrom?: number
  readonly createdBefore?: number
  /** Only instances last changed at or after / before these times. */
  readonly updatedFrom?: number
  readonly updatedBefore?: number
  /** Only instances completed at or after / before these times (so only closed ones). */
  readonly completedFrom?: number
  readonly completedBefore?: number
  /**
   * Only open instances (`active` or `suspended`) of a colour at time `now`: `red` — `dueAt <= now`;
   * `yellow` — not red and `warnAt <= now`; `green` — neither (including open instances without a
   * deadline). Closed instances have no colour and never match.
   */
  readonly colour?: { readonly colour: 'red' | 'yellow' | 'green'; readonly now: number }
  /**
   * `overdue: true` — only open instances (`active` or `suspended`) with `dueAt <= now`; `false` —
   * every other instance (closed ones included).
   */
  readonly overdue?: { readonly overdue: boolean; readonly now: number }
  /** Only instances whose due date (`dueAt`) is at or after / before these times (none never matches). */
  readonly dueFrom?: number
  readonly dueBefore?: number
  /** Only instances whose final state's outcome is one of these. */
  readonly outcome?: string | readonly string[]
  /** Leave out instances whose outcome is one of these (instances without an outcome stay in). */
  readonly outcomeNot?: string | readonly string[]
  /** Only instances that did (`true`) or did not (`false`) have a time limit expire. */
  readonly breached?: boolean
  /**
   * Only completed instances that closed on time (`true`: no time limit expired and completed no
   * later than their due date, if they had one) or late (`false`). Open instances never match.
   */
  readonly closedOnTime?: boolean
  /** Only instances that were (`true`) or never were (`false`) moved up the org-unit ladder. */
  readonly escalated?: boolean
  /**
   * Only instances moved up the org-unit ladder at or after / before these times: a history entry
   * of kind `'deadline'` in the range whose `detail` records `escalatedTo`.
   */
  readonly escalatedFrom?: number
  readonly escalatedBefore?: number
}

/** What {@link Store.reportFigures} counts over: one or more processes, one or more org units. */
export interface ReportFilter {
  /** @defaultValue every process */
  readonly processId?: string | readonly string[]
  /** @defaultValue every org unit (and instances without one) */
  readonly orgUnit?: string | readonly string[]
}

/** The window of {@link Store.reportFigures}: `[from, to)`, and the time to judge overdue and colours at. */
export interface ReportWindow {
  readonly from: number
  readonly to: number
  readonly now: number
}

/**
 * The raw counts of one org unit, as {@link Store.reportFigures} returns them. Each is the number
 * of instances (or open tasks) matching one {@link InstanceFilter} (or {@link TaskFilter}); the
 * engine's report module documents the filters and turns the counts into rates.
 */
export interface ReportCounts {
  /** The instances' current org unit (`null` for instances without one). */
  readonly orgUnit: string | null
  /** Created in the window. */
  readonly opened: number
  /** Of those opened, by current status. */
  readonly active: number
  readonly suspended: number
  readonly completed: number
  readonly cancelled: number
  readonly failed: number
  /** Of those opened, by outcome. */
  readonly resolved: number
  readonly unresolved: number
  readonly void: number
  /** Of those opened, by current state key. */
  readonly byState: Readonly<Record<string, number>>
  /** Of those opened that completed (status `completed`): the sum of (completedAt − createdAt), and how many. */
  readonly closeTimeSum: number
  readonly closeTimeCount: number
  /** Not void nor cancelled, and completed in the window or open (or suspended) with the due date in it. */
  readonly dueToClose: number
  /** Not void nor cancelled, and completed in the window. */
  readonly closed: number
  /** Of those closed, closed on time ({@link InstanceFilter.closedOnTime}). */
  readonly closedOnTime: number
  /** Open (or suspended) with the due date at or before `now`. */
  readonly overdue: number
  /** Ever moved up the org-unit ladder. */
  readonly escalated: number
  /** Moved up the org-unit ladder in the window. */
  readonly escalatedInWindow: number
  /** Open tasks of the unit's own (the task's org unit) by colour at `now`. */
  readonly openTasks: Readonly<Record<'red' | 'yellow' | 'green', number>>
}

/** Filter for {@link Store.findTasks}. Ordered by `dueAt` (tasks without one last), then `id`. */
export interface TaskFilter {
  readonly role?: string | readonly string[]
  readonly orgUnit?: string | readonly string[]
  readonly assignee?: string
  readonly processId?: string
  readonly instanceId?: string
  /** Only tasks with `dueAt` strictly before this time. */
  readonly dueBefore?: number
  /**
   * Only tasks of a colour at time `now`: `red` — `dueAt <= now`; `yellow` — not red and
   * `warnAt <= now`; `green` — neither (including tasks without a due date).
   */
  readonly colour?: { readonly colour: 'red' | 'yellow' | 'green'; readonly now: number }
}

/** The head of one case's history chain: its last sequence number and hash, as its row records them. */
export interface ChainHead {
  readonly instanceId: string
  readonly seq: number
  readonly hash: string
}

/** Inclusive range of history sequence numbers. */
export interface HistoryRange {
  readonly fromSeq?: number
  readonly toSeq?: number
}

/**
 * The storage port. Small, async, shaped around one atomic {@link Store.commit}.
 * `@fengqiao/core/testing/conformance` exports the conformance suite every implementation must pass.
 */
export interface Store {
  /** A short name for messages (`'memory'`, `'postgres'`, …). */
  readonly name: string
  /** Reads one instance, or `undefined`. */
  getInstance(id: string): Promise<StoredInstance | undefined>
  /** Applies a change set atomically; see {@link ChangeSet} for the conflict rules. */
  commit(change: ChangeSet): Promise<void>
  /** History entries of one instance in sequence order. */
  history(instanceId: string, range?: HistoryRange): Promise<HistoryEntry[]>
  /** Instances matching a filter, ordered by `createdAt` then `id`. */
  findInstances(filter: InstanceFilter, page: PageRequest): Promise<Page<StoredInstance>>
  /** Open tasks matching a filter, ordered by `dueAt` (nulls last) then `id`. */
  findTasks(filter: TaskFilter, page: PageRequest): Promise<Page<TaskRow>>
  /**
   * The counts behind `engine.report`, one row per org unit that has any (units without one are
   * left out), computed where the data is (SQL aggregates) rather than by reading every case. Each
   * count equals the number of rows `findInstances` (or `findTasks`) returns for the filter
   * {@link ReportCounts} names; open tasks are filtered by the tasks' own process and org unit.
   */
  reportFigures(filter: ReportFilter, window: ReportWindow): Promise<ReportCounts[]>
  /**
   * Claims up to `limit` timers with `dueAt <= now` that no one holds (or whose lease ran out),
   * leasing them to `owner` until `now + leaseMs`. Two concurrent claimers get disjoint sets.
   * Ordered by `dueAt`.
   */
  claimDueTimers(now: number, limit: number, owner: string, leaseMs: number): Promise<TimerRow[]>
  /** Deletes timers by id (used for timers that turned out stale). Missing ids are ignored. */
  deleteTimers(ids: readonly string[]): Promise<void>
  /**
   * The earliest time a stored timer is next to fire — its `dueAt` (leased or not), or for a timer
   * released by {@link Store.retryTimer} its retry time when that is later — leaving out timers an
   * incident holds; `undefined` when there are none.
   */
  nextTimerDue(): Promise<number | undefined>
  /**
   * Releases a timer whose firing failed, not to be claimed before `availableAt` (its lease is
   * set to end then), counting the attempt and keeping the error. Returns the failed attempts so
   * far (0 when the timer is gone).
   */
  retryTimer(id: string, availableAt: number, error: string): Promise<number>
  /** Claims up to `limit` outbox messages with `availableAt <= now`, leased like timers. */
  claimOutbox(now: number, limit: number, owner: string, leaseMs: number): Promise<OutboxMessage[]>
  /** Removes delivered messages. */
  ackOutbox(ids: readonly string[]): Promise<void>
  /** Releases a message for another attempt at `availableAt`, counting the attempt and the error. */
  retryOutbox(id: string, availableAt: number, error: string): Promise<void>
  /**
   * Opens an incident and, in the same transaction, parks its subject (the outbox message or
   * timer `subjectId`, when it still exists): its lease is set to `incident:<id>` until
   * `INCIDENT_HOLD`, so no claim returns it while the incident is open.
   */
  openIncident(incident: IncidentRow): Promise<void>
  /** Reads one incident, or `undefined`. */
  getIncident(id: string): Promise<IncidentRow | undefined>
  /** Incidents matching a filter, ordered by `openedAt` then `id`. */
  findIncidents(filter: IncidentFilter, page: PageRequest): Promise<Page<IncidentRow>>
  /**
   * Closes an open incident in one transaction: records `close`, and either puts its subject back
   * (`retried`: lease released, attempts counted afresh, an outbox message available at
   * `close.at`) or removes it (`resolved`). Returns the closed incident, or `undefined` when no
   * open incident has this id (nothing is written).
   */
  closeIncident(id: string, close: IncidentClose): Promise<IncidentRow | undefined>
  /** The record for an idempotency key, or `undefined`. */
  findIdempotent(key: string): Promise<IdempotencyRecord | undefined>
  /**
   * Deletes up to `limit` idempotency records created before `before` (oldest first) and returns
   * how many it deleted. A key whose record is gone is honoured no more: a command repeated with
   * it runs again.
   */
  pruneIdempotency(before: number, limit: number): Promise<number>
  /**
   * The chain head (`historySeq`, `historyHash`) of every instance, ordered by instance id, a
   * page at a time: what a checkpoint signs.
   */
  chainHeads(page: PageRequest): Promise<Page<ChainHead>>
  /**
   * Erasure of personal data: replaces the `event` of existing history entries of one instance
   * (their hashes stay as they are: the chain covers digests of personal values, which the
   * rewritten events keep) and applies `change` under the same conflict rules as
   * {@link Store.commit}, all in one transaction. An entry `seq` that does not exist is refused
   * with `VERSION_CONFLICT` (the history is not what the caller read), writing nothing.
   */
  rewritePersonal(
    instanceId: string,
    entries: readonly { readonly seq: number; readonly event: Json }[],
    change: ChangeSet,
  ): Promise<void>
  /**
   * Retention: deletes up to `limit` instances that are no longer active and were completed
   * before `completedBefore` (oldest first), with their history, timers, tasks, outbox messages,
   * incidents and idempotency records, and returns their ids.
   */
  purge(completedBefore: number, limit: number): Promise<string[]>
  /** Releases connections. Further calls may fail. */
  close(): Promise<void>
}
