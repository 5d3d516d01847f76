// Scripts for petitions (信访): routing, acceptance, handling on the statutory clocks, extension,
// opinion, review, supervision of overdue steps, diversion, withdrawal, mediation.
import { stageOf, type PetitionContext } from '@fengqiao/petition'
import { iso } from '../calendar.js'
import { caseRandom, type PetitionPlan } from '../plans.js'
import { bureau, COUNTY, organ, organHead, petitioner, reviewOrgan, TOWN } from '../town.js'
import type { World } from '../world.js'
import { step, type CaseView, type Script, type Step } from './script.js'

type V = CaseView<PetitionContext>

const stage = (v: V) => stageOf(v.state)
const routed = (v: V) => stage(v) !== 'registered'
const accepted = (v: V) =>
  v.context.acceptance !== null || v.context.diversion !== null || v.context.withdrawal !== null

export function petitionScript(w: World, plan: PetitionPlan): Script<PetitionContext> {
  const r = caseRandom(plan.key)
  const p = w.petition
  const s: Array<Step<PetitionContext>> = []
  const me = petitioner(plan.petitioner)
  const county = plan.unit === COUNTY

  const route = (at: number) =>
    s.push(
      step('TRANSFER', at, routed, (v) =>
        county
          ? // 交办: the city bureau assigns the matter to the township and wants a report back.
            p.send(
              v.id,
              {
                type: 'ASSIGN',
                organ: '枫桥镇人民政府',
                organUnit: TOWN,
                reportDue: iso(v.now + 60 * 86_400_000).slice(0, 10),
              },
              { actor: bureau(COUNTY) },
            )
          : p.send(v.id, { type: 'TRANSFER', organ: plan.organ, organUnit: TOWN }, { actor: bureau(TOWN) }),
      ),
    )
  const accept = (at: number) =>
    s.push(
      step('ACCEPT', at, accepted, (v) =>
        p.send(v.id, { type: 'ACCEPT', notice: '已受理，将在法定期限内办理' }, { actor: organ }),
      ),
    )
  const opinion = (at: number, outcome: 'support' | 'explain' | 'notSupport') =>
    s.push(
      step(
        'ISSUE_OPINION',
        at,
        (v) => v.context.opinion !== null,
        (v) =>
          p.send(
            v.id,
            outcome === 'explain'
              ? {
                  type: 'ISSUE_OPINION',
                  outcome,
                  finding: '经调查核实，诉求有一定合理性',
                  explanation: '现行政策暂无依据，已向信访人解释说明并提供帮扶',
                  servedAt: iso(v.now),
                }
              : {
                  type: 'ISSUE_OPINION',
                  outcome,
                  finding: outcome === 'support' ? '经调查核实，诉求属实' : '经调查核实，诉求缺乏事实依据',
                  legalBasis: '《信访工作条例》第三十二条及相关政策规定',
                  servedAt: iso(v.now),
                },
            { actor: organ },
          ),
      ),
    )
  const supervise = (at: number) =>
    s.push(
      step(
        'SUPERVISE',
        at,
        (v) => v.context.supervision.notices.length > 0,
        (v) =>
          p.send(
            v.id,
            { type: 'SUPERVISE', instructions: '逾期未办，请立即办理并报告结果' },
            { actor: bureau(COUNTY) },
          ),
        (v) => v.context.supervision.overdue.length > 0,
      ),
    )
  const outcome = r.pick(['support', 'support', 'explain', 'notSupport'] as const)

  switch (plan.kind) {
    case 'fast':
      route(r.int(1, 2))
      accept(r.int(3, 4))
      opinion(r.int(8, 16), outcome)
      break
    case 'reviewed':
      route(1)
      accept(2)
      opinion(r.int(5, 7), 'notSupport')
      s.push(
        step(
          'REQUEST_REVIEW',
          r.int(8, 10),
          (v) => v.context.review !== null,
          (v) =>
            p.send(
              v.id,
              { type: 'REQUEST_REVIEW', reasons: '对处理意见不服，认为事实认定有误', reviewOrgUnit: COUNTY },
              { actor: me },
            ),
        ),
      )
      s.push(
        step(
          'DECIDE_REVIEW',
          r.int(15, 20),
          (v) => v.context.review?.decision != null,
          (v) =>
            p.send(
              v.id,
              {
                type: 'DECIDE_REVIEW',
                result: 'uphold',
                opinion: '原处理意见事实清楚，予以维持',
                legalBasis: '《信访工作条例》第三十五条',
                servedAt: iso(v.now),
              },
              { actor: reviewOrgan },
            ),
        ),
      )
      break
    case 'normal':
      route(r.int(1, 3))
      accept(r.int(4, 7))
      opinion(r.int(30, 55), outcome)
      break
    case 'extended':
      route(r.int(1, 2))
      accept(r.int(3, 5))
      s.push(
        step(
          'EXTEND',
          r.int(12, 18),
          (v) => v.context.extension !== null,
          (v) => p.send(v.id, { type: 'EXTEND', days: 30, reason: '情况复杂，需多部门联合核查' }, { actor: organHead }),
        ),
      )
      opinion(r.int(70, 85), outcome)
      break
    case 'simple':
      accept(0)
      opinion(r.int(4, 8), 'support')
      break
    case 'diverted':
      s.push(
        step(
          'DIVERT',
          1,
          () => false,
          (v) =>
            p.send(
              v.id,
              plan.request.includes('确权')
                ? { type: 'DIVERT', channel: 'reconsideration', organ: '诸暨市人民政府', reason: '属行政复议受理范围' }
                : plan.request.includes('工伤')
                  ? {
                      type: 'DIVERT',
                      channel: 'arbitration',
                      organ: '诸暨市劳动人事争议仲裁委员会',
                      reason: '属劳动争议仲裁范围',
                    }
                  : { type: 'DIVERT', channel: 'litigation', organ: '诸暨市人民法院', reason: '已进入诉讼程序' },
              { actor: bureau(plan.unit) },
            ),
        ),
      )
      break
    case 'suggestion':
      route(1)
      accept(r.int(2, 4))
      s.push(
        step(
          'ANSWER_SUGGESTION',
          r.int(10, 18),
          () => false,
          (v) =>
            p.send(
              v.id,
              { type: 'ANSWER_SUGGESTION', adopted: plan.seq % 2 === 0, reply: '已研究并答复，部分采纳' },
              { actor: organ },
            ),
        ),
      )
      break
    case 'accusation':
      s.push(
        step(
          'REFER_TO_DISCIPLINE',
          1,
          () => false,
          (v) =>
            p.send(
              v.id,
              { type: 'REFER_TO_DISCIPLINE', body: '诸暨市纪委监委', note: '按干部管理权限转交' },
              { actor: bureau(plan.unit) },
            ),
        ),
      )
      break
    case 'routingOverdue':
      // Nobody routes it: the 15 days of XF Art. 22 pass, the city bureau supervises (督办).
      supervise(14)
      route(22)
      accept(24)
      opinion(50, outcome)
      break
    case 'noticeOverdue':
      // The organ sits on it: the 15 notice days of XF Art. 23 pass, supervised.
      route(1)
      supervise(14)
      accept(24)
      opinion(50, outcome)
      break
    case 'withdrawn':
      route(1)
      accept(3)
      s.push(
        step(
          'WITHDRAW',
          r.int(5, 9),
          () => false,
          (v) => p.send(v.id, { type: 'WITHDRAW', reason: '问题已自行协商解决' }, { actor: me }),
        ),
      )
      break
    case 'mediated':
      accept(0)
      s.push(
        step(
          'MEDIATE',
          1,
          (v) => v.context.mediation !== null,
          (v) =>
            p.send(
              v.id,
              {
                type: 'MEDIATE',
                respondent: plan.respondent,
                partiesConsent: true,
                note: '双方同意由镇人民调解委员会调解',
              },
              { actor: organ },
            ),
        ),
      )
      break
  }
  return s
}

