/**
 * Court mediation (法院调解), the judicial leg of the three-way linkage (docs/domain-rules.md#53-three-way-linkage): before filing
 * the court mediates first unless a party refuses (MS Art. 125), itself or delegated to a people's
 * mediation committee (诉前委派); without agreement the suit is filed within 7 days (MS Art. 126).
 * After filing, mediation is voluntary (MS Arts. 96, 99), by the court or entrusted to a committee
 * (委托调解, 15 days ordinary / 7 simple); a mediation statement takes effect when every party has
 * signed for it (Art. 100); a party backing out before then gets a judgment (Art. 102).
 * Process id `'courtMediation'`.
 *
 * @module
 */
import { mediationPersonal } from './personal.js'
import {
  defineProcess,
  rule,
  systemEvent,
  extendDeadline,
  startProcess,
  update,
  type EventsOf,
  type Json,
} from '@fengqiao/core'
import { setup } from 'xstate'
import { z } from 'zod'
import { COURT_MEDIATION, PEOPLES_MEDIATION } from './ids.js'
import { courtEventLabels as E, courtStateLabels as S } from './labels.js'
import { resolveParameters, type MediationParameterOverrides } from './parameters.js'
import { roles as R } from './roles.js'
import { coversAllParties, isParty } from './rules.js'
import {
  courtInputSchema,
  linkedOutcomeSchema,
  partiesOfDispute,
  peoplesAttempt,
  readLinkedOutput,
  routesAfterFailure,
  type Attempt,
  type MediationOutput,
  type Party,
  type Route,
} from './schemas.js'

const text = z.string().min(1)
const none = z.object({})

