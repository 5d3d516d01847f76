/**
 * Every statutory number of 四议两公开 as a named parameter with its source (docs/domain-rules.md#7-four-deliberations-two-disclosures, docs/domain-rules.md#9-configurable-parameters).
 *
 * @module
 */
import { DEFAULT_TIME_ZONE, assertTimeZone, defineParameters, type ParameterSpec } from '@fengqiao/core'
import { z } from 'zod'
import { describeThreshold, type Threshold } from './thresholds.js'

/** How far a rule is confirmed (docs/domain-rules.md tags): checked against the law, local practice, unconfirmed. */
export type SourceTag = 'V' | 'S' | 'U'

/** The base a pass threshold is computed on: those present (到会人员) or all who should attend. */
export type PassBase = 'present' | 'all'

/**
 * The parameters of the deliberation process. Thresholds are exact fractions
 * ({@link Threshold}); periods are calendar days counted under MS Art. 85 (the start day is not
 * counted).
 */
export interface DeliberationParameters {
  /** CW Art. 21: a villagers' meeting is notified this many days ahead, with its agenda. */
  readonly villagersMeetingNoticeDays: number
  /** CW Art. 22: quorum by adults (18+) present, more than half. */
  readonly villagersMeetingQuorumAdults: Threshold
  /** CW Art. 22: alternative quorum by households represented, at least two thirds. */
  readonly villagersMeetingQuorumHouseholds: Threshold
  /** CW Art. 22: a decision needs more than half of those present. */
  readonly villagersMeetingPass: Threshold
  /** CW Art. 21: the committee must convene a villagers' meeting on request of this share of villagers. */
  readonly villagersMeetingRequestByVillagers: Threshold
  /** CW Art. 21: … or of this share of the villagers' representatives. */
  readonly villagersMeetingRequestByRepresentatives: Threshold
  /** CW Art. 26: a representative meeting needs this share of its members present. */
  readonly representativeMeetingQuorum: Threshold
  /** CW Art. 26: a decision needs more than half (of those present, or of all: {@link representativeMeetingPassBase}). */
  readonly representativeMeetingPass: Threshold
  /** CW Art. 26 counts those present; some localities count all members (`'all'`). */
  readonly representativeMeetingPassBase: PassBase
  /** CW Art. 26: the committee must convene a representative meeting on request of this share of representatives. */
  readonly representativeMeetingRequest: Threshold
  /** CW Art. 25: villagers' representatives are at least this share of the meeting's members. */
  readonly representativeShare: Threshold
  /** CW Art. 25: women representatives are at least this share of the meeting's members. */
  readonly womenRepresentativeShare: Threshold
  /** CW Art. 25: one representative per at least this many households… */
  readonly householdsPerRepresentativeMin: number
  /** CW Art. 25: …and at most this many. */
  readonly householdsPerRepresentativeMax: number
  /** CW Art. 28: a villagers' group meeting needs this share of the group's adults… */
  readonly groupMeetingQuorumAdults: Threshold
  /** CW Art. 28: …or of its households' representatives. */
  readonly groupMeetingQuorumHouseholds: Threshold
  /** CW Art. 28: a group decision needs more than half of those present. */
  readonly groupMeetingPass: Threshold
  /** ZB Art. 11: a party members' meeting needs more than half of the voting members. Local rule: at least 2/3 [U]. */
  readonly partyMeetingQuorum: Threshold
  /** ZB Art. 11: a decision needs more than half of the members who should attend. */
  readonly partyMeetingPass: Threshold
  /** Local rule [U]: the plan is sent this many days before the party members' meeting (0: no rule; common local value 3). */
  readonly partyMeetingNoticeDays: number
  /** Local practice [U]: a two-committee meeting needs more than half of its members. */
  readonly twoCommitteesQuorum: Threshold
  /** docs/domain-rules.md#7-four-deliberations-two-disclosures step 2 [S]: the two-committee meeting decides by majority of those present. */
  readonly twoCommitteesPass: Threshold
  /** JJ Art. 27: a members' assembly is notified this many days ahead. */
  readonly assemblyNoticeDays: number
  /** JJ Art. 27: a members' assembly needs this share of members present (online and same-household proxies count). */
  readonly assemblyQuorum: Threshold
  /** JJ Art. 27: a decision needs this share of all members. */
  readonly assemblyPass: Threshold
  /** JJ Art. 28: a members' representative assembly needs this share of its representatives present. */
  readonly representativeAssemblyQuorum: Threshold
  /** JJ Art. 28: a decision needs this share of all representatives. */
  readonly representativeAssemblyPass: Threshold
  /** CW Art. 24: the villagers' meeting has authorised the representative meeting to decide the Art. 24 matters. */
  readonly delegateReservedMatters: boolean
  /** CW Art. 27 [U]: whether the village charter and rules may be delegated to the representative meeting. */
  readonly villageRulesDelegable: boolean
  /** Local rule (S1): steps 1 and 2 may merge where one person heads both the branch and the committee. */
  readonly mergeWhenOneHolder: boolean
  /** Local rule [U]: the four deliberations take at most this many days (proposal to resolution). */
  readonly maxDeliberationDays: number
  /** Local rule [U]: each disclosure stays posted at least this many days. */
  readonly disclosureMinDays: number
  /** CW Art. 30 "major matters immediately", read as within this many days [U]. */
  readonly immediateDisclosureDays: number
  /** CW Art. 30 "ordinary items at least quarterly", read as at most this many days between disclosures [U]. */
  readonly ordinaryDisclosureIntervalDays: number
  /** CW Art. 30 "finances monthly where frequent", read as at most this many days between disclosures [U]. */
  readonly financeDisclosureIntervalDays: number
  /** JJ Art. 57: a revocation suit within this many years of knowing of the decision. */
  readonly revocationSuitYears: number
  /** JJ Art. 57: and at most this many years after the decision. */
  readonly revocationSuitMaxYears: number
  /** The time zone of civil dates (notice dates, posting days). */
  readonly timeZone: string
}

