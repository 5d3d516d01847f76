/**
 * Process definitions: an XState v5 machine plus the zod schemas, event policies and metadata a
 * case system needs around it.
 *
 * @module
 */
import type { PersonalFields } from '../privacy/types.js'
import type { AnyStateMachine, ContextFrom } from 'xstate'
import type { z } from 'zod'
import { readDeadline, type DeadlineMeta, type DeadlineSpec, type EscalateMeta } from '../engine/deadlines.js'
import type { TaskMeta } from '../engine/step.js'
import { FengqiaoError } from '../errors.js'
import { checkRuntimeOnce } from '../runtime.js'

/**
 * Which org units may send an event to a case, relative to the case's own org unit.
 *
 * - `'any'`: no org-unit check (for example a petitioner, who belongs to no unit).
 * - `'unit'`: the actor's org unit must be the case's org unit.
 * - `'subtree'`: the actor's org unit must be the case's org unit or one of its ancestors in the
 *   engine's org-unit tree (a township may act on its villages' cases).
 */
export type ScopeRule = 'any' | 'unit' | 'subtree'

/** A label in Chinese and English. */
export interface Labels {
  readonly 'zh-CN': string
  readonly en: string
}

/** The policy of one event type: its payload schema and who may send it. */
export interface EventPolicy<S extends z.ZodType = z.ZodType> {
  /** zod schema of the payload (the event without its `type`). Usually a `z.object(...)`. */
  readonly schema: S
  /** Roles allowed to send the event; the actor needs at least one. */
  readonly roles: readonly string[]
  /** Org-unit scope rule. @defaultValue `'subtree'` */
  readonly scope?: ScopeRule
  /** Human-readable name of the event. */
  readonly label?: Labels
  /**
   * Only the engine sends this event (a deadline's expiry or escalation, a linked case's
   * result): a caller is refused with `FORBIDDEN` whatever roles it claims.
   *
   * @defaultValue false
   */
  readonly system?: boolean
  /**
   * Binds the event to the parties of the case: an actor whose only roles allowing the event
   * are `parties.roles` must be one of `parties.ids(context)` (a petitioner withdraws only
   * their own petition). Actors allowed through another role are not bound.
   */
  readonly parties?: PartyBinding
}

/**
 * Who the parties of a case are, for {@link EventPolicy.parties}.
 *
 * @typeParam C - the machine's context
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a binding is checked against any process's context
export interface PartyBinding<C = any> {
  /** The roles through which a party acts, for example `['petitioner']` or `['party']`. */
  readonly roles: readonly string[]
  /** The ids of the case's parties, read from its context. */
  readonly ids: (context: C) => readonly string[]
}

/** A record of event policies keyed by event type. */
export type EventPolicies = Record<string, EventPolicy>

/** Who may start the process. */
export interface StartPolicy {
  /** Roles allowed to start an instance; omitted means any actor. */
  readonly roles?: readonly string[]
  /** Org-unit scope for the unit given to `start`. @defaultValue `'any'` */
  readonly scope?: ScopeRule
}

/**
 * Who may read the process's cases (`get`, `history`, `verify`, `replay`, `tasks`, `instances`).
 * The parties of a case (see {@link EventPolicy.parties}) may always read their own case.
 */
export interface ReadPolicy {
  /** Roles allowed to read; omitted means any role. */
  readonly roles?: readonly string[]
  /** Org-unit scope relative to the case's unit. @defaultValue `'subtree'` */
  readonly scope?: ScopeRule
}

/** What {@link defineProcess} takes. */
export interface ProcessConfig<
  TMachine extends AnyStateMachine,
  TInput extends z.ZodType | undefined,
  TEvents extends EventPolicies,
> {
  /** Stable process id, for example `'petition'`. */
  readonly id: string
  /** Positive integer version. Instances stay pinned to the version they started on. */
  readonly version: number
  /** The XState v5 machine. It must not invoke or spawn actors (see docs/architecture.md#3-executing-a-command). */
  readonly machine: TMachine
  /** zod schema of the start input; the machine receives the parsed value as `input`. */
  readonly input?: TInput
  /** Every event a caller may send, with its schema and policy. */
  readonly events: TEvents
  /** Who may start an instance. */
  readonly start?: StartPolicy
  /** Who may read its cases. @defaultValue any role, `'subtree'` scope, and the case's parties */
  readonly read?: ReadPolicy
  /** Display name of the process. */
  readonly label?: Labels
  /**
   * Which fields are personal data: sealed at rest when the engine has a `privacy` option, read
   * in clear only by `readers`, erasable. See `docs/privacy.md`.
   */
  readonly personal?: PersonalFields
  /**
   * What suspending a case (`engine.suspend`) does to its statutory deadlines. By default they
   * keep running: an administrative hold does not stop the law's clock. A procedure whose
   * suspension the law itself recognises (a hearing adjourned, 中止) pauses them.
   *
   * @defaultValue `{ pausesDeadlines: false }`
   */
  readonly suspension?: SuspensionPolicy
}

