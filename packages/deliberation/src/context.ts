/**
 * What a deliberation case holds (plain JSON, dates as civil-date strings), the check every
 * meeting passes before it is evaluated, and the small pure helpers the machine's rules use.
 *
 * @module
 */
import { compareCivilDates, type EventsOf } from '@fengqiao/core'
import { checkBodyFor, type MatterClass, type MeetingBody, type ResolutionBody, type RuleCheck } from './matters.js'
import {
  checkConvocationRequest,
  evaluateMeeting,
  type MeetingEvaluation,
  type MeetingOutcome,
  type MeetingRecord,
} from './meetings.js'
import type { DeliberationParameters } from './parameters.js'
import type { deliberationEvents, DeliberationInputParsed } from './schemas.js'

/** The process id. */
export const DELIBERATION_PROCESS_ID = 'deliberation'
/** The id of the linked non-disclosure complaint process (CW Art. 31). */
export const COMPLAINT_PROCESS_ID = 'deliberation-complaint'

/** A step that holds a meeting: the merged proposal (一肩挑), consultation, re-consultation after a failed vote, review, resolution. */
export type MeetingStep = 'proposal' | 'consultation' | 'reconsultation' | 'review' | 'resolution'

/** One meeting as the case file keeps it, whatever its outcome. */
export interface MeetingLogEntry {
  step: MeetingStep
  body: MeetingBody
  outcome: MeetingOutcome
  /** The rule that decided the outcome. */
  rule: string
  reason: string
  record: MeetingRecord
}

/** A disclosure as recorded. */
export interface Disclosure {
  postedAt: string
  channels: string[]
  content: string
}

/** A revocation: a township correction order (CW Art. 27) or a court ruling (CW Art. 36; JJ Art. 57). */
export interface Revocation {
  by: 'township' | 'court'
  rule: string
  date: string
  reference: string
  reason: string
  /** For a collective economic organisation's decision: the JJ Art. 57 suit window, when the dates were given. */
  suitWindow: { lastDay: string; limitedBy: 'knowledge' | 'decision'; filedInTime: boolean | null } | null
}

/** The implementation-result disclosure; it records a revocation when there was one. */
export interface ResultDisclosure extends Disclosure {
  revocation: Revocation | null
}

/** A non-disclosure complaint's result, as reported back by the linked complaint case. */
export interface ComplaintRecord {
  childId: string | null
  decision: 'ordered' | 'dismissed' | null
  finding: string | null
  reference: string | null
}

/** The context of a deliberation case: plain JSON, dates as strings. */
export interface DeliberationContext {
  village: { name: string; oneHolder: boolean; frequentFinances: boolean; township: string | null }
  matter: { class: MatterClass; title: string; summary: string | null }
  resolutionBody: ResolutionBody
  /** Steps 1 and 2 may merge: one person holds both posts and the deployment allows it. */
  merged: boolean
  /** Whether a request obliges the committee to convene the resolution meeting (CW Arts. 21, 26). */
  convocation: { required: boolean; rule: string; reason: string }
  proposal: { date: string; summary: string } | null
  plan: string | null
  /** Every meeting held, in order, with its outcome. */
  meetings: MeetingLogEntry[]
  /** Set by a failed vote at step 3 or 4: the two committees consult again before the next review. */
  reconsultationRequired: boolean
  resolution: { date: string; rule: string; reason: string } | null
  resolutionDisclosure: Disclosure | null
  implementation: { startedOn: string | null; note: string | null; completedOn: string | null; summary: string | null }
  progressDisclosures: Disclosure[]
  resultDisclosure: ResultDisclosure | null
  revocation: Revocation | null
  complaints: { lodged: number; open: number; records: ComplaintRecord[] }
  /** The latest date on file: no later step may be dated before it. */
  lastDate: string | null
  /** When the current disclosure went up (the minimum posting period runs from it). */
  postingSince: string | null
  archive: { opinion: string; reference: string | null } | null
  withdrawal: { reason: string } | null
}

/** An event of the deliberation machine. */
export type DeliberationEvent = EventsOf<typeof deliberationEvents>
type Ev = DeliberationEvent

/** Whether a step may be recorded at all, before its meeting is evaluated. */
export type StepCheck =
  | { readonly ok: true; readonly body: MeetingBody; readonly evaluation: MeetingEvaluation }
  | { readonly ok: false; readonly rule: string; readonly reason: string }

/**
 * Checks a meeting for a step against the case, then evaluates it (pure; the machine's guards use
 * it). A refusal (`ok: false`) means the engine refuses the event with `EVENT_NOT_ACCEPTED`; it
 * says which rule and why. A failed quorum or vote is not a refusal: it is an evaluated outcome.
 *
 * @param step - the step the meeting belongs to
 * @param context - the case context
 * @param meeting - the meeting record
 * @param p - the parameters
 * @returns the refusal, or the meeting's evaluation
 */
