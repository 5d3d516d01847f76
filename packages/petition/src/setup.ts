/**
 * The petition machine's vocabulary: its types, the rules it checks (each a named guard citing its
 * article) and the actions it names (context updates and the effects a host serves). The regions
 * of the statechart (`intake.ts`, `routing.ts`, `handling.ts`, `review.ts`, `supervision.ts`)
 * speak only this vocabulary.
 *
 * @module
 */
import {
  rule,
  update,
  type EventsOf,
  type Labels,
  type OrgUnit,
  type ProcessStateMeta,
  type UpdateArgs,
} from '@fengqiao/core'
import { assertEvent, enqueueActions, setup } from 'xstate'
import type { BureauReport, OverdueStep, PetitionContext, PetitionerNotice, PetitionOutput } from './context.js'
import { stateLabels, type PetitionStatePath } from './labels.js'
import { commonSuperior, sendsToAccused } from './rules.js'
import type { Finality, PetitionEventSchemas, PetitionInput } from './schemas.js'

/** An event of the petition machine. */
export type PetitionEvent = EventsOf<PetitionEventSchemas>

type Args = { context: PetitionContext; event: PetitionEvent }

/**
 * The rules the machine checks, each named after the rule and citing its article. Some choose a
 * path (intake, ACCEPT); the others refuse an event, and their reason is what the engine reports.
 */
export const petitionGuards = {
  unidentified: rule<Args>(
    'unidentified',
    'XF Art. 23',
    ({ context }) => !context.identified || 'the petition names the petitioner and an address, so it is not a lead',
  ),
  visitMisdirected: rule<Args>(
    'visitMisdirected',
    'XF Art. 20',
    ({ context }) => context.visitRedirect !== null || 'the visit was received at the competent level or the one above',
  ),
  disputed: rule<Args>(
    'disputed',
    'XF Art. 24',
    ({ context }) =>
      context.objectors.some((o) => o.organ !== context.routing?.organ) ||
      'no other organ has objected to its competence',
  ),
  ordersRehandling: rule<Args>(
    'ordersRehandling',
    'XF Arts. 34, 35',
    ({ event }) =>
      (event.type === 'DECIDE_REVIEW' && event.rehandle) ||
      'the review does not order the organ to handle the matter anew',
  ),
  notAccepted: rule<Args>(
    'notAccepted',
    'XF Arts. 19, 36',
    ({ context }) =>
      context.rejection !== null || 'the petition is not a repeat of a final case nor a duplicate of a lower-level one',
  ),
  atBureau: rule<Args>(
    'atBureau',
    'XF Art. 22',
    ({ context }) =>
      context.petition.receivedBy === 'bureau' ||
      'the petition was received by the competent organ, not the petition bureau',
  ),
  isClaim: rule<Args>(
    'isClaim',
    'XF Arts. 28, 31',
    ({ context }) =>
      context.petition.type === 'claim' || `only a claim goes this way; this petition is a ${context.petition.type}`,
  ),
  isSuggestion: rule<Args>(
    'isSuggestion',
    'XF Art. 29',
    ({ context }) =>
      context.petition.type === 'suggestion' ||
      `only a suggestion is studied; this petition is a ${context.petition.type}`,
  ),
  simpleClaim: rule<Args>(
    'simpleClaim',
    '信访事项简易办理办法(试行)',
    ({ context }) =>
      (context.petition.type === 'claim' && context.petition.simpleProcedure) ||
      'only a claim marked for the simplified procedure is handled simply',
  ),
  routable: rule<Args>(
    'routable',
    'XF Art. 22',
    ({ context }) =>
      context.petition.type !== 'accusation' || 'an accusation goes to discipline inspection, not to a competent organ',
  ),
  referable: rule<Args>('referable', 'XF Arts. 22, 30', ({ context, event }) => {
    if (context.petition.type !== 'accusation') return 'only an accusation is referred to discipline inspection'
    if (event.type === 'REFER_TO_DISCIPLINE' && sendsToAccused(context.petition.accused ?? undefined, event.body))
      return 'accusation materials never go to the person accused or their unit'
    return true
  }),
  reroutable: rule<Args>(
    'reroutable',
    'XF Art. 23',
    ({ context, event }) =>
      !((event.type === 'TRANSFER' || event.type === 'ASSIGN') && event.organ === context.objection?.organ) ||
      'agreeing to an objection means routing elsewhere, not back to the organ that objected',
  ),
  noPendingMediation: rule<Args>(
    'noPendingMediation',
    'XF Art. 33',
    ({ context }) => context.mediation?.status !== 'pending' || 'a mediation of the matter is under way',
  ),
  mediationAgreed: rule<Args>(
    'mediationAgreed',
    'XF Art. 33',
    ({ event }) =>
      (event.type === 'MEDIATION_DONE' && event.outcome === 'resolved') || 'the mediation ended without agreement',
  ),
}

