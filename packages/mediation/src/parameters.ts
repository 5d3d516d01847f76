/**
 * Statutory and local parameters of the mediation processes. Every number the machines use is
 * here, with its source; a deployment overrides them through `mediationPlugin({ parameters })`.
 *
 * Source keys (SPEC §0): RT 人民调解法; RT02 人民调解工作若干规定 (2002); SJ11 法释〔2011〕5号;
 * MS 民事诉讼法 (2023 text); ZA 治安管理处罚法. [U] marks a default the domain reference could
 * not confirm: it is configurable on purpose.
 *
 * @module
 */
import { FengqiaoError, type Labels } from '@fengqiao/core'
import { z } from 'zod'

/** One step of the five-heart checklist (五心调解, SPEC §5.2). */
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

/** Colours of the three-colour grading (三色管理, SPEC §2.2), lowest first. */
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
  /** Three-colour grading and the escalation ladder (SPEC §2.1–§2.2). */
  readonly colour: {
    /** [U] Green target, days (owner: village). Also the grid's target for micro matters. */
    readonly greenDays: number
    /** [U] Yellow target, days (owner: township, named responsible leader). */
    readonly yellowDays: number
    /** [U] Red target, days (owner: county leader, 包案). */
    readonly redDays: number
    /** [U] Red cases report daily: hours between daily reports. */
    readonly redReportHours: number
    /** Proposed (SPEC §9): an overdue case also moves up one colour. When false it only moves up the ladder. */
    readonly autoUpgradeOnOverdue: boolean
    /** [U] Org-unit level owning each colour (`OrgUnit.level`). */
    readonly owners: { readonly [C in Colour]: string }
    /** SPEC §2.1: the ladder from the bottom, L0 grid to L3 county (the ceiling). */
    readonly ladder: readonly string[]
  }
  /** Five-heart mediation (S0, SPEC §5.2). */
  readonly fiveHeart: {
    /** [U] The fifth step. S0 prints 尽心沟通, probably a copy error; `null` leaves the checklist at four steps. */
    readonly fifthStep: FiveHeartStep | null
    /** Steps that must be done before an agreement may be recorded (default: the four core steps). */
    readonly requiredSteps: readonly string[]
  }
}

/** A partial override of {@link MediationParameters}: any group, any field. */
export type MediationParameterOverrides = {
  readonly [G in keyof MediationParameters]?: { readonly [K in keyof MediationParameters[G]]?: MediationParameters[G][K] }
}

/** The defaults, each with its source (see the TSDoc of {@link MediationParameters}). */
export const defaultMediationParameters: MediationParameters = Object.freeze({
  rt: Object.freeze({ mediationTargetDays: 30, mediationTargetWarnAt: 0.8, confirmationWindowDays: 30, committeeMinMembers: 3, committeeMaxMembers: 9, committeeTermYears: 3 }),
  court: Object.freeze({
    confirmAcceptDays: 3,
    confirmDecideDays: 15,
    confirmExtendDays: 10,
    confirmOuterBoundDays: 30,
    confirmationExcludedTypes: Object.freeze(['identity', 'adoption', 'marriage']),
    filingDays: 7,
    mediationPreFilingDays: 30,
    mediationOrdinaryDays: 15,
    mediationSimpleDays: 7,
  }),
  police: Object.freeze({ mediableTypes: Object.freeze(['fight', 'propertyDamage']) }),
  colour: Object.freeze({
    greenDays: 7,
    yellowDays: 15,
    redDays: 30,
    redReportHours: 24,
    autoUpgradeOnOverdue: true,
    owners: Object.freeze({ green: 'village', yellow: 'township', red: 'county' }),
    ladder: Object.freeze(['grid', 'village', 'township', 'county']),
  }),
  fiveHeart: Object.freeze({
    fifthStep: Object.freeze({ key: 'wholehearted', label: Object.freeze({ 'zh-CN': '尽心沟通', en: 'Wholehearted communication' }) }),
    requiredSteps: Object.freeze(fiveHeartCoreSteps.map((s) => s.key)),
  }),
})

