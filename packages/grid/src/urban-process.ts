/**
 * The digital urban-management case (数字化城市管理, docs/domain-rules.md#3-digital-urban-management):
 * collected → checked and filed (or cancelled, 注销) by the supervision centre → dispatched by the
 * command centre → handled by the unit (the clock runs from dispatch) → checked by the
 * supervision centre → closed, or sent back until it meets the closing standard. A cancelled case
 * ends `void` and is left out of every rate ({@link urbanCounts}).
 *
 * @module
 */
import {
  defineLabels,
  defineProcess,
  rule,
  systemEvent,
  update,
  type EventsOf,
  type Labels,
  type ParameterOverrides,
  type ProcessStateMeta,
  type UpdateArgs,
} from '@fengqiao/core'
import { assertEvent, setup } from 'xstate'
import { z } from 'zod'
import { gridParameters, type GridParameters } from './parameters.js'
import { urbanPersonal } from './personal.js'

/** The process id of the urban-management case. */
export const URBAN_CASE_PROCESS_ID = 'urban-case'

const text = z.string().trim().min(1)

/** What starts an urban case: a report from a supervisor, a camera, the public or a referral. */
export const urbanCaseInputSchema = z.object({
  source: z.enum(['supervisor', 'video', 'public', 'referral']),
  /** The grid cell of about 10,000 m² (万米单元网格). */
  cell: text,
  location: text,
  description: text,
  photos: z.array(text).default([]),
  /** The member of the public who reported, if one did. Personal data. */
  reporter: z.object({ name: text.optional(), contact: text.optional() }).strict().default({}),
})
/** The urban case's start input as parsed. */
export type UrbanCaseInput = z.output<typeof urbanCaseInputSchema>

/** The urban case's event policies. */
export const urbanEventSchemas = {
  FILE: {
    schema: z
      .object({ kind: z.enum(['component', 'event']), category: text, urgent: z.boolean().default(false) })
      .strict(),
    roles: ['supervisor'],
  },
  CANCEL: {
    schema: z.object({ reason: z.enum(['notVerified', 'belowStandard', 'duplicate', 'outOfScope']) }).strict(),
    roles: ['supervisor'],
  },
  DISPATCH: { schema: z.object({ unit: text }).strict(), roles: ['commandCentre'] },
  // Only the unit the case was dispatched to feeds back.
  FEEDBACK: {
    schema: z.object({ result: text, photos: z.array(text).default([]) }).strict(),
    roles: ['unit'],
    parties: {
      roles: ['unit'],
      ids: (context: { unit: string | null }) => (context.unit === null ? [] : [context.unit]),
    },
  },
  CHECK: { schema: z.object({ ok: z.boolean(), note: text.optional() }).strict(), roles: ['supervisor'] },
  HANDLING_OVERDUE: systemEvent(),
} as const

/** The urban case's context. */
export interface UrbanCaseContext {
  readonly report: UrbanCaseInput
  filing: { kind: 'component' | 'event'; category: string; urgent: boolean } | null
  cancelled: string | null
  unit: string | null
  /** Dispatches, the first one and every re-dispatch after a failed check. */
  dispatches: number
  feedbacks: number
  /** Failed checks (the rework rate's numerator). */
  failedChecks: number
  /** Whether a handling period ran out before the case closed (the on-time rate). */
  late: boolean
}

type UrbanEvent = EventsOf<typeof urbanEventSchemas>
type Args = { context: UrbanCaseContext; event: UrbanEvent }

/** Labels of the urban case's states. */
export const urbanStateLabels = {
  collected: { 'zh-CN': '信息收集（待核实立案）', en: 'Collected: check and file' },
  filed: { 'zh-CN': '已立案（待派遣）', en: 'Filed: dispatch' },
  handling: { 'zh-CN': '处置中', en: 'Handling' },
  'handling.route': { 'zh-CN': '按紧急程度计时', en: 'Choosing the handling limit' },
  'handling.ordinary': { 'zh-CN': '一般案件处置', en: 'Ordinary case' },
  'handling.urgent': { 'zh-CN': '紧急案件处置', en: 'Urgent case' },
  checking: { 'zh-CN': '核查中', en: 'Checking' },
  closed: { 'zh-CN': '已结案', en: 'Closed' },
  void: { 'zh-CN': '已注销', en: 'Cancelled' },
} as const satisfies Record<string, Labels>

/** Every label of the urban case. */
export const urbanLabels = defineLabels({
  process: { 'zh-CN': '数字化城市管理案件', en: 'Urban-management case' },
  states: urbanStateLabels,
  events: {
    FILE: { 'zh-CN': '核实立案', en: 'Check and file' },
    CANCEL: { 'zh-CN': '注销', en: 'Cancel' },
    DISPATCH: { 'zh-CN': '任务派遣', en: 'Dispatch' },
    FEEDBACK: { 'zh-CN': '处理结果反馈', en: 'Feed back' },
    CHECK: { 'zh-CN': '核查', en: 'Check' },
    HANDLING_OVERDUE: { 'zh-CN': '处置超时', en: 'Handling overdue' },
  },
})

