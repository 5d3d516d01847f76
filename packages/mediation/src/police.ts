/**
 * Police mediation (公安调解), the administrative leg of the three-way linkage (docs/domain-rules.md#53-three-way-linkage), under
 * ZA Art. 9: for minor fights and property damage arising from civil disputes, an agreement means
 * no penalty; no agreement, or an agreement not performed, means a penalty and a notice that the
 * parties may sue on the civil part. Process id `'policeMediation'`.
 *
 * @module
 */
import { mediationPersonal } from './personal.js'
import { defineProcess, rule, systemEvent, startProcess, update, type EventsOf, type Json } from '@fengqiao/core'
import { setup } from 'xstate'
import { z } from 'zod'
import { policeEventLabels as E, policeStateLabels as S } from './labels.js'
import { PEOPLES_MEDIATION, POLICE_MEDIATION } from './ids.js'
import { resolveParameters, type MediationParameterOverrides } from './parameters.js'
import { roles as R } from './roles.js'
import { isParty } from './rules.js'
import {
  linkedOutcomeSchema,
  partiesOfDispute,
  policeInputSchema,
  peoplesAttempt,
  readLinkedOutput,
  type Attempt,
  type MediationOutput,
  type Party,
  type Route,
} from './schemas.js'

const text = z.string().min(1)