const t = (num: number, den: number, strict: boolean, source: string): Threshold =>
  Object.freeze({ num, den, strict, source })

/** The defaults: the statute where docs/domain-rules.md#7-four-deliberations-two-disclosures gives one, otherwise the docs/domain-rules.md#9-configurable-parameters default. */
export const defaultDeliberationParameters: DeliberationParameters = Object.freeze({
  villagersMeetingNoticeDays: 10,
  villagersMeetingQuorumAdults: t(1, 2, true, 'CW Art. 22'),
  villagersMeetingQuorumHouseholds: t(2, 3, false, 'CW Art. 22'),
  villagersMeetingPass: t(1, 2, true, 'CW Art. 22'),
  villagersMeetingRequestByVillagers: t(1, 10, false, 'CW Art. 21'),
  villagersMeetingRequestByRepresentatives: t(1, 3, false, 'CW Art. 21'),
  representativeMeetingQuorum: t(2, 3, false, 'CW Art. 26'),
  representativeMeetingPass: t(1, 2, true, 'CW Art. 26'),
  representativeMeetingPassBase: 'present',
  representativeMeetingRequest: t(1, 5, false, 'CW Art. 26'),
  representativeShare: t(4, 5, false, 'CW Art. 25'),
  womenRepresentativeShare: t(1, 3, false, 'CW Art. 25'),
  householdsPerRepresentativeMin: 5,
  householdsPerRepresentativeMax: 15,
  groupMeetingQuorumAdults: t(2, 3, false, 'CW Art. 28'),
  groupMeetingQuorumHouseholds: t(2, 3, false, 'CW Art. 28'),
  groupMeetingPass: t(1, 2, true, 'CW Art. 28'),
  partyMeetingQuorum: t(1, 2, true, 'ZB Art. 11'),
  partyMeetingPass: t(1, 2, true, 'ZB Art. 11'),
  partyMeetingNoticeDays: 0,
  twoCommitteesQuorum: t(1, 2, true, 'local practice'),
  twoCommitteesPass: t(1, 2, true, 'docs/domain-rules.md#7-four-deliberations-two-disclosures step 2'),
  assemblyNoticeDays: 10,
  assemblyQuorum: t(2, 3, false, 'JJ Art. 27'),
  assemblyPass: t(2, 3, false, 'JJ Art. 27'),
  representativeAssemblyQuorum: t(2, 3, false, 'JJ Art. 28'),
  representativeAssemblyPass: t(2, 3, false, 'JJ Art. 28'),
  delegateReservedMatters: true,
  villageRulesDelegable: false,
  mergeWhenOneHolder: true,
  maxDeliberationDays: 20,
  disclosureMinDays: 7,
  immediateDisclosureDays: 3,
  ordinaryDisclosureIntervalDays: 90,
  financeDisclosureIntervalDays: 30,
  revocationSuitYears: 1,
  revocationSuitMaxYears: 5,
  timeZone: DEFAULT_TIME_ZONE,
})

