/**
 * Statutory and local parameters of the mediation processes. Every number the machines use is
 * here, with its source; a deployment overrides them through `mediationPlugin({ parameters })`.
 *
 * Source keys (docs/domain-rules.md#0-sources): RT 人民调解法; RT02 人民调解工作若干规定 (2002); SJ11 法释〔2011〕5号;
 * MS 民事诉讼法 (2023 text); ZA 治安管理处罚法. [U] marks a default the domain reference could
 * not confirm: it is configurable on purpose.
 *
 * @module
 */
import { defineParameters, type Labels } from '@fengqiao/core'
import { z } from 'zod'

/** One step of the five-heart checklist (五心调解, docs/domain-rules.md#52-five-heart-mediation). */
export interface FiveHeartStep {
  /** Stable key recorded in the checklist, e.g. `'patientListening'`. */
  readonly key: string
  /** Display name. */
  readonly label: Labels
}

/**
 * The four steps of five-heart mediation that the local account (S0) states unambiguously, in
 * their order: 耐心倾听, 公心说理, 交心沟通, 诚信化解.
 */
export const fiveHeartCoreSteps: readonly FiveHeartStep[] = Object.freeze([
  { key: 'patientListening', label: { 'zh-CN': '耐心倾听', en: 'Patient listening' } },
  { key: 'impartialReasoning', label: { 'zh-CN': '公心说理', en: 'Impartial reasoning' } },
  { key: 'heartToHeart', label: { 'zh-CN': '交心沟通', en: 'Heart-to-heart talk' } },
  { key: 'goodFaith', label: { 'zh-CN': '诚信化解', en: 'Resolving in good faith' } },
])

/** Colours of the three-colour grading (三色管理, docs/domain-rules.md#22-colour-grading), lowest first. */
export const colours = ['green', 'yellow', 'red'] as const
/** A grading colour. */
export type Colour = (typeof colours)[number]

/** Every parameter of the mediation plugin, resolved (see {@link defaultMediationParameters}). */
export interface MediationParameters {
  /** People's mediation (RT, RT02). */
  readonly rt: {
    /** RT02 Art. 33: a dispute is normally settled within one month of acceptance; calendar days. */
    readonly mediationTargetDays: number
    /** Fraction of the one-month target after which the mediator's task turns yellow. [design] */
    readonly mediationTargetWarnAt: number
    /** RT Art. 33; MS Art. 205: joint application for judicial confirmation within 30 days of the agreement taking effect. */
    readonly confirmationWindowDays: number
    /** RT Art. 9: a village or residents' mediation committee has at least 3 members… */
    readonly committeeMinMembers: number
    /** RT Art. 9: …and at most 9. */
    readonly committeeMaxMembers: number
    /** RT Art. 9: members serve 3-year terms. */
    readonly committeeTermYears: number
  }
  /** The court's clocks (SJ11, MS). */
  readonly court: {
    /** SJ11 Art. 4: decide whether to accept a confirmation application within 3 days. */
    readonly confirmAcceptDays: number
    /** SJ11 Art. 5: decide on confirmation within 15 days of acceptance. */
    readonly confirmDecideDays: number
    /** SJ11 Art. 5: one extension of at most 10 days with the court president's approval. */
    readonly confirmExtendDays: number
    /** MS Art. 187: special-procedure cases are decided within 30 days; decide + extension may not exceed it. Whether SJ11 still applies is [U]. */
    readonly confirmOuterBoundDays: number
    /** SJ11 Art. 4: matters the court does not accept for confirmation (identity, adoption, marriage). */
    readonly confirmationExcludedTypes: readonly string[]
    /** MS Art. 126: a suit that meets the filing conditions is filed within 7 days. */
    readonly filingDays: number
    /** Court guide [U]: mediation before filing (诉前调解 / 诉前委派) runs 30 days; extendable if the parties agree. */
    readonly mediationPreFilingDays: number
    /** Court guide [U]: mediation entrusted after filing (委托调解), ordinary procedure: 15 days. */
    readonly mediationOrdinaryDays: number
    /** Court guide [U]: mediation entrusted after filing, simple procedure: 7 days. */
    readonly mediationSimpleDays: number
  }
  /** Police mediation (ZA). */
  readonly police: {
    /** ZA Art. 9: the police may mediate minor fights and property damage arising from civil disputes. */
    readonly mediableTypes: readonly string[]
  }
  /** Three-colour grading and the escalation ladder (docs/domain-rules.md#21-escalation-ladder – docs/domain-rules.md#22-colour-grading). */
  readonly colour: {
    /** [U] Green target, days (owner: village). Also the grid's target for micro matters. */
    readonly greenDays: number
    /** [U] Yellow target, days (owner: township, named responsible leader). */
    readonly yellowDays: number
    /** [U] Red target, days (owner: county leader, 包案). */
    readonly redDays: number
    /** [U] Red cases report daily: hours between daily reports. */
    readonly redReportHours: number
    /** Proposed (docs/domain-rules.md#9-configurable-parameters): an overdue case also moves up one colour. When false it only moves up the ladder. */
    readonly autoUpgradeOnOverdue: boolean
    /** [U] Org-unit level owning each colour (`OrgUnit.level`). */
    readonly owners: { readonly [C in Colour]: string }
    /** docs/domain-rules.md#21-escalation-ladder: the ladder from the bottom, L0 grid to L3 county (the ceiling). */
    readonly ladder: readonly string[]
  }
  /** Five-heart mediation (S0, docs/domain-rules.md#52-five-heart-mediation). */
  readonly fiveHeart: {
    /** [U] The fifth step. S0 prints 尽心沟通, probably a copy error; `null` leaves the checklist at four steps. */
    readonly fifthStep: FiveHeartStep | null
    /** Steps that must be done before an agreement may be recorded (default: the four core steps). */
    readonly requiredSteps: readonly string[]
  }
}

