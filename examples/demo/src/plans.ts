// What happens in a month: every case the township takes in, with the path it will take. Plans
// are derived from the month alone (a seeded shuffle), so a later run can recompute the plan of
// any stored case from its file number: nothing but the cases themselves needs to be kept.
import type { CivilDate } from '@fengqiao/core'
import { calendar, daysOf, monthKey, type Month } from './calendar.js'
import { hash, random } from './random.js'
import { COUNTY, TOWN, nameCounts, personName, villages } from './town.js'

/** The paths a dispute takes through people's mediation (and beyond it). */
export const disputeKinds = {
  oral: 19, // agreed orally within a few days, performed
  written: 17, // written agreement, performance supervised
  micro: 10, // 微事不出格: settled at the grid
  confirm: 11, // written agreement judicially confirmed by the court, then performed
  confirmExtended: 2, // the same, with the court president's 10-day extension (SJ11 Art. 5)
  enforce: 2, // confirmed, not performed: a party applies for enforcement
  slow: 8, // overruns the village's 7 days: yellow, moves up to the township, settled there
  red: 3, // overruns the township's 15 days too: red, the county's case owner takes it
  police: 8, // a fight or damage: transferred to police mediation, settled there
  policeFail: 2, // police mediation fails: penalty, the parties may sue
  court: 5, // transferred to the court: settled in pre-filing mediation
  courtFiled: 3, // pre-filing mediation fails: filed, judicial mediation, mediation statement
  terminated: 5, // mediation fails: terminated, routes to arbitration and court notified
  refused: 2, // the other party refuses mediation (void)
  criminal: 3, // criminal risk flagged: reported to the police, red, owned by the county
} as const
export type DisputeKind = keyof typeof disputeKinds

/** The paths a petition takes. */
export const petitionKinds = {
  fast: 14, // transferred, accepted, answered within weeks
  reviewed: 6, // answered quickly; the petitioner asks the city government to review
  normal: 25, // the full 60 days
  extended: 6, // the township head extends handling by 30 days (XF Art. 34)
  simple: 6, // simplified procedure: 10 working days
  diverted: 6, // belongs to litigation, arbitration or reconsideration (XF Art. 31)
  suggestion: 4, // answered suggestions (XF Art. 29)
  accusation: 3, // referred to discipline inspection (XF Art. 30)
  routingOverdue: 2, // the bureau lets the 15 routing days pass: supervised
  noticeOverdue: 3, // the organ lets the 15 notice days pass: supervised
  withdrawn: 2,
  mediated: 3, // settled by people's mediation as a linked case (XF Art. 33)
} as const
export type PetitionKind = keyof typeof petitionKinds

/** The paths a grid event takes (@fengqiao/grid): found in the grid, settled there. */
export const gridKinds = {
  selfHandled: 8, // 微事不出格: the grid member claims it, handles it, the reporter verifies, struck off
  rework: 2, // the reporter's check fails once: reworked, then verified and struck off
} as const
export type GridKind = keyof typeof gridKinds

/** The paths a 12345 hotline ticket takes (@fengqiao/grid, 接诉即办). */
export const hotlineKinds = {
  answered: 4, // a consultation answered on the call: never dispatched, not in the rates
  resolved: 9, // dispatched to the township, contacted the same day, resolved, satisfied
  lateContact: 3, // the township contacts the caller after the 24 hours: not responded in time
  basically: 3, // resolved, the caller "basically satisfied"
  unresolved: 3, // explained but not resolved; the caller unsatisfied
  whistle: 2, // the township whistles the county departments in (街乡吹哨、部门报到): both assessed
} as const
export type HotlineKind = keyof typeof hotlineKinds

interface Base {
  /** File number and business key. */
  readonly key: string
  readonly seq: number
  /** The day it comes in. */
  readonly day: CivilDate
  /** The org unit that owns it. */
  readonly unit: string
}

export interface DisputePlan extends Base {
  readonly process: 'mediation'
  readonly kind: DisputeKind
  readonly parties: readonly [string, string]
  readonly disputeType: string
  readonly facts: string
  readonly request: string
  readonly terms: string
  /** Registered on the committee's initiative rather than a party's application. */
  readonly initiative: boolean
}

export interface PetitionPlan extends Base {
  readonly process: 'petition'
  readonly kind: PetitionKind
  readonly petitioner: string
  readonly address: string
  readonly channel: 'visit' | 'letter' | 'internet' | 'phone'
  readonly request: string
  readonly facts: string
  readonly organ: string
  /** The other side, for a petition settled by mediation. */
  readonly respondent: string
}