/** What the docs say about one parameter. */
export interface ParameterInfo {
  /** The legal source or the local practice behind the default. */
  readonly source: string
  /** How far it is confirmed. */
  readonly tag: SourceTag
  /** docs/domain-rules.md#9-configurable-parameters name, when the docs/domain-rules.md names it. */
  readonly spec?: string
  /** One line in English. */
  readonly en: string
  /** One line in Chinese. */
  readonly 'zh-CN': string
}

/** Source, confirmation tag and a description of every parameter (the docs' parameter table). */
export const parameterInfo: { readonly [K in keyof DeliberationParameters]: ParameterInfo } = {
  villagersMeetingNoticeDays: {
    source: 'CW Art. 21',
    tag: 'V',
    spec: 'cw.villagersMeetingNoticeDays',
    en: "Villagers' meeting: days of notice with the agenda",
    'zh-CN': '村民会议提前通知天数',
  },
  villagersMeetingQuorumAdults: {
    source: 'CW Art. 22',
    tag: 'V',
    spec: 'cw.villagersMeetingQuorum',
    en: "Villagers' meeting quorum: adults present",
    'zh-CN': '村民会议：十八周岁以上村民过半数参加',
  },
  villagersMeetingQuorumHouseholds: {
    source: 'CW Art. 22',
    tag: 'V',
    spec: 'cw.villagersMeetingQuorum',
    en: "Villagers' meeting quorum (alternative): households represented",
    'zh-CN': '村民会议：三分之二以上的户的代表参加',
  },
  villagersMeetingPass: {
    source: 'CW Art. 22',
    tag: 'V',
    spec: 'cw.villagersMeetingQuorum',
    en: "Villagers' meeting: votes for, of those present",
    'zh-CN': '村民会议：经到会人员过半数通过',
  },
  villagersMeetingRequestByVillagers: {
    source: 'CW Art. 21',
    tag: 'V',
    en: "Villagers' meeting must be convened on request of villagers",
    'zh-CN': '十分之一以上村民提议应当召集村民会议',
  },
  villagersMeetingRequestByRepresentatives: {
    source: 'CW Art. 21',
    tag: 'V',
    en: "Villagers' meeting must be convened on request of representatives",
    'zh-CN': '三分之一以上村民代表提议应当召集村民会议',
  },
  representativeMeetingQuorum: {
    source: 'CW Art. 26',
    tag: 'V',
    spec: 'cw.repMeeting(Quorum/Pass)',
    en: 'Representative meeting quorum: members present',
    'zh-CN': '村民代表会议：三分之二以上组成人员参加',
  },
  representativeMeetingPass: {
    source: 'CW Art. 26',
    tag: 'V',
    spec: 'cw.repMeeting(Quorum/Pass)',
    en: 'Representative meeting: votes for',
    'zh-CN': '村民代表会议：经到会人员过半数同意',
  },
  representativeMeetingPassBase: {
    source: 'CW Art. 26 (option: local)',
    tag: 'S',
    spec: 'cw.repMeeting(Quorum/Pass)',
    en: "Representative meeting pass base: 'present' (CW) or 'all' members (some localities)",
    'zh-CN': '通过基数：到会人员（法定）或全体组成人员（部分地方）',
  },
  representativeMeetingRequest: {
    source: 'CW Art. 26',
    tag: 'V',
    en: 'Representative meeting must be convened on request of representatives',
    'zh-CN': '五分之一以上村民代表提议应当召集村民代表会议',
  },
  representativeShare: {
    source: 'CW Art. 25',
    tag: 'V',
    spec: 'cw.rep(Share/Women/HouseholdsPerRep)',
    en: "Villagers' representatives' share of the representative meeting",
    'zh-CN': '村民代表占组成人员五分之四以上',
  },
  womenRepresentativeShare: {
    source: 'CW Art. 25',
    tag: 'V',
    spec: 'cw.rep(Share/Women/HouseholdsPerRep)',
    en: "Women representatives' share of the representative meeting",
    'zh-CN': '妇女村民代表占组成人员三分之一以上',
  },
  householdsPerRepresentativeMin: {
    source: 'CW Art. 25',
    tag: 'V',
    spec: 'cw.rep(Share/Women/HouseholdsPerRep)',
    en: 'Households per representative: at least',
    'zh-CN': '每五户至十五户推选一人（下限）',
  },
  householdsPerRepresentativeMax: {
    source: 'CW Art. 25',
    tag: 'V',
    spec: 'cw.rep(Share/Women/HouseholdsPerRep)',
    en: 'Households per representative: at most',
    'zh-CN': '每五户至十五户推选一人（上限）',
  },
  groupMeetingQuorumAdults: {
    source: 'CW Art. 28',
    tag: 'V',
    spec: 'cw.groupMeeting',
    en: "Villagers' group meeting quorum: adults present",
    'zh-CN': '村民小组会议：三分之二以上十八周岁以上村民参加',
  },
  groupMeetingQuorumHouseholds: {
    source: 'CW Art. 28',
    tag: 'V',
    spec: 'cw.groupMeeting',
    en: "Villagers' group meeting quorum (alternative): households represented",
    'zh-CN': '村民小组会议：三分之二以上的户的代表参加',
  },
  groupMeetingPass: {
    source: 'CW Art. 28',
    tag: 'V',
    spec: 'cw.groupMeeting',
    en: "Villagers' group meeting: votes for, of those present",
    'zh-CN': '村民小组会议：经到会人员过半数同意',
  },
  partyMeetingQuorum: {
    source: 'ZB Art. 11 (local ≥ 2/3 [U])',
    tag: 'V',
    spec: 'party.meeting(Quorum/Pass)',
    en: "Party members' meeting quorum: voting members present",
    'zh-CN': '党员大会：有表决权的党员过半数到会',
  },
  partyMeetingPass: {
    source: 'ZB Art. 11',
    tag: 'V',
    spec: 'party.meeting(Quorum/Pass)',
    en: "Party members' meeting: votes for, of the members who should attend",
    'zh-CN': '党员大会：赞成人数超过应到会有表决权党员的半数',
  },
  partyMeetingNoticeDays: {
    source: 'local rule (common value 3)',
    tag: 'U',
    en: "Party members' meeting: days the plan is sent ahead (0 = no rule)",
    'zh-CN': '党员大会前提前送达方案天数（0 = 不要求）',
  },
  twoCommitteesQuorum: {
    source: 'local practice',
    tag: 'U',
    en: 'Two-committee meeting quorum: members present',
    'zh-CN': '村“两委”会议：过半数成员到会',
  },
  twoCommitteesPass: {
    source: 'docs/domain-rules.md#7-four-deliberations-two-disclosures step 2 (majority vote)',
    tag: 'S',
    en: 'Two-committee meeting: votes for, of those present',
    'zh-CN': '村“两委”会议：到会人员过半数同意',
  },
  assemblyNoticeDays: {
    source: 'JJ Art. 27',
    tag: 'V',
    spec: 'jj.assembly(Notice/Quorum/Pass)',
    en: "Members' assembly: days of notice",
    'zh-CN': '成员大会提前通知天数',
  },
  assemblyQuorum: {
    source: 'JJ Art. 27',
    tag: 'V',
    spec: 'jj.assembly(Notice/Quorum/Pass)',
    en: "Members' assembly quorum (online and same-household proxies count)",
    'zh-CN': '成员大会：三分之二以上成员参加（可线上或同户代理）',
  },
  assemblyPass: {
    source: 'JJ Art. 27',
    tag: 'V',
    spec: 'jj.assembly(Notice/Quorum/Pass)',
    en: "Members' assembly: votes for, of all members",
    'zh-CN': '成员大会：经全体成员三分之二以上同意',
  },
  representativeAssemblyQuorum: {
    source: 'JJ Art. 28',
    tag: 'V',
    en: "Members' representative assembly quorum",
    'zh-CN': '成员代表大会：三分之二以上成员代表参加',
  },
  representativeAssemblyPass: {
    source: 'JJ Art. 28',
    tag: 'V',
    en: "Members' representative assembly: votes for, of all representatives",
    'zh-CN': '成员代表大会：经全体成员代表三分之二以上同意',
  },
  delegateReservedMatters: {
    source: 'CW Art. 24',
    tag: 'V',
    en: "The villagers' meeting has authorised the representative meeting to decide the Art. 24 matters",
    'zh-CN': '村民会议已授权村民代表会议讨论决定第二十四条事项',
  },
  villageRulesDelegable: {
    source: 'CW Art. 27 (provincial measures)',
    tag: 'U',
    en: 'The village charter and rules may be adopted by the representative meeting',
    'zh-CN': '村民自治章程、村规民约可否授权村民代表会议',
  },
  mergeWhenOneHolder: {
    source: 'local rule (S1)',
    tag: 'S',
    spec: 'sylk.mergeWhenOneHolder',
    en: 'Steps 1 and 2 may merge where one person holds both posts (一肩挑)',
    'zh-CN': '书记、主任“一肩挑”的村，提议与商议可合并',
  },
  maxDeliberationDays: {
    source: 'local rule',
    tag: 'U',
    spec: 'sylk.disclosureMinDays / maxTotalDays',
    en: 'The four deliberations (proposal to resolution) take at most this many days',
    'zh-CN': '“四议”过程一般控制在二十日内',
  },
  disclosureMinDays: {
    source: 'local rule',
    tag: 'U',
    spec: 'sylk.disclosureMinDays / maxTotalDays',
    en: 'Each disclosure stays posted at least this many days',
    'zh-CN': '每次公开公示期不少于七日',
  },
  immediateDisclosureDays: {
    source: 'CW Art. 30 ("immediately")',
    tag: 'U',
    spec: 'cw.disclosure',
    en: 'Major matters are disclosed within this many days (resolution, result, revocation)',
    'zh-CN': '重大事项随时公布（按日数计）',
  },
  ordinaryDisclosureIntervalDays: {
    source: 'CW Art. 30 ("at least quarterly")',
    tag: 'U',
    spec: 'cw.disclosure',
    en: 'At most this many days between disclosures during implementation',
    'zh-CN': '一般事项至少每季度公布一次（按日数计）',
  },
  financeDisclosureIntervalDays: {
    source: 'CW Art. 30 ("monthly where frequent")',
    tag: 'U',
    spec: 'cw.disclosure',
    en: 'Where finances are frequent: at most this many days between disclosures',
    'zh-CN': '财务往来较多的，每月公布一次（按日数计）',
  },
  revocationSuitYears: {
    source: 'JJ Art. 57',
    tag: 'V',
    en: 'Revocation suit: years from knowing of the decision',
    'zh-CN': '撤销之诉：自知道之日起年数',
  },
  revocationSuitMaxYears: {
    source: 'JJ Art. 57',
    tag: 'V',
    en: 'Revocation suit: at most this many years after the decision',
    'zh-CN': '撤销之诉：自决定作出之日起最长年数',
  },
  timeZone: { source: 'engine default', tag: 'S', en: 'Time zone of civil dates', 'zh-CN': '日期所用时区' },
}

