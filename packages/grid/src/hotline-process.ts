/**
 * The hotline ticket (接诉即办, BJ): received → answered on the call, passed to 110/119/120/122,
 * diverted to its statutory channel, given a progress notice (a repeat without new facts) or
 * declined with advice (BJ Art. 11) — or dispatched, directly or through the district when the
 * unit is unclear (BJ Art. 12) → the unit signs for it and contacts the caller within its limit
 * (BJ Art. 15) → a dispatch objection is settled by the bureau (BJ Art. 12) → handling, with an
 * extension explained to the caller → feedback → callback when the period ends (BJ Art. 23) →
 * closed. The first receiver may not pass the ticket on (BJ Art. 14); a street or township
 * whistles departments in (BJ Art. 16).
 *
 * @module
 */
import { defineProcess, extendDeadline, type ParameterOverrides } from '@fengqiao/core'
import {
  HOTLINE_TICKET_PROCESS_ID,
  hotlineEventSchemas,
  hotlineLabels,
  hotlineSetup,
  hotlineStateLabels as L,
  hotlineTicketInputSchema,
  meta,
} from './hotline-setup.js'
import { hotlineParameters, type HotlineParameters } from './parameters.js'
import { hotlinePersonal } from './personal.js'

/** Options of {@link hotlineTicketProcess}. */
export interface HotlineTicketProcessOptions {
  /** Parameters to override (checked by {@link hotlineParameters}). */
  readonly parameters?: ParameterOverrides<typeof hotlineParameters.specs>
}

const notify = (notice: string, article: string) => ({ type: 'notifyCaller' as const, params: { notice, article } })

/**
 * Builds the hotline ticket process from parameters.
 *
 * Effects it asks for: `notifyCaller` (`{ notice, article }`), `transferEmergency` (`{ line }`),
 * `notifyDistrict` (a street or township ticket is copied to the district, BJ Art. 12),
 * `notifyDepartments` (a street's whistle, BJ Art. 16).
 *
 * @param options - parameter overrides
 * @returns the checked process definition
 * @throws {FengqiaoError} INVALID_OPTIONS for a bad parameter override
 */
