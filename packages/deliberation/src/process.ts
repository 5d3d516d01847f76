/**
 * The deliberation process (四议两公开) as an XState machine on the Fengqiao engine.
 *
 * DRAFT → DELIBERATING.{PROPOSED → CONSULTED → PARTY_REVIEWED} → RESOLVED → RESOLUTION_PUBLISHED →
 * IMPLEMENTING → IMPLEMENTED → RESULT_PUBLISHED → ARCHIVED; a township correction order or a
 * court ruling → REVOKED, disclosed in the result disclosure → ARCHIVED_REVOKED.
 *
 * @module
 */
import { civilDateAt, compareCivilDates, defineProcess, startProcess, update, type EventsOf } from '@fengqiao/core'
import { setup } from 'xstate'
import { stateLabels } from './labels.js'
import { checkBodyFor, type MatterClass, type MeetingBody, type ResolutionBody, type RuleCheck } from './matters.js'
import { checkConvocationRequest, evaluateMeeting, type MeetingEvaluation, type MeetingOutcome, type MeetingRecord } from './meetings.js'
import { resolveParameters, type DeliberationParameters } from './parameters.js'
import { postingEndsAt, revocationWindow } from './periods.js'
import { deliberationEvents, deliberationInputSchema, type DeliberationInputParsed } from './schemas.js'

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

type Ev = EventsOf<typeof deliberationEvents>

/** Whether a step may be recorded at all, before its meeting is evaluated. */
export type StepCheck = { readonly ok: true; readonly body: MeetingBody; readonly evaluation: MeetingEvaluation } | { readonly ok: false; readonly rule: string; readonly reason: string }

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
export function checkStep(step: MeetingStep, context: DeliberationContext, meeting: MeetingRecord, p: DeliberationParameters): StepCheck {
  if (context.lastDate !== null && compareCivilDates(meeting.date, context.lastDate) < 0) {
    return { ok: false, rule: 'chronology', reason: `the meeting of ${meeting.date} predates the last step on file (${context.lastDate}).` }
  }
  if (step === 'proposal' && !context.merged) {
    return { ok: false, rule: 'local rule (S1)', reason: 'steps 1 and 2 merge only where one person heads both the party organisation and the committee, and mergeWhenOneHolder is set: propose, then consult.' }
  }
  if (step === 'reconsultation' && !context.reconsultationRequired) {
    return { ok: false, rule: 'SPEC §7', reason: 'the plan has been consulted on; the two committees consult again only after a failed vote.' }
  }
  if (step === 'review' && context.reconsultationRequired) {
    return { ok: false, rule: 'SPEC §7', reason: 'a vote failed: the two committees consult again before the party members review.' }
  }
  if (step === 'resolution') {
    const c: RuleCheck = checkBodyFor(context.matter.class, context.resolutionBody, p)
    if (!c.ok) return { ok: false, rule: c.rule, reason: c.reason }
  }
  const body: MeetingBody = step === 'review' ? 'partyMembers' : step === 'resolution' ? context.resolutionBody : 'twoCommittees'
  return { ok: true, body, evaluation: evaluateMeeting(body, meeting, p) }
}

type Result = 'passed' | 'rejected' | 'reschedule'
const resultOf = (o: MeetingOutcome): Result => (o === 'passed' ? 'passed' : o === 'rejected' ? 'rejected' : 'reschedule')

