/**
 * `EVENT_NOT_ACCEPTED`: why a case did not take an event — a closed case, no transition from
 * its state, or a rule (named, with its article) that refused — and which events the actor
 * could send instead.
 *
 * @module
 * @internal
 */
import type { AnyMachineSnapshot } from 'xstate'
import { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import type { StoredInstance } from '../store/types.js'
import { acceptedEvents, explainRefusal } from './step.js'
import type { ValidEvent } from './validate.js'

/**
 * The refusal of an event the case's state did not take.
 *
 * @param mayAct - whether the actor may send an event type to this case (roles, scope)
 * @returns the error to throw
 */
export function notAccepted(
  def: AnyProcessDefinition,
  row: StoredInstance,
  snapshot: AnyMachineSnapshot | undefined,
  event: ValidEvent,
  mayAct: (type: string) => boolean,
): FengqiaoError {
  const base = { instanceId: row.id, state: row.stateKey, status: row.status, type: event.type }
  if (snapshot === undefined || row.status !== 'active') {
    return new FengqiaoError('EVENT_NOT_ACCEPTED', `Instance ${row.id} is ${row.status}; it accepts no more events.`, {
      ...base,
      reason: 'closed',
      accepted: [],
    })
  }
  const accepted = acceptedEvents(def.machine, snapshot).filter((t) => Object.hasOwn(def.events, t) && mayAct(t))
  const others = `(you may send: ${accepted.join(', ') || 'nothing'})`
  const why = explainRefusal(def.machine, snapshot, event)
  if (why.reason === 'refused-by-rule') {
    const { rule, article, reason } = why.refusal
    return new FengqiaoError(
      'EVENT_NOT_ACCEPTED',
      `Instance ${row.id} refuses ${event.type} in state "${row.stateKey}": ${reason} (rule ${rule}${article === undefined ? '' : `, ${article}`}) ${others}.`,
      {
        ...base,
        reason: 'refused-by-rule',
        rule,
        article: article ?? null,
        refusal: reason,
        accepted,
      },
    )
  }
  if (why.reason === 'refused-by-guard') {
    return new FengqiaoError(
      'EVENT_NOT_ACCEPTED',
      `Instance ${row.id} refuses ${event.type} in state "${row.stateKey}": the guard ${why.guard ?? '(inline)'} does not allow it now ${others}.`,
      {
        ...base,
        reason: 'refused-by-guard',
        guard: why.guard,
        accepted,
      },
    )
  }
  return new FengqiaoError(
    'EVENT_NOT_ACCEPTED',
    `Instance ${row.id} is in state "${row.stateKey}", which has no transition for ${event.type} ${others}.`,
    { ...base, reason: 'no-transition', accepted },
  )
}
