// The township: 诸暨市 › 枫桥镇 › five villages › two grids each, and the people who act in it.
import type { Actor, OrgUnit } from '@fengqiao/core'

export const COUNTY = '诸暨市'
export const TOWN = '枫桥镇'

export interface Village {
  readonly id: string
  /** For file numbers: 枫源调〔2026〕03017号. */
  readonly short: string
  readonly grids: readonly string[]
  /** The village's people's mediator (人民调解员). */
  readonly mediator: string
}

export const villages: readonly Village[] = [
  { id: '枫源村', short: '枫源', grids: ['枫源村一网格', '枫源村二网格'], mediator: '骆红英' },
  { id: '陈家村', short: '陈家', grids: ['陈家村一网格', '陈家村二网格'], mediator: '陈立新' },
  { id: '栎桥村', short: '栎桥', grids: ['栎桥村一网格', '栎桥村二网格'], mediator: '何国平' },
  { id: '全堂村', short: '全堂', grids: ['全堂村一网格', '全堂村二网格'], mediator: '楼晓燕' },
  { id: '杜黄新村', short: '杜黄', grids: ['杜黄新村一网格', '杜黄新村二网格'], mediator: '杜建华' },
]

/** Levels as `@fengqiao/mediation`'s ladder names them: grid › village › township › county. */
export const orgUnits: OrgUnit[] = [
  { id: COUNTY, level: 'county', name: '诸暨市' },
  { id: TOWN, parent: COUNTY, level: 'township', name: '枫桥镇' },
  ...villages.flatMap((v): OrgUnit[] => [
    { id: v.id, parent: TOWN, level: 'village' },
    ...v.grids.map((g) => ({ id: g, parent: v.id, level: 'grid' })),
  ]),
]

const parentOf = new Map(orgUnits.map((u) => [u.id, u.parent ?? null]))
const levelOf = new Map(orgUnits.map((u) => [u.id, u.level]))

/** The village a grid belongs to (or the unit itself). */
export function villageOf(unit: string): Village | undefined {
  const id = levelOf.get(unit) === 'grid' ? parentOf.get(unit) : unit
  return villages.find((v) => v.id === id)
}

const mediatorNames: Record<string, string> = { [TOWN]: '杨光明', [COUNTY]: '周敏' }

/** The mediation officials of the unit that owns a case (a grid's cases are the village's to handle). */
export function officials(unit: string): {
  committee: Actor
  mediator: Actor
  mediatorRef: { id: string; name: string }
  leader: Actor
} {
  const v = villageOf(unit)
  const u = v?.id ?? unit
  const name = v?.mediator ?? mediatorNames[u] ?? '调解员'
  const leaderRole = u === COUNTY ? 'county' : 'township'
  return {
    committee: { id: `${u}人民调解委员会`, roles: ['committee'], orgUnit: u },
    mediator: { id: name, roles: ['mediator'], orgUnit: u },
    mediatorRef: { id: name, name },
    // 综治中心: owns yellow (township) and red (county) cases.
    leader: {
      id: u === COUNTY ? '诸暨市综治中心' : '枫桥镇综治中心',
      roles: [leaderRole],
      orgUnit: u === COUNTY ? COUNTY : TOWN,
    },
  }
}

export const police: Actor = { id: '枫桥派出所', roles: ['police'] }
export const court: Actor = { id: '诸暨市人民法院', roles: ['court'] }
export const courtPresident: Actor = { id: '诸暨市人民法院院长', roles: ['courtPresident'] }
export const party = (name: string): Actor => ({ id: name, roles: ['party'] })

// Petitions (信访): the bureaus register and supervise, the township government handles, the city reviews.
export const bureau = (unit: string): Actor => ({
  id: unit === COUNTY ? '诸暨市信访局' : '枫桥镇信访办',
  roles: ['bureau'],
  orgUnit: unit,
})
export const organ: Actor = { id: '枫桥镇人民政府', roles: ['organ'], orgUnit: TOWN }
export const organHead: Actor = { id: '枫桥镇镇长', roles: ['organHead'], orgUnit: TOWN }
export const reviewOrgan: Actor = { id: '诸暨市人民政府', roles: ['reviewOrgan'], orgUnit: COUNTY }
export const petitioner = (name: string): Actor => ({ id: name, roles: ['petitioner'] })

// 四议两公开: the village's three bodies.
export const villageBodies = (village: string): { party: Actor; committee: Actor; supervision: Actor } => ({
  party: { id: `${village}党总支`, roles: ['partyOrganisation'], orgUnit: village },
  committee: { id: `${village}村民委员会`, roles: ['villagersCommittee'], orgUnit: village },
  supervision: { id: `${village}村务监督委员会`, roles: ['supervisionCommittee'], orgUnit: village },
})

const surnames = [
  '陈',
  '杨',
  '骆',
  '何',
  '楼',
  '周',
  '金',
  '斯',
  '宣',
  '王',
  '赵',
  '蒋',
  '张',
  '俞',
  '孟',
  '寿',
  '钟',
  '蔡',
]
const given = [
  '国华',
  '建明',
  '秀英',
  '志强',
  '丽娟',
  '海峰',
  '美芳',
  '伟民',
  '春燕',
  '金水',
  '小平',
  '建军',
  '月娥',
  '立群',
  '宏伟',
  '晓东',
  '桂花',
  '文斌',
  '丽萍',
  '永祥',
  '阿三',
  '根土',
  '雪琴',
  '荣法',
]

/** A person's name from two random indices. */
export const personName = (a: number, b: number): string =>
  `${surnames[a % surnames.length] ?? '陈'}${given[b % given.length] ?? '国华'}`
export const nameCounts = { surnames: surnames.length, given: given.length }
