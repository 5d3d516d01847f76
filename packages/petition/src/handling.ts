/**
 * Handling (办理): the ordinary track with its one extension (XF Art. 34), mediation as a linked
 * case (XF Art. 33), the simplified procedure, the study of a suggestion (XF Art. 29), and the
 * opinion's review window (XF Art. 35).
 *
 * @module
 */
import { extendDeadline, startProcess } from '@fengqiao/core'
import type { PetitionParameters } from './parameters.js'
import { meta, notify, organUnitOf, title, type PetitionSetup } from './setup.js'
import { concluded, divert, finishWithFollowUp, issueOpinion, type PetitionLinks } from './transitions.js'

/**
 * The handling states of the procedure region.
 *
 * @param s - the petition setup
 * @param p - the parameters in force
 * @param links - the follow-up and mediation processes
 * @returns `handling`, `handlingSimple`, `studying` and `opinionIssued`
 */
export function handlingStates(s: PetitionSetup, p: Readonly<PetitionParameters>, links: PetitionLinks) {
  return {
    handling: s.createStateConfig({
      meta: meta('procedure.handling', {
        task: { role: 'organ', title: title('procedure.handling'), orgUnit: organUnitOf },
        deadline: {
          days: p.handleDays,
          name: 'handling',
          onExpire: 'HANDLING_OVERDUE',
          maxExtensions: 1,
          maxExtension: p.maxExtensionDays,
        },
      }),
      initial: 'accepted',
      states: {
        accepted: {
          meta: meta('procedure.handling.accepted'),
          on: {
            EXTEND: {
              target: 'extended',
              actions: [
                extendDeadline(({ event }) => ({ days: event.days }), 'handling'),
                'extend',
                notify('extended', 'XF Art. 34'),
              ],
            },
          },
        },
        extended: { meta: meta('procedure.handling.extended') },
      },
      on: {
        ISSUE_OPINION: { guard: 'noPendingMediation', ...issueOpinion },
        MEDIATE: {
          guard: 'noPendingMediation',
          actions: [
            startProcess(links.mediationId, {
              input: ({ context, event }) =>
                links.mediationInput({ context, respondent: event.respondent, note: event.note ?? null }),
              onDone: 'MEDIATION_DONE',
            }),
            'startMediation',
          ],
        },
        MEDIATION_DONE: [
          {
            guard: 'mediationAgreed',
            target: 'final',
            actions: [
              { type: 'endMediation', params: { status: 'agreed' } },
              ...concluded('mediationAgreement', 'mediationAgreement'),
            ],
          },
          { actions: { type: 'endMediation', params: { status: 'failed' } } },
        ],
        DIVERT: divert(false),
      },
    }),
    handlingSimple: s.createStateConfig({
      meta: meta('procedure.handlingSimple', {
        task: { role: 'organ', title: title('procedure.handlingSimple'), orgUnit: organUnitOf },
        deadline: {
          workingDays: p.simpleProcedureWorkingDays,
          name: 'simpleHandling',
          onExpire: 'HANDLING_OVERDUE',
          maxExtensions: 0,
        },
      }),
      on: {
        ISSUE_OPINION: issueOpinion,
        CONVERT_TO_ORDINARY: { target: 'handling', actions: 'convertToOrdinary' },
        DIVERT: divert(false),
      },
    }),
    studying: s.createStateConfig({
      meta: meta('procedure.studying', {
        task: { role: 'organ', title: title('procedure.studying'), orgUnit: organUnitOf },
      }),
      on: {
        ANSWER_SUGGESTION: {
          target: 'final',
          actions: [
            'answerSuggestion',
            { type: 'finish', params: { finality: 'suggestionAnswered' } },
            notify('suggestionReply', 'XF Art. 29'),
            { type: 'reportIfAssigned', params: { result: 'suggestionAnswered' } },
          ],
        },
      },
    }),
    opinionIssued: s.createStateConfig({
      meta: meta('procedure.opinionIssued', {
        deadline: {
          days: p.reviewRequestDays,
          from: 'opinion.servedAt',
          name: 'reviewWindow',
          onExpire: 'REVIEW_WINDOW_CLOSED',
          kind: 'window',
        },
      }),
      on: {
        REQUEST_REVIEW: { target: 'reviewRequested', actions: 'requestReview' },
        REVIEW_WINDOW_CLOSED: { target: 'final', actions: finishWithFollowUp(links, 'opinionFinal') },
      },
    }),
  }
}
