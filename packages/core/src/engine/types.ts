/**
 * Public types of the engine.
 *
 * @module
 */
import type { StateValue } from 'xstate'
import type { Report, ReportQuery } from './report.js'
import type { Clock } from '../clock.js'
import type { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition, ContextOf, EventOf, InputOf } from '../process/define-process.js'
import type { EraseOptions, PurgeOptions, RekeyOptions } from '../privacy/types.js'
import type {
  Actor,
  HistoryEntry,
  IncidentKind,
  IncidentStatus,
  InstanceStatus,
  Json,
  Page,
  Store,
} from '../store/types.js'
import type { Checkpoint } from '../integrity/checkpoint.js'
import type { VerifyAllOptions, VerifyAllResult } from '../integrity/engine-integrity.js'
import type { VerifyResult } from '../integrity/verify.js'
export type { Actor }
export type { VerifyReason, VerifyResult } from '../integrity/verify.js'

/** Any flat event `{ type, ...payload }`. */
export interface AnyEvent {
  readonly type: string
  readonly [key: string]: unknown
}

/** Options every command takes. */
export interface CommandOptions {
  /** Who is acting. Their roles and org unit are checked against the event's policy. */
  readonly actor: Actor
  /**
   * A key that makes the command safe to retry: the same key again returns the first result and
   * writes nothing. Scoped to the instance (for `send`) or the process (for `start`).
   */
  readonly idempotencyKey?: string | undefined
}

/** Options of `start`. */
export interface StartOptions extends CommandOptions {
  /** The org unit that owns the case (scope rules compare actors with it). */
  readonly orgUnit?: string | undefined
  /** The host system's own reference for the case (a file number). */
  readonly businessKey?: string | undefined
  /** Start on this registered version instead of the newest. */
  readonly version?: number | undefined
}

/** Options of `send`. */
export interface SendOptions extends CommandOptions {
  /**
   * Refuse with `VERSION_CONFLICT` unless the instance is still at this version. Without it, the
   * engine retries its own lost races and applies the event to the latest version.
   */
  readonly expectedVersion?: number | undefined
}

/**
 * Who is reading. Reads apply the same org-unit scope as commands, the process's `read` policy,
 * and let the parties of a case read it.
 */
export interface ReadOptions {
  /** The reader. An actor claiming the id or role `system` is refused. */
  readonly actor: Actor
}

/** Options of `engine.replay`. */
export interface ReplayOptions extends ReadOptions {
  /** Re-fold through this registered version instead of the case's own. */
  readonly version?: number
}

/** The short result of a command. */
export interface InstanceSummary {
  readonly id: string
  readonly processId: string
  readonly processVersion: number
  /** XState state value. */
  readonly state: StateValue
  /** The state value as a string (`'a.b'`; parallel regions joined by `|`). */
  readonly stateKey: string
  readonly status: InstanceStatus
  /** Incremented on every committed change; pass it back as `expectedVersion`. */
  readonly version: number
}

/** A pending timer of an instance. */
export interface TimerView {
  readonly id: string
  readonly key: string
  readonly dueAt: Date
}

/** Everything about one instance (`engine.get`). */
export interface InstanceView<TContext = unknown> extends InstanceSummary {
  readonly context: TContext
  /** The machine's output once completed. */
  readonly output: unknown
  readonly orgUnit: string | null
  readonly businessKey: string | null
  readonly parentId: string | null
  readonly createdAt: Date
  readonly updatedAt: Date
  readonly timers: readonly TimerView[]
}

/** An open task on someone's desk. */
export interface TaskView {
  readonly id: string
  readonly instanceId: string
  readonly processId: string
  readonly stateNode: string
  readonly role: string
  readonly orgUnit: string | null
  readonly assignee: string | null
  readonly title: Json
  readonly dueAt: Date | null
  /** When the task turns yellow, if its deadline has a warning fraction. */
  readonly warnAt: Date | null
  readonly createdAt: Date
  /** Red once due, yellow once past the warning time, otherwise green (at the engine's now). */
  readonly colour: TaskColour
  /** Whether the due time has passed on the engine's clock (the task is red). */
  readonly overdue: boolean
}

