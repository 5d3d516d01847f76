// The scripts of grid events (found in the grid, settled there: 微事不出格) and 12345 hotline tickets
// (接诉即办: dispatched to the township, signed for, handled, called back), from @fengqiao/grid.
import type { Actor } from '@fengqiao/core'
import type { GridEventContext, GridEventInputArg, HotlineTicketContext, HotlineTicketInputArg } from '@fengqiao/grid'
import { iso } from '../calendar.js'
import type { GridPlan, HotlinePlan } from '../plans.js'
import { COUNTY, TOWN, villageOf } from '../town.js'
import type { World } from '../world.js'
import { step, type CaseView, type Script } from './script.js'

/** The grid member of a grid, the village's operator, the township's grid centre. */
export const gridMember = (grid: string): Actor => ({ id: `${grid}网格员`, roles: ['gridMember'], orgUnit: grid })
const operator = (grid: string): Actor => {
  const v = villageOf(grid)?.id ?? TOWN
  return { id: `${v}受理员`, roles: ['operator'], orgUnit: v }
}
const centre: Actor = { id: '枫桥镇网格管理中心', roles: ['centre'], orgUnit: TOWN }
const reporter = (name: string): Actor => ({ id: name, roles: ['resident', 'reporter'] })

/** The county's 12345 hotline, the township as the unit tickets are dispatched to, and as the whistling street. */
export const hotlineCentre: Actor = { id: '诸暨市12345热线', roles: ['hotline'], orgUnit: COUNTY }
export const townUnit: Actor = { id: '枫桥镇人民政府', roles: ['unit'], orgUnit: TOWN }
const townStreet: Actor = { id: '枫桥镇街乡吹哨', roles: ['street'], orgUnit: TOWN }

export function gridIntake(plan: GridPlan): { input: GridEventInputArg; actor: Actor } {
  return {
    input: {
      location: plan.location,
      grid: plan.unit,
      category: 'cityAppearance',
      text: plan.text,
      source: 'resident',
      reporter: { id: plan.reporter, name: plan.reporter },
    },
    actor: reporter(plan.reporter),
  }
}

type G = CaseView<GridEventContext>

export function gridScript(w: World, plan: GridPlan): Script<GridEventContext> {
  const member = gridMember(plan.unit)
  const verified = (v: G) => v.context.fixVerified
  return [
    step<GridEventContext>(
      'accept',
      0,
      (v) => !v.stateKey.includes('procedure.reported'),
      (v) => w.gridEvent.send(v.id, { type: 'ACCEPT' }, { actor: operator(plan.unit) }),
    ),
    step<GridEventContext>(
      'claim',
      0,
      (v) => v.context.handler !== null,
      (v) => w.gridEvent.send(v.id, { type: 'CLAIM', member: member.id }, { actor: member }),
    ),
    step<GridEventContext>(
      'feedback',
      1,
      (v) => v.context.feedback.length > v.context.reworks,
      (v) => w.gridEvent.send(v.id, { type: 'FEEDBACK', result: '已现场处置' }, { actor: member }),
    ),
    ...(plan.kind === 'rework'
      ? [
          step<GridEventContext>(
            'verify: not fixed',
            2,
            (v) => v.context.reworks > 0,
            (v) =>
              w.gridEvent.send(
                v.id,
                { type: 'VERIFY', ok: false, note: '问题仍在' },
                { actor: reporter(plan.reporter) },
              ),
          ),
          step<GridEventContext>(
            'feedback again',
            3,
            (v) => v.context.feedback.length > v.context.reworks,
            (v) => w.gridEvent.send(v.id, { type: 'FEEDBACK', result: '已返工处置' }, { actor: member }),
          ),
        ]
      : []),
    step<GridEventContext>('verify', plan.kind === 'rework' ? 4 : 2, verified, (v) =>
      w.gridEvent.send(v.id, { type: 'VERIFY', ok: true }, { actor: reporter(plan.reporter) }),
    ),
    step<GridEventContext>(
      'strike off',
      plan.kind === 'rework' ? 5 : 3,
      (v) => v.context.ledger?.status === 'struckOff',
      (v) => w.gridEvent.send(v.id, { type: 'STRIKE_OFF', ledgerRef: plan.key }, { actor: centre }),
    ),
  ]
}

export function hotlineIntake(plan: HotlinePlan, now: number): { input: HotlineTicketInputArg; actor: Actor } {
  return {
    input: {
      receivedAt: iso(now),
      kind: plan.kind === 'answered' ? 'consultation' : 'complaint',
      matter: plan.matter,
      category: plan.category,
      location: plan.location,
      caller: { name: plan.caller, phone: '1350575' + String(plan.seq).padStart(4, '0') },
    },
    actor: hotlineCentre,
  }
}

type H = CaseView<HotlineTicketContext>

export function hotlineScript(w: World, plan: HotlinePlan): Script<HotlineTicketContext> {
  const send = (v: H, event: Parameters<World['hotline']['send']>[1], actor: Actor) =>
    w.hotline.send(v.id, event, { actor })
  if (plan.kind === 'answered')
    return [
      step<HotlineTicketContext>(
        'answer',
        0,
        (v) => v.context.intake !== null,
        (v) => send(v, { type: 'ANSWER', answer: '已在电话中解答' }, hotlineCentre),
      ),
    ]
  const resolved = plan.kind !== 'unresolved'
  return [
    step<HotlineTicketContext>(
      'dispatch',
      0,
      (v) => v.context.dispatch !== null,
      (v) => send(v, { type: 'DISPATCH', unit: townUnit.id, streetOrTownship: true }, hotlineCentre),
    ),
    step<HotlineTicketContext>(
      'sign for',
      plan.kind === 'lateContact' ? 2 : 0,
      (v) => v.context.signedFor,
      (v) => send(v, { type: 'SIGN_FOR', contactedAt: iso(v.now) }, townUnit),
    ),
    ...(plan.kind === 'whistle'
      ? [
          step<HotlineTicketContext>(
            'whistle',
            1,
            (v) => v.context.whistle !== null,
            (v) =>
              send(
                v,
                { type: 'WHISTLE', street: TOWN, departments: ['诸暨市住建局', '诸暨市综合行政执法局'] },
                townStreet,
              ),
          ),
        ]
      : []),
    step<HotlineTicketContext>(
      'feed back',
      plan.kind === 'lateContact' ? 3 : 2,
      (v) => v.context.feedback !== null,
      (v) =>
        send(v, { type: 'FEED_BACK', result: resolved ? 'resolved' : 'explained', reply: '已处理并答复' }, townUnit),
    ),
    step<HotlineTicketContext>(
      'call back',
      plan.kind === 'lateContact' ? 4 : 3,
      (v) => v.context.callback !== null,
      (v) =>
        send(
          v,
          {
            type: 'CALLBACK',
            reached: true,
            resolved,
            satisfaction: !resolved ? 'unsatisfied' : plan.kind === 'basically' ? 'basicallySatisfied' : 'satisfied',
          },
          hotlineCentre,
        ),
    ),
  ]
}
