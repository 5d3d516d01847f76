/**
 * The hotline ticket's vocabulary (接诉即办, BJ; docs/domain-rules.md#4-hotline-handling-on-receipt):
 * its start input and event policies, its context, labels, the rules it checks (each citing its
 * BJ article) and its named actions. `hotline-process.ts` assembles the states from them.
 *
 * @module
 */
import {
  defineLabels,
  rule,
  systemEvent,
  update,
  type EventsOf,
  type PartyBinding,
  type Labels,
  type ProcessStateMeta,
  type UpdateArgs,
} from '@fengqiao/core'
import { assertEvent, enqueueActions, setup } from 'xstate'
import { z } from 'zod'

/** The process id of the hotline ticket. */
export const HOTLINE_TICKET_PROCESS_ID = 'hotline-ticket'

const text = z.string().trim().min(1)
const isoDateTime = z.iso.datetime({ offset: true })

/** What the caller asks for (BJ Art. 11). */
export const RequestKind = z.enum(['consultation', 'help', 'complaint', 'report', 'suggestion'])
/** The statutory channels a matter is diverted to (BJ Art. 11). */
export const HotlineChannel = z.enum([
  'litigation',
  'arbitration',
  'disciplineInspection',
  'reconsideration',
  'openGovernment',
  'petition',
])
/** The emergency lines (BJ Art. 11). */
export const EmergencyLine = z.enum(['110', '119', '120', '122'])
/** How a caller rates the handling at callback. */
export const Satisfaction = z.enum(['satisfied', 'basicallySatisfied', 'unsatisfied'])

/** A ticket as the hotline records it (BJ Art. 10: time, matter, contact; then category and place). */
export const hotlineTicketInputSchema = z.object({
  receivedAt: isoDateTime,
  kind: RequestKind,
  matter: text,
  category: text,
  location: text.optional(),
  urgent: z.boolean().default(false),
  /** The caller. Personal data. */
  caller: z.object({ name: text.optional(), phone: text }).strict(),
  /** An earlier ticket on the same request, and whether the caller brings new facts. */
  repeatOf: z.object({ ticketId: text, newFacts: z.boolean() }).strict().optional(),
})
/** The ticket as parsed. */
export type HotlineTicketInput = z.output<typeof hotlineTicketInputSchema>
/** The ticket as a caller of `start` writes it. */
export type HotlineTicketInputArg = z.input<typeof hotlineTicketInputSchema>

/**
 * The unit a ticket is dispatched to is its party as a unit: only that unit signs for it, objects,
 * extends and feeds back (BJ Art. 14: the first receiver keeps it).
 */
export const dispatchedUnit: PartyBinding<{ readonly dispatch: { readonly unit: string } | null }> = {
  roles: ['unit'],
  ids: (context) => (context.dispatch === null ? [] : [context.dispatch.unit]),
}

/** The hotline ticket's event policies. */
export const hotlineEventSchemas = {
  ANSWER: { schema: z.object({ answer: text }).strict(), roles: ['hotline'] },
  TRANSFER_EMERGENCY: { schema: z.object({ line: EmergencyLine }).strict(), roles: ['hotline'] },
  DIVERT: { schema: z.object({ channel: HotlineChannel, note: text.optional() }).strict(), roles: ['hotline'] },
  NOTIFY_PROGRESS: { schema: z.object({ progress: text }).strict(), roles: ['hotline'] },
  DECLINE: {
    schema: z.object({ reason: z.enum(['beyondDuty', 'unlawful']), advice: text }).strict(),
    roles: ['hotline'],
  },
  DISPATCH: {
    schema: z.object({ unit: text, streetOrTownship: z.boolean().default(false) }).strict(),
    roles: ['hotline'],
  },
  DISTRICT_DISPATCH: {
    schema: z.object({ unit: text, streetOrTownship: z.boolean().default(false) }).strict(),
    roles: ['district'],
  },
  SEND_TO_DISTRICT: { schema: z.object({ district: text }).strict(), roles: ['hotline'] },
  SIGN_FOR: { schema: z.object({ contactedAt: isoDateTime }).strict(), roles: ['unit'], parties: dispatchedUnit },
  OBJECT: { schema: z.object({ reason: text }).strict(), roles: ['unit'], parties: dispatchedUnit },
  SETTLE_OBJECTION: {
    schema: z.object({ upheld: z.boolean(), unit: text.optional(), reason: text }).strict(),
    roles: ['bureau'],
  },
  EXTEND: {
    schema: z
      .object({
        workingDays: z.number().int().positive(),
        reason: text,
        explainedToCaller: z.boolean(),
        reportedToHotline: z.boolean(),
      })
      .strict(),
    roles: ['unit'],
    parties: dispatchedUnit,
  },
  // The street or township a ticket concerns sits below the hotline's unit: no org-unit scope.
  WHISTLE: {
    schema: z.object({ street: text, departments: z.array(text).min(1) }).strict(),
    roles: ['street'],
    scope: 'any',
  },
  FEED_BACK: {
    schema: z.object({ result: z.enum(['resolved', 'unresolved', 'explained']), reply: text }).strict(),
    roles: ['unit'],
    parties: dispatchedUnit,
  },
  CALLBACK: {
    schema: z
      .object({
        reached: z.boolean(),
        resolved: z.boolean(),
        satisfaction: Satisfaction.optional(),
        /** The request was reviewed and found unreasonable (excluded when `excludeUnreasonable`). */
        unreasonable: z.boolean().default(false),
      })
      .strict(),
    roles: ['hotline'],
  },
  CONTACT_OVERDUE: systemEvent(),
  HANDLING_OVERDUE: systemEvent(),
} as const

