/**
 * Public types of the engine.
 *
 * @module
 */
import type { StateValue } from 'xstate'
import type { Report, ReportQuery } from './report.js'
import type { BusinessCalendar } from '../calendar/business-calendar.js'
import type { Clock } from '../clock.js'
import type { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition, ContextOf, EventOf, InputOf } from '../process/define-process.js'
import type { Actor, HistoryEntry, InstanceStatus, Json, Page, Store } from '../store/types.js'
import type { Checkpoint } from '../integrity/checkpoint.js'
import type { IntegrityOptions, VerifyAllOptions, VerifyAllResult } from '../integrity/engine-integrity.js'
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

/** Query of `engine.instances`. */
export interface InstanceQuery {
  readonly processId?: string
  readonly status?: InstanceStatus
  readonly orgUnit?: string | readonly string[]
  readonly businessKey?: string
  readonly parentId?: string
  /** Page size, 1–1000. @defaultValue 100 */
  readonly limit?: number
  readonly cursor?: string | undefined
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
 * case (`get`, `history`, `instances`) before deciding; it must not send commands of its own.
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

/** A plugin: one named object bundling processes, effect handlers and interceptors. */
export interface FengqiaoPlugin {
  /** Unique plugin name. */
  readonly name: string
  /** Processes the plugin registers. */
  readonly processes?: readonly AnyProcessDefinition[]
  /** Handlers for named actions, keyed by action type. */
  readonly effects?: Readonly<Record<string, EffectHandler>>
  /** Command interceptors. */
  readonly interceptors?: readonly CommandInterceptor[]
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Process definitions to register (several versions of one id may be given). */
  readonly processes?: readonly AnyProcessDefinition[]
  /** Storage. @defaultValue a new in-memory store */
  readonly store?: Store
  /** Time source. @defaultValue `systemClock` */
  readonly clock?: Clock
  /** Plugins, applied in order. */
  readonly plugins?: readonly FengqiaoPlugin[]
  /** The org-unit tree used by `'subtree'` scope rules. */
  readonly orgUnits?: readonly OrgUnit[]
  /**
   * The business calendar for statutory deadlines, or a function choosing one by the case's org
   * unit (per tenant or region). @defaultValue `chineseCalendar({ outOfRange: 'weekends-only' })`
   */
  readonly calendar?: BusinessCalendar | ((orgUnit: string | null) => BusinessCalendar)
  /** Instance id generator. @defaultValue `crypto.randomUUID` */
  readonly ids?: () => string
  /** This node's name in timer and outbox leases. @defaultValue a random id */
  readonly nodeId?: string
  /** Deliver outbox messages right after each commit, in the background. @defaultValue true */
  readonly deliverAfterCommit?: boolean
  /** How many times a command is retried after losing a race, before `VERSION_CONFLICT`. @defaultValue 100 */
  readonly maxRetries?: number
  /**
   * How many instance rows the engine remembers from its own commits, so that the next command
   * on the same case skips reading it back from the store (0 turns this off). A remembered row
   * is never trusted beyond the store's version check: when another node has moved the case on,
   * the commit is refused and the command is decided again on the stored row — and so is any
   * refusal reached from a remembered row. Reads (`get`, `history`, `tasks`, …) always go to the
   * store. Memory: about the size of one stored row each (1–3 KB for typical cases).
   * @defaultValue 1000
   */
  readonly instanceCache?: number
  /**
   * How history is sealed and checked: a keyed chain (a key the database never sees) and signed
   * checkpoints published to a witness outside the database. See docs/security.md.
   * @defaultValue the unkeyed SHA-256 chain, no checkpoints
   */
  readonly integrity?: IntegrityOptions
}

/** Options of `engine.pruneIdempotencyKeys`. */
export interface PruneOptions {
  /** Keys older than this are forgotten: a duration like `'30d'`, `'12h'`, or milliseconds. */
  readonly olderThan: number | string
  /** Records deleted per statement, 1 to 1000. @defaultValue 1000 */
  readonly batchSize?: number
}

/** Lease and batch size for one pass over due timers or the outbox. */
export interface BatchOptions {
  /** How long a claimed timer or message stays leased to this node, in ms. @defaultValue 30000 */
  readonly leaseMs?: number
  /** Timers or messages claimed per batch. @defaultValue 100 */
  readonly batchSize?: number
}

/** Options of `engine.startWorker`. */
export interface WorkerOptions {
  /** Pause between polls when idle, in ms. @defaultValue 1000 */
  readonly pollMs?: number
  /** How long a claimed timer or message stays leased to this node, in ms. @defaultValue 30000 */
  readonly leaseMs?: number
  /** Timers and messages claimed per batch. @defaultValue 100 */
  readonly batchSize?: number
}

/** A running background worker. */
export interface Worker {
  /** Stops polling and waits for the current batch to finish. */
  stop(): Promise<void>
}

/** Options of `engine.migrate`. */
export interface MigrateOptions {
  /** The registered version to move to. */
  readonly toVersion: number
  /**
   * For each state key the instance may be in (`'handling'`, `'a.b'`), the state value in the new
   * version. A state without a mapping refuses the migration.
   */
  readonly stateMap: Readonly<Record<string, StateValue>>
  /** Transforms the context for the new version. @defaultValue the context unchanged */
  readonly context?: (context: unknown) => unknown
  /** Who migrates (recorded in history). */
  readonly actor: Actor
}

/** The result of `engine.replay`. */
export type ReplayResult =
  | { readonly ok: true; readonly version: number; readonly replayed: number; readonly state: string; readonly stoppedAt?: number }
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
  transitioned: [{ readonly instance: InstanceSummary; readonly from: string; readonly event: Json; readonly actor: Actor }]
  completed: [{ readonly instance: InstanceSummary }]
  timerFired: [{ readonly instanceId: string; readonly timerId: string; readonly event: Json }]
  taskOpened: [TaskView]
  taskClosed: [{ readonly taskId: string; readonly instanceId: string }]
  effectDelivered: [{ readonly id: string; readonly type: string; readonly instanceId: string }]
  effectFailed: [{ readonly id: string; readonly type: string; readonly instanceId: string; readonly error: unknown; readonly attempt: number; readonly retryAt: Date }]
  /** A background job (worker poll, outbox delivery) or a listener failed. */
  error: [{ readonly source: string; readonly error: unknown }]
}

