/**
 * zod schemas shared by the mediation processes: parties, the history of mediation attempts,
 * agreement contents, the result a linked case reports back, and the start inputs.
 *
 * @module
 */
import type { PartyBinding } from '@fengqiao/core'
import { z } from 'zod'
import { colours, type MediationParameters } from './parameters.js'

/**
 * A party to a dispute. A bare string is accepted as both id and name (convenient for callers such
 * as a petition case handing a claim over), and normalised to `{ id, name }`.
 */
export const partySchema = z.union([
  z
    .string()
    .min(1)
    .transform((s) => ({ id: s, name: s })),
  z.object({ id: z.string().min(1), name: z.string().min(1) }),
])

/** A party as stored in context: `{ id, name }`. */
export type Party = { id: string; name: string }

/**
 * The parties of a dispute, as the engine binds party events to them: an actor acting as a
 * `party` sends an event only on a dispute it is a party to (its id among `parties[].id`).
 */
export const partiesOfDispute: PartyBinding<{ readonly parties: readonly Party[] }> = {
  roles: ['party'],
  ids: (context) => context.parties.map((p) => p.id),
}

/** The list of parties: at least two, with distinct ids. */
export const partiesSchema = z
  .array(partySchema)
  .min(2)
  .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, { message: 'party ids must be distinct' })

/** Which kind of mediation an attempt was (三调: people's, administrative/police, judicial/court). */
export const attemptKinds = ['peoples', 'police', 'court'] as const
/** A kind of mediation. */
export type AttemptKind = (typeof attemptKinds)[number]

/** One earlier attempt to settle the dispute, carried from case to case (三调联动, docs/domain-rules.md#53-three-way-linkage). */
export const attemptSchema = z.object({
  /** Which kind of mediation. */
  kind: z.enum(attemptKinds),
  /** The linked case's instance id, when known. */
  caseId: z.string().nullable().default(null),
  /** How it ended or what happened, e.g. `'transferred'`, `'penalized'`, `'judged'`. */
  result: z.string().min(1),
  /** The report outcome of that case (`'resolved'`, `'unresolved'`, `'void'`), when it ended. */
  outcome: z.string().nullable().default(null),
  /** Free text. */
  note: z.string().nullable().default(null),
})

/** One attempt as stored in context. */
export type Attempt = {
  kind: AttemptKind
  caseId: string | null
  result: string
  outcome: string | null
  note: string | null
}

/**
 * Routes a party may take after mediation: RT Art. 26 names arbitration, administrative and judicial
 * routes; MS Art. 206 adds enforcement (after confirmation) and renewed mediation (after a refusal).
 */
export const routes = ['arbitration', 'administrative', 'litigation', 'enforcement', 'peoplesMediation'] as const
/** A route open to the parties. */
export type Route = (typeof routes)[number]

/** RT Art. 26: the routes a party is told of when mediation fails or cannot take place. */
export const routesAfterFailure: readonly Route[] = Object.freeze(['arbitration', 'administrative', 'litigation'])

/** Payload of the event a linked case sends its parent when it ends (`startProcess(…, { onDone })`). */
export const linkedOutcomeSchema = z.object({
  childId: z.string().optional(),
  processId: z.string().optional(),
  state: z.string().optional(),
  outcome: z.string().nullable().optional(),
  output: z.unknown().optional(),
})

/**
 * What every mediation process outputs when it ends (the machine's `output`), and so what a
 * parent case receives as `output` of its completion event.
 */
export type MediationOutput = {
  /** Whether the dispute was settled by an agreement (or a mediation statement). */
  agreed: boolean
  /** The agreed terms, if any. */
  terms: string | null
  /** Routes open to the parties (RT Art. 26; ZA Art. 9 right to sue; MS Art. 206). */
  routes: Route[]
  /** Every mediation attempt so far, this case's included. */
  attempts: Attempt[]
}

const outputSchema = z.object({
  agreed: z.boolean().catch(false),
  terms: z.string().nullable().catch(null),
  routes: z.array(z.enum(routes)).catch([]),
})

/**
 * Reads a linked case's `output` defensively: anything malformed reads as "not agreed".
 *
 * @param output - the `output` field of a completion event
 * @returns agreed, terms and routes
 */
export function readLinkedOutput(output: unknown): { agreed: boolean; terms: string | null; routes: Route[] } {
  const r = outputSchema.safeParse(output)
  return r.success ? r.data : { agreed: false, terms: null, routes: [] }
}

/**
 * What a linked people's mediation reported back (a `TRANSFER_OUTCOME` payload), as an attempt on
 * the police or court case's record.
 *
 * @param report - the linked case's id, final state and outcome
 * @returns the attempt, without a note
 */
