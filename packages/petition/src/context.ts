/**
 * What a petition case holds: its context (plain JSON, changed only by the machine), how it
 * starts, what it outputs, and the notices it asks the host to serve.
 *
 * @module
 */
import type { Json } from '@fengqiao/core'
import { checkUpwardDuplicate, checkVisitLevel, isIdentified, isRepeatOfFinal } from './rules.js'
import type {
  Accused,
  AdminLevel,
  Channel,
  DiversionChannel,
  Finality,
  OpinionOutcome,
  Petitioner,
  PetitionInput,
  PetitionType,
  ReceivedBy,
  ReviewResult,
} from './schemas.js'

/** The process id of the follow-up counselling case (XF Art. 37). */
export const PETITION_FOLLOWUP_PROCESS_ID = 'petition-followup'

/** The start input of the follow-up case: who, which matter, how it became final. */
export function followUpInput(context: PetitionContext, finality: Finality): Json {
  return {
    petitioner: context.petition.petitioner?.name ?? null,
    matterKey: context.petition.matterKey,
    request: context.petition.request,
    finality,
    organ: context.routing?.organ ?? null,
    organUnit: context.routing?.organUnit ?? null,
  }
}

/** The process id petitions are registered under. */
export const PETITION_PROCESS_ID = 'petition'
/** The version of the petition machine. Renaming states or changing payloads bumps it. */
export const PETITION_PROCESS_VERSION = 2

/** The registered petition, as kept in the case's context. */
export interface PetitionRecord {
  type: PetitionType
  channel: Channel
  receivedBy: ReceivedBy
  receivedAt: string
  petitioner: Petitioner | null
  anonymous: boolean
  request: string
  facts: string
  reasons: string
  attachments: string[]
  visitors: number | null
  representatives: string[]
  accused: Accused | null
  matterKey: string | null
  fileNo: string | null
  simpleProcedure: boolean
}

/** A decision of the reviewing or re-reviewing organ. */
export interface ReviewDecision {
  result: ReviewResult
  opinion: string
  legalBasis: string
  servedAt: string
  /** The review revoked or varied the opinion and ordered the organ to handle the matter anew. */
  rehandle: boolean
}

/** An organ that objected that the matter is not within its competence (XF Art. 23). */
export interface Objector {
  organ: string
  organUnit: string | null
  reason: string
  /** The organ it named as competent, if any. */
  named: string | null
}

/** A competence dispute between several organs (XF Art. 24). */
export interface CompetenceDispute {
  organs: Objector[]
  /** The org unit of the organs' common superior (nearest common ancestor), when known. */
  superiorUnit: string | null
  /** Who settled it: the organs by agreement, their common superior, or the joint conference. */
  decidedBy: 'agreement' | 'superior' | 'conference' | null
  /** The organ found competent. */
  organ: string | null
  organUnit: string | null
  reason: string | null
}

/** A step whose statutory clock ran out, as the supervision region records it. */
export type OverdueStep = 'routing' | 'notice' | 'handling' | 'reviewDecision' | 'rereviewDecision'

/** The context of a petition case: plain JSON, changed only by the machine. */
export interface PetitionContext {
  petition: PetitionRecord
  /** Name and address known and not anonymous (XF Art. 23); otherwise the petition is a lead. */
  identified: boolean
  /** Why the petition was not accepted (XF Arts. 19, 36). */
  rejection: { article: string; reason: string; caseId: string } | null
  /** How the petition bureau routed it (XF Art. 22). */
  routing: {
    mode: 'transfer' | 'assign'
    organ: string
    organUnit: string | null
    reportDue: string | null
    note: string | null
  } | null
  /** The organ's objection (XF Art. 23) and, if overruled, why. */
  objection: { organ: string; reason: string; overruledBecause: string | null } | null
  /** Every organ that objected, in order (XF Arts. 23, 24). */
  objectors: Objector[]
  /** Several organs disputing competence (XF Art. 24). */
  dispute: CompetenceDispute | null
  /** A visit received at the wrong level (XF Art. 20): the visitor is told where to go. */
  visitRedirect: { article: string; reason: string; goTo: AdminLevel[] } | null
  /** Review decisions that ordered the organ to handle the matter anew (XF Arts. 34, 35). */
  rehandlings: ReviewDecision[]
  /** The follow-up case opened at finality (XF Art. 37). */
  followUp: { processId: string } | null
  acceptance: { route: 'performDuty' | 'investigate'; notice: string | null } | null
  /** The one extension (XF Art. 34). */
  extension: { days: number; reason: string } | null
  conversion: { reason: string } | null
  /** Mediation as a linked case (XF Art. 33). */
  mediation: {
    status: 'pending' | 'agreed' | 'failed'
    respondent: string
    childId: string | null
    outcome: string | null
    /** The mediation case's output (JSON). */ output: unknown
  } | null
  /** The opinion (意见书, XF Art. 32); `servedAt` starts the review window. */
  opinion: {
    outcome: OpinionOutcome
    finding: string
    legalBasis: string | null
    explanation: string | null
    servedAt: string
  } | null
  suggestionReply: { adopted: boolean; reply: string; reward: string | null } | null
  review: { reasons: string; orgUnit: string | null; decision: ReviewDecision | null } | null
  rereview: {
    reasons: string
    orgUnit: string | null
    hearings: number
    decision: (ReviewDecision & { publish: boolean }) | null
  } | null
  diversion: { channel: DiversionChannel; organ: string | null; reason: string } | null
  /** Where an accusation or lead went (discipline inspection, or filed for reference). */
  referral: { body: string | null; note: string | null } | null
  withdrawal: { reason: string | null } | null
  supervision: {
    overdue: OverdueStep[]
    notices: Array<{ step: OverdueStep | null; instructions: string; reportDue: string | null }>
  }
  finality: Finality | null
}