/** A partial override of {@link MediationParameters}: any group, any field. */
export type MediationParameterOverrides = {
  readonly [G in keyof MediationParameters]?: {
    readonly [K in keyof MediationParameters[G]]?: MediationParameters[G][K]
  }
}

const days = z.number().int().min(1)
const labelsSchema = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) })
const names = z.array(z.string().min(1))
const d = (zh: string, en: string) => ({ 'zh-CN': zh, en })
const CAL = 'calendar days (日)'

/**
 * The mediation parameters, declared once in groups (`rt`, `court`, `police`, `colour`,
 * `fiveHeart`): default, source, verification status and a zod check each. `resolve` merges a
 * deployment's overrides group by group; `table()` is the docs' parameter table.
 */
export const mediationParameters = defineParameters(
  'mediation',
  {
    rt: {
      mediationTargetDays: {
        default: 30,
        article: 'RT02 Art. 33',
        status: 'V',
        unit: CAL,
        schema: days,
        description: d('调解一般在一个月内调结', 'A dispute is normally settled within one month of acceptance'),
      },
      mediationTargetWarnAt: {
        default: 0.8,
        article: 'design',
        status: 'design',
        schema: z.number().gt(0).lt(1),
        description: d(
          '调解期限预警比例',
          "Share of the one-month target after which the mediator's task turns yellow",
        ),
      },
      confirmationWindowDays: {
        default: 30,
        article: 'RT Art. 33; MS Art. 205',
        status: 'V',
        unit: CAL,
        schema: days,
        description: d(
          '协议生效后共同申请司法确认期限',
          'Joint application for judicial confirmation after the agreement takes effect',
        ),
      },
      committeeMinMembers: {
        default: 3,
        article: 'RT Art. 9',
        status: 'V',
        unit: 'count',
        schema: days,
        description: d('调解委员会委员最少人数', 'Fewest members of a mediation committee'),
      },
      committeeMaxMembers: {
        default: 9,
        article: 'RT Art. 9',
        status: 'V',
        unit: 'count',
        schema: days,
        description: d('调解委员会委员最多人数', 'Most members of a mediation committee'),
      },
      committeeTermYears: {
        default: 3,
        article: 'RT Art. 9',
        status: 'V',
        unit: 'years',
        schema: days,
        description: d('委员任期', "Committee members' term"),
      },
    },
    court: {
      confirmAcceptDays: {
        default: 3,
        article: 'SJ11 Art. 4',
        status: 'V',
        unit: CAL,
        schema: days,
        description: d('决定是否受理司法确认申请', 'Decide whether to accept a confirmation application'),
      },
      confirmDecideDays: {
        default: 15,
        article: 'SJ11 Art. 5',
        status: 'V',
        unit: CAL,
        schema: days,
        description: d('受理后作出确认决定', 'Decide on confirmation after acceptance'),
      },
      confirmExtendDays: {
        default: 10,
        article: 'SJ11 Art. 5',
        status: 'V',
        unit: CAL,
        schema: z.number().int().min(0),
        description: d('经院长批准可延长一次', 'One extension with the court president’s approval'),
      },
      confirmOuterBoundDays: {
        default: 30,
        article: 'MS Art. 187',
        status: 'U',
        unit: CAL,
        schema: days,
        description: d(
          '特别程序审结期限（决定加延长不得超过）',
          'Special-procedure cases are decided within this; decision plus extension may not exceed it',
        ),
      },
      confirmationExcludedTypes: {
        default: ['identity', 'adoption', 'marriage'] as string[],
        article: 'SJ11 Art. 4',
        status: 'V',
        schema: names,
        format: (v: string[]) => v.join(', '),
        description: d('不予受理司法确认的事项', 'Matters the court does not accept for confirmation'),
      },
      filingDays: {
        default: 7,
        article: 'MS Art. 126',
        status: 'V',
        unit: CAL,
        schema: days,
        description: d('符合起诉条件的七日内立案', 'A suit that meets the filing conditions is filed within this'),
      },
      mediationPreFilingDays: {
        default: 30,
        article: 'court guide',
        status: 'U',
        unit: CAL,
        schema: days,
        description: d('诉前调解期限', 'Mediation before filing (extendable if the parties agree)'),
      },
      mediationOrdinaryDays: {
        default: 15,
        article: 'court guide',
        status: 'U',
        unit: CAL,
        schema: days,
        description: d('立案后委托调解（普通程序）', 'Mediation entrusted after filing, ordinary procedure'),
      },
      mediationSimpleDays: {
        default: 7,
        article: 'court guide',
        status: 'U',
        unit: CAL,
        schema: days,
        description: d('立案后委托调解（简易程序）', 'Mediation entrusted after filing, simple procedure'),
      },
    },
    police: {
      mediableTypes: {
        default: ['fight', 'propertyDamage'] as string[],
        article: 'ZA Art. 9',
        status: 'V',
        schema: names.min(1),
        format: (v: string[]) => v.join(', '),
        description: d('公安机关可以调解的治安案件', 'Minor fights and property damage arising from civil disputes'),
      },
    },
    colour: {
      greenDays: {
        default: 7,
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        unit: CAL,
        schema: days,
        description: d(
          '绿色（村级）办结目标',
          'Green target (owner: village); also the grid’s target for micro matters',
        ),
      },
      yellowDays: {
        default: 15,
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        unit: CAL,
        schema: days,
        description: d('黄色（乡镇）办结目标', 'Yellow target (owner: township, named responsible leader)'),
      },
      redDays: {
        default: 30,
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        unit: CAL,
        schema: days,
        description: d('红色（县级包案）办结目标', 'Red target (owner: county leader, 包案)'),
      },
      redReportHours: {
        default: 24,
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        unit: 'hours',
        schema: z.number().positive(),
        description: d('红色案件每日报告间隔', 'Hours between the daily reports of a red case'),
      },
      autoUpgradeOnOverdue: {
        default: true,
        article: 'docs/domain-rules.md#9-configurable-parameters (proposed)',
        status: 'design',
        schema: z.boolean(),
        description: d('超期自动升一色', 'An overdue case also moves up one colour (else it only moves up the ladder)'),
      },
      owners: {
        default: { green: 'village', yellow: 'township', red: 'county' },
        article: 'docs/domain-rules.md#22-colour-grading',
        status: 'U',
        schema: z.object({ green: z.string().min(1), yellow: z.string().min(1), red: z.string().min(1) }),
        format: (v: { green: string; yellow: string; red: string }) =>
          `green: ${v.green}, yellow: ${v.yellow}, red: ${v.red}`,
        description: d('各颜色负责层级', 'Org-unit level owning each colour'),
      },
      ladder: {
        default: ['grid', 'village', 'township', 'county'] as string[],
        article: 'docs/domain-rules.md#21-escalation-ladder',
        status: 'V',
        schema: names.min(2),
        format: (v: string[]) => v.join(' → '),
        description: d(
          '逐级上移的层级（L0 网格至 L3 县级）',
          'The escalation ladder from the bottom, L0 grid to L3 county (the ceiling)',
        ),
      },
    },
    fiveHeart: {
      fifthStep: {
        default: { key: 'wholehearted', label: { 'zh-CN': '尽心沟通', en: 'Wholehearted communication' } },
        article: 'S0',
        status: 'U',
        schema: z.object({ key: z.string().min(1), label: labelsSchema }).nullable(),
        format: (v: FiveHeartStep | null) => (v === null ? 'none' : `${v.key} (${v.label['zh-CN']})`),
        description: d('第五心（原文疑为笔误）', 'The fifth step; null leaves the checklist at four steps'),
      },
      requiredSteps: {
        default: fiveHeartCoreSteps.map((s) => s.key),
        article: 'docs/domain-rules.md#52-five-heart-mediation',
        status: 'design',
        schema: names,
        format: (v: string[]) => v.join(', '),
        description: d('达成协议前必须完成的步骤', 'Steps that must be done before an agreement may be recorded'),
      },
    },
  },
  {
    check: (p) => {
      const problems: Array<[string, string]> = []
      if (p.court.confirmDecideDays + p.court.confirmExtendDays > p.court.confirmOuterBoundDays) {
        problems.push([
          'court.confirmExtendDays',
          `decide (${p.court.confirmDecideDays}) + extension (${p.court.confirmExtendDays}) days exceed the outer bound of ${p.court.confirmOuterBoundDays} days (MS Art. 187)`,
        ])
      }
      const steps = fiveHeartSteps(p).map((s) => s.key)
      if (new Set(steps).size !== steps.length)
        problems.push(['fiveHeart.fifthStep', 'the fifth step repeats the key of a core step'])
      for (const r of p.fiveHeart.requiredSteps) {
        if (!steps.includes(r))
          problems.push(['fiveHeart.requiredSteps', `"${r}" is not a configured five-heart step (${steps.join(', ')})`])
      }
      const rank = (l: string) => p.colour.ladder.indexOf(l)
      for (const c of colours) {
        if (rank(p.colour.owners[c]) < 0)
          problems.push([`colour.owners`, `the owner level "${p.colour.owners[c]}" of ${c} is not on the ladder`])
      }
      if (!(
        rank(p.colour.owners.green) < rank(p.colour.owners.yellow) &&
        rank(p.colour.owners.yellow) < rank(p.colour.owners.red)
      )) {
        problems.push(['colour.owners', 'each colour must be owned higher up the ladder than the colour below it'])
      }
      return problems
    },
  },
)