/** The event policies of court mediation. The court acts from outside the org-unit tree (scope `'any'`). */
export const courtEvents = {
  START_PREFILING_MEDIATION: { schema: none, roles: [R.court], scope: 'any', label: E.START_PREFILING_MEDIATION },
  DELEGATE: { schema: z.object({ committee: text, orgUnit: text }), roles: [R.court], scope: 'any', label: E.DELEGATE },
  REFUSE_MEDIATION: {
    schema: z.object({ party: text }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.REFUSE_MEDIATION,
  },
  AGREE: { schema: z.object({ terms: text }), roles: [R.court], scope: 'any', label: E.AGREE },
  NO_AGREEMENT: { schema: z.object({ reason: text }), roles: [R.court], scope: 'any', label: E.NO_AGREEMENT },
  EXTEND_MEDIATION: {
    schema: z.object({ days: z.number().int().positive(), consentedBy: z.array(text).min(1) }),
    roles: [R.court],
    scope: 'any',
    label: E.EXTEND_MEDIATION,
  },
  MEDIATION_PERIOD_EXPIRED: systemEvent({ label: E.MEDIATION_PERIOD_EXPIRED }),
  TRANSFER_OUTCOME: systemEvent({ schema: linkedOutcomeSchema, label: E.TRANSFER_OUTCOME }),
  FILE: {
    schema: z.object({ caseNo: text, procedure: z.enum(['ordinary', 'simple']) }),
    roles: [R.court],
    scope: 'any',
    label: E.FILE,
  },
  REJECT_FILING: { schema: z.object({ reason: text }), roles: [R.court], scope: 'any', label: E.REJECT_FILING },
  FILING_OVERDUE: systemEvent({ label: E.FILING_OVERDUE }),
  MEDIATE: { schema: none, roles: [R.court], scope: 'any', label: E.MEDIATE },
  ENTRUST: { schema: z.object({ committee: text, orgUnit: text }), roles: [R.court], scope: 'any', label: E.ENTRUST },
  SIGN_FOR: {
    schema: z.object({ party: text }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.SIGN_FOR,
  },
  BACK_OUT: {
    schema: z.object({ party: text, reason: z.string().optional() }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.BACK_OUT,
  },
  JUDGMENT: { schema: z.object({ result: text }), roles: [R.court], scope: 'any', label: E.JUDGMENT },
} as const

type Args = { context: CourtContext; event: CourtEvent }

/** The events of court mediation, flat. */
export type CourtEvent = EventsOf<typeof courtEvents>

/** The context of a court mediation case. */
export type CourtContext = {
  parties: Party[]
  disputeType: string
  facts: string
  claim: string
  origin: 'direct' | 'peoples' | 'police'
  attempts: Attempt[]
  /** After filing: the procedure (it decides the entrusted mediation period). */
  procedure: 'ordinary' | 'simple' | null
  caseNo: string | null
  terms: string | null
  /** Parties who signed for the mediation statement (MS Art. 100). */
  signedFor: string[]
  settled: boolean
  /** The 7-day filing clock (MS Art. 126) ran out. */
  filingOverdue: boolean
  extensions: Array<{ days: number; consentedBy: string[] }>
  judgment: string | null
  routes: Route[]
  notes: string[]
}

function outputOf(c: CourtContext): MediationOutput & { judgment: string | null } {
  return {
    agreed: c.settled,
    terms: c.terms,
    routes: [...c.routes],
    attempts: c.attempts.map((a) => ({ ...a })),
    judgment: c.judgment,
  }
}

function delegatedInput(c: CourtContext): Json {
  return {
    parties: c.parties.map((x) => ({ id: x.id, name: x.name })),
    disputeType: c.disputeType,
    facts: c.facts,
    request: c.claim,
    origin: 'court',
    attempts: c.attempts.map((a) => ({ ...a })),
  }
}

/**
 * Builds the court mediation process.
 *
 * @param overrides - parameter overrides (`court.*`)
 * @returns the process definition, id `'courtMediation'`
 */
export function courtMediationProcess(overrides: MediationParameterOverrides = {}) {
  const p = resolveParameters(overrides)
  const s = setup({
    types: {
      context: {} as CourtContext,
      events: {} as CourtEvent,
      input: {} as z.output<typeof courtInputSchema>,
      output: {} as MediationOutput & { judgment: string | null },
    },
    guards: {
      /** Court guide [U]: mediation before filing is extended only with every party's consent. */
      allConsent: rule<Args>(
        'allConsent',
        'court guide [U]',
        ({ context, event }) =>
          (event.type === 'EXTEND_MEDIATION' && coversAllParties(event.consentedBy, context.parties)) ||
          'every party consents to the extension',
      ),
      /** MS Art. 125: only a party of the dispute refuses, backs out or signs for the statement. */
      partyActs: rule<Args>(
        'partyActs',
        'MS Art. 125',
        ({ context, event }) =>
          ('party' in event && typeof event.party === 'string' && isParty(context.parties, event.party)) ||
          'the payload names no party to the dispute',
      ),
      /** MS Art. 100: a mediation statement takes effect once every party signed for it. */
      allSignedFor: rule<Args>(
        'allSignedFor',
        'MS Art. 100',
        ({ context }) =>
          context.parties.every((x) => context.signedFor.includes(x.id)) ||
          'not every party has signed for the statement',
      ),
      /** MS Art. 100: each party signs for the statement once. */
      signsForOnce: rule<Args>('signsForOnce', 'MS Art. 100', ({ context, event }) =>
        event.type !== 'SIGN_FOR'
          ? true
          : !isParty(context.parties, event.party)
            ? `"${event.party}" is not a party to the dispute`
            : !context.signedFor.includes(event.party) || `"${event.party}" has already signed for the statement`,
      ),
      /** The linked people's mediation resolved the dispute. */
      resolved: rule<Args>(
        'resolved',
        'MS Art. 125',
        ({ event }) =>
          (event.type === 'TRANSFER_OUTCOME' && event.outcome === 'resolved') ||
          'the linked mediation did not resolve the dispute',
      ),
      /** Court guide [U]: entrusted mediation runs the simple procedure's period for a simple case. */
      simpleProcedure: rule<Args>(
        'simpleProcedure',
        'court guide [U]',
        ({ context }) => context.procedure === 'simple' || 'the case is under the ordinary procedure',
      ),
    },
  })

  // The two entrusted mediations (ordinary and simple procedure) differ only in their period: the
  // people's mediation's result comes back as TRANSFER_OUTCOME, the period may be extended with
  // every party's consent, and an expired period returns the case to filing.
  const entrusted = (name: 'entrustedOrdinary' | 'entrustedSimple', days: number) =>
    s.createStateConfig({
      meta: { label: S[name], deadline: { days, name, onExpire: 'MEDIATION_PERIOD_EXPIRED' } },
      on: {
        TRANSFER_OUTCOME: [
          {
            guard: 'resolved',
            target: 'statement',
            actions: update(({ draft, event }) => {
              draft.attempts.push(peoplesAttempt(event))
              draft.terms = readLinkedOutput(event.output).terms
            }),
          },
          {
            target: 'filed',
            actions: update(({ draft, event }) => {
              draft.attempts.push(peoplesAttempt(event))
            }),
          },
        ],
        MEDIATION_PERIOD_EXPIRED: {
          target: 'filed',
          actions: update(({ draft }) => {
            draft.attempts.push({
              kind: 'court',
              caseId: null,
              result: 'entrustmentExpired',
              outcome: null,
              note: null,
            })
          }),
        },
        EXTEND_MEDIATION: {
          guard: 'allConsent',
          actions: [
            extendDeadline(({ event }) => ({ days: event.days }), name),
            update(({ draft, event }) => {
              draft.extensions.push({ days: event.days, consentedBy: [...event.consentedBy] })
            }),
          ],
        },
      },
    })

  const machine = s.createMachine({
    id: 'courtMediation',
    initial: 'received',
    context: ({ input: i }) => ({
      parties: i.parties,
      disputeType: i.disputeType,
      facts: i.facts,
      claim: i.claim,
      origin: i.origin,
      attempts: i.attempts,
      procedure: null,
      caseNo: null,
      terms: null,
      signedFor: [],
      settled: false,
      filingOverdue: false,
      extensions: [],
      judgment: null,
      routes: [],
      notes: [],
    }),
    output: ({ context }) => outputOf(context),
    states: {
      received: {
        meta: { label: S.received, task: { role: R.court, title: S.received } },
        on: {
          START_PREFILING_MEDIATION: 'preFiling',
          DELEGATE: {
            target: 'delegated',
            actions: [
              update(({ draft, event }) => {
                draft.attempts.push({
                  kind: 'court',
                  caseId: null,
                  result: 'delegated',
                  outcome: null,
                  note: event.committee,
                })
              }),
              startProcess(PEOPLES_MEDIATION, {
                input: ({ context }) => delegatedInput(context),
                orgUnit: ({ event }) => event.orgUnit,
                onDone: 'TRANSFER_OUTCOME',
              }),
            ],
          },
          REFUSE_MEDIATION: {
            guard: 'partyActs',
            target: 'filing',
            actions: update(({ draft, event }) => {
              draft.notes.push(`MS Art. 125: ${event.party} refused pre-filing mediation`)
            }),
          },
        },
      },
      preFiling: {
        meta: {
          label: S.preFiling,
          task: { role: R.court, title: S.preFiling },
          deadline: { days: p.court.mediationPreFilingDays, name: 'preFiling', onExpire: 'MEDIATION_PERIOD_EXPIRED' },
        },
        on: {
          AGREE: {
            target: 'settled',
            actions: update(({ draft, event }) => {
              draft.terms = event.terms
              draft.settled = true
            }),
          },
          NO_AGREEMENT: {
            target: 'filing',
            actions: update(({ draft, event }) => {
              draft.attempts.push({
                kind: 'court',
                caseId: null,
                result: 'preFilingFailed',
                outcome: null,
                note: event.reason,
              })
            }),
          },
          REFUSE_MEDIATION: {
            guard: 'partyActs',
            target: 'filing',
            actions: update(({ draft, event }) => {
              draft.attempts.push({
                kind: 'court',
                caseId: null,
                result: 'preFilingRefused',
                outcome: null,
                note: event.party,
              })
            }),
          },
          MEDIATION_PERIOD_EXPIRED: {
            target: 'filing',
            actions: update(({ draft }) => {
              draft.attempts.push({
                kind: 'court',
                caseId: null,
                result: 'preFilingExpired',
                outcome: null,
                note: null,
              })
            }),
          },
          EXTEND_MEDIATION: {
            guard: 'allConsent',
            actions: [
              extendDeadline(({ event }) => ({ days: event.days }), 'preFiling'),
              update(({ draft, event }) => {
                draft.extensions.push({ days: event.days, consentedBy: [...event.consentedBy] })
              }),
            ],
          },
        },
      },
      delegated: {
        meta: {
          label: S.delegated,
          deadline: {
            days: p.court.mediationPreFilingDays,
            name: 'delegatedPreFiling',
            onExpire: 'MEDIATION_PERIOD_EXPIRED',
          },
        },
        on: {
          TRANSFER_OUTCOME: [
            {
              guard: 'resolved',
              target: 'settled',
              actions: update(({ draft, event }) => {
                draft.attempts.push(peoplesAttempt(event))
                draft.terms = readLinkedOutput(event.output).terms
                draft.settled = true
              }),
            },
            {
              target: 'filing',
              actions: update(({ draft, event }) => {
                draft.attempts.push(peoplesAttempt(event))
              }),
            },
          ],
          MEDIATION_PERIOD_EXPIRED: {
            target: 'filing',
            actions: update(({ draft }) => {
              draft.attempts.push({
                kind: 'court',
                caseId: null,
                result: 'delegationExpired',
                outcome: null,
                note: null,
              })
            }),
          },
          EXTEND_MEDIATION: {
            guard: 'allConsent',
            actions: [
              extendDeadline(({ event }) => ({ days: event.days }), 'delegatedPreFiling'),
              update(({ draft, event }) => {
                draft.extensions.push({ days: event.days, consentedBy: [...event.consentedBy] })
              }),
            ],
          },
        },
      },
      filing: {
        meta: {
          label: S.filing,
          task: { role: R.court, title: S.filing },
          deadline: { days: p.court.filingDays, name: 'filing', onExpire: 'FILING_OVERDUE' },
        },
        on: {
          FILE: {
            target: 'filed',
            actions: update(({ draft, event }) => {
              draft.caseNo = event.caseNo
              draft.procedure = event.procedure
            }),
          },
          REJECT_FILING: {
            target: 'notFiled',
            actions: update(({ draft, event }) => {
              draft.notes.push(event.reason)
              draft.routes = [...routesAfterFailure]
            }),
          },
          FILING_OVERDUE: {
            actions: update(({ draft }) => {
              draft.filingOverdue = true
            }),
          },
        },
      },
      filed: {
        meta: { label: S.filed, task: { role: R.court, title: S.filed } },
        on: {
          MEDIATE: 'judicialMediation',
          ENTRUST: [
            {
              guard: 'simpleProcedure',
              target: 'entrustedSimple',
              actions: [
                update(({ draft, event }) => {
                  draft.attempts.push({
                    kind: 'court',
                    caseId: null,
                    result: 'entrusted',
                    outcome: null,
                    note: event.committee,
                  })
                }),
                startProcess(PEOPLES_MEDIATION, {
                  input: ({ context }) => delegatedInput(context),
                  orgUnit: ({ event }) => event.orgUnit,
                  onDone: 'TRANSFER_OUTCOME',
                }),
              ],
            },
            {
              target: 'entrustedOrdinary',
              actions: [
                update(({ draft, event }) => {
                  draft.attempts.push({
                    kind: 'court',
                    caseId: null,
                    result: 'entrusted',
                    outcome: null,
                    note: event.committee,
                  })
                }),
                startProcess(PEOPLES_MEDIATION, {
                  input: ({ context }) => delegatedInput(context),
                  orgUnit: ({ event }) => event.orgUnit,
                  onDone: 'TRANSFER_OUTCOME',
                }),
              ],
            },
          ],
          JUDGMENT: {
            target: 'judged',
            actions: update(({ draft, event }) => {
              draft.judgment = event.result
            }),
          },
        },
      },
      judicialMediation: {
        meta: { label: S.judicialMediation, task: { role: R.court, title: S.judicialMediation } },
        on: {
          AGREE: {
            target: 'statement',
            actions: update(({ draft, event }) => {
              draft.terms = event.terms
            }),
          },
          NO_AGREEMENT: {
            target: 'filed',
            actions: update(({ draft, event }) => {
              draft.attempts.push({
                kind: 'court',
                caseId: null,
                result: 'judicialMediationFailed',
                outcome: null,
                note: event.reason,
              })
            }),
          },
          REFUSE_MEDIATION: {
            guard: 'partyActs',
            target: 'filed',
            actions: update(({ draft, event }) => {
              draft.attempts.push({
                kind: 'court',
                caseId: null,
                result: 'judicialMediationRefused',
                outcome: null,
                note: event.party,
              })
            }),
          },
        },
      },
      entrustedOrdinary: entrusted('entrustedOrdinary', p.court.mediationOrdinaryDays),
      entrustedSimple: entrusted('entrustedSimple', p.court.mediationSimpleDays),
      statement: {
        meta: { label: S.statement, task: { role: R.court, title: S.statement } },
        always: {
          guard: 'allSignedFor',
          target: 'statementEffective',
          actions: update(({ draft }) => {
            draft.settled = true
          }),
        },
        on: {
          SIGN_FOR: {
            guard: 'signsForOnce',
            actions: update(({ draft, event }) => {
              draft.signedFor.push(event.party)
            }),
          },
          BACK_OUT: {
            guard: 'partyActs',
            target: 'awaitingJudgment',
            actions: update(({ draft, event }) => {
              draft.attempts.push({
                kind: 'court',
                caseId: null,
                result: 'backedOut',
                outcome: null,
                note: event.reason ?? event.party,
              })
              draft.terms = null
            }),
          },
        },
      },
      awaitingJudgment: {
        meta: { label: S.awaitingJudgment, task: { role: R.court, title: S.awaitingJudgment } },
        on: {
          JUDGMENT: {
            target: 'judged',
            actions: update(({ draft, event }) => {
              draft.judgment = event.result
            }),
          },
        },
      },
      settled: { type: 'final', meta: { label: S.settled, outcome: 'resolved' } },
      statementEffective: { type: 'final', meta: { label: S.statementEffective, outcome: 'resolved' } },
      judged: { type: 'final', meta: { label: S.judged, outcome: 'unresolved' } },
      notFiled: { type: 'final', meta: { label: S.notFiled, outcome: 'unresolved' } },
    },
    on: {
      // A delegated or entrusted mediation that reports back after its period ran out is recorded.
      TRANSFER_OUTCOME: {
        actions: update(({ draft, event }) => {
          draft.attempts.push({ ...peoplesAttempt(event), note: 'reported after its period' })
        }),
      },
    },
  })
  return defineProcess({
    id: COURT_MEDIATION,
    version: 1,
    personal: mediationPersonal,
    machine,
    input: courtInputSchema,
    events: courtEvents,
    start: { roles: [R.court] },
    label: { 'zh-CN': '法院调解', en: 'Court mediation' },
  })
}

/** The court mediation process definition type. */
export type CourtMediationProcess = ReturnType<typeof courtMediationProcess>
