/**
 * The pure step: one event through XState's `transition`, and the effects derived from it.
 * No I/O and no clock here; the engine turns the outcome into a change set.
 *
 * @module
 * @internal
 */
import {
  createActor,
  type AnyActorScope,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyStateNode,
  type StateValue,
} from 'xstate'
import { isRuleGuard, type Refusal } from '../process/rule.js'
import { FengqiaoError } from '../errors.js'
import type { InstanceStatus, Json } from '../store/types.js'

/**
 * Task metadata a state may declare under `meta.task`.
 *
 * @typeParam TContext - the machine's context, so that `assignee` and `orgUnit` functions read it
 *   typed (declare the meta type in `setup({ types: { meta: {} as ProcessStateMeta<Context> } })`)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a task of any process's context
export interface TaskMeta<TContext = any> {
  /** The role that must act. */
  readonly role: string
  /** What the task is, for a worklist. */
  readonly title?: string | { readonly 'zh-CN'?: string; readonly en?: string }
  /** A fixed assignee, or a function of the context that returns one. */
  readonly assignee?: string | ((args: { context: TContext }) => string | null | undefined)
  /** The org unit that owns the task, when it is not the case's own. */
  readonly orgUnit?: string | ((args: { context: TContext; orgUnit: string | null }) => string | null | undefined)
}

/** A delayed event the machine scheduled (an `after` transition or a delayed `raise`). */
export interface ScheduledEvent {
  readonly key: string
  readonly event: Json
  readonly delayMs: number
}

/** Everything a step decided. */
export interface StepOutcome {
  readonly snapshot: AnyMachineSnapshot
  readonly persisted: Json
  readonly stateKey: string
  readonly status: InstanceStatus
  readonly schedule: readonly ScheduledEvent[]
  readonly cancel: readonly string[]
  /** Named actions (candidates for the outbox), in order. */
  readonly actions: ReadonlyArray<{ readonly type: string; readonly params: Json }>
  /** Active state nodes that declare a task. */
  readonly taskNodes: ReadonlyArray<{ readonly stateNode: string; readonly task: TaskMeta }>
  /** Ids of every active state node, root first. */
  readonly activeNodes: readonly string[]
}

/**
 * Renders a state value as a string key: `'a'`, `'a.b'`, and parallel regions joined with `|`
 * in a stable order.
 *
 * @param value - an XState state value
 * @returns the key
 */
export function stateKeyOf(value: StateValue): string {
  if (typeof value === 'string') return value
  const leaves: string[] = []
  const walk = (v: StateValue, prefix: string): void => {
    if (typeof v === 'string') {
      leaves.push(prefix + v)
      return
    }
    const keys = Object.keys(v).sort()
    for (const k of keys) {
      const child = v[k]
      if (child === undefined || (typeof child === 'object' && Object.keys(child).length === 0)) leaves.push(prefix + k)
      else walk(child, `${prefix}${k}.`)
    }
  }
  walk(value, '')
  return leaves.join('|')
}

/**
 * Checks that a value is plain JSON (what survives a JSON column and a restart).
 *
 * @throws {FengqiaoError} INVALID_DEFINITION naming the first offending path
 */
export function checkJson(value: unknown, path: string): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notJson(path, String(value))
    return
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => checkJson(v, `${path}[${i}]`))
    return
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown
    if (proto !== Object.prototype && proto !== null) throw notJson(path, value.constructor?.name ?? 'object')
    for (const [k, v] of Object.entries(value)) if (v !== undefined) checkJson(v, `${path}.${k}`)
    return
  }
  throw notJson(path, typeof value)
}

function notJson(path: string, what: string): FengqiaoError {
  return new FengqiaoError(
    'INVALID_DEFINITION',
    `The machine's context must stay plain JSON so it survives storage and restarts, but ${path} holds ${what}. Store dates as ISO strings or epoch milliseconds.`,
    { path },
  )
}

/**
 * The active state nodes of a state value, root first, then depth first in document order.
 * Read from the machine's public tree (`root`, `states`) rather than the snapshot's internals.
 *
 * @param machine - the process machine
 * @param value - a state value of that machine
 * @returns the active state nodes
 */
export function activeNodesOf(machine: AnyStateMachine, value: StateValue): AnyStateNode[] {
  const out: AnyStateNode[] = [machine.root]
  const walk = (node: AnyStateNode, v: StateValue): void => {
    if (typeof v === 'string') {
      const child = node.states[v]
      if (child !== undefined) out.push(child)
      return
    }
    for (const [key, sub] of Object.entries(v)) {
      const child = node.states[key]
      if (child === undefined) continue
      out.push(child)
      if (sub !== undefined) walk(child, sub)
    }
  }
  walk(machine.root, value)
  return out
}