/** A task's colour: green (on track), yellow (past its warning time), red (overdue). */
export type TaskColour = 'red' | 'yellow' | 'green'

/** Query of `engine.tasks`. */
export interface TaskQuery {
  readonly role?: string | readonly string[]
  readonly orgUnit?: string | readonly string[]
  readonly assignee?: string
  readonly processId?: string
  readonly instanceId?: string
  /** `true`: only overdue (red) tasks. */
  readonly overdue?: boolean
  /** Only tasks of this colour. */
  readonly colour?: TaskColour
  /** Page size, 1–1000. @defaultValue 100 */
  readonly limit?: number
  /** `nextCursor` of the previous page. */
  readonly cursor?: string | undefined
}

/**
 * The filters a report's figures are defined by (see `REPORT_DEFINITIONS`), as `engine.instances`
 * takes them. Ranges are `[xxxFrom, xxxBefore)`, in `Date`s or epoch milliseconds.
 */
export interface InstanceReportFilter {
  /** Only cases created at or after / before these times. */
  readonly createdFrom?: Date | number
  readonly createdBefore?: Date | number
  /** Only cases completed at or after / before these times (open ones never match). */
  readonly completedFrom?: Date | number
  readonly completedBefore?: Date | number
  /** Only cases whose due date is at or after / before these times (cases without one never match). */
  readonly dueFrom?: Date | number
  readonly dueBefore?: Date | number
  /** Only cases whose final state's outcome is one of these. */
  readonly outcome?: string | readonly string[]
  /** Leave out cases whose outcome is one of these (open cases, without one, stay in). */
  readonly outcomeNot?: string | readonly string[]
  /** Only cases that did (`true`) or did not (`false`) overrun a time limit. */
  readonly breached?: boolean
  /** Only completed cases that closed on time (`true`) or late (`false`); open cases never match. */
  readonly closedOnTime?: boolean
  /** Only cases that were (`true`) or never were (`false`) moved up the org-unit ladder. */
  readonly escalated?: boolean
  /** Only cases moved up the org-unit ladder at or after / before these times. */
  readonly escalatedFrom?: Date | number
  readonly escalatedBefore?: Date | number
}

/** Query of `engine.instances`. */
export interface InstanceQuery extends InstanceReportFilter {
  /** One process, or any of several. */
  readonly processId?: string | readonly string[]
  readonly status?: InstanceStatus
  readonly orgUnit?: string | readonly string[]
  readonly businessKey?: string
  readonly parentId?: string
  /** Page size, 1–1000. @defaultValue 100 */
  readonly limit?: number
  readonly cursor?: string | undefined
}

/** Query of `engine.incidents`. Ordered by when they opened, then id. */
export interface IncidentQuery {
  readonly kind?: IncidentKind
  readonly instanceId?: string
  readonly processId?: string
  /** `'open'`: still holding its message or timer; `'resolved'`: retried or resolved. */
  readonly status?: IncidentStatus
  /** Page size, 1–1000. @defaultValue 100 */
  readonly limit?: number
  readonly cursor?: string | undefined
}

/**
 * An outbox message whose handler, or a timer whose firing, failed the engine's
 * `incidents.afterAttempts` times in a row. While open it is not tried again.
 */
export interface IncidentView {
  readonly id: string
  readonly kind: IncidentKind
  /** The stuck outbox message's or timer's id. */
  readonly subjectId: string
  readonly instanceId: string
  readonly processId: string | null
  /** The action type (outbox) or the timer's key. */
  readonly type: string
  readonly status: IncidentStatus
  /** Failed attempts when it opened. */
  readonly attempts: number
  /** The last error: its message, and its code when it was a `FengqiaoError`. */
  readonly error: { readonly message: string; readonly code: string | null }
  readonly openedAt: Date
  readonly closedAt: Date | null
  /** Who retried or resolved it. */
  readonly closedBy: Actor | null
  /** `'retried'`: put back for another attempt; `'resolved'`: dropped without one. */
  readonly resolution: 'retried' | 'resolved' | null
  /** Why it was closed. */
  readonly reason: string | null
}

