/**
 * The one error class of Fengqiao, with string codes.
 *
 * @module
 */

/** Every code a {@link FengqiaoError} can carry. Each is documented in `docs/errors.md`. */
export type FengqiaoErrorCode =
  /** An event's type is unknown, or its payload (or a start input) fails its zod schema. */
  | 'INVALID_EVENT'
  /** The actor lacks a role the event's policy requires, or acts outside the case's org-unit scope. */
  | 'FORBIDDEN'
  /** The instance's current state does not accept the event (or the instance has ended). */
  | 'EVENT_NOT_ACCEPTED'
  /** No instance (or other record) with that id exists. */
  | 'NOT_FOUND'
  /** The instance changed since the caller read it (stale `expectedVersion`), or a commit lost a race. */
  | 'VERSION_CONFLICT'
  /** No process with that id (and version) is registered with the engine. */
  | 'PROCESS_NOT_REGISTERED'
  /** A process definition is unusable: it invokes or spawns actors, or its events and policies disagree. */
  | 'INVALID_DEFINITION'
  /** The machine produced an action the engine cannot run durably (for example `sendTo` another actor). */
  | 'UNSUPPORTED_ACTION'
  /** `engine.migrate` was refused: a state has no mapping, or the mapped state does not exist. */
  | 'MIGRATION_REFUSED'
  /** The same idempotency key was reused for a different command. */
  | 'IDEMPOTENCY_KEY_REUSED'
  /** An option passed to an engine or store factory is invalid. */
  | 'INVALID_OPTIONS'
  /** The store could not be reached or failed; `cause` holds the driver error. */
  | 'STORE_UNAVAILABLE'
  /** The engine (or store) has been closed. */
  | 'CLOSED'
  /** The installed xstate or zod is outside the versions this engine supports (its peer dependency ranges). */
  | 'UNSUPPORTED_RUNTIME'
  /**
   * A command's input can never be stored: a string the databases cannot hold, a value over a
   * configured limit, a payload that is circular or not JSON, an argument of the wrong type.
   * Retrying the same command fails the same way.
   */
  | 'INVALID_INPUT'
  /**
   * The connection broke while a commit was in flight, and the engine could not find out within
   * its `commitResolution` window whether the commit was written. Read the case before deciding.
   */
  | 'OUTCOME_UNKNOWN'
  /** `fromBpmn` met BPMN outside the subset it compiles, or XML it cannot read; `details.unsupported` lists every element. */
  | 'UNSUPPORTED_BPMN'
  /** A checkpoint is malformed, signed with an unknown key, or its signature does not verify; or the witness holds none. */
  | 'CHECKPOINT_INVALID'
  /**
   * A personal value is sealed with a master key this engine was not given (or that does not
   * open it). Add the key to `privacy.keys.keys`; nothing was written.
   */
  | 'KEY_UNAVAILABLE'
  /** The case is suspended by an administrator: it takes no event (and no task change) until resumed. */
  | 'INSTANCE_SUSPENDED'
  /** The case has no open task with that id (it was closed, or belongs to another case). */
  | 'TASK_NOT_FOUND'
  /** The task is held by someone else: claim, release and delegation are its holder's. */
  | 'TASK_CLAIMED'
  /** No incident has that id (`retryIncident`, `resolveIncident`). */
  | 'INCIDENT_NOT_FOUND'
  /** The incident was already retried or resolved; nothing was written. */
  | 'INCIDENT_CLOSED'
  /**
   * A holiday schedule supplied as data (`parseHolidaySchedule`, `readHolidaySchedule`, the
   * `schedules` of `chineseCalendar`) is malformed: not JSON, the wrong shape, a date that does not
   * exist or lies outside its year, a day listed twice or both off and worked, a working day that
   * is not a weekend. `details.field` names the offending entry. Nothing was loaded.
   */
  | 'CALENDAR_DATA_INVALID'

/**
 * The HTTP status for each error code, for hosts that put the engine behind HTTP (the console,
 * examples/http-api): a refused input is 400, a refused actor 403, a missing case 404, a command
 * the case's state or version refused 409, a store that cannot answer 503, a broken definition
 * 500. Kept beside the codes so that a new code cannot be added without its status.
 */
export const httpStatusFor: Readonly<Record<FengqiaoErrorCode, number>> = Object.freeze({
  INVALID_EVENT: 400,
  INVALID_OPTIONS: 400,
  INVALID_DEFINITION: 500,
  UNSUPPORTED_ACTION: 500,
  UNSUPPORTED_RUNTIME: 500,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  PROCESS_NOT_REGISTERED: 404,
  VERSION_CONFLICT: 409,
  EVENT_NOT_ACCEPTED: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  MIGRATION_REFUSED: 409,
  STORE_UNAVAILABLE: 503,
  CLOSED: 503,
  INVALID_INPUT: 400,
  OUTCOME_UNKNOWN: 503,
  UNSUPPORTED_BPMN: 400,
  CHECKPOINT_INVALID: 500,
  KEY_UNAVAILABLE: 503,
  INSTANCE_SUSPENDED: 409,
  TASK_NOT_FOUND: 404,
  TASK_CLAIMED: 409,
  INCIDENT_NOT_FOUND: 404,
  INCIDENT_CLOSED: 409,
  CALENDAR_DATA_INVALID: 500,
})

const MARK = Symbol.for('fengqiao.error')

/**
 * The error every Fengqiao API throws on bad input, refused commands and store failures.
 *
 * The `code` is stable and machine-readable; `details` carries structured context (for
 * `INVALID_EVENT`, zod's `issues` unchanged). Wrapped driver errors are kept in `cause`.
 *
 * @example
 * ```ts
 * try { await engine.send(id, { type: 'CLOSE' }, { actor }) }
 * catch (e) { if (isFengqiaoError(e, 'EVENT_NOT_ACCEPTED')) console.log(e.details) }
 * ```
 */
export class FengqiaoError<C extends FengqiaoErrorCode = FengqiaoErrorCode> extends Error {
  override readonly name = 'FengqiaoError'
  /** The machine-readable error code. */
  readonly code: C
  /** Structured context for the error; never contains secrets. */
  readonly details: Readonly<Record<string, unknown>>

  /**
   * @param code - the error code
   * @param message - a human-readable message saying what went wrong and how to fix it
   * @param details - structured context
   * @param options - standard error options; `cause` for a wrapped error
   */
  constructor(code: C, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(`[${code}] ${message}`, options)
    this.code = code
    this.details = details
    Object.defineProperty(this, MARK, { value: true })
  }
}

/**
 * Whether `e` is a {@link FengqiaoError} (optionally with the given code). Works across duplicate
 * installs of `@fengqiao/core` because it checks a global symbol marker, not `instanceof`.
 *
 * @param e - anything caught
 * @param code - when given, also require this code
 * @returns true when `e` is a Fengqiao error (with that code)
 */
export function isFengqiaoError<C extends FengqiaoErrorCode>(e: unknown, code?: C): e is FengqiaoError<C> {
  if (typeof e !== 'object' || e === null || (e as Record<symbol, unknown>)[MARK] !== true) return false
  return code === undefined || (e as FengqiaoError).code === code
}