/**
 * Reads the outcome of a step from its snapshot and the actions XState handed to the executor.
 *
 * @param machine - the process machine
 * @param snapshot - the snapshot after the step
 * @param actions - the executed actions, in order
 * @returns the outcome
 * @throws {FengqiaoError} UNSUPPORTED_ACTION for live-actor actions; INVALID_DEFINITION for a
 *   context that is not plain JSON
 */
export function interpret(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  actions: ReadonlyArray<{ type: string; params?: unknown }>,
): StepOutcome {
  if (Object.keys(snapshot.children as object).length > 0) {
    throw new FengqiaoError(
      'UNSUPPORTED_ACTION',
      'The machine spawned a child actor. Processes cannot hold live actors: start a linked process or use a named action instead.',
    )
  }
  checkJson(snapshot.context, 'context')
  const schedule: ScheduledEvent[] = []
  const cancel: string[] = []
  const named: Array<{ type: string; params: Json }> = []
  for (const a of actions) {
    switch (a.type) {
      case 'xstate.raise': {
        const p = a.params as { event: Json; id?: string; delay?: number }
        if (p.delay === undefined) break // immediate raises were already processed by XState
        const key = p.id ?? `raise.${schedule.length}`
        schedule.push({ key, event: p.event, delayMs: p.delay })
        break
      }
      case 'xstate.cancel':
        cancel.push((a.params as { sendId: string }).sendId)
        break
      case 'xstate.spawnChild':
      case 'xstate.sendTo':
      case 'xstate.stopChild':
        throw new FengqiaoError(
          'UNSUPPORTED_ACTION',
          `The machine ran ${a.type}, which needs live actors. Use a named action handled by a plugin, or a linked process.`,
          { action: a.type },
        )
      default:
        if (!a.type.startsWith('xstate.')) named.push({ type: a.type, params: (a.params ?? null) as Json })
    }
  }
  const taskNodes: Array<{ stateNode: string; task: TaskMeta }> = []
  const meta = snapshot.getMeta() as Record<string, { task?: TaskMeta } | undefined>
  for (const [stateNode, m] of Object.entries(meta)) {
    if (m?.task !== undefined) taskNodes.push({ stateNode, task: m.task })
  }
  const persisted = machine.getPersistedSnapshot(snapshot) as unknown as Json
  const value = snapshot.value as StateValue
  return {
    activeNodes: activeNodesOf(machine, value).map((n) => n.id),
    snapshot,
    persisted,
    stateKey: stateKeyOf(value),
    status: snapshot.status === 'done' ? 'completed' : snapshot.status === 'error' ? 'failed' : 'active',
    schedule,
    cancel,
    actions: named,
    taskNodes,
  }
}

/**
 * The `after` timers the active states of a snapshot would schedule on entry, with their delays,
 * for re-deriving timers when an instance is migrated to another version.
 *
 * @param machine - the process machine
 * @param snapshot - a snapshot of that machine
 * @returns the delayed events
 */
export function afterTimers(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): ScheduledEvent[] {
  const out: ScheduledEvent[] = []
  const delays = (machine.implementations as { delays?: Record<string, unknown> }).delays ?? {}
  for (const node of activeNodesOf(machine, snapshot.value as StateValue)) {
    for (const t of node.after) {
      let d: unknown = typeof t.delay === 'string' ? delays[t.delay] : t.delay
      const context: unknown = snapshot.context
      if (typeof d === 'function') d = (d as (a: unknown) => unknown)({ context, event: { type: 'fengqiao.migrate' } })
      const eventType = t.eventType as string
      if (typeof d === 'number') out.push({ key: eventType, event: { type: eventType }, delayMs: d })
    }
  }
  return out
}

type ExecutedAction = { type: string; params?: unknown }

// One inert actor per machine, made once: XState's own `transition()` helper builds a new actor
// (and evaluates the machine's context factory) on every call, which is most of the cost of a
// step. Each step gets its own scope object around it, with an executor that only records the
// actions; nothing shared is mutated. Safe because processes never spawn or invoke actors.
const inertActors = new WeakMap<AnyStateMachine, AnyActorScope['self']>()

