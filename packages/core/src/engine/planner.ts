/**
 * Turns a pure step's outcome into one change set: the instance row, its history entry, timers,
 * deadlines, tasks, outbox messages and linked cases. Pure: no I/O, time given by the caller.
 *
 * @module
 * @internal
 */
import type { BusinessCalendar } from '../calendar/business-calendar.js'
import { FengqiaoError } from '../errors.js'
import { ENGINE_ACTIONS, EXTEND_DEADLINE, PAUSE_DEADLINE, RESUME_DEADLINE, START_PROCESS, type StartProcessParams } from '../process/actions.js'
import type { AnyProcessDefinition, StateInfo } from '../process/define-process.js'
import type {
  Actor,
  ChangeSet,
  DeadlineState,
  HistoryEntry,
  HistoryKind,
  IdempotencyRecord,
  Json,
  OpenTaskRef,
  OutboxMessage,
  PendingTimer,
  StoredInstance,
  TaskRow,
  TimerRow,
} from '../store/types.js'
import { entryBody, type HistoryChain } from '../integrity/chain.js'
import { sealEntry } from '../integrity/seal.js'
import { sha256 } from '../util/canonical.js'
import { dueTime, pausedAmount, startFromContext, warnTime } from './deadlines.js'
import { checkJson, stepStart, type StepOutcome } from './step.js'
import type { InstanceSummary } from './types.js'

/** The timer event of a deadline. */
export const DEADLINE_EVENT = 'fengqiao.deadline'
/** The outbox message type that tells a parent its linked case ended. */
export const NOTIFY_PARENT = 'fengqiao.notifyParent'

/** What the planner needs from the engine. */
export interface PlanContext {
  readonly now: number
  calendarFor(orgUnit: string | null): BusinessCalendar
  definition(processId: string, version?: number): AnyProcessDefinition
  /** Whether a plugin handles a named action. */
  handles(actionType: string): boolean
  newId(): string
  /** A keyed chain to seal entries with (key id and row digest recorded); unkeyed SHA-256 without. */
  readonly chain?: HistoryChain | undefined
}

/** The command being planned. */
export interface PlanCommand {
  readonly kind: HistoryKind
  readonly event: Json
  readonly actor: Actor
  readonly idemKey?: string | undefined
  readonly fingerprint: string
  readonly expectedVersion: number | null
  /** The timer being fired, removed in this commit. */
  readonly firedTimer?: string | undefined
  /** Overrides for escalation and migration. */
  readonly orgUnit?: string | null
  readonly processVersion?: number
  readonly deadlines?: readonly DeadlineState[]
  readonly breached?: boolean
  /** Whether this command moved the case up the org-unit ladder. */
  readonly escalated?: boolean
  /** Facts to record in the history entry's `detail`. */
  readonly detail?: Readonly<Record<string, Json>>
}

/** A planned commit. */
export interface Plan {
  readonly change: ChangeSet
  /** The primary instance's summary. */
  readonly summary: InstanceSummary
  readonly row: StoredInstance
  readonly entry: HistoryEntry
  readonly from: string | null
  /** Every instance written (primary first, then linked cases started). */
  readonly rows: readonly StoredInstance[]
  /** Tasks opened for the first time (rewritten ones excluded), linked cases' included. */
  readonly openedTasks: readonly TaskRow[]
  readonly closedTasks: ReadonlyArray<{ readonly taskId: string; readonly instanceId: string }>
  /** Whether there are outbox messages to deliver. */
  readonly hasOutbox: boolean
}

/** The short form of a stored instance. */
export function summaryOf(row: StoredInstance): InstanceSummary {
  const snap = row.snapshot as { value: InstanceSummary['state'] }
  return { id: row.id, processId: row.processId, processVersion: row.processVersion, state: snap.value, stateKey: row.stateKey, status: row.status, version: row.version }
}

