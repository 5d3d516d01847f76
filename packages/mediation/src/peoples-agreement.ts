/**
 * After the agreement (RT Arts. 31–33; MS Arts. 205–206; SJ11): the committee supervises
 * performance, and the parties may apply jointly for judicial confirmation within the window; the
 * court accepts, decides (with one extension) and confirms or rejects.
 *
 * @module
 */
import { extendDeadline, update } from '@fengqiao/core'
import { peoplesStateLabels as S } from './labels.js'
import type { MediationParameters } from './parameters.js'
import type { PeoplesSetup } from './peoples-setup.js'
import { roles as R } from './roles.js'

/**
 * The `agreed` state: performance and judicial confirmation.
 *
 * @param s - the people's mediation setup
 * @param p - the parameters in force
 * @returns the state config
 */
export function agreementStates(s: PeoplesSetup, p: MediationParameters) {
  return s.createStateConfig({
    meta: { label: S.agreed, task: { role: R.committee, title: S.agreed } },
    initial: 'supervising',
    states: {
      supervising: {
        meta: {
          label: S.supervising,
          deadline: {
            days: p.rt.confirmationWindowDays,
            name: 'confirmationWindow',
            onExpire: 'CONFIRMATION_WINDOW_CLOSED',
            kind: 'window',
          },
        },
        always: {
          guard: 'jointApplication',
          target: 'confirming',
          actions: update(({ draft }) => {
            draft.confirmation.status = 'accepting'
          }),
        },
        on: {
          APPLY_CONFIRMATION: {
            guard: 'confirmationApplicable',
            actions: update(({ draft, event }) => {
              draft.confirmation.applications.push({ party: event.party, court: event.court, venue: event.venue })
              draft.confirmation.status = 'applying'
            }),
          },
          CONFIRMATION_WINDOW_CLOSED: {
            target: 'unconfirmed',
            actions: update(({ draft }) => {
              draft.confirmation.status = 'windowClosed'
            }),
          },
          PERFORMANCE_DISPUTE: {
            guard: 'partyOfDispute',
            target: '#mediation.litigation',
            actions: update(({ draft, event }) => {
              draft.ending = { by: 'party', party: event.party, reason: event.note }
            }),
          },
        },
      },
      unconfirmed: {
        meta: { label: S.unconfirmed },
        on: {
          PERFORMANCE_DISPUTE: {
            guard: 'partyOfDispute',
            target: '#mediation.litigation',
            actions: update(({ draft, event }) => {
              draft.ending = { by: 'party', party: event.party, reason: event.note }
            }),
          },
        },
      },
      confirming: {
        meta: { label: S.confirming },
        initial: 'awaitingAcceptance',
        states: {
          awaitingAcceptance: {
            meta: {
              label: S.awaitingAcceptance,
              task: { role: R.court, title: S.awaitingAcceptance },
              deadline: { days: p.court.confirmAcceptDays, name: 'confirmAccept', onExpire: 'COURT_ACCEPT_OVERDUE' },
            },
            on: {
              COURT_ACCEPT: {
                guard: 'confirmable',
                target: 'deciding',
                actions: update(({ draft, event }) => {
                  draft.confirmation.caseNo = event.caseNo
                  draft.confirmation.status = 'deciding'
                }),
              },
              COURT_DECLINE: {
                target: '#mediation.agreed.unconfirmed',
                actions: update(({ draft, event }) => {
                  draft.confirmation.status = 'declined'
                  draft.confirmation.reason = event.reason
                }),
              },
              COURT_ACCEPT_OVERDUE: {
                actions: update(({ draft }) => {
                  draft.confirmation.acceptOverdue = true
                }),
              },
            },
          },
          deciding: {
            meta: {
              label: S.deciding,
              task: { role: R.court, title: S.deciding },
              deadline: {
                days: p.court.confirmDecideDays,
                name: 'confirmDecide',
                onExpire: 'COURT_DECIDE_OVERDUE',
                maxExtensions: 1,
                maxExtension: p.court.confirmExtendDays,
              },
            },
            on: {
              COURT_EXTEND: {
                guard: 'extensionWithinBound',
                actions: [
                  extendDeadline(({ event }) => ({ days: event.days }), 'confirmDecide'),
                  update(({ draft, event }) => {
                    draft.confirmation.extendedDays += event.days
                  }),
                ],
              },
              COURT_CONFIRM: {
                target: '#mediation.agreed.confirmed',
                actions: update(({ draft, event }) => {
                  draft.confirmation.status = 'confirmed'
                  draft.confirmation.ruling = event.ruling
                }),
              },
              COURT_REJECT: {
                target: '#mediation.agreed.rejected',
                actions: update(({ draft, event }) => {
                  draft.confirmation.status = 'rejected'
                  draft.confirmation.reason = event.reason
                }),
              },
              COURT_DECIDE_OVERDUE: {
                actions: update(({ draft }) => {
                  draft.confirmation.decideOverdue = true
                }),
              },
            },
          },
        },
      },
      confirmed: {
        meta: { label: S.confirmed },
        on: {
          APPLY_ENFORCEMENT: {
            guard: 'partyOfDispute',
            target: '#mediation.enforcement',
            actions: update(({ draft, event }) => {
              draft.ending = { by: 'party', party: event.party, reason: event.note }
              draft.routes = ['enforcement']
            }),
          },
        },
      },
      rejected: {
        meta: { label: S.rejected },
        on: {
          MEDIATE_ANEW: {
            guard: 'allAgreeToMediateAnew',
            target: '#mediation.open.procedure.handling.mediating',
            actions: update(({ draft }) => {
              draft.attempts.push({
                kind: 'peoples',
                caseId: null,
                result: 'confirmationRejected',
                outcome: null,
                note: draft.confirmation.reason,
              })
              draft.agreement = null
              draft.confirmation = {
                status: 'none',
                applications: [],
                caseNo: null,
                extendedDays: 0,
                acceptOverdue: false,
                decideOverdue: false,
                ruling: null,
                reason: null,
              }
            }),
          },
          SUE: {
            guard: 'partyOfDispute',
            target: '#mediation.litigation',
            actions: update(({ draft, event }) => {
              draft.ending = { by: 'party', party: event.party, reason: 'confirmation rejected (MS Art. 206)' }
            }),
          },
        },
      },
    },
    on: {
      RECORD_PERFORMANCE: {
        actions: update(({ draft, event }) => {
          draft.performance.push({ by: event.by, note: event.note })
        }),
      },
      PERFORMED: {
        target: 'performed',
        actions: update(({ draft, event }) => {
          draft.performance.push({ by: 'committee', note: event.note })
        }),
      },
    },
  })
}