const ThresholdSchema = z
  .object({
    num: z.number().int().nonnegative(),
    den: z.number().int().positive(),
    strict: z.boolean(),
    source: z.string().min(1),
  })
  .strict()
const days = z.number().int().nonnegative()

/** The zod schema of a complete parameter set. */
export const DeliberationParametersSchema = z
  .object({
    villagersMeetingNoticeDays: days,
    villagersMeetingQuorumAdults: ThresholdSchema,
    villagersMeetingQuorumHouseholds: ThresholdSchema,
    villagersMeetingPass: ThresholdSchema,
    villagersMeetingRequestByVillagers: ThresholdSchema,
    villagersMeetingRequestByRepresentatives: ThresholdSchema,
    representativeMeetingQuorum: ThresholdSchema,
    representativeMeetingPass: ThresholdSchema,
    representativeMeetingPassBase: z.enum(['present', 'all']),
    representativeMeetingRequest: ThresholdSchema,
    representativeShare: ThresholdSchema,
    womenRepresentativeShare: ThresholdSchema,
    householdsPerRepresentativeMin: z.number().int().positive(),
    householdsPerRepresentativeMax: z.number().int().positive(),
    groupMeetingQuorumAdults: ThresholdSchema,
    groupMeetingQuorumHouseholds: ThresholdSchema,
    groupMeetingPass: ThresholdSchema,
    partyMeetingQuorum: ThresholdSchema,
    partyMeetingPass: ThresholdSchema,
    partyMeetingNoticeDays: days,
    twoCommitteesQuorum: ThresholdSchema,
    twoCommitteesPass: ThresholdSchema,
    assemblyNoticeDays: days,
    assemblyQuorum: ThresholdSchema,
    assemblyPass: ThresholdSchema,
    representativeAssemblyQuorum: ThresholdSchema,
    representativeAssemblyPass: ThresholdSchema,
    delegateReservedMatters: z.boolean(),
    villageRulesDelegable: z.boolean(),
    mergeWhenOneHolder: z.boolean(),
    maxDeliberationDays: z.number().int().positive(),
    disclosureMinDays: days,
    immediateDisclosureDays: days,
    ordinaryDisclosureIntervalDays: z.number().int().positive(),
    financeDisclosureIntervalDays: z.number().int().positive(),
    revocationSuitYears: z.number().int().positive(),
    revocationSuitMaxYears: z.number().int().positive(),
    timeZone: z.string().min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.householdsPerRepresentativeMin > p.householdsPerRepresentativeMax) {
      ctx.addIssue({
        code: 'custom',
        path: ['householdsPerRepresentativeMin'],
        message: 'must not exceed householdsPerRepresentativeMax',
      })
    }
    if (p.revocationSuitYears > p.revocationSuitMaxYears) {
      ctx.addIssue({ code: 'custom', path: ['revocationSuitYears'], message: 'must not exceed revocationSuitMaxYears' })
    }
  })

