/**
 * The four deliberations (四议): the party organisation proposes (党组织提议), the two committees
 * consult (村“两委”会议商议), the party members review (党员大会审议), and the villagers' meeting
 * or their representatives resolve (村民会议或村民代表会议决议). Where one person holds both posts,
 * the first two merge (一肩挑).
 *
 * @module
 */
import { update } from '@fengqiao/core'
import type { MeetingResult, MeetingStep } from './context.js'
import { stateLabels } from './labels.js'
import type { DeliberationParameters } from './parameters.js'
import type { DeliberationSetup } from './setup.js'

const title = (zh: string, en: string) => ({ 'zh-CN': zh, en })
/** The guard and the record of a meeting whose outcome is one of `want`. */
const meeting = (step: MeetingStep, ...want: MeetingResult[]) =>
  ({
    guard: { type: 'meetingOutcome', params: { step, want } },
    actions: { type: 'recordMeeting', params: { step } },
  }) as const

/**
 * The draft and the four deliberations.
 *
 * @param s - the deliberation setup
 * @param p - the parameters in force
 * @returns `draft` and `deliberating`
 */
export function deliberationStates(s: DeliberationSetup, p: DeliberationParameters) {
  const withdraw = s.createStateConfig({
    on: {
      WITHDRAW: {
        guard: 'mayWithdraw',
        target: '#deliberation.withdrawn',
        actions: update(({ draft, event }) => {
          draft.withdrawal = { reason: event.reason }
        }),
      },
    },
  }).on
  return {
    draft: s.createStateConfig({
      meta: {
        label: stateLabels.draft,
        task: { role: 'partyOrganisation', title: title('提出提议', 'Make the proposal') },
      },
      on: {
        PROPOSE: [
          { guard: 'proposedAlone', target: '#deliberation.deliberating.proposed', actions: 'recordProposal' },
          {
            ...meeting('proposal', 'passed'),
            target: '#deliberation.deliberating.consulted',
            actions: [{ type: 'recordMeeting', params: { step: 'proposal' } }, 'recordProposal'],
          },
          { ...meeting('proposal', 'rejected', 'reschedule'), target: 'draft' },
        ],
        ...withdraw,
      },
    }),
    deliberating: s.createStateConfig({
      meta: {
        label: stateLabels.deliberating,
        deadline: { days: p.maxDeliberationDays, name: 'deliberation', warnAt: 0.75 },
      },
      initial: 'proposed',
      on: withdraw,
      states: {
        proposed: {
          meta: {
            label: stateLabels['deliberating.proposed'],
            task: { role: 'partyOrganisation', title: title('召开村“两委”会议商议', 'Hold the two-committee meeting') },
          },
          on: {
            CONSULT: [
              { ...meeting('consultation', 'passed'), target: 'consulted' },
              // The two committees did not agree, or the meeting was not valid: consult again.
              { ...meeting('consultation', 'rejected', 'reschedule'), target: 'proposed' },
            ],
          },
        },
        consulted: {
          meta: {
            label: stateLabels['deliberating.consulted'],
            task: { role: 'partyOrganisation', title: title('召开党员大会审议', "Hold the party members' meeting") },
          },
          on: {
            CONSULT: { ...meeting('reconsultation', 'passed', 'rejected', 'reschedule'), target: 'consulted' },
            REVIEW: [
              { ...meeting('review', 'passed'), target: 'partyReviewed' },
              // A failed vote (back to consultation: reconsultationRequired) or an invalid meeting (held again).
              { ...meeting('review', 'rejected', 'reschedule'), target: 'consulted' },
            ],
          },
        },
        partyReviewed: {
          meta: {
            label: stateLabels['deliberating.partyReviewed'],
            task: {
              role: 'villagersCommittee',
              title: title('召开村民会议或村民代表会议决议', 'Hold the resolution meeting'),
            },
          },
          on: {
            RESOLVE: [
              { ...meeting('resolution', 'passed'), target: '#deliberation.resolved' },
              { ...meeting('resolution', 'rejected'), target: 'consulted' },
              { ...meeting('resolution', 'reschedule'), target: 'partyReviewed' },
            ],
          },
        },
      },
    }),
  }
}