/** A client for one process whose `start` and `send` are typed by its schemas. */
export interface ProcessClient<P extends AnyProcessDefinition> {
  readonly definition: P
  start(input: InputOf<P>, options: StartOptions): Promise<InstanceSummary>
  send(instanceId: string, event: EventOf<P>, options: SendOptions): Promise<InstanceSummary>
  get(instanceId: string): Promise<InstanceView<ContextOf<P>>>
}

/** The result of `safeSend`: never throws a {@link FengqiaoError}. */
export type SafeResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: FengqiaoError }

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
  /** Reads an instance. */
  get(instanceId: string): Promise<InstanceView>
  /** The instance's history, oldest first. */
  history(instanceId: string): Promise<HistoryEntry[]>
  /**
   * Checks the instance's record: its hash chain (keyed, when the engine has a key), its stored
   * row against the digest the last entry recorded, and its state and context re-derived by
   * replaying the history.
   */
  verify(instanceId: string): Promise<VerifyResult>
  /**
   * Checks every case like {@link Engine.verify}, and, given a checkpoint, reports each case whose
   * chain is shorter than, different from, or missing since that checkpoint.
   *
   * @throws {FengqiaoError} CHECKPOINT_INVALID when the checkpoint's signature does not verify
   */
  verifyAll(options?: VerifyAllOptions): Promise<VerifyAllResult>
  /**
   * Takes a checkpoint now: signs the chain heads of every case and publishes them to the
   * witness.
   *
   * @throws {FengqiaoError} INVALID_OPTIONS without `integrity.checkpoints.witness` and `signer`
   */
  checkpoint(): Promise<Checkpoint>
  /** Open tasks, paginated, ordered by due date (none last) then id. */
  tasks(query?: TaskQuery): Promise<Page<TaskView>>
  /** Instances, paginated, ordered by creation. */
  instances(query?: InstanceQuery): Promise<Page<InstanceSummary>>
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
   * @throws {FengqiaoError} INVALID_OPTIONS for a duration that is not positive, or a bad batch size
   */
  pruneIdempotencyKeys(options: PruneOptions): Promise<number>
  /**
   * Moves a running instance to another registered version of its process, audited; its timers
   * and deadlines are re-derived with their original due dates kept.
   *
   * @throws {FengqiaoError} MIGRATION_REFUSED when the current state has no mapping or the mapped
   *   state does not exist in the new version
   */
  migrate(instanceId: string, options: MigrateOptions): Promise<InstanceSummary>
  /**
   * Re-folds the instance's history through a version's machine (its own by default) and reports
   * the first entry whose recorded state differs: a determinism check and a migration safety net.
   */
  replay(instanceId: string, options?: { readonly version?: number }): Promise<ReplayResult>
  /** Counts, rates and task colours per org unit, rolled up the org-unit tree. */
  report(query: ReportQuery): Promise<Report>
  /** Polls timers and the outbox in the background. */
  startWorker(options?: WorkerOptions): Worker
  /** A typed client for one registered process. */
  process<P extends AnyProcessDefinition>(definition: P): ProcessClient<P>
  /** Subscribes to an observation event. */
  on<K extends keyof EngineEvents>(event: K, listener: (...args: EngineEvents[K]) => void): () => void
  /** Stops workers; closes the store if the engine created it. */
  close(): Promise<void>
}
