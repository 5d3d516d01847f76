/**
 * Chinese and English names of every state and event of the grid event process.
 *
 * @module
 */
import { defineLabels, type Labels } from '@fengqiao/core'

/** Labels of the grid event's state nodes, keyed by their path below the machine root. */
export const gridStateLabels = {
  procedure: { 'zh-CN': '网格事件办理', en: 'Closed loop' },
  'procedure.reported': { 'zh-CN': '已上报', en: 'Reported' },
  'procedure.accepted': { 'zh-CN': '已受理（待认领或吹哨）', en: 'Accepted: claim or whistle' },
  'procedure.selfHandled': { 'zh-CN': '网格员自行处置', en: 'Handled by the grid member' },
  'procedure.dispatched': { 'zh-CN': '已吹哨（待部门报到）', en: 'Whistled: departments report for duty' },
  'procedure.inProgress': { 'zh-CN': '部门处置中', en: 'Departments handling' },
  'procedure.verifying': { 'zh-CN': '复核中', en: 'Verifying the fix' },
  'procedure.closed': { 'zh-CN': '已办结（待对账销号）', en: 'Closed: reconcile the ledger' },
  'procedure.struckOff': { 'zh-CN': '已销号', en: 'Struck off the ledger' },
  'procedure.void': { 'zh-CN': '已作废', en: 'Void' },
  ladder: { 'zh-CN': '分级处置与三色管理', en: 'Escalation ladder and colour' },
  'ladder.entry': { 'zh-CN': '定级', en: 'Placing on the ladder' },
  'ladder.grid': { 'zh-CN': '网格（L0，微事不出格）', en: 'L0 grid' },
  'ladder.village': { 'zh-CN': '村（社区）（L1，小事不出村）', en: 'L1 village' },
  'ladder.township': { 'zh-CN': '乡镇（街道）综治中心（L2，大事不出镇）', en: 'L2 township centre' },
  'ladder.county': { 'zh-CN': '县级综治中心（L3）', en: 'L3 county centre' },
  'ladder.county.owned': { 'zh-CN': '县级包案', en: 'Owned at the county' },
  'ladder.settled': { 'zh-CN': '已了结', en: 'Settled' },
} as const satisfies Record<string, Labels>

/** A state path of the grid event machine. */
export type GridStatePath = keyof typeof gridStateLabels

/** Labels of the grid event's events. */
export const gridEventLabels = {
  ACCEPT: { 'zh-CN': '受理', en: 'Accept' },
  VOID: { 'zh-CN': '作废', en: 'Void' },
  CLAIM: { 'zh-CN': '认领', en: 'Claim' },
  WHISTLE: { 'zh-CN': '吹哨', en: 'Whistle' },
  REPORT_FOR_DUTY: { 'zh-CN': '部门报到', en: 'Report for duty' },
  FEEDBACK: { 'zh-CN': '处置反馈', en: 'Feed back' },
  VERIFY: { 'zh-CN': '复核', en: 'Verify' },
  STRIKE_OFF: { 'zh-CN': '对账销号', en: 'Strike off the ledger' },
  ESCALATE: { 'zh-CN': '超出能力上报', en: 'Escalate (beyond competence)' },
  REGRADE: { 'zh-CN': '调整颜色等级', en: 'Regrade' },
  FLAG_CRIMINAL_RISK: { 'zh-CN': '标记民转刑风险', en: 'Flag a criminal risk' },
  ROUTE_OVERDUE: { 'zh-CN': '派单超时', en: 'Routing overdue' },
  DUTY_OVERDUE: { 'zh-CN': '报到超时', en: 'Reporting for duty overdue' },
  FEEDBACK_OVERDUE: { 'zh-CN': '反馈超时', en: 'Feedback overdue' },
  LEVEL_OVERDUE: { 'zh-CN': '本级时限届满', en: 'Level time ran out' },
} as const satisfies Record<string, Labels>

/** Every label of the grid event process. */
export const gridLabels = defineLabels({
  process: { 'zh-CN': '网格事件', en: 'Grid event' },
  states: gridStateLabels,
  events: gridEventLabels,
})