function actorJson(actor: Actor): Json {
  return actor.orgUnit === undefined ? { id: actor.id, roles: [...actor.roles] } : { id: actor.id, roles: [...actor.roles], orgUnit: actor.orgUnit }
}

function resolveField<A>(v: string | ((args: A) => string | null | undefined) | undefined, args: A): string | null | undefined {
  return typeof v === 'function' ? v(args) : v
}

/** A fresh row for an instance about to be started. */
export function newInstanceRow(id: string, def: AnyProcessDefinition, now: number, o: { orgUnit: string | null; businessKey: string | null; parentId: string | null; parentDoneEvent: string | null }): StoredInstance {
  return {
    id,
    processId: def.id,
    processVersion: def.version,
    status: 'active',
    stateKey: '',
    snapshot: null,
    timers: [],
    tasks: [],
    version: 0,
    orgUnit: o.orgUnit,
    businessKey: o.businessKey,
    parentId: o.parentId,
    parentDoneEvent: o.parentDoneEvent,
    createdAt: now,
    updatedAt: now,
    historySeq: 0,
    historyHash: '',
    deadlines: [],
    dueAt: null,
    breached: false,
    completedAt: null,
    outcome: null,
    escalations: 0,
  }
}

/** The deadline that governs a state node: its own, or its nearest ancestor's. */
function governingDeadline(states: ReadonlyMap<string, StateInfo>, node: string, deadlines: readonly DeadlineState[]): DeadlineState | undefined {
  for (let n: string | null = node; n !== null; n = states.get(n)?.parent ?? null) {
    const d = deadlines.find((x) => x.stateNode === n)
    if (d !== undefined) return d
  }
  return undefined
}

/**
 * Plans the commit for a step of `prev` (a fresh row for a start).
 *
 * @throws {FengqiaoError} EVENT_NOT_ACCEPTED when an extension exceeds its limits;
 *   INVALID_EVENT when a linked case's input fails its schema; INVALID_DEFINITION for misuse of
 *   engine actions
 */
