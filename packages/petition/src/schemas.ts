/**
 * zod schemas of the petition's start input and of every event payload. The TypeScript types are
 * inferred from them, and the engine validates every command against them at run time.
 *
 * @module
 */
import { systemEvent, type PartyBinding } from '@fengqiao/core'
import { z } from 'zod'
import type { PetitionContext } from './context.js'
import { defaultPetitionParameters, type PetitionParameters } from './parameters.js'

/** An ISO 8601 date-time with an offset, e.g. `'2026-03-02T09:00:00+08:00'`. */
export const IsoDateTime = z.iso.datetime({ offset: true })

/** A civil date, `'YYYY-MM-DD'`. */
export const IsoDate = z.iso.date()

/** The three kinds of petition (XF Arts. 29–31). */
export const PetitionType = z.enum(['suggestion', 'accusation', 'claim'])
/** 建议意见 / 检举控告 / 申诉求决. */
export type PetitionType = z.infer<typeof PetitionType>

/** How the petition came in (XF Art. 17). */
export const Channel = z.enum(['internet', 'letter', 'phone', 'fax', 'visit'])
/** A petition channel. */
export type Channel = z.infer<typeof Channel>

/** Who registered the petition: the petition bureau (XF Art. 22) or the competent organ directly (XF Art. 23). */
export const ReceivedBy = z.enum(['bureau', 'organ'])
/** Where the petition was registered. */
export type ReceivedBy = z.infer<typeof ReceivedBy>

/**
 * The statutory channels a claim is diverted to (XF Arts. 28, 31 (1)–(4)):
 * litigation (诉讼), administrative reconsideration (行政复议), the procuratorate's procedures
 * (检察机关), police procedure (公安机关法律程序), arbitration (仲裁), party appeal or re-examination
 * (党员申诉、申请复审), other administrative procedures (行政裁决、确认、许可、处罚…), and the
 * political-legal organs for litigation-related petitions (涉法涉诉, 诉访分离, XF Art. 28).
 */
export const DiversionChannel = z.enum([
  'litigation',
  'reconsideration',
  'procuratorate',
  'police',
  'arbitration',
  'partyAppeal',
  'administrativeProcedure',
  'politicalLegal',
])
/** A statutory channel outside the petition system. */
export type DiversionChannel = z.infer<typeof DiversionChannel>

/** The three outcomes of an opinion (XF Art. 32): 支持 / 解释说明 / 不予支持. */
export const OpinionOutcome = z.enum(['support', 'explain', 'notSupport'])
/** An opinion's outcome. */
export type OpinionOutcome = z.infer<typeof OpinionOutcome>

/** What a review or re-review decides: uphold (维持), vary (变更) or revoke (撤销) the decision below. */
export const ReviewResult = z.enum(['uphold', 'vary', 'revoke'])
/** A review or re-review result. */
export type ReviewResult = z.infer<typeof ReviewResult>

/**
 * How a petition became FINAL (docs/domain-rules.md#6-petition-handling): the opinion got no review request in time
 * (`opinionFinal`), the review decision got no re-review request in time (`reviewFinal`), the
 * re-review was decided (`rereviewDecided`), a suggestion was answered, an accusation was
 * transferred, a mediation agreement was reached (XF Art. 33), or an anonymous lead was referred
 * to discipline inspection or filed.
 */
export const Finality = z.enum([
  'opinionFinal',
  'reviewFinal',
  'rereviewDecided',
  'suggestionAnswered',
  'accusationTransferred',
  'mediationAgreement',
  'leadReferred',
  'leadFiled',
])
/** How a petition became final. */
export type Finality = z.infer<typeof Finality>

/** The stages of a petition still being handled below the opinion (for XF Art. 19). */
export const HandlingStage = z.enum([
  'registered',
  'received',
  'lead',
  'transferred',
  'notOurs',
  'handling',
  'handlingSimple',
  'studying',
])
/** A pre-opinion stage. */
export type HandlingStage = z.infer<typeof HandlingStage>

/** Administrative levels, lowest first (XF Art. 20: visits go to the competent level or the one above). */
export const AdminLevel = z.enum(['township', 'county', 'city', 'province', 'central'])
/** An administrative level. */
export type AdminLevel = z.infer<typeof AdminLevel>

/**
 * Fact for XF Art. 20, for a visit: the level of the organ competent to handle the matter and the
 * level where the visit was received. The host supplies both (the counter knows them).
 */
export const VisitLevels = z.object({ competent: AdminLevel, receiving: AdminLevel })
/** The levels of a visit. */
export type VisitLevels = z.infer<typeof VisitLevels>

