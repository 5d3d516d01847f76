/**
 * Transitions several states of the petition share, written once: routing to an organ, referral to
 * discipline inspection, diversion, acceptance, the opinion and the follow-up case.
 *
 * @module
 */
import { startProcess, type Json } from '@fengqiao/core'
import { followUpInput, type BureauReport, type PetitionContext } from './context.js'
import { BARRED_FINALITIES } from './rules.js'
import type { Finality } from './schemas.js'
import { notify, type PetitionEvent } from './setup.js'

const report = (result: BureauReport['result']) => ({ type: 'reportIfAssigned', params: { result } }) as const
const finish = (finality: Finality) => ({ type: 'finish', params: { finality } }) as const

/**
 * XF Art. 22: TRANSFER (转送) and ASSIGN (交办) to an organ, under the rule that allows routing
 * from this state.
 */
export const routeTo = (guard: 'routable' | 'reroutable') =>
  ({
    TRANSFER: { guard, target: 'transferred', actions: 'route' },
    ASSIGN: { guard, target: 'transferred', actions: 'route' },
  }) as const

/** XF Arts. 22, 30: an accusation (or a lead) goes to discipline inspection, never to the accused. */
export const referToDiscipline = (finality: 'accusationTransferred' | 'leadReferred', article?: string) =>
  ({
    guard: 'referable',
    target: 'final',
    actions: ['referToDiscipline', finish(finality), ...(article === undefined ? [] : [notify('referred', article)])],
  }) as const

/** XF Arts. 28, 31: the matter goes to its statutory channel; before acceptance only a claim can. */
export const divert = (claimsOnly: boolean) => {
  const t = {
    target: '#petition.procedure.diverted',
    actions: ['divert', notify('diverted', 'XF Arts. 28, 31'), report('diverted')],
  } as const
  return claimsOnly ? ({ guard: 'isClaim', ...t } as const) : t
}

const accepted = ['accept', notify('accepted', 'XF Art. 23')] as const

/** XF Art. 23: the organ accepts and notifies; the petition's type chooses the track. */
export const accept = [
  { guard: 'simpleClaim', target: '#petition.procedure.handlingSimple', actions: accepted },
  { guard: 'isClaim', target: '#petition.procedure.handling', actions: accepted },
  { guard: 'isSuggestion', target: '#petition.procedure.studying', actions: accepted },
] as const

/** XF Art. 32: the written opinion, served on the petitioner and reported when assigned. */
export const issueOpinion = {
  target: 'opinionIssued',
  actions: ['issueOpinion', notify('opinion', 'XF Art. 32'), report('opinion')],
} as const

/** A finality reached, with what it reports to the bureau. */
export const concluded = (finality: Finality, result?: BureauReport['result']) =>
  [finish(finality), ...(result === undefined ? [] : [report(result)])] as const

/** Where the follow-up case goes (XF Art. 37), or null for none. */
export interface PetitionLinks {
  readonly followUpId: string | null
  readonly mediationId: string
  readonly mediationInput: (args: { context: PetitionContext; respondent: string; note: string | null }) => Json
}

/**
 * XF Art. 37: a claim that becomes FINAL on the opinion track opens the follow-up counselling case
 * (without holding finality back); other finalities open none.
 */
export const finishWithFollowUp = (links: PetitionLinks, finality: Finality) => [
  finish(finality),
  ...(links.followUpId === null || !BARRED_FINALITIES.includes(finality)
    ? []
    : [
        startProcess<PetitionContext, PetitionEvent, undefined, PetitionEvent, never>(links.followUpId, {
          input: ({ context }) => followUpInput(context, finality),
        }),
        { type: 'recordFollowUp', params: { processId: links.followUpId } } as const,
      ]),
]