export interface DeliberationPlan extends Base {
  readonly process: 'deliberation'
  readonly village: string
  readonly matter: {
    readonly class:
      'homesteadPlan' | 'publicWelfare' | 'collectiveEconomicProject' | 'workSubsidy' | 'otherVillageAffairs'
    readonly title: string
  }
}

export interface GridPlan extends Base {
  readonly process: 'grid'
  readonly kind: GridKind
  readonly village: string
  readonly reporter: string
  readonly text: string
  readonly location: string
}

export interface HotlinePlan extends Base {
  readonly process: 'hotline'
  readonly kind: HotlineKind
  readonly caller: string
  readonly matter: string
  readonly category: string
  readonly location: string
}

export type CasePlan = DisputePlan | PetitionPlan | DeliberationPlan | GridPlan | HotlinePlan

export interface MonthPlan {
  readonly month: Month
  readonly cases: readonly CasePlan[]
  readonly byKey: ReadonlyMap<string, CasePlan>
}

const subjects: Record<string, ReadonlyArray<readonly [facts: string, request: string, terms: string]>> = {
  neighbour: [
    ['宅基地边界围墙越界约0.5米', '拆除越界围墙', '围墙后移0.5米，拆除费用双方各半'],
    ['排水沟堵塞，雨水倒灌邻居院落', '疏通排水沟并赔偿损失', '共同出资疏通排水沟，赔偿损失800元'],
    ['新建房屋遮挡邻居采光', '赔偿采光损失', '建房方一次性补偿采光损失3000元'],
    ['共用通道长期堆放杂物', '清理通道', '三日内清理杂物，通道保持畅通'],
  ],
  family: [
    ['三兄弟对老人赡养费分担有争议', '按月支付赡养费', '三兄弟每人每月支付赡养费600元'],
    ['兄弟分家时对老屋归属有争议', '分割老屋', '老屋归长子，长子补偿次子5万元'],
  ],
  land: [
    ['承包地界址不清，互相占种', '确认界址', '以1998年承包合同四至为准，重新埋设界桩'],
    ['茶园流转租金拖欠两年', '支付租金', '一个月内付清两年租金1.2万元'],
  ],
  contract: [
    ['房屋装修完工后尾款未结', '支付装修尾款2.6万元', '分两期付清尾款2.4万元'],
    ['茶叶收购货款未付', '支付货款1.8万元', '十日内付清货款1.8万元'],
  ],
  debt: [
    ['民间借贷5万元逾期未还', '归还借款本息', '分三期归还借款5万元，免除利息'],
    ['合伙养殖散伙后欠款未结', '结清欠款', '按出资比例结算，一次性支付1.5万元'],
  ],
  labour: [['建房帮工工资拖欠', '支付工资8000元', '五日内支付工资8000元']],
  fight: [
    ['酒后口角引发推搡，一方轻微受伤', '赔偿医药费', '赔偿医药费及误工费1200元并赔礼道歉'],
    ['停车纠纷引发肢体冲突', '赔偿损失并道歉', '赔偿损失600元，当面道歉'],
  ],
  propertyDamage: [
    ['放养家禽损毁邻居菜地', '赔偿菜地损失', '赔偿损失500元，今后圈养家禽'],
    ['倒车撞坏邻居围墙', '修复围墙', '负责修复围墙并承担费用'],
  ],
}

