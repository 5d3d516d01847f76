/**
 * A hearing procedure for the tests of the administrator's commands: a statutory deadline (30
 * days, its expiry sends OVERDUE and moves the case up to the county), a task, an `after`
 * reminder, a linked inquiry case. Two definitions of one machine: `hearing`, whose suspension
 * pauses the deadline (a hearing adjourned, 中止), and `hold`, whose suspension does not (an
 * administrative hold).
 *
 *   hearing ──DECIDE──▶ decided (resolved)
 *     │ deadline 30 days: OVERDUE ─▶ late ──DECIDE──▶ decided
 *     │ after 1 h: reminders + 1
 *     └─INQUIRE─▶ starts a linked inquiry (INQUIRY_DONE back)
 */
import { defineProcess, startProcess, update, type EventsOf, type OrgUnit } from '@fengqiao/core'
import { setup } from 'xstate'
import { z } from 'zod'

export const orgUnits: OrgUnit[] = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'other-town', parent: 'county', level: 'township' },
  { id: 'village', parent: 'town', level: 'village' },
]

export const clerk = { id: 'clerk-1', roles: ['clerk'], orgUnit: 'village' }
export const clerk2 = { id: 'clerk-2', roles: ['clerk'], orgUnit: 'town' }
export const admin = { id: 'admin-1', roles: ['admin'], orgUnit: 'town' }
export const countyAdmin = { id: 'admin-county', roles: ['admin'], orgUnit: 'county' }

const inquiryEvents = { ANSWER: { schema: z.object({}), roles: ['clerk'] } } as const

export const inquiry = defineProcess({
  id: 'inquiry',
  version: 1,
  machine: setup({ types: { events: {} as EventsOf<typeof inquiryEvents> } }).createMachine({
    initial: 'asking',
    states: {
      asking: { meta: { task: { role: 'clerk', title: '答复' } }, on: { ANSWER: 'answered' } },
      answered: { type: 'final', meta: { outcome: 'resolved' } },
    },
  }),
  events: inquiryEvents,
})

const events = {
  DECIDE: { schema: z.object({}), roles: ['clerk'] },
  NOTE: { schema: z.object({ text: z.string() }), roles: ['clerk'] },
  INQUIRE: { schema: z.object({}), roles: ['clerk'] },
  OVERDUE: { schema: z.object({}).passthrough(), roles: ['system'] },
  INQUIRY_DONE: { schema: z.object({}).passthrough(), roles: ['system'] },
} as const

interface Ctx {
  reminders: number
  notes: string[]
  inquiries: number
}

const machine = setup({
  types: { context: {} as Ctx, events: {} as EventsOf<typeof events> },
  actions: { notifyDecided: () => {} },
  delays: { reminder: 3_600_000 },
}).createMachine({
  id: 'hearing',
  initial: 'hearing',
  context: { reminders: 0, notes: [], inquiries: 0 },
  states: {
    hearing: {
      meta: {
        task: { role: 'clerk', title: '审理' },
        deadline: { days: 30, name: 'hear', onExpire: 'OVERDUE', warnAt: 0.8 },
        escalate: { to: 'county', when: 'overdue' },
      },
      after: {
        reminder: {
          actions: update(({ draft }) => {
            draft.reminders += 1
          }),
        },
      },
      on: {
        DECIDE: 'decided',
        OVERDUE: 'late',
        NOTE: {
          actions: update(({ draft, event }) => {
            draft.notes.push(event.text)
          }),
        },
        INQUIRE: { actions: startProcess('inquiry', { onDone: 'INQUIRY_DONE' }) },
        INQUIRY_DONE: {
          actions: update(({ draft }) => {
            draft.inquiries += 1
          }),
        },
      },
    },
    late: { meta: { task: { role: 'clerk', title: '督办' } }, on: { DECIDE: 'decided' } },
    decided: { type: 'final', meta: { outcome: 'resolved' } },
  },
})

/** Suspension pauses the hearing's deadline. */
export const hearing = defineProcess({
  id: 'hearing',
  version: 1,
  machine,
  events,
  suspension: { pausesDeadlines: true },
})

/** Suspension is an administrative hold: the deadline runs on. */
export const hold = defineProcess({ id: 'hold', version: 1, machine, events })