/** How a process's deadlines behave while a case is suspended (see `docs/operations.md`). */
export interface SuspensionPolicy {
  /**
   * `true`: every running deadline pauses while the case is suspended, and its due date moves by
   * the suspended time (in the deadline's own unit, as `pauseDeadline` / `resumeDeadline` count).
   * A list of deadline names: only those pause. `false` (the default): deadlines keep running.
   */
  readonly pausesDeadlines?: boolean | readonly string[]
}

/** What the engine needs to know about one state node, read from its `meta` once. */
export interface StateInfo {
  readonly id: string
  readonly parent: string | null
  readonly task: TaskMeta | undefined
  readonly deadline: DeadlineSpec | undefined
  readonly escalate: EscalateMeta | undefined
  /** `meta.outcome` of a final state: `'resolved'`, `'unresolved'`, `'void'`, or your own. */
  readonly outcome: string | undefined
}

/**
 * Metadata a process state may declare (XState `meta`). Everything is optional. Declare it as the
 * machine's meta type — `setup({ types: { meta: {} as ProcessStateMeta<Context> } })` — and XState
 * checks every state's `meta` and types the context that task functions receive, with no casts.
 *
 * @typeParam TContext - the machine's context
 * @example
 * ```ts
 * handling: { meta: { task: { role: 'handler', assignee: ({ context }) => context.handler }, deadline: { days: 60, onExpire: 'OVERDUE', warnAt: 0.8 }, escalate: { to: 'township', when: 'overdue' } } }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the meta of any process's states
export interface ProcessStateMeta<TContext = any> {
  /** The state's name for people (used by `toMermaid` and worklists). */
  readonly label?: Labels
  /** Opens a task while the state is active; its functions read the context typed. */
  readonly task?: TaskMeta<TContext>
  /** A statutory deadline that runs while the state is active. */
  readonly deadline?: DeadlineMeta
  /** Move the case up the org-unit ladder when the state's deadline expires. */
  readonly escalate?: EscalateMeta
  /** For final states: how the case ended, for reports (`'resolved'`, `'unresolved'`, `'void'`). */
  readonly outcome?: string
}

/** A registered-ready process: what `defineProcess` returns and `createEngine` takes. */
export interface ProcessDefinition<
  TMachine extends AnyStateMachine = AnyStateMachine,
  TInput extends z.ZodType | undefined = z.ZodType | undefined,
  TEvents extends EventPolicies = EventPolicies,
> extends ProcessConfig<TMachine, TInput, TEvents> {
  /** Brand so that a plain object cannot pass for a checked definition. */
  readonly kind: 'fengqiao.process'
  /**
   * Per state node: task, deadline, escalation and outcome, checked once.
   *
   * @internal
   */
  readonly states: ReadonlyMap<string, StateInfo>
}

/** Any process definition. */
export type AnyProcessDefinition = ProcessDefinition<AnyStateMachine, z.ZodType | undefined, EventPolicies>

/**
 * The union of flat events `{ type, ...payload }` a caller may send, derived from event policies.
 * Use it to type the machine: `setup({ types: { events: {} as EventsOf<typeof events> } })`.
 */
export type EventsOf<TEvents extends EventPolicies> = {
  [K in keyof TEvents & string]: FlatEvent<K, z.output<TEvents[K]['schema']>>
}[keyof TEvents & string]

/** `{ type } & payload` flattened; an empty payload schema (`z.object({})`) adds nothing. */
export type FlatEvent<K extends string, P> = string extends keyof P
  ? { type: K }
  : { [X in keyof ({ type: K } & P)]: ({ type: K } & P)[X] }

/** The events a caller may send to a process (payloads as accepted by the schemas' input side). */
export type EventOf<P> =
  P extends ProcessDefinition<AnyStateMachine, z.ZodType | undefined, infer E>
    ? { [K in keyof E & string]: FlatEvent<K, z.input<E[K]['schema']>> }[keyof E & string]
    : never

