// The process the example serves: a citizen's request handled by a clerk.
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, update, type EventsOf } from '@fengqiao/core'

const events = {
  ACCEPT: { schema: z.object({}), roles: ['clerk'] },
  ANSWER: { schema: z.object({ answer: z.string().min(1) }), roles: ['clerk'] },
} as const

export const request = defineProcess({
  id: 'request',
  version: 1,
  events,
  input: z.object({ text: z.string().min(1) }),
  start: { roles: ['citizen', 'clerk'] },
  machine: setup({
    types: {
      context: {} as { text: string; answer: string | null },
      events: {} as EventsOf<typeof events>,
      input: {} as { text: string },
    },
  }).createMachine({
    id: 'request',
    initial: 'received',
    context: ({ input }) => ({ text: input.text, answer: null }),
    states: {
      received: { meta: { task: { role: 'clerk' }, deadline: { workingDays: 7 } }, on: { ACCEPT: 'handling' } },
      handling: {
        meta: { task: { role: 'clerk' } },
        on: {
          ANSWER: {
            target: 'answered',
            actions: update(({ draft, event }) => {
              draft.answer = event.answer
            }),
          },
        },
      },
      answered: { type: 'final', meta: { outcome: 'resolved' } },
    },
  }),
})
