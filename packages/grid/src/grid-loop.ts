/**
 * The closed loop (闭环) of a grid event: report → accept → claim and handle at the grid, or
 * whistle (吹哨) → the called departments report for duty (报到) → feedback → verification by
 * the grid member or the reporter (复核) → closed, or rework → the ledger row struck off (对账销号).
 * docs/domain-rules.md#2-grid-closed-loop.
 *
 * @module
 */
import type { GridParameters } from './parameters.js'
import { bulletin, meta, title, type GridSetup } from './grid-setup.js'

/**
 * The procedure region of the grid event.
 *
 * @param s - the grid setup
 * @param p - the parameters in force
 * @returns the region's state config
 */
export function loopRegion(s: GridSetup, p: GridParameters) {
  const feedback = { target: 'verifying', actions: 'feedback' } as const
  return s.createStateConfig({
    meta: meta('procedure'),
    initial: 'reported',
    states: {
      reported: {
        meta: meta('procedure.reported', {
          task: { role: 'operator', title: title('procedure.reported') },
          deadline: { workingDays: p.acceptWorkingDays, name: 'accept' },
        }),
        on: {
          ACCEPT: { target: 'accepted', actions: 'accept' },
          VOID: { target: 'void', actions: 'voidReport' },
        },
      },
      accepted: {
        meta: meta('procedure.accepted', {
          task: { role: 'centre', title: title('procedure.accepted') },
          deadline: { hours: p.whistle.routeMinutes / 60, name: 'route', onExpire: 'ROUTE_OVERDUE' },
        }),
        on: {
          CLAIM: { guard: 'withinCapacity', target: 'selfHandled', actions: 'claim' },
          WHISTLE: {
            target: 'dispatched',
            actions: [
              'whistle',
              {
                type: 'notifyDepartments',
                params: ({ event }) => {
                  const e = event as { departments: string[]; leadLeader: string; measures: string }
                  return { departments: e.departments, leadLeader: e.leadLeader, measures: e.measures }
                },
              },
            ],
          },
          ROUTE_OVERDUE: { actions: bulletin('routeOverdue') },
        },
      },
      selfHandled: {
        meta: meta('procedure.selfHandled', { task: { role: 'gridMember', title: title('procedure.selfHandled') } }),
        on: { FEEDBACK: feedback },
      },
      dispatched: {
        meta: meta('procedure.dispatched', {
          task: { role: 'department', title: title('procedure.dispatched') },
          deadline: { hours: p.whistle.onSiteHours, name: 'onSite', onExpire: 'DUTY_OVERDUE' },
        }),
        on: {
          REPORT_FOR_DUTY: { guard: 'calledDepartment', actions: 'reportForDuty' },
          DUTY_OVERDUE: { actions: ['markLate', bulletin('dutyOverdue')] },
        },
        // Handling starts once every called department has reported.
        always: { guard: 'allReported', target: 'inProgress' },
      },
      inProgress: {
        meta: meta('procedure.inProgress', {
          task: { role: 'department', title: title('procedure.inProgress') },
          deadline: { workingDays: p.whistle.feedbackWorkingDays, name: 'feedback', onExpire: 'FEEDBACK_OVERDUE' },
        }),
        on: { FEEDBACK: feedback, FEEDBACK_OVERDUE: { actions: bulletin('feedbackOverdue') } },
      },
      verifying: {
        meta: meta('procedure.verifying', { task: { role: 'gridMember', title: title('procedure.verifying') } }),
        on: {
          VERIFY: [
            { guard: 'verified', target: 'closed', actions: 'fixVerified' },
            // A failed check goes back to the same handler, and counts as a rework.
            { guard: 'departmentHandles', target: 'inProgress', actions: 'rework' },
            { target: 'selfHandled', actions: 'rework' },
          ],
        },
      },
      closed: {
        meta: meta('procedure.closed', { task: { role: 'centre', title: title('procedure.closed') } }),
        on: {
          STRIKE_OFF: {
            target: 'struckOff',
            actions: [
              'strikeOff',
              {
                type: 'strikeOffLedger',
                params: ({ context }) => ({ ledgerRef: context.ledger?.ref ?? null, reworks: context.reworks }),
              },
            ],
          },
        },
      },
      struckOff: { type: 'final', meta: meta('procedure.struckOff', { outcome: 'resolved' }) },
      void: { type: 'final', meta: meta('procedure.void', { outcome: 'void' }) },
    },
  })
}
