/**
 * The roles of petition handling. Event policies name these; a host maps its users to them.
 *
 * @module
 */
import type { Labels } from '@fengqiao/core'

/** Role names, as actors carry them (`actor.roles`). */
export const petitionRoles = {
  /** 信访人: submits, withdraws, requests review and re-review. Belongs to no org unit. */
  petitioner: 'petitioner',
  /** 信访部门: registers, transfers or assigns, decides objections, supervises (督办). */
  bureau: 'bureau',
  /** 有权处理机关: notifies acceptance, objects, diverts, issues the opinion, mediates. */
  organ: 'organ',
  /** 有权处理机关负责人: approves the one extension of the handling period (XF Art. 34). */
  organHead: 'organHead',
  /** 复查机关: the organ above the handling organ; decides the review (XF Art. 35). */
  reviewOrgan: 'reviewOrgan',
  /** 复核机关: the organ above the reviewing organ; holds hearings, decides the re-review (XF Art. 36). */
  rereviewOrgan: 'rereviewOrgan',
  /** 共同上级机关: settles a competence dispute between organs that do not agree (XF Art. 24). */
  superiorOrgan: 'superiorOrgan',
  /** 联席会议: settles a competence dispute the common superior does not (XF Art. 24). */
  jointConference: 'jointConference',
  /** The engine itself: deadline expiry and linked-case results. */
  system: 'system',
} as const

/** A petition role name. */
export type PetitionRole = (typeof petitionRoles)[keyof typeof petitionRoles]

/** Display names of the roles. */
export const roleLabels: Readonly<Record<PetitionRole, Labels>> = {
  petitioner: { 'zh-CN': '信访人', en: 'Petitioner' },
  bureau: { 'zh-CN': '信访部门', en: 'Petition bureau' },
  organ: { 'zh-CN': '有权处理机关', en: 'Competent organ' },
  organHead: { 'zh-CN': '有权处理机关负责人', en: 'Head of the competent organ' },
  reviewOrgan: { 'zh-CN': '复查机关', en: 'Reviewing organ' },
  rereviewOrgan: { 'zh-CN': '复核机关', en: 'Re-reviewing organ' },
  superiorOrgan: { 'zh-CN': '共同上级机关', en: 'Common superior' },
  jointConference: { 'zh-CN': '信访工作联席会议', en: 'Joint conference on petition work' },
  system: { 'zh-CN': '系统', en: 'System' },
}
