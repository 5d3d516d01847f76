/**
 * Review (复查) and re-review (复核): the reviewing organ's decision (XF Art. 35), handling anew
 * when it orders so, the re-review window and the re-review with its hearings (XF Art. 36).
 *
 * @module
 */
import { pauseDeadline, resumeDeadline } from '@fengqiao/core'
import type { PetitionParameters } from './parameters.js'
import { meta, notify, organUnitOf, rereviewUnitOf, reviewUnitOf, title, type PetitionSetup } from './setup.js'
import { finishWithFollowUp, issueOpinion, type PetitionLinks } from './transitions.js'

/**
 * The review states of the procedure region.
 *
 * @param s - the petition setup
 * @param p - the parameters in force
 * @param links - the follow-up process
 * @returns `reviewRequested`, `rehandling`, `reviewDecided` and `rereviewRequested`
 */
export function reviewStates(s: PetitionSetup, p: Readonly<PetitionParameters>, links: PetitionLinks) {
  return {
    reviewRequested: s.createStateConfig({
      meta: meta('procedure.reviewRequested', {
        task: { role: 'reviewOrgan', title: title('procedure.reviewRequested'), orgUnit: reviewUnitOf },
        deadline: { days: p.reviewDecisionDays, name: 'reviewDecision', onExpire: 'REVIEW_OVERDUE' },
      }),
      on: {
        DECIDE_REVIEW: [
          {
            guard: 'ordersRehandling',
            target: 'rehandling',
            actions: [{ type: 'decideReview', params: { rehandle: true } }, notify('reviewDecision', 'XF Art. 35')],
          },
          {
            target: 'reviewDecided',
            actions: [{ type: 'decideReview', params: { rehandle: false } }, notify('reviewDecision', 'XF Art. 35')],
          },
        ],
      },
    }),
    rehandling: s.createStateConfig({
      meta: meta('procedure.rehandling', {
        task: { role: 'organ', title: title('procedure.rehandling'), orgUnit: organUnitOf },
        deadline: {
          days: p.rehandleDays,
          from: 'review.decision.servedAt',
          name: 'rehandling',
          onExpire: 'HANDLING_OVERDUE',
        },
      }),
      on: { ISSUE_OPINION: issueOpinion },
    }),
    reviewDecided: s.createStateConfig({
      meta: meta('procedure.reviewDecided', {
        deadline: {
          days: p.rereviewRequestDays,
          from: 'review.decision.servedAt',
          name: 'rereviewWindow',
          onExpire: 'REREVIEW_WINDOW_CLOSED',
          kind: 'window',
        },
      }),
      on: {
        REQUEST_REREVIEW: { target: 'rereviewRequested', actions: 'requestRereview' },
        REREVIEW_WINDOW_CLOSED: { target: 'final', actions: finishWithFollowUp(links, 'reviewFinal') },
      },
    }),
    rereviewRequested: s.createStateConfig({
      meta: meta('procedure.rereviewRequested', {
        task: { role: 'rereviewOrgan', title: title('procedure.rereviewRequested'), orgUnit: rereviewUnitOf },
        deadline: { days: p.rereviewDecisionDays, name: 'rereviewDecision', onExpire: 'REREVIEW_OVERDUE' },
      }),
      initial: 'deciding',
      states: {
        deciding: {
          meta: meta('procedure.rereviewRequested.deciding'),
          on: {
            START_HEARING: { target: 'hearing', actions: 'startHearing' },
            DECIDE_REREVIEW: {
              target: '#petition.procedure.final',
              actions: [
                'decideRereview',
                ...finishWithFollowUp(links, 'rereviewDecided'),
                notify('rereviewDecision', 'XF Art. 36'),
                'publishIfAsked',
              ],
            },
          },
        },
        hearing: {
          meta: meta('procedure.rereviewRequested.hearing'),
          entry: pauseDeadline('rereviewDecision'),
          exit: resumeDeadline('rereviewDecision'),
          on: { END_HEARING: 'deciding' },
        },
      },
    }),
  }
}