/** The defaults, each with its source (see the TSDoc of {@link MediationParameters}). */
export const defaultMediationParameters: MediationParameters = mediationParameters.defaults

/**
 * Merges overrides into the defaults and checks the result.
 *
 * @param overrides - groups and fields to change
 * @returns the resolved, frozen parameters
 * @throws {FengqiaoError} INVALID_OPTIONS when a value is malformed, when the court's decide and
 *   extension periods exceed the outer bound (MS Art. 187), when a required five-heart step is not
 *   configured, or when the colour owners are not in ascending ladder order
 * @example
 * ```ts
 * const p = resolveParameters({ fiveHeart: { fifthStep: null }, colour: { greenDays: 5 } })
 * ```
 */
export function resolveParameters(overrides: MediationParameterOverrides = {}): MediationParameters {
  // The public override type is readonly where the schemas' outputs are mutable arrays.
  return mediationParameters.resolve(overrides as Parameters<typeof mediationParameters.resolve>[0])
}

/**
 * The configured five-heart steps, in order: the four core steps and the fifth, if any.
 *
 * @param p - resolved parameters
 * @returns the ordered checklist
 */
export function fiveHeartSteps(p: Pick<MediationParameters, 'fiveHeart'>): readonly FiveHeartStep[] {
  return p.fiveHeart.fifthStep === null ? fiveHeartCoreSteps : [...fiveHeartCoreSteps, p.fiveHeart.fifthStep]
}