/** The start input a process takes (`undefined` when it declares no input schema). */
export type InputOf<P> =
  P extends ProcessDefinition<AnyStateMachine, infer I, EventPolicies>
    ? I extends z.ZodType
      ? z.input<I>
      : undefined
    : never

/** The context type of a process's machine. */
export type ContextOf<P> =
  P extends ProcessDefinition<infer M, z.ZodType | undefined, EventPolicies> ? ContextFrom<M> : never

// Built-in XState actions that cannot be run durably by a pure, actor-free engine.
const FORBIDDEN_ACTIONS = new Set([
  'xstate.spawnChild',
  'xstate.sendTo',
  'xstate.sendParent',
  'xstate.forwardTo',
  'xstate.stopChild',
])

interface NodeLike {
  id: string
  parent?: NodeLike | undefined
  meta?: unknown
  invoke: unknown[]
  entry: unknown[]
  exit: unknown[]
  transitions: Map<string, Array<{ actions: unknown[] }>>
  always?: Array<{ actions: unknown[] }>
  states: Record<string, NodeLike>
  ownEvents: string[]
  after: Array<{ delay: unknown }>
}

function actionName(a: unknown): string | undefined {
  if (typeof a === 'string') return a
  if (typeof a === 'function' || (typeof a === 'object' && a !== null)) {
    const t = (a as { type?: unknown }).type
    return typeof t === 'string' ? t : undefined
  }
  return undefined
}

function invalid(processId: string, message: string, details: Record<string, unknown> = {}): FengqiaoError {
  return new FengqiaoError('INVALID_DEFINITION', `Process "${processId}": ${message}`, { processId, ...details })
}

function systemEvent(id: string, node: string, type: string, events: EventPolicies, what: string): void {
  const policy = Object.hasOwn(events, type) ? events[type] : undefined
  if (policy === undefined)
    throw invalid(id, `state "${node}" names ${what} "${type}", which \`events\` does not declare.`, {
      state: node,
      event: type,
    })
  if (!policy.schema.safeParse({}).success) {
    throw invalid(
      id,
      `the engine sends ${what} "${type}" without a payload, but its schema refuses an empty payload. Make its fields optional.`,
      { state: node, event: type },
    )
  }
}

function indexStates(id: string, machine: AnyStateMachine, events: EventPolicies): Map<string, StateInfo> {
  const out = new Map<string, StateInfo>()
  const names = new Set<string>()
  const walk = (node: NodeLike): void => {
    const meta = (node.meta ?? {}) as Record<string, unknown>
    const deadline = meta.deadline === undefined ? undefined : readDeadline(id, node.id, meta.deadline as DeadlineMeta)
    if (deadline !== undefined) {
      if (names.has(deadline.name))
        throw invalid(id, `two states declare a deadline named "${deadline.name}"; give them distinct \`name\`s.`, {
          state: node.id,
        })
      names.add(deadline.name)
      if (deadline.onExpire !== undefined) systemEvent(id, node.id, deadline.onExpire, events, 'the expiry event')
    }
    const escalate = meta.escalate as EscalateMeta | undefined
    if (escalate !== undefined) {
      if (typeof escalate.to !== 'string' || escalate.when !== 'overdue')
        throw invalid(id, `state "${node.id}": meta.escalate needs { to: <level or unit>, when: 'overdue' }.`, {
          state: node.id,
        })
      if (deadline === undefined)
        throw invalid(id, `state "${node.id}" escalates when overdue but declares no meta.deadline.`, {
          state: node.id,
        })
      if (escalate.event !== undefined) systemEvent(id, node.id, escalate.event, events, 'the escalation event')
    }
    const task = meta.task as TaskMeta | undefined
    if (task !== undefined && (typeof task !== 'object' || typeof task.role !== 'string' || task.role === '')) {
      throw invalid(id, `state "${node.id}": meta.task needs a \`role\`.`, { state: node.id })
    }
    if (meta.outcome !== undefined && typeof meta.outcome !== 'string')
      throw invalid(id, `state "${node.id}": meta.outcome must be a string.`, { state: node.id })
    out.set(node.id, { id: node.id, parent: node.parent?.id ?? null, task, deadline, escalate, outcome: meta.outcome })
    for (const child of Object.values(node.states)) walk(child)
  }
  walk(machine.root as unknown as NodeLike)
  return out
}

