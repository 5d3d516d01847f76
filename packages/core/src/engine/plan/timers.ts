/**
 * Planner part: the instance's pending timers after a step. Deadline timers follow their
 * deadlines; `after` timers go when cancelled, re-scheduled, fired or the case ends, and the
 * step's new ones come.
 *
 * @module
 * @internal
 */
import type { DeadlineState, PendingTimer, TimerRow } from '../../store/types.js'
import type { StepOutcome } from '../step.js'
import type { TimerBook } from './timer-book.js'
import { isClosed } from './types.js'

/** What the timer part needs. */
export interface TimerInput {
  readonly before: readonly PendingTimer[]
  readonly outcome: StepOutcome
  /** The deadlines after the step, and the timers created for them in this commit. */
  readonly deadlines: readonly DeadlineState[]
  readonly deadlineTimers: ReadonlyMap<string, PendingTimer>
  readonly now: number
  /** The timer being fired, removed in this commit. */
  readonly firedTimer?: string | undefined
}

/** The timers of the instance row and the rows to write. */
export interface TimerPlan {
  readonly pending: PendingTimer[]
  readonly insert: TimerRow[]
  readonly delete: string[]
}

/**
 * Plans the timers of one step. Runs after the deadline part, whose timers are in `book`.
 */
export function planTimers(input: TimerInput, book: TimerBook): TimerPlan {
  const { outcome } = input
  const done = isClosed(outcome.status)
  const cancel = new Set(outcome.cancel)
  for (const s of outcome.schedule) cancel.add(s.key)
  const pending: PendingTimer[] = []
  for (const t of input.before) {
    const isDeadline = t.key.startsWith('deadline:')
    const stillWanted = isDeadline
      ? input.deadlines.some((d) => d.timerId === t.id)
      : !(done || cancel.has(t.key) || t.id === input.firedTimer)
    if (stillWanted) pending.push(t)
    else book.drop(t.id)
  }
  if (!done) for (const s of outcome.schedule) pending.push(book.create(s.key, s.event, input.now + s.delayMs))
  pending.push(...input.deadlineTimers.values())
  if (input.firedTimer !== undefined) book.drop(input.firedTimer)
  // A timer created and dropped within this very commit is neither inserted nor deleted.
  const dropped = new Set(book.deletes)
  const created = new Set(book.inserts.map((t) => t.id))
  return {
    pending: pending.filter((t) => !dropped.has(t.id)),
    insert: book.inserts.filter((t) => !dropped.has(t.id)),
    delete: book.deletes.filter((id) => !created.has(id)),
  }
}