const days = z.number().int().min(1)
const labelsSchema = z.object({ 'zh-CN': z.string().min(1), en: z.string().min(1) })
const parametersSchema = z
  .object({
    rt: z.object({ mediationTargetDays: days, mediationTargetWarnAt: z.number().gt(0).lt(1), confirmationWindowDays: days, committeeMinMembers: days, committeeMaxMembers: days, committeeTermYears: days }),
    court: z.object({
      confirmAcceptDays: days,
      confirmDecideDays: days,
      confirmExtendDays: z.number().int().min(0),
      confirmOuterBoundDays: days,
      confirmationExcludedTypes: z.array(z.string().min(1)),
      filingDays: days,
      mediationPreFilingDays: days,
      mediationOrdinaryDays: days,
      mediationSimpleDays: days,
    }),
    police: z.object({ mediableTypes: z.array(z.string().min(1)).min(1) }),
    colour: z.object({
      greenDays: days,
      yellowDays: days,
      redDays: days,
      redReportHours: z.number().positive(),
      autoUpgradeOnOverdue: z.boolean(),
      owners: z.object({ green: z.string().min(1), yellow: z.string().min(1), red: z.string().min(1) }),
      ladder: z.array(z.string().min(1)).min(2),
    }),
    fiveHeart: z.object({
      fifthStep: z.object({ key: z.string().min(1), label: labelsSchema }).nullable(),
      requiredSteps: z.array(z.string().min(1)),
    }),
  })
  .superRefine((p, ctx) => {
    if (p.court.confirmDecideDays + p.court.confirmExtendDays > p.court.confirmOuterBoundDays) {
      ctx.addIssue({ code: 'custom', path: ['court', 'confirmExtendDays'], message: `decide (${p.court.confirmDecideDays}) + extension (${p.court.confirmExtendDays}) days exceed the outer bound of ${p.court.confirmOuterBoundDays} days (MS Art. 187)` })
    }
    const steps = fiveHeartSteps(p).map((s) => s.key)
    if (new Set(steps).size !== steps.length) ctx.addIssue({ code: 'custom', path: ['fiveHeart', 'fifthStep'], message: 'the fifth step repeats the key of a core step' })
    for (const r of p.fiveHeart.requiredSteps) {
      if (!steps.includes(r)) ctx.addIssue({ code: 'custom', path: ['fiveHeart', 'requiredSteps'], message: `"${r}" is not a configured five-heart step (${steps.join(', ')})` })
    }
    const rank = (l: string) => p.colour.ladder.indexOf(l)
    for (const c of colours) {
      if (rank(p.colour.owners[c]) < 0) ctx.addIssue({ code: 'custom', path: ['colour', 'owners', c], message: `the owner level "${p.colour.owners[c]}" is not on the ladder` })
    }
    if (!(rank(p.colour.owners.green) < rank(p.colour.owners.yellow) && rank(p.colour.owners.yellow) < rank(p.colour.owners.red))) {
      ctx.addIssue({ code: 'custom', path: ['colour', 'owners'], message: 'each colour must be owned higher up the ladder than the colour below it' })
    }
  })

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
  const d = defaultMediationParameters
  const merged = {
    rt: { ...d.rt, ...overrides.rt },
    court: { ...d.court, ...overrides.court },
    police: { ...d.police, ...overrides.police },
    colour: { ...d.colour, ...overrides.colour },
    fiveHeart: { ...d.fiveHeart, ...overrides.fiveHeart },
  }
  const r = parametersSchema.safeParse(merged)
  if (!r.success) {
    throw new FengqiaoError('INVALID_OPTIONS', `Invalid mediation parameters: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`, { issues: r.error.issues })
  }
  return deepFreeze(r.data)
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

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x)
    Object.freeze(v)
  }
  return v
}
