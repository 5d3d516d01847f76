/**
 * Roles of the mediation processes (docs/domain-rules.md#1-roles, docs/domain-rules.md#5-dispute-mediation). An actor's `roles` must include one of an event's
 * roles; parties, the police and the court act from outside the org-unit tree (scope `'any'`).
 *
 * @module
 */
import type { Labels } from '@fengqiao/core'

/** Role names, as they appear in actors' `roles`. */
export const roles = {
  /** A party to the dispute (当事人). */
  party: 'party',
  /** The people's mediation committee (人民调解委员会): registers, assigns, seals, supervises. */
  committee: 'committee',
  /** A people's mediator (人民调解员). */
  mediator: 'mediator',
  /** A grid member (网格员): verifies fixes on the ground. */
  gridMember: 'gridMember',
  /** The township centre (乡镇综治中心) and its responsible leader: owns yellow cases. */
  township: 'township',
  /** The county centre (县综治中心) and its leader: owns red cases (包案). */
  county: 'county',
  /** The police (公安机关, 派出所): police mediation under ZA Art. 9. */
  police: 'police',
  /** The court (人民法院): pre-filing and judicial mediation, judicial confirmation. */
  court: 'court',
  /** The court president (院长): approves extensions (SJ11 Art. 5). */
  courtPresident: 'courtPresident',
  /** The engine itself: deadlines, escalations, linked-case results. */
  system: 'system',
} as const

/** A role name. */
export type Role = (typeof roles)[keyof typeof roles]

/** zh-CN and en names of every role. */
export const roleLabels: { readonly [R in Role]: Labels } = {
  party: { 'zh-CN': '当事人', en: 'Party' },
  committee: { 'zh-CN': '人民调解委员会', en: "People's mediation committee" },
  mediator: { 'zh-CN': '人民调解员', en: 'Mediator' },
  gridMember: { 'zh-CN': '网格员', en: 'Grid member' },
  township: { 'zh-CN': '乡镇综治中心', en: 'Township centre' },
  county: { 'zh-CN': '县综治中心', en: 'County centre' },
  police: { 'zh-CN': '公安机关', en: 'Police' },
  court: { 'zh-CN': '人民法院', en: 'Court' },
  courtPresident: { 'zh-CN': '法院院长', en: 'Court president' },
  system: { 'zh-CN': '系统', en: 'System' },
}
