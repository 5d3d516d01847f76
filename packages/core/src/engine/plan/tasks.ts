/**
 * Planner part: tasks. One open task per active state node that declares `meta.task`, due with
 * the deadline that governs the node; a task whose role, unit, assignee or times change is
 * rewritten under the same id.
 *
 * @module
 * @internal
 */
import type { AnyProcessDefinition, StateInfo } from '../../process/define-process.js'
import type { DeadlineState, OpenTaskRef, StoredInstance, TaskRow } from '../../store/types.js'
import type { StepOutcome } from '../step.js'
import { isClosed } from './types.js'

/** What the task part needs. */
export interface TaskInput {
  readonly def: AnyProcessDefinition
  readonly prev: StoredInstance
  readonly outcome: StepOutcome
  /** The deadlines after the step. */
  readonly deadlines: readonly DeadlineState[]
  /** The case's org unit after the step. */
  readonly orgUnit: string | null
  readonly seq: number
  readonly now: number
  /** A task given to someone (or released) by this command. */
  readonly assign?: { readonly taskId: string; readonly assignee: string | null } | undefined
}

/** The task references of the row and the task rows to write. */
export interface TaskPlan {
  readonly refs: OpenTaskRef[]
  /** Rows to open (new and rewritten). */
  readonly open: TaskRow[]
  /** Ids to close (closed and rewritten). */
  readonly close: string[]
  /** Tasks opened for the first time. */
  readonly opened: TaskRow[]
  /** Tasks closed for good. */
  readonly closed: Array<{ taskId: string; instanceId: string }>
}

/** The deadline that governs a state node: its own, or its nearest ancestor's. */
export function governingDeadline(
  states: ReadonlyMap<string, StateInfo>,
  node: string,
  deadlines: readonly DeadlineState[],
): DeadlineState | undefined {
  for (let n: string | null = node; n !== null; n = states.get(n)?.parent ?? null) {
    const d = deadlines.find((x) => x.stateNode === n)
    if (d !== undefined) return d
  }
  return undefined
}

function resolveField<A>(
  v: string | ((args: A) => string | null | undefined) | undefined,
  args: A,
): string | null | undefined {
  return typeof v === 'function' ? v(args) : v
}

/** Plans the tasks of one step. */
export function planTasks(input: TaskInput): TaskPlan {
  const { def, prev, outcome, deadlines, orgUnit, seq, now } = input
  const context = outcome.snapshot.context as unknown
  const wanted = new Map<string, Omit<OpenTaskRef, 'id' | 'createdAt'>>()
  if (!isClosed(outcome.status)) {
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
  const rowOf = (ref: OpenTaskRef): TaskRow => {
    const meta = outcome.taskNodes.find((n) => n.stateNode === ref.stateNode)?.task
    return {
      id: ref.id,
      instanceId: prev.id,
      processId: prev.processId,
      stateNode: ref.stateNode,
      role: ref.role,
      orgUnit: ref.orgUnit,
      assignee: ref.assignee,
      title: meta?.title ?? ref.stateNode,
      dueAt: ref.dueAt,
      warnAt: ref.warnAt,
      createdAt: ref.createdAt,
    }
  }
  const plan: TaskPlan = { refs: [], open: [], close: [], opened: [], closed: [] }
  for (const t of prev.tasks) {
    const w = wanted.get(t.stateNode)
    if (w === undefined) {
      plan.close.push(t.id)
      plan.closed.push({ taskId: t.id, instanceId: prev.id })
      continue
    }
    wanted.delete(t.stateNode)
    // Who holds the task: given by this command; else the process's own assignee, when its
    // state declares one; else whoever claimed or was assigned it, kept while it stays open.
    const declared = outcome.taskNodes.find((n) => n.stateNode === t.stateNode)?.task.assignee !== undefined
    const assignee = input.assign?.taskId === t.id ? input.assign.assignee : declared ? w.assignee : t.assignee
    const ref: OpenTaskRef = { ...w, assignee, id: t.id, createdAt: t.createdAt }
    plan.refs.push(ref)
    if (
      ref.role !== t.role ||
      ref.orgUnit !== t.orgUnit ||
      ref.assignee !== t.assignee ||
      ref.dueAt !== t.dueAt ||
      ref.warnAt !== t.warnAt
    ) {
      plan.close.push(t.id) // rewritten: closed and opened again under the same id in one commit
      plan.open.push(rowOf(ref))
    }
  }
  let k = 0
  for (const w of wanted.values()) {
    const ref: OpenTaskRef = { ...w, id: `${prev.id}.${seq}.k${k++}`, createdAt: now }
    plan.refs.push(ref)
    const r = rowOf(ref)
    plan.open.push(r)
    plan.opened.push(r)
  }
  return plan
}
