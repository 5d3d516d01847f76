/**
 * Reads a process definition's machine into a BPMN-shaped graph: which element each state
 * becomes, and the sequence flows between them (docs/bpmn.md has the table). Layout and XML come
 * after, from this graph alone.
 *
 * @module
 */
import type { AnyProcessDefinition, Labels } from '@fengqiao/core'
import { toIsoDuration } from './duration.js'

/** The BPMN element a graph node becomes. */
export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'escalationEnd'
  | 'userTask'
  | 'task'
  | 'callActivity'
  | 'messageCatch'
  | 'timerCatch'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'subProcess'
  | 'boundaryTimer'
  | 'boundaryMessage'
  | 'boundaryEscalation'

/** A timer's duration and the clock it runs on. */
export interface TimerInfo {
  /** ISO 8601 duration, when the delay is known without running code. */
  readonly duration?: string
  /** `days`, `workingDays` or `hours` for a `meta.deadline`; `elapsed` for an `after` delay. */
  readonly clock: 'days' | 'workingDays' | 'hours' | 'elapsed'
  /** The deadline's name (`meta.deadline.name`). */
  readonly deadline?: string
  /** The event the engine sends on expiry. */
  readonly event?: string
  readonly kind?: 'limit' | 'window'
  readonly warnAt?: number
  /** A named delay of the machine (`setup({ delays })`). */
  readonly delay?: string
}

/** One flow node of the graph. */
export interface GraphNode {
  readonly id: string
  readonly kind: NodeKind
  /** The container: a subprocess node id, or `null` for the process itself. */
  readonly scope: string | null
  name?: string
  /** The state node this element stands for. */
  state?: string
  attachedTo?: string
  interrupting?: boolean
  role?: string
  orgUnit?: string
  outcome?: string
  timer?: TimerInfo
  message?: string
  calledElement?: string
  onDone?: string
  escalation?: string
  documentation?: string
}

/** One sequence flow of the graph. */
export interface GraphFlow {
  readonly id: string
  readonly source: string
  readonly target: string
  readonly scope: string | null
  name?: string
  event?: string
  guard?: string
  isDefault?: boolean
  /** The state a flow into a subprocess really enters, when not the subprocess's initial state. */
  targetState?: string
  actions?: readonly string[]
}

/** The whole graph of one process. */
export interface ProcessGraph {
  readonly processId: string
  readonly version: number
  readonly name: string
  readonly nodes: GraphNode[]
  readonly flows: GraphFlow[]
  /** Number of state nodes of the machine (the root not counted). */
  readonly states: number
}

/** Options of the export that shape the graph. */
export interface GraphOptions {
  /** Language of names. @defaultValue `'en'` */
  readonly lang?: 'zh-CN' | 'en'
}

interface XTransition {
  readonly target?: readonly XNode[] | undefined
  readonly guard?: unknown
  readonly actions: readonly unknown[]
}

interface XNode {
  readonly id: string
  readonly key: string
  readonly type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history'
  readonly parent?: XNode | undefined
  readonly states: Record<string, XNode>
  readonly initial?: { target: readonly XNode[] } | undefined
  readonly transitions: Map<string, XTransition[]>
  readonly always?: XTransition[] | undefined
  readonly entry: readonly unknown[]
  readonly meta?: unknown
}

interface StateMeta {
  label?: Labels
  task?: { role: string; title?: string | Partial<Labels>; orgUnit?: unknown }
  outcome?: string
}

interface LinkedStart {
  readonly processId: string
  readonly onDone?: string | undefined
}

function linkedStart(action: unknown): LinkedStart | undefined {
  if ((typeof action === 'function' || typeof action === 'object') && action !== null) {
    const a = action as { type?: unknown; processId?: unknown; onDone?: unknown }
    if (a.type === 'fengqiao.startProcess' && typeof a.processId === 'string')
      return { processId: a.processId, onDone: typeof a.onDone === 'string' ? a.onDone : undefined }
  }
  return undefined
}

