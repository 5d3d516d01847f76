/**
 * The grid event's start input and event policies (docs/domain-rules.md#2-grid-closed-loop): who
 * may send each event and what it carries.
 *
 * @module
 */
import { systemEvent, type PartyBinding } from '@fengqiao/core'
import { z } from 'zod'

/** The three colours of 三色管理, lowest first (docs/domain-rules.md#22-colour-grading). */
export const Colour = z.enum(['green', 'yellow', 'red'])
/** A grading colour. */
export type Colour = z.infer<typeof Colour>

/** Who found the matter: a grid member on patrol, a resident (群众点单) or a sensor. */
export const ReportSource = z.enum(['gridMember', 'resident', 'sensor'])

/** Why an operator voids a report (docs/domain-rules.md#2-grid-closed-loop). */
export const VoidReason = z.enum(['duplicate', 'outOfScope', 'unverifiable'])

const text = z.string().trim().min(1)
const isoDateTime = z.iso.datetime({ offset: true })

/** The report (上报) that starts a grid event. */
export const gridEventInputSchema = z.object({
  /** Where the matter is. */
  location: text,
  /** The grid cell (网格) it was found in. */
  grid: text,
  /** The matter's category (e.g. `'neighbourDispute'`, `'roadDamage'`). */
  category: text,
  /** What was found. */
  text,
  /** Photos before handling, as references. */
  photos: z.array(text).default([]),
  /** The colour the reporter proposes; green unless the matter is plainly bigger. */
  colour: Colour.default('green'),
  /** Who reported. */
  source: ReportSource,
  /** The reporter; `id` lets a resident verify the fix of their own report. Personal data. */
  reporter: z.object({ id: text.optional(), name: text.optional(), contact: text.optional() }).strict().default({}),
})
/** The report as parsed. */
export type GridEventInput = z.output<typeof gridEventInputSchema>
/** The report as a caller writes it (defaults may be left out). */
export type GridEventInputArg = z.input<typeof gridEventInputSchema>

/** The reporter of an event is its one party: only they verify as `reporter`. */
export const reporterOfEvent: PartyBinding<{ readonly report: { readonly reporter: { readonly id?: string } } }> = {
  roles: ['reporter'],
  ids: (context) => (context.report.reporter.id === undefined ? [] : [context.report.reporter.id]),
}

/**
 * The whistled departments of an event are its parties as departments: only a called department
 * reports for duty or feeds back through the role `department` (a grid member is not bound).
 */
export const calledDepartments: PartyBinding<{ readonly whistle: { readonly departments: readonly string[] } | null }> =
  {
    roles: ['department'],
    ids: (context) => context.whistle?.departments ?? [],
  }

/** Every event of the grid event process, with its roles and payload. */
export const gridEventSchemas = {
  ACCEPT: { schema: z.object({ note: text.optional() }).strict(), roles: ['operator'] },
  VOID: { schema: z.object({ reason: VoidReason, note: text.optional() }).strict(), roles: ['operator'] },
  CLAIM: { schema: z.object({ member: text }).strict(), roles: ['gridMember'] },
  WHISTLE: {
    schema: z
      .object({
        departments: z.array(text).min(1),
        leadLeader: text,
        measures: text,
        dueDate: isoDateTime.optional(),
      })
      .strict(),
    roles: ['centre'],
  },
  REPORT_FOR_DUTY: {
    schema: z.object({ department: text, arrivedAt: isoDateTime }).strict(),
    roles: ['department'],
    parties: calledDepartments,
  },
  FEEDBACK: {
    schema: z.object({ result: text, photos: z.array(text).default([]) }).strict(),
    roles: ['gridMember', 'department'],
    parties: calledDepartments,
  },
  VERIFY: {
    schema: z.object({ ok: z.boolean(), note: text.optional() }).strict(),
    roles: ['gridMember', 'reporter'],
    scope: 'any',
    parties: reporterOfEvent,
  },
  STRIKE_OFF: { schema: z.object({ ledgerRef: text.optional() }).strict(), roles: ['centre'] },
  ESCALATE: {
    schema: z.object({ reason: z.enum(['beyondCompetence']), note: text }).strict(),
    roles: ['gridMember', 'operator', 'centre'],
  },
  REGRADE: { schema: z.object({ colour: Colour, reason: text }).strict(), roles: ['centre'] },
  FLAG_CRIMINAL_RISK: {
    schema: z.object({ note: text, caseOwner: text }).strict(),
    roles: ['gridMember', 'operator', 'centre'],
  },
  ROUTE_OVERDUE: systemEvent(),
  DUTY_OVERDUE: systemEvent(),
  FEEDBACK_OVERDUE: systemEvent(),
  LEVEL_OVERDUE: systemEvent({
    schema: z.object({ deadline: z.string(), from: z.string(), to: z.string() }).partial(),
  }),
} as const

/** The grid event's event policies' type. */
export type GridEventSchemas = typeof gridEventSchemas
