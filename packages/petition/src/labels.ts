/**
 * Chinese and English names of every state and event of the petition process.
 *
 * @module
 */
import { defineLabels, type Labels } from '@fengqiao/core'

/** Labels of the state nodes, keyed by their path below the machine root (`'procedure.handling.extended'`). */
export const stateLabels = {
  procedure: { 'zh-CN': '信访事项办理', en: 'Procedure' },
  'procedure.intake': { 'zh-CN': '登记审查', en: 'Intake screening' },
  'procedure.registered': { 'zh-CN': '信访部门已登记', en: 'Registered by the petition bureau' },
  'procedure.received': { 'zh-CN': '有权处理机关已登记', en: 'Received by the competent organ' },
  'procedure.lead': { 'zh-CN': '作为线索登记', en: 'Registered as a lead' },
  'procedure.lead.atBureau': { 'zh-CN': '线索（信访部门）', en: 'Lead at the petition bureau' },
  'procedure.lead.atOrgan': { 'zh-CN': '线索（有权处理机关）', en: 'Lead at the organ' },
  'procedure.transferred': { 'zh-CN': '已转送交办', en: 'Transferred' },
  'procedure.transferred.objectionOpen': { 'zh-CN': '异议期内', en: 'Objection window open' },
  'procedure.transferred.objectionClosed': { 'zh-CN': '异议期已过', en: 'Objection window closed' },
  'procedure.notOurs': { 'zh-CN': '提出异议（非本机关职权）', en: 'Objection: not competent' },
  'procedure.competenceDispute': { 'zh-CN': '多个机关职权争议', en: 'Competence dispute between organs' },
  'procedure.competenceDispute.consulting': { 'zh-CN': '有关机关协商', en: 'Organs consulting' },
  'procedure.competenceDispute.superiorDeciding': { 'zh-CN': '共同上级机关决定', en: 'Common superior deciding' },
  'procedure.competenceDispute.conference': { 'zh-CN': '联席会议协调', en: 'Joint conference deciding' },
  'procedure.handling': { 'zh-CN': '办理中', en: 'Handling' },
  'procedure.handling.accepted': { 'zh-CN': '已受理', en: 'Accepted' },
  'procedure.handling.extended': { 'zh-CN': '已延期', en: 'Extended' },
  'procedure.handlingSimple': { 'zh-CN': '简易办理', en: 'Simplified handling' },
  'procedure.studying': { 'zh-CN': '建议研究中', en: 'Studying the suggestion' },
  'procedure.opinionIssued': { 'zh-CN': '已出具处理意见', en: 'Opinion issued' },
  'procedure.reviewRequested': { 'zh-CN': '已请求复查', en: 'Review requested' },
  'procedure.rehandling': { 'zh-CN': '重新办理', en: 'Handling anew' },
  'procedure.reviewDecided': { 'zh-CN': '已出具复查意见', en: 'Review decided' },
  'procedure.rereviewRequested': { 'zh-CN': '已请求复核', en: 'Re-review requested' },
  'procedure.rereviewRequested.deciding': { 'zh-CN': '复核审查', en: 'Re-review under consideration' },
  'procedure.rereviewRequested.hearing': { 'zh-CN': '听证中', en: 'Hearing' },
  'procedure.final': { 'zh-CN': '办结（终结）', en: 'Final' },
  'procedure.diverted': { 'zh-CN': '导入法定途径', en: 'Diverted to a statutory channel' },
  'procedure.withdrawn': { 'zh-CN': '已撤回', en: 'Withdrawn' },
  'procedure.rejectedDuplicate': { 'zh-CN': '不予受理（重复信访）', en: 'Not accepted (repeat or duplicate)' },
  'procedure.visitRedirected': {
    'zh-CN': '告知到有权处理的本级或上一级机关走访',
    en: 'Visit redirected to the competent level',
  },
  supervision: { 'zh-CN': '督办', en: 'Supervision' },
  'supervision.watching': { 'zh-CN': '未超期', en: 'On time' },
  'supervision.supervising': { 'zh-CN': '超期督办', en: 'Supervising an overdue step' },
  'supervision.closed': { 'zh-CN': '督办结束', en: 'Supervision closed' },
} as const satisfies Record<string, Labels>