/** The name a guard is known by: its type, or its function's name. */
export function guardName(guard: unknown): string | undefined {
  if (guard === undefined) return undefined
  if (typeof guard === 'string') return guard
  if (typeof guard === 'object' && guard !== null && typeof (guard as { type?: unknown }).type === 'string')
    return (guard as { type: string }).type
  if (typeof guard === 'function') {
    const g = guard as { type?: unknown; name?: string; rule?: { name?: unknown } }
    if (typeof g.type === 'string') return g.type
    // A rule() guard carries its rule's name (and article) with it.
    if (typeof g.rule?.name === 'string') return g.rule.name
    return g.name !== undefined && g.name !== '' ? g.name : 'guard'
  }
  return 'guard'
}

function actionNames(actions: readonly unknown[]): string[] {
  const out: string[] = []
  for (const a of actions) {
    if (typeof a === 'string') out.push(a)
    else if (typeof a === 'object' && a !== null && typeof (a as { type?: unknown }).type === 'string')
      out.push((a as { type: string }).type)
  }
  return out
}

/** A deadline's period for the timer's label: `20 working days`, `20个工作日`. */
function periodName(amount: number, unit: 'days' | 'workingDays' | 'hours', lang: 'zh-CN' | 'en'): string {
  // Less than an hour reads as minutes (a 10-minute limit is `10 minutes`, not `0.1666… hours`).
  const minutes = Math.round(amount * 60 * 1000) / 1000
  if (unit === 'hours' && amount > 0 && amount < 1 && Number.isInteger(minutes))
    return lang === 'zh-CN' ? `${minutes}分钟` : `${minutes} minute${minutes === 1 ? '' : 's'}`
  if (lang === 'zh-CN') return `${amount}${unit === 'workingDays' ? '个工作日' : unit === 'days' ? '日' : '小时'}`
  const word = unit === 'workingDays' ? 'working day' : unit === 'days' ? 'day' : 'hour'
  return `${amount} ${word}${amount === 1 ? '' : 's'}`
}

/**
 * Builds the BPMN graph of a process definition.
 *
 * @param definition - a process from `defineProcess`
 * @param options - label language
 * @returns nodes and flows, with containers and boundary hosts
 */