/** An event of the hotline ticket. */
export type HotlineEvent = EventsOf<typeof hotlineEventSchemas>

/** The hotline ticket's context: what the figures of BJ Arts. 32–33 are counted from. */
export interface HotlineTicketContext {
  readonly ticket: HotlineTicketInput
  /** How the ticket ended at intake, when it was not dispatched. */
  intake: { how: 'answered' | 'emergency' | 'diverted' | 'progressNotice' | 'declined'; detail: string } | null
  /** The unit handling the ticket, how it got there and how often it was dispatched. */
  dispatch: { unit: string; via: 'direct' | 'district'; streetOrTownship: boolean; count: number } | null
  signedFor: boolean
  /** When the unit contacted the caller, and whether that was within the limit (the response rate). */
  contact: { at: string; inTime: boolean } | null
  contactLate: boolean
  objections: Array<{ unit: string; reason: string; upheld: boolean | null }>
  extension: { workingDays: number; reason: string } | null
  /** The street or township that whistled, and the departments it called in (双考核). */
  whistle: { street: string; departments: string[] } | null
  feedback: { result: 'resolved' | 'unresolved' | 'explained'; reply: string } | null
  handlingLate: boolean
  callback: {
    reached: boolean
    resolved: boolean
    satisfaction: z.infer<typeof Satisfaction> | null
    unreasonable: boolean
  } | null
}

type Args = { context: HotlineTicketContext; event: HotlineEvent }

/** The hotline ticket's rules, each citing its BJ article. */
export const hotlineGuards = {
  notARepeat: rule<Args>(
    'notARepeat',
    'BJ Art. 11',
    ({ context }) =>
      context.ticket.repeatOf === undefined ||
      context.ticket.repeatOf.newFacts ||
      `the same request as ticket ${context.ticket.repeatOf.ticketId} with no new facts gets a progress notice, not a new dispatch`,
  ),
  repeatWithoutNewFacts: rule<Args>(
    'repeatWithoutNewFacts',
    'BJ Art. 11',
    ({ context }) =>
      (context.ticket.repeatOf !== undefined && !context.ticket.repeatOf.newFacts) ||
      'only a repeat of an earlier request without new facts gets a progress notice',
  ),
  urgent: rule<Args>('urgent', 'BJ Art. 13', ({ context }) => context.ticket.urgent || 'the ticket is not urgent'),
  firstReceiverKeeps: rule<Args>(
    'firstReceiverKeeps',
    'BJ Art. 14',
    ({ context }) =>
      !context.signedFor ||
      'the unit signed for the ticket: the first receiver may not pass it on and leads any coordination',
  ),
  objectionUpheld: rule<Args>(
    'objectionUpheld',
    'BJ Art. 12',
    ({ event }) =>
      (event.type === 'SETTLE_OBJECTION' && event.upheld && event.unit !== undefined) ||
      'an upheld objection names the unit the ticket goes to instead',
  ),
  objectionRejected: rule<Args>(
    'objectionRejected',
    'BJ Art. 12',
    ({ event }) => (event.type === 'SETTLE_OBJECTION' && !event.upheld) || 'the objection was upheld',
  ),
  extensionExplained: rule<Args>(
    'extensionExplained',
    'BJ Art. 15',
    ({ event }) =>
      (event.type === 'EXTEND' && event.explainedToCaller && event.reportedToHotline) ||
      'an extension is explained to the caller and reported to the hotline first',
  ),
  resolvedAtCallback: rule<Args>(
    'resolvedAtCallback',
    'BJ Art. 23',
    ({ event }) => (event.type === 'CALLBACK' && event.resolved) || 'the caller says the request is not resolved',
  ),
}

