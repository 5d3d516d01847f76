/**
 * Engine action creators: actions a machine uses to ask the engine for something durable —
 * a linked case, or a change to a statutory deadline. They are pure: XState resolves their
 * parameters during `transition`, and the engine turns them into changes of the same commit.
 *
 * @module
 */
import type { Json } from '../store/types.js'
import type {
  ActionFunction,
  AnyEventObject,
  EventObject,
  MachineContext,
  ParameterizedObject,
  ProvidedActor,
} from 'xstate'

/** Action type of {@link startProcess}. */
export const START_PROCESS = 'fengqiao.startProcess'
/** Action type of {@link pauseDeadline}. */
export const PAUSE_DEADLINE = 'fengqiao.pauseDeadline'
/** Action type of {@link resumeDeadline}. */
export const RESUME_DEADLINE = 'fengqiao.resumeDeadline'
/** Action type of {@link extendDeadline}. */
export const EXTEND_DEADLINE = 'fengqiao.extendDeadline'

/** The engine action types. */
export const ENGINE_ACTIONS: ReadonlySet<string> = new Set([
  START_PROCESS,
  PAUSE_DEADLINE,
  RESUME_DEADLINE,
  EXTEND_DEADLINE,
])

/** Like XState's own: keeps a callback parameter from driving inference. */
type LowInfer<T> = T & {}

type Resolvable<T, TContext, TEvent> = T | ((args: { context: TContext; event: TEvent }) => T)

/** What a parameter function of an engine action receives. */
type Args<TContext, TEvent> = { context: TContext; event: TEvent }

/** An engine action as the machine config sees it (typed like XState's own `assign`). */
export type EngineAction<
  TContext extends MachineContext,
  TExpressionEvent extends AnyEventObject,
  TEvent extends EventObject,
  TParams extends ParameterizedObject['params'] | undefined = undefined,
  TActor extends ProvidedActor = never,
> = ActionFunction<TContext, TExpressionEvent, TEvent, TParams, TActor, never, never, never, never>

// An action in XState's built-in protocol: XState calls `resolve` during `transition` to compute
// the params and lists `{ type, params }` among the returned actions; nothing is executed.
function engineAction<
  TContext extends MachineContext,
  TExpressionEvent extends AnyEventObject,
  TEvent extends EventObject,
  TParams extends ParameterizedObject['params'] | undefined,
  TActor extends ProvidedActor,
>(
  type: string,
  params: (args: Args<TContext, TExpressionEvent>) => unknown,
): EngineAction<TContext, TExpressionEvent, TEvent, TParams, TActor> {
  const action = () => {
    // Never called: XState uses `resolve` and `execute` for actions that have them.
  }
  action.type = type
  action.resolve = (_scope: unknown, snapshot: unknown, args: Args<TContext, TExpressionEvent>) => [
    snapshot,
    params(args),
  ]
  action.execute = () => {}
  return action
}

function resolve<T, C, E>(v: Resolvable<T, C, E>, args: Args<C, E>): T {
  return typeof v === 'function' ? (v as (a: Args<C, E>) => T)(args) : v
}

/** Options of {@link startProcess}. */
export interface StartProcessOptions<TContext, TEvent> {
  /** The child's start input (plain JSON), or a function of the parent's context and event. */
  readonly input?: Resolvable<Json, TContext, TEvent>
  /** The child's org unit. @defaultValue the parent's */
  readonly orgUnit?: Resolvable<string | null, TContext, TEvent>
  /** The child's business key. */
  readonly businessKey?: Resolvable<string | null, TContext, TEvent>
  /** A version of the child process. @defaultValue the newest registered */
  readonly version?: number
  /**
   * The event the parent receives when the child reaches a final state:
   * `{ type: onDone, childId, processId, state, outcome, output }`. Declare it in the parent's
   * `events` (the engine sends it as the system actor). Omit to receive nothing.
   */
  readonly onDone?: string
}

/** The resolved params of a {@link startProcess} action. */
export interface StartProcessParams {
  readonly processId: string
  readonly input: unknown
  readonly orgUnit?: string | null
  readonly businessKey?: string | null
  readonly version?: number
  readonly onDone?: string
}