/** What the machine outputs when the case ends (a parent process receives it). */
export interface PetitionOutput {
  readonly finality: Finality | null
  readonly diversion: DiversionChannel | null
  readonly opinion: OpinionOutcome | null
  readonly rejection: string | null
  readonly withdrawn: boolean
}

/** What the mediation hand-over's input function receives. */
export interface MediationHandoverArgs {
  readonly context: PetitionContext
  readonly respondent: string
  readonly note: string | null
}

/** Options of {@link petitionProcess}. */

/**
 * The default start input of the linked mediation case: the two parties, the facts and the
 * request, marked as coming from a petition (`origin: 'petition'`, the shape of
 * `@fengqiao/mediation`'s people's mediation). Pass `mediation.input` to match another process.
 *
 * @param args - the petition's context and the MEDIATE payload
 * @returns JSON input for the mediation process
 */
export function defaultMediationInput(args: MediationHandoverArgs): Json {
  const { petition } = args.context
  return {
    parties: [petition.petitioner?.name ?? '', args.respondent],
    facts: petition.facts,
    request: petition.request,
    origin: 'petition',
  }
}

/** The context a new petition starts with, screened at intake (XF Arts. 19, 20, 23, 36). */
export function initialContext(input: PetitionInput): PetitionContext {
  const identified = isIdentified(input)
  const final = isRepeatOfFinal(input.priorFinal)
  const upward = checkUpwardDuplicate(input.lowerLevelCase, input.receivedAt)
  const rejection = !identified
    ? null
    : final.refuse && input.priorFinal !== undefined
      ? { article: final.article, reason: final.reason, caseId: input.priorFinal.caseId }
      : upward.refuse && input.lowerLevelCase !== undefined
        ? { article: upward.article, reason: upward.reason, caseId: input.lowerLevelCase.caseId }
        : null
  return {
    petition: {
      type: input.type,
      channel: input.channel,
      receivedBy: input.receivedBy,
      receivedAt: input.receivedAt,
      petitioner: input.petitioner ?? null,
      anonymous: input.anonymous,
      request: input.request,
      facts: input.facts,
      reasons: input.reasons,
      attachments: input.attachments,
      visitors: input.visitors ?? null,
      representatives: input.representatives,
      accused: input.accused ?? null,
      matterKey: input.matterKey ?? null,
      fileNo: input.fileNo ?? null,
      simpleProcedure: input.simpleProcedure,
    },
    identified,
    rejection,
    routing: null,
    objection: null,
    objectors: [],
    dispute: null,
    visitRedirect: (() => {
      const v = checkVisitLevel(input.channel, input.visitLevels)
      return v.refuse ? { article: v.article, reason: v.reason, goTo: [...v.goTo] } : null
    })(),
    rehandlings: [],
    followUp: null,
    acceptance: null,
    extension: null,
    conversion: null,
    mediation: null,
    opinion: null,
    suggestionReply: null,
    review: null,
    rereview: null,
    diversion: null,
    referral: null,
    withdrawal: null,
    supervision: { overdue: [], notices: [] },
    finality: null,
  }
}

/** The params of the `notifyPetitioner` effect: which written notice is due. The context carries its content. */
export interface PetitionerNotice {
  readonly notice:
    | 'notAccepted'
    | 'visitRedirected'
    | 'accepted'
    | 'diverted'
    | 'extended'
    | 'opinion'
    | 'suggestionReply'
    | 'referred'
    | 'reviewDecision'
    | 'rereviewDecision'
  readonly article: string
}

/** The params of the `reportToBureau` effect: an assigned case's result report (XF Art. 22). */
export interface BureauReport {
  readonly result: 'opinion' | 'diverted' | 'suggestionAnswered' | 'mediationAgreement'
  readonly organ: string
  readonly reportDue: string | null
}