function scopeFor(machine: AnyStateMachine, record: (a: ExecutedAction) => void): AnyActorScope {
  let self = inertActors.get(machine)
  if (self === undefined) {
    self = createActor(machine)
    inertActors.set(machine, self)
  }
  return {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (a) => record(a),
  }
}

function collect(
  machine: AnyStateMachine,
  run: (scope: AnyActorScope) => AnyMachineSnapshot,
): [AnyMachineSnapshot, ExecutedAction[]] {
  const actions: ExecutedAction[] = []
  const snapshot = run(scopeFor(machine, (a) => actions.push(a)))
  return [snapshot, actions]
}

/**
 * The initial step of a new instance.
 *
 * @param machine - the process machine
 * @param input - validated start input
 * @returns the outcome
 */
export function stepStart(machine: AnyStateMachine, input: unknown): StepOutcome {
  const [snapshot, actions] = collect(
    machine,
    (scope) => machine.getInitialSnapshot(scope as never, input) as AnyMachineSnapshot,
  )
  return interpret(machine, snapshot, actions)
}

/**
 * Restores a persisted snapshot for stepping.
 *
 * @param machine - the process machine the snapshot belongs to
 * @param persisted - the stored snapshot
 * @returns a live snapshot object (no actors)
 */
export function restore(machine: AnyStateMachine, persisted: Json): AnyMachineSnapshot {
  // No children are ever persisted, so the actor scope is never consulted.
  return machine.restoreSnapshot(persisted as never, undefined as never) as AnyMachineSnapshot
}

/**
 * One event applied to a restored snapshot.
 *
 * @param machine - the process machine
 * @param snapshot - the current snapshot (from {@link restore})
 * @param event - the validated event `{ type, ...payload }`
 * @returns the outcome, or `undefined` when the current state does not accept the event
 */
export function stepEvent(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: { type: string; [key: string]: unknown },
): StepOutcome | undefined {
  if (snapshot.status !== 'active' || !snapshot.can(event)) return undefined
  const [next, actions] = collect(
    machine,
    (scope) => machine.transition(snapshot, event, scope as never) as AnyMachineSnapshot,
  )
  return interpret(machine, next, actions)
}

/**
 * The event types the current state has transitions for (ignoring guards).
 *
 * @param machine - the process machine
 * @param snapshot - a restored snapshot
 * @returns sorted user event types
 */
export function acceptedEvents(machine: AnyStateMachine, snapshot: AnyMachineSnapshot): string[] {
  const types = new Set<string>()
  for (const n of activeNodesOf(machine, snapshot.value as StateValue)) {
    for (const e of n.ownEvents as string[]) if (!e.startsWith('xstate.') && e !== '*') types.add(e)
  }
  return [...types].sort()
}

/** Why the current state did not take an event. */
export type StepRefusal =
  | { readonly reason: 'no-transition' }
  | { readonly reason: 'refused-by-rule'; readonly refusal: Refusal }
  | { readonly reason: 'refused-by-guard'; readonly guard: string | null }

/**
 * Explains why {@link stepEvent} returned `undefined`: the state has no transition for the event,
 * or every transition it has was refused by a guard — by a rule made with `rule()`, whose cited
 * reason is returned, or by a plain guard, whose name is returned when it has one.
 *
 * @param machine - the process machine
 * @param snapshot - the snapshot the event was refused on
 * @param event - the refused event
 * @returns the reason
 */
export function explainRefusal(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: { type: string; [key: string]: unknown },
): StepRefusal {
  const guards = (machine.implementations as { guards?: Record<string, unknown> }).guards ?? {}
  let plain: StepRefusal | undefined
  const nodes = activeNodesOf(machine, snapshot.value as StateValue).reverse() // deepest first, as XState selects
  for (const node of nodes) {
    for (const t of node.transitions.get(event.type) ?? []) {
      const g = t.guard as unknown
      if (g === undefined) continue
      const name =
        typeof g === 'string'
          ? g
          : typeof g === 'object' && g !== null && typeof (g as { type?: unknown }).type === 'string'
            ? (g as { type: string }).type
            : null
      const params = typeof g === 'object' && g !== null ? (g as { params?: unknown }).params : undefined
      const impl = typeof g === 'function' ? g : name === null ? undefined : guards[name]
      if (isRuleGuard(impl)) {
        const context: unknown = snapshot.context
        const refusal = impl.explain({ context, event }, params)
        if (refusal !== undefined) return { reason: 'refused-by-rule', refusal }
      }
      plain ??= { reason: 'refused-by-guard', guard: name }
    }
  }
  return plain ?? { reason: 'no-transition' }
}