const act = <P = undefined>(recipe: (args: UpdateArgs<HotlineTicketContext, HotlineEvent, P>) => void) =>
  update<HotlineTicketContext, HotlineEvent, P, HotlineEvent, never>(recipe)

/**
 * The hotline ticket's setup: types, rules and named actions.
 *
 * @returns the XState setup the states are built with
 */
export function hotlineSetup() {
  return setup({
    types: { context: {} as HotlineTicketContext, events: {} as HotlineEvent, input: {} as HotlineTicketInput },
    guards: hotlineGuards,
    actions: {
      // Effects.
      notifyCaller: (_: unknown, _params: { notice: string; article: string }) => {},
      transferEmergency: (_: unknown, _params: { line: string }) => {},
      notifyDistrict: (_: unknown, _params: { unit: string }) => {},
      notifyDepartments: (_: unknown, _params: { departments: string[] }) => {},
      /** BJ Art. 12: a ticket dispatched to a street or township is copied to the district. */
      copyToDistrict: enqueueActions<
        HotlineTicketContext,
        HotlineEvent,
        undefined,
        HotlineEvent,
        never,
        { type: 'notifyDistrict'; params: { unit: string } },
        never,
        never,
        never
      >(({ event, enqueue }) => {
        assertEvent(event, ['DISPATCH', 'DISTRICT_DISPATCH'])
        if (event.streetOrTownship) enqueue({ type: 'notifyDistrict', params: { unit: event.unit } })
      }),
      // Context updates.
      closeAtIntake: act<{ how: NonNullable<HotlineTicketContext['intake']>['how'] }>(({ draft, event, params }) => {
        assertEvent(event, ['ANSWER', 'TRANSFER_EMERGENCY', 'DIVERT', 'NOTIFY_PROGRESS', 'DECLINE'])
        const detail =
          event.type === 'ANSWER'
            ? event.answer
            : event.type === 'TRANSFER_EMERGENCY'
              ? event.line
              : event.type === 'DIVERT'
                ? event.channel
                : event.type === 'NOTIFY_PROGRESS'
                  ? event.progress
                  : event.reason
        draft.intake = { how: params.how, detail }
      }),
      dispatch: act<{ via: 'direct' | 'district' }>(({ draft, event, params }) => {
        assertEvent(event, ['DISPATCH', 'DISTRICT_DISPATCH'])
        draft.dispatch = {
          unit: event.unit,
          via: params.via,
          streetOrTownship: event.streetOrTownship,
          count: (draft.dispatch?.count ?? 0) + 1,
        }
        draft.signedFor = false
        draft.contact = null
        draft.contactLate = false
      }),
      signFor: act(({ draft, event }) => {
        assertEvent(event, 'SIGN_FOR')
        draft.signedFor = true
        draft.contact = { at: event.contactedAt, inTime: !draft.contactLate }
      }),
      contactLate: act(({ draft }) => {
        draft.contactLate = true
      }),
      object: act(({ draft, event }) => {
        assertEvent(event, 'OBJECT')
        draft.objections.push({ unit: draft.dispatch?.unit ?? '', reason: event.reason, upheld: null })
      }),
      settleObjection: act(({ draft, event }) => {
        assertEvent(event, 'SETTLE_OBJECTION')
        const last = draft.objections.at(-1)
        if (last !== undefined) last.upheld = event.upheld
        if (event.upheld && event.unit !== undefined && draft.dispatch !== null) {
          draft.dispatch.unit = event.unit
          draft.dispatch.count++
        }
        draft.contact = null
        draft.contactLate = false
      }),
      extend: act(({ draft, event }) => {
        assertEvent(event, 'EXTEND')
        draft.extension = { workingDays: event.workingDays, reason: event.reason }
      }),
      whistle: act(({ draft, event }) => {
        assertEvent(event, 'WHISTLE')
        draft.whistle = { street: event.street, departments: event.departments }
      }),
      feedBack: act(({ draft, event }) => {
        assertEvent(event, 'FEED_BACK')
        draft.feedback = { result: event.result, reply: event.reply }
      }),
      handlingLate: act(({ draft }) => {
        draft.handlingLate = true
      }),
      callBack: act(({ draft, event }) => {
        assertEvent(event, 'CALLBACK')
        draft.callback = {
          reached: event.reached,
          resolved: event.resolved,
          satisfaction: event.satisfaction ?? null,
          unreasonable: event.unreasonable,
        }
      }),
    },
  })
}