function checkMachine(id: string, machine: AnyStateMachine, events: EventPolicies): void {
  const handled = new Set<string>()
  const walk = (node: NodeLike): void => {
    if (node.invoke.length > 0) {
      throw invalid(
        id,
        `state "${node.id}" invokes an actor. Processes cannot invoke or spawn actors: move the work into a named action handled by a plugin, or start a linked process.`,
        { state: node.id },
      )
    }
    const actions = [
      ...node.entry,
      ...node.exit,
      ...[...node.transitions.values()].flat().flatMap((t) => t.actions),
      ...(node.always ?? []).flatMap((t) => t.actions),
    ]
    for (const a of actions) {
      if (typeof a === 'function' && typeof (a as { type?: unknown }).type !== 'string') {
        throw invalid(
          id,
          `state "${node.id}" has an inline function action. A durable engine never runs inline code: change context with assign()/update(), and name side effects (setup({ actions: { notify: () => {} } }) and 'notify') so a plugin handles them after commit.`,
          { state: node.id },
        )
      }
      const name = actionName(a)
      if (name !== undefined && FORBIDDEN_ACTIONS.has(name)) {
        throw invalid(
          id,
          `state "${node.id}" uses the action ${name}. Processes have no child actors: use a named action (handled after commit by a plugin) or a linked process instead.`,
          { state: node.id, action: name },
        )
      }
    }
    for (const t of node.after) {
      // XState treats a text delay it has no implementation for as 0 ms: `after: { '3d': … }`
      // would fire at once instead of in three days.
      if (typeof t.delay === 'string' && !Object.hasOwn(delays, t.delay)) {
        throw invalid(
          id,
          `state "${node.id}" has the delay ${JSON.stringify(t.delay)}, which the machine does not define, so XState would fire it at once. Write the delay in milliseconds (after: { 259200000: 'next' }), or name it and define it in setup({ delays: { threeDays: 3 * 24 * 3600 * 1000 } }) (parseDuration('3d') gives the milliseconds); for deadlines counted in working days use meta.deadline.`,
          { state: node.id, delay: t.delay },
        )
      }
    }
    for (const e of node.ownEvents) handled.add(e)
    for (const child of Object.values(node.states)) walk(child)
  }
  const delays = (machine.implementations as { delays?: Record<string, unknown> }).delays ?? {}
  walk(machine.root as unknown as NodeLike)
  for (const e of handled) {
    if (e.startsWith('xstate.') || e === '*' || e.endsWith('.*')) continue
    if (!Object.hasOwn(events, e)) {
      throw invalid(
        id,
        `the machine handles event "${e}" but \`events\` has no policy for it. Add { schema, roles } for "${e}" to \`events\`.`,
        { event: e },
      )
    }
  }
  const wildcard = [...handled].some((e) => e === '*' || e.endsWith('.*'))
  if (!wildcard) {
    for (const e of Object.keys(events)) {
      if (!handled.has(e)) {
        throw invalid(id, `\`events\` declares "${e}" but no state of the machine handles it (a typo?).`, { event: e })
      }
    }
  }
}

/**
 * Defines a process: checks the machine and its policies once, and returns a typed handle for
 * `createEngine({ processes })` and `engine.process(handle)`.
 *
 * @param config - id, version, machine, input schema, event policies
 * @returns the checked, frozen definition
 * @throws {FengqiaoError} INVALID_DEFINITION when the machine invokes or spawns actors, handles an
 *   event without a policy, declares a policy for an event it never handles, or when the id,
 *   version or roles are malformed, or when an `after` delay is a name the machine does not define
 *   (`after: { '3d': … }`: write milliseconds or define the delay in `setup({ delays })`)
 * @throws {FengqiaoError} UNSUPPORTED_RUNTIME on the first call, when the installed xstate or zod
 *   is outside {@link SUPPORTED_VERSIONS}
 * @example
 * ```ts
 * const events = { CLOSE: { schema: z.object({ note: z.string() }), roles: ['clerk'] } }
 * const machine = setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
 *   initial: 'open', states: { open: { on: { CLOSE: 'closed' } }, closed: { type: 'final' } },
 * })
 * export const ticket = defineProcess({ id: 'ticket', version: 1, machine, events })
 * ```
 */
export function defineProcess<
  const TMachine extends AnyStateMachine,
  const TEvents extends EventPolicies,
  TInput extends z.ZodType | undefined = undefined,
