/**
 * zh-CN and en labels of every state and event of the mediation processes. The machines put them
 * in `meta.label` (so diagrams and UIs read them from the definition) and in each event policy's
 * `label`.
 *
 * @module
 */
import type { Labels } from '@fengqiao/core'

const l = (zh: string, en: string): Labels => Object.freeze({ 'zh-CN': zh, en })

/** People's mediation: state labels, by state (nested states by their own name). */
export const peoplesStateLabels = {
  open: l('调解进行中', 'Open'),
  procedure: l('调解程序', 'Procedure'),
  entry: l('登记', 'Registration'),
  applied: l('当事人申请（待受理）', 'Applied by a party'),
  initiated: l('调委会主动调解（待受理）', 'Initiated by the committee'),
  handling: l('调解办理', 'Handling'),
  assigning: l('指定或选定调解员', 'Assigning a mediator'),
  mediating: l('调解中（五心调解）', 'Mediating (five-heart)'),
  signing: l('调解协议书签署', 'Signing the written agreement'),
  grade: l('三色分级', 'Colour grade'),
  gradeEntry: l('定级', 'Grading'),
  micro: l('绿色·微事不出格', 'Green: micro matter at the grid'),
  green: l('绿色·村级', 'Green: village'),
  greenRouting: l('上移至村级', 'Routing up to the village'),
  greenOwned: l('村级负责', 'Owned by the village'),
  yellow: l('黄色·乡镇包案', 'Yellow: township'),
  yellowRouting: l('升级流转至乡镇', 'Routing up to the township'),
  yellowOwned: l('乡镇负责', 'Owned by the township'),
  red: l('红色·县级包案', 'Red: county case owner'),
  redRouting: l('升级流转至县级', 'Routing up to the county'),
  redOwned: l('县级负责（每日报告）', 'Owned by the county (daily report)'),
  agreed: l('达成协议·履行监督', 'Agreed: performance supervised'),
  supervising: l('履行监督（可申请司法确认）', 'Supervising (confirmation window open)'),
  unconfirmed: l('履行监督（未经司法确认）', 'Supervising (not confirmed)'),
  confirming: l('司法确认', 'Judicial confirmation'),
  awaitingAcceptance: l('法院审查受理', 'Court deciding on acceptance'),
  deciding: l('法院审查确认', 'Court deciding on confirmation'),
  confirmed: l('确认有效·可申请执行', 'Confirmed: enforceable'),
  rejected: l('驳回申请', 'Confirmation rejected'),
  transferred: l('已移交（等待结果）', 'Transferred (awaiting the outcome)'),
  refused: l('当事人拒绝调解', 'Refused by a party'),
  declined: l('不予受理', 'Declined by the committee'),
  terminated: l('终止调解', 'Terminated'),
  performed: l('履行完毕', 'Performed'),
  enforcement: l('申请强制执行', 'Enforcement'),
  litigation: l('诉讼', 'Litigation'),
  transferredResolved: l('移交后化解', 'Resolved after transfer'),
  transferredUnresolved: l('移交后未化解', 'Unresolved after transfer'),
} as const

/** People's mediation: event labels. */
export const peoplesEventLabels = {
  CONSENT: l('同意调解', 'Consent to mediation'),
  REFUSE: l('拒绝或要求终止调解', 'Refuse or end mediation'),
  ACCEPT: l('受理登记', 'Accept'),
  DECLINE: l('不予受理', 'Decline'),
  ASSIGN_MEDIATOR: l('指定调解员', 'Assign mediator'),
  CHOOSE_MEDIATOR: l('当事人选择调解员', 'Party chooses mediator'),
  REQUEST_RECUSAL: l('申请回避', 'Request recusal'),
  REMOVE_MEDIATOR: l('撤换调解员', 'Remove mediator'),
  ADD_HELPER: l('邀请参与调解', 'Invite a helper'),
  SET_SESSION: l('要求公开或不公开调解', 'Ask for a public or private session'),
  HEART_STEP: l('记录五心调解步骤', 'Log a five-heart step'),
  FLAG_CRIMINAL_RISK: l('标记激化风险并报告公安', 'Flag criminal risk and report to the police'),
  UPGRADE_COLOUR: l('升级颜色', 'Upgrade colour'),
  REFER_UP: l('超出本级能力·上移', 'Beyond competence: refer up'),
  VERIFY_FIX: l('核实整改', 'Verify the fix'),
  LOWER_COLOUR: l('降级（转绿）', 'Lower colour'),
  ASSIGN_LEADER: l('明确包案领导', 'Assign responsible leader'),
  DRAFT_AGREEMENT: l('制作调解协议书', 'Draft the written agreement'),
  SIGN_AGREEMENT: l('当事人签名盖章按指印', 'Party signs, seals or fingerprints'),
  MEDIATOR_SIGN: l('调解员签名', 'Mediator signs'),
  COMMITTEE_SEAL: l('调委会盖章', 'Committee seals'),
  REVISE_AGREEMENT: l('修改协议', 'Revise the agreement'),
  RECORD_ORAL_AGREEMENT: l('记录口头协议', 'Record an oral agreement'),
  END_MEDIATION: l('调解不成·终止', 'End mediation (no agreement)'),
  TRANSFER: l('移交（三调联动）', 'Transfer (three-way linkage)'),
  TRANSFER_OUTCOME: l('移交结果反馈', 'Outcome of the transfer'),
  MEDIATION_OVERDUE: l('超过一个月调解期限', 'One-month target passed'),
  GRADE_OVERDUE: l('超期升级', 'Overdue: move up'),
  GRADE_LATE: l('超期上移', 'Overdue: move up, colour kept'),
  GRADE_CEILING: l('红色超期', 'Red target passed'),
  GRADE_ROUTED: l('已流转至责任层级', 'Routed to the owner'),
  RECORD_PERFORMANCE: l('记录履行情况', 'Record performance'),
  PERFORMED: l('履行完毕', 'Performed'),
  PERFORMANCE_DISPUTE: l('就履行或内容起诉', 'Sue over performance or content'),
  APPLY_CONFIRMATION: l('申请司法确认', 'Apply for judicial confirmation'),
  CONFIRMATION_WINDOW_CLOSED: l('司法确认申请期届满', 'Confirmation window closed'),
  COURT_ACCEPT: l('法院受理', 'Court accepts'),
  COURT_DECLINE: l('法院不予受理', 'Court declines'),
  COURT_ACCEPT_OVERDUE: l('受理审查超期', 'Acceptance overdue'),
  COURT_EXTEND: l('院长批准延长', 'President extends'),
  COURT_CONFIRM: l('裁定调解协议有效', 'Court confirms'),
  COURT_REJECT: l('裁定驳回申请', 'Court rejects'),
  COURT_DECIDE_OVERDUE: l('确认审查超期', 'Decision overdue'),
  MEDIATE_ANEW: l('重新调解', 'Mediate anew'),
  SUE: l('提起诉讼', 'Sue'),
  APPLY_ENFORCEMENT: l('申请强制执行', 'Apply for enforcement'),
} as const

