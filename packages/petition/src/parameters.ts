/**
 * The statutory periods and limits of petition handling, each a named parameter carrying its
 * source. Deployments override them through `petitionPlugin({ parameters })`.
 *
 * "Days" are calendar days (日) counted by the civil-procedure rule (MS Art. 85: the start day is
 * not counted, a last day on a rest day rolls forward); "working days" (工作日) skip rest days.
 * Both run on the engine's business calendar.
 *
 * @module
 */
import { defineParameters, type VerificationStatus } from '@fengqiao/core'
import { z } from 'zod'

const positive = z
  .number({ error: 'must be a positive integer' })
  .int({ error: 'must be a positive integer' })
  .min(1, { error: 'must be a positive integer' })
const UNITS = { days: 'calendar days (日)', workingDays: 'working days (工作日)', count: 'count' } as const
type Unit = keyof typeof UNITS
const param =
  (unit: Unit) =>
  (value: number, article: string, status: 'V' | 'U' | 'design', description: { 'zh-CN': string; en: string }) => ({
    default: value,
    article,
    status,
    description,
    unit: UNITS[unit],
    schema: positive,
  })
const days = param('days')
const workingDays = param('workingDays')
const count = param('count')

/**
 * The petition parameters, declared once: default, article, verification status, unit, meaning.
 * `resolve` checks overrides; `table()` is the docs' parameter table.
 */
export const petitionParameters = defineParameters('petition', {
  /** XF Art. 22: the petition bureau transfers or assigns (转送、交办) within 15 days of receipt. Calendar days. */
  registerTransferDays: days(15, 'XF Art. 22', 'V', {
    'zh-CN': '信访部门收到信访事项后转送、交办期限',
    en: 'Petition bureau: transfer or assign after receipt',
  }),
  /** XF Art. 23: the organ's written notice of acceptance within 15 days of receipt (direct or by transfer). Calendar days. */
  acceptNoticeDays: days(15, 'XF Art. 23', 'V', {
    'zh-CN': '有权处理机关书面告知受理期限',
    en: 'Competent organ: written notice of acceptance',
  }),
  /** XF Art. 23: an organ that is not competent objects to a transfer within 5 working days. Working days. */
  objectionWorkingDays: workingDays(5, 'XF Art. 23', 'V', {
    'zh-CN': '不属于本机关职权范围的异议期限',
    en: 'Objection that the matter is not within the organ’s competence',
  }),
  /**
   * Design (XF Art. 22 by analogy): after an organ's objection the petition bureau re-routes the
   * case or overrules the objection within this many days. Calendar days.
   */
  rerouteDays: days(15, 'XF Art. 22 (by analogy)', 'design', {
    'zh-CN': '信访部门处理异议并重新转送期限',
    en: 'Petition bureau: re-route or overrule after an objection',
  }),
  /** XF Art. 34: a claim is handled within 60 days of acceptance. Calendar days. */
  handleDays: days(60, 'XF Art. 34', 'V', { 'zh-CN': '自受理之日起办结期限', en: 'Handling period from acceptance' }),
  /** XF Art. 34: one extension, approved by the organ's head, of at most 30 days. Calendar days. */
  maxExtensionDays: days(30, 'XF Art. 34', 'V', {
    'zh-CN': '经本机关负责人批准可延长的最长期限（一次）',
    en: 'Longest single extension, approved by the organ’s head',
  }),
  /** XF Art. 35: review (复查) is requested within 30 days of receiving the written opinion. Calendar days. */
  reviewRequestDays: days(30, 'XF Art. 35', 'V', {
    'zh-CN': '收到书面答复后请求复查期限',
    en: 'Review request window after service of the opinion',
  }),
  /** XF Art. 35: the reviewing organ answers within 30 days of the request. Calendar days. */
  reviewDecisionDays: days(30, 'XF Art. 35', 'V', { 'zh-CN': '复查机关答复期限', en: 'Review decision period' }),
  /** XF Art. 36: re-review (复核) is requested within 30 days of receiving the review decision. Calendar days. */
  rereviewRequestDays: days(30, 'XF Art. 36', 'V', {
    'zh-CN': '收到复查意见后请求复核期限',
    en: 'Re-review request window after service of the review decision',
  }),
  /** XF Art. 36: the re-reviewing organ decides within 30 days; hearing time is not counted. Calendar days. */
  rereviewDecisionDays: days(30, 'XF Art. 36', 'V', {
    'zh-CN': '复核机关答复期限（听证时间不计）',
    en: 'Re-review decision period (hearing time not counted)',
  }),
  /**
   * XF Arts. 34, 35: when a review revokes or varies the opinion and orders the organ to handle the
   * matter anew, the new handling runs this many days from the review decision's service (a fresh
   * XF Art. 34 period). Calendar days.
   */
  rehandleDays: days(60, 'XF Art. 34 (fresh period on re-handling ordered under XF Art. 35)', 'design', {
    'zh-CN': '复查撤销或变更并责令重新办理的办理期限',
    en: 'Handling anew, ordered by a review that revokes or varies the opinion',
  }),
  /** XF Art. 20: a group visit elects at most 5 representatives. */
  maxGroupRepresentatives: count(5, 'XF Art. 20', 'V', {
    'zh-CN': '多人走访推选代表人数上限',
    en: 'Most representatives a group visit may elect',
  }),
  /**
   * [U] 信访事项简易办理办法(试行): a first-time, clear matter handled under the simplified procedure
   * gets its opinion within 10 working days. Unverified; predates XF. Working days.
   */
  simpleProcedureWorkingDays: workingDays(10, '信访事项简易办理办法(试行)', 'U', {
    'zh-CN': '简易办理出具意见期限',
    en: 'Simplified procedure: opinion period',
  }),
})