/** The hotline setup's type. */
export type HotlineSetup = ReturnType<typeof hotlineSetup>

/** Labels of the hotline ticket's states. */
export const hotlineStateLabels = {
  received: { 'zh-CN': '已受理（待分类处置）', en: 'Received' },
  atDistrict: { 'zh-CN': '派区政府（职责不清）', en: 'Sent to the district (unclear)' },
  dispatched: { 'zh-CN': '已派单（待签收联系）', en: 'Dispatched: sign for and contact' },
  'dispatched.route': { 'zh-CN': '按紧急程度计时', en: 'Choosing the contact limit' },
  'dispatched.ordinary': { 'zh-CN': '一般诉求', en: 'Ordinary ticket' },
  'dispatched.urgent': { 'zh-CN': '紧急诉求', en: 'Urgent ticket' },
  disputed: { 'zh-CN': '派单异议审核', en: 'Dispatch objection under review' },
  handling: { 'zh-CN': '办理中', en: 'Handling' },
  'handling.onTime': { 'zh-CN': '按期办理', en: 'Within the period' },
  'handling.extended': { 'zh-CN': '已延期（已向诉求人说明）', en: 'Extended (explained to the caller)' },
  callback: { 'zh-CN': '待回访', en: 'Callback due' },
  closed: { 'zh-CN': '已办结（已解决）', en: 'Closed: resolved' },
  closedUnresolved: { 'zh-CN': '已办结（未解决）', en: 'Closed: unresolved' },
  answered: { 'zh-CN': '即时解答', en: 'Answered on the call' },
  emergency: { 'zh-CN': '转110/119/120/122', en: 'Passed to an emergency line' },
  diverted: { 'zh-CN': '告知法定途径', en: 'Diverted to a statutory channel' },
  progressNotified: { 'zh-CN': '重复诉求告知进展', en: 'Repeat: progress notice' },
  declined: { 'zh-CN': '引导或教育', en: 'Declined with advice' },
} as const satisfies Record<string, Labels>

/** A state path of the hotline ticket. */
export type HotlineStatePath = keyof typeof hotlineStateLabels

/** Every label of the hotline ticket. */
export const hotlineLabels = defineLabels({
  process: { 'zh-CN': '接诉即办工单', en: 'Hotline ticket' },
  states: hotlineStateLabels,
  events: {
    ANSWER: { 'zh-CN': '即时解答', en: 'Answer on the call' },
    TRANSFER_EMERGENCY: { 'zh-CN': '转紧急热线', en: 'Pass to an emergency line' },
    DIVERT: { 'zh-CN': '告知法定途径', en: 'Divert' },
    NOTIFY_PROGRESS: { 'zh-CN': '告知办理进展', en: 'Give a progress notice' },
    DECLINE: { 'zh-CN': '引导或教育', en: 'Decline with advice' },
    DISPATCH: { 'zh-CN': '派单', en: 'Dispatch' },
    SEND_TO_DISTRICT: { 'zh-CN': '派区政府', en: 'Send to the district' },
    DISTRICT_DISPATCH: { 'zh-CN': '区政府派单', en: 'District dispatches' },
    SIGN_FOR: { 'zh-CN': '签收并联系诉求人', en: 'Sign for and contact the caller' },
    OBJECT: { 'zh-CN': '派单异议', en: 'Object to the dispatch' },
    SETTLE_OBJECTION: { 'zh-CN': '异议审核', en: 'Settle the objection' },
    EXTEND: { 'zh-CN': '延期', en: 'Extend' },
    WHISTLE: { 'zh-CN': '街乡吹哨', en: 'Whistle' },
    FEED_BACK: { 'zh-CN': '办理反馈', en: 'Feed back' },
    CALLBACK: { 'zh-CN': '回访', en: 'Call back' },
    CONTACT_OVERDUE: { 'zh-CN': '联系超时', en: 'Contact overdue' },
    HANDLING_OVERDUE: { 'zh-CN': '办理期限届满', en: 'Handling period ran out' },
  },
})

/** A state's meta with its label. */
export const meta = (path: HotlineStatePath, m: ProcessStateMeta = {}): ProcessStateMeta & { label: Labels } => ({
  label: hotlineStateLabels[path],
  ...m,
})
