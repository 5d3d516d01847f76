// The grid event closed loop (docs/domain-rules.md#2-grid-closed-loop): report → accept → claim or whistle → department reports
// for duty → feedback → verify → close or rework. Written against the public API only, the way
// an integrator would write their own process plugin.
import { setup } from 'xstate'
import { z } from 'zod'
import { definePlugin, defineProcess, update, type EventsOf, type FengqiaoPlugin } from '@fengqiao/core'

/** Local service levels. All are local practice, not law: docs/domain-rules.md#2-grid-closed-loop marks them [U]. */
export const defaultGridParameters = {
  /** Operators accept or void a report within this many working days. [U] */
  acceptWorkingDays: 1,
  /** A whistled department reports on site within this many hours (grid.whistleSLA). [U] */
  onSiteHours: 1,
  /** First feedback within this many working days of reporting for duty (grid.whistleSLA). [U] */
  feedbackWorkingDays: 1,
  /** A grid member handling a matter themselves closes it within this many days (colour.sla green). [U] */
  selfHandleDays: 7,
}
export type GridParameters = typeof defaultGridParameters

export const ReportInput = z.object({
  location: z.string().min(1),
  grid: z.string().min(1),
  category: z.string().min(1),
  text: z.string().min(1),
  photos: z.array(z.string()).default([]),
  reporter: z.string().min(1),
})

export const events = {
  ACCEPT: { schema: z.object({}), roles: ['operator'] },
  VOID: { schema: z.object({ reason: z.enum(['duplicate', 'out-of-scope', 'unverifiable']) }), roles: ['operator'] },
  CLAIM: { schema: z.object({ member: z.string().min(1) }), roles: ['gridMember'] },
  WHISTLE: {
    schema: z.object({ department: z.string().min(1), leadLeader: z.string().min(1), measures: z.string().min(1) }),
    roles: ['centre'],
  },
  REPORT_FOR_DUTY: { schema: z.object({ arrivedAt: z.iso.datetime({ offset: true }) }), roles: ['department'] },
  FEEDBACK: {
    schema: z.object({ result: z.string().min(1), photos: z.array(z.string()).default([]) }),
    roles: ['gridMember', 'department'],
  },
  VERIFY: {
    schema: z.object({ ok: z.boolean(), note: z.string().optional() }),
    roles: ['gridMember', 'reporter'],
    scope: 'any',
  },
  OVERDUE: { schema: z.object({}), roles: ['system'] },
} as const

export interface GridContext {
  report: z.infer<typeof ReportInput>
  handler: { kind: 'member' | 'department'; id: string } | null
  whistle: { department: string; leadLeader: string; measures: string } | null
  feedback: Array<{ result: string; photos: string[] }>
  reworks: number
  colour: 'green' | 'yellow' | 'red'
}

/**
 * Builds the grid event process from local service levels.
 *
 * @param params - overrides of {@link defaultGridParameters}
 * @returns the process definition
 */