/** The defaults, straight from the 2022 Regulations on Petition Work (信访工作条例, "XF"). */
export const defaultPetitionParameters = petitionParameters.defaults

/** Every petition parameter, by name. */
export type PetitionParameters = { -readonly [K in keyof typeof defaultPetitionParameters]: number }

/** A parameter's name. */
export type PetitionParameterName = keyof PetitionParameters

/** Where a parameter comes from and how it is counted. */
export interface ParameterSource {
  /** The article, e.g. `'XF Art. 34'`. */
  readonly source: string
  /** `'days'` (calendar days, 日), `'workingDays'` (工作日) or `'count'`. */
  readonly unit: Unit
  /** `'V'` checked against the legal text, `'U'` unverified, `'design'` a choice of this package. */
  readonly status: Extract<VerificationStatus, 'V' | 'U' | 'design'>
  /** What the parameter limits, in Chinese and English. */
  readonly description: { readonly 'zh-CN': string; readonly en: string }
}

const unitOf = (text: string | undefined): Unit =>
  (Object.keys(UNITS) as Unit[]).find((u) => UNITS[u] === text) ?? 'count'

/** The source, unit and verification status of every parameter (the docs' parameter table). */
export const parameterSources: Readonly<Record<PetitionParameterName, ParameterSource>> = Object.freeze(
  Object.fromEntries(
    Object.entries(petitionParameters.specs).map(([name, spec]) => [
      name,
      { source: spec.article, unit: unitOf(spec.unit), status: spec.status, description: spec.description },
    ]),
  ) as Record<PetitionParameterName, ParameterSource>,
)

/**
 * The defaults with a deployment's overrides applied, checked.
 *
 * @param overrides - parameters to change, e.g. `{ handleDays: 45 }`
 * @returns the complete, frozen parameter set
 * @throws {FengqiaoError} INVALID_OPTIONS for an unknown name or a value that is not a positive
 *   integer (a period of zero days, or a group without representatives, is not a period or a group)
 * @example
 * ```ts
 * resolveParameters({ handleDays: 45 }).handleDays // 45
 * ```
 */
export function resolveParameters(overrides: Partial<PetitionParameters> = {}): Readonly<PetitionParameters> {
  return petitionParameters.resolve(overrides)
}