/** Options of `engine.retryIncident` and `engine.resolveIncident`. */
export interface IncidentOptions {
  /** Who closes it; needs one of the engine's `adminRoles`. */
  readonly actor: Actor
  /** Why, recorded on the incident and in the `admin` observation event. A non-empty string. */
  readonly reason: string
}

/** One node of the org-unit tree (county › township › village › grid). */
export interface OrgUnit {
  readonly id: string
  /** The parent unit's id; omitted or null for a root. */
  readonly parent?: string | null | undefined
  /** Free-form level name, for example `'township'`. */
  readonly level?: string | undefined
  readonly name?: string | undefined
}

/** A command as interceptors see it. */
export type Command =
  | { readonly kind: 'start'; readonly processId: string; readonly input: unknown; readonly options: StartOptions }
  | { readonly kind: 'send'; readonly instanceId: string; readonly event: AnyEvent; readonly options: SendOptions }

/**
 * Wraps every `start` and `send` (for policy, logging, metrics). Call `next` to continue; throw to
 * refuse. Interceptors run in plugin order, outermost first. `tools.engine` lets a policy read the
 * case (`get`, `history`, `instances`, with the command's `options.actor` — or `engine.system` for
 * a check the actor could not make themselves) before deciding; it must not send commands of its
 * own.
 */
export type CommandInterceptor = (
  command: Command,
  next: (command: Command) => Promise<InstanceSummary>,
  tools: { readonly engine: Engine },
) => Promise<InstanceSummary>

/** An outbox message as an effect handler receives it. */
export interface EffectMessage {
  /** Stable across retries: use it to make the effect idempotent. */
  readonly id: string
  readonly type: string
  readonly params: Json
  readonly instanceId: string
  readonly processId: string
  /** The event that caused the action. */
  readonly event: Json
  /** The instance context after the step. */
  readonly context: Json
  /** 1 on the first delivery. */
  readonly attempt: number
}

/** Runs a named action after commit. Throw to have it retried with backoff. */
export type EffectHandler = (message: EffectMessage, tools: { readonly engine: Engine }) => unknown

/**
 * An effect handler with its declared need: the handler receives, of the case's context, only the
 * values at the `needs` paths (in clear, even when personal), and the event with its personal
 * values redacted. A plain handler receives the context with its personal values redacted.
 */
export interface EffectWithNeeds {
  /** Context paths the effect needs, for example `['petitioner.phone']`. */
  readonly needs: readonly string[]
  readonly handle: EffectHandler
}

/** A plugin: one named object bundling processes, effect handlers and interceptors. */
export interface FengqiaoPlugin {
  /** Unique plugin name. */
  readonly name: string
  /** Processes the plugin registers. */
  readonly processes?: readonly AnyProcessDefinition[]
  /** Handlers for named actions, keyed by action type. */
  readonly effects?: Readonly<Record<string, EffectHandler | EffectWithNeeds>>
  /** Command interceptors. */
  readonly interceptors?: readonly CommandInterceptor[]
}

import type {
  AdminOptions,
  AssignOptions,
  BatchOptions,
  CancelOptions,
  DelegateOptions,
  MigrateOptions,
  ModifyOptions,
  PruneOptions,
  TaskCommandOptions,
  Worker,
  WorkerOptions,
} from './options.js'
export type {
  AdminOptions,
  AssignOptions,
  BatchOptions,
  CancelOptions,
  DelegateOptions,
  EngineLogger,
  EngineOptions,
  IncidentPolicy,
  MigrateOptions,
  ModifyOptions,
  PruneOptions,
  TaskCommandOptions,
  Worker,
  WorkerOptions,
} from './options.js'