export function buildGraph(definition: AnyProcessDefinition, options: GraphOptions = {}): ProcessGraph {
  const lang = options.lang ?? 'en'
  const root = definition.machine.root as unknown as XNode
  const delays =
    (definition.machine as unknown as { implementations?: { delays?: Record<string, unknown> } }).implementations
      ?.delays ?? {}
  const nodes: GraphNode[] = []
  const flows: GraphFlow[] = []
  const used = new Set<string>()
  const uid = (base: string): string => {
    const clean = base.replace(/[^A-Za-z0-9_-]/g, '_')
    let id = /^[A-Za-z_]/.test(clean) ? clean : `_${clean}`
    for (let i = 2; used.has(id); i++) id = `${clean}_${i}`
    used.add(id)
    return id
  }
  const byId = new Map<string, GraphNode>()
  const add = (node: GraphNode): GraphNode => {
    nodes.push(node)
    byId.set(node.id, node)
    return node
  }
  const flow = (f: Omit<GraphFlow, 'id'>): GraphFlow => {
    const made = { id: uid(`Flow_${f.source}_${f.target}`), ...f }
    flows.push(made)
    return made
  }
  const eventName = (type: string): string => {
    const label = definition.events[type]?.label?.[lang]
    return label === undefined ? type : `${label} (${type})`
  }
  const stateName = (n: XNode): string => {
    const meta = (n.meta ?? {}) as StateMeta
    const title = meta.task?.title
    const fromTitle = typeof title === 'string' ? title : title?.[lang]
    return meta.label?.[lang] ?? fromTitle ?? n.key
  }

  // Pass 1: one element per state, so every transition has somewhere to go.
  const entryOf = new Map<string, string>() // state id → element id
  const parentScope = new Map<string | null, string | null>() // container → its container
  let states = 0
  const emit = (n: XNode, scope: string | null): void => {
    states++
    const meta = (n.meta ?? {}) as StateMeta
    const info = definition.states.get(n.id)
    const base = { scope, state: n.id, name: stateName(n) }
    if (n.type === 'final') {
      const node = add({ ...base, id: uid(`End_${n.id}`), kind: 'endEvent' })
      if (meta.outcome !== undefined) node.outcome = meta.outcome
      entryOf.set(n.id, node.id)
      return
    }
    if (n.type === 'compound' || n.type === 'parallel') {
      const sub = add({ ...base, id: uid(`Sub_${n.id}`), kind: 'subProcess' })
      entryOf.set(n.id, sub.id)
      parentScope.set(sub.id, scope)
      emitContent(n, sub.id)
      return
    }
    const events = [...n.transitions.keys()]
    const afters = events.filter((e) => e.startsWith('xstate.after.'))
    const plain = events.filter((e) => !e.startsWith('xstate.'))
    const starts = n.entry.map(linkedStart).filter((s) => s !== undefined)
    let kind: NodeKind
    if (meta.task !== undefined) kind = 'userTask'
    else if (starts.length > 0) kind = 'callActivity'
    else if (events.length === 0 && (n.always ?? []).length > 0 && info?.deadline === undefined)
      kind = 'exclusiveGateway'
    else if (plain.length === 1 && events.length === 1 && info?.deadline === undefined && (n.always ?? []).length === 0)
      kind = 'messageCatch'
    else if (
      afters.length === 1 &&
      events.length === 1 &&
      info?.deadline === undefined &&
      (n.always ?? []).length === 0
    )
      kind = 'timerCatch'
    else kind = 'task'
    const node = add({ ...base, id: uid(n.id), kind })
    if (kind === 'messageCatch') node.message = plain[0] as string
    if (kind === 'callActivity') {
      const s = starts[0] as LinkedStart
      node.calledElement = s.processId
      if (s.onDone !== undefined) node.onDone = s.onDone
    }
    if (meta.task !== undefined) {
      node.role = meta.task.role
      if (typeof meta.task.orgUnit === 'string') node.orgUnit = meta.task.orgUnit
      const doc = [`Role: ${meta.task.role}.`]
      if (meta.task.orgUnit !== undefined)
        doc.push(`Org unit: ${typeof meta.task.orgUnit === 'string' ? meta.task.orgUnit : 'computed from the case'}.`)
      if (info?.deadline !== undefined) {
        const d = info.deadline
        doc.push(
          `Due: ${d.amount} ${d.unit === 'workingDays' ? 'working days' : d.unit === 'days' ? 'calendar days' : 'hours'} from ${d.from === 'entry' ? 'entry' : d.from} (deadline "${d.name}"${d.onExpire === undefined ? '' : `, then ${d.onExpire}`}).`,
        )
      }
      node.documentation = doc.join(' ')
    }
    entryOf.set(n.id, node.id)
  }
  const emitContent = (n: XNode, scope: string | null): void => {
    if (n.type === 'parallel') {
      const start = add({ id: uid(`Start_${n.id}`), kind: 'startEvent', scope })
      const fork = add({ id: uid(`Fork_${n.id}`), kind: 'parallelGateway', scope })
      const join = add({ id: uid(`Join_${n.id}`), kind: 'parallelGateway', scope })
      const end = add({ id: uid(`EndAll_${n.id}`), kind: 'endEvent', scope })
      flow({ source: start.id, target: fork.id, scope })
      for (const region of Object.values(n.states)) {
        emit(region, scope)
        const r = entryOf.get(region.id) as string
        flow({ source: fork.id, target: r, scope })
        flow({ source: r, target: join.id, scope })
      }
      flow({ source: join.id, target: end.id, scope })
      return
    }
    const children = Object.values(n.states).filter((c) => c.type !== 'history')
    for (const c of children) emit(c, scope)
    const initial = n.initial?.target[0]
    if (initial !== undefined) {
      const start = add({ id: uid(`Start_${n.id}`), kind: 'startEvent', scope })
      flow({ source: start.id, target: entryOf.get(initial.id) as string, scope })
    }
  }

  const rootWrapped = root.transitions.size > 0
  if (rootWrapped) {
    // Events the whole machine handles interrupt whatever state is active: the states go in one
    // subprocess whose boundary events catch them.
    const start = add({ id: uid('Start'), kind: 'startEvent', scope: null })
    emit(root, null)
    states--
    const sub = entryOf.get(root.id) as string
    const end = add({ id: uid('End'), kind: 'endEvent', scope: null })
    flow({ source: start.id, target: sub, scope: null })
    flow({ source: sub, target: end.id, scope: null })
  } else {
    parentScope.set(null, null)
    emitContent(root, null)
  }

  // Pass 2: transitions, each from the element (or boundary event) that waits for its event.
  const chainOf = (scope: string | null): Array<string | null> => {
    const chain: Array<string | null> = [scope]
    let s = scope
    while (s !== null) {
      s = parentScope.get(s) ?? null
      chain.push(s)
    }
    return chain
  }
  const escalations = new Map<string, string>() // host + target → boundary id
  const connect = (
    from: string,
    fromScope: string | null,
    targetState: string,
    props: Omit<GraphFlow, 'id' | 'source' | 'target' | 'scope'>,
  ): void => {
    let target = entryOf.get(targetState)
    if (target === undefined) return
    const targetNode = byId.get(target) as GraphNode
    const fromChain = chainOf(fromScope)
    const toChain = chainOf(targetNode.scope)
    const common = fromChain.find((s) => toChain.includes(s)) ?? null
    let source = from
    let rest = props
    if (fromScope !== common) {
      // A sequence flow cannot leave its subprocess: the state escalates, and the subprocess that
      // sits beside the target catches the escalation on its boundary.
      const host = fromChain[fromChain.indexOf(common) - 1] as string
      const key = `${host}→${targetState}`
      const end = add({
        id: uid(`Escalate_${targetState}`),
        kind: 'escalationEnd',
        scope: fromScope,
        escalation: key,
        name: rest.name ?? '',
      })
      flow({ ...props, source: from, target: end.id, scope: fromScope })
      let boundary = escalations.get(key)
      if (boundary === undefined) {
        boundary = add({
          id: uid(`Caught_${targetState}`),
          kind: 'boundaryEscalation',
          scope: common,
          attachedTo: host,
          interrupting: true,
          escalation: key,
        }).id
        escalations.set(key, boundary)
      }
      source = boundary
      rest = {}
    }
    if (targetNode.scope !== common) {
      target = toChain[toChain.indexOf(common) - 1] as string
      rest = { ...rest, targetState }
    }
    flow({ ...rest, source, target, scope: common })
  }
  const branches = (
    source: string,
    scope: string | null,
    event: string | undefined,
    list: readonly XTransition[],
    fromGateway: boolean,
  ): void => {
    if (!list.some((t) => (t.target?.length ?? 0) > 0)) return
    let from = source
    let first: Omit<GraphFlow, 'id' | 'source' | 'target' | 'scope'> =
      event === undefined ? {} : { event, name: eventName(event) }
    const gateway = fromGateway || list.length > 1 || list.some((t) => t.guard !== undefined)
    if (gateway && !fromGateway) {
      const gw = add({ id: uid(`Gateway_${source}_${event ?? 'always'}`), kind: 'exclusiveGateway', scope })
      flow({ ...first, source, target: gw.id, scope })
      from = gw.id
      first = {}
    }
    for (const t of list) {
      const guard = guardName(t.guard)
      const actions = actionNames(t.actions).filter((a) => !a.startsWith('fengqiao.') && !a.startsWith('xstate.'))
      const props = {
        ...first,
        ...(guard === undefined ? {} : { guard, name: guard }),
        ...(gateway && guard === undefined ? { isDefault: true } : {}),
        ...(actions.length > 0 ? { actions } : {}),
      }
      for (const target of t.target ?? []) {
        let src = from
        let p = props
        for (const s of t.actions.map(linkedStart)) {
          if (s === undefined) continue
          const call = add({
            id: uid(`Call_${s.processId}`),
            kind: 'callActivity',
            scope,
            calledElement: s.processId,
            name: s.processId,
          })
          if (s.onDone !== undefined) call.onDone = s.onDone
          flow({ ...p, source: src, target: call.id, scope })
          src = call.id
          p = {}
        }
        connect(src, scope, target.id, p)
      }
    }
  }
  const walk = (n: XNode): void => {
    const el = entryOf.get(n.id)
    const node = el === undefined ? undefined : byId.get(el)
    if (node !== undefined) {
      const info = definition.states.get(n.id)
      let deadlineBoundary: GraphNode | undefined
      if (info?.deadline !== undefined) {
        const d = info.deadline
        const handled = d.onExpire !== undefined && n.transitions.has(d.onExpire)
        const duration = d.unit === 'hours' ? toIsoDuration(d.amount * 3_600_000) : `P${d.amount}D`
        deadlineBoundary = add({
          id: uid(`Deadline_${d.name}`),
          kind: 'boundaryTimer',
          scope: node.scope,
          attachedTo: node.id,
          interrupting: handled,
          name: periodName(d.amount, d.unit, lang),
          timer: {
            duration,
            clock: d.unit,
            deadline: d.name,
            ...(d.kind === 'window' ? { kind: d.kind } : {}),
            ...(d.onExpire === undefined ? {} : { event: d.onExpire }),
            ...(d.warnAt === undefined ? {} : { warnAt: d.warnAt }),
          },
        })
      }
      for (const [type, list] of n.transitions) {
        let source = node.id
        let event: string | undefined = type
        if (type.startsWith('xstate.done.state.')) event = undefined
        else if (type.startsWith('xstate.after.')) {
          const delay = type.endsWith(`.${n.id}`)
            ? type.slice('xstate.after.'.length, -(n.id.length + 1))
            : type.slice('xstate.after.'.length)
          const ms = /^\d+$/.test(delay) ? Number(delay) : typeof delays[delay] === 'number' ? delays[delay] : undefined
          const timer: TimerInfo = {
            clock: 'elapsed',
            ...(ms === undefined ? {} : { duration: toIsoDuration(ms) }),
            ...(/^\d+$/.test(delay) ? {} : { delay }),
          }
          if (node.kind === 'timerCatch') node.timer = timer
          else
            source = add({
              id: uid(`After_${n.id}`),
              kind: 'boundaryTimer',
              scope: node.scope,
              attachedTo: node.id,
              interrupting: true,
              timer,
              name: timer.duration ?? delay,
            }).id
          event = undefined
        } else if (deadlineBoundary !== undefined && type === info?.deadline?.onExpire) {
          source = deadlineBoundary.id
          event = undefined
        } else if (node.kind === 'subProcess') {
          source = add({
            id: uid(`On_${n.id}_${type}`),
            kind: 'boundaryMessage',
            scope: node.scope,
            attachedTo: node.id,
            interrupting: true,
            message: type,
            name: eventName(type),
          }).id
          event = undefined
        } else if (node.kind === 'messageCatch') event = undefined
        branches(source, node.scope, event, list, false)
      }
      if ((n.always ?? []).length > 0)
        branches(node.id, node.scope, undefined, n.always ?? [], node.kind === 'exclusiveGateway')
    }
    for (const c of Object.values(n.states)) walk(c)
  }
  walk(root)
  return {
    processId: definition.id,
    version: definition.version,
    name: definition.label?.[lang] ?? definition.id,
    nodes,
    flows,
    states,
  }
}