/** The petitioner (信访人). Leave out the name or address, or set `anonymous`, for an unidentified petition. */
export const Petitioner = z.object({
  /**
   * The petitioner's id as the engine's actors know it (an account or ID-card number). The
   * petitioner withdraws and asks for review or re-review only under this id (XF Arts. 35, 36):
   * without it, no actor can act as this case's petitioner.
   */
  id: z.string().trim().min(1).optional(),
  name: z.string().trim().min(1).optional(),
  address: z.string().trim().min(1).optional(),
  contact: z.string().trim().min(1).optional(),
})
/** The petitioner's particulars. */
export type Petitioner = z.infer<typeof Petitioner>

/** The person an accusation is about. Materials never go to them (XF Art. 30). */
export const Accused = z.object({ name: z.string().trim().min(1), unit: z.string().trim().min(1).optional() })
/** An accused person. */
export type Accused = z.infer<typeof Accused>

/**
 * Screening fact: an earlier petition on the same facts and reasons that is FINAL (XF Art. 36).
 * `screenPetition` finds it; the host may also supply it from its own records.
 */
export const PriorFinal = z.object({ caseId: z.string().min(1), finality: Finality })
/** A final case on the same matter. */
export type PriorFinal = z.infer<typeof PriorFinal>

/**
 * Screening fact: the same matter is being handled at a lower level (XF Art. 19). `dueAt` is the
 * running time limit of its current step (`null` while no clock runs, for example during a
 * paused period or for a step without a statutory clock).
 */
export const LowerLevelCase = z.object({
  caseId: z.string().min(1),
  orgUnit: z.string().min(1).nullable().optional(),
  stage: HandlingStage,
  dueAt: IsoDateTime.nullable(),
})
/** A lower-level case on the same matter. */
export type LowerLevelCase = z.infer<typeof LowerLevelCase>

/**
 * The start input of a petition: what is registered (XF Arts. 19–21) plus the screening facts.
 *
 * @param parameters - for the representative limit (XF Art. 20)
 * @returns the zod schema
 */
export function petitionInputSchema(
  parameters: Pick<PetitionParameters, 'maxGroupRepresentatives'> = defaultPetitionParameters,
) {
  const max = parameters.maxGroupRepresentatives
  return z
    .object({
      /** Suggestion, accusation or claim. */
      type: PetitionType,
      channel: Channel,
      receivedBy: ReceivedBy,
      /** When the petition was received; the registration clocks (XF Arts. 22, 23) run from it. */
      receivedAt: IsoDateTime,
      /** Omitted for an anonymous petition. */
      petitioner: Petitioner.optional(),
      anonymous: z.boolean().default(false),
      request: z.string().trim().min(1),
      facts: z.string().trim().min(1),
      reasons: z.string().trim().default(''),
      attachments: z.array(z.string().min(1)).default([]),
      /** How many people came, for a visit. */
      visitors: z.number().int().positive().optional(),
      /** The representatives a group elected (XF Art. 20). */
      representatives: z
        .array(z.string().trim().min(1))
        .max(max, { message: `XF Art. 20: a group elects at most ${max} representatives.` })
        .default([]),
      /** For an accusation: who it is about. */
      accused: Accused.optional(),
      /** Identifies "the same facts and reasons" (see `matterKeyOf`); also the case's business key. */
      matterKey: z.string().min(1).optional(),
      /** The host's file number. */
      fileNo: z.string().min(1).optional(),
      /** [U] Handle under the simplified procedure (claims only). */
      simpleProcedure: z.boolean().default(false),
      priorFinal: PriorFinal.optional(),
      lowerLevelCase: LowerLevelCase.optional(),
      /** For a visit: the competent and the receiving level (XF Art. 20). */
      visitLevels: VisitLevels.optional(),
    })
    .superRefine((v, ctx) => {
      if (v.channel === 'visit' && v.visitors !== undefined && v.visitors > max && v.representatives.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['representatives'],
          message: `XF Art. 20: a group visit of ${v.visitors} people must elect representatives (at most ${max}).`,
        })
      }
      if (v.visitLevels !== undefined && v.channel !== 'visit') {
        ctx.addIssue({
          code: 'custom',
          path: ['visitLevels'],
          message: 'XF Art. 20: visit levels apply to a visit only.',
        })
      }
      if (v.accused !== undefined && v.type !== 'accusation') {
        ctx.addIssue({ code: 'custom', path: ['accused'], message: 'Only an accusation names an accused person.' })
      }
      if (v.simpleProcedure && v.type !== 'claim') {
        ctx.addIssue({
          code: 'custom',
          path: ['simpleProcedure'],
          message: 'The simplified procedure applies to claims only.',
        })
      }
    })
}

