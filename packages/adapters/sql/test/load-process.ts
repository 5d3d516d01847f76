/**
 * The process and the event plan of the multi-process tests, shared by the test (which seeds
 * and checks) and the worker processes (which send and fire timers).
 *
 * An instance sits in `open`: every `NOTE { eventId }` appends the id to `context.notes` (a
 * targetless transition, so the state's timer keeps running), and once, `context.delayMs` after
 * the start, its `after` timer adds one to `context.fired`.
 */
import { defineProcess, update, type EventsOf } from '@fengqiao/core'
import { setup } from 'xstate'
import { z } from 'zod'

export const loadEvents = {
  NOTE: { schema: z.object({ eventId: z.string().min(1) }), roles: ['clerk'] },
} as const

export interface LoadContext {
  notes: string[]
  fired: number
  delayMs: number
}

const machine = setup({
  types: { context: {} as LoadContext, events: {} as EventsOf<typeof loadEvents>, input: {} as { delayMs: number } },
  delays: { wait: ({ context }) => context.delayMs },
}).createMachine({
  id: 'load',
  initial: 'open',
  context: ({ input }) => ({ notes: [], fired: 0, delayMs: input.delayMs }),
  states: {
    open: {
      on: {
        NOTE: {
          actions: update(({ draft, event }) => {
            draft.notes.push(event.eventId)
          }),
        },
      },
      after: {
        wait: {
          actions: update(({ draft }) => {
            draft.fired += 1
          }),
        },
      },
    },
  },
})

export const loadProcess = defineProcess({
  id: 'load',
  version: 1,
  machine,
  events: loadEvents,
  input: z.object({ delayMs: z.number().int().nonnegative() }),
})

/** Who sends the notes. */
export const clerk = { id: 'clerk-1', roles: ['clerk'] }

/** Id of the `i`-th instance that receives notes. */
export const noteInstanceId = (i: number): string => `n${String(i).padStart(4, '0')}`
/** Id of the `i`-th instance that only waits for its timer. */
export const timerInstanceId = (i: number): string => `t${String(i).padStart(4, '0')}`

/** How the events are split among the nodes. */
export interface EventPlan {
  /** Events in total; event `k` has id `e<k>` and goes to note instance `k % noteInstances`. */
  readonly events: number
  readonly noteInstances: number
  readonly nodes: number
}

/** One event of the plan. */
export interface PlannedEvent {
  readonly k: number
  readonly eventId: string
  readonly instanceId: string
}

export function plannedEvent(k: number, plan: EventPlan): PlannedEvent {
  return { k, eventId: `e${k}`, instanceId: noteInstanceId(k % plan.noteInstances) }
}

/**
 * The events node `node` sends: rounds of one event per instance go to the nodes in turn
 * (round `r` to node `r % nodes`), so every instance gets events from every node.
 */
export function eventsOfNode(node: number, plan: EventPlan): PlannedEvent[] {
  const out: PlannedEvent[] = []
  for (let k = 0; k < plan.events; k++)
    if (Math.floor(k / plan.noteInstances) % plan.nodes === node) out.push(plannedEvent(k, plan))
  return out
}
