/**
 * The rows the hand-written baselines write: the same instance snapshot, history entry, event and
 * actor JSON Fengqiao writes for the 10-step process, computed once so that the baselines spend
 * no CPU on them (they measure the database, not JavaScript).
 */
import { createHash } from 'node:crypto'
import { initialTransition, transition } from 'xstate'
import { ACTOR, INPUT, STEPS, nextEvent, rawMachine } from './process.js'

export interface StepRow {
  /** State after the step. */
  readonly state: string
  readonly status: 'active' | 'completed'
  /** Persisted snapshot after the step, as JSON text. */
  readonly snapshot: string
  /** The event applied (JSON text); for step 0 the start input. */
  readonly event: string
  readonly from: string | null
  readonly prevHash: string
  readonly hash: string
}

const hex = (s: string) => createHash('sha256').update(s).digest('hex')

/** Rows for step 0 (start) through step 10. */
export const STEP_ROWS: readonly StepRow[] = (() => {
  const rows: StepRow[] = []
  let snap = initialTransition(rawMachine, INPUT)[0]
  let prevHash = ''
  const push = (event: unknown, from: string | null) => {
    const hash = hex(`${prevHash}${rows.length}`)
    rows.push({
      state: String(snap.value),
      status: snap.status === 'done' ? 'completed' : 'active',
      snapshot: JSON.stringify(rawMachine.getPersistedSnapshot(snap)),
      event: JSON.stringify(event),
      from,
      prevHash,
      hash,
    })
    prevHash = hash
  }
  push({ type: 'xstate.init', input: INPUT }, null)
  for (let k = 1; k <= STEPS; k++) {
    const from = String(snap.value)
    snap = transition(rawMachine, snap, nextEvent(k))[0]
    push(nextEvent(k), from)
  }
  return rows
})()

export const ACTOR_JSON = JSON.stringify({ id: ACTOR.id, roles: [...ACTOR.roles] })
