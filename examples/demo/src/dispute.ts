// A neighbourhood dispute through people's mediation, as a Fengqiao process. The full
// procedure lives in @fengqiao/mediation; this is the demo's compact version.
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, update, type EventsOf } from '@fengqiao/core'

const DAY = 86_400_000

export const events = {
  ACCEPT: { schema: z.object({ mediator: z.string().min(1) }), roles: ['committee'] },
  STEP: { schema: z.object({ step: z.enum(['耐心倾听', '公心说理', '交心沟通', '诚信化解']), note: z.string() }), roles: ['mediator'] },
  AGREE: { schema: z.object({ terms: z.string().min(1) }), roles: ['mediator'] },
  TERMINATE: { schema: z.object({ reason: z.string().min(1) }), roles: ['mediator', 'party'], scope: 'any' },
  PERFORMED: { schema: z.object({}), roles: ['mediator'] },
} as const

interface Ctx {
  parties: string[]
  facts: string
  mediator: string | null
  steps: string[]
  terms: string | null
}

const machine = setup({
  types: { context: {} as Ctx, events: {} as EventsOf<typeof events>, input: {} as { parties: string[]; facts: string } },
  actions: { remindMediator: () => {} },
}).createMachine({
  id: 'dispute',
  initial: 'applied',
  context: ({ input }) => ({ ...input, mediator: null, steps: [], terms: null }),
  states: {
    applied: {
      meta: { task: { role: 'committee', title: '登记并指派调解员' } },
      on: { ACCEPT: { target: 'mediating', actions: update(({ draft, event }) => { draft.mediator = event.mediator }) } },
    },
    mediating: {
      meta: { task: { role: 'mediator', title: '调解（五心调解）' } },
      // People's mediation should finish within a month (RT02 Art. 33): remind, then escalate.
      after: { [20 * DAY]: { actions: 'remindMediator' }, [30 * DAY]: 'overdue' },
      on: {
        STEP: { actions: update(({ draft, event }) => { draft.steps.push(event.step) }) },
        AGREE: {
          guard: ({ context }) => context.steps.length >= 4,
          target: 'performing',
          actions: update(({ draft, event }) => { draft.terms = event.terms }),
        },
        TERMINATE: 'terminated',
      },
    },
    overdue: { meta: { task: { role: 'committee', title: '超期督办' } }, on: { AGREE: 'performing', TERMINATE: 'terminated' } },
    performing: {
      meta: { task: { role: 'mediator', title: '回访履行情况' } },
      on: { PERFORMED: 'performed' },
    },
    performed: { type: 'final' },
    terminated: { type: 'final' },
  },
})

export const dispute = defineProcess({
  id: 'dispute',
  version: 1,
  machine,
  events,
  input: z.object({ parties: z.array(z.string().min(1)).min(2), facts: z.string().min(1) }),
  start: { roles: ['committee', 'party'] },
  label: { 'zh-CN': '人民调解', en: "People's mediation" },
})