export function hotlineTicketProcess(options: HotlineTicketProcessOptions = {}) {
  const p: HotlineParameters = hotlineParameters.resolve(options.parameters)
  const s = hotlineSetup()
  const dispatch = (via: 'direct' | 'district') => ({
    guard: 'notARepeat' as const,
    target: '#hotline-ticket.dispatched',
    actions: [{ type: 'dispatch' as const, params: { via } }, 'copyToDistrict' as const],
  })
  const machine = s.createMachine({
    id: HOTLINE_TICKET_PROCESS_ID,
    initial: 'received',
    context: ({ input }) => ({
      ticket: input,
      intake: null,
      dispatch: null,
      signedFor: false,
      contact: null,
      contactLate: false,
      objections: [],
      extension: null,
      whistle: null,
      feedback: null,
      handlingLate: false,
      callback: null,
    }),
    states: {
      // BJ Art. 11: every ticket is classified on receipt.
      received: {
        meta: meta('received', { task: { role: 'hotline', title: L.received } }),
        on: {
          ANSWER: { target: 'answered', actions: { type: 'closeAtIntake', params: { how: 'answered' } } },
          TRANSFER_EMERGENCY: {
            target: 'emergency',
            actions: [
              { type: 'closeAtIntake', params: { how: 'emergency' } },
              {
                type: 'transferEmergency',
                params: ({ event }) => ({ line: (event as { line: string }).line }),
              },
            ],
          },
          DIVERT: {
            target: 'diverted',
            actions: [{ type: 'closeAtIntake', params: { how: 'diverted' } }, notify('channel', 'BJ Art. 11')],
          },
          NOTIFY_PROGRESS: {
            guard: 'repeatWithoutNewFacts',
            target: 'progressNotified',
            actions: [{ type: 'closeAtIntake', params: { how: 'progressNotice' } }, notify('progress', 'BJ Art. 11')],
          },
          DECLINE: {
            target: 'declined',
            actions: [{ type: 'closeAtIntake', params: { how: 'declined' } }, notify('advice', 'BJ Art. 11')],
          },
          DISPATCH: dispatch('direct'),
          SEND_TO_DISTRICT: { guard: 'notARepeat', target: 'atDistrict' },
        },
      },
      // BJ Art. 12: a ticket whose unit is unclear goes to the district government, which dispatches it.
      atDistrict: {
        meta: meta('atDistrict', { task: { role: 'district', title: L.atDistrict } }),
        on: { DISTRICT_DISPATCH: dispatch('district') },
      },
      // BJ Art. 15: the unit signs for the ticket and contacts the caller within its limit.
      dispatched: {
        meta: meta('dispatched', { task: { role: 'unit', title: L.dispatched } }),
        initial: 'route',
        states: {
          route: {
            meta: meta('dispatched.route'),
            always: [{ guard: 'urgent', target: 'urgent' }, { target: 'ordinary' }],
          },
          ordinary: {
            meta: meta('dispatched.ordinary', {
              deadline: { hours: p.contactHours, name: 'contact', onExpire: 'CONTACT_OVERDUE' },
            }),
          },
          urgent: {
            meta: meta('dispatched.urgent', {
              deadline: { hours: p.urgentContactHours, name: 'contactUrgent', onExpire: 'CONTACT_OVERDUE' },
            }),
          },
        },
        on: {
          SIGN_FOR: { target: 'handling', actions: 'signFor' },
          CONTACT_OVERDUE: { actions: 'contactLate' },
          OBJECT: { guard: 'firstReceiverKeeps', target: 'disputed', actions: 'object' },
        },
      },
      // BJ Art. 12: the bureau settles a dispatch objection.
      disputed: {
        meta: meta('disputed', {
          task: { role: 'bureau', title: L.disputed },
          deadline: { workingDays: p.objectionWorkingDays, name: 'objection' },
        }),
        on: {
          SETTLE_OBJECTION: [
            { guard: 'objectionUpheld', target: 'dispatched', actions: 'settleObjection' },
            { guard: 'objectionRejected', target: 'dispatched', actions: 'settleObjection' },
          ],
        },
      },
      handling: {
        meta: meta('handling', {
          task: { role: 'unit', title: L.handling },
          deadline: {
            workingDays: p.handleWorkingDays,
            name: 'handling',
            onExpire: 'HANDLING_OVERDUE',
            maxExtensions: 1,
            maxExtension: p.maxExtensionWorkingDays,
          },
        }),
        initial: 'onTime',
        states: {
          onTime: {
            meta: meta('handling.onTime'),
            on: {
              EXTEND: {
                guard: 'extensionExplained',
                target: 'extended',
                actions: [extendDeadline(({ event }) => ({ workingDays: event.workingDays }), 'handling'), 'extend'],
              },
            },
          },
          extended: { meta: meta('handling.extended') },
        },
        on: {
          // BJ Art. 14: once signed for, the first receiver keeps the ticket.
          OBJECT: { guard: 'firstReceiverKeeps', target: 'disputed', actions: 'object' },
          WHISTLE: {
            actions: [
              'whistle',
              {
                type: 'notifyDepartments',
                params: ({ event }) => ({ departments: (event as { departments: string[] }).departments }),
              },
            ],
          },
          FEED_BACK: { target: 'callback', actions: 'feedBack' },
          // BJ Art. 23: the hotline calls back when the period ends, fed back or not.
          HANDLING_OVERDUE: { target: 'callback', actions: 'handlingLate' },
        },
      },
      callback: {
        meta: meta('callback', { task: { role: 'hotline', title: L.callback } }),
        on: {
          CALLBACK: [
            { guard: 'resolvedAtCallback', target: 'closed', actions: 'callBack' },
            { target: 'closedUnresolved', actions: 'callBack' },
          ],
        },
      },
      closed: { type: 'final', meta: meta('closed', { outcome: 'resolved' }) },
      closedUnresolved: { type: 'final', meta: meta('closedUnresolved', { outcome: 'unresolved' }) },
      // Tickets closed at intake are not dispatched: left out of the dispatch rates.
      answered: { type: 'final', meta: meta('answered', { outcome: 'void' }) },
      emergency: { type: 'final', meta: meta('emergency', { outcome: 'void' }) },
      diverted: { type: 'final', meta: meta('diverted', { outcome: 'void' }) },
      progressNotified: { type: 'final', meta: meta('progressNotified', { outcome: 'void' }) },
      declined: { type: 'final', meta: meta('declined', { outcome: 'void' }) },
    },
  })
  return defineProcess({
    id: HOTLINE_TICKET_PROCESS_ID,
    version: 1,
    machine,
    events: hotlineLabels.withEventLabels(hotlineEventSchemas),
    input: hotlineTicketInputSchema,
    label: hotlineLabels.process,
    start: { roles: ['hotline'] },
    personal: hotlinePersonal,
  })
}

/** The hotline ticket definition's type. */
export type HotlineTicketProcess = ReturnType<typeof hotlineTicketProcess>