/**
 * The follow-up case a claim opens when it becomes final (XF Art. 37: counselling, dispute
 * resolution and relief), if the petition package in use opens one: the township government
 * records what it did within a couple of weeks. Sent untyped: the process is optional.
 */
export function followUpScript(w: World, plan: PetitionPlan): Script<unknown> {
  const r = caseRandom(`${plan.key} follow-up`)
  return [
    step(
      'CONCLUDE_FOLLOW_UP',
      r.int(3, 12),
      () => false,
      (v) =>
        w.engine.send(
          v.id,
          {
            type: 'CONCLUDE_FOLLOW_UP',
            measures: ['上门走访，释法明理', '协调相关部门落实帮扶'],
            summary: '信访人表示理解，矛盾已化解',
          },
          { actor: organ },
        ),
    ),
  ]
}

/** The start input and options of a petition on its first day. */
export function petitionIntake(plan: PetitionPlan, now: number) {
  const organReceives = plan.kind === 'simple' || plan.kind === 'mediated'
  const type = plan.kind === 'suggestion' ? 'suggestion' : plan.kind === 'accusation' ? 'accusation' : 'claim'
  return {
    input: {
      type,
      channel: plan.channel,
      receivedBy: organReceives ? 'organ' : 'bureau',
      receivedAt: iso(now),
      petitioner: { id: plan.petitioner, name: plan.petitioner, address: plan.address },
      request: plan.request,
      facts: plan.facts,
      reasons: '请求依法处理',
      fileNo: plan.key,
      simpleProcedure: plan.kind === 'simple',
      ...(type === 'accusation' ? { accused: { name: '某村干部', unit: '村民委员会' } } : {}),
    } as const,
    actor: organReceives ? organ : bureau(plan.unit),
  }
}
