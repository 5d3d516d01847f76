/**
 * The roles of grid management, urban management and the hotline. Event policies name these; a
 * host maps its users to them.
 *
 * @module
 */
import type { Labels } from '@fengqiao/core'

/** Role names, as actors carry them (`actor.roles`). */
export const gridRoles = {
  /** 网格员: reports, claims and handles micro matters, verifies fixes (复核). */
  gridMember: 'gridMember',
  /** 群众: reports a matter (群众点单); verifies the fix of their own report. Belongs to no org unit. */
  resident: 'resident',
  /** The reporter of a grid event, bound to the report's `reporter.id`. */
  reporter: 'reporter',
  /** A sensor or camera feed that reports on its own. */
  sensor: 'sensor',
  /** 村（社区）或乡镇受理员: accepts or voids a report. */
  operator: 'operator',
  /** 乡镇（街道）综治中心: whistles for departments (吹哨), strikes off the ledger (对账销号). */
  centre: 'centre',
  /** 职能部门: reports for duty (报到), handles and feeds back. */
  department: 'department',
  /** 乡镇责任领导: the named leader of a yellow case. */
  townshipLeader: 'townshipLeader',
  /** 县级包案领导: the county leader owning a red case. */
  countyLeader: 'countyLeader',
  /** 城管监督员 / 监督中心: collects, checks and files, verifies and closes an urban case. */
  supervisor: 'supervisor',
  /** 城管指挥中心: dispatches an urban case. */
  commandCentre: 'commandCentre',
  /** 12345 热线中心: records, answers, diverts, dispatches and calls back. */
  hotline: 'hotline',
  /** 承办单位: signs for a ticket, contacts the caller, objects, extends, feeds back. */
  unit: 'unit',
  /** 区政府: takes the tickets whose unit is unclear (BJ Art. 12). */
  district: 'district',
  /** 街道乡镇: whistles departments in on a ticket (BJ Art. 16). */
  street: 'street',
  /** 市政务服务管理局: settles dispatch objections (BJ Art. 12). */
  bureau: 'bureau',
  /** The engine itself: deadline expiry and escalations. */
  system: 'system',
} as const

/** A role name of the package. */
export type GridRole = (typeof gridRoles)[keyof typeof gridRoles]

/** Display names of the roles. */
export const roleLabels: Readonly<Record<GridRole, Labels>> = {
  gridMember: { 'zh-CN': '网格员', en: 'Grid member' },
  resident: { 'zh-CN': '群众', en: 'Resident' },
  reporter: { 'zh-CN': '上报人', en: 'Reporter' },
  sensor: { 'zh-CN': '感知设备', en: 'Sensor' },
  operator: { 'zh-CN': '受理员', en: 'Operator' },
  centre: { 'zh-CN': '乡镇（街道）综治中心', en: 'Township centre' },
  department: { 'zh-CN': '职能部门', en: 'Department' },
  townshipLeader: { 'zh-CN': '乡镇责任领导', en: 'Township leader' },
  countyLeader: { 'zh-CN': '县级包案领导', en: 'County case owner' },
  supervisor: { 'zh-CN': '城管监督中心', en: 'Supervision centre' },
  commandCentre: { 'zh-CN': '城管指挥中心', en: 'Command centre' },
  hotline: { 'zh-CN': '12345热线', en: 'Hotline centre' },
  unit: { 'zh-CN': '承办单位', en: 'Handling unit' },
  district: { 'zh-CN': '区政府', en: 'District government' },
  street: { 'zh-CN': '街道（乡镇）', en: 'Street or township' },
  bureau: { 'zh-CN': '市政务服务管理局', en: 'Government-services bureau' },
  system: { 'zh-CN': '系统', en: 'System' },
}
