/**
 * zod schemas of the start input and of every event payload, with their role policies.
 *
 * @module
 */
import { systemEvent } from '@fengqiao/core'
import { z } from 'zod'
import { complaintEventLabels, eventLabels } from './labels.js'
import { checkBodyFor, matterClasses, resolutionBodies } from './matters.js'
import { CivilDateSchema, MeetingRecordSchema } from './meetings.js'
import type { DeliberationParameters } from './parameters.js'

/** The role names the policies use. */
export const roles = {
  /** 村党组织: proposes, convenes the two-committee meeting and the party members' meeting. */
  partyOrganisation: 'partyOrganisation',
  /** 村民委员会: convenes the resolution meeting, discloses, implements. */
  villagersCommittee: 'villagersCommittee',
  /** 村务监督委员会: oversees the result disclosure and archives (CW Art. 32). */
  supervisionCommittee: 'supervisionCommittee',
  /** 乡镇人民政府: orders correction (CW Art. 27), handles non-disclosure complaints (CW Art. 31). */
  township: 'township',
  /** 人民法院: revokes on a villager's suit (CW Art. 36, JJ Art. 57). */
  court: 'court',
  /** 村民: complains of non-disclosure (CW Art. 31). */
  villager: 'villager',
  /** The engine itself (linked-case results). */
  system: 'system',
} as const

/** A role of the deliberation process. */
export type DeliberationRole = (typeof roles)[keyof typeof roles]

/** Who asked for the matter to be put to a meeting (CW Arts. 21, 26). */
export const InitiativeSchema = z
  .discriminatedUnion('by', [
    z.object({ by: z.literal('partyOrganisation') }).strict(),
    z
      .object({
        by: z.literal('villagers'),
        requesters: z.number().int().nonnegative(),
        adults: z.number().int().positive(),
      })
      .strict(),
    z
      .object({
        by: z.literal('representatives'),
        requesters: z.number().int().nonnegative(),
        representatives: z.number().int().positive(),
      })
      .strict(),
  ])
  .superRefine((i, ctx) => {
    const total = i.by === 'villagers' ? i.adults : i.by === 'representatives' ? i.representatives : undefined
    if (total !== undefined && 'requesters' in i && i.requesters > total)
      ctx.addIssue({
        code: 'custom',
        path: ['requesters'],
        message: `exceeds ${i.by === 'villagers' ? 'adults' : 'representatives'}`,
      })
  })

/** The start input without the parameter-dependent body check. */
export const DeliberationInputBaseSchema = z
  .object({
    village: z
      .object({
        name: z.string().min(1),
        /** One person heads both the party organisation and the villagers' committee (一肩挑). */
        oneHolder: z.boolean(),
        /** The village's collective finances are frequent (集体财务往来较多): monthly disclosure (CW Art. 30). */
        frequentFinances: z.boolean().default(false),
        /** The township's org unit, for the township's tasks. */
        township: z.string().min(1).optional(),
      })
      .strict(),
    matter: z
      .object({ class: z.enum(matterClasses), title: z.string().min(1), summary: z.string().min(1).optional() })
      .strict(),
    /** The body that is to resolve the matter at step 4. */
    resolutionBody: z.enum(resolutionBodies),
    initiative: InitiativeSchema.default({ by: 'partyOrganisation' }),
  })
  .strict()

/** The start input as a caller gives it. */
export type DeliberationInput = z.input<typeof DeliberationInputBaseSchema>
/** The start input as the machine receives it (defaults applied). */
export type DeliberationInputParsed = z.output<typeof DeliberationInputBaseSchema>

/**
 * The start input schema for a parameter set: the base schema plus the matter-class/body rule
 * (CW Arts. 16, 24, 27, 28; JJ Art. 28), whose refusal names the rule in the issue message.
 *
 * @param params - the parameters
 * @returns the schema
 */
export function deliberationInputSchema(params: DeliberationParameters) {
  return DeliberationInputBaseSchema.superRefine((input, ctx) => {
    const c = checkBodyFor(input.matter.class, input.resolutionBody, params)
    if (!c.ok)
      ctx.addIssue({
        code: 'custom',
        path: ['resolutionBody'],
        message: `${c.rule}: ${c.reason}`,
        params: { rule: c.rule },
      })
  })
}

/** A disclosure (公开): when it went up, where, and what it says. */
export const DisclosureSchema = z
  .object({
    /** When the notice was posted (ISO date-time with offset). Record it when it goes up: the minimum posting period runs from it. */
    postedAt: z.iso.datetime({ offset: true }),
    /** Where: the village notice board (村务公开栏), a WeChat group, … */
    channels: z.array(z.string().min(1)).min(1),
    content: z.string().min(1),
  })
  .strict()

/** What a finished non-disclosure complaint reports back (the complaint process's output). */
export const ComplaintOutputSchema = z.object({
  decision: z.enum(['ordered', 'dismissed']),
  finding: z.string(),
  reference: z.string().nullable(),
})

