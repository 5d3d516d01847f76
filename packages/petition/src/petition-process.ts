/**
 * The petition process (信访事项办理) under the 2022 Regulations on Petition Work: intake and
 * screening, routing by type, handling with its extension, the opinion, review and re-review,
 * finality, and a parallel supervision region for overdue steps.
 *
 * @module
 */
import {
  defineProcess,
  extendDeadline,
  pauseDeadline,
  resumeDeadline,
  startProcess,
  update,
  type EventPolicies,
  type EventsOf,
  type Json,
  type Labels,
  type OrgUnit,
  type ProcessStateMeta,
  type UpdateArgs,
} from '@fengqiao/core'
import { and, enqueueActions, setup } from 'xstate'
import { labels, stateLabels, type PetitionStatePath } from './labels.js'
import { resolveParameters, type PetitionParameters } from './parameters.js'
import { petitionPersonal } from './personal.js'
import { BARRED_FINALITIES, checkUpwardDuplicate, checkVisitLevel, commonSuperior, isIdentified, isRepeatOfFinal, sendsToAccused } from './rules.js'
import {
  petitionEventSchemas,
  petitionInputSchema,
  type Accused,
  type AdminLevel,
  type Channel,
  type DiversionChannel,
  type Finality,
  type OpinionOutcome,
  type Petitioner,
  type PetitionInput,
  type PetitionType,
  type ReceivedBy,
  type ReviewResult,
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
  routing: { mode: 'transfer' | 'assign'; organ: string; organUnit: string | null; reportDue: string | null; note: string | null } | null
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
  mediation: { status: 'pending' | 'agreed' | 'failed'; respondent: string; childId: string | null; outcome: string | null; /** The mediation case's output (JSON). */ output: unknown } | null
  /** The opinion (意见书, XF Art. 32); `servedAt` starts the review window. */
  opinion: { outcome: OpinionOutcome; finding: string; legalBasis: string | null; explanation: string | null; servedAt: string } | null
  suggestionReply: { adopted: boolean; reply: string; reward: string | null } | null
  review: { reasons: string; orgUnit: string | null; decision: ReviewDecision | null } | null
  rereview: { reasons: string; orgUnit: string | null; hearings: number; decision: (ReviewDecision & { publish: boolean }) | null } | null
  diversion: { channel: DiversionChannel; organ: string | null; reason: string } | null
  /** Where an accusation or lead went (discipline inspection, or filed for reference). */
  referral: { body: string | null; note: string | null } | null
  withdrawal: { reason: string | null } | null
  supervision: { overdue: OverdueStep[]; notices: Array<{ step: OverdueStep | null; instructions: string; reportDue: string | null }> }
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
export interface PetitionProcessOptions {
  /** Statutory parameters to override. */
  readonly parameters?: Partial<PetitionParameters>
  /**
   * The engine's org-unit tree, to find the common superior of organs disputing competence
   * (XF Art. 24). Without it (or when an organ's unit is unknown) the superior's unit comes from
   * the `ORGANS_DISAGREE` payload or defaults to the case's unit.
   */
  readonly orgUnits?: readonly OrgUnit[]
  /**
   * The follow-up counselling case opened when a claim becomes FINAL (XF Art. 37): the process id
   * (registered with the same engine; `petitionPlugin` registers {@link petitionFollowUpProcess}),
   * or `false` to open none. @defaultValue `{ processId: 'petition-followup' }`
   */
  readonly followUp?: { readonly processId?: string } | false
  /** The linked mediation case (XF Art. 33). */
  readonly mediation?: {
    /** The mediation process id registered with the same engine. @defaultValue `'mediation'` */
    readonly processId?: string
    /** Maps the petition to the mediation process's start input. @defaultValue {@link defaultMediationInput} */
    readonly input?: (args: MediationHandoverArgs) => Json
  }
}

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
  return { parties: [petition.petitioner?.name ?? '', args.respondent], facts: petition.facts, request: petition.request, origin: 'petition' }
}

