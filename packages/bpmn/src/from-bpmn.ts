/**
 * Import: a documented subset of BPMN 2.0 (docs/bpmn.md) compiled into a process definition's
 * config, ready for `defineProcess`. Everything outside the subset is refused at once, listed.
 *
 * @module
 */
import {
  FengqiaoError,
  startProcess,
  type EventPolicies,
  type EventsOf,
  type Labels,
  type ProcessConfig,
} from '@fengqiao/core'
import type { ModdleElement } from 'bpmn-moddle'
import { setup, type AnyEventObject, type AnyStateMachine } from 'xstate'
import { parseIsoDuration } from './duration.js'
import { createModdle } from './moddle.js'

/** A guard `fromBpmn` may name from a gateway's condition. */
export type BpmnGuard = (args: { context: unknown; event: AnyEventObject }) => boolean

/** Options of {@link fromBpmn}. */
export interface FromBpmnOptions<E extends EventPolicies> {
  /** Every event the process takes, with its schema and policy (flows, messages and timers name them). */
  readonly events: E
  /** Guards that exclusive gateways' conditions name (the condition's text is the guard's name). */
  readonly guards?: Readonly<Record<string, BpmnGuard>>
  /** Named actions that sequence flows list in `fq:actions`; a plugin handles them after commit. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any XState action the caller names
  readonly actions?: Readonly<Record<string, any>>
  /** Overrides the process id (default: the BPMN process's id). */
  readonly id?: string
  /** Overrides the version (default: `fq:version`, else 1). */
  readonly version?: number
}

/** One element `fromBpmn` refused: where it is, what it is, and what to draw instead. */
export interface UnsupportedElement {
  readonly id: string
  readonly type: string
  readonly use: string
}

const DAY = 86_400_000
const HOUR = 3_600_000

const INSTEAD: Record<string, string> = {
  'bpmn:ParallelGateway': 'an exclusive gateway, or a subprocess (parallel branches are exported, not compiled)',
  'bpmn:InclusiveGateway': 'an exclusive gateway whose conditions name guards',
  'bpmn:ComplexGateway': 'an exclusive gateway whose conditions name guards',
  'bpmn:EventBasedGateway': 'a user task (or message catch event) with one outgoing flow per event',
  'bpmn:Task': 'a user task with candidate groups, or a message intermediate catch event',
  'bpmn:ManualTask': 'a user task with candidate groups',
  'bpmn:ReceiveTask': 'a message intermediate catch event',
  'bpmn:ServiceTask': 'a named action on a sequence flow (fq:actions), run by a plugin after commit',
  'bpmn:ScriptTask': 'a named action on a sequence flow (fq:actions), run by a plugin after commit',
  'bpmn:SendTask': 'a named action on a sequence flow (fq:actions), run by a plugin after commit',
  'bpmn:BusinessRuleTask': 'an exclusive gateway whose conditions name guards',
  'bpmn:IntermediateThrowEvent': 'a named action on a sequence flow (fq:actions)',
  'bpmn:Transaction': 'an embedded subprocess',
  'bpmn:AdHocSubProcess': 'an embedded subprocess',
  'bpmn:DataObject': 'process context (an input schema and assign/update actions)',
  'bpmn:DataObjectReference': 'process context (an input schema and assign/update actions)',
  'bpmn:DataStoreReference': 'process context (an input schema and assign/update actions)',
  'bpmn:Collaboration':
    'a single process (pools and message flows between processes are linked cases: call activities)',
}

const DECORATION = new Set(['bpmn:TextAnnotation', 'bpmn:Association', 'bpmn:Group'])

interface StateConfig {
  type?: 'final'
  initial?: string
  states?: Record<string, StateConfig>
  on?: Record<string, TransitionConfig[]>
  after?: Record<string, TransitionConfig[]>
  always?: TransitionConfig[]
  onDone?: TransitionConfig[]
  entry?: unknown[]
  meta?: Record<string, unknown>
}

interface TransitionConfig {
  target?: string
  guard?: string
  actions?: unknown[]
}

const els = (e: ModdleElement, name: string): ModdleElement[] => (e.get(name) as ModdleElement[] | undefined) ?? []
const attr = (e: ModdleElement, name: string): string | undefined => {
  const v = e.get(name) ?? e.$attrs?.[name]
  // Attributes are strings, numbers or booleans; anything else (an element) is no attribute value.
  return typeof v === 'string'
    ? v === ''
      ? undefined
      : v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined
}
const defsOf = (e: ModdleElement): ModdleElement[] => els(e, 'eventDefinitions')

