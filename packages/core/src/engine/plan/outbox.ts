/**
 * Planner part: the outbox. Named actions some plugin handles, and the parent's notice when a
 * linked case ends; plus the case's outcome name, which that notice carries.
 *
 * @module
 * @internal
 */
import { ENGINE_ACTIONS } from '../../process/actions.js'
import type { AnyProcessDefinition } from '../../process/define-process.js'
import type { Json, OutboxMessage, StoredInstance } from '../../store/types.js'
import type { StepOutcome } from '../step.js'
import { isClosed, NOTIFY_PARENT } from './types.js'

/**
 * How the case ended: `meta.outcome` of its final state (the deepest that declares one), or
 * null while it runs.
 *
 * @returns the outcome name, or null
 */
export function outcomeOf(def: AnyProcessDefinition, outcome: StepOutcome): string | null {
  if (outcome.status === 'cancelled') return 'cancelled'
  if (!isClosed(outcome.status)) return null
  let name: string | null = null
  for (const n of outcome.activeNodes) name = def.states.get(n)?.outcome ?? name
  return name
}

/** What the outbox part needs. */
export interface OutboxInput {
  readonly prev: StoredInstance
  readonly outcome: StepOutcome
  readonly seq: number
  readonly now: number
  /** The event recorded with the step. */
  readonly event: Json
  /** The case's outcome name after the step ({@link outcomeOf}). */
  readonly outcomeName: string | null
  /** Whether a plugin on this engine handles an action. */
  handles(actionType: string): boolean
  /** Whether a linked case that closes tells its parent (not when the parent is closing with it). */
  readonly notifyParent?: boolean
}

/** Plans the outbox messages of one step, in the order the machine ran the actions. */
export function planOutbox(input: OutboxInput): OutboxMessage[] {
  const { prev, outcome, seq, now } = input
  const context = outcome.snapshot.context as Json
  const message = (type: string, params: Json, j: number): OutboxMessage => ({
    id: `${prev.id}.${seq}.o${j}`,
    instanceId: prev.id,
    processId: prev.processId,
    type,
    params,
    event: input.event,
    context,
    createdAt: now,
    attempts: 0,
    availableAt: now,
    lastError: null,
  })
  const out: OutboxMessage[] = []
  outcome.actions.forEach((a, j) => {
    if (!ENGINE_ACTIONS.has(a.type) && input.handles(a.type)) out.push(message(a.type, a.params, j))
  })
  if (
    isClosed(outcome.status) &&
    input.notifyParent !== false &&
    prev.parentId !== null &&
    prev.parentDoneEvent !== null
  ) {
    const output = (outcome.persisted as { output?: Json }).output ?? null
    const event: Json = {
      type: prev.parentDoneEvent,
      childId: prev.id,
      processId: prev.processId,
      state: outcome.stateKey,
      outcome: input.outcomeName,
      output,
    }
    out.push(message(NOTIFY_PARENT, { parentId: prev.parentId, event }, outcome.actions.length))
  }
  return out
}