export function plan(ctx: PlanContext, def: AnyProcessDefinition, prev: StoredInstance, outcome: StepOutcome, cmd: PlanCommand): Plan {
  const { now } = ctx
  const seq = prev.historySeq + 1
  const version = prev.version + 1
  const done = outcome.status !== 'active'
  const orgUnit = cmd.orgUnit === undefined ? prev.orgUnit : cmd.orgUnit
  const calendar = ctx.calendarFor(orgUnit)
  const context = outcome.snapshot.context as unknown
  const active = new Set(outcome.activeNodes)
  const detail: Record<string, Json> = { ...(cmd.detail ?? {}) }
  const deadlineLog: Json[] = []
  let breached = cmd.breached ?? prev.breached

  const insertTimers: TimerRow[] = []
  const deleteTimers: string[] = []
  let nextTimer = 0
  const newTimer = (key: string, event: Json, dueAt: number): PendingTimer => {
    const row: TimerRow = { id: `${prev.id}.${seq}.t${nextTimer++}`, instanceId: prev.id, key, dueAt, event }
    insertTimers.push(row)
    return { id: row.id, key, dueAt, event }
  }

  // --- Deadlines: kept while their state is active, started on entry, changed by engine actions.
  const deadlineTimers = new Map<string, PendingTimer>()
  let deadlines: DeadlineState[] = []
  for (const d of cmd.deadlines ?? prev.deadlines) {
    if (!done && active.has(d.stateNode)) deadlines.push(d)
    else {
      if (d.timerId !== null) deleteTimers.push(d.timerId)
      deadlineLog.push({ name: d.name, op: 'stopped' })
    }
  }
  if (!done) {
    for (const nodeId of outcome.activeNodes) {
      const spec = def.states.get(nodeId)?.deadline
      if (spec === undefined || deadlines.some((d) => d.name === spec.name)) continue
      const startedAt = spec.from === 'entry' ? now : startFromContext(context, spec.from, spec)
      const dueAt = dueTime(calendar, spec.unit, spec.amount, startedAt)
      const timer = newTimer(`deadline:${spec.name}`, { type: DEADLINE_EVENT, name: spec.name }, dueAt)
      deadlineTimers.set(spec.name, timer)
      deadlines.push({
        name: spec.name,
        stateNode: nodeId,
        unit: spec.unit,
        amount: spec.amount,
        startedAt,
        dueAt,
        warnAt: warnTime(startedAt, dueAt, spec.warnAt),
        pausedAt: null,
        timerId: timer.id,
        extensions: 0,
        expired: false,
      })
      deadlineLog.push({ name: spec.name, op: 'started', dueAt })
    }
  }

  // --- Engine actions, in the order the machine ran them.
  const children: StartProcessParams[] = []
  const pick = (name: Json | undefined, op: string): number[] => {
    if (typeof name === 'string') {
      const i = deadlines.findIndex((d) => d.name === name)
      if (i < 0) throw new FengqiaoError('INVALID_DEFINITION', `Process "${def.id}": ${op} names the deadline "${name}", which is not running in state ${outcome.stateKey}.`, { processId: def.id, deadline: name })
      return [i]
    }
    return deadlines.map((_, i) => i)
  }
  const reschedule = (d: DeadlineState): DeadlineState => {
    if (d.timerId !== null) deleteTimers.push(d.timerId)
    deadlineTimers.delete(d.name)
    if (d.pausedAt !== null) return { ...d, timerId: null }
    const timer = newTimer(`deadline:${d.name}`, { type: DEADLINE_EVENT, name: d.name }, d.dueAt)
    deadlineTimers.set(d.name, timer)
    return { ...d, timerId: timer.id }
  }
  for (const a of outcome.actions) {
    if (!ENGINE_ACTIONS.has(a.type)) continue
    const p = (a.params ?? {}) as Record<string, Json>
    if (a.type === START_PROCESS) {
      children.push(p as unknown as StartProcessParams)
      continue
    }
    if (done) continue
    if (a.type === PAUSE_DEADLINE) {
      for (const i of pick(p.name, 'pauseDeadline')) {
        const d = deadlines[i] as DeadlineState
        if (d.pausedAt !== null || d.expired) continue
        deadlines[i] = reschedule({ ...d, pausedAt: now })
        deadlineLog.push({ name: d.name, op: 'paused' })
      }
    } else if (a.type === RESUME_DEADLINE) {
      for (const i of pick(p.name, 'resumeDeadline')) {
        const d = deadlines[i] as DeadlineState
        if (d.pausedAt === null) continue
        const amount = d.amount + pausedAmount(calendar, d.unit, d.pausedAt, now)
        const dueAt = dueTime(calendar, d.unit, amount, d.startedAt)
        const spec = def.states.get(d.stateNode)?.deadline
        deadlines[i] = reschedule({ ...d, amount, dueAt, warnAt: warnTime(d.startedAt, dueAt, spec?.warnAt), pausedAt: null })
        deadlineLog.push({ name: d.name, op: 'resumed', dueAt })
      }
    } else if (a.type === EXTEND_DEADLINE) {
      const targets = pick(p.name, 'extendDeadline')
      if (targets.length !== 1) {
        throw new FengqiaoError('INVALID_DEFINITION', `Process "${def.id}": extendDeadline without a name needs exactly one running deadline; ${targets.length} are running. Name the deadline.`, { processId: def.id })
      }
      const i = targets[0] as number
      const d = deadlines[i] as DeadlineState
      const by = (p.by ?? {}) as Record<string, unknown>
      const extra = by[d.unit]
      if (typeof extra !== 'number' || !(extra >= 0) || Object.keys(by).length !== 1) {
        throw new FengqiaoError('INVALID_DEFINITION', `Process "${def.id}": the deadline "${d.name}" runs in ${d.unit}; extend it with { ${d.unit}: n }.`, { processId: def.id, deadline: d.name })
      }
      const spec = def.states.get(d.stateNode)?.deadline
      if (spec?.maxExtensions !== undefined && d.extensions >= spec.maxExtensions) {
        throw new FengqiaoError('EVENT_NOT_ACCEPTED', `The deadline "${d.name}" may be extended at most ${spec.maxExtensions} time(s); it already was.`, { deadline: d.name, extensions: d.extensions, maxExtensions: spec.maxExtensions })
      }
      if (spec?.maxExtension !== undefined && extra > spec.maxExtension) {
        throw new FengqiaoError('EVENT_NOT_ACCEPTED', `The deadline "${d.name}" may be extended by at most ${spec.maxExtension} ${d.unit}; asked for ${extra}.`, { deadline: d.name, requested: extra, maxExtension: spec.maxExtension })
      }
      const amount = d.amount + extra
      const dueAt = dueTime(calendar, d.unit, amount, d.startedAt)
      deadlines[i] = reschedule({ ...d, amount, dueAt, warnAt: warnTime(d.startedAt, dueAt, spec?.warnAt), extensions: d.extensions + 1, expired: d.expired && dueAt <= now })
      deadlineLog.push({ name: d.name, op: 'extended', by: extra, dueAt })
    }
  }
  if (done) deadlines = []
  if (deadlineLog.length > 0) detail.deadlines = deadlineLog

  // --- `after` timers: cancelled keys, the fired one and re-scheduled keys go; new ones come.
  const cancel = new Set(outcome.cancel)
  for (const s of outcome.schedule) cancel.add(s.key)
  const timers: PendingTimer[] = []
  for (const t of prev.timers) {
    const isDeadline = t.key.startsWith('deadline:')
    const stillWanted = isDeadline ? deadlines.some((d) => d.timerId === t.id) : !(done || cancel.has(t.key) || t.id === cmd.firedTimer)
    if (stillWanted) timers.push(t)
    else if (!deleteTimers.includes(t.id)) deleteTimers.push(t.id)
  }
  if (!done) for (const s of outcome.schedule) timers.push(newTimer(s.key, s.event, now + s.delayMs))
  timers.push(...deadlineTimers.values())
  if (cmd.firedTimer !== undefined && !deleteTimers.includes(cmd.firedTimer)) deleteTimers.push(cmd.firedTimer)
  // A timer created and dropped within this very commit is neither inserted nor deleted.
  const dropped = new Set(deleteTimers)
  const created = new Set(insertTimers.map((t) => t.id))
  const timerInserts = insertTimers.filter((t) => !dropped.has(t.id))
  const timerDeletes = deleteTimers.filter((id) => !created.has(id))
  const pendingTimers = timers.filter((t) => !dropped.has(t.id))

  // --- Tasks: one per active state node with meta.task; rewritten when any field changes.
  const wanted = new Map<string, Omit<OpenTaskRef, 'id' | 'createdAt'>>()
  if (!done) {
    for (const n of outcome.taskNodes) {
      const d = governingDeadline(def.states, n.stateNode, deadlines)
      wanted.set(n.stateNode, {
        stateNode: n.stateNode,
        role: n.task.role,
        orgUnit: resolveField(n.task.orgUnit, { context, orgUnit }) ?? orgUnit,
        assignee: resolveField(n.task.assignee, { context }) ?? null,
        dueAt: d === undefined || d.pausedAt !== null ? null : d.dueAt,
        warnAt: d === undefined || d.pausedAt !== null ? null : d.warnAt,
      })
    }
  }
  const tasks: OpenTaskRef[] = []
  const closeTasks: string[] = []
  const newTasks: TaskRow[] = []
  const taskRow = (ref: OpenTaskRef): TaskRow => {
    const meta = outcome.taskNodes.find((n) => n.stateNode === ref.stateNode)?.task
    return {
      id: ref.id,
      instanceId: prev.id,
      processId: prev.processId,
      stateNode: ref.stateNode,
      role: ref.role,
      orgUnit: ref.orgUnit,
      assignee: ref.assignee,
      title: (meta?.title ?? ref.stateNode),
      dueAt: ref.dueAt,
      warnAt: ref.warnAt,
      createdAt: ref.createdAt,
    }
  }
  const closed: Array<{ taskId: string; instanceId: string }> = []
  for (const t of prev.tasks) {
    const w = wanted.get(t.stateNode)
    if (w === undefined) {
      closeTasks.push(t.id)
      closed.push({ taskId: t.id, instanceId: prev.id })
      continue
    }
    wanted.delete(t.stateNode)
    const ref: OpenTaskRef = { ...w, id: t.id, createdAt: t.createdAt }
    tasks.push(ref)
    if (ref.role !== t.role || ref.orgUnit !== t.orgUnit || ref.assignee !== t.assignee || ref.dueAt !== t.dueAt || ref.warnAt !== t.warnAt) {
      closeTasks.push(t.id) // rewritten: closed and opened again under the same id in one commit
      newTasks.push(taskRow(ref))
    }
  }
  let k = 0
  const opened: TaskRow[] = []
  for (const w of wanted.values()) {
    const ref: OpenTaskRef = { ...w, id: `${prev.id}.${seq}.k${k++}`, createdAt: now }
    tasks.push(ref)
    const r = taskRow(ref)
    newTasks.push(r)
    opened.push(r)
  }

  // --- Outbox: named actions some plugin handles, and the parent's notice when a linked case ends.
  const outbox: OutboxMessage[] = []
  const message = (type: string, params: Json, j: number): OutboxMessage => ({
    id: `${prev.id}.${seq}.o${j}`,
    instanceId: prev.id,
    processId: prev.processId,
    type,
    params,
    event: cmd.event,
    context: context as Json,
    createdAt: now,
    attempts: 0,
    availableAt: now,
    lastError: null,
  })
  outcome.actions.forEach((a, j) => {
    if (!ENGINE_ACTIONS.has(a.type) && ctx.handles(a.type)) outbox.push(message(a.type, a.params, j))
  })
  let outcomeName: string | null = prev.outcome
  if (done) {
    outcomeName = null
    for (const n of outcome.activeNodes) outcomeName = def.states.get(n)?.outcome ?? outcomeName
    if (prev.parentId !== null && prev.parentDoneEvent !== null) {
      const event: Json = { type: prev.parentDoneEvent, childId: prev.id, processId: prev.processId, state: outcome.stateKey, outcome: outcomeName, output: ((outcome.persisted as { output?: Json }).output ?? null) }
      outbox.push(message(NOTIFY_PARENT, { parentId: prev.parentId, event }, outcome.actions.length))
    }
  }

  // --- Linked cases started by this step, planned recursively into the same commit.
  const childPlans: Plan[] = []
  children.forEach((c) => {
    const childDef = ctx.definition(c.processId, c.version)
    let input: unknown = c.input ?? undefined
    if (childDef.input !== undefined) {
      const r = childDef.input.safeParse(c.input)
      if (!r.success) {
        throw new FengqiaoError('INVALID_EVENT', `The input for the linked case "${c.processId}" is invalid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}.`, { processId: c.processId, issues: r.error.issues })
      }
      input = r.data
    }
    checkJson(input ?? null, 'input')
    const childRow = newInstanceRow(ctx.newId(), childDef, now, {
      orgUnit: c.orgUnit === undefined ? orgUnit : c.orgUnit,
      businessKey: c.businessKey ?? null,
      parentId: prev.id,
      parentDoneEvent: c.onDone ?? null,
    })
    const childOutcome = stepStart(childDef.machine, input)
    childPlans.push(
      plan(ctx, childDef, childRow, childOutcome, {
        kind: 'started',
        event: { type: 'xstate.init', input: (input ?? null) as Json },
        actor: cmd.actor,
        fingerprint: '',
        expectedVersion: null,
        detail: { parentId: prev.id },
      }),
    )
  })
  if (childPlans.length > 0) detail.children = childPlans.map((p) => ({ id: p.row.id, processId: p.row.processId }))

  // --- The instance row and its history entry.
  const dueCandidates = deadlines.filter((d) => d.pausedAt === null).map((d) => d.dueAt)
  const dueAt = done ? (prev.dueAt ?? null) : dueCandidates.length > 0 ? Math.min(...dueCandidates) : null
  if (!done && deadlines.some((d) => d.expired && def.states.get(d.stateNode)?.deadline?.kind !== 'window')) breached = true
  const row: { -readonly [K in keyof StoredInstance]: StoredInstance[K] } = {
    ...prev,
    processVersion: cmd.processVersion ?? prev.processVersion,
    status: outcome.status,
    stateKey: outcome.stateKey,
    snapshot: outcome.persisted,
    timers: pendingTimers,
    tasks,
    version,
    orgUnit,
    updatedAt: now,
    historySeq: seq,
    historyHash: '', // set below, once the entry is sealed
    deadlines,
    dueAt,
    breached,
    completedAt: done ? (prev.completedAt ?? now) : null,
    outcome: done ? outcomeName : null,
    escalations: prev.escalations + (cmd.escalated === true ? 1 : 0),
  }
  const entryNoHash: Omit<HistoryEntry, 'hash'> = {
    instanceId: prev.id,
    seq,
    at: now,
    kind: cmd.kind,
    event: cmd.event,
    actor: actorJson(cmd.actor),
    from: cmd.kind === 'started' ? null : prev.stateKey,
    to: outcome.stateKey,
    version,
    detail: Object.keys(detail).length === 0 ? null : detail,
    prevHash: prev.historyHash,
  }
  // Written out field by field (no spread): one object shape, built in one go.
  const entry: HistoryEntry =
    ctx.chain === undefined
      ? {
          instanceId: entryNoHash.instanceId,
          seq: entryNoHash.seq,
          at: entryNoHash.at,
          kind: entryNoHash.kind,
          event: entryNoHash.event,
          actor: entryNoHash.actor,
          from: entryNoHash.from,
          to: entryNoHash.to,
          version: entryNoHash.version,
          detail: entryNoHash.detail,
          prevHash: entryNoHash.prevHash,
          hash: sha256(prev.historyHash + entryBody(entryNoHash)),
        }
      : sealEntry(ctx.chain, entryNoHash, row)
  row.historyHash = entry.hash
  const summary = summaryOf(row)
  const idempotency: IdempotencyRecord | undefined =
    cmd.idemKey === undefined ? undefined : { key: cmd.idemKey, instanceId: prev.id, fingerprint: cmd.fingerprint, result: summary as unknown as Json, createdAt: now }
  const change: ChangeSet = {
    instances: [cmd.expectedVersion === null ? { row, expectedVersion: null } : { row, expectedVersion: cmd.expectedVersion, previous: prev }, ...childPlans.flatMap((p) => p.change.instances)],
    history: [entry, ...childPlans.flatMap((p) => p.change.history)],
    timers: { insert: [...timerInserts, ...childPlans.flatMap((p) => p.change.timers?.insert ?? [])], delete: timerDeletes },
    tasks: { open: [...newTasks, ...childPlans.flatMap((p) => p.change.tasks?.open ?? [])], close: closeTasks },
    outbox: [...outbox, ...childPlans.flatMap((p) => p.change.outbox ?? [])],
    ...(idempotency === undefined ? {} : { idempotency }),
  }
  return {
    change,
    summary,
    row,
    entry,
    from: entryNoHash.from,
    rows: [row, ...childPlans.flatMap((p) => p.rows)],
    openedTasks: [...opened, ...childPlans.flatMap((p) => p.openedTasks)],
    closedTasks: closed,
    hasOutbox: (change.outbox?.length ?? 0) > 0,
  }
}