/** The parsed start input (defaults applied). */
export type PetitionInput = z.output<ReturnType<typeof petitionInputSchema>>
/** The start input as a caller writes it (defaulted fields optional). */
export type PetitionInputArg = z.input<ReturnType<typeof petitionInputSchema>>

const Note = z.string().trim().min(1)

/**
 * The petition's own petitioner: a `petitioner` actor acts on a case only when its id is the
 * `petitioner.id` given at registration (an unidentified petition has no petitioner who can act).
 */
export const petitionerOfCase: PartyBinding<PetitionContext> = {
  roles: ['petitioner'],
  ids: (context) => (context.petition.petitioner?.id === undefined ? [] : [context.petition.petitioner.id]),
}

/**
 * The event policies of the petition process: payload schema, roles, org-unit scope.
 *
 * Scopes: the petition bureau and the reviewing organs act on cases of their own org unit or
 * below (`'subtree'`); the competent organ may sit below the registering unit (a county bureau
 * transfers to a township), so its events check the role only (`'any'`) and its tasks are
 * routed to the unit named in the transfer; the petitioner belongs to no unit.
 *
 * @param parameters - for the extension limit (XF Art. 34)
 * @returns the policies, keyed by event type
 */
export function petitionEventSchemas(
  parameters: Pick<PetitionParameters, 'maxExtensionDays'> = defaultPetitionParameters,
) {
  const maxExt = parameters.maxExtensionDays
  const bureau = ['bureau'] as const
  const organ = ['organ'] as const
  return {
    // Petition bureau
    TRANSFER: {
      schema: z.object({ organ: Note, organUnit: z.string().min(1).optional(), note: Note.optional() }),
      roles: bureau,
      scope: 'subtree',
    },
    ASSIGN: {
      schema: z.object({
        organ: Note,
        organUnit: z.string().min(1).optional(),
        reportDue: IsoDate,
        note: Note.optional(),
      }),
      roles: bureau,
      scope: 'subtree',
    },
    OVERRULE_OBJECTION: { schema: z.object({ reason: Note }), roles: bureau, scope: 'subtree' },
    SUPERVISE: {
      schema: z.object({ instructions: Note, reportDue: IsoDate.optional() }),
      roles: bureau,
      scope: 'subtree',
    },
    // Several organs dispute competence (XF Art. 24): the bureau records whether they agreed
    ORGANS_AGREE: {
      schema: z.object({ organ: Note, organUnit: z.string().min(1).optional(), note: Note.optional() }),
      roles: bureau,
      scope: 'subtree',
    },
    ORGANS_DISAGREE: {
      schema: z.object({ note: Note.optional(), superiorUnit: z.string().min(1).optional() }),
      roles: bureau,
      scope: 'subtree',
    },
    // Their common superior, then the joint conference (联席会议)
    SUPERIOR_DECIDES: {
      schema: z.object({ organ: Note, organUnit: z.string().min(1).optional(), reason: Note }),
      roles: ['superiorOrgan'],
      scope: 'subtree',
    },
    REFER_TO_CONFERENCE: { schema: z.object({ note: Note.optional() }), roles: ['superiorOrgan'], scope: 'subtree' },
    CONFERENCE_DECIDES: {
      schema: z.object({ organ: Note, organUnit: z.string().min(1).optional(), reason: Note }),
      roles: ['jointConference'],
      scope: 'subtree',
    },
    // Petition bureau or the organ holding the case
    REFER_TO_DISCIPLINE: {
      schema: z.object({ body: Note, note: Note.optional() }),
      roles: ['bureau', 'organ'],
      scope: 'any',
    },
    FILE_LEAD: {
      schema: z.object({ note: Note, forwardedTo: Note.optional() }),
      roles: ['bureau', 'organ'],
      scope: 'any',
    },
    DIVERT: {
      schema: z.object({ channel: DiversionChannel, organ: Note.optional(), reason: Note }),
      roles: ['bureau', 'organ'],
      scope: 'any',
    },
    // Competent organ
    ACCEPT: {
      schema: z.object({
        route: z.enum(['performDuty', 'investigate']).default('investigate'),
        notice: Note.optional(),
      }),
      roles: organ,
      scope: 'any',
    },
    OBJECT: { schema: z.object({ reason: Note, competentOrgan: Note.optional() }), roles: organ, scope: 'any' },
    MEDIATE: {
      schema: z.object({
        respondent: Note,
        partiesConsent: z.literal(true, { message: 'XF Art. 33: mediation needs the consent of the parties.' }),
        note: Note.optional(),
      }),
      roles: organ,
      scope: 'any',
    },
    CONVERT_TO_ORDINARY: { schema: z.object({ reason: Note }), roles: organ, scope: 'any' },
    ISSUE_OPINION: {
      schema: z
        .object({
          outcome: OpinionOutcome,
          finding: Note,
          legalBasis: Note.optional(),
          explanation: Note.optional(),
          servedAt: IsoDateTime,
        })
        .superRefine((v, ctx) => {
          if (v.outcome !== 'explain' && v.legalBasis === undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['legalBasis'],
              message: 'XF Art. 32: an opinion that supports or does not support the request states its legal basis.',
            })
          if (v.outcome === 'explain' && v.explanation === undefined)
            ctx.addIssue({
              code: 'custom',
              path: ['explanation'],
              message: 'XF Art. 32: a reasonable request without legal basis is answered with an explanation.',
            })
        }),
      roles: organ,
      scope: 'any',
    },
    ANSWER_SUGGESTION: {
      schema: z.object({ adopted: z.boolean(), reply: Note, reward: Note.optional() }),
      roles: organ,
      scope: 'any',
    },
    // Head of the competent organ
    EXTEND: {
      schema: z.object({
        days: z
          .number()
          .int()
          .positive()
          .max(maxExt, { message: `XF Art. 34: an extension is at most ${maxExt} days.` }),
        reason: Note,
      }),
      roles: ['organHead'],
      scope: 'any',
    },
    // Petitioner: only the case's own petitioner (`petitioner.id`)
    WITHDRAW: {
      schema: z.object({ reason: Note.optional() }),
      roles: ['petitioner'],
      scope: 'any',
      parties: petitionerOfCase,
    },
    REQUEST_REVIEW: {
      schema: z.object({ reasons: Note, reviewOrgUnit: z.string().min(1).optional() }),
      roles: ['petitioner'],
      scope: 'any',
      parties: petitionerOfCase,
    },
    REQUEST_REREVIEW: {
      schema: z.object({ reasons: Note, rereviewOrgUnit: z.string().min(1).optional() }),
      roles: ['petitioner'],
      scope: 'any',
      parties: petitionerOfCase,
    },
    // Reviewing and re-reviewing organs
    DECIDE_REVIEW: {
      schema: z
        .object({
          result: ReviewResult,
          opinion: Note,
          legalBasis: Note,
          servedAt: IsoDateTime,
          rehandle: z.boolean().default(false),
        })
        .refine((v) => !(v.rehandle && v.result === 'uphold'), {
          path: ['rehandle'],
          message: 'XF Art. 35: only a review that revokes or varies the opinion orders handling anew.',
        }),
      roles: ['reviewOrgan'],
      scope: 'subtree',
    },
    START_HEARING: { schema: z.object({ note: Note.optional() }), roles: ['rereviewOrgan'], scope: 'subtree' },
    END_HEARING: { schema: z.object({ record: Note.optional() }), roles: ['rereviewOrgan'], scope: 'subtree' },
    DECIDE_REREVIEW: {
      schema: z.object({
        result: ReviewResult,
        opinion: Note,
        legalBasis: Note,
        servedAt: IsoDateTime,
        publish: z.boolean().default(false),
      }),
      roles: ['rereviewOrgan'],
      scope: 'subtree',
    },
    // Sent by the engine only: deadlines and the linked mediation case
    ROUTING_OVERDUE: systemEvent(),
    NOTICE_OVERDUE: systemEvent(),
    HANDLING_OVERDUE: systemEvent(),
    REVIEW_OVERDUE: systemEvent(),
    REREVIEW_OVERDUE: systemEvent(),
    OBJECTION_WINDOW_CLOSED: systemEvent(),
    REVIEW_WINDOW_CLOSED: systemEvent(),
    REREVIEW_WINDOW_CLOSED: systemEvent(),
    MEDIATION_DONE: systemEvent({
      schema: z.object({
        childId: z.string().optional(),
        processId: z.string().optional(),
        state: z.string().optional(),
        outcome: z.string().nullable().optional(),
        output: z.json().optional(),
      }),
    }),
  } as const
}

/** The event policies' type. */
export type PetitionEventSchemas = ReturnType<typeof petitionEventSchemas>