/** The events of the deliberation process: payload schema, roles, scope, label. */
export const deliberationEvents = {
  PROPOSE: {
    schema: z
      .object({
        date: CivilDateSchema,
        summary: z.string().min(1),
        /** Where steps 1 and 2 merge (一肩挑): the joint two-committee meeting. */
        consultation: MeetingRecordSchema.optional(),
      })
      .strict(),
    roles: [roles.partyOrganisation],
    label: eventLabels.PROPOSE,
  },
  CONSULT: {
    schema: z.object({ meeting: MeetingRecordSchema, plan: z.string().min(1).optional() }).strict(),
    roles: [roles.partyOrganisation],
    label: eventLabels.CONSULT,
  },
  REVIEW: {
    schema: z.object({ meeting: MeetingRecordSchema }).strict(),
    roles: [roles.partyOrganisation],
    label: eventLabels.REVIEW,
  },
  RESOLVE: {
    schema: z.object({ meeting: MeetingRecordSchema }).strict(),
    roles: [roles.villagersCommittee],
    label: eventLabels.RESOLVE,
  },
  PUBLISH_RESOLUTION: {
    schema: DisclosureSchema,
    roles: [roles.villagersCommittee],
    label: eventLabels.PUBLISH_RESOLUTION,
  },
  START_IMPLEMENTATION: {
    schema: z.object({ date: CivilDateSchema, note: z.string().min(1).optional() }).strict(),
    roles: [roles.villagersCommittee],
    label: eventLabels.START_IMPLEMENTATION,
  },
  DISCLOSE_PROGRESS: {
    schema: DisclosureSchema,
    roles: [roles.villagersCommittee],
    label: eventLabels.DISCLOSE_PROGRESS,
  },
  COMPLETE_IMPLEMENTATION: {
    schema: z.object({ date: CivilDateSchema, summary: z.string().min(1) }).strict(),
    roles: [roles.villagersCommittee],
    label: eventLabels.COMPLETE_IMPLEMENTATION,
  },
  PUBLISH_RESULT: { schema: DisclosureSchema, roles: [roles.villagersCommittee], label: eventLabels.PUBLISH_RESULT },
  ARCHIVE: {
    schema: z.object({ opinion: z.string().min(1), reference: z.string().min(1).optional() }).strict(),
    roles: [roles.supervisionCommittee],
    label: eventLabels.ARCHIVE,
  },
  ORDER_CORRECTION: {
    schema: z.object({ date: CivilDateSchema, reference: z.string().min(1), reason: z.string().min(1) }).strict(),
    roles: [roles.township],
    label: eventLabels.ORDER_CORRECTION,
  },
  COURT_REVOCATION: {
    schema: z
      .object({
        date: CivilDateSchema,
        reference: z.string().min(1),
        reason: z.string().min(1),
        /** JJ Art. 57: when the plaintiff knew of the decision. */
        knewOn: CivilDateSchema.optional(),
        /** JJ Art. 57: when the suit was filed. */
        suitFiledOn: CivilDateSchema.optional(),
      })
      .strict(),
    roles: [roles.court],
    scope: 'any',
    label: eventLabels.COURT_REVOCATION,
  },
  COMPLAIN: {
    schema: z
      .object({
        complainant: z.string().min(1),
        kind: z.enum(['notDisclosed', 'untrue']),
        statement: z.string().min(1),
      })
      .strict(),
    roles: [roles.villager],
    scope: 'any',
    label: eventLabels.COMPLAIN,
  },
  // Sent by the engine only, when the linked complaint case ends.
  COMPLAINT_HANDLED: systemEvent({
    schema: z.object({
      childId: z.string().optional(),
      processId: z.string().optional(),
      state: z.string().optional(),
      outcome: z.string().nullable().optional(),
      output: ComplaintOutputSchema.nullable().optional(),
    }),
    label: eventLabels.COMPLAINT_HANDLED,
  }),
  WITHDRAW: {
    schema: z.object({ reason: z.string().min(1) }).strict(),
    roles: [roles.partyOrganisation],
    label: eventLabels.WITHDRAW,
  },
} as const

/** The complaint process's start input (built by the deliberation when a villager complains). */
export const ComplaintInputSchema = z
  .object({
    village: z.string().min(1),
    township: z.string().min(1).nullable(),
    matter: z.string().min(1),
    /** Which disclosure the complaint is about. */
    about: z.enum(['resolution', 'progress', 'result', 'revocation']),
    complainant: z.string().min(1),
    kind: z.enum(['notDisclosed', 'untrue']),
    statement: z.string().min(1),
  })
  .strict()

/** The events of the complaint process (CW Art. 31). */
export const complaintEvents = {
  ORDER_DISCLOSURE: {
    schema: z.object({ finding: z.string().min(1), reference: z.string().min(1) }).strict(),
    roles: [roles.township],
    label: complaintEventLabels.ORDER_DISCLOSURE,
  },
  DISMISS_COMPLAINT: {
    schema: z.object({ finding: z.string().min(1) }).strict(),
    roles: [roles.township],
    label: complaintEventLabels.DISMISS_COMPLAINT,
  },
} as const