/** Police mediation: state labels. */
export const policeStateLabels = {
  mediating: l('公安调解', 'Police mediating'),
  performing: l('协议履行', 'Performing the agreement'),
  penalty: l('依法处罚', 'Penalty'),
  referred: l('引导人民调解', "Referred to people's mediation"),
  noPenalty: l('达成协议并履行·不予处罚', 'Performed: no penalty'),
  settledByPeoples: l('人民调解化解', "Settled by people's mediation"),
  penalized: l('已处罚·告知民事诉权', 'Penalized: right to sue notified'),
} as const

/** Police mediation: event labels. */
export const policeEventLabels = {
  AGREE: l('达成协议', 'Agreement reached'),
  NO_AGREEMENT: l('未达成协议', 'No agreement'),
  REFUSE_MEDIATION: l('当事人拒绝调解', 'Party refuses mediation'),
  PERFORMED: l('协议已履行', 'Agreement performed'),
  NON_PERFORMANCE: l('协议未履行', 'Agreement not performed'),
  PENALIZE: l('作出处罚决定', 'Decide the penalty'),
  REFER_TO_PEOPLES: l('引导至人民调解', "Refer to people's mediation"),
  TRANSFER_OUTCOME: l('人民调解结果反馈', "Outcome of people's mediation"),
} as const

/** Court mediation: state labels. */
export const courtStateLabels = {
  received: l('收到起诉（先行调解）', 'Suit received (mediate first)'),
  preFiling: l('诉前调解', 'Pre-filing mediation'),
  delegated: l('诉前委派调解', 'Delegated before filing'),
  filing: l('立案审查', 'Filing'),
  filed: l('已立案', 'Filed'),
  judicialMediation: l('诉讼调解', 'Judicial mediation'),
  entrustedOrdinary: l('委托调解（普通程序）', 'Entrusted (ordinary procedure)'),
  entrustedSimple: l('委托调解（简易程序）', 'Entrusted (simple procedure)'),
  statement: l('调解书送达', 'Serving the mediation statement'),
  awaitingJudgment: l('一方反悔·待判决', 'Party backed out: judgment due'),
  settled: l('诉前调解成功', 'Settled before filing'),
  statementEffective: l('调解书生效', 'Mediation statement effective'),
  judged: l('判决', 'Judged'),
  notFiled: l('不予受理', 'Not filed'),
} as const

/** Court mediation: event labels. */
export const courtEventLabels = {
  START_PREFILING_MEDIATION: l('开始诉前调解', 'Start pre-filing mediation'),
  DELEGATE: l('委派人民调解', "Delegate to people's mediation"),
  REFUSE_MEDIATION: l('当事人拒绝调解', 'Party refuses mediation'),
  AGREE: l('达成调解协议', 'Agreement reached'),
  NO_AGREEMENT: l('调解不成', 'No agreement'),
  EXTEND_MEDIATION: l('经当事人同意延长调解期限', 'Extend with the parties’ consent'),
  MEDIATION_PERIOD_EXPIRED: l('调解期限届满', 'Mediation period over'),
  TRANSFER_OUTCOME: l('委派或委托调解结果', 'Outcome of delegated mediation'),
  FILE: l('立案', 'File'),
  REJECT_FILING: l('裁定不予受理', 'Refuse to file'),
  FILING_OVERDUE: l('立案超期', 'Filing overdue'),
  MEDIATE: l('诉讼中调解', 'Mediate in the suit'),
  ENTRUST: l('委托调解', 'Entrust mediation'),
  SIGN_FOR: l('签收调解书', 'Sign for the statement'),
  BACK_OUT: l('送达前反悔', 'Back out before service'),
  JUDGMENT: l('判决', 'Judgment'),
} as const