const claims: ReadonlyArray<readonly [request: string, facts: string, organ: string]> = [
  ['要求补发2025年耕地地力保护补贴', '本人承包耕地5亩，2025年补贴未发放', '枫桥镇农业农村办公室'],
  ['要求维修村道破损路段', '村道多处坑洼，雨天积水影响通行', '枫桥镇村镇建设办公室'],
  ['要求尽快办理农村建房审批', '建房申请提交三个月未获审批', '枫桥镇村镇建设办公室'],
  ['要求落实最低生活保障待遇', '家庭收入低于当地低保标准', '枫桥镇社会事务办公室'],
  ['反映养殖场异味扰民，要求整治', '村旁养猪场异味严重，夏季尤甚', '枫桥镇综合行政执法队'],
  ['要求追讨企业拖欠工资', '在镇内某厂务工，工资拖欠三个月', '枫桥镇社会事务办公室'],
  ['反映农田灌溉渠道年久失修', '灌溉渠渗漏，下游农田缺水', '枫桥镇农业农村办公室'],
]
const suggestions: ReadonlyArray<readonly [string, string]> = [
  ['建议增设镇区至杜黄新村公交班次', '早晚高峰公交班次少，村民出行不便'],
  ['建议延长村文化礼堂开放时间', '礼堂晚间不开放，村民活动场地不足'],
]
const diversions: ReadonlyArray<readonly [string, string]> = [
  ['要求撤销土地确权登记', '对确权登记结果有异议'],
  ['要求企业支付工伤待遇', '在厂内受伤，企业拒绝赔付'],
  ['要求返还借款', '借款纠纷已向法院起诉'],
]
const respondents = ['枫桥某五金厂', '枫桥某建筑队', '枫桥某茶叶合作社']
const matters: ReadonlyArray<DeliberationPlan['matter']> = [
  { class: 'homesteadPlan', title: '2026年宅基地使用方案' },
  { class: 'publicWelfare', title: '村道硬化及路灯建设项目' },
  { class: 'collectiveEconomicProject', title: '村集体屋顶光伏项目' },
  { class: 'workSubsidy', title: '村干部误工补贴标准' },
  { class: 'otherVillageAffairs', title: '村垃圾分类积分兑换办法' },
]

const gridMatters: ReadonlyArray<readonly [text: string, location: string]> = [
  ['村道路灯不亮', '村口主干道'],
  ['垃圾收集点满溢未清运', '文化礼堂旁垃圾收集点'],
  ['排水沟堵塞，雨水漫上村道', '村南排水沟'],
  ['村民在河道边乱堆建筑垃圾', '枫桥江堤岸'],
  ['邻里因晾晒场地发生口角', '村东晒场'],
]
const consultations: ReadonlyArray<readonly [matter: string, category: string]> = [
  ['咨询居住证办理需要哪些材料', 'consultation'],
  ['咨询新农合缴费时间', 'consultation'],
]
const complaints: ReadonlyArray<readonly [matter: string, category: string]> = [
  ['夜间工地施工噪音扰民', 'noise'],
  ['自来水水压不足，高楼层无水', 'waterSupply'],
  ['村道坑洼积水，出行不便', 'roads'],
  ['农贸市场占道经营', 'cityAppearance'],
  ['小区物业不维修电梯', 'propertyManagement'],
]

const plans = new Map<string, MonthPlan>()

/**
 * The month's intake: about 100 disputes, 80 petitions and one village decision, spread over the
 * working days, each with its file number and path.
 */
