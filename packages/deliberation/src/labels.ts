/**
 * Chinese and English labels of every state, event, role, matter class, body and outcome.
 *
 * @module
 */
import type { Labels } from '@fengqiao/core'
import type { MatterClass, MeetingBody } from './matters.js'
import type { MeetingOutcome } from './meetings.js'

const l = (zh: string, en: string): Labels => Object.freeze({ 'zh-CN': zh, en })

/** Labels of the deliberation process's states, keyed by state path (`'deliberating.proposed'`). */
export const stateLabels = {
  draft: l('拟定', 'Draft'),
  deliberating: l('四议', 'Deliberating'),
  'deliberating.proposed': l('党组织已提议', 'Proposed'),
  'deliberating.consulted': l('“两委”已商议', 'Consulted'),
  'deliberating.partyReviewed': l('党员大会已审议', 'Reviewed by party members'),
  resolved: l('已决议', 'Resolved'),
  resolutionPublished: l('决议已公开', 'Resolution published'),
  'resolutionPublished.posting': l('决议公示中', 'Resolution posted'),
  'resolutionPublished.posted': l('决议公示期满', 'Resolution posting ended'),
  implementing: l('组织实施', 'Implementing'),
  'implementing.quarterlyOdd': l('实施中（按季公开）', 'Implementing (quarterly disclosure)'),
  'implementing.quarterlyEven': l('实施中（按季公开，续期）', 'Implementing (quarterly disclosure, next period)'),
  'implementing.monthlyOdd': l('实施中（按月公开）', 'Implementing (monthly disclosure)'),
  'implementing.monthlyEven': l('实施中（按月公开，续期）', 'Implementing (monthly disclosure, next period)'),
  implemented: l('实施完毕', 'Implemented'),
  resultPublished: l('实施结果已公开', 'Result published'),
  'resultPublished.posting': l('结果公示中', 'Result posted'),
  'resultPublished.posted': l('结果公示期满', 'Result posting ended'),
  revoked: l('决议已撤销', 'Revoked'),
  archived: l('已归档', 'Archived'),
  archivedRevoked: l('撤销后归档', 'Archived after revocation'),
  withdrawn: l('已撤回', 'Withdrawn'),
} as const satisfies Record<string, Labels>

/** A state path of the deliberation process. */
export type DeliberationStatePath = keyof typeof stateLabels

/** Labels of the complaint process's states (CW Art. 31). */
export const complaintStateLabels = {
  lodged: l('群众反映未公开', 'Complaint lodged'),
  ordered: l('责令公布', 'Disclosure ordered'),
  dismissed: l('查证不属实', 'Complaint not upheld'),
} as const satisfies Record<string, Labels>

/** Labels of the deliberation process's events. */
export const eventLabels = {
  PROPOSE: l('村党组织提议', 'Propose (party organisation)'),
  CONSULT: l('村“两委”会议商议', 'Consult (two-committee meeting)'),
  REVIEW: l('党员大会审议', "Review (party members' meeting)"),
  RESOLVE: l('村民会议或村民代表会议决议', "Resolve (villagers' or representative meeting)"),
  PUBLISH_RESOLUTION: l('决议公开', 'Publish the resolution'),
  START_IMPLEMENTATION: l('组织实施', 'Start implementation'),
  DISCLOSE_PROGRESS: l('实施情况公开', 'Disclose progress'),
  COMPLETE_IMPLEMENTATION: l('实施完毕', 'Complete implementation'),
  PUBLISH_RESULT: l('实施结果公开', 'Publish the result'),
  ARCHIVE: l('监督归档', 'Archive (supervision committee)'),
  ORDER_CORRECTION: l('乡镇责令改正', 'Township correction order'),
  COURT_REVOCATION: l('法院判决撤销', 'Court revocation'),
  COMPLAIN: l('村民反映未公开', 'Complain of non-disclosure'),
  COMPLAINT_HANDLED: l('反映处理完毕', 'Complaint handled'),
  WITHDRAW: l('撤回提议', 'Withdraw the proposal'),
} as const satisfies Record<string, Labels>

