/**
 * Planner part: statutory deadlines. Kept while their state is active, started when their state
 * is entered, paused, resumed and extended by the engine actions the machine ran, stopped when
 * their state is left or the case ends. Also the expiry of a deadline (a fired deadline timer).
 *
 * @module
 * @internal
 */
import type { BusinessCalendar } from '../../calendar/business-calendar.js'
import { FengqiaoError } from '../../errors.js'
import { EXTEND_DEADLINE, PAUSE_DEADLINE, RESUME_DEADLINE } from '../../process/actions.js'
import type { AnyProcessDefinition } from '../../process/define-process.js'
import type { DeadlineState, Json, PendingTimer, StoredInstance } from '../../store/types.js'
import { dueTime, pausedAmount, startFromContext, warnTime } from '../deadlines.js'
import { interpret, stepEvent, type StepOutcome } from '../step.js'
import type { TimerBook } from './timer-book.js'
import { DEADLINE_EVENT, isClosed, type PlanCommand } from './types.js'

/** What the deadline part needs. */
export interface DeadlineInput {
  readonly def: AnyProcessDefinition
  /** The deadlines before the step (or the migration's re-mapped ones). */
  readonly before: readonly DeadlineState[]
  readonly outcome: StepOutcome
  readonly now: number
  readonly calendar: BusinessCalendar
}

/** The deadlines after the step. */
export interface DeadlinePlan {
  readonly deadlines: DeadlineState[]
  /** Timers created for deadlines in this commit, by deadline name. */
  readonly timers: ReadonlyMap<string, PendingTimer>
  /** What happened to each deadline, for the history entry's `detail.deadlines`. */
  readonly log: Json[]
}

/**
 * Plans the deadlines of one step: stop, start, then the machine's pause/resume/extend actions
 * in the order it ran them.
 *
 * @throws {FengqiaoError} EVENT_NOT_ACCEPTED when an extension exceeds its limits;
 *   INVALID_DEFINITION for misuse of the deadline actions
 */
export function planDeadlines(input: DeadlineInput, book: TimerBook): DeadlinePlan {
  const { def, outcome, now, calendar } = input
  const done = isClosed(outcome.status)
  const active = new Set(outcome.activeNodes)
  const context = outcome.snapshot.context as unknown
  const log: Json[] = []
  const timers = new Map<string, PendingTimer>()
  const deadlines: DeadlineState[] = []
  for (const d of input.before) {
    if (!done && active.has(d.stateNode)) deadlines.push(d)
    else {
      if (d.timerId !== null) book.drop(d.timerId)
      log.push({ name: d.name, op: 'stopped' })
    }
  }
  if (done) {
    // Engine actions of a step that ends the case change no deadline.
    return { deadlines: [], timers, log }
  }
  for (const nodeId of outcome.activeNodes) {
    const spec = def.states.get(nodeId)?.deadline
    if (spec === undefined || deadlines.some((d) => d.name === spec.name)) continue
    const startedAt = spec.from === 'entry' ? now : startFromContext(context, spec.from, spec)
    const dueAt = dueTime(calendar, spec.unit, spec.amount, startedAt)
    const timer = book.create(`deadline:${spec.name}`, { type: DEADLINE_EVENT, name: spec.name }, dueAt)
    timers.set(spec.name, timer)
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
    log.push({ name: spec.name, op: 'started', dueAt })
  }

  const pick = (name: Json | undefined, op: string): number[] => {
    if (typeof name === 'string') {
      const i = deadlines.findIndex((d) => d.name === name)
      if (i < 0)
        throw new FengqiaoError(
          'INVALID_DEFINITION',
          `Process "${def.id}": ${op} names the deadline "${name}", which is not running in state ${outcome.stateKey}.`,
          { processId: def.id, deadline: name },
        )
      return [i]
    }
    return deadlines.map((_, i) => i)
  }
  const reschedule = (d: DeadlineState): DeadlineState => {
    if (d.timerId !== null) book.drop(d.timerId)
    timers.delete(d.name)
    if (d.pausedAt !== null) return { ...d, timerId: null }
    const timer = book.create(`deadline:${d.name}`, { type: DEADLINE_EVENT, name: d.name }, d.dueAt)
    timers.set(d.name, timer)
    return { ...d, timerId: timer.id }
  }
  for (const a of outcome.actions) {
    const p = (a.params ?? {}) as Record<string, Json>
    if (a.type === PAUSE_DEADLINE) {
      for (const i of pick(p.name, 'pauseDeadline')) {
        const d = deadlines[i] as DeadlineState
        if (d.pausedAt !== null || d.expired) continue
        // Paused by the case's suspension (not the process): marked, so that resuming the case
        // resumes these and leaves the process's own pauses alone.
        deadlines[i] = reschedule(
          p.bySuspension === true ? { ...d, pausedAt: now, bySuspension: true } : { ...d, pausedAt: now },
        )
        log.push({ name: d.name, op: 'paused' })
      }
    } else if (a.type === RESUME_DEADLINE) {
      for (const i of pick(p.name, 'resumeDeadline')) {
        const { bySuspension, ...d } = deadlines[i] as DeadlineState
        if (d.pausedAt === null || (p.bySuspension === true) !== (bySuspension === true)) continue
        const amount = d.amount + pausedAmount(calendar, d.unit, d.pausedAt, now)
        const dueAt = dueTime(calendar, d.unit, amount, d.startedAt)
        const spec = def.states.get(d.stateNode)?.deadline
        deadlines[i] = reschedule({
          ...d,
          amount,
          dueAt,
          warnAt: warnTime(d.startedAt, dueAt, spec?.warnAt),
          pausedAt: null,
        })
        log.push({ name: d.name, op: 'resumed', dueAt })
      }
    } else if (a.type === EXTEND_DEADLINE) {
      const targets = pick(p.name, 'extendDeadline')
      if (targets.length !== 1) {
        throw new FengqiaoError(
          'INVALID_DEFINITION',
          `Process "${def.id}": extendDeadline without a name needs exactly one running deadline; ${targets.length} are running. Name the deadline.`,
          { processId: def.id },
        )
      }
      const i = targets[0] as number
      const d = deadlines[i] as DeadlineState
      const by = (p.by ?? {}) as Record<string, unknown>
      const extra = by[d.unit]
      if (typeof extra !== 'number' || !(extra >= 0) || Object.keys(by).length !== 1) {
        throw new FengqiaoError(
          'INVALID_DEFINITION',
          `Process "${def.id}": the deadline "${d.name}" runs in ${d.unit}; extend it with { ${d.unit}: n }.`,
          { processId: def.id, deadline: d.name },
        )
      }
      const spec = def.states.get(d.stateNode)?.deadline
      if (spec?.maxExtensions !== undefined && d.extensions >= spec.maxExtensions) {
        throw new FengqiaoError(
          'EVENT_NOT_ACCEPTED',
          `The deadline "${d.name}" may be extended at most ${spec.maxExtensions} time(s); it already was.`,
          { deadline: d.name, extensions: d.extensions, maxExtensions: spec.maxExtensions },
        )
      }
      if (spec?.maxExtension !== undefined && extra > spec.maxExtension) {
        throw new FengqiaoError(
          'EVENT_NOT_ACCEPTED',
          `The deadline "${d.name}" may be extended by at most ${spec.maxExtension} ${d.unit}; asked for ${extra}.`,
          { deadline: d.name, requested: extra, maxExtension: spec.maxExtension },
        )
      }
      const amount = d.amount + extra
      const dueAt = dueTime(calendar, d.unit, amount, d.startedAt)
      deadlines[i] = reschedule({
        ...d,
        amount,
        dueAt,
        warnAt: warnTime(d.startedAt, dueAt, spec?.warnAt),
        extensions: d.extensions + 1,
        expired: d.expired && dueAt <= now,
      })
      log.push({ name: d.name, op: 'extended', by: extra, dueAt })
    }
  }
  return { deadlines, timers, log }
}

