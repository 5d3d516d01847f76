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
import { planTimers } from './timers.js'
import type { Plan, PlanCommand, PlanContext } from './types.js'

export { DEADLINE_EVENT, NOTIFY_PARENT, type Plan, type PlanCommand, type PlanContext } from './types.js'
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
  outcome: StepOutcome,
  cmd: PlanCommand,
): Plan {
  const { now } = ctx
  const seq = prev.historySeq + 1
  const version = prev.version + 1
  const done = outcome.status !== 'active'
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
  const tasks = planTasks({ def, prev, outcome, deadlines: dl.deadlines, orgUnit, seq, now })
  const outcomeName = outcomeOf(def, outcome)
  const outbox = planOutbox({ prev, outcome, seq, now, event: cmd.event, outcomeName, handles: (t) => ctx.handles(t) })
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
  const running = dl.deadlines.filter((d) => d.pausedAt === null)
  const dueCandidates = running.map((d) => d.dueAt)
  // The case turns yellow at its earliest warning among running deadlines (case lists filter on it).
  const warnCandidates = running.flatMap((d) => (d.warnAt === null ? [] : [d.warnAt]))
  const expiredLimit = dl.deadlines.some((d) => d.expired && def.states.get(d.stateNode)?.deadline?.kind !== 'window')
  const rowWith = (historyHash: string): StoredInstance =>
    instanceRow({
      ...prev,
      processVersion: cmd.processVersion ?? prev.processVersion,
      status: outcome.status,
      stateKey: outcome.stateKey,
      snapshot: outcome.persisted,
      timers: timers.pending,
      tasks: tasks.refs,
      version,
      orgUnit,
      updatedAt: now,
      historySeq: seq,
      historyHash,
      deadlines: dl.deadlines,
      dueAt: done ? (prev.dueAt ?? null) : dueCandidates.length > 0 ? Math.min(...dueCandidates) : null,
      warnAt: done ? (prev.warnAt ?? null) : warnCandidates.length > 0 ? Math.min(...warnCandidates) : null,
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
      insert: [...timers.insert, ...children.flatMap((p) => p.change.timers?.insert ?? [])],
      delete: timers.delete,
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