/** The result of `engine.replay`. */
export type ReplayResult =
  | {
      readonly ok: true
      readonly version: number
      readonly replayed: number
      readonly state: string
      readonly stoppedAt?: number
    }
  | {
      readonly ok: false
      readonly version: number
      readonly replayed: number
      /** The first history entry whose recorded state differs from the replayed one. */
      readonly divergedAt: number
      readonly expected: string
      readonly actual: string
    }

/** Observation events (eventemitter3). Listeners cannot change state; their errors are contained. */
export interface EngineEvents {
  started: [{ readonly instance: InstanceSummary; readonly actor: Actor }]
  transitioned: [
    { readonly instance: InstanceSummary; readonly from: string; readonly event: Json; readonly actor: Actor },
  ]
  completed: [{ readonly instance: InstanceSummary }]
  timerFired: [{ readonly instanceId: string; readonly timerId: string; readonly event: Json }]
  taskOpened: [TaskView]
  taskClosed: [{ readonly taskId: string; readonly instanceId: string }]
  effectDelivered: [{ readonly id: string; readonly type: string; readonly instanceId: string }]
  effectFailed: [
    {
      readonly id: string
      readonly type: string
      readonly instanceId: string
      readonly error: unknown
      readonly attempt: number
      /** When it is tried again; `null` when this was its last allowed attempt (an `incident` follows). */
      readonly retryAt: Date | null
    },
  ]
  /** An outbox message or a timer kept failing and became an incident (it is not tried again). */
  incident: [{ readonly incident: IncidentView }]
  /** An administrative operation ran (after it succeeded). */
  admin: [
    {
      readonly operation:
        | 'migrate'
        | 'pruneIdempotencyKeys'
        | 'erase'
        | 'purge'
        | 'rekey'
        | 'cancel'
        | 'suspend'
        | 'resume'
        | 'modify'
        | 'assign'
        | 'delegate'
        | 'retryIncident'
        | 'resolveIncident'
      readonly actor: Actor
      readonly reason: string
      readonly instanceId: string | null
    },
  ]
  /** A case was cancelled (`engine.cancel`), once for it and once for each linked case cancelled with it. */
  cancelled: [{ readonly instance: InstanceSummary; readonly actor: Actor; readonly reason: string }]
  /** A task changed hands: claimed, released, assigned or delegated. */
  taskAssigned: [
    {
      readonly instanceId: string
      readonly taskId: string
      readonly operation: 'claim' | 'unclaim' | 'assign' | 'delegate'
      /** Who holds it now (`null`: nobody). */
      readonly assignee: string | null
      readonly previous: string | null
      readonly actor: Actor
    },
  ]
  /** A background job (worker poll, outbox delivery) or a listener failed. */
  error: [{ readonly source: string; readonly error: unknown }]
  /**
   * A deadline runs into a year the case's business calendar has no holiday data for, so its
   * days there were counted by weekends only (or the year's holidays are unknown): load the
   * State Council's schedule for that year (docs/operations.md). Once per year per engine, for
   * the first deadline found, after its commit.
   */
  calendarGap: [CalendarGap]
}

/** The payload of the `calendarGap` observation event. */
export interface CalendarGap {
  /** The year without holiday data. */
  readonly year: number
  /** The case whose deadline runs into it (the first one found). */
  readonly instanceId: string
  readonly processId: string
  /** The deadline's name. */
  readonly deadline: string
  /** When the deadline is due, as computed without the year's holidays. */
  readonly dueAt: Date
  /** The case's org unit (the calendar may differ by org unit). */
  readonly orgUnit: string | null
  /** The years the calendar has data for: its first and last, `null` when it is not limited. */
  readonly covered: { readonly from: number | null; readonly to: number | null }
}

