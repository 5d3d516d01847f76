/**
 * A small case procedure for the engine-level tests on SQL, touching every kind of durable row:
 * a statutory deadline whose expiry sends an event, tasks, an effect (outbox message), an `after`
 * timer, and a linked mediation case whose result flows back to the parent.
 *
 *   registered ──ACCEPT──▶ handling ──MEDIATE──▶ mediating ──MEDIATION_DONE (resolved)──▶ closed
 *        │ deadline 15 days: LATE        ▲  entry: notifyHandler (effect)       │ (otherwise)
 *        ▼                               │  after 1 h: reminders + 1            ▼
 *   supervised ──ACCEPT──────────────────┘  deadline 10 working days        handling
 */
import { defineProcess, startProcess, update, type EventsOf } from '@fengqiao/core'
import { setup } from 'xstate'
import { z } from 'zod'

const mediationEvents = {
  AGREE: { schema: z.object({ terms: z.string().min(1) }), roles: ['mediator'] },
  FAIL: { schema: z.object({}), roles: ['mediator'] },
} as const

const mediationMachine = setup({
  types: {
    context: {} as { parties: string[]; terms: string | null },
    events: {} as EventsOf<typeof mediationEvents>,
    input: {} as { parties: string[] },
  },
}).createMachine({
  id: 'med',
  initial: 'mediating',
  context: ({ input }) => ({ parties: input.parties, terms: null }),
  output: ({ context }) => ({ terms: context.terms }),
  states: {
    mediating: {
      meta: { task: { role: 'mediator', title: { 'zh-CN': '调解', en: 'Mediate' } } },
      on: {
        AGREE: {
          target: 'agreed',
          actions: update(({ draft, event }) => {
            draft.terms = event.terms
          }),
        },
        FAIL: 'failed',
      },
    },
    agreed: { type: 'final', meta: { outcome: 'resolved' } },
    failed: { type: 'final', meta: { outcome: 'unresolved' } },
  },
})

export const mediation = defineProcess({
  id: 'med',
  version: 1,
  machine: mediationMachine,
  events: mediationEvents,
  input: z.object({ parties: z.array(z.string()).min(2) }),
})

const caseEvents = {
  ACCEPT: { schema: z.object({}), roles: ['organ', 'head'] },
  LATE: { schema: z.object({}), roles: ['system'] },
  COMMENT: { schema: z.object({ text: z.string().min(1) }), roles: ['organ'] },
  MEDIATE: { schema: z.object({ parties: z.array(z.string()).min(2) }), roles: ['organ'] },
  MEDIATION_DONE: {
    schema: z.object({
      childId: z.string().optional(),
      processId: z.string().optional(),
      state: z.string().optional(),
      outcome: z.string().nullable().optional(),
      output: z.unknown().optional(),
    }),
    roles: ['system'],
  },
} as const

interface CaseContext {
  title: string
  comments: string[]
  reminders: number
  parties: string[]
  result: unknown
}

const caseMachine = setup({
  types: { context: {} as CaseContext, events: {} as EventsOf<typeof caseEvents>, input: {} as { title: string } },
  actions: { notifyHandler: () => {} },
  delays: { reminder: 3_600_000 },
}).createMachine({
  id: 'case',
  initial: 'registered',
  context: ({ input }) => ({ title: input.title, comments: [], reminders: 0, parties: [], result: null }),
  states: {
    registered: {
      meta: {
        task: { role: 'organ', title: { 'zh-CN': '受理', en: 'Accept' } },
        deadline: { days: 15, name: 'accept', onExpire: 'LATE', warnAt: 0.8 },
      },
      on: { ACCEPT: 'handling', LATE: 'supervised' },
    },
    supervised: {
      meta: { task: { role: 'head', title: '督办' } },
      on: { ACCEPT: 'handling' },
    },
    handling: {
      entry: { type: 'notifyHandler', params: ({ context }: { context: CaseContext }) => ({ title: context.title }) },
      meta: { task: { role: 'organ', title: '办理' }, deadline: { workingDays: 10, name: 'handle' } },
      after: {
        reminder: {
          actions: update(({ draft }) => {
            draft.reminders += 1
          }),
        },
      },
      on: {
        COMMENT: {
          actions: update(({ draft, event }) => {
            draft.comments.push(event.text)
          }),
        },
        MEDIATE: {
          target: 'mediating',
          actions: [
            update(({ draft, event }) => {
              draft.parties = event.parties
            }),
            startProcess('med', {
              input: ({ event }) => ({ parties: (event as { parties: string[] }).parties }),
              onDone: 'MEDIATION_DONE',
              businessKey: 'M-1',
            }),
          ],
        },
      },
    },
    mediating: {
      on: {
        MEDIATION_DONE: [
          {
            guard: ({ event }) => event.outcome === 'resolved',
            target: 'closed',
            actions: update(({ draft, event }) => {
              draft.result = (event.output ?? null) as never
            }),
          },
          { target: 'handling' },
        ],
      },
    },
    closed: { type: 'final', meta: { outcome: 'resolved' } },
  },
})

export const caseProcess = defineProcess({
  id: 'case',
  version: 1,
  machine: caseMachine,
  events: caseEvents,
  input: z.object({ title: z.string().min(1) }),
})

export const organ = { id: 'o1', roles: ['organ'], orgUnit: 'town' }
export const head = { id: 'h1', roles: ['head'], orgUnit: 'town' }
export const mediator = { id: 'm1', roles: ['mediator'], orgUnit: 'town' }
export const orgUnits = [{ id: 'county' }, { id: 'town', parent: 'county' }]
