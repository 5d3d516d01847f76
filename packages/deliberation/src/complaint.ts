/**
 * A villager's complaint about non-disclosure (CW Art. 31), as a linked case on the township's
 * desk: the township investigates and orders disclosure, or finds the complaint not made out.
 *
 * @module
 */
import { defineProcess, update, type EventsOf } from '@fengqiao/core'
import type { z } from 'zod'
import { complaintStateLabels } from './labels.js'
import { COMPLAINT_PROCESS_ID } from './process.js'
import { ComplaintInputSchema, complaintEvents } from './schemas.js'
import { setup } from 'xstate'

/** The complaint case's context. */
export interface ComplaintContext {
  complaint: z.output<typeof ComplaintInputSchema>
  decision: 'ordered' | 'dismissed' | null
  finding: string | null
  reference: string | null
}

/**
 * The non-disclosure complaint process (CW Art. 31). It is started by the deliberation when a
 * villager sends `COMPLAIN`, opens a task for the township (on the township's org unit when the
 * village gave one), and reports its decision back to the deliberation as `COMPLAINT_HANDLED`.
 * The law sets no time limit for the township, so the task has no deadline.
 *
 * @returns the process definition
 */
export function complaintProcess() {
  const machine = setup({
    types: {
      context: {} as ComplaintContext,
      events: {} as EventsOf<typeof complaintEvents>,
      input: {} as z.output<typeof ComplaintInputSchema>,
    },
  }).createMachine({
    id: 'deliberationComplaint',
    initial: 'lodged',
    context: ({ input }) => ({ complaint: input, decision: null, finding: null, reference: null }),
    output: ({ context }) => ({
      decision: context.decision,
      finding: context.finding ?? '',
      reference: context.reference,
    }),
    states: {
      lodged: {
        meta: {
          label: complaintStateLabels.lodged,
          task: {
            role: 'township',
            title: { 'zh-CN': '调查核实村务公开情况', en: 'Investigate the non-disclosure complaint' },
            orgUnit: ({ context }: { context: unknown }) => (context as ComplaintContext).complaint.township,
          },
        },
        on: {
          ORDER_DISCLOSURE: {
            target: 'ordered',
            actions: update(({ draft, event }) => {
              draft.decision = 'ordered'
              draft.finding = event.finding
              draft.reference = event.reference
            }),
          },
          DISMISS_COMPLAINT: {
            target: 'dismissed',
            actions: update(({ draft, event }) => {
              draft.decision = 'dismissed'
              draft.finding = event.finding
            }),
          },
        },
      },
      ordered: { type: 'final', meta: { label: complaintStateLabels.ordered, outcome: 'resolved' } },
      dismissed: { type: 'final', meta: { label: complaintStateLabels.dismissed, outcome: 'resolved' } },
    },
  })
  return defineProcess({
    id: COMPLAINT_PROCESS_ID,
    // 2: states named in camelCase.
    version: 2,
    machine,
    input: ComplaintInputSchema,
    events: complaintEvents,
    // Started only by the deliberation (as a linked case); nobody starts one directly.
    start: { roles: ['system'] },
    label: { 'zh-CN': '村务公开投诉', en: 'Non-disclosure complaint' },
  })
}

/** The complaint process definition type. */
export type ComplaintProcess = ReturnType<typeof complaintProcess>