/** A client for one process whose `start` and `send` are typed by its schemas. */
export interface ProcessClient<P extends AnyProcessDefinition> {
  readonly definition: P
  start(input: InputOf<P>, options: StartOptions): Promise<InstanceSummary>
  send(instanceId: string, event: EventOf<P>, options: SendOptions): Promise<InstanceSummary>
  /** Reads a case of this process; `NOT_FOUND` for a case of another process. */
  get(instanceId: string, options: ReadOptions): Promise<InstanceView<ContextOf<P>>>
}

/**
 * Reads for the host itself, with no actor and no scope: for jobs, exports and integrations the
 * host runs on its own authority — never on behalf of a user. Everything a user asks for goes
 * through the engine's scoped reads.
 */
export interface SystemReads {
  /** Reads an instance. */
  get(instanceId: string): Promise<InstanceView>
  /** The instance's history, oldest first. */
  history(instanceId: string): Promise<HistoryEntry[]>
  /** Checks the instance's hash chain. */
  verify(instanceId: string): Promise<VerifyResult>
  /** Re-folds the instance's history through a version's machine. */
  replay(instanceId: string, options?: { readonly version?: number }): Promise<ReplayResult>
  /** Open tasks, every org unit. */
  tasks(query?: TaskQuery): Promise<Page<TaskView>>
  /** Instances, every org unit. */
  instances(query?: InstanceQuery): Promise<Page<InstanceSummary>>
  /** The report for any org unit, or the whole tree. */
  report(query: ReportQuery): Promise<Report>
  /** Incidents of every case. */
  incidents(query?: IncidentQuery): Promise<Page<IncidentView>>
}

/** The result of `safeSend`: never throws a {@link FengqiaoError}. */
export type SafeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FengqiaoError }

