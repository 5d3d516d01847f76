/**
 * Options of the engine and of its operations (`createEngine`, `migrate`, `pruneIdempotencyKeys`,
 * the worker and batch runs).
 *
 * @module
 */
import type { StateValue } from 'xstate'
import type { BusinessCalendar } from '../calendar/business-calendar.js'
import type { Clock } from '../clock.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import type { PrivacyOptions } from '../privacy/types.js'
import type { Actor, Store } from '../store/types.js'
import type { IntegrityOptions } from '../integrity/engine-integrity.js'
import type { CommitResolutionOptions } from './ambiguous-commit.js'
import type { InputLimits } from './input-limits.js'
import type { FengqiaoPlugin, OrgUnit } from './types.js'

/**
 * Where the engine writes what an operator should read and no listener may be attached for yet:
 * today, the warning at start that the business calendar has no holiday data for a year a
 * deadline can run into. `console` fits, and so does any logger with a `warn` method.
 *
 * @example
 * ```ts
 * createEngine({ store, logger: { warn: (message, detail) => log.warn({ ...detail }, message) } })
 * ```
 */
export interface EngineLogger {
  /** Writes a warning: a whole sentence, and the same facts as structured fields. */
  warn(message: string, detail?: Readonly<Record<string, unknown>>): void
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
  /**
   * Where warnings go: at start, when the calendar has no holiday data for a year a deadline
   * started now could run into; later, once per such year, when a deadline does (that one is also
   * the `calendarGap` observation event). @defaultValue `console`
   */
  readonly logger?: EngineLogger
  /** Id generator for instances (and incidents, prefixed `incident-`). @defaultValue `crypto.randomUUID` */
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
   * The roles that may run administrative operations (`migrate`, `pruneIdempotencyKeys`). Without
   * any, every administrative operation is refused with `FORBIDDEN`.
   * @defaultValue none
   */
  readonly adminRoles?: readonly string[]
  /**
   * How the engine settles a commit whose reply was lost (the connection broke mid-commit): it
   * looks up the history entry it was writing once the store answers, and returns or retries
   * accordingly; past the window it throws `OUTCOME_UNKNOWN`.
   * @defaultValue `{ withinMs: 30_000 }`
   */
  readonly commitResolution?: CommitResolutionOptions
  /**
   * Size limits on what a command carries, checked before the store is touched (an input over a
   * limit is `INVALID_INPUT`, naming the field and the limit). See {@link InputLimits}.
   * @defaultValue `{ payloadBytes: 262_144, stringLength: 65_536, depth: 32, keyLength: 128 }`
   */
  readonly limits?: InputLimits
  /**
   * How history is sealed and checked: a keyed chain (a key the database never sees) and signed
   * checkpoints published to a witness outside the database. See docs/security.md.
   * @defaultValue the unkeyed SHA-256 chain, no checkpoints
   */
  readonly integrity?: IntegrityOptions
  /**
   * Personal-data protection: the master keys that seal the fields processes declare `personal`
   * (see `docs/privacy.md`). Without it those fields are stored in clear and cannot be erased.
   */
  readonly privacy?: PrivacyOptions
  /**
   * When an outbox message or a timer that keeps failing becomes an incident: after this many
   * failed attempts in a row it is no longer tried, an `incident` event is emitted, and an
   * administrator retries or resolves it (`engine.incidents`, `retryIncident`, `resolveIncident`).
   * Until then a failed message or timer is tried again after 1 s, 2 s, 4 s, … (at most 1 h).
   */
  readonly incidents?: IncidentPolicy
}

/** Options of {@link EngineOptions.incidents}. */
export interface IncidentPolicy {
  /** Failed attempts that open an incident, 1 to 1000. @defaultValue 10 (about 17 minutes of retries) */
  readonly afterAttempts?: number
}

/** Options of `engine.pruneIdempotencyKeys`. */
export interface PruneOptions {
  /** Who prunes; needs one of the engine's `adminRoles`. */
  readonly actor: Actor
  /** Why, reported in the `admin` observation event. A non-empty string. */
  readonly reason: string
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
  /** Who migrates (recorded in history); needs one of the engine's `adminRoles`. */
  readonly actor: Actor
  /** Why, recorded in the history entry's `detail.reason`. A non-empty string. */
  readonly reason: string
}

/** Options of an administrator's command on one case (`suspend`, `resume`). */
export interface AdminOptions {
  /** Who acts (recorded in history); needs one of the engine's `adminRoles`, in the case's scope. */
  readonly actor: Actor
  /** Why, recorded in the history entry's `detail.reason`. A non-empty string. */
  readonly reason: string
}

/** Options of `engine.cancel`. */
export interface CancelOptions extends AdminOptions {
  /**
   * What happens to the case's open linked cases: `'cancel'` — cancelled with it, in the same
   * commit, down to their own linked cases; `'detach'` — they run on, no longer linked (they will
   * not report their result). @defaultValue `'cancel'`
   */
  readonly children?: 'cancel' | 'detach'
}

/** Options of `engine.modify`. */
export interface ModifyOptions extends AdminOptions {
  /** The state to move the case to, in its own version (`'review'`, `{ handling: 'hearing' }`). */
  readonly state: StateValue
  /** Transforms the context on the way. @defaultValue the context unchanged */
  readonly context?: (context: unknown) => unknown
}

/** Options of `engine.claim` and `engine.unclaim`. */
export interface TaskCommandOptions {
  /** Who claims or releases the task: one holding its role, in its org unit's scope. */
  readonly actor: Actor
}

/** Options of `engine.assign`. */
export interface AssignOptions extends AdminOptions {
  /** The user who is to hold the task, or `null` to leave it unassigned. */
  readonly assignee: string | null
}

/** Options of `engine.delegate`. */
export interface DelegateOptions {
  /** The task's holder (or an administrator, in the case's scope). */
  readonly actor: Actor
  /** The user id who takes the task over. */
  readonly to: string
  /** Why, recorded in the history entry's `detail.reason`. A non-empty string. */
  readonly reason: string
}
