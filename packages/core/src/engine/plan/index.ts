/**
 * The planner: turns a pure step's outcome into one change set — the instance row, its history
 * entry, timers, deadlines, tasks, outbox messages and linked cases. Pure: no I/O, time given by
 * the caller. A composition of parts, each in its own module and testable alone, run in this
 * order: deadlines → timers → tasks → outbox → linked cases → row and history entry.
 *
 * @module
 * @internal
 */
import type { AnyProcessDefinition } from '../../process/define-process.js'
import type { ChangeSet, HistoryEntry, IdempotencyRecord, Json, StoredInstance } from '../../store/types.js'
import type { StepOutcome } from '../step.js'
import { childStarts, planChildren } from './children.js'
import { planDeadlines } from './deadlines.js'
import { outcomeOf, planOutbox } from './outbox.js'
import { sealEntry } from '../../integrity/seal.js'
import { actorJson, historyEntry, instanceRow, summaryOf } from './row.js'
import { planTasks } from './tasks.js'
import { TimerBook } from './timer-book.js'
import { planTimers, type TimerPlan } from './timers.js'
import { isClosed, type Plan, type PlanCommand, type PlanContext } from './types.js'

export { DEADLINE_EVENT, NOTIFY_PARENT, isClosed, type Plan, type PlanCommand, type PlanContext } from './types.js'
export { entryBody, historyEntry, instanceRow, newInstanceRow, summaryOf } from './row.js'
export { expireDeadline } from './deadlines.js'

/**
 * Plans the commit for a step of `prev` (a fresh row for a start).
 *
 * @throws {FengqiaoError} EVENT_NOT_ACCEPTED when an extension exceeds its limits;
 *   INVALID_EVENT when a linked case's input fails its schema; INVALID_DEFINITION for misuse of
 *   engine actions
 */