/** The engine. Create it with {@link createEngine}. */
export interface Engine {
  readonly store: Store
  readonly clock: Clock
  /** Starts an instance of a registered process. */
  start(processId: string, input: unknown, options: StartOptions): Promise<InstanceSummary>
  /** Sends an event `{ type, ...payload }` to an instance. */
  send(instanceId: string, event: AnyEvent, options: SendOptions): Promise<InstanceSummary>
  /** Like `send`, but returns `{ ok: false, error }` instead of throwing a FengqiaoError. */
  safeSend(instanceId: string, event: AnyEvent, options: SendOptions): Promise<SafeResult<InstanceSummary>>
  /**
   * Reads an instance, for an actor in its scope (see {@link ReadOptions}).
   *
   * @throws {FengqiaoError} FORBIDDEN outside the actor's scope; NOT_FOUND
   */
  get(instanceId: string, options: ReadOptions): Promise<InstanceView>
  /** The instance's history, oldest first; scoped like `get`. */
  history(instanceId: string, options: ReadOptions): Promise<HistoryEntry[]>
  /**
   * Checks the instance's record, scoped like `get`: its hash chain (keyed, when the engine has a
   * key), its stored row against the digest the last entry recorded, and its state and context
   * re-derived by replaying the history.
   */
  verify(instanceId: string, options: ReadOptions): Promise<VerifyResult>
  /**
   * Checks every case like {@link Engine.verify}, and, given a checkpoint, reports each case whose
   * chain is shorter than, different from, or missing since that checkpoint. A host operation
   * (an audit job), like the worker: it takes no actor and must not be exposed to users.
   *
   * @throws {FengqiaoError} CHECKPOINT_INVALID when the checkpoint's signature does not verify
   */
  verifyAll(options?: VerifyAllOptions): Promise<VerifyAllResult>
  /**
   * Takes a checkpoint now: signs the chain heads of every case and publishes them to the
   * witness. A host operation, like {@link Engine.verifyAll}.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS without `integrity.checkpoints.witness` and `signer`
   */
  checkpoint(): Promise<Checkpoint>
  /**
   * Open tasks the actor may see, paginated, ordered by due date (none last) then id. A page may
   * hold fewer than `limit` tasks when some are outside the actor's scope; follow `nextCursor`.
   */
  tasks(query: TaskQuery & ReadOptions): Promise<Page<TaskView>>
  /** Instances the actor may see, paginated like `tasks`, ordered by creation. */
  instances(query: InstanceQuery & ReadOptions): Promise<Page<InstanceSummary>>
  /**
   * Incidents — outbox messages and timers that kept failing — of the cases the actor may read
   * through the process's read policy (roles and scope; parties do not see them), or of every
   * case for an administrator (one of `adminRoles`). Paginated like `tasks`, ordered by when they
   * opened.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS for a malformed query
   */
  incidents(query: IncidentQuery & ReadOptions): Promise<Page<IncidentView>>
  /**
   * Puts an open incident's message or timer back: delivered (or fired) again at once, with its
   * attempts counted afresh; the incident closes as `retried`, with the actor and reason on it.
   * An administrative operation (one of `adminRoles`, a reason), reported as an `admin` event.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, INCIDENT_NOT_FOUND, INCIDENT_CLOSED
   */
  retryIncident(incidentId: string, options: IncidentOptions): Promise<IncidentView>
  /**
   * Closes an open incident without another attempt (the work was done by hand, or no longer
   * matters): its message or timer is removed. Administrative, like {@link Engine.retryIncident}.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, INCIDENT_NOT_FOUND, INCIDENT_CLOSED
   */
  resolveIncident(incidentId: string, options: IncidentOptions): Promise<IncidentView>
  /** Reads without an actor, for the host's own jobs. Never use it on behalf of a user. */
  readonly system: SystemReads
  /** Fires every due timer; returns how many changed an instance. */
  runDueTimers(options?: BatchOptions): Promise<number>
  /** Delivers ready outbox messages; returns how many were delivered. */
  runOutbox(options?: BatchOptions): Promise<number>
  /**
   * Forgets idempotency keys older than `olderThan` (a duration such as `'30d'` or milliseconds,
   * counted back from the clock) and returns how many it forgot. Until then every key is
   * remembered; a command repeated with a forgotten key runs again. Run it on a schedule with a
   * window longer than any client retries.
   *
   * An administrative operation: the actor needs one of the engine's `adminRoles`.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS for a duration that is not positive, or a bad batch size;
   *   FORBIDDEN without an admin role
   */
  pruneIdempotencyKeys(options: PruneOptions): Promise<number>
  /**
   * Moves a running instance to another registered version of its process, audited (actor and
   * reason in its history); its timers and deadlines are re-derived with their original due dates
   * kept. An administrative operation: the actor needs one of the engine's `adminRoles`.
   *
   * @throws {FengqiaoError} FORBIDDEN without an admin role; MIGRATION_REFUSED when the current state has no mapping or the mapped
   *   state does not exist in the new version
   */
  migrate(instanceId: string, options: MigrateOptions): Promise<InstanceSummary>
  /**
   * Cancels an open case (status `cancelled`): its timers deleted, tasks closed, deadlines
   * stopped; its open linked cases cancelled with it or detached (`children`); a
   * `fengqiao.cancelled` message for plugins that handle it; all in one commit. An administrative
   * operation: one of the engine's `adminRoles`, in the case's scope, with a reason.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, EVENT_NOT_ACCEPTED for a closed case
   */
  cancel(instanceId: string, options: CancelOptions): Promise<InstanceSummary>
  /**
   * Suspends a running case (status `suspended`): it takes no event until {@link Engine.resume}
   * (`INSTANCE_SUSPENDED`); its timers wait and fire on resumption; its deadlines keep running
   * unless the process's `suspension` policy pauses them. An administrative operation.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, EVENT_NOT_ACCEPTED for a case
   *   closed or already suspended
   */
  suspend(instanceId: string, options: AdminOptions): Promise<InstanceSummary>
  /**
   * Resumes a suspended case: paused deadlines run again with their due dates moved by the
   * suspended time, and timers that came due meanwhile fire at once. An administrative operation.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, EVENT_NOT_ACCEPTED for a case
   *   that is not suspended
   */
  resume(instanceId: string, options: AdminOptions): Promise<InstanceSummary>
  /**
   * Moves a running case to a given state of its own version, for the rare repair; timers,
   * deadlines and tasks are re-derived for the new state. An administrative operation.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, INSTANCE_SUSPENDED,
   *   EVENT_NOT_ACCEPTED for a closed case, MIGRATION_REFUSED for a state that does not exist
   */
  modify(instanceId: string, options: ModifyOptions): Promise<InstanceSummary>
  /**
   * Claims an open task for the actor, who must hold its role in its org unit's scope.
   *
   * @throws {FengqiaoError} FORBIDDEN, TASK_NOT_FOUND, TASK_CLAIMED (held by another), INSTANCE_SUSPENDED
   */
  claim(instanceId: string, taskId: string, options: TaskCommandOptions): Promise<InstanceSummary>
  /**
   * Releases a task the actor holds.
   *
   * @throws {FengqiaoError} FORBIDDEN, TASK_NOT_FOUND, TASK_CLAIMED (held by another), INSTANCE_SUSPENDED
   */
  unclaim(instanceId: string, taskId: string, options: TaskCommandOptions): Promise<InstanceSummary>
  /**
   * Gives a task to a user (or `null`: to nobody). An administrative operation.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, TASK_NOT_FOUND, INSTANCE_SUSPENDED
   */
  assign(instanceId: string, taskId: string, options: AssignOptions): Promise<InstanceSummary>
  /**
   * Hands a task on to another user: by its holder, or by an administrator in the case's scope.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, TASK_NOT_FOUND, TASK_CLAIMED, INSTANCE_SUSPENDED
   */
  delegate(instanceId: string, taskId: string, options: DelegateOptions): Promise<InstanceSummary>
  /**
   * Erases a case's personal values (all declared context fields, or `fields`) from its context
   * and every history entry: each becomes a tombstone keeping only the digest the chain covers, so
   * `verify` still passes. Audited as an `erased` history entry. Needs the `privacy` option and a
   * privacy admin role.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, KEY_UNAVAILABLE
   */
  erase(instanceId: string, options: EraseOptions): Promise<InstanceSummary>
  /**
   * Removes closed cases past the retention period (`privacy.retention`, or an earlier
   * `closedBefore`) with their whole record, and returns how many. Needs a privacy admin role.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN
   */
  purge(options: PurgeOptions): Promise<number>
  /**
   * Re-seals every personal value that is not under the current key and cipher, in every case's
   * context and history, so that a retired key can be removed. Values and digests stay, so
   * `verify` still passes. Returns how many cases changed. Needs a privacy admin role.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, KEY_UNAVAILABLE
   */
  rekey(options: RekeyOptions): Promise<number>
  /**
   * Re-folds the instance's history through a version's machine (its own by default) and reports
   * the first entry whose recorded state differs: a determinism check and a migration safety net.
   */
  replay(instanceId: string, options: ReplayOptions): Promise<ReplayResult>
  /**
   * Counts, rates and task colours per org unit, rolled up the org-unit tree, for the actor's own
   * unit (by default) or a unit within it.
   *
   * @throws {FengqiaoError} FORBIDDEN for an actor without an org unit, or a unit outside theirs
   */
  report(query: ReportQuery & ReadOptions): Promise<Report>
  /** Polls timers and the outbox in the background. */
  startWorker(options?: WorkerOptions): Worker
  /** A typed client for one registered process. */
  process<P extends AnyProcessDefinition>(definition: P): ProcessClient<P>
  /** Subscribes to an observation event. */
  on<K extends keyof EngineEvents>(event: K, listener: (...args: EngineEvents[K]) => void): () => void
  /** Stops workers; closes the store if the engine created it. */
  close(): Promise<void>
}
