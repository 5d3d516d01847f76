/**
 * The events of people's mediation: who sends each, with what payload.
 *
 * @module
 */
import { systemEvent, type EventsOf } from '@fengqiao/core'
import { z } from 'zod'
import { peoplesEventLabels as E } from './labels.js'
import { roles as R } from './roles.js'
import { agreementContentsSchema, linkedOutcomeSchema, partiesOfDispute, venues } from './schemas.js'

const id = z.string().min(1)
const text = z.string().min(1)
const none = z.object({})
const mediatorRef = z.object({ id, name: text })

/**
 * The event policies of people's mediation: payload schema, roles and org-unit scope of every
 * event. Parties, the police and the court act from outside the org-unit tree (scope `'any'`);
 * events the engine sends itself are `systemEvent()`s, and a party acts only on its own dispute
 * (`partiesOfDispute`).
 */
export const peoplesEvents = {
  CONSENT: {
    schema: z.object({ party: id }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.CONSENT,
  },
  REFUSE: {
    schema: z.object({ party: id, reason: z.string().optional() }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.REFUSE,
  },
  ACCEPT: { schema: z.object({ note: z.string().optional() }), roles: [R.committee], label: E.ACCEPT },
  DECLINE: {
    schema: z.object({
      reason: z.enum(['inLitigation', 'inArbitration', 'administrativeMatter', 'notSuitable']),
      note: z.string().optional(),
    }),
    roles: [R.committee],
    label: E.DECLINE,
  },
  ASSIGN_MEDIATOR: {
    schema: z.object({ mediators: z.array(mediatorRef).min(1) }),
    roles: [R.committee],
    label: E.ASSIGN_MEDIATOR,
  },
  CHOOSE_MEDIATOR: {
    schema: z.object({ party: id, mediator: mediatorRef }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.CHOOSE_MEDIATOR,
  },
  REQUEST_RECUSAL: {
    schema: z.object({ party: id, mediatorId: id, reason: text }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.REQUEST_RECUSAL,
  },
  REMOVE_MEDIATOR: {
    schema: z.object({
      mediatorId: id,
      ground: z.enum(['bias', 'insult', 'bribery', 'leak', 'conflictOfInterest']),
      note: z.string().optional(),
    }),
    roles: [R.committee],
    label: E.REMOVE_MEDIATOR,
  },
  ADD_HELPER: {
    schema: z.object({
      helper: z.object({
        name: text,
        relation: z.enum(['relative', 'neighbour', 'colleague', 'expert', 'organisation']),
      }),
      consentedBy: z.array(id).min(1),
    }),
    roles: [R.mediator],
    label: E.ADD_HELPER,
  },
  SET_SESSION: {
    schema: z.object({ party: id, mode: z.enum(['public', 'private']) }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.SET_SESSION,
  },
  HEART_STEP: {
    schema: z.object({ step: text, by: text, at: z.iso.datetime({ offset: true }), notes: text }),
    roles: [R.mediator],
    label: E.HEART_STEP,
  },
  FLAG_CRIMINAL_RISK: {
    schema: z.object({ by: text, note: text }),
    roles: [R.mediator, R.committee],
    label: E.FLAG_CRIMINAL_RISK,
  },
  UPGRADE_COLOUR: {
    schema: z.object({ to: z.enum(['yellow', 'red']), reason: text }),
    roles: [R.committee, R.township, R.county],
    label: E.UPGRADE_COLOUR,
  },
  REFER_UP: {
    schema: z.object({ reason: text }),
    roles: [R.gridMember, R.committee, R.township, R.county],
    label: E.REFER_UP,
  },
  VERIFY_FIX: {
    schema: z.object({ by: text, note: text }),
    roles: [R.gridMember, R.township, R.county],
    label: E.VERIFY_FIX,
  },
  LOWER_COLOUR: { schema: z.object({ reason: text }), roles: [R.township, R.county], label: E.LOWER_COLOUR },
  ASSIGN_LEADER: { schema: z.object({ leader: text }), roles: [R.township, R.county], label: E.ASSIGN_LEADER },
  DRAFT_AGREEMENT: {
    schema: z.object({ contents: agreementContentsSchema }),
    roles: [R.mediator],
    label: E.DRAFT_AGREEMENT,
  },
  SIGN_AGREEMENT: {
    schema: z.object({ party: id, mark: z.enum(['signature', 'seal', 'fingerprint']) }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.SIGN_AGREEMENT,
  },
  MEDIATOR_SIGN: { schema: z.object({ mediatorId: id }), roles: [R.mediator], label: E.MEDIATOR_SIGN },
  COMMITTEE_SEAL: { schema: none, roles: [R.committee], label: E.COMMITTEE_SEAL },
  REVISE_AGREEMENT: { schema: z.object({ reason: text }), roles: [R.mediator], label: E.REVISE_AGREEMENT },
  RECORD_ORAL_AGREEMENT: {
    schema: z.object({ terms: text, record: text, agreedBy: z.array(id).min(1) }),
    roles: [R.mediator],
    label: E.RECORD_ORAL_AGREEMENT,
  },
  END_MEDIATION: { schema: z.object({ reason: text }), roles: [R.mediator], label: E.END_MEDIATION },
  TRANSFER: {
    schema: z.object({ to: z.enum(['police', 'court']), reason: text }),
    roles: [R.mediator, R.committee],
    label: E.TRANSFER,
  },
  TRANSFER_OUTCOME: systemEvent({ schema: linkedOutcomeSchema, label: E.TRANSFER_OUTCOME }),
  MEDIATION_OVERDUE: systemEvent({ label: E.MEDIATION_OVERDUE }),
  GRADE_OVERDUE: systemEvent({ label: E.GRADE_OVERDUE }),
  GRADE_LATE: systemEvent({ label: E.GRADE_LATE }),
  GRADE_CEILING: systemEvent({ label: E.GRADE_CEILING }),
  GRADE_ROUTED: systemEvent({ label: E.GRADE_ROUTED }),
  RECORD_PERFORMANCE: {
    schema: z.object({ by: text, note: text }),
    roles: [R.mediator, R.committee],
    label: E.RECORD_PERFORMANCE,
  },
  PERFORMED: { schema: z.object({ note: text }), roles: [R.mediator, R.committee], label: E.PERFORMED },
  PERFORMANCE_DISPUTE: {
    schema: z.object({ party: id, note: text }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.PERFORMANCE_DISPUTE,
  },
  APPLY_CONFIRMATION: {
    schema: z.object({ party: id, court: text, venue: z.enum(venues) }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.APPLY_CONFIRMATION,
  },
  CONFIRMATION_WINDOW_CLOSED: systemEvent({ label: E.CONFIRMATION_WINDOW_CLOSED }),
  COURT_ACCEPT: { schema: z.object({ caseNo: text }), roles: [R.court], scope: 'any', label: E.COURT_ACCEPT },
  COURT_DECLINE: { schema: z.object({ reason: text }), roles: [R.court], scope: 'any', label: E.COURT_DECLINE },
  COURT_ACCEPT_OVERDUE: systemEvent({ label: E.COURT_ACCEPT_OVERDUE }),
  COURT_EXTEND: {
    schema: z.object({ days: z.number().int().positive(), reason: text }),
    roles: [R.courtPresident],
    scope: 'any',
    label: E.COURT_EXTEND,
  },
  COURT_CONFIRM: { schema: z.object({ ruling: text }), roles: [R.court], scope: 'any', label: E.COURT_CONFIRM },
  COURT_REJECT: { schema: z.object({ reason: text }), roles: [R.court], scope: 'any', label: E.COURT_REJECT },
  COURT_DECIDE_OVERDUE: systemEvent({ label: E.COURT_DECIDE_OVERDUE }),
  MEDIATE_ANEW: {
    schema: z.object({ agreedBy: z.array(id).min(1) }),
    roles: [R.mediator, R.committee],
    label: E.MEDIATE_ANEW,
  },
  SUE: { schema: z.object({ party: id }), roles: [R.party], scope: 'any', parties: partiesOfDispute, label: E.SUE },
  APPLY_ENFORCEMENT: {
    schema: z.object({ party: id, note: text }),
    roles: [R.party],
    scope: 'any',
    parties: partiesOfDispute,
    label: E.APPLY_ENFORCEMENT,
  },
} as const

/** The events of people's mediation, flat (`{ type, ...payload }`). */
export type PeoplesEvent = EventsOf<typeof peoplesEvents>
