/**
 * Supervision (督办): a parallel region that watches every statutory clock of the procedure; an
 * overdue step puts the case on the petition bureau's desk until it issues a supervision notice.
 *
 * @module
 */
import type { OverdueStep } from './context.js'
import { meta, title, type PetitionSetup } from './setup.js'

const overdue = (step: OverdueStep) =>
  ({ target: '.supervising', actions: { type: 'markOverdue', params: { step } } }) as const

/**
 * The supervision region.
 *
 * @param s - the petition setup
 * @returns the region's state config
 */
export function supervisionRegion(s: PetitionSetup) {
  return s.createStateConfig({
    meta: meta('supervision'),
    initial: 'watching',
    states: {
      watching: { meta: meta('supervision.watching') },
      supervising: {
        meta: meta('supervision.supervising', { task: { role: 'bureau', title: title('supervision.supervising') } }),
        on: {
          SUPERVISE: {
            target: 'watching',
            actions: [
              'recordSupervision',
              {
                type: 'issueSupervisionNotice',
                params: ({ context }) => ({ step: context.supervision.overdue.at(-1) ?? null }),
              },
            ],
          },
        },
      },
      closed: { type: 'final', meta: meta('supervision.closed') },
    },
    on: {
      ROUTING_OVERDUE: overdue('routing'),
      NOTICE_OVERDUE: overdue('notice'),
      HANDLING_OVERDUE: overdue('handling'),
      REVIEW_OVERDUE: overdue('reviewDecision'),
      REREVIEW_OVERDUE: overdue('rereviewDecision'),
      'xstate.done.state.petition.procedure': '.closed',
    },
  })
}