/** Labels of the complaint process's events. */
export const complaintEventLabels = {
  ORDER_DISCLOSURE: l('责令依法公布', 'Order disclosure'),
  DISMISS_COMPLAINT: l('查证不属实', 'Dismiss the complaint'),
} as const satisfies Record<string, Labels>

/** Labels of the roles. */
export const roleLabels = {
  partyOrganisation: l('村党组织', 'Village party organisation'),
  villagersCommittee: l('村民委员会', "Villagers' committee"),
  supervisionCommittee: l('村务监督委员会', 'Village affairs supervision committee'),
  township: l('乡镇人民政府', 'Township government'),
  court: l('人民法院', 'Court'),
  villager: l('村民', 'Villager'),
  system: l('系统', 'System'),
} as const satisfies Record<string, Labels>

/** Labels of the matter classes. */
export const matterLabels: { readonly [K in MatterClass]: Labels } = {
  workSubsidy: l('误工补贴人员及补贴标准', 'Work-subsidy recipients and rates'),
  collectiveIncome: l('村集体经济所得收益的使用', 'Use of collective income'),
  publicWelfare: l(
    '公益事业兴办和筹资筹劳、建设承包方案',
    'Public-welfare projects, funding, labour and construction contracts',
  ),
  landContracting: l('土地承包经营方案', 'Land-contracting plan'),
  collectiveEconomicProject: l('村集体经济项目立项、承包方案', 'Collective economic projects'),
  homesteadPlan: l('宅基地的使用方案', 'Homestead plan'),
  requisitionCompensation: l('征地补偿费的使用、分配方案', 'Land-requisition compensation'),
  propertyDisposal: l('以借贷、租赁等方式处分村集体财产', 'Disposal of collective property'),
  otherReserved: l('村民会议认为应当由其决定的其他事项', "Other matters the villagers' meeting claims"),
  villageRules: l('村民自治章程、村规民约', 'Village charter and rules'),
  removeCommitteeMember: l('罢免村民委员会成员', "Removal of a villagers' committee member"),
  groupAffairs: l('村民小组集体财产及公益事项', "Villagers' group property and affairs"),
  otherVillageAffairs: l('其他村级重大事项', 'Other important village matters'),
  jjCharter: l('集体经济组织章程', "Collective economic organisation's charter"),
  jjMembership: l('成员确认', 'Membership'),
  jjLandContractPlan: l('土地承包方案', 'Land-contract plan'),
  jjHomesteadPlan: l('宅基地使用方案', 'Homestead plan (collective)'),
  jjSharePlan: l('收益分配、股份量化方案', 'Share and distribution plan'),
  jjCompensationDistribution: l('征收补偿费分配方案', 'Compensation distribution'),
  jjMergerDivision: l('合并、分立、解散', 'Merger, division and dissolution'),
  jjOtherMajor: l('其他集体资产重大事项', 'Other collective-asset matters'),
}

/** Labels of the meeting bodies. */
export const bodyLabels: { readonly [K in MeetingBody]: Labels } = {
  twoCommittees: l('村“两委”会议', 'Two-committee meeting'),
  partyMembers: l('党员大会', "Party members' meeting"),
  villagersMeeting: l('村民会议', "Villagers' meeting"),
  representativeMeeting: l('村民代表会议', "Villagers' representative meeting"),
  groupMeeting: l('村民小组会议', "Villagers' group meeting"),
  membersAssembly: l('成员大会', "Members' assembly"),
  membersRepresentativeAssembly: l('成员代表大会', "Members' representative assembly"),
}

/** Labels of the meeting outcomes. */
export const outcomeLabels: { readonly [K in MeetingOutcome]: Labels } = {
  passed: l('通过', 'Passed'),
  rejected: l('未通过', 'Rejected'),
  quorumFailed: l('未达法定人数，另行召开', 'Quorum not met: reschedule'),
  noticeTooShort: l('通知期不足，另行召开', 'Notice too short: reschedule'),
  invalidComposition: l('组成不合法，另行召开', 'Unlawful composition: reschedule'),
}
