// The script of a village decision under 四议两公开, with the meeting numbers of the deliberation
// package's scenario 18: party members' meeting 30 of 40 with 25 for; representative meeting 36
// of 50 with 20 for.
import { daysBetween, daysInMonth } from '@fengqiao/core'
import type { DeliberationContext } from '@fengqiao/deliberation'
import { iso } from '../calendar.js'
import type { DeliberationPlan } from '../plans.js'
import { TOWN, villageBodies } from '../town.js'
import type { World } from '../world.js'
import { step, type CaseView, type Script } from './script.js'

type V = CaseView<DeliberationContext>

const order = [
  'draft',
  'deliberating.proposed',
  'deliberating.consulted',
  'deliberating.partyReviewed',
  'resolved',
  'resolutionPublished.posting',
  'resolutionPublished.posted',
  'implementing',
  'implemented',
  'resultPublished.posting',
  'resultPublished.posted',
  'archived',
]
const rank = (v: V) => order.findIndex((s) => v.stateKey === s || v.stateKey.startsWith(`${s}.`))
const today = (v: V) => iso(v.now).slice(0, 10)

function meeting(date: string, shouldAttend: number, attended: number, yes: number, abstain: number, minutes: string) {
  return {
    date,
    noticeDate: date,
    shouldAttend,
    attended,
    votes: { for: yes, against: attended - yes - abstain, abstain },
    minutes,
    signatures: ['主持人', '记录人'],
  }
}

/**
 * The decision's script. The meetings follow scenario 18's calendar (proposal, then the two
 * committees 2 days later, the party members 7, the representatives 11) when the month leaves room
 * for it, and a tighter one when it starts late (after the May Day or National Day holidays), so
 * that the result is disclosed within the month; implementation takes 3 days from its start.
 */
export function deliberationScript(w: World, plan: DeliberationPlan, v: V): Script<DeliberationContext> {
  const d = w.deliberation
  const { party, committee, supervision } = villageBodies(plan.village)
  const posted = (x: V, content: string) => ({ postedAt: iso(x.now), channels: ['村务公开栏', '村民微信群'], content })
  const [y, m, day] = plan.day.split('-').map(Number) as [number, number, number]
  const [consult, review, resolve] = daysInMonth(y, m) - day >= 29 ? [2, 7, 11] : [1, 3, 5]
  const since = (date: string | null) => (date === null ? 99 : daysBetween(plan.day, date))
  const started = since(v.context.implementation.startedOn)
  const completed = since(v.context.implementation.completedOn)
  return [
    step(
      'PROPOSE',
      0,
      (x) => rank(x) >= 1,
      (x) =>
        d.send(x.id, { type: 'PROPOSE', date: today(x), summary: `提议制定${plan.matter.title}` }, { actor: party }),
    ),
    step(
      'CONSULT',
      consult,
      (x) => rank(x) >= 2,
      (x) =>
        d.send(
          x.id,
          {
            type: 'CONSULT',
            meeting: meeting(today(x), 7, 7, 6, 0, '村“两委”会议商议'),
            plan: `${plan.matter.title}（草案）`,
          },
          { actor: party },
        ),
    ),
    step(
      'REVIEW',
      review,
      (x) => rank(x) >= 3,
      (x) =>
        d.send(x.id, { type: 'REVIEW', meeting: meeting(today(x), 40, 30, 25, 2, '党员大会审议') }, { actor: party }),
    ),
    step(
      'RESOLVE',
      resolve,
      (x) => rank(x) >= 4,
      (x) =>
        d.send(
          x.id,
          { type: 'RESOLVE', meeting: meeting(today(x), 50, 36, 20, 6, '村民代表会议表决') },
          { actor: committee },
        ),
    ),
    step(
      'PUBLISH_RESOLUTION',
      resolve + 1,
      (x) => rank(x) >= 5,
      (x) =>
        d.send(x.id, { type: 'PUBLISH_RESOLUTION', ...posted(x, `决议：${plan.matter.title}`) }, { actor: committee }),
    ),
    step(
      'START_IMPLEMENTATION',
      resolve + 1,
      (x) => rank(x) >= 7,
      (x) => d.send(x.id, { type: 'START_IMPLEMENTATION', date: today(x) }, { actor: committee }),
      (x) => rank(x) === 6,
    ),
    step(
      'COMPLETE_IMPLEMENTATION',
      started + 3,
      (x) => rank(x) >= 8,
      (x) =>
        d.send(
          x.id,
          { type: 'COMPLETE_IMPLEMENTATION', date: today(x), summary: `${plan.matter.title}已实施完毕` },
          { actor: committee },
        ),
    ),
    step(
      'PUBLISH_RESULT',
      completed + 1,
      (x) => rank(x) >= 9,
      (x) => d.send(x.id, { type: 'PUBLISH_RESULT', ...posted(x, '实施结果') }, { actor: committee }),
    ),
    step(
      'ARCHIVE',
      completed + 1,
      (x) => rank(x) >= 11,
      (x) =>
        d.send(
          x.id,
          { type: 'ARCHIVE', opinion: '程序合规，公开到位', reference: `档案${plan.key}` },
          { actor: supervision },
        ),
      (x) => rank(x) === 10,
    ),
  ]
}

/** The start input of the month's village decision. */
export function deliberationIntake(plan: DeliberationPlan) {
  return {
    input: {
      village: { name: plan.village, oneHolder: false, township: TOWN },
      matter: plan.matter,
      resolutionBody: 'representativeMeeting' as const,
    },
    actor: villageBodies(plan.village).party,
  }
}