>(config: ProcessConfig<TMachine, TInput, TEvents>): ProcessDefinition<TMachine, TInput, TEvents> {
  checkRuntimeOnce()
  const id = typeof config?.id === 'string' ? config.id : ''
  if (!/^[A-Za-z][\w.-]{0,99}$/.test(id)) {
    throw new FengqiaoError(
      'INVALID_DEFINITION',
      `A process id must start with a letter and contain only letters, digits, "_", "." or "-" (at most 100 characters); got ${JSON.stringify(config?.id)}.`,
      { processId: config?.id },
    )
  }
  if (!Number.isInteger(config.version) || config.version < 1) {
    throw invalid(id, `version must be a positive integer; got ${String(config.version)}.`)
  }
  const machine = config.machine as unknown as { root?: unknown; transition?: unknown } | undefined
  if (machine === undefined || typeof machine.transition !== 'function' || machine.root === undefined) {
    throw invalid(id, '`machine` must be an XState v5 machine made with createMachine() or setup().createMachine().')
  }
  if (typeof config.events !== 'object' || config.events === null)
    throw invalid(id, '`events` must be an object of { schema, roles } policies.')
  for (const [type, policy] of Object.entries(config.events)) {
    if (typeof policy?.schema?.safeParse !== 'function')
      throw invalid(id, `event "${type}" needs a zod \`schema\`.`, { event: type })
    if (!Array.isArray(policy.roles) || policy.roles.length === 0 || policy.roles.some((r) => typeof r !== 'string')) {
      throw invalid(id, `event "${type}" needs a non-empty \`roles\` array of role names.`, { event: type })
    }
    if (policy.scope !== undefined && !['any', 'unit', 'subtree'].includes(policy.scope)) {
      throw invalid(
        id,
        `event "${type}" has an unknown scope rule ${JSON.stringify(policy.scope)} (use 'any', 'unit' or 'subtree').`,
        { event: type },
      )
    }
  }
  if (config.input !== undefined && typeof (config.input as { safeParse?: unknown }).safeParse !== 'function') {
    throw invalid(id, '`input` must be a zod schema.')
  }
  checkPersonal(id, config.personal, config.events)
  checkMachine(id, config.machine, config.events)
  const states = indexStates(id, config.machine, config.events)
  checkSuspension(id, config.suspension, states)
  return Object.freeze({ ...config, kind: 'fengqiao.process' as const, states })
}

function checkPersonal(id: string, personal: PersonalFields | undefined, events: EventPolicies): void {
  if (personal === undefined) return
  const paths = (where: string, list: unknown): void => {
    if (list === undefined) return
    if (
      !Array.isArray(list) ||
      list.some((p) => typeof p !== 'string' || p === '' || p.split('.').some((part) => part === ''))
    ) {
      throw invalid(id, `personal.${where} must be an array of dot paths like 'petitioner.phone'.`, {
        field: `personal.${where}`,
      })
    }
  }
  if (typeof personal !== 'object' || personal === null)
    throw invalid(id, '`personal` must be an object { context?, input?, events?, readers? }.')
  paths('context', personal.context)
  paths('input', personal.input)
  paths('readers', personal.readers)
  for (const [type, list] of Object.entries(personal.events ?? {})) {
    if (!Object.hasOwn(events, type))
      throw invalid(id, `personal.events names the event "${type}", which the process does not declare.`, {
        event: type,
      })
    paths(`events.${type}`, list)
  }
}

// The suspension policy names only deadlines the process declares.
function checkSuspension(
  id: string,
  policy: SuspensionPolicy | undefined,
  states: ReadonlyMap<string, StateInfo>,
): void {
  if (policy === undefined) return
  const p = policy.pausesDeadlines
  if (typeof policy !== 'object' || policy === null || (p !== undefined && typeof p !== 'boolean' && !Array.isArray(p)))
    throw invalid(id, '`suspension` must be { pausesDeadlines?: boolean | string[] }.')
  if (!Array.isArray(p)) return
  const names = new Set([...states.values()].flatMap((s) => (s.deadline === undefined ? [] : [s.deadline.name])))
  for (const n of p as readonly unknown[]) {
    if (typeof n !== 'string' || !names.has(n))
      throw invalid(
        id,
        `suspension.pausesDeadlines names ${JSON.stringify(n)}, which is not a deadline of the process (declared: ${[...names].join(', ') || 'none'}).`,
        { deadline: String(n) },
      )
  }
}