/** The event policies of police mediation. The police act from outside the org-unit tree (scope `'any'`). */
export const policeEvents = {
  AGREE: { schema: z.object({ terms: text }), roles: [R.police], scope: 'any', label: E.AGREE },
  NO_AGREEMENT: { schema: z.object({ reason: text }), roles: [R.police], scope: 'any', label: E.NO_AGREEMENT },
  REFUSE_MEDIATION: {
    schema: z.object({ party: text }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.REFUSE_MEDIATION,
  },
  PERFORMED: { schema: z.object({ note: text }), roles: [R.police], scope: 'any', label: E.PERFORMED },
  NON_PERFORMANCE: { schema: z.object({ note: text }), roles: [R.police], scope: 'any', label: E.NON_PERFORMANCE },
  PENALIZE: { schema: z.object({ decision: text }), roles: [R.police], scope: 'any', label: E.PENALIZE },
  REFER_TO_PEOPLES: {
    schema: z.object({ reason: text, orgUnit: text }),
    roles: [R.police],
    scope: 'any',
    label: E.REFER_TO_PEOPLES,
  },
  TRANSFER_OUTCOME: systemEvent({ schema: linkedOutcomeSchema, label: E.TRANSFER_OUTCOME }),
} as const

type Args = { context: PoliceContext; event: PoliceEvent }

/** The events of police mediation, flat. */
export type PoliceEvent = EventsOf<typeof policeEvents>

/** The context of a police mediation case. */
export type PoliceContext = {
  parties: Party[]
  disputeType: string
  facts: string
  origin: 'direct' | 'peoples'
  attempts: Attempt[]
  terms: string | null
  /** Settled without penalty (ZA Art. 9). */
  settled: boolean
  penalty: { grounds: string; decision: string | null } | null
  routes: Route[]
}

function outputOf(c: PoliceContext): MediationOutput & { penalty: boolean } {
  return {
    agreed: c.settled,
    terms: c.terms,
    routes: [...c.routes],
    attempts: c.attempts.map((a) => ({ ...a })),
    penalty: c.penalty?.decision != null,
  }
}

/**
 * Builds the police mediation process.
 *
 * @param overrides - parameter overrides (`police.mediableTypes`)
 * @returns the process definition, id `'policeMediation'`
 */
export function policeMediationProcess(overrides: MediationParameterOverrides = {}) {
  const p = resolveParameters(overrides)
  const input = policeInputSchema(p)
  const machine = setup({
    types: {
      context: {} as PoliceContext,
      events: {} as PoliceEvent,
      input: {} as z.output<typeof input>,
      output: {} as MediationOutput & { penalty: boolean },
    },
    guards: {
      /** ZA Art. 9: a party of the dispute refuses mediation. */
      partyOfDispute: rule<Args>(
        'partyOfDispute',
        'ZA Art. 9',
        ({ context, event }) =>
          (event.type === 'REFUSE_MEDIATION' && isParty(context.parties, event.party)) ||
          'the payload names no party to the dispute',
      ),
      /** The people's mediation the case was referred to resolved the dispute. */
      transferResolved: rule<Args>(
        'transferResolved',
        'ZA Art. 9',
        ({ event }) =>
          (event.type === 'TRANSFER_OUTCOME' && event.outcome === 'resolved') ||
          'the referred mediation did not resolve the dispute',
      ),
    },
    actions: {
      /** ZA Art. 9: after a penalty, tell the parties they may sue on the civil dispute. */
      notifyRightToSue: (_, _params: { parties: Party[]; decision: string }) => {},
    },
  }).createMachine({
    id: 'policeMediation',
    initial: 'mediating',
    context: ({ input: i }) => ({
      parties: i.parties,
      disputeType: i.disputeType,
      facts: i.facts,
      origin: i.origin,
      attempts: i.attempts,
      terms: null,
      settled: false,
      penalty: null,
      routes: [],
    }),
    output: ({ context }) => outputOf(context),
    states: {
      mediating: {
        meta: { label: S.mediating, task: { role: R.police, title: S.mediating } },
        on: {
          AGREE: {
            target: 'performing',
            actions: update(({ draft, event }) => {
              draft.terms = event.terms
            }),
          },
          NO_AGREEMENT: {
            target: 'penalty',
            actions: update(({ draft, event }) => {
              draft.penalty = { grounds: `no agreement: ${event.reason}`, decision: null }
            }),
          },
          REFUSE_MEDIATION: {
            guard: 'partyOfDispute',
            target: 'penalty',
            actions: update(({ draft, event }) => {
              draft.penalty = { grounds: `${event.party} refused mediation`, decision: null }
            }),
          },
          REFER_TO_PEOPLES: {
            target: 'referred',
            actions: [
              update(({ draft, event }) => {
                draft.attempts.push({
                  kind: 'police',
                  caseId: null,
                  result: 'referred',
                  outcome: null,
                  note: event.reason,
                })
              }),
              startProcess(PEOPLES_MEDIATION, {
                input: ({ context }): Json => ({
                  parties: context.parties.map((x) => ({ id: x.id, name: x.name })),
                  disputeType: context.disputeType,
                  facts: context.facts,
                  origin: 'police',
                  attempts: context.attempts.map((a) => ({ ...a })),
                }),
                orgUnit: ({ event }) => event.orgUnit,
                onDone: 'TRANSFER_OUTCOME',
              }),
            ],
          },
        },
      },
      performing: {
        meta: { label: S.performing, task: { role: R.police, title: S.performing } },
        on: {
          PERFORMED: {
            target: 'noPenalty',
            actions: update(({ draft }) => {
              draft.settled = true
            }),
          },
          NON_PERFORMANCE: {
            target: 'penalty',
            actions: update(({ draft, event }) => {
              draft.penalty = { grounds: `agreement not performed: ${event.note}`, decision: null }
            }),
          },
        },
      },
      penalty: {
        meta: { label: S.penalty, task: { role: R.police, title: S.penalty } },
        on: {
          PENALIZE: {
            target: 'penalized',
            actions: [
              update(({ draft, event }) => {
                if (draft.penalty !== null) draft.penalty.decision = event.decision
                draft.routes = ['litigation']
              }),
              {
                type: 'notifyRightToSue',
                params: ({ context, event }) => ({ parties: context.parties, decision: event.decision }),
              },
            ],
          },
        },
      },
      referred: {
        meta: { label: S.referred },
        on: {
          TRANSFER_OUTCOME: [
            {
              guard: 'transferResolved',
              target: 'settledByPeoples',
              actions: update(({ draft, event }) => {
                const out = readLinkedOutput(event.output)
                draft.attempts.push(peoplesAttempt(event))
                draft.settled = true
                draft.terms = out.terms
              }),
            },
            {
              target: 'mediating',
              actions: update(({ draft, event }) => {
                draft.attempts.push(peoplesAttempt(event))
              }),
            },
          ],
        },
      },
      noPenalty: { type: 'final', meta: { label: S.noPenalty, outcome: 'resolved' } },
      settledByPeoples: { type: 'final', meta: { label: S.settledByPeoples, outcome: 'resolved' } },
      penalized: { type: 'final', meta: { label: S.penalized, outcome: 'unresolved' } },
    },
  })
  return defineProcess({
    id: POLICE_MEDIATION,
    version: 1,
    personal: mediationPersonal,
    machine,
    input,
    events: policeEvents,
    start: { roles: [R.police] },
    label: { 'zh-CN': '公安调解', en: 'Police mediation' },
  })
}

/** The police mediation process definition type. */
export type PoliceMediationProcess = ReturnType<typeof policeMediationProcess>
