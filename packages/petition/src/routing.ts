/**
 * Routing (转送、交办): the organ's objection window (XF Art. 23), the bureau's answer to an
 * objection, and a competence dispute between organs (XF Art. 24).
 *
 * @module
 */
import type { PetitionParameters } from './parameters.js'
import { meta, organUnitOf, superiorUnitOf, title, type PetitionSetup } from './setup.js'
import { accept, divert, routeTo } from './transitions.js'

const settle = (decidedBy: 'agreement' | 'superior' | 'conference') =>
  ({
    target: '#petition.procedure.transferred.objectionClosed',
    actions: { type: 'settleDispute', params: { decidedBy } },
  }) as const

/**
 * The routing states of the procedure region.
 *
 * @param s - the petition setup
 * @param p - the parameters in force
 * @returns `transferred`, `notOurs` and `competenceDispute`
 */
export function routingStates(s: PetitionSetup, p: Readonly<PetitionParameters>) {
  return {
    transferred: s.createStateConfig({
      meta: meta('procedure.transferred', {
        task: { role: 'organ', title: title('procedure.transferred'), orgUnit: organUnitOf },
        deadline: { days: p.acceptNoticeDays, name: 'transferNotice', onExpire: 'NOTICE_OVERDUE' },
      }),
      initial: 'objectionOpen',
      states: {
        objectionOpen: {
          meta: meta('procedure.transferred.objectionOpen', {
            deadline: {
              workingDays: p.objectionWorkingDays,
              name: 'objection',
              onExpire: 'OBJECTION_WINDOW_CLOSED',
              kind: 'window',
            },
          }),
          on: {
            OBJECT: [
              {
                guard: 'disputed',
                target: '#petition.procedure.competenceDispute',
                actions: ['recordObjection', 'openDispute'],
              },
              { target: '#petition.procedure.notOurs', actions: 'recordObjection' },
            ],
            OBJECTION_WINDOW_CLOSED: 'objectionClosed',
          },
        },
        objectionClosed: { meta: meta('procedure.transferred.objectionClosed') },
      },
      on: {
        ACCEPT: accept,
        DIVERT: divert(true),
      },
    }),
    notOurs: s.createStateConfig({
      meta: meta('procedure.notOurs', {
        task: { role: 'bureau', title: title('procedure.notOurs') },
        deadline: { days: p.rerouteDays, name: 'reroute', onExpire: 'ROUTING_OVERDUE' },
      }),
      on: {
        ...routeTo('reroutable'),
        OVERRULE_OBJECTION: { target: 'transferred.objectionClosed', actions: 'overruleObjection' },
        DIVERT: divert(true),
      },
    }),
    competenceDispute: s.createStateConfig({
      meta: meta('procedure.competenceDispute'),
      initial: 'consulting',
      states: {
        consulting: {
          meta: meta('procedure.competenceDispute.consulting', {
            task: { role: 'bureau', title: title('procedure.competenceDispute.consulting') },
          }),
          on: {
            ORGANS_AGREE: settle('agreement'),
            ORGANS_DISAGREE: { target: 'superiorDeciding', actions: 'referToSuperior' },
          },
        },
        superiorDeciding: {
          meta: meta('procedure.competenceDispute.superiorDeciding', {
            task: {
              role: 'superiorOrgan',
              title: title('procedure.competenceDispute.superiorDeciding'),
              orgUnit: superiorUnitOf,
            },
          }),
          on: {
            SUPERIOR_DECIDES: settle('superior'),
            REFER_TO_CONFERENCE: 'conference',
          },
        },
        conference: {
          meta: meta('procedure.competenceDispute.conference', {
            task: {
              role: 'jointConference',
              title: title('procedure.competenceDispute.conference'),
              orgUnit: superiorUnitOf,
            },
          }),
          on: { CONFERENCE_DECIDES: settle('conference') },
        },
      },
    }),
  }
}