/** A state path of the petition machine. */
export type PetitionStatePath = keyof typeof stateLabels

/** Labels of every event type. */
export const eventLabels = {
  TRANSFER: { 'zh-CN': '转送', en: 'Transfer' },
  ASSIGN: { 'zh-CN': '交办', en: 'Assign' },
  OVERRULE_OBJECTION: { 'zh-CN': '驳回异议', en: 'Overrule the objection' },
  SUPERVISE: { 'zh-CN': '督办', en: 'Supervise' },
  ORGANS_AGREE: { 'zh-CN': '有关机关协商一致', en: 'Organs agree' },
  ORGANS_DISAGREE: { 'zh-CN': '协商不成', en: 'Organs do not agree' },
  SUPERIOR_DECIDES: { 'zh-CN': '共同上级机关决定', en: 'Common superior decides' },
  REFER_TO_CONFERENCE: { 'zh-CN': '提请联席会议协调', en: 'Refer to the joint conference' },
  CONFERENCE_DECIDES: { 'zh-CN': '联席会议协调决定', en: 'Joint conference decides' },
  REFER_TO_DISCIPLINE: { 'zh-CN': '移送纪检监察机关', en: 'Refer to discipline inspection' },
  FILE_LEAD: { 'zh-CN': '线索存档转有关机关参考', en: 'File the lead' },
  DIVERT: { 'zh-CN': '导入法定途径', en: 'Divert to a statutory channel' },
  ACCEPT: { 'zh-CN': '受理告知', en: 'Accept and notify' },
  OBJECT: { 'zh-CN': '提出异议', en: 'Object (not competent)' },
  MEDIATE: { 'zh-CN': '调解', en: 'Mediate' },
  CONVERT_TO_ORDINARY: { 'zh-CN': '转普通程序', en: 'Convert to the ordinary procedure' },
  ISSUE_OPINION: { 'zh-CN': '出具处理意见书', en: 'Issue the opinion' },
  ANSWER_SUGGESTION: { 'zh-CN': '答复建议', en: 'Answer the suggestion' },
  EXTEND: { 'zh-CN': '批准延期', en: 'Approve an extension' },
  WITHDRAW: { 'zh-CN': '撤回信访', en: 'Withdraw' },
  REQUEST_REVIEW: { 'zh-CN': '请求复查', en: 'Request a review' },
  REQUEST_REREVIEW: { 'zh-CN': '请求复核', en: 'Request a re-review' },
  DECIDE_REVIEW: { 'zh-CN': '出具复查意见', en: 'Decide the review' },
  START_HEARING: { 'zh-CN': '举行听证', en: 'Start a hearing' },
  END_HEARING: { 'zh-CN': '听证结束', en: 'End the hearing' },
  DECIDE_REREVIEW: { 'zh-CN': '出具复核意见', en: 'Decide the re-review' },
  ROUTING_OVERDUE: { 'zh-CN': '转送交办超期', en: 'Routing overdue' },
  NOTICE_OVERDUE: { 'zh-CN': '受理告知超期', en: 'Acceptance notice overdue' },
  HANDLING_OVERDUE: { 'zh-CN': '办理超期', en: 'Handling overdue' },
  REVIEW_OVERDUE: { 'zh-CN': '复查超期', en: 'Review overdue' },
  REREVIEW_OVERDUE: { 'zh-CN': '复核超期', en: 'Re-review overdue' },
  OBJECTION_WINDOW_CLOSED: { 'zh-CN': '异议期届满', en: 'Objection window closed' },
  REVIEW_WINDOW_CLOSED: { 'zh-CN': '复查请求期届满', en: 'Review window closed' },
  REREVIEW_WINDOW_CLOSED: { 'zh-CN': '复核请求期届满', en: 'Re-review window closed' },
  MEDIATION_DONE: { 'zh-CN': '调解结束', en: 'Mediation ended' },
} as const satisfies Record<string, Labels>

/** Every label of the petition process: the process, its states, its events. */
export const labels = defineLabels({
  process: { 'zh-CN': '信访事项办理', en: 'Petition handling' },
  states: stateLabels,
  events: eventLabels,
})