function meetingIn(event: Ev): MeetingRecord | undefined {
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

function notBefore(last: string | null, date: string): boolean {
  return last === null || compareCivilDates(date, last) >= 0
}

function later(a: string | null, b: string): string {
  return a === null || compareCivilDates(b, a) > 0 ? b : a
}

function pendingDisclosure(c: DeliberationContext): 'resolution' | 'progress' | 'result' | 'revocation' {
  if (c.revocation !== null) return 'revocation'
  if (c.resolutionDisclosure === null) return 'resolution'
  if (c.implementation.completedOn === null) return 'progress'
  return 'result'
}

const title = (zh: string, en: string) => ({ 'zh-CN': zh, en })

/**
 * Builds the deliberation process from parameters.
 *
 * @param overrides - parameters to change (see `defaultDeliberationParameters`)
 * @returns the process definition, for `createEngine({ processes })` or `engine.process(…)`
 * @throws {FengqiaoError} INVALID_OPTIONS for malformed parameters
 * @example
 * ```ts
 * const deliberation = deliberationProcess({ representativeMeetingPassBase: 'all' })
 * const client = engine.process(deliberation)
 * ```
 */
export function deliberationProcess(overrides: Partial<DeliberationParameters> = {}) {
  const p = resolveParameters(overrides)
  const tz = p.timeZone
  const dateOf = (postedAt: string): string => civilDateAt(Date.parse(postedAt), tz)

  const s = setup({
    types: { context: {} as DeliberationContext, events: {} as Ev, input: {} as DeliberationInputParsed },
    delays: {
      // The minimum posting period ends at 24:00 of the n-th day after the posting day.
      posting: ({ context }) => (context.postingSince === null ? 0 : Math.max(0, postingEndsAt(context.postingSince, p.disclosureMinDays, tz) - Date.parse(context.postingSince))),
    },
  })

  // Guards: pure, on the context and the event only.
  const outcome = (step: MeetingStep, ...want: Result[]) =>
    ({ context, event }: { context: DeliberationContext; event: Ev }): boolean => {
      const m = meetingIn(event)
      if (m === undefined) return false
      const c = checkStep(step, context, m, p)
      return c.ok && want.includes(resultOf(c.evaluation.outcome))
    }
  const postedInOrder = ({ context, event }: { context: DeliberationContext; event: Ev }): boolean => 'postedAt' in event && notBefore(context.lastDate, dateOf(event.postedAt))
  const datedInOrder = ({ context, event }: { context: DeliberationContext; event: Ev }): boolean => 'date' in event && typeof event.date === 'string' && notBefore(context.lastDate, event.date)
  const mayWithdraw = ({ context }: { context: DeliberationContext }): boolean => !context.convocation.required
  const noOpenComplaint = ({ context }: { context: DeliberationContext }): boolean => context.complaints.open === 0

  // Actions.
  const recordMeeting = (step: MeetingStep) =>
    s.createAction(
      update(({ draft, event }) => {
        const m = meetingIn(event)
        if (m === undefined) return
        const c = checkStep(step, draft, m, p)
        if (!c.ok) return
        const e = c.evaluation
        draft.meetings.push({ step, body: c.body, outcome: e.outcome, rule: e.rule, reason: e.reason, record: m })
        draft.lastDate = later(draft.lastDate, m.date)
        const result = resultOf(e.outcome)
        if (step === 'reconsultation' && result === 'passed') draft.reconsultationRequired = false
        if ((step === 'review' || step === 'resolution') && result === 'rejected') draft.reconsultationRequired = true
        if (step === 'resolution' && result === 'passed') draft.resolution = { date: m.date, rule: e.rule, reason: e.reason }
        if (event.type === 'CONSULT' && event.plan !== undefined) draft.plan = event.plan
      }),
    )
  const recordProposal = s.createAction(
    update(({ draft, event }) => {
      if (event.type !== 'PROPOSE') return
      draft.proposal = { date: event.date, summary: event.summary }
      draft.lastDate = later(draft.lastDate, event.date)
    }),
  )
  const recordDisclosure = (kind: 'resolution' | 'progress' | 'result') =>
    s.createAction(
      update(({ draft, event }) => {
        if (event.type !== 'PUBLISH_RESOLUTION' && event.type !== 'DISCLOSE_PROGRESS' && event.type !== 'PUBLISH_RESULT') return
        const d: Disclosure = { postedAt: event.postedAt, channels: [...event.channels], content: event.content }
        if (kind === 'resolution') draft.resolutionDisclosure = d
        else if (kind === 'progress') draft.progressDisclosures.push(d)
        else draft.resultDisclosure = { ...d, revocation: draft.revocation === null ? null : { ...draft.revocation } }
        draft.postingSince = event.postedAt
        draft.lastDate = later(draft.lastDate, dateOf(event.postedAt))
      }),
    )
  const recordRevocation = s.createAction(
    update(({ draft, event }) => {
      if (event.type === 'ORDER_CORRECTION') {
        draft.revocation = { by: 'township', rule: 'CW Art. 27', date: event.date, reference: event.reference, reason: event.reason, suitWindow: null }
      } else if (event.type === 'COURT_REVOCATION') {
        const jj = draft.matter.class.startsWith('jj')
        const decidedOn = draft.resolution?.date ?? null
        let suitWindow: Revocation['suitWindow'] = null
        if (jj && decidedOn !== null && event.knewOn !== undefined) {
          const w = revocationWindow(decidedOn, event.knewOn, p)
          suitWindow = { lastDay: w.lastDay, limitedBy: w.limitedBy, filedInTime: event.suitFiledOn === undefined ? null : compareCivilDates(event.suitFiledOn, w.lastDay) <= 0 }
        }
        draft.revocation = { by: 'court', rule: jj ? 'JJ Art. 57' : 'CW Art. 36', date: event.date, reference: event.reference, reason: event.reason, suitWindow }
      }
    }),
  )
  const lodgeComplaint = s.createAction(
    update(({ draft }) => {
      draft.complaints.lodged++
      draft.complaints.open++
    }),
  )
  const startComplaint = s.createAction(
    startProcess(COMPLAINT_PROCESS_ID, {
      input: ({ context, event }) =>
        event.type === 'COMPLAIN'
          ? {
              village: context.village.name,
              township: context.village.township,
              matter: context.matter.title,
              about: pendingDisclosure(context),
              complainant: event.complainant,
              kind: event.kind,
              statement: event.statement,
            }
          : null,
      onDone: 'COMPLAINT_HANDLED',
    }),
  )

  // Events accepted in every state after the resolution.
  const challenges = {
    ORDER_CORRECTION: { target: '#deliberation.REVOKED', actions: recordRevocation },
    COURT_REVOCATION: { target: '#deliberation.REVOKED', actions: recordRevocation },
  } as const
  const complaint = { COMPLAIN: { actions: [lodgeComplaint, startComplaint] } } as const

  const machine = s.createMachine({
    id: 'deliberation',
    initial: 'DRAFT',
    context: ({ input }) => {
      const convocation = input.initiative.by === 'partyOrganisation' ? { ok: false, rule: 'none', reason: 'proposed by the party organisation.' } : checkConvocationRequest(input.resolutionBody, input.initiative, p)
      return {
        village: { name: input.village.name, oneHolder: input.village.oneHolder, frequentFinances: input.village.frequentFinances, township: input.village.township ?? null },
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
    },
    on: {
      // A linked complaint case ended (whatever state the deliberation is in by then).
      COMPLAINT_HANDLED: {
        actions: update(({ draft, event }) => {
          draft.complaints.open = Math.max(0, draft.complaints.open - 1)
          const out = event.output ?? null
          draft.complaints.records.push({ childId: event.childId ?? null, decision: out?.decision ?? null, finding: out?.finding ?? null, reference: out?.reference ?? null })
        }),
      },
    },
    states: {
      DRAFT: {
        meta: { label: stateLabels.DRAFT, task: { role: 'partyOrganisation', title: title('提出提议', 'Make the proposal') } },
        on: {
          PROPOSE: [
            { guard: ({ context, event }) => event.consultation === undefined && notBefore(context.lastDate, event.date), target: '#deliberation.DELIBERATING.PROPOSED', actions: recordProposal },
            { guard: ({ context, event }) => notBefore(context.lastDate, event.date) && outcome('proposal', 'passed')({ context, event }), target: '#deliberation.DELIBERATING.CONSULTED', actions: [recordMeeting('proposal'), recordProposal] },
            { guard: ({ context, event }) => notBefore(context.lastDate, event.date) && outcome('proposal', 'rejected', 'reschedule')({ context, event }), target: 'DRAFT', actions: recordMeeting('proposal') },
          ],
          WITHDRAW: { guard: mayWithdraw, target: 'WITHDRAWN', actions: update(({ draft, event }) => { draft.withdrawal = { reason: event.reason } }) },
        },
      },
      DELIBERATING: {
        meta: { label: stateLabels.DELIBERATING, deadline: { days: p.maxDeliberationDays, name: 'deliberation', warnAt: 0.75 } },
        initial: 'PROPOSED',
        on: {
          WITHDRAW: { guard: mayWithdraw, target: 'WITHDRAWN', actions: update(({ draft, event }) => { draft.withdrawal = { reason: event.reason } }) },
        },
        states: {
          PROPOSED: {
            meta: { label: stateLabels['DELIBERATING.PROPOSED'], task: { role: 'partyOrganisation', title: title('召开村“两委”会议商议', 'Hold the two-committee meeting') } },
            on: {
              CONSULT: [
                { guard: outcome('consultation', 'passed'), target: 'CONSULTED', actions: recordMeeting('consultation') },
                // The two committees did not agree, or the meeting was not valid: consult again.
                { guard: outcome('consultation', 'rejected', 'reschedule'), target: 'PROPOSED', actions: recordMeeting('consultation') },
              ],
            },
          },
          CONSULTED: {
            meta: { label: stateLabels['DELIBERATING.CONSULTED'], task: { role: 'partyOrganisation', title: title('召开党员大会审议', "Hold the party members' meeting") } },
            on: {
              CONSULT: { guard: outcome('reconsultation', 'passed', 'rejected', 'reschedule'), target: 'CONSULTED', actions: recordMeeting('reconsultation') },
              REVIEW: [
                { guard: outcome('review', 'passed'), target: 'PARTY_REVIEWED', actions: recordMeeting('review') },
                // A failed vote (back to consultation: reconsultationRequired) or an invalid meeting (held again).
                { guard: outcome('review', 'rejected', 'reschedule'), target: 'CONSULTED', actions: recordMeeting('review') },
              ],
            },
          },
          PARTY_REVIEWED: {
            meta: { label: stateLabels['DELIBERATING.PARTY_REVIEWED'], task: { role: 'villagersCommittee', title: title('召开村民会议或村民代表会议决议', 'Hold the resolution meeting') } },
            on: {
              RESOLVE: [
                { guard: outcome('resolution', 'passed'), target: '#deliberation.RESOLVED', actions: recordMeeting('resolution') },
                { guard: outcome('resolution', 'rejected'), target: 'CONSULTED', actions: recordMeeting('resolution') },
                { guard: outcome('resolution', 'reschedule'), target: 'PARTY_REVIEWED', actions: recordMeeting('resolution') },
              ],
            },
          },
        },
      },
      RESOLVED: {
        meta: { label: stateLabels.RESOLVED, task: { role: 'villagersCommittee', title: title('决议公开', 'Publish the resolution') }, deadline: { days: p.immediateDisclosureDays, name: 'resolutionDisclosure', warnAt: 0.5 } },
        on: {
          PUBLISH_RESOLUTION: { guard: postedInOrder, target: 'RESOLUTION_PUBLISHED', actions: recordDisclosure('resolution') },
          ...challenges,
          ...complaint,
        },
      },
      RESOLUTION_PUBLISHED: {
        meta: { label: stateLabels.RESOLUTION_PUBLISHED },
        initial: 'POSTING',
        on: { ...challenges, ...complaint },
        states: {
          POSTING: { meta: { label: stateLabels['RESOLUTION_PUBLISHED.POSTING'] }, after: { posting: 'POSTED' } },
          POSTED: {
            meta: { label: stateLabels['RESOLUTION_PUBLISHED.POSTED'], task: { role: 'villagersCommittee', title: title('组织实施', 'Start implementation') } },
            on: {
              START_IMPLEMENTATION: [
                { guard: ({ context, event }) => context.village.frequentFinances && datedInOrder({ context, event }), target: '#deliberation.IMPLEMENTING.MONTHLY_ODD', actions: s.createAction(update(({ draft, event }) => { if (event.type !== 'START_IMPLEMENTATION') return; draft.implementation.startedOn = event.date; draft.implementation.note = event.note ?? null; draft.lastDate = later(draft.lastDate, event.date) })) },
                { guard: datedInOrder, target: '#deliberation.IMPLEMENTING.QUARTERLY_ODD', actions: s.createAction(update(({ draft, event }) => { if (event.type !== 'START_IMPLEMENTATION') return; draft.implementation.startedOn = event.date; draft.implementation.note = event.note ?? null; draft.lastDate = later(draft.lastDate, event.date) })) },
              ],
            },
          },
        },
      },
      // CW Art. 30 cadence: each progress disclosure starts a new period. Odd and even periods are
      // sibling states so that the new period's deadline starts afresh (see the package README).
      IMPLEMENTING: {
        meta: { label: stateLabels.IMPLEMENTING },
        initial: 'QUARTERLY_ODD',
        on: {
          COMPLETE_IMPLEMENTATION: {
            guard: datedInOrder,
            target: 'IMPLEMENTED',
            actions: update(({ draft, event }) => {
              draft.implementation.completedOn = event.date
              draft.implementation.summary = event.summary
              draft.lastDate = later(draft.lastDate, event.date)
            }),
          },
          ...challenges,
          ...complaint,
        },
        states: {
          QUARTERLY_ODD: {
            meta: { label: stateLabels['IMPLEMENTING.QUARTERLY_ODD'], task: { role: 'villagersCommittee', title: title('组织实施并按季公开', 'Implement; disclose at least quarterly') }, deadline: { days: p.ordinaryDisclosureIntervalDays, name: 'progressDisclosure.quarterly.odd', warnAt: 0.8 } },
            on: { DISCLOSE_PROGRESS: { guard: postedInOrder, target: 'QUARTERLY_EVEN', actions: recordDisclosure('progress') } },
          },
          QUARTERLY_EVEN: {
            meta: { label: stateLabels['IMPLEMENTING.QUARTERLY_EVEN'], task: { role: 'villagersCommittee', title: title('组织实施并按季公开', 'Implement; disclose at least quarterly') }, deadline: { days: p.ordinaryDisclosureIntervalDays, name: 'progressDisclosure.quarterly.even', warnAt: 0.8 } },
            on: { DISCLOSE_PROGRESS: { guard: postedInOrder, target: 'QUARTERLY_ODD', actions: recordDisclosure('progress') } },
          },
          MONTHLY_ODD: {
            meta: { label: stateLabels['IMPLEMENTING.MONTHLY_ODD'], task: { role: 'villagersCommittee', title: title('组织实施并按月公开财务', 'Implement; disclose finances monthly') }, deadline: { days: p.financeDisclosureIntervalDays, name: 'progressDisclosure.monthly.odd', warnAt: 0.8 } },
            on: { DISCLOSE_PROGRESS: { guard: postedInOrder, target: 'MONTHLY_EVEN', actions: recordDisclosure('progress') } },
          },
          MONTHLY_EVEN: {
            meta: { label: stateLabels['IMPLEMENTING.MONTHLY_EVEN'], task: { role: 'villagersCommittee', title: title('组织实施并按月公开财务', 'Implement; disclose finances monthly') }, deadline: { days: p.financeDisclosureIntervalDays, name: 'progressDisclosure.monthly.even', warnAt: 0.8 } },
            on: { DISCLOSE_PROGRESS: { guard: postedInOrder, target: 'MONTHLY_ODD', actions: recordDisclosure('progress') } },
          },
        },
      },
      IMPLEMENTED: {
        meta: { label: stateLabels.IMPLEMENTED, task: { role: 'villagersCommittee', title: title('实施结果公开', 'Publish the result') }, deadline: { days: p.immediateDisclosureDays, name: 'resultDisclosure', warnAt: 0.5 } },
        on: {
          PUBLISH_RESULT: { guard: postedInOrder, target: 'RESULT_PUBLISHED', actions: recordDisclosure('result') },
          ...challenges,
          ...complaint,
        },
      },
      REVOKED: {
        meta: { label: stateLabels.REVOKED, task: { role: 'villagersCommittee', title: title('在实施结果公开中公布撤销', 'Disclose the revocation in the result disclosure') }, deadline: { days: p.immediateDisclosureDays, name: 'revocationDisclosure', warnAt: 0.5 } },
        on: {
          PUBLISH_RESULT: { guard: postedInOrder, target: 'RESULT_PUBLISHED', actions: recordDisclosure('result') },
          ...complaint,
        },
      },
      RESULT_PUBLISHED: {
        meta: { label: stateLabels.RESULT_PUBLISHED },
        initial: 'POSTING',
        on: { ...challenges, ...complaint },
        states: {
          POSTING: { meta: { label: stateLabels['RESULT_PUBLISHED.POSTING'] }, after: { posting: 'POSTED' } },
          POSTED: {
            meta: { label: stateLabels['RESULT_PUBLISHED.POSTED'], task: { role: 'supervisionCommittee', title: title('监督实施结果公开并归档', 'Check the result disclosure and archive') } },
            on: {
              ARCHIVE: [
                { guard: ({ context }) => noOpenComplaint({ context }) && context.revocation !== null, target: '#deliberation.ARCHIVED_REVOKED', actions: update(({ draft, event }) => { draft.archive = { opinion: event.opinion, reference: event.reference ?? null } }) },
                { guard: noOpenComplaint, target: '#deliberation.ARCHIVED', actions: update(({ draft, event }) => { draft.archive = { opinion: event.opinion, reference: event.reference ?? null } }) },
              ],
            },
          },
        },
      },
      ARCHIVED: { type: 'final', meta: { label: stateLabels.ARCHIVED, outcome: 'resolved' } },
      ARCHIVED_REVOKED: { type: 'final', meta: { label: stateLabels.ARCHIVED_REVOKED, outcome: 'revoked' } },
      WITHDRAWN: { type: 'final', meta: { label: stateLabels.WITHDRAWN, outcome: 'void' } },
    },
  })

  return defineProcess({
    id: DELIBERATION_PROCESS_ID,
    version: 1,
    machine,
    input: deliberationInputSchema(p),
    events: deliberationEvents,
    start: { roles: ['partyOrganisation', 'villagersCommittee'] },
    label: { 'zh-CN': '四议两公开', en: 'Four deliberations, two disclosures' },
  })
}

/** The deliberation process definition type. */
export type DeliberationProcess = ReturnType<typeof deliberationProcess>