// A context update with its params typed: the one way the petition machine changes its context.
const act = <P = undefined>(recipe: (args: UpdateArgs<PetitionContext, PetitionEvent, P>) => void) =>
  update<PetitionContext, PetitionEvent, P, PetitionEvent, never>(recipe)

/** What the setup needs from the process's options. */
export interface PetitionEnvironment {
  /** The engine's org-unit tree, to find the common superior of disputing organs (XF Art. 24). */
  readonly orgUnits: readonly OrgUnit[]
}

/**
 * The petition machine's setup: types, rules and named actions. Context updates are named
 * actions that say which event they read (`assertEvent`); effects are named actions with params.
 */
export function petitionSetup(env: PetitionEnvironment) {
  return setup({
    types: {
      context: {} as PetitionContext,
      events: {} as PetitionEvent,
      input: {} as PetitionInput,
      output: {} as PetitionOutput,
    },
    guards: petitionGuards,
    actions: {
      // Effects, served by the host after commit.
      notifyPetitioner: (_: unknown, _params: PetitionerNotice) => {},
      reportToBureau: (_: unknown, _params: BureauReport) => {},
      issueSupervisionNotice: (_: unknown, _params: { step: OverdueStep | null }) => {},
      publishRereview: () => {},
      /** XF Art. 22: an assigned case reports its result to the petition bureau. */
      reportIfAssigned: enqueueActions<
        PetitionContext,
        PetitionEvent,
        { result: BureauReport['result'] },
        PetitionEvent,
        never,
        { type: 'reportToBureau'; params: BureauReport },
        never,
        never,
        never
      >(({ context, enqueue }, params) => {
        if (context.routing?.mode === 'assign') {
          enqueue({
            type: 'reportToBureau',
            params: {
              result: params.result,
              organ: context.routing.organ,
              reportDue: context.routing.reportDue,
            } satisfies BureauReport,
          })
        }
      }),
      /** XF Art. 36: a re-review decision is published when the organ says so. */
      publishIfAsked: enqueueActions<
        PetitionContext,
        PetitionEvent,
        undefined,
        PetitionEvent,
        never,
        { type: 'publishRereview'; params: undefined },
        never,
        never,
        never
      >(({ event, enqueue }) => {
        assertEvent(event, 'DECIDE_REREVIEW')
        if (event.publish) enqueue('publishRereview')
      }),
      // Context updates, each reading the one event (or events) it is named for.
      finish: act<{ finality: Finality }>(({ draft, params }) => {
        draft.finality = params.finality
      }),
      recordFollowUp: act<{ processId: string }>(({ draft, params }) => {
        draft.followUp = { processId: params.processId }
      }),
      withdraw: act(({ draft, event }) => {
        assertEvent(event, 'WITHDRAW')
        draft.withdrawal = { reason: event.reason ?? null }
      }),
      /** XF Art. 22: the bureau transfers (转送) or assigns (交办) the case to an organ. */
      route: act(({ draft, event }) => {
        assertEvent(event, ['TRANSFER', 'ASSIGN'])
        draft.routing = {
          mode: event.type === 'ASSIGN' ? 'assign' : 'transfer',
          organ: event.organ,
          organUnit: event.organUnit ?? null,
          reportDue: event.type === 'ASSIGN' ? event.reportDue : null,
          note: event.note ?? null,
        }
      }),
      referToDiscipline: act(({ draft, event }) => {
        assertEvent(event, 'REFER_TO_DISCIPLINE')
        draft.referral = { body: event.body, note: event.note ?? null }
      }),
      fileLead: act(({ draft, event }) => {
        assertEvent(event, 'FILE_LEAD')
        draft.referral = { body: event.forwardedTo ?? null, note: event.note }
      }),
      /** XF Art. 23: the organ objects that the matter is not within its competence. */
      recordObjection: act(({ draft, event }) => {
        assertEvent(event, 'OBJECT')
        draft.objection = { organ: draft.routing?.organ ?? '', reason: event.reason, overruledBecause: null }
        draft.objectors.push({
          organ: draft.routing?.organ ?? '',
          organUnit: draft.routing?.organUnit ?? null,
          reason: event.reason,
          named: event.competentOrgan ?? null,
        })
      }),
      /** XF Art. 24: several organs now dispute competence. */
      openDispute: act(({ draft }) => {
        const organs = draft.objectors.filter((o, i, all) => all.findIndex((x) => x.organ === o.organ) === i)
        draft.dispute = { organs, superiorUnit: null, decidedBy: null, organ: null, organUnit: null, reason: null }
      }),
      overruleObjection: act(({ draft, event }) => {
        assertEvent(event, 'OVERRULE_OBJECTION')
        if (draft.objection !== null) draft.objection.overruledBecause = event.reason
      }),
      /** XF Art. 24: the organs' consultation failed; their common superior decides. */
      referToSuperior: act(({ draft, event }) => {
        assertEvent(event, 'ORGANS_DISAGREE')
        if (draft.dispute === null) return
        const units = draft.dispute.organs.map((o) => o.organUnit)
        draft.dispute.superiorUnit =
          event.superiorUnit ?? (units.every((u) => u !== null) ? commonSuperior(units, env.orgUnits) : null)
      }),
      /** XF Art. 24: the competent organ is settled; the case goes to it. */
      settleDispute: act<{ decidedBy: 'agreement' | 'superior' | 'conference' }>(({ draft, event, params }) => {
        assertEvent(event, ['ORGANS_AGREE', 'SUPERIOR_DECIDES', 'CONFERENCE_DECIDES'])
        const reason = 'reason' in event ? event.reason : (event.note ?? null)
        if (draft.dispute !== null)
          Object.assign(draft.dispute, {
            decidedBy: params.decidedBy,
            organ: event.organ,
            organUnit: event.organUnit ?? null,
            reason,
          })
        draft.routing = {
          mode: draft.routing?.mode ?? 'transfer',
          organ: event.organ,
          organUnit: event.organUnit ?? null,
          reportDue: draft.routing?.reportDue ?? null,
          note: draft.routing?.note ?? null,
        }
      }),
      /** XF Arts. 28, 31: the matter belongs to another statutory channel. */
      divert: act(({ draft, event }) => {
        assertEvent(event, 'DIVERT')
        draft.diversion = { channel: event.channel, organ: event.organ ?? null, reason: event.reason }
      }),
      accept: act(({ draft, event }) => {
        assertEvent(event, 'ACCEPT')
        draft.acceptance = { route: event.route, notice: event.notice ?? null }
      }),
      extend: act(({ draft, event }) => {
        assertEvent(event, 'EXTEND')
        draft.extension = { days: event.days, reason: event.reason }
      }),
      convertToOrdinary: act(({ draft, event }) => {
        assertEvent(event, 'CONVERT_TO_ORDINARY')
        draft.conversion = { reason: event.reason }
      }),
      startMediation: act(({ draft, event }) => {
        assertEvent(event, 'MEDIATE')
        draft.mediation = {
          status: 'pending',
          respondent: event.respondent,
          childId: null,
          outcome: null,
          output: null,
        }
      }),
      endMediation: act<{ status: 'agreed' | 'failed' }>(({ draft, event, params }) => {
        assertEvent(event, 'MEDIATION_DONE')
        draft.mediation = {
          status: params.status,
          respondent: draft.mediation?.respondent ?? '',
          childId: event.childId ?? null,
          outcome: event.outcome ?? null,
          output: event.output ?? null,
        }
      }),
      /** XF Art. 32: the written opinion (意见书). */
      issueOpinion: act(({ draft, event }) => {
        assertEvent(event, 'ISSUE_OPINION')
        draft.opinion = {
          outcome: event.outcome,
          finding: event.finding,
          legalBasis: event.legalBasis ?? null,
          explanation: event.explanation ?? null,
          servedAt: event.servedAt,
        }
      }),
      answerSuggestion: act(({ draft, event }) => {
        assertEvent(event, 'ANSWER_SUGGESTION')
        draft.suggestionReply = { adopted: event.adopted, reply: event.reply, reward: event.reward ?? null }
      }),
      requestReview: act(({ draft, event }) => {
        assertEvent(event, 'REQUEST_REVIEW')
        draft.review = { reasons: event.reasons, orgUnit: event.reviewOrgUnit ?? null, decision: null }
      }),
      /** XF Art. 35: the review decision; one that orders handling anew is also kept in `rehandlings`. */
      decideReview: act<{ rehandle: boolean }>(({ draft, event, params }) => {
        assertEvent(event, 'DECIDE_REVIEW')
        const decision = {
          result: event.result,
          opinion: event.opinion,
          legalBasis: event.legalBasis,
          servedAt: event.servedAt,
          rehandle: params.rehandle,
        }
        if (draft.review !== null) draft.review.decision = decision
        if (params.rehandle) draft.rehandlings.push(decision)
      }),
      requestRereview: act(({ draft, event }) => {
        assertEvent(event, 'REQUEST_REREVIEW')
        draft.rereview = { reasons: event.reasons, orgUnit: event.rereviewOrgUnit ?? null, hearings: 0, decision: null }
      }),
      startHearing: act(({ draft }) => {
        if (draft.rereview !== null) draft.rereview.hearings++
      }),
      decideRereview: act(({ draft, event }) => {
        assertEvent(event, 'DECIDE_REREVIEW')
        if (draft.rereview !== null)
          draft.rereview.decision = {
            result: event.result,
            opinion: event.opinion,
            legalBasis: event.legalBasis,
            servedAt: event.servedAt,
            rehandle: false,
            publish: event.publish,
          }
      }),
      /** The supervision region records which step ran out of time. */
      markOverdue: act<{ step: OverdueStep }>(({ draft, params }) => {
        draft.supervision.overdue.push(params.step)
      }),
      recordSupervision: act(({ draft, event }) => {
        assertEvent(event, 'SUPERVISE')
        draft.supervision.notices.push({
          step: draft.supervision.overdue.at(-1) ?? null,
          instructions: event.instructions,
          reportDue: event.reportDue ?? null,
        })
      }),
    },
  })
}