/** The urban case's rules. */
export const urbanGuards = {
  urgent: rule<Args>(
    'urgent',
    'CJ/T 315-2009',
    ({ context }) => context.filing?.urgent === true || 'the case was filed as ordinary',
  ),
  closingStandard: rule<Args>(
    'closingStandard',
    'docs/domain-rules.md#3-digital-urban-management',
    ({ event }) => (event.type === 'CHECK' && event.ok) || 'the case does not meet the closing standard yet',
  ),
}

const act = <P = undefined>(recipe: (args: UpdateArgs<UrbanCaseContext, UrbanEvent, P>) => void) =>
  update<UrbanCaseContext, UrbanEvent, P, UrbanEvent, never>(recipe)

const meta = (path: keyof typeof urbanStateLabels, m: ProcessStateMeta = {}) => ({
  label: urbanStateLabels[path],
  ...m,
})

/** Options of {@link urbanCaseProcess}. */
export interface UrbanCaseProcessOptions {
  /** Parameters to override (the `urban` group of {@link gridParameters}). */
  readonly parameters?: ParameterOverrides<typeof gridParameters.specs>
}

/**
 * Builds the urban-management case from parameters.
 *
 * @param options - parameter overrides
 * @returns the checked process definition
 * @throws {FengqiaoError} INVALID_OPTIONS for a bad parameter override
 */
export function urbanCaseProcess(options: UrbanCaseProcessOptions = {}) {
  const p: GridParameters = gridParameters.resolve(options.parameters)
  const s = setup({
    types: { context: {} as UrbanCaseContext, events: {} as UrbanEvent, input: {} as UrbanCaseInput },
    guards: urbanGuards,
    actions: {
      file: act(({ draft, event }) => {
        assertEvent(event, 'FILE')
        draft.filing = { kind: event.kind, category: event.category, urgent: event.urgent }
      }),
      cancel: act(({ draft, event }) => {
        assertEvent(event, 'CANCEL')
        draft.cancelled = event.reason
      }),
      dispatch: act(({ draft, event }) => {
        assertEvent(event, 'DISPATCH')
        draft.unit = event.unit
        draft.dispatches++
      }),
      /** A failed check re-dispatches the case to its unit (Shenzhen practice). */
      redispatch: act(({ draft }) => {
        draft.failedChecks++
        draft.dispatches++
      }),
      feedback: act(({ draft }) => {
        draft.feedbacks++
      }),
      late: act(({ draft }) => {
        draft.late = true
      }),
    },
  })
  const machine = s.createMachine({
    id: URBAN_CASE_PROCESS_ID,
    initial: 'collected',
    context: ({ input }) => ({
      report: input,
      filing: null,
      cancelled: null,
      unit: null,
      dispatches: 0,
      feedbacks: 0,
      failedChecks: 0,
      late: false,
    }),
    states: {
      collected: {
        meta: meta('collected', {
          task: { role: 'supervisor', title: urbanStateLabels.collected },
          deadline: { hours: p.urban.fileHours, name: 'file' },
        }),
        on: { FILE: { target: 'filed', actions: 'file' }, CANCEL: { target: 'void', actions: 'cancel' } },
      },
      filed: {
        meta: meta('filed', { task: { role: 'commandCentre', title: urbanStateLabels.filed } }),
        on: { DISPATCH: { target: 'handling', actions: 'dispatch' } },
      },
      // The clock runs from dispatch: an urgent case has hours, an ordinary one working days.
      handling: {
        meta: meta('handling', { task: { role: 'unit', title: urbanStateLabels.handling } }),
        initial: 'route',
        states: {
          route: {
            meta: meta('handling.route'),
            always: [{ guard: 'urgent', target: 'urgent' }, { target: 'ordinary' }],
          },
          ordinary: {
            meta: meta('handling.ordinary', {
              deadline: { workingDays: p.urban.handleWorkingDays, name: 'handle', onExpire: 'HANDLING_OVERDUE' },
            }),
          },
          urgent: {
            meta: meta('handling.urgent', {
              deadline: { hours: p.urban.urgentHours, name: 'handleUrgent', onExpire: 'HANDLING_OVERDUE' },
            }),
          },
        },
        on: {
          FEEDBACK: { target: 'checking', actions: 'feedback' },
          HANDLING_OVERDUE: { actions: 'late' },
        },
      },
      checking: {
        meta: meta('checking', { task: { role: 'supervisor', title: urbanStateLabels.checking } }),
        on: {
          CHECK: [
            { guard: 'closingStandard', target: 'closed' },
            { target: 'handling', actions: 'redispatch' },
          ],
        },
      },
      closed: { type: 'final', meta: meta('closed', { outcome: 'resolved' }) },
      void: { type: 'final', meta: meta('void', { outcome: 'void' }) },
    },
  })
  return defineProcess({
    id: URBAN_CASE_PROCESS_ID,
    version: 1,
    machine,
    events: urbanLabels.withEventLabels(urbanEventSchemas),
    input: urbanCaseInputSchema,
    label: urbanLabels.process,
    start: { roles: ['supervisor'] },
    personal: urbanPersonal,
  })
}