export function planMonth(month: Month): MonthPlan {
  const mk = monthKey(month)
  const cached = plans.get(mk)
  if (cached !== undefined) return cached
  const rng = random(`fengqiao-demo ${mk}`)
  const working = daysOf(month).filter((d) => calendar.isWorkingDay(d))
  // The months since the first one pick the village that deliberates this month.
  const index = month.year * 12 + month.month
  const names = (): [string, string] => {
    const a = personName(rng.int(0, 999), rng.int(0, 999))
    let b = personName(rng.int(0, 999), rng.int(0, 999))
    while (b === a) b = personName(rng.int(0, nameCounts.surnames * 7), rng.int(0, nameCounts.given * 7))
    return [a, b]
  }
  const yyyy = String(month.year)
  const mm = String(month.month).padStart(2, '0')
  const no = (seq: number) => `〔${yyyy}〕${mm}${String(seq).padStart(3, '0')}号`

  // Spread the kinds over the working days (an exact count of each, in seeded order).
  const spread = <K extends string>(counts: Record<K, number>) => {
    const all = (Object.entries(counts) as Array<[K, number]>).flatMap(([k, n]) => Array.from({ length: n }, () => k))
    return rng
      .shuffle(all)
      .map((kind) => ({ kind, day: rng.pick(working), tie: rng.next() }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.tie - b.tie))
  }

  const cases: CasePlan[] = []
  for (const [i, { kind, day }] of spread(disputeKinds).entries()) {
    const v = rng.pick(villages)
    const type =
      kind === 'police' || kind === 'policeFail' || (kind === 'criminal' && rng.chance(0.5))
        ? rng.pick(['fight', 'propertyDamage'])
        : kind === 'court' || kind === 'courtFiled'
          ? rng.pick(['contract', 'debt'])
          : rng.pick(['neighbour', 'neighbour', 'neighbour', 'family', 'land', 'land', 'contract', 'debt', 'labour'])
    const [facts, request, terms] = rng.pick(subjects[type] ?? [])
    const micro = kind === 'micro'
    cases.push({
      process: 'mediation',
      key: `${v.short}调${no(i + 1)}`,
      seq: i + 1,
      day,
      unit: micro ? rng.pick(v.grids) : v.id,
      kind,
      parties: names(),
      disputeType: type,
      facts: facts ?? '邻里纠纷',
      request: request ?? '请求调解',
      terms: terms ?? '双方达成和解',
      initiative: !micro && rng.chance(0.2),
    })
  }
  for (const [i, { kind, day }] of spread(petitionKinds).entries()) {
    // A quarter of the ordinary claims reach the city bureau first and come down to the township.
    const county = (kind === 'normal' || kind === 'fast' || kind === 'extended') && rng.chance(0.25)
    const [petitioner] = names()
    const v = rng.pick(villages)
    const [request, facts, organ] =
      kind === 'mediated'
        ? ['要求追讨企业拖欠工资', '在镇内某厂务工，工资拖欠三个月', '枫桥镇社会事务办公室']
        : kind === 'suggestion'
          ? [...rng.pick(suggestions), '枫桥镇社会事务办公室']
          : kind === 'diverted'
            ? [...rng.pick(diversions), '—']
            : kind === 'accusation'
              ? ['反映村干部在低保评定中优亲厚友', `${v.id}村干部将亲属列入低保名单`, '—']
              : rng.pick(claims)
    cases.push({
      process: 'petition',
      key: `${county ? '诸暨' : '枫桥'}信${no(i + 1)}`,
      seq: i + 1,
      day,
      unit: county ? COUNTY : TOWN,
      kind,
      petitioner,
      address: `${TOWN}${v.id}${rng.int(1, 180)}号`,
      channel: rng.pick(['visit', 'visit', 'letter', 'internet', 'internet', 'phone']),
      request,
      facts,
      organ,
      respondent: rng.pick(respondents),
    })
  }
  const village = villages[index % villages.length] ?? villages[0]
  const first = working[0]
  if (village !== undefined && first !== undefined) {
    cases.push({
      process: 'deliberation',
      key: `${village.short}四议${no(1)}`,
      seq: 1,
      day: first,
      unit: village.id,
      village: village.id,
      matter: matters[index % matters.length] ?? matters[0] ?? { class: 'homesteadPlan', title: '宅基地使用方案' },
    })
  }
  // Grid events and hotline tickets, from a random source of their own (the other plans stay as they were).
  const g = random(`fengqiao-demo grid ${mk}`)
  const spreadG = <K extends string>(counts: Record<K, number>) =>
    g
      .shuffle((Object.entries(counts) as Array<[K, number]>).flatMap(([k, n]) => Array.from({ length: n }, () => k)))
      .map((kind) => ({ kind, day: g.pick(working), tie: g.next() }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : a.tie - b.tie))
  for (const [i, { kind, day }] of spreadG(gridKinds).entries()) {
    const v = g.pick(villages)
    const [text, location] = g.pick(gridMatters)
    cases.push({
      process: 'grid',
      key: `${v.short}网格${no(i + 1)}`,
      seq: i + 1,
      day,
      unit: g.pick(v.grids),
      kind,
      village: v.id,
      reporter: personName(g.int(0, 999), g.int(0, 999)),
      text,
      location: `${v.id}${location}`,
    })
  }
  for (const [i, { kind, day }] of spreadG(hotlineKinds).entries()) {
    const v = g.pick(villages)
    const [matter, category] = kind === 'answered' ? g.pick(consultations) : g.pick(complaints)
    cases.push({
      process: 'hotline',
      key: `枫桥12345${no(i + 1)}`,
      seq: i + 1,
      day,
      unit: v.id,
      kind,
      caller: personName(g.int(0, 999), g.int(0, 999)),
      matter,
      category,
      location: `${TOWN}${v.id}${g.int(1, 180)}号`,
    })
  }
  cases.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0))
  const plan: MonthPlan = { month, cases, byKey: new Map(cases.map((c) => [c.key, c])) }
  plans.set(mk, plan)
  return plan
}

/** The plan of a stored case, from its file number (`枫源调〔2026〕03017号`). */
export function planOf(businessKey: string | null): CasePlan | undefined {
  const m = businessKey === null ? null : /〔(\d{4})〕(\d{2})\d{3}号$/.exec(businessKey)
  if (m === null) return undefined
  return planMonth({ year: Number(m[1]), month: Number(m[2]) }).byKey.get(businessKey as string)
}

/** A per-case random source for timings, stable across runs. */
export const caseRandom = (key: string) => random(hash(`timing ${key}`))