/**
 * A deadline's timer fired: marks the deadline expired, moves the case up the org-unit ladder if
 * its state says so, and steps the state's expiry (or escalation) event when the state takes it.
 * A state that takes none still records the expiry.
 *
 * @param def - the case's process
 * @param row - the case before the expiry
 * @param snapshot - its restored snapshot
 * @param name - the deadline's name, from the timer's event
 * @param base - the command as the engine built it for the fired timer
 * @param ancestorAt - the escalation target of an org unit (`PlanContext.ancestorAt`)
 * @returns the command to plan and the step's outcome
 */
export function expireDeadline(
  def: AnyProcessDefinition,
  row: StoredInstance,
  snapshot: StepOutcome['snapshot'],
  name: unknown,
  base: PlanCommand,
  ancestorAt: (orgUnit: string, levelOrId: string) => string | undefined,
): { cmd: PlanCommand; outcome: StepOutcome } {
  const d = row.deadlines.find((x) => x.name === name)
  const deadlines: DeadlineState[] = row.deadlines.map((x) => (x === d ? { ...x, expired: true, timerId: null } : x))
  const info = d === undefined ? undefined : def.states.get(d.stateNode)
  let orgUnit = row.orgUnit
  const detail: Record<string, Json> = { deadline: String(name), dueAt: d?.dueAt ?? null }
  if (info?.escalate !== undefined && row.orgUnit !== null) {
    const target = ancestorAt(row.orgUnit, info.escalate.to)
    if (target !== undefined && target !== row.orgUnit) {
      orgUnit = target
      detail.escalatedFrom = row.orgUnit
      detail.escalatedTo = target
    }
  }
  const send = info?.escalate?.event ?? info?.deadline?.onExpire
  let outcome: StepOutcome | undefined
  if (send !== undefined && row.status === 'active') {
    const escalation = detail.escalatedTo === undefined ? {} : { from: detail.escalatedFrom, to: detail.escalatedTo }
    outcome = stepEvent(def.machine, snapshot, { type: send, deadline: String(name), ...escalation })
    if (outcome !== undefined) detail.sent = send
  } else if (send !== undefined && row.status === 'suspended') {
    // The expiry is recorded now, on time; the event it sends waits, as a timer parked on the
    // row, for the case's resumption (decision 0015).
    const escalation: Record<string, Json> =
      detail.escalatedTo === undefined ? {} : { from: detail.escalatedFrom ?? null, to: detail.escalatedTo }
    const stay = interpret(def.machine, snapshot, [])
    outcome = {
      ...stay,
      schedule: [
        {
          key: `fengqiao.deferred.${String(name)}`,
          event: { type: send, deadline: String(name), ...escalation },
          delayMs: 0,
        },
      ],
    }
    detail.deferred = send
  }
  const cmd: PlanCommand = {
    ...base,
    kind: 'deadline',
    event: { type: 'fengqiao.deadline.expired', deadline: String(name) },
    orgUnit,
    deadlines,
    breached: row.breached || info?.deadline?.kind !== 'window',
    escalated: orgUnit !== row.orgUnit,
    detail,
  }
  return { cmd, outcome: outcome ?? interpret(def.machine, snapshot, []) }
}