export function checkStep(
  step: MeetingStep,
  context: DeliberationContext,
  meeting: MeetingRecord,
  p: DeliberationParameters,
): StepCheck {
  if (context.lastDate !== null && compareCivilDates(meeting.date, context.lastDate) < 0) {
    return {
      ok: false,
      rule: 'chronology',
      reason: `the meeting of ${meeting.date} predates the last step on file (${context.lastDate}).`,
    }
  }
  if (step === 'proposal' && !context.merged) {
    return {
      ok: false,
      rule: 'local rule (S1)',
      reason:
        'steps 1 and 2 merge only where one person heads both the party organisation and the committee, and mergeWhenOneHolder is set: propose, then consult.',
    }
  }
  if (step === 'reconsultation' && !context.reconsultationRequired) {
    return {
      ok: false,
      rule: 'docs/domain-rules.md#7-four-deliberations-two-disclosures',
      reason: 'the plan has been consulted on; the two committees consult again only after a failed vote.',
    }
  }
  if (step === 'review' && context.reconsultationRequired) {
    return {
      ok: false,
      rule: 'docs/domain-rules.md#7-four-deliberations-two-disclosures',
      reason: 'a vote failed: the two committees consult again before the party members review.',
    }
  }
  if (step === 'resolution') {
    const c: RuleCheck = checkBodyFor(context.matter.class, context.resolutionBody, p)
    if (!c.ok) return { ok: false, rule: c.rule, reason: c.reason }
  }
  const body: MeetingBody =
    step === 'review' ? 'partyMembers' : step === 'resolution' ? context.resolutionBody : 'twoCommittees'
  return { ok: true, body, evaluation: evaluateMeeting(body, meeting, p) }
}

/** A meeting's outcome as the machine branches on it. */
export type MeetingResult = 'passed' | 'rejected' | 'reschedule'
type Result = MeetingResult
/** The machine's branch for a meeting's outcome. */
export const resultOf = (o: MeetingOutcome): Result =>
  o === 'passed' ? 'passed' : o === 'rejected' ? 'rejected' : 'reschedule'

/** The meeting an event records (the merged proposal's joint meeting, or the step's meeting). */
export function meetingIn(event: Ev): MeetingRecord | undefined {
  switch (event.type) {
    case 'PROPOSE':
      return event.consultation
    case 'CONSULT':
    case 'REVIEW':
    case 'RESOLVE':
      return event.meeting
    default:
      return undefined
  }
}

/** Whether a date is not before the last date on file. */
export function notBefore(last: string | null, date: string): boolean {
  return last === null || compareCivilDates(date, last) >= 0
}

/** The later of two civil dates. */
export function later(a: string | null, b: string): string {
  return a === null || compareCivilDates(b, a) > 0 ? b : a
}

/** Which disclosure a complaint lodged now is about. */
export function pendingDisclosure(c: DeliberationContext): 'resolution' | 'progress' | 'result' | 'revocation' {
  if (c.revocation !== null) return 'revocation'
  if (c.resolutionDisclosure === null) return 'resolution'
  if (c.implementation.completedOn === null) return 'progress'
  return 'result'
}

/**
 * The context a new deliberation starts with: whether steps 1 and 2 merge, and whether a request
 * obliges the committee to convene (CW Arts. 21, 26).
 *
 * @param input - the parsed start input
 * @param p - the parameters in force
 * @returns the initial context
 */
export function initialContext(input: DeliberationInputParsed, p: DeliberationParameters): DeliberationContext {
  const convocation =
    input.initiative.by === 'partyOrganisation'
      ? { ok: false, rule: 'none', reason: 'proposed by the party organisation.' }
      : checkConvocationRequest(input.resolutionBody, input.initiative, p)
  return {
    village: {
      name: input.village.name,
      oneHolder: input.village.oneHolder,
      frequentFinances: input.village.frequentFinances,
      township: input.village.township ?? null,
    },
    matter: { class: input.matter.class, title: input.matter.title, summary: input.matter.summary ?? null },
    resolutionBody: input.resolutionBody,
    merged: p.mergeWhenOneHolder && input.village.oneHolder,
    convocation: { required: convocation.ok, rule: convocation.rule, reason: convocation.reason },
    proposal: null,
    plan: null,
    meetings: [],
    reconsultationRequired: false,
    resolution: null,
    resolutionDisclosure: null,
    implementation: { startedOn: null, note: null, completedOn: null, summary: null },
    progressDisclosures: [],
    resultDisclosure: null,
    revocation: null,
    complaints: { lodged: 0, open: 0, records: [] },
    lastDate: null,
    postingSince: null,
    archive: null,
    withdrawal: null,
  }
}