// Each parameter's declaration, read from the defaults, the table's sources and the schema above,
// so that the three stay one list.
const specs = Object.fromEntries(
  (Object.keys(parameterInfo) as Array<keyof DeliberationParameters>).map((name) => {
    const info = parameterInfo[name]
    const value = defaultDeliberationParameters[name]
    const spec: ParameterSpec<unknown> = {
      default: value,
      article: info.source,
      status: info.tag,
      description: { 'zh-CN': info['zh-CN'], en: info.en },
      schema: DeliberationParametersSchema.shape[name],
      format: (v: unknown) => (typeof v === 'object' && v !== null ? describeThreshold(v as Threshold) : String(v)),
    }
    return [name, spec]
  }),
) as { readonly [K in keyof DeliberationParameters]: ParameterSpec<unknown> }

/**
 * The deliberation parameters as one declared set (core's `defineParameters`): `resolve` checks each
 * override against its schema and the rules across parameters; `rows()` and `table()` list them.
 */
export const deliberationParameters = defineParameters('deliberation', specs, {
  check: (p) => {
    const v = p as unknown as DeliberationParameters
    const problems: Array<[string, string]> = []
    if (v.householdsPerRepresentativeMin > v.householdsPerRepresentativeMax)
      problems.push(['householdsPerRepresentativeMin', 'must not exceed householdsPerRepresentativeMax'])
    if (v.revocationSuitYears > v.revocationSuitMaxYears)
      problems.push(['revocationSuitYears', 'must not exceed revocationSuitMaxYears'])
    try {
      assertTimeZone(v.timeZone)
    } catch {
      problems.push(['timeZone', `${JSON.stringify(v.timeZone)} is not an IANA time zone`])
    }
    return problems
  },
})