const title = (path: PetitionStatePath): Labels => stateLabels[path]
const meta = (path: PetitionStatePath, m: ProcessStateMeta = {}): ProcessStateMeta & { label: Labels } => ({ label: stateLabels[path], ...m })

const organUnitOf = ({ context, orgUnit }: { context: unknown; orgUnit: string | null }): string | null => (context as PetitionContext).routing?.organUnit ?? orgUnit
const reviewUnitOf = ({ context, orgUnit }: { context: unknown; orgUnit: string | null }): string | null => (context as PetitionContext).review?.orgUnit ?? orgUnit
const superiorUnitOf = ({ context, orgUnit }: { context: unknown; orgUnit: string | null }): string | null => (context as PetitionContext).dispute?.superiorUnit ?? orgUnit
const rereviewUnitOf = ({ context, orgUnit }: { context: unknown; orgUnit: string | null }): string | null => (context as PetitionContext).rereview?.orgUnit ?? orgUnit

function withLabels<E extends EventPolicies>(events: E): { [K in keyof E]: E[K] & { readonly label: Labels } } {
  const out: Record<string, unknown> = {}
  for (const [type, policy] of Object.entries(events)) out[type] = { ...policy, label: (labels.events as Record<string, Labels>)[type] }
  return out as { [K in keyof E]: E[K] & { readonly label: Labels } }
}

function initialContext(input: PetitionInput): PetitionContext {
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
  readonly notice: 'notAccepted' | 'visitRedirected' | 'accepted' | 'diverted' | 'extended' | 'opinion' | 'suggestionReply' | 'referred' | 'reviewDecision' | 'rereviewDecision'
  readonly article: string
}

/** The params of the `reportToBureau` effect: an assigned case's result report (XF Art. 22). */
export interface BureauReport {
  readonly result: 'opinion' | 'diverted' | 'suggestionAnswered' | 'mediationAgreement'
  readonly organ: string
  readonly reportDue: string | null
}

/**
 * Builds the petition process from parameters.
 *
 * Effects it asks for (named actions; register handlers with `petitionPlugin({ effects })`):
 * `notifyPetitioner` ({@link PetitionerNotice}), `reportToBureau` ({@link BureauReport}),
 * `issueSupervisionNotice` (督办单, `{ step }`), `publishRereview` (XF Art. 36).
 *
 * @param options - parameter overrides and the mediation hand-over
 * @returns the checked process definition
 * @throws {FengqiaoError} INVALID_OPTIONS for a bad parameter override
 * @example
 * ```ts
 * const petition = petitionProcess({ parameters: { handleDays: 45 } })
 * const engine = createEngine({ processes: [petition] })
 * ```
 */