/**
 * Starts a linked case (BPMN's call activity): the child instance is created in the same commit
 * as the parent's step, records its parent, and — with `onDone` — reports back when it ends, even
 * across restarts.
 *
 * @param processId - the child process id (registered with the same engine)
 * @param options - input, org unit, business key, version, and the parent's completion event
 * @returns an action for the machine
 * @example
 * ```ts
 * on: { MEDIATE: { target: 'mediating', actions: startProcess('mediation', { input: ({ context }) => ({ parties: context.parties }), onDone: 'MEDIATION_DONE' }) } }
 * ```
 */
export function startProcess<
  TContext extends MachineContext,
  TExpressionEvent extends AnyEventObject,
  TParams extends ParameterizedObject['params'] | undefined,
  TEvent extends EventObject,
  TActor extends ProvidedActor,
>(
  processId: string,
  options: StartProcessOptions<LowInfer<TContext>, TExpressionEvent> = {},
): EngineAction<TContext, TExpressionEvent, TEvent, TParams, TActor> {
  const action = engineAction<TContext, TExpressionEvent, TEvent, TParams, TActor>(START_PROCESS, (args) => {
    const p: Record<string, unknown> = { processId, input: resolve(options.input, args) ?? null }
    if (options.orgUnit !== undefined) p.orgUnit = resolve(options.orgUnit, args)
    if (options.businessKey !== undefined) p.businessKey = resolve(options.businessKey, args)
    if (options.version !== undefined) p.version = options.version
    if (options.onDone !== undefined) p.onDone = options.onDone
    return p
  })
  // Diagrams (the BPMN export) name the linked process and its result event without running the action.
  return Object.assign(action, { processId, onDone: options.onDone })
}

/**
 * Pauses a running deadline: time from now until {@link resumeDeadline} does not count (for
 * example a hearing, XF Art. 36). Audited in the step's history entry.
 *
 * @param name - the deadline's name (by default a deadline is named after its state node id);
 *   omit to pause every running deadline
 * @returns an action for the machine
 */
export function pauseDeadline<
  TContext extends MachineContext,
  TExpressionEvent extends AnyEventObject,
  TParams extends ParameterizedObject['params'] | undefined,
  TEvent extends EventObject,
  TActor extends ProvidedActor,
>(name?: string): EngineAction<TContext, TExpressionEvent, TEvent, TParams, TActor> {
  return engineAction<TContext, TExpressionEvent, TEvent, TParams, TActor>(PAUSE_DEADLINE, () => ({
    name: name ?? null,
  }))
}

/**
 * Resumes a paused deadline. The paused time is added to the period (calendar days for day
 * periods, working days for working-day periods, elapsed time for hour periods) and the due date
 * is recomputed on the business calendar.
 *
 * @param name - the deadline's name; omit to resume every paused deadline
 * @returns an action for the machine
 */
export function resumeDeadline<
  TContext extends MachineContext,
  TExpressionEvent extends AnyEventObject,
  TParams extends ParameterizedObject['params'] | undefined,
  TEvent extends EventObject,
  TActor extends ProvidedActor,
>(name?: string): EngineAction<TContext, TExpressionEvent, TEvent, TParams, TActor> {
  return engineAction<TContext, TExpressionEvent, TEvent, TParams, TActor>(RESUME_DEADLINE, () => ({
    name: name ?? null,
  }))
}

/** How much to extend a deadline by: in the deadline's own unit. */
export type Extension = { readonly days: number } | { readonly workingDays: number } | { readonly hours: number }

/**
 * Extends a running deadline (for example by at most 30 days with the organ head's approval,
 * XF Art. 34); the due date is recomputed on the business calendar from the original start.
 * A deadline's `maxExtensions` and `maxExtension` limits are enforced: an extension beyond them
 * refuses the whole command with `EVENT_NOT_ACCEPTED`.
 *
 * @param by - the extension, in the deadline's unit; or a function of context and event
 * @param name - the deadline's name; omit to extend the only running deadline
 * @returns an action for the machine
 */
export function extendDeadline<
  TContext extends MachineContext,
  TExpressionEvent extends AnyEventObject,
  TParams extends ParameterizedObject['params'] | undefined,
  TEvent extends EventObject,
  TActor extends ProvidedActor,
>(
  by: Resolvable<Extension, LowInfer<TContext>, TExpressionEvent>,
  name?: string,
): EngineAction<TContext, TExpressionEvent, TEvent, TParams, TActor> {
  return engineAction<TContext, TExpressionEvent, TEvent, TParams, TActor>(EXTEND_DEADLINE, (args) => ({
    by: resolve(by, args),
    name: name ?? null,
  }))
}
