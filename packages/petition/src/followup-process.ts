/**
 * The follow-up case after finality (XF Art. 37): when a claim becomes FINAL through the opinion,
 * review or re-review track, the petition opens this small linked case for the local government
 * or organ to do the counselling, dispute resolution and relief (疏导教育、矛盾化解、帮扶救助).
 * It is a separate case so that it never holds up the petition's finality.
 *
 * @module
 */
import { defineProcess, update, type EventsOf, type Labels } from '@fengqiao/core'
import { followUpPersonal } from './personal.js'
import { setup } from 'xstate'
import { z } from 'zod'
import { PETITION_FOLLOWUP_PROCESS_ID } from './petition-process.js'
import { Finality } from './schemas.js'

/** Labels of the follow-up process's states and events. */
export const followUpLabels = {
  process: { 'zh-CN': '信访事项终结后的疏导帮扶', en: 'Follow-up after finality' },
  states: {
    counselling: { 'zh-CN': '疏导教育、矛盾化解、帮扶救助', en: 'Counselling and relief' },
    done: { 'zh-CN': '帮扶工作已完成', en: 'Follow-up done' },
  },
  events: {
    CONCLUDE_FOLLOW_UP: { 'zh-CN': '记录疏导帮扶情况', en: 'Record the follow-up' },
  },
} as const satisfies { process: Labels; states: Record<string, Labels>; events: Record<string, Labels> }

/** The follow-up case's start input (see `followUpInput`). */
export const FollowUpInput = z.object({
  petitioner: z.string().nullable(),
  matterKey: z.string().nullable(),
  request: z.string(),
  finality: Finality,
  organ: z.string().nullable(),
  organUnit: z.string().nullable(),
})
/** The follow-up case's start input. */
export type FollowUpInput = z.infer<typeof FollowUpInput>

/** The follow-up case's context. */
export interface FollowUpContext {
  readonly source: FollowUpInput
  measures: string[]
  relief: string | null
  summary: string | null
}

/**
 * Builds the follow-up process (XF Art. 37): one task for the organ (`organ` role, at the handling
 * organ's unit when known), closed by `CONCLUDE_FOLLOW_UP` with the measures taken.
 *
 * @param options - the process id @defaultValue `'petition-followup'`
 * @returns the checked process definition (`petitionPlugin` registers it)
 */
export function petitionFollowUpProcess(options: { readonly processId?: string } = {}) {
  const events = {
    CONCLUDE_FOLLOW_UP: {
      schema: z.object({
        measures: z.array(z.string().trim().min(1)).min(1),
        relief: z.string().trim().min(1).optional(),
        summary: z.string().trim().min(1),
      }),
      roles: ['organ'],
      scope: 'any',
      label: followUpLabels.events.CONCLUDE_FOLLOW_UP,
    },
  } as const
  const id = options.processId ?? PETITION_FOLLOWUP_PROCESS_ID
  const machine = setup({
    types: { context: {} as FollowUpContext, events: {} as EventsOf<typeof events>, input: {} as FollowUpInput },
  }).createMachine({
    id,
    initial: 'counselling',
    context: ({ input }) => ({ source: input, measures: [], relief: null, summary: null }),
    output: ({ context }) => ({ measures: context.measures, relief: context.relief }),
    states: {
      counselling: {
        meta: {
          label: followUpLabels.states.counselling,
          task: {
            role: 'organ',
            title: followUpLabels.states.counselling,
            orgUnit: ({ context, orgUnit }: { context: unknown; orgUnit: string | null }) =>
              (context as FollowUpContext).source.organUnit ?? orgUnit,
          },
        },
        on: {
          CONCLUDE_FOLLOW_UP: {
            target: 'done',
            actions: update(({ draft, event }) => {
              draft.measures = event.measures
              draft.relief = event.relief ?? null
              draft.summary = event.summary
            }),
          },
        },
      },
      done: { type: 'final', meta: { label: followUpLabels.states.done, outcome: 'resolved' } },
    },
  })
  return defineProcess({
    id,
    version: 1,
    machine,
    events,
    input: FollowUpInput,
    label: followUpLabels.process,
    personal: followUpPersonal,
  })
}
