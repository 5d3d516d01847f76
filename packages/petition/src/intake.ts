/**
 * Intake (登记): screening at registration (XF Arts. 19, 20, 23, 36), the petition bureau's
 * register (XF Art. 22), the competent organ's register (XF Art. 23), and leads.
 *
 * @module
 */
import { and } from 'xstate'
import type { PetitionParameters } from './parameters.js'
import { meta, notify, title, type PetitionSetup } from './setup.js'
import { accept, divert, referToDiscipline, routeTo } from './transitions.js'

/**
 * The intake states of the procedure region.
 *
 * @param s - the petition setup
 * @param p - the parameters in force
 * @returns `intake`, `registered`, `received` and `lead`
 */
export function intakeStates(s: PetitionSetup, p: Readonly<PetitionParameters>) {
  return {
    intake: s.createStateConfig({
      meta: meta('procedure.intake'),
      always: [
        { guard: 'visitMisdirected', target: 'visitRedirected', actions: notify('visitRedirected', 'XF Art. 20') },
        { guard: and(['unidentified', 'atBureau']), target: 'lead.atBureau' },
        { guard: 'unidentified', target: 'lead.atOrgan' },
        { guard: 'notAccepted', target: 'rejectedDuplicate', actions: notify('notAccepted', 'XF Arts. 19, 36') },
        { guard: 'atBureau', target: 'registered' },
        { target: 'received' },
      ],
    }),
    registered: s.createStateConfig({
      meta: meta('procedure.registered', {
        task: { role: 'bureau', title: title('procedure.registered') },
        deadline: {
          days: p.registerTransferDays,
          from: 'petition.receivedAt',
          name: 'routing',
          onExpire: 'ROUTING_OVERDUE',
        },
      }),
      on: {
        ...routeTo('routable'),
        REFER_TO_DISCIPLINE: referToDiscipline('accusationTransferred', 'XF Arts. 22, 30'),
        DIVERT: divert(true),
      },
    }),
    received: s.createStateConfig({
      meta: meta('procedure.received', {
        task: { role: 'organ', title: title('procedure.received') },
        deadline: { days: p.acceptNoticeDays, from: 'petition.receivedAt', name: 'notice', onExpire: 'NOTICE_OVERDUE' },
      }),
      on: {
        ACCEPT: accept,
        REFER_TO_DISCIPLINE: referToDiscipline('accusationTransferred', 'XF Art. 30'),
        DIVERT: divert(true),
      },
    }),
    lead: s.createStateConfig({
      meta: meta('procedure.lead'),
      initial: 'atBureau',
      states: {
        atBureau: {
          meta: meta('procedure.lead.atBureau', { task: { role: 'bureau', title: title('procedure.lead') } }),
        },
        atOrgan: { meta: meta('procedure.lead.atOrgan', { task: { role: 'organ', title: title('procedure.lead') } }) },
      },
      on: {
        REFER_TO_DISCIPLINE: referToDiscipline('leadReferred'),
        FILE_LEAD: {
          guard: 'routable',
          target: 'final',
          actions: ['fileLead', { type: 'finish', params: { finality: 'leadFiled' } }],
        },
      },
    }),
  }
}
