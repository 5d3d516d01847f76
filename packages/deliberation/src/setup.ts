/**
 * The deliberation machine's vocabulary: its types, the rules it checks (named guards citing their
 * articles, explaining a refusal) and its named actions. The two halves of 四议两公开 are in
 * `four-deliberations.ts` and `two-disclosures.ts`.
 *
 * @module
 */
import { civilDateAt, compareCivilDates, rule, startProcess, update, type UpdateArgs } from '@fengqiao/core'
import { assertEvent, setup } from 'xstate'
import {
  checkStep,
  later,
  meetingIn,
  notBefore,
  pendingDisclosure,
  resultOf,
  COMPLAINT_PROCESS_ID,
  type DeliberationContext,
  type DeliberationEvent,
  type Disclosure,
  type MeetingResult,
  type MeetingStep,
  type Revocation,
} from './context.js'
import type { DeliberationParameters } from './parameters.js'
import { postingEndsAt, revocationWindow } from './periods.js'
import type { DeliberationInputParsed } from './schemas.js'

type Args = { context: DeliberationContext; event: DeliberationEvent }

/** The params of the `meetingOutcome` guard and the `recordMeeting` action. */
export interface MeetingParams {
  readonly step: MeetingStep
  /** The outcomes this transition is for. */
  readonly want?: readonly MeetingResult[]
}

const act = <P = undefined>(recipe: (args: UpdateArgs<DeliberationContext, DeliberationEvent, P>) => void) =>
  update<DeliberationContext, DeliberationEvent, P, DeliberationEvent, never>(recipe)

/**
 * The rules of the deliberation machine.
 *
 * @param p - the parameters in force
 * @returns the guards, by name, for `setup({ guards })`
 */
export function deliberationGuards(p: DeliberationParameters) {
  const dateOf = (postedAt: string): string => civilDateAt(Date.parse(postedAt), p.timeZone)
  const inOrder = (context: DeliberationContext, date: string): true | string =>
    notBefore(context.lastDate, date) || `the date ${date} predates the last step on file (${String(context.lastDate)})`
  return {
    /** docs/domain-rules.md#7-four-deliberations-two-disclosures: a meeting is checked (chronology, merging, re-consultation, the resolution body) and evaluated; each transition takes some outcomes. */
    meetingOutcome: rule<Args>('meetingOutcome', 'CW Arts. 21–28; ZB Art. 11', ({ context, event }, params) => {
      const { step, want = [] } = params as MeetingParams
      if (event.type === 'PROPOSE') {
        const dated = inOrder(context, event.date)
        if (dated !== true) return dated
      }
      const m = meetingIn(event)
      if (m === undefined) return `${event.type} records no meeting`
      const c = checkStep(step, context, m, p)
      if (!c.ok) return `${c.rule}: ${c.reason}`
      const result = resultOf(c.evaluation.outcome)
      return (
        want.includes(result) ||
        `the meeting's outcome is ${c.evaluation.outcome} (${c.evaluation.rule}: ${c.evaluation.reason})`
      )
    }),
    /** docs/domain-rules.md#7-four-deliberations-two-disclosures: a proposal without the joint meeting of a merged step, dated in order. */
    proposedAlone: rule<Args>(
      'proposedAlone',
      'docs/domain-rules.md#7-four-deliberations-two-disclosures',
      ({ context, event }) => {
        if (event.type !== 'PROPOSE') return true
        if (event.consultation !== undefined)
          return 'the proposal carries the joint two-committee meeting (merged steps 1 and 2)'
        return inOrder(context, event.date)
      },
    ),
    /** Chronology: a step is not dated before the last one on file. */
    datedInOrder: rule<Args>('datedInOrder', undefined, ({ context, event }) =>
      'date' in event && typeof event.date === 'string' ? inOrder(context, event.date) : 'the event carries no date',
    ),
    /** Chronology: a disclosure is not posted before the last step on file. */
    postedInOrder: rule<Args>('postedInOrder', 'CW Art. 30', ({ context, event }) =>
      'postedAt' in event ? inOrder(context, dateOf(event.postedAt)) : 'the event carries no posting time',
    ),
    /** CW Art. 30: where finances are frequent, disclosures are monthly. */
    frequentFinances: rule<Args>(
      'frequentFinances',
      'CW Art. 30',
      ({ context }) =>
        context.village.frequentFinances || 'the village has no frequent finances: disclosures are quarterly',
    ),
    /** CW Arts. 21, 26: a deliberation the committee was obliged to convene is not withdrawn. */
    mayWithdraw: rule<Args>(
      'mayWithdraw',
      'CW Arts. 21, 26',
      ({ context }) => !context.convocation.required || `${context.convocation.rule}: ${context.convocation.reason}`,
    ),
    /** CW Art. 31: the case is not archived while a non-disclosure complaint is open. */
    noOpenComplaint: rule<Args>(
      'noOpenComplaint',
      'CW Art. 31',
      ({ context }) =>
        context.complaints.open === 0 || `${context.complaints.open} non-disclosure complaint(s) are still open`,
    ),
    /** CW Arts. 27, 36; JJ Art. 57: the decision was revoked. */
    wasRevoked: rule<Args>(
      'wasRevoked',
      'CW Arts. 27, 36',
      ({ context }) => context.revocation !== null || 'the decision was not revoked',
    ),
  }
}

/**
 * The deliberation machine's setup for a parameter set.
 *
 * @param p - the parameters in force
 * @returns the XState setup the regions build their states with
 */