export function plan(
  ctx: PlanContext,
  def: AnyProcessDefinition,
  prev: StoredInstance,
  stepped: StepOutcome,
  cmd: PlanCommand,
): Plan {
  const { now } = ctx
  const seq = prev.historySeq + 1
  const version = prev.version + 1
  // A suspended case stays suspended through what happens to it (a deadline running out) until
  // an administrator resumes or cancels it; the parts below plan from the resulting status.
  const status =
    cmd.status ?? (prev.status === 'suspended' && stepped.status === 'active' ? 'suspended' : stepped.status)
  const outcome: StepOutcome = status === stepped.status ? stepped : { ...stepped, status }
  const done = isClosed(status)
  const orgUnit = cmd.orgUnit === undefined ? prev.orgUnit : cmd.orgUnit
  const book = new TimerBook(prev.id, seq)

  const dl = planDeadlines(
    { def, before: cmd.deadlines ?? prev.deadlines, outcome, now, calendar: ctx.calendarFor(orgUnit) },
    book,
  )
  const timers = planTimers(
    {
      before: prev.timers,
      outcome,
      deadlines: dl.deadlines,
      deadlineTimers: dl.timers,
      now,
      firedTimer: cmd.firedTimer,
    },
    book,
  )
  const parked = parkTimers(prev, status, timers)
  const tasks = planTasks({ def, prev, outcome, deadlines: dl.deadlines, orgUnit, seq, now, assign: cmd.assign })
  const outcomeName = outcomeOf(def, outcome)
  const outbox = planOutbox({
    prev,
    outcome,
    seq,
    now,
    event: cmd.event,
    outcomeName,
    handles: (t) => ctx.handles(t),
    notifyParent: cmd.notifyParent ?? true,
  })
  const children = planChildren(
    ctx,
    { parentId: prev.id, orgUnit, actor: cmd.actor, starts: childStarts(outcome) },
    plan,
  )

  const detail: Record<string, Json> = { ...(cmd.detail ?? {}) }
  if (dl.log.length > 0) detail.deadlines = dl.log
  if (children.length > 0) detail.children = children.map((p) => ({ id: p.row.id, processId: p.row.processId }))
  const body: Omit<HistoryEntry, 'hash'> = {
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
  const dueCandidates = dl.deadlines.filter((d) => d.pausedAt === null).map((d) => d.dueAt)
  const expiredLimit = dl.deadlines.some((d) => d.expired && def.states.get(d.stateNode)?.deadline?.kind !== 'window')
  const rowWith = (historyHash: string): StoredInstance =>
    instanceRow({
      ...prev,
      processVersion: cmd.processVersion ?? prev.processVersion,
      status: outcome.status,
      stateKey: outcome.stateKey,
      snapshot: outcome.persisted,
      timers: parked.pending,
      tasks: tasks.refs,
      version,
      orgUnit,
      parentDoneEvent: cmd.detach === true ? null : prev.parentDoneEvent,
      updatedAt: now,
      historySeq: seq,
      historyHash,
      deadlines: dl.deadlines,
      dueAt: done ? (prev.dueAt ?? null) : dueCandidates.length > 0 ? Math.min(...dueCandidates) : null,
      breached: (cmd.breached ?? prev.breached) || (!done && expiredLimit),
      completedAt: done ? (prev.completedAt ?? now) : null,
      outcome: outcomeName,
      escalations: prev.escalations + (cmd.escalated === true ? 1 : 0),
    })
  // A keyed chain seals the entry over the digest of the row it produces (docs/security.md).
  // With personal data protected, the hash covers each personal value's digest (privacy/).
  const hashView =
    ctx.hashView === undefined
      ? undefined
      : (b: Omit<HistoryEntry, 'hash'>) => (ctx.hashView as NonNullable<PlanContext['hashView']>)(def, b)
  const entry: HistoryEntry =
    ctx.chain === undefined ? historyEntry(body, hashView) : sealEntry(ctx.chain, body, rowWith(''), hashView)
  const row = rowWith(entry.hash)
  const summary = summaryOf(row)
  const idempotency: IdempotencyRecord | undefined =
    cmd.idemKey === undefined
      ? undefined
      : {
          key: cmd.idemKey,
          instanceId: prev.id,
          fingerprint: cmd.fingerprint,
          result: summary as unknown as Json,
          createdAt: now,
        }
  const change: ChangeSet = {
    instances: [
      cmd.expectedVersion === null
        ? { row, expectedVersion: null }
        : { row, expectedVersion: cmd.expectedVersion, previous: prev },
      ...children.flatMap((p) => p.change.instances),
    ],
    history: [entry, ...children.flatMap((p) => p.change.history)],
    timers: {
      insert: [...parked.insert, ...children.flatMap((p) => p.change.timers?.insert ?? [])],
      delete: parked.delete,
    },
    tasks: { open: [...tasks.open, ...children.flatMap((p) => p.change.tasks?.open ?? [])], close: tasks.close },
    outbox: [...outbox, ...children.flatMap((p) => p.change.outbox ?? [])],
    ...(idempotency === undefined ? {} : { idempotency }),
  }
  return {
    change,
    summary,
    row,
    entry,
    from: entry.from,
    rows: [row, ...children.flatMap((p) => p.rows)],
    openedTasks: [...tasks.opened, ...children.flatMap((p) => p.openedTasks)],
    closedTasks: tasks.closed,
    hasOutbox: (change.outbox?.length ?? 0) > 0,
  }
}

// A suspended case keeps its `after` timers (and deadline events deferred by the suspension) on
// its row only: their stored rows go when it is suspended, so no worker claims them, and come
// back with their own ids and due times when it is resumed, to fire at once if they came due
// meanwhile. Deadline timers keep their rows: a deadline the suspension does not pause runs out
// on time (decision 0015).
function parkTimers(prev: StoredInstance, status: StoredInstance['status'], timers: TimerPlan): TimerPlan {
  const wasParked = prev.status === 'suspended'
  const parks = status === 'suspended'
  if (!wasParked && !parks) return timers
  const isAfter = (t: { key: string }) => !t.key.startsWith('deadline:')
  const kept = new Set(timers.pending.map((t) => t.id))
  const created = new Set(timers.insert.map((t) => t.id))
  const hadRow = (id: string) => !wasParked || !prev.timers.some((t) => t.id === id && isAfter(t))
  if (parks) {
    return {
      pending: timers.pending,
      // New `after` timers of a suspended case get no row; those it had lose theirs.
      insert: timers.insert.filter((t) => !isAfter(t)),
      delete: [
        ...timers.delete.filter((id) => hadRow(id)),
        ...(wasParked ? [] : prev.timers.filter((t) => isAfter(t) && kept.has(t.id)).map((t) => t.id)),
      ],
    }
  }
  // Resumed (or closed) from suspension: parked timers still wanted get their rows back; parked
  // ones dropped had none to delete.
  return {
    pending: timers.pending,
    insert: [
      ...timers.insert,
      ...timers.pending
        .filter((t) => isAfter(t) && !created.has(t.id) && prev.timers.some((p) => p.id === t.id))
        .map((t) => ({ id: t.id, instanceId: prev.id, key: t.key, dueAt: t.dueAt, event: t.event ?? null })),
    ],
    delete: timers.delete.filter((id) => hadRow(id)),
  }
}