/** The petition setup's type, which the regions build their states with (`createStateConfig`). */
export type PetitionSetup = ReturnType<typeof petitionSetup>

/** A state path's label. */
export const title = (path: PetitionStatePath): Labels => stateLabels[path]
/** A state's meta with its label. */
export const meta = (path: PetitionStatePath, m: ProcessStateMeta = {}): ProcessStateMeta & { label: Labels } => ({
  label: stateLabels[path],
  ...m,
})

/** Tasks of the organ go to the unit the case was routed to. */
export const organUnitOf = ({ context, orgUnit }: { context: unknown; orgUnit: string | null }): string | null =>
  (context as PetitionContext).routing?.organUnit ?? orgUnit
/** The reviewing organ's unit, as the petitioner named it. */
export const reviewUnitOf = ({ context, orgUnit }: { context: unknown; orgUnit: string | null }): string | null =>
  (context as PetitionContext).review?.orgUnit ?? orgUnit
/** The disputing organs' common superior. */
export const superiorUnitOf = ({ context, orgUnit }: { context: unknown; orgUnit: string | null }): string | null =>
  (context as PetitionContext).dispute?.superiorUnit ?? orgUnit
/** The re-reviewing organ's unit. */
export const rereviewUnitOf = ({ context, orgUnit }: { context: unknown; orgUnit: string | null }): string | null =>
  (context as PetitionContext).rereview?.orgUnit ?? orgUnit

/** A written notice to the petitioner (the `notifyPetitioner` effect). */
export const notify = (notice: PetitionerNotice['notice'], article: string) => ({
  type: 'notifyPetitioner' as const,
  params: { notice, article } satisfies PetitionerNotice,
})