/**
 * Merges overrides into the defaults and checks the result.
 *
 * @param overrides - parameters to change, for example `{ representativeMeetingPassBase: 'all' }`
 * @returns a frozen, complete parameter set
 * @throws {FengqiaoError} INVALID_OPTIONS naming the malformed parameter and its source
 * @example
 * ```ts
 * resolveParameters({ partyMeetingQuorum: { num: 2, den: 3, strict: false, source: 'county rule' } })
 * ```
 */
export function resolveParameters(overrides: Partial<DeliberationParameters> = {}): DeliberationParameters {
  return deliberationParameters.resolve(overrides) as unknown as DeliberationParameters
}

/** One row of the parameter table. */
export interface ParameterRow extends ParameterInfo {
  readonly name: keyof DeliberationParameters
  /** The value, in words (`'≥ 2/3'`, `'10'`, `'true'`). */
  readonly value: string
}

/**
 * The parameter table (name, value, source, tag) for docs and for showing a deployment's
 * configuration.
 *
 * @param params - a parameter set; the defaults when omitted
 * @returns one row per parameter, in declaration order
 */
export function parameterTable(params: DeliberationParameters = defaultDeliberationParameters): ParameterRow[] {
  const values = deliberationParameters.rows(params)
  return values.map((r) => ({
    name: r.name as keyof DeliberationParameters,
    value: r.value,
    ...parameterInfo[r.name as keyof DeliberationParameters],
  }))
}
