// A case that waits for a reminder timer, then for a reply.
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, type EventsOf } from '@fengqiao/core'

const events = { REPLY: { schema: z.object({}), roles: ['clerk'] } } as const

export const reminder = defineProcess({
  id: 'reminder',
  version: 1,
  events,
  machine: setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
    id: 'reminder',
    initial: 'waiting',
    states: {
      waiting: { after: { 1500: 'reminded' }, on: { REPLY: 'replied' } },
      reminded: { on: { REPLY: 'replied' } },
      replied: { type: 'final', meta: { outcome: 'resolved' } },
    },
  }),
})