export function deliberationSetup(p: DeliberationParameters) {
  const tz = p.timeZone
  const dateOf = (postedAt: string): string => civilDateAt(Date.parse(postedAt), tz)
  return setup({
    types: {
      context: {} as DeliberationContext,
      events: {} as DeliberationEvent,
      input: {} as DeliberationInputParsed,
    },
    delays: {
      // The minimum posting period ends at 24:00 of the n-th day after the posting day.
      posting: ({ context }) =>
        context.postingSince === null
          ? 0
          : Math.max(
              0,
              postingEndsAt(context.postingSince, p.disclosureMinDays, tz) - Date.parse(context.postingSince),
            ),
    },
    guards: deliberationGuards(p),
    actions: {
      /** Files a meeting with its evaluated outcome (the guard has checked it). */
      recordMeeting: act<MeetingParams>(({ draft, event, params }) => {
        assertEvent(event, ['PROPOSE', 'CONSULT', 'REVIEW', 'RESOLVE'])
        const m = meetingIn(event)
        const c = m === undefined ? undefined : checkStep(params.step, draft, m, p)
        if (m === undefined || c === undefined || !c.ok)
          throw new Error(`recordMeeting(${params.step}) ran without its meetingOutcome guard`)
        const e = c.evaluation
        draft.meetings.push({
          step: params.step,
          body: c.body,
          outcome: e.outcome,
          rule: e.rule,
          reason: e.reason,
          record: m,
        })
        draft.lastDate = later(draft.lastDate, m.date)
        const result = resultOf(e.outcome)
        if (params.step === 'reconsultation' && result === 'passed') draft.reconsultationRequired = false
        if ((params.step === 'review' || params.step === 'resolution') && result === 'rejected')
          draft.reconsultationRequired = true
        if (params.step === 'resolution' && result === 'passed')
          draft.resolution = { date: m.date, rule: e.rule, reason: e.reason }
        if (event.type === 'CONSULT' && event.plan !== undefined) draft.plan = event.plan
      }),
      recordProposal: act(({ draft, event }) => {
        assertEvent(event, 'PROPOSE')
        draft.proposal = { date: event.date, summary: event.summary }
        draft.lastDate = later(draft.lastDate, event.date)
      }),
      /** CW Art. 30: a disclosure is posted; the minimum posting period runs from it. */
      recordDisclosure: act<{ kind: 'resolution' | 'progress' | 'result' }>(({ draft, event, params }) => {
        assertEvent(event, ['PUBLISH_RESOLUTION', 'DISCLOSE_PROGRESS', 'PUBLISH_RESULT'])
        const d: Disclosure = { postedAt: event.postedAt, channels: [...event.channels], content: event.content }
        if (params.kind === 'resolution') draft.resolutionDisclosure = d
        else if (params.kind === 'progress') draft.progressDisclosures.push(d)
        else draft.resultDisclosure = { ...d, revocation: draft.revocation === null ? null : { ...draft.revocation } }
        draft.postingSince = event.postedAt
        draft.lastDate = later(draft.lastDate, dateOf(event.postedAt))
      }),
      /** CW Art. 27 (township) or CW Art. 36 / JJ Art. 57 (court) revokes the decision. */
      recordRevocation: act(({ draft, event }) => {
        assertEvent(event, ['ORDER_CORRECTION', 'COURT_REVOCATION'])
        if (event.type === 'ORDER_CORRECTION') {
          draft.revocation = {
            by: 'township',
            rule: 'CW Art. 27',
            date: event.date,
            reference: event.reference,
            reason: event.reason,
            suitWindow: null,
          }
          return
        }
        const jj = draft.matter.class.startsWith('jj')
        const decidedOn = draft.resolution?.date ?? null
        let suitWindow: Revocation['suitWindow'] = null
        if (jj && decidedOn !== null && event.knewOn !== undefined) {
          const w = revocationWindow(decidedOn, event.knewOn, p)
          suitWindow = {
            lastDay: w.lastDay,
            limitedBy: w.limitedBy,
            filedInTime: event.suitFiledOn === undefined ? null : compareCivilDates(event.suitFiledOn, w.lastDay) <= 0,
          }
        }
        draft.revocation = {
          by: 'court',
          rule: jj ? 'JJ Art. 57' : 'CW Art. 36',
          date: event.date,
          reference: event.reference,
          reason: event.reason,
          suitWindow,
        }
      }),
      startImplementation: act(({ draft, event }) => {
        assertEvent(event, 'START_IMPLEMENTATION')
        draft.implementation.startedOn = event.date
        draft.implementation.note = event.note ?? null
        draft.lastDate = later(draft.lastDate, event.date)
      }),
      /** CW Art. 31: a villager's non-disclosure complaint goes to the township as a linked case. */
      lodgeComplaint: act(({ draft }) => {
        draft.complaints.lodged++
        draft.complaints.open++
      }),
      startComplaint: startProcess<DeliberationContext, DeliberationEvent, undefined, DeliberationEvent, never>(
        COMPLAINT_PROCESS_ID,
        {
          input: ({ context, event }) => {
            assertEvent(event, 'COMPLAIN')
            return {
              village: context.village.name,
              township: context.village.township,
              matter: context.matter.title,
              about: pendingDisclosure(context),
              complainant: event.complainant,
              kind: event.kind,
              statement: event.statement,
            }
          },
          onDone: 'COMPLAINT_HANDLED',
        },
      ),
    },
  })
}

/** The setup's type, for the regions' `createStateConfig`. */
export type DeliberationSetup = ReturnType<typeof deliberationSetup>
