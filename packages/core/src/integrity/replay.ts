/**
 * Folds a case's history through its machine: the basis of `engine.replay` (a determinism and
 * migration check) and of the snapshot check in `verify`.
 *
 * @module
 * @internal
 */
import type { AnyStateMachine } from 'xstate'
import { stepEvent, stepStart, type StepOutcome } from '../engine/step.js'
import type { HistoryEntry } from '../store/types.js'

/** The result of {@link foldHistory}. @internal */
export type Fold =
  | {
      readonly ok: true
      readonly replayed: number
      readonly state: string
      readonly last: StepOutcome | undefined
      readonly stoppedAt?: number
    }
  | {
      readonly ok: false
      readonly replayed: number
      readonly divergedAt: number
      readonly expected: string
      readonly actual: string
    }

/**
 * Replays entries in order. Stops (ok) at a migration, which a machine cannot re-derive, and
 * reports the first entry whose recorded target state differs from the replayed one.
 *
 * @internal
 */
export function foldHistory(machine: AnyStateMachine, entries: readonly HistoryEntry[]): Fold {
  let last: StepOutcome | undefined
  let replayed = 0
  for (const h of entries) {
    if (h.kind === 'migrated') return { ok: true, replayed, state: h.from ?? '', last, stoppedAt: h.seq }
    if (h.kind === 'admin' || h.kind === 'task') {
      // An administrator's command or a task changing hands: no step of the machine; cancel,
      // suspend and resume set the status the row records.
      const type = (h.event as { type?: unknown } | null)?.type
      const status =
        type === 'fengqiao.cancel'
          ? 'cancelled'
          : type === 'fengqiao.suspend'
            ? 'suspended'
            : type === 'fengqiao.resume'
              ? 'active'
              : undefined
      if (last !== undefined && status !== undefined) last = { ...last, status }
    } else if (h.kind === 'started') {
      const input = (h.event as { input?: unknown } | null)?.input
      last = stepStart(machine, input ?? undefined)
    } else if (last !== undefined) {
      const sent = (h.detail as { sent?: unknown } | null)?.sent
      const d = (h.detail ?? {}) as { escalatedFrom?: unknown; escalatedTo?: unknown }
      const escalation = d.escalatedTo === undefined ? {} : { from: d.escalatedFrom, to: d.escalatedTo }
      const deadline = (h.event as { deadline?: unknown } | null)?.deadline
      const event =
        h.kind === 'deadline'
          ? typeof sent === 'string'
            ? { type: sent, deadline, ...escalation }
            : undefined
          : (h.event as { type: string })
      if (event !== undefined && typeof event === 'object' && event !== null && typeof event.type === 'string')
        last = stepEvent(machine, last.snapshot, event) ?? last
    }
    const actual = last === undefined ? '' : last.stateKey
    if (actual !== h.to) return { ok: false, replayed, divergedAt: h.seq, expected: h.to, actual }
    replayed++
  }
  return { ok: true, replayed, state: last === undefined ? '' : last.stateKey, last }
}