export function gridEventProcess(params: Partial<GridParameters> = {}) {
  const p = { ...defaultGridParameters, ...params }
  const machine = setup({
    types: {
      context: {} as GridContext,
      events: {} as EventsOf<typeof events>,
      input: {} as z.infer<typeof ReportInput>,
    },
    actions: { notifyDepartment: () => {}, strikeOffLedger: () => {} },
    guards: { verified: ({ event }) => event.type === 'VERIFY' && event.ok },
  }).createMachine({
    id: 'gridEvent',
    initial: 'reported',
    context: ({ input }) => ({
      report: input,
      handler: null,
      whistle: null,
      feedback: [],
      reworks: 0,
      colour: 'green',
    }),
    states: {
      reported: {
        meta: {
          task: { role: 'operator', title: { 'zh-CN': '受理', en: 'Accept' } },
          deadline: { workingDays: p.acceptWorkingDays, name: 'accept' },
        },
        on: { ACCEPT: 'accepted', VOID: 'void' },
      },
      accepted: {
        meta: { task: { role: 'centre', title: { 'zh-CN': '认领或吹哨', en: 'Claim or whistle' } } },
        on: {
          CLAIM: {
            target: 'selfHandled',
            actions: update(({ draft, event }) => {
              draft.handler = { kind: 'member', id: event.member }
            }),
          },
          WHISTLE: {
            target: 'dispatched',
            actions: [
              update(({ draft, event }) => {
                draft.whistle = { department: event.department, leadLeader: event.leadLeader, measures: event.measures }
                draft.handler = { kind: 'department', id: event.department }
              }),
              {
                type: 'notifyDepartment',
                params: ({ event }: { event: { department: string } }) => ({ department: event.department }),
              },
            ],
          },
        },
      },
      selfHandled: {
        meta: {
          task: { role: 'gridMember', title: { 'zh-CN': '自行处置', en: 'Handle' } },
          deadline: { days: p.selfHandleDays, name: 'selfHandle', warnAt: 0.5 },
        },
        on: {
          FEEDBACK: {
            target: 'verifying',
            actions: update(({ draft, event }) => {
              draft.feedback.push({ result: event.result, photos: event.photos })
            }),
          },
        },
      },
      dispatched: {
        meta: {
          task: {
            role: 'department',
            title: { 'zh-CN': '部门报到', en: 'Report for duty' },
            assignee: ({ context }: { context: GridContext }) => context.whistle?.department ?? null,
          },
          deadline: { hours: p.onSiteHours, name: 'onSite', onExpire: 'OVERDUE' },
        },
        on: {
          REPORT_FOR_DUTY: 'inProgress',
          OVERDUE: {
            target: 'escalated',
            actions: update(({ draft }) => {
              draft.colour = draft.colour === 'green' ? 'yellow' : 'red'
            }),
          },
        },
      },
      inProgress: {
        meta: {
          task: {
            role: 'department',
            title: { 'zh-CN': '处置反馈', en: 'Handle and report back' },
            assignee: ({ context }: { context: GridContext }) => context.whistle?.department ?? null,
          },
          deadline: { workingDays: p.feedbackWorkingDays, name: 'feedback', onExpire: 'OVERDUE' },
        },
        on: {
          FEEDBACK: {
            target: 'verifying',
            actions: update(({ draft, event }) => {
              draft.feedback.push({ result: event.result, photos: event.photos })
            }),
          },
          OVERDUE: {
            target: 'escalated',
            actions: update(({ draft }) => {
              draft.colour = draft.colour === 'green' ? 'yellow' : 'red'
            }),
          },
        },
      },
      verifying: {
        meta: { task: { role: 'gridMember', title: { 'zh-CN': '复核销项', en: 'Verify' } } },
        on: {
          VERIFY: [
            { guard: 'verified', target: 'closed', actions: 'strikeOffLedger' },
            // A failed verification goes back to the same handler (docs/domain-rules.md#2-grid-closed-loop).
            {
              guard: ({ context }) => context.handler?.kind === 'department',
              target: 'inProgress',
              actions: update(({ draft }) => {
                draft.reworks++
              }),
            },
            {
              target: 'selfHandled',
              actions: update(({ draft }) => {
                draft.reworks++
              }),
            },
          ],
        },
      },
      escalated: {
        meta: { task: { role: 'centre', title: { 'zh-CN': '升级督办', en: 'Escalated' } } },
        on: {
          WHISTLE: {
            target: 'dispatched',
            actions: update(({ draft, event }) => {
              draft.whistle = { department: event.department, leadLeader: event.leadLeader, measures: event.measures }
              draft.handler = { kind: 'department', id: event.department }
            }),
          },
        },
      },
      closed: { type: 'final', meta: { outcome: 'resolved' } },
      void: { type: 'final', meta: { outcome: 'void' } },
    },
  })
  return defineProcess({
    id: 'gridEvent',
    version: 1,
    machine,
    events,
    input: ReportInput,
    start: { roles: ['gridMember', 'reporter', 'sensor'] },
  })
}

/** Delivers side effects to the host system (here: in-memory lists the host can read). */
export interface GridHost {
  notifyDepartment(department: string, caseId: string, messageId: string): void | Promise<void>
  strikeOffLedger(caseId: string, messageId: string): void | Promise<void>
}

/**
 * The grid plugin: the process plus handlers for its effects.
 *
 * @param host - where effects go
 * @param params - local service levels
 * @returns a Fengqiao plugin
 */
export function gridPlugin(host: GridHost, params: Partial<GridParameters> = {}): FengqiaoPlugin {
  return definePlugin({
    name: 'grid',
    processes: [gridEventProcess(params)],
    effects: {
      notifyDepartment: (m) =>
        host.notifyDepartment((m.params as { department: string }).department, m.instanceId, m.id),
      strikeOffLedger: (m) => host.strikeOffLedger(m.instanceId, m.id),
    },
  })
}