/**
 * Compiles BPMN 2.0 XML (the subset in `docs/bpmn.md`) into the config of a process: pass it to
 * `defineProcess`. Flows out of user tasks and call activities, message events and timers name
 * events of `events`; gateway conditions name `guards`; `fq:actions` on flows name `actions`.
 * The result is typed from `events` like a hand-written process.
 *
 * @param xml - BPMN 2.0 XML, for example saved by bpmn.io or Camunda Modeler
 * @param options - the events, guards and actions the drawing names
 * @returns `{ id, version, machine, events }` for `defineProcess`
 * @throws {FengqiaoError} UNSUPPORTED_BPMN listing every element outside the subset (by id and
 *   type, with what to use instead), or when the XML cannot be read; nothing partial is returned
 * @example
 * ```ts
 * const events = { APPROVE: { schema: z.object({}), roles: ['clerk'] } }
 * const permit = defineProcess(await fromBpmn(readFileSync('permit.bpmn', 'utf8'), { events }))
 * ```
 */
export async function fromBpmn<const E extends EventPolicies>(
  xml: string,
  options: FromBpmnOptions<E>,
): Promise<ProcessConfig<AnyStateMachine, undefined, E>> {
  if (typeof xml !== 'string')
    throw new FengqiaoError('UNSUPPORTED_BPMN', 'fromBpmn takes BPMN 2.0 XML as a string.', { unsupported: [] })
  if (typeof options?.events !== 'object' || options.events === null) {
    throw new FengqiaoError(
      'UNSUPPORTED_BPMN',
      'fromBpmn needs `events`: the event policies the drawing names (flows, messages, timers).',
      { unsupported: [] },
    )
  }
  const events = options.events
  const guards = options.guards ?? {}
  const actions = options.actions ?? {}
  let parsed: Awaited<ReturnType<ReturnType<typeof createModdle>['fromXML']>>
  try {
    parsed = await createModdle().fromXML(xml)
  } catch (e) {
    throw new FengqiaoError(
      'UNSUPPORTED_BPMN',
      `The BPMN XML cannot be read: ${(e as Error).message}`,
      { unsupported: [] },
      { cause: e },
    )
  }
  if (parsed.warnings.length > 0) {
    const warnings = parsed.warnings.map((w) => w.message)
    throw new FengqiaoError(
      'UNSUPPORTED_BPMN',
      `The BPMN XML is not valid BPMN 2.0: ${warnings.join('; ')}. Save it again from a modeler.`,
      { unsupported: [], warnings },
    )
  }
  const unsupported: UnsupportedElement[] = []
  const refuse = (e: ModdleElement, use: string): void => {
    unsupported.push({ id: e.id ?? '(no id)', type: e.$type, use })
  }
  const definitions = parsed.rootElement
  const processes = els(definitions, 'rootElements').filter((r) => r.$type === 'bpmn:Process')
  for (const r of els(definitions, 'rootElements')) {
    if (!['bpmn:Process', 'bpmn:Message'].includes(r.$type))
      refuse(r, INSTEAD[r.$type] ?? 'a single process with messages only')
  }
  if (processes.length !== 1) {
    throw new FengqiaoError(
      'UNSUPPORTED_BPMN',
      `The BPMN file must hold exactly one process; it holds ${processes.length}.`,
      { unsupported },
    )
  }
  const process = processes[0] as ModdleElement
  const isEvent = (name: string | undefined): name is string & keyof E =>
    name !== undefined && Object.hasOwn(events, name)
  const keyOf = (e: ModdleElement): string => {
    const state = attr(e, 'fq:state')
    return state === undefined ? (e.id as string) : (state.split('.').pop() as string)
  }
  // A name that only repeats the state's key (as the export writes for unlabelled states) is no label.
  const labelOf = (e: ModdleElement): Labels | undefined =>
    e.name === undefined || e.name === '' || e.name === keyOf(e) ? undefined : { 'zh-CN': e.name, en: e.name }
  const flowActions = (f: ModdleElement): unknown[] => {
    const names = (attr(f, 'fq:actions') ?? '').split(/\s+/).filter((n) => n !== '')
    for (const n of names) if (!Object.hasOwn(actions, n)) refuse(f, `supply the action "${n}" in options.actions`)
    return names
  }
  const rolesOf = (task: ModdleElement, lanes: Map<string, string>): string | undefined => {
    const groups = attr(task, 'camunda:candidateGroups') ?? attr(task, 'fq:role')
    const first = groups
      ?.split(',')
      .map((g) => g.trim())
      .find((g) => g !== '')
    return first ?? lanes.get(task.id as string)
  }
  const lanes = new Map<string, string>()
  for (const set of els(process, 'laneSets')) {
    for (const lane of els(set, 'lanes'))
      for (const ref of els(lane, 'flowNodeRef')) if (lane.name !== undefined) lanes.set(ref.id as string, lane.name)
  }

  const compile = (container: ModdleElement): { initial?: string; states: Record<string, StateConfig> } => {
    const all = els(container, 'flowElements')
    const flows = all.filter((e) => e.$type === 'bpmn:SequenceFlow')
    const nodes = all.filter((e) => e.$type !== 'bpmn:SequenceFlow' && !DECORATION.has(e.$type))
    const outgoing = (e: ModdleElement): ModdleElement[] => flows.filter((f) => f.sourceRef === e)
    const incoming = (e: ModdleElement): ModdleElement[] => flows.filter((f) => f.targetRef === e)
    const states: Record<string, StateConfig> = {}
    const boundaries = nodes.filter((n) => n.$type === 'bpmn:BoundaryEvent')
    // A gateway right after an event's flow is that event's choice: its branches become guarded
    // transitions on the event, the way a hand-written machine says it.
    const inlined = new Set(
      nodes
        .filter((n) => n.$type === 'bpmn:ExclusiveGateway' && incoming(n).length === 1)
        .filter((n) => {
          const src = incoming(n)[0]?.sourceRef as ModdleElement | undefined
          return (
            src !== undefined &&
            src.$type !== 'bpmn:StartEvent' &&
            src.$type !== 'bpmn:ExclusiveGateway' &&
            src.$type !== 'bpmn:SubProcess'
          )
        }),
    )
    const targetOf = (f: ModdleElement): string => {
      const deep = attr(f, 'fq:target')
      return deep === undefined ? keyOf(f.targetRef as ModdleElement) : `#${deep}`
    }
    const branchesOf = (gateway: ModdleElement): TransitionConfig[] => {
      const out: TransitionConfig[] = []
      const def = gateway.default as ModdleElement | undefined
      for (const f of outgoing(gateway)) {
        if (f === def) continue
        const cond = (f.conditionExpression as ModdleElement | undefined)?.body as string | undefined
        const guard = cond?.trim()
        if (guard === undefined || guard === '')
          refuse(f, 'a condition naming a guard (or mark the flow as the default flow)')
        else if (!Object.hasOwn(guards, guard)) refuse(f, `supply the guard "${guard}" in options.guards`)
        const acts = flowActions(f)
        out.push({
          target: targetOf(f),
          ...(guard === undefined ? {} : { guard }),
          ...(acts.length > 0 ? { actions: acts } : {}),
        })
      }
      if (def !== undefined) {
        const acts = flowActions(def)
        out.push({ target: targetOf(def), ...(acts.length > 0 ? { actions: acts } : {}) })
      }
      return out
    }
    const follow = (f: ModdleElement): TransitionConfig[] => {
      const t = f.targetRef as ModdleElement
      const acts = flowActions(f)
      if (inlined.has(t)) {
        return branchesOf(t).map((b) => {
          const all = [...acts, ...(b.actions ?? [])]
          return {
            ...(b.target === undefined ? {} : { target: b.target }),
            ...(b.guard === undefined ? {} : { guard: b.guard }),
            ...(all.length > 0 ? { actions: all } : {}),
          }
        })
      }
      return [{ target: targetOf(f), ...(acts.length > 0 ? { actions: acts } : {}) }]
    }
    const addOn = (s: StateConfig, event: string, list: TransitionConfig[]): void => {
      s.on = { ...s.on, [event]: [...(s.on?.[event] ?? []), ...list] }
    }
    const eventOfFlow = (f: ModdleElement, fallback?: string): string | undefined => {
      const e = attr(f, 'fq:event') ?? (isEvent(f.name) ? f.name : undefined) ?? fallback
      if (!isEvent(e)) {
        refuse(f, `name the flow (or its fq:event) after an event of options.events: ${Object.keys(events).join(', ')}`)
        return undefined
      }
      return e
    }
    const timerOf = (node: ModdleElement, def: ModdleElement): { ms: number; clock: string } | undefined => {
      if (def.timeDate !== undefined || def.timeCycle !== undefined) {
        refuse(node, 'a timer with a duration (timeDuration, ISO 8601 like P5D)')
        return undefined
      }
      const text = (def.timeDuration as ModdleElement | undefined)?.body as string | undefined
      const ms = text === undefined ? undefined : parseIsoDuration(text)
      if (ms === undefined) {
        refuse(node, 'a timer duration in weeks, days, hours, minutes or seconds (P5D, PT4H)')
        return undefined
      }
      return { ms, clock: attr(def, 'fq:clock') ?? 'elapsed' }
    }
    const applyTimer = (
      host: StateConfig,
      node: ModdleElement,
      def: ModdleElement,
      targets: TransitionConfig[] | undefined,
    ): void => {
      const t = timerOf(node, def)
      if (t === undefined) return
      if (t.clock === 'elapsed') {
        if (targets !== undefined) host.after = { ...host.after, [String(t.ms)]: targets }
        return
      }
      if (!['days', 'workingDays', 'hours'].includes(t.clock)) {
        refuse(node, "fq:clock 'days', 'workingDays', 'hours' or 'elapsed'")
        return
      }
      const amount = t.clock === 'hours' ? t.ms / HOUR : t.ms / DAY
      const event = attr(def, 'fq:event')
      if (targets !== undefined && !isEvent(event)) {
        refuse(node, 'fq:event naming the event of options.events the engine sends when the deadline expires')
        return
      }
      const warnAt = attr(def, 'fq:warnAt')
      const kind = attr(def, 'fq:kind')
      host.meta = {
        ...host.meta,
        deadline: {
          [t.clock]: amount,
          name: attr(def, 'fq:deadline') ?? keyOf(node),
          ...(event === undefined ? {} : { onExpire: event }),
          ...(kind === undefined ? {} : { kind }),
          ...(warnAt === undefined ? {} : { warnAt: Number(warnAt) }),
        },
      }
      if (targets !== undefined && event !== undefined) addOn(host, event, targets)
    }

    let initial: string | undefined
    const starts = nodes.filter((n) => n.$type === 'bpmn:StartEvent')
    if (starts.length !== 1) refuse(container, `exactly one start event in ${container.id}`)
    for (const n of nodes) {
      const defs = defsOf(n)
      if (n.loopCharacteristics !== undefined)
        refuse(n, 'one activity per case (no multi-instance or loop markers); start linked cases with a call activity')
      switch (n.$type) {
        case 'bpmn:StartEvent': {
          if (defs.length > 0) refuse(n, 'a plain start event (the case starts with engine.start)')
          const out = outgoing(n)
          if (out.length !== 1) refuse(n, 'exactly one outgoing sequence flow')
          else initial = keyOf(out[0]?.targetRef as ModdleElement)
          break
        }
        case 'bpmn:EndEvent': {
          if (defs.length > 0) refuse(n, 'a plain end event (fq:outcome says how the case ended)')
          const outcome = attr(n, 'fq:outcome')
          const label = labelOf(n)
          states[keyOf(n)] = {
            type: 'final',
            ...(outcome === undefined && label === undefined
              ? {}
              : { meta: { ...(outcome === undefined ? {} : { outcome }), ...(label === undefined ? {} : { label }) } }),
          }
          break
        }
        case 'bpmn:UserTask': {
          const role = rolesOf(n, lanes)
          if (role === undefined)
            refuse(n, 'candidate groups (camunda:candidateGroups), fq:role or a lane naming the role that acts')
          const label = labelOf(n)
          const s: StateConfig = {
            meta: {
              task: { role: role ?? '', ...(label === undefined ? {} : { title: label }) },
              ...(label === undefined ? {} : { label }),
            },
          }
          for (const f of outgoing(n)) {
            const e = eventOfFlow(f)
            if (e !== undefined) addOn(s, e, follow(f))
          }
          states[keyOf(n)] = s
          break
        }
        case 'bpmn:CallActivity': {
          const called = attr(n, 'calledElement')
          if (called === undefined) {
            refuse(n, 'calledElement naming the linked process id')
            break
          }
          const onDone = attr(n, 'fq:onDone')
          const label = labelOf(n)
          const s: StateConfig = {
            entry: [startProcess(called, onDone === undefined ? {} : { onDone })],
            ...(label === undefined ? {} : { meta: { label } }),
          }
          for (const f of outgoing(n)) {
            const e = eventOfFlow(f, onDone)
            if (e !== undefined) addOn(s, e, follow(f))
          }
          states[keyOf(n)] = s
          break
        }
        case 'bpmn:IntermediateCatchEvent': {
          const def = defs[0]
          const label = labelOf(n)
          const s: StateConfig = label === undefined ? {} : { meta: { label } }
          const out = outgoing(n)
          if (defs.length !== 1 || out.length !== 1) {
            refuse(n, 'a catch event with one message or timer definition and one outgoing flow')
            break
          }
          const f = out[0] as ModdleElement
          if (def?.$type === 'bpmn:MessageEventDefinition') {
            const msg = (def.messageRef as ModdleElement | undefined)?.name
            if (!isEvent(msg))
              refuse(n, `a message named after an event of options.events: ${Object.keys(events).join(', ')}`)
            else addOn(s, msg, follow(f))
          } else if (def?.$type === 'bpmn:TimerEventDefinition') applyTimer(s, n, def, follow(f))
          else refuse(n, 'a message or timer catch event')
          states[keyOf(n)] = s
          break
        }
        case 'bpmn:ExclusiveGateway': {
          if (!inlined.has(n)) {
            const label = labelOf(n)
            states[keyOf(n)] = { always: branchesOf(n), ...(label === undefined ? {} : { meta: { label } }) }
          }
          break
        }
        case 'bpmn:SubProcess': {
          if (n.triggeredByEvent === true) {
            refuse(n, 'an embedded subprocess with boundary message events (event subprocesses are not compiled)')
            break
          }
          const inner = compile(n)
          const label = labelOf(n)
          const s: StateConfig = {
            ...(inner.initial === undefined ? {} : { initial: inner.initial }),
            states: inner.states,
            ...(label === undefined ? {} : { meta: { label } }),
          }
          const out = outgoing(n)
          if (out.length > 0) s.onDone = out.flatMap(follow)
          states[keyOf(n)] = s
          break
        }
        case 'bpmn:BoundaryEvent':
          break
        default:
          refuse(n, INSTEAD[n.$type] ?? 'an element of the subset in docs/bpmn.md')
      }
    }
    for (const b of boundaries) {
      const host = b.attachedToRef as ModdleElement | undefined
      const hostState = host === undefined ? undefined : states[keyOf(host)]
      const def = defsOf(b)[0]
      const out = outgoing(b)
      if (hostState === undefined || defsOf(b).length !== 1 || out.length > 1) {
        refuse(
          b,
          'a timer or message boundary event on a user task, call activity or subprocess, with at most one outgoing flow',
        )
        continue
      }
      const targets = out.length === 1 ? follow(out[0] as ModdleElement) : undefined
      if (def?.$type === 'bpmn:TimerEventDefinition') {
        if (b.cancelActivity === false && out.length > 0)
          refuse(b, 'an interrupting timer (a non-interrupting one only marks the deadline and has no outgoing flow)')
        else applyTimer(hostState, b, def, targets)
      } else if (def?.$type === 'bpmn:MessageEventDefinition') {
        const msg = (def.messageRef as ModdleElement | undefined)?.name
        if (!isEvent(msg))
          refuse(b, `a message named after an event of options.events: ${Object.keys(events).join(', ')}`)
        else if (targets !== undefined) addOn(hostState, msg, targets)
      } else refuse(b, 'a timer or message boundary event')
    }
    for (const f of flows) {
      const src = f.sourceRef as ModdleElement
      if (f.conditionExpression !== undefined && src.$type !== 'bpmn:ExclusiveGateway')
        refuse(f, 'conditions only on flows out of an exclusive gateway')
    }
    return { ...(initial === undefined ? {} : { initial }), states }
  }

  const compiled = compile(process)
  if (unsupported.length > 0) {
    const list = unsupported.map((u) => `${u.id} (${u.type}): use ${u.use}`).join('; ')
    throw new FengqiaoError(
      'UNSUPPORTED_BPMN',
      `The BPMN process "${process.id}" uses ${unsupported.length} element(s) outside the subset fromBpmn compiles: ${list}.`,
      { unsupported },
    )
  }
  const id = options.id ?? process.id ?? 'process'
  const version = options.version ?? Number(attr(process, 'fq:version') ?? 1)
  const machine = setup({
    types: { events: {} as EventsOf<E> },
    guards: guards,
    actions: actions as Record<string, never>,
  }).createMachine({
    id,
    ...(compiled.initial === undefined ? {} : { initial: compiled.initial }),
    states: compiled.states,
  } as never)
  return {
    id,
    version,
    machine: machine as unknown as AnyStateMachine,
    events,
    ...(process.name === undefined ? {} : { label: { 'zh-CN': process.name, en: process.name } }),
  }
}