export function petitionProcess(options: PetitionProcessOptions = {}) {
  const p = resolveParameters(options.parameters)
  const mediationId = options.mediation?.processId ?? 'mediation'
  const mediationInput = options.mediation?.input ?? defaultMediationInput
  const orgUnits = options.orgUnits ?? []
  const followUpId = options.followUp === false ? null : (options.followUp?.processId ?? PETITION_FOLLOWUP_PROCESS_ID)
  const events = withLabels(petitionEventSchemas(p))
  const input = petitionInputSchema(p)

  type E = EventsOf<typeof events>
  const record = (recipe: (args: UpdateArgs<PetitionContext, E, undefined>) => void) => update<PetitionContext, E, undefined, E, never>(recipe)
  const notify = (notice: PetitionerNotice['notice'], article: string) => ({ type: 'notifyPetitioner' as const, params: { notice, article } satisfies PetitionerNotice })
  const reportIfAssigned = (result: BureauReport['result']) =>
    enqueueActions<PetitionContext, E, undefined, E, never, { type: 'reportToBureau'; params: BureauReport }, never, never, never>(({ context, enqueue }) => {
      if (context.routing?.mode === 'assign') {
        enqueue({ type: 'reportToBureau', params: { result, organ: context.routing.organ, reportDue: context.routing.reportDue } satisfies BureauReport })
      }
    })
  const finish = (finality: Finality) =>
    record(({ draft }) => {
      draft.finality = finality
    })
  /** XF Art. 37: a claim FINAL through the opinion track opens the follow-up case (not blocking finality). */
  const openFollowUp = (finality: Finality) =>
    followUpId === null || !BARRED_FINALITIES.includes(finality)
      ? []
      : [
          startProcess<PetitionContext, E, undefined, E, never>(followUpId, {
            input: ({ context }) => followUpInput(context, finality),
          }),
          record(({ draft }) => {
            draft.followUp = { processId: followUpId }
          }),
        ]
  /** XF Art. 24: the competent organ is settled; the case goes to it with the objection window closed. */
  const settleDispute = (decidedBy: 'agreement' | 'superior' | 'conference') => ({
    target: '#petition.procedure.transferred.objectionClosed',
    actions: record(({ draft, event }) => {
      if (event.type !== 'ORGANS_AGREE' && event.type !== 'SUPERIOR_DECIDES' && event.type !== 'CONFERENCE_DECIDES') return
      const reason = 'reason' in event ? event.reason : (event.note ?? null)
      if (draft.dispute !== null) Object.assign(draft.dispute, { decidedBy, organ: event.organ, organUnit: event.organUnit ?? null, reason })
      draft.routing = { mode: draft.routing?.mode ?? 'transfer', organ: event.organ, organUnit: event.organUnit ?? null, reportDue: draft.routing?.reportDue ?? null, note: draft.routing?.note ?? null }
    }),
  })
  const overdue = (step: OverdueStep) => ({
    target: '.supervising' as const,
    actions: record(({ draft }) => {
      draft.supervision.overdue.push(step)
    }),
  })
  const divert = (guarded: boolean) => ({
    ...(guarded ? { guard: 'isClaim' as const } : {}),
    target: '#petition.procedure.diverted',
    actions: [
      record(({ draft, event }) => {
        if (event.type === 'DIVERT') draft.diversion = { channel: event.channel, organ: event.organ ?? null, reason: event.reason }
      }),
      notify('diverted', 'XF Arts. 28, 31'),
      reportIfAssigned('diverted'),
    ],
  })
  const acceptActions = [
    record(({ draft, event }) => {
      if (event.type === 'ACCEPT') draft.acceptance = { route: event.route, notice: event.notice ?? null }
    }),
    notify('accepted', 'XF Art. 23'),
  ]
  const accept = [
    { guard: 'simpleClaim' as const, target: '#petition.procedure.handlingSimple', actions: acceptActions },
    { guard: 'isClaim' as const, target: '#petition.procedure.handling', actions: acceptActions },
    { guard: 'isSuggestion' as const, target: '#petition.procedure.studying', actions: acceptActions },
  ]
  const opinionActions = [
    record(({ draft, event }) => {
      if (event.type === 'ISSUE_OPINION') {
        draft.opinion = { outcome: event.outcome, finding: event.finding, legalBasis: event.legalBasis ?? null, explanation: event.explanation ?? null, servedAt: event.servedAt }
      }
    }),
    notify('opinion', 'XF Art. 32'),
    reportIfAssigned('opinion'),
  ]

  const machine = setup({
    types: {
      context: {} as PetitionContext,
      events: {} as E,
      input: {} as PetitionInput,
      output: {} as PetitionOutput,
    },
    actions: {
      notifyPetitioner: (_: unknown, _params: PetitionerNotice) => {},
      reportToBureau: (_: unknown, _params: BureauReport) => {},
      issueSupervisionNotice: (_: unknown, _params: { step: OverdueStep | null }) => {},
      publishRereview: () => {},
    },
    guards: {
      unidentified: ({ context }) => !context.identified,
      /** XF Art. 20: a visit received neither at the competent level nor the one above. */
      visitMisdirected: ({ context }) => context.visitRedirect !== null,
      /** XF Art. 24: another organ objected before this one; several organs now dispute competence. */
      disputed: ({ context }) => context.objectors.some((o) => o.organ !== context.routing?.organ),
      /** XF Arts. 34, 35: the review revoked or varied the opinion and ordered handling anew. */
      ordersRehandling: ({ event }) => event.type === 'DECIDE_REVIEW' && event.rehandle,
      notAccepted: ({ context }) => context.rejection !== null,
      atBureau: ({ context }) => context.petition.receivedBy === 'bureau',
      isClaim: ({ context }) => context.petition.type === 'claim',
      isSuggestion: ({ context }) => context.petition.type === 'suggestion',
      simpleClaim: ({ context }) => context.petition.type === 'claim' && context.petition.simpleProcedure,
      /** XF Art. 22: accusations go to discipline inspection, not to a competent organ. */
      routable: ({ context }) => context.petition.type !== 'accusation',
      /** XF Arts. 22, 30: an accusation goes to discipline inspection, never to the accused. */
      referable: ({ context, event }) => context.petition.type === 'accusation' && event.type === 'REFER_TO_DISCIPLINE' && !sendsToAccused(context.petition.accused ?? undefined, event.body),
      /** Agreeing to an objection means routing elsewhere: not back to the organ that objected. */
      reroutable: ({ context, event }) => (event.type === 'TRANSFER' || event.type === 'ASSIGN') && event.organ !== context.objection?.organ,
      noPendingMediation: ({ context }) => context.mediation?.status !== 'pending',
      mediationAgreed: ({ event }) => event.type === 'MEDIATION_DONE' && event.outcome === 'resolved',
    },
  }).createMachine({
    id: PETITION_PROCESS_ID,
    type: 'parallel',
    context: ({ input }) => initialContext(input),
    output: ({ context }) => ({
      finality: context.finality,
      diversion: context.diversion?.channel ?? null,
      opinion: context.opinion?.outcome ?? null,
      rejection: context.rejection?.article ?? context.visitRedirect?.article ?? null,
      withdrawn: context.withdrawal !== null,
    }),
    states: {
      procedure: {
        meta: meta('procedure'),
        initial: 'intake',
        on: {
          WITHDRAW: {
            target: '.withdrawn',
            actions: update(({ draft, event }) => {
              draft.withdrawal = { reason: event.reason ?? null }
            }),
          },
        },
        states: {
          intake: {
            meta: meta('procedure.intake'),
            always: [
              { guard: 'visitMisdirected', target: 'visitRedirected', actions: notify('visitRedirected', 'XF Art. 20') },
              { guard: and(['unidentified', 'atBureau']), target: 'lead.atBureau' },
              { guard: 'unidentified', target: 'lead.atOrgan' },
              { guard: 'notAccepted', target: 'rejectedDuplicate', actions: notify('notAccepted', 'XF Arts. 19, 36') },
              { guard: 'atBureau', target: 'registered' },
              { target: 'received' },
            ],
          },
          registered: {
            meta: meta('procedure.registered', {
              task: { role: 'bureau', title: title('procedure.registered') },
              deadline: { days: p.registerTransferDays, from: 'petition.receivedAt', name: 'routing', onExpire: 'ROUTING_OVERDUE' },
            }),
            on: {
              TRANSFER: {
                guard: 'routable',
                target: 'transferred',
                actions: update(({ draft, event }) => {
                  draft.routing = { mode: 'transfer', organ: event.organ, organUnit: event.organUnit ?? null, reportDue: null, note: event.note ?? null }
                }),
              },
              ASSIGN: {
                guard: 'routable',
                target: 'transferred',
                actions: update(({ draft, event }) => {
                  draft.routing = { mode: 'assign', organ: event.organ, organUnit: event.organUnit ?? null, reportDue: event.reportDue, note: event.note ?? null }
                }),
              },
              REFER_TO_DISCIPLINE: {
                guard: 'referable',
                target: 'final',
                actions: [
                  update(({ draft, event }) => {
                    draft.referral = { body: event.body, note: event.note ?? null }
                  }),
                  finish('accusationTransferred'),
                  notify('referred', 'XF Arts. 22, 30'),
                ],
              },
              DIVERT: divert(true),
            },
          },
          received: {
            meta: meta('procedure.received', {
              task: { role: 'organ', title: title('procedure.received') },
              deadline: { days: p.acceptNoticeDays, from: 'petition.receivedAt', name: 'notice', onExpire: 'NOTICE_OVERDUE' },
            }),
            on: {
              ACCEPT: accept,
              REFER_TO_DISCIPLINE: {
                guard: 'referable',
                target: 'final',
                actions: [
                  update(({ draft, event }) => {
                    draft.referral = { body: event.body, note: event.note ?? null }
                  }),
                  finish('accusationTransferred'),
                  notify('referred', 'XF Art. 30'),
                ],
              },
              DIVERT: divert(true),
            },
          },
          lead: {
            meta: meta('procedure.lead'),
            initial: 'atBureau',
            states: {
              atBureau: { meta: meta('procedure.lead.atBureau', { task: { role: 'bureau', title: title('procedure.lead') } }) },
              atOrgan: { meta: meta('procedure.lead.atOrgan', { task: { role: 'organ', title: title('procedure.lead') } }) },
            },
            on: {
              REFER_TO_DISCIPLINE: {
                guard: 'referable',
                target: 'final',
                actions: [
                  update(({ draft, event }) => {
                    draft.referral = { body: event.body, note: event.note ?? null }
                  }),
                  finish('leadReferred'),
                ],
              },
              FILE_LEAD: {
                guard: 'routable',
                target: 'final',
                actions: [
                  update(({ draft, event }) => {
                    draft.referral = { body: event.forwardedTo ?? null, note: event.note }
                  }),
                  finish('leadFiled'),
                ],
              },
            },
          },
          transferred: {
            meta: meta('procedure.transferred', {
              task: { role: 'organ', title: title('procedure.transferred'), orgUnit: organUnitOf },
              deadline: { days: p.acceptNoticeDays, name: 'transferNotice', onExpire: 'NOTICE_OVERDUE' },
            }),
            initial: 'objectionOpen',
            states: {
              objectionOpen: {
                meta: meta('procedure.transferred.objectionOpen', {
                  deadline: { workingDays: p.objectionWorkingDays, name: 'objection', onExpire: 'OBJECTION_WINDOW_CLOSED', kind: 'window' },
                }),
                on: {
                  OBJECT: [
                    {
                      guard: 'disputed',
                      target: '#petition.procedure.competenceDispute',
                      actions: update(({ draft, event }) => {
                        draft.objection = { organ: draft.routing?.organ ?? '', reason: event.reason, overruledBecause: null }
                        draft.objectors.push({ organ: draft.routing?.organ ?? '', organUnit: draft.routing?.organUnit ?? null, reason: event.reason, named: event.competentOrgan ?? null })
                        const organs = draft.objectors.filter((o, i, all) => all.findIndex((x) => x.organ === o.organ) === i)
                        draft.dispute = { organs, superiorUnit: null, decidedBy: null, organ: null, organUnit: null, reason: null }
                      }),
                    },
                    {
                      target: '#petition.procedure.notOurs',
                      actions: update(({ draft, event }) => {
                        draft.objection = { organ: draft.routing?.organ ?? '', reason: event.reason, overruledBecause: null }
                        draft.objectors.push({ organ: draft.routing?.organ ?? '', organUnit: draft.routing?.organUnit ?? null, reason: event.reason, named: event.competentOrgan ?? null })
                      }),
                    },
                  ],
                  OBJECTION_WINDOW_CLOSED: 'objectionClosed',
                },
              },
              objectionClosed: { meta: meta('procedure.transferred.objectionClosed') },
            },
            on: {
              ACCEPT: accept,
              DIVERT: divert(true),
            },
          },
          notOurs: {
            meta: meta('procedure.notOurs', {
              task: { role: 'bureau', title: title('procedure.notOurs') },
              deadline: { days: p.rerouteDays, name: 'reroute', onExpire: 'ROUTING_OVERDUE' },
            }),
            on: {
              TRANSFER: {
                guard: 'reroutable',
                target: 'transferred',
                actions: update(({ draft, event }) => {
                  draft.routing = { mode: 'transfer', organ: event.organ, organUnit: event.organUnit ?? null, reportDue: null, note: event.note ?? null }
                }),
              },
              ASSIGN: {
                guard: 'reroutable',
                target: 'transferred',
                actions: update(({ draft, event }) => {
                  draft.routing = { mode: 'assign', organ: event.organ, organUnit: event.organUnit ?? null, reportDue: event.reportDue, note: event.note ?? null }
                }),
              },
              OVERRULE_OBJECTION: {
                target: 'transferred.objectionClosed',
                actions: update(({ draft, event }) => {
                  if (draft.objection !== null) draft.objection.overruledBecause = event.reason
                }),
              },
              DIVERT: divert(true),
            },
          },
          competenceDispute: {
            meta: meta('procedure.competenceDispute'),
            initial: 'consulting',
            states: {
              consulting: {
                meta: meta('procedure.competenceDispute.consulting', { task: { role: 'bureau', title: title('procedure.competenceDispute.consulting') } }),
                on: {
                  ORGANS_AGREE: settleDispute('agreement'),
                  ORGANS_DISAGREE: {
                    target: 'superiorDeciding',
                    actions: update(({ draft, event }) => {
                      if (draft.dispute === null) return
                      const units = draft.dispute.organs.map((o) => o.organUnit)
                      draft.dispute.superiorUnit = event.superiorUnit ?? (units.every((u) => u !== null) ? commonSuperior(units, orgUnits) : null)
                    }),
                  },
                },
              },
              superiorDeciding: {
                meta: meta('procedure.competenceDispute.superiorDeciding', { task: { role: 'superiorOrgan', title: title('procedure.competenceDispute.superiorDeciding'), orgUnit: superiorUnitOf } }),
                on: {
                  SUPERIOR_DECIDES: settleDispute('superior'),
                  REFER_TO_CONFERENCE: 'conference',
                },
              },
              conference: {
                meta: meta('procedure.competenceDispute.conference', { task: { role: 'jointConference', title: title('procedure.competenceDispute.conference'), orgUnit: superiorUnitOf } }),
                on: { CONFERENCE_DECIDES: settleDispute('conference') },
              },
            },
          },
          handling: {
            meta: meta('procedure.handling', {
              task: { role: 'organ', title: title('procedure.handling'), orgUnit: organUnitOf },
              deadline: { days: p.handleDays, name: 'handling', onExpire: 'HANDLING_OVERDUE', maxExtensions: 1, maxExtension: p.maxExtensionDays },
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
                      update(({ draft, event }) => {
                        draft.extension = { days: event.days, reason: event.reason }
                      }),
                      notify('extended', 'XF Art. 34'),
                    ],
                  },
                },
              },
              extended: { meta: meta('procedure.handling.extended') },
            },
            on: {
              ISSUE_OPINION: { guard: 'noPendingMediation', target: 'opinionIssued', actions: opinionActions },
              MEDIATE: {
                guard: 'noPendingMediation',
                actions: [
                  startProcess(mediationId, {
                    input: ({ context, event }) => mediationInput({ context, respondent: event.respondent, note: event.note ?? null }),
                    onDone: 'MEDIATION_DONE',
                  }),
                  update(({ draft, event }) => {
                    draft.mediation = { status: 'pending', respondent: event.respondent, childId: null, outcome: null, output: null }
                  }),
                ],
              },
              MEDIATION_DONE: [
                {
                  guard: 'mediationAgreed',
                  target: 'final',
                  actions: [
                    update(({ draft, event }) => {
                      draft.mediation = { status: 'agreed', respondent: draft.mediation?.respondent ?? '', childId: event.childId ?? null, outcome: event.outcome ?? null, output: event.output ?? null }
                    }),
                    finish('mediationAgreement'),
                    reportIfAssigned('mediationAgreement'),
                  ],
                },
                {
                  actions: update(({ draft, event }) => {
                    draft.mediation = { status: 'failed', respondent: draft.mediation?.respondent ?? '', childId: event.childId ?? null, outcome: event.outcome ?? null, output: event.output ?? null }
                  }),
                },
              ],
              DIVERT: divert(false),
            },
          },
          handlingSimple: {
            meta: meta('procedure.handlingSimple', {
              task: { role: 'organ', title: title('procedure.handlingSimple'), orgUnit: organUnitOf },
              deadline: { workingDays: p.simpleProcedureWorkingDays, name: 'simpleHandling', onExpire: 'HANDLING_OVERDUE', maxExtensions: 0 },
            }),
            on: {
              ISSUE_OPINION: { target: 'opinionIssued', actions: opinionActions },
              CONVERT_TO_ORDINARY: {
                target: 'handling',
                actions: update(({ draft, event }) => {
                  draft.conversion = { reason: event.reason }
                }),
              },
              DIVERT: divert(false),
            },
          },
          studying: {
            meta: meta('procedure.studying', { task: { role: 'organ', title: title('procedure.studying'), orgUnit: organUnitOf } }),
            on: {
              ANSWER_SUGGESTION: {
                target: 'final',
                actions: [
                  update(({ draft, event }) => {
                    draft.suggestionReply = { adopted: event.adopted, reply: event.reply, reward: event.reward ?? null }
                  }),
                  finish('suggestionAnswered'),
                  notify('suggestionReply', 'XF Art. 29'),
                  reportIfAssigned('suggestionAnswered'),
                ],
              },
            },
          },
          opinionIssued: {
            meta: meta('procedure.opinionIssued', {
              deadline: { days: p.reviewRequestDays, from: 'opinion.servedAt', name: 'reviewWindow', onExpire: 'REVIEW_WINDOW_CLOSED', kind: 'window' },
            }),
            on: {
              REQUEST_REVIEW: {
                target: 'reviewRequested',
                actions: update(({ draft, event }) => {
                  draft.review = { reasons: event.reasons, orgUnit: event.reviewOrgUnit ?? null, decision: null }
                }),
              },
              REVIEW_WINDOW_CLOSED: { target: 'final', actions: [finish('opinionFinal'), ...openFollowUp('opinionFinal')] },
            },
          },
          reviewRequested: {
            meta: meta('procedure.reviewRequested', {
              task: { role: 'reviewOrgan', title: title('procedure.reviewRequested'), orgUnit: reviewUnitOf },
              deadline: { days: p.reviewDecisionDays, name: 'reviewDecision', onExpire: 'REVIEW_OVERDUE' },
            }),
            on: {
              DECIDE_REVIEW: [
                {
                  guard: 'ordersRehandling',
                  target: 'rehandling',
                  actions: [
                    update(({ draft, event }) => {
                      const decision = { result: event.result, opinion: event.opinion, legalBasis: event.legalBasis, servedAt: event.servedAt, rehandle: true }
                      if (draft.review !== null) draft.review.decision = decision
                      draft.rehandlings.push(decision)
                    }),
                    notify('reviewDecision', 'XF Art. 35'),
                  ],
                },
                {
                  target: 'reviewDecided',
                  actions: [
                    update(({ draft, event }) => {
                      if (draft.review !== null) draft.review.decision = { result: event.result, opinion: event.opinion, legalBasis: event.legalBasis, servedAt: event.servedAt, rehandle: false }
                    }),
                    notify('reviewDecision', 'XF Art. 35'),
                  ],
                },
              ],
            },
          },
          rehandling: {
            meta: meta('procedure.rehandling', {
              task: { role: 'organ', title: title('procedure.rehandling'), orgUnit: organUnitOf },
              deadline: { days: p.rehandleDays, from: 'review.decision.servedAt', name: 'rehandling', onExpire: 'HANDLING_OVERDUE' },
            }),
            on: {
              ISSUE_OPINION: { target: 'opinionIssued', actions: opinionActions },
            },
          },
          reviewDecided: {
            meta: meta('procedure.reviewDecided', {
              deadline: { days: p.rereviewRequestDays, from: 'review.decision.servedAt', name: 'rereviewWindow', onExpire: 'REREVIEW_WINDOW_CLOSED', kind: 'window' },
            }),
            on: {
              REQUEST_REREVIEW: {
                target: 'rereviewRequested',
                actions: update(({ draft, event }) => {
                  draft.rereview = { reasons: event.reasons, orgUnit: event.rereviewOrgUnit ?? null, hearings: 0, decision: null }
                }),
              },
              REREVIEW_WINDOW_CLOSED: { target: 'final', actions: [finish('reviewFinal'), ...openFollowUp('reviewFinal')] },
            },
          },
          rereviewRequested: {
            meta: meta('procedure.rereviewRequested', {
              task: { role: 'rereviewOrgan', title: title('procedure.rereviewRequested'), orgUnit: rereviewUnitOf },
              deadline: { days: p.rereviewDecisionDays, name: 'rereviewDecision', onExpire: 'REREVIEW_OVERDUE' },
            }),
            initial: 'deciding',
            states: {
              deciding: {
                meta: meta('procedure.rereviewRequested.deciding'),
                on: {
                  START_HEARING: {
                    target: 'hearing',
                    actions: update(({ draft }) => {
                      if (draft.rereview !== null) draft.rereview.hearings++
                    }),
                  },
                  DECIDE_REREVIEW: {
                    target: '#petition.procedure.final',
                    actions: [
                      update(({ draft, event }) => {
                        if (draft.rereview !== null) draft.rereview.decision = { result: event.result, opinion: event.opinion, legalBasis: event.legalBasis, servedAt: event.servedAt, rehandle: false, publish: event.publish }
                      }),
                      finish('rereviewDecided'),
                      ...openFollowUp('rereviewDecided'),
                      notify('rereviewDecision', 'XF Art. 36'),
                      enqueueActions(({ event, enqueue }) => {
                        if (event.type === 'DECIDE_REREVIEW' && event.publish) enqueue('publishRereview')
                      }),
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
          },
          final: { type: 'final', meta: meta('procedure.final', { outcome: 'concluded' }) },
          diverted: { type: 'final', meta: meta('procedure.diverted', { outcome: 'void' }) },
          withdrawn: { type: 'final', meta: meta('procedure.withdrawn', { outcome: 'withdrawn' }) },
          rejectedDuplicate: { type: 'final', meta: meta('procedure.rejectedDuplicate', { outcome: 'void' }) },
          visitRedirected: { type: 'final', meta: meta('procedure.visitRedirected', { outcome: 'void' }) },
        },
      },
      supervision: {
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
                  update(({ draft, event }) => {
                    draft.supervision.notices.push({ step: draft.supervision.overdue.at(-1) ?? null, instructions: event.instructions, reportDue: event.reportDue ?? null })
                  }),
                  { type: 'issueSupervisionNotice', params: ({ context }) => ({ step: context.supervision.overdue.at(-1) ?? null }) },
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
      },
    },
  })

  return defineProcess({ id: PETITION_PROCESS_ID, version: PETITION_PROCESS_VERSION, machine, events, input, label: labels.process, start: { roles: ['bureau', 'organ'], scope: 'subtree' }, personal: petitionPersonal })
}

/** The petition process definition's type. */
export type PetitionProcess = ReturnType<typeof petitionProcess>
