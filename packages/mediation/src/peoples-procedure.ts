/**
 * The procedure of people's mediation (RT Arts. 17–30): consent and acceptance, assigning or
 * choosing mediators and their recusal, five-heart mediation, the written or oral agreement and its
 * signing, and transfers to police or court mediation (三调联动).
 *
 * @module
 */
import { startProcess, update, type Json } from '@fengqiao/core'
import { COURT_MEDIATION, POLICE_MEDIATION } from './ids.js'
import { peoplesStateLabels as S } from './labels.js'
import type { MediationParameters } from './parameters.js'
import { childInput, sessionMode, type PeoplesContext } from './peoples-context.js'
import type { PeoplesSetup } from './peoples-setup.js'
import { roles as R } from './roles.js'

/**
 * The procedure region.
 *
 * @param s - the people's mediation setup
 * @param p - the parameters in force
 * @returns the region's state config
 */
export function procedureRegion(s: PeoplesSetup, p: MediationParameters) {
  // RT Art. 17: while the committee decides whether to take the case, parties consent or refuse
  // (the same whether a party applied or the committee took the matter up).
  const deciding = s.createStateConfig({
    on: {
      CONSENT: {
        guard: 'consentOfParty',
        actions: update(({ draft, event }) => {
          draft.consents.push(event.party)
        }),
      },
      ACCEPT: { guard: 'allConsented', target: 'handling' },
      DECLINE: {
        target: '#mediation.declined',
        actions: update(({ draft, event }) => {
          draft.ending = { by: 'committee', party: null, reason: event.reason }
        }),
      },
      REFUSE: {
        guard: 'partyOfDispute',
        target: '#mediation.refused',
        actions: update(({ draft, event }) => {
          draft.ending = { by: 'party', party: event.party, reason: event.reason ?? null }
        }),
      },
    },
  })
  return s.createStateConfig({
    meta: { label: S.procedure },
    initial: 'entry',
    states: {
      entry: {
        meta: { label: S.entry },
        always: [{ guard: 'appliedByParty', target: 'applied' }, { target: 'initiated' }],
      },
      applied: { meta: { label: S.applied, task: { role: R.committee, title: S.applied } }, on: deciding.on },
      initiated: { meta: { label: S.initiated, task: { role: R.committee, title: S.initiated } }, on: deciding.on },
      handling: {
        meta: {
          label: S.handling,
          task: {
            role: R.mediator,
            title: S.handling,
            assignee: ({ context }: { context: PeoplesContext }) => context.mediators[0]?.id ?? null,
          },
          deadline: {
            days: p.rt.mediationTargetDays,
            name: 'mediationTarget',
            warnAt: p.rt.mediationTargetWarnAt,
            onExpire: 'MEDIATION_OVERDUE',
          },
        },
        initial: 'assigning',
        states: {
          assigning: {
            meta: { label: S.assigning, task: { role: R.committee, title: S.assigning } },
            always: {
              guard: 'chosenByAll',
              target: 'mediating',
              actions: update(({ draft }) => {
                const m = draft.choices[0]?.mediator
                if (m !== undefined) draft.mediators = [{ id: m.id, name: m.name, by: 'parties' }]
              }),
            },
            on: {
              ASSIGN_MEDIATOR: {
                guard: 'mediatorsNotRecused',
                target: 'mediating',
                actions: update(({ draft, event }) => {
                  draft.mediators = event.mediators.map((m) => ({ id: m.id, name: m.name, by: 'committee' as const }))
                }),
              },
              CHOOSE_MEDIATOR: {
                guard: 'partyChoosesMediator',
                actions: update(({ draft, event }) => {
                  draft.choices = draft.choices.filter((c) => c.party !== event.party)
                  draft.choices.push({
                    party: event.party,
                    mediator: { id: event.mediator.id, name: event.mediator.name },
                  })
                }),
              },
            },
          },
          mediating: {
            meta: { label: S.mediating },
            on: {
              // The committee may re-assign, e.g. when the case has moved up the ladder.
              ASSIGN_MEDIATOR: {
                guard: 'mediatorsNotRecused',
                actions: update(({ draft, event }) => {
                  draft.mediators = event.mediators.map((m) => ({ id: m.id, name: m.name, by: 'committee' as const }))
                }),
              },
              HEART_STEP: {
                guard: 'heartStepInOrder',
                actions: update(({ draft, event }) => {
                  draft.checklist.push({ step: event.step, by: event.by, at: event.at, notes: event.notes })
                }),
              },
              ADD_HELPER: {
                guard: 'helperConsentedByAll',
                actions: update(({ draft, event }) => {
                  draft.helpers.push({
                    name: event.helper.name,
                    relation: event.helper.relation,
                    consentedBy: [...event.consentedBy],
                  })
                }),
              },
              REQUEST_RECUSAL: [
                {
                  guard: 'recusesOnlyMediator',
                  target: 'assigning',
                  actions: update(({ draft, event }) => {
                    draft.recusals.push({ mediatorId: event.mediatorId, by: 'party', reason: event.reason })
                    draft.mediators = []
                    draft.choices = []
                  }),
                },
                {
                  guard: 'recusesMediatorOnCase',
                  actions: update(({ draft, event }) => {
                    draft.recusals.push({ mediatorId: event.mediatorId, by: 'party', reason: event.reason })
                    draft.mediators = draft.mediators.filter((m) => m.id !== event.mediatorId)
                  }),
                },
              ],
              REMOVE_MEDIATOR: [
                {
                  guard: 'removesOnlyMediator',
                  target: 'assigning',
                  actions: update(({ draft, event }) => {
                    draft.recusals.push({ mediatorId: event.mediatorId, by: 'committee', reason: event.ground })
                    draft.mediators = []
                    draft.choices = []
                  }),
                },
                {
                  guard: 'removesMediatorOnCase',
                  actions: update(({ draft, event }) => {
                    draft.recusals.push({ mediatorId: event.mediatorId, by: 'committee', reason: event.ground })
                    draft.mediators = draft.mediators.filter((m) => m.id !== event.mediatorId)
                  }),
                },
              ],
              DRAFT_AGREEMENT: {
                guard: 'agreementDraftable',
                target: 'signing',
                actions: update(({ draft, event }) => {
                  draft.agreement = {
                    form: 'written',
                    terms: event.contents.terms,
                    contents: event.contents,
                    record: null,
                    agreedBy: [],
                    signatures: [],
                    mediatorSignature: null,
                    committeeSeal: false,
                    effective: false,
                  }
                }),
              },
              RECORD_ORAL_AGREEMENT: {
                // XF Art. 33: a dispute handed over from a petition is settled by a written agreement.
                guard: 'oralAgreementAllowed',
                target: '#mediation.agreed',
                actions: update(({ draft, event }) => {
                  draft.agreement = {
                    form: 'oral',
                    terms: event.terms,
                    contents: null,
                    record: event.record,
                    agreedBy: [...event.agreedBy],
                    signatures: [],
                    mediatorSignature: null,
                    committeeSeal: false,
                    effective: true,
                  }
                }),
              },
            },
          },
          signing: {
            meta: { label: S.signing },
            always: {
              guard: 'fullySigned',
              target: '#mediation.agreed',
              actions: update(({ draft }) => {
                if (draft.agreement !== null) draft.agreement.effective = true
              }),
            },
            on: {
              SIGN_AGREEMENT: {
                guard: 'partySignsOnce',
                actions: update(({ draft, event }) => {
                  draft.agreement?.signatures.push({ party: event.party, mark: event.mark })
                }),
              },
              MEDIATOR_SIGN: {
                guard: 'mediatorSignsOnce',
                actions: update(({ draft, event }) => {
                  if (draft.agreement !== null) draft.agreement.mediatorSignature = event.mediatorId
                }),
              },
              COMMITTEE_SEAL: {
                guard: 'sealsOnce',
                actions: update(({ draft }) => {
                  if (draft.agreement !== null) draft.agreement.committeeSeal = true
                }),
              },
              REVISE_AGREEMENT: {
                target: 'mediating',
                actions: update(({ draft }) => {
                  draft.agreement = null
                }),
              },
            },
          },
        },
        on: {
          SET_SESSION: {
            guard: 'partyOfDispute',
            actions: update(({ draft, event }) => {
              draft.session.requests = draft.session.requests.filter((r) => r.party !== event.party)
              draft.session.requests.push({ party: event.party, mode: event.mode })
              draft.session.mode = sessionMode(draft.session.requests)
            }),
          },
          MEDIATION_OVERDUE: {
            actions: update(({ draft }) => {
              draft.targetOverdue = true
            }),
          },
          REFUSE: {
            guard: 'partyOfDispute',
            target: '#mediation.terminated',
            actions: update(({ draft, event }) => {
              draft.ending = { by: 'party', party: event.party, reason: event.reason ?? null }
            }),
          },
          END_MEDIATION: {
            target: '#mediation.terminated',
            actions: update(({ draft, event }) => {
              draft.ending = { by: 'mediator', party: null, reason: event.reason }
            }),
          },
          TRANSFER: [
            {
              guard: 'transferToPolice',
              target: '#mediation.transferred',
              actions: [
                update(({ draft, event }) => {
                  draft.attempts.push({
                    kind: 'peoples',
                    caseId: null,
                    result: 'transferred',
                    outcome: null,
                    note: event.reason,
                  })
                  draft.transfer = {
                    to: 'police',
                    reason: event.reason,
                    childId: null,
                    state: null,
                    outcome: null,
                    agreed: false,
                    terms: null,
                  }
                }),
                startProcess(POLICE_MEDIATION, {
                  input: ({ context }) => childInput(context),
                  onDone: 'TRANSFER_OUTCOME',
                }),
              ],
            },
            {
              guard: 'transferToCourt',
              target: '#mediation.transferred',
              actions: [
                update(({ draft, event }) => {
                  draft.attempts.push({
                    kind: 'peoples',
                    caseId: null,
                    result: 'transferred',
                    outcome: null,
                    note: event.reason,
                  })
                  draft.transfer = {
                    to: 'court',
                    reason: event.reason,
                    childId: null,
                    state: null,
                    outcome: null,
                    agreed: false,
                    terms: null,
                  }
                }),
                startProcess(COURT_MEDIATION, {
                  input: ({ context }) => ({
                    ...(childInput(context) as Record<string, Json>),
                    claim: context.request,
                  }),
                  onDone: 'TRANSFER_OUTCOME',
                }),
              ],
            },
          ],
        },
      },
    },
    on: {
      FLAG_CRIMINAL_RISK: {
        actions: [
          update(({ draft, event }) => {
            draft.criminalRisk.push({ by: event.by, note: event.note })
          }),
          {
            type: 'reportToPolice',
            params: ({ context, event }) => ({
              parties: context.parties,
              disputeType: context.disputeType,
              facts: context.facts,
              by: event.by,
              note: event.note,
            }),
          },
        ],
      },
    },
  })
}