export function peoplesAttempt(report: z.output<typeof linkedOutcomeSchema>): Attempt {
  return {
    kind: 'peoples',
    caseId: report.childId ?? null,
    result: report.state ?? 'ended',
    outcome: report.outcome ?? null,
    note: null,
  }
}

/** Where a joint application for judicial confirmation may be filed (MS Art. 205; SJ11 Art. 2). */
export const venues = ['invitingCourt', 'partyDomicile', 'propertyLocation', 'committeeLocation'] as const

/**
 * The required contents of a written mediation agreement (RT Art. 29): the parties; the facts,
 * issues and responsibilities; the terms and the method and deadline of performance.
 */
export const agreementContentsSchema = z.object({
  /** Ids of the parties the agreement binds: every party to the case. */
  parties: z.array(z.string().min(1)).min(2),
  facts: z.string().min(1),
  issues: z.string().min(1),
  responsibilities: z.string().min(1),
  terms: z.string().min(1),
  performance: z.object({ method: z.string().min(1), deadline: z.iso.date() }),
})

/** The contents of a written agreement as stored in context. */
export type AgreementContents = z.output<typeof agreementContentsSchema>

/** How a people's mediation case came about (RT Art. 17 party application or committee initiative; RT Art. 18 pointed there by police or court; XF Art. 33 petition). */
export const origins = ['party', 'committee', 'police', 'court', 'petition'] as const

/**
 * Start input of people's mediation (process `'mediation'`): the registration data of docs/domain-rules.md#51-peoples-mediation.
 *
 * @param p - parameters (the ladder levels)
 * @returns the schema
 */
export function peoplesInputSchema(p: Pick<MediationParameters, 'colour'>) {
  return z
    .object({
      parties: partiesSchema,
      /** Kind of dispute, e.g. `'neighbour'`, `'fight'`, `'propertyDamage'`, `'contract'`, `'marriage'`. */
      disputeType: z.string().min(1).default('other'),
      facts: z.string().min(1),
      /** What the applicant asks for. */
      request: z.string().default(''),
      /** Three-colour grade at registration (docs/domain-rules.md#22-colour-grading). */
      colour: z.enum(colours).default('green'),
      /** Ladder level of the unit the case is started at (docs/domain-rules.md#21-escalation-ladder); green cases default to the green owner. */
      level: z
        .string()
        .refine((l) => p.colour.ladder.includes(l), { message: `must be one of ${p.colour.ladder.join(', ')}` })
        .optional(),
      origin: z.enum(origins).default('party'),
      /** Parties who applied (RT Art. 17); they count as consenting. */
      applicants: z.array(z.string().min(1)).default([]),
      /** Earlier attempts (三调联动). */
      attempts: z.array(attemptSchema).default([]),
    })
    .superRefine((v, ctx) => {
      const ids = v.parties.map((x) => x.id)
      for (const a of v.applicants)
        if (!ids.includes(a)) ctx.addIssue({ code: 'custom', path: ['applicants'], message: `"${a}" is not a party` })
      if (v.origin === 'party' && v.applicants.length === 0)
        ctx.addIssue({
          code: 'custom',
          path: ['applicants'],
          message: "a case started on a party's application names the applicant(s) (RT Art. 17)",
        })
    })
}

/**
 * Start input of police mediation (process `'policeMediation'`, ZA Art. 9).
 *
 * @param p - parameters (which matters the police may mediate)
 * @returns the schema
 */
export function policeInputSchema(p: Pick<MediationParameters, 'police'>) {
  return z.object({
    parties: partiesSchema,
    disputeType: z.string().refine((t) => p.police.mediableTypes.includes(t), {
      message: `ZA Art. 9: the police mediate only ${p.police.mediableTypes.join(', ')} arising from civil disputes`,
    }),
    facts: z.string().min(1),
    attempts: z.array(attemptSchema).default([]),
    origin: z.enum(['direct', 'peoples']).default('direct'),
  })
}

/** Start input of court mediation (process `'courtMediation'`, MS Arts. 96–102, 125–126). */
export const courtInputSchema = z.object({
  parties: partiesSchema,
  disputeType: z.string().min(1).default('other'),
  facts: z.string().min(1),
  /** The claim brought to court. */
  claim: z.string().default(''),
  attempts: z.array(attemptSchema).default([]),
  origin: z.enum(['direct', 'peoples', 'police']).default('direct'),
})

/** Start input of people's mediation as a caller writes it. */
export type PeoplesMediationInput = z.input<ReturnType<typeof peoplesInputSchema>>
/** Start input of people's mediation as parsed (defaults applied). */
export type PeoplesInput = z.output<ReturnType<typeof peoplesInputSchema>>
/** Start input of police mediation as a caller writes it. */
export type PoliceMediationInput = z.input<ReturnType<typeof policeInputSchema>>
/** Start input of court mediation as a caller writes it. */
export type CourtMediationInput = z.input<typeof courtInputSchema>
