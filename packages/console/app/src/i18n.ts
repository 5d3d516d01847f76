// The page's own words in Chinese (the default) and English; process, state, event and role
// names come from the processes' label tables (see labels.ts).
import type { Labels } from './types.js'

export type Lang = 'zh-CN' | 'en'

const words = {
  title: ['枫桥 · 控制台', 'Fengqiao Console'],
  worklist: ['待办', 'Worklist'],
  cases: ['案件', 'Cases'],
  processes: ['流程', 'Processes'],
  incidents: ['异常', 'Incidents'],
  reports: ['报表', 'Reports'],
  signedInAs: ['当前用户', 'Signed in as'],
  demoSwitch: ['演示：切换用户', 'Demo: switch user'],
  loading: ['加载中…', 'Loading…'],
  process: ['流程', 'Process'],
  state: ['状态', 'State'],
  status: ['案件状态', 'Status'],
  role: ['角色', 'Role'],
  orgUnit: ['组织单位', 'Org unit'],
  orgUnitSubtree: ['组织单位（含下级）', 'Org unit (with those below)'],
  assignee: ['承办人', 'Assignee'],
  due: ['到期', 'Due'],
  warn: ['预警', 'Warning'],
  colour: ['颜色', 'Colour'],
  red: ['红', 'Red'],
  yellow: ['黄', 'Yellow'],
  green: ['绿', 'Green'],
  any: ['全部', 'Any'],
  overdue: ['已超期', 'Overdue'],
  businessKey: ['案号', 'File number'],
  createdFrom: ['受理起', 'Created from'],
  createdBefore: ['受理止', 'Created before'],
  search: ['查询', 'Search'],
  next: ['下一页', 'Next page'],
  first: ['第一页', 'First page'],
  none: ['无', 'None'],
  open: ['打开', 'Open'],
  mine: ['只看我的', 'Only mine'],
  claim: ['认领', 'Claim'],
  unclaim: ['退回', 'Unclaim'],
  assign: ['指派', 'Assign'],
  assignTo: ['指派给（用户）', 'Assign to (user)'],
  reason: ['理由', 'Reason'],
  created: ['受理时间', 'Created'],
  updated: ['更新时间', 'Updated'],
  timeline: ['办理记录', 'Timeline'],
  verifyOk: ['记录链完整', 'Record chain intact'],
  verifyBroken: ['记录链断裂', 'Record chain broken'],
  entries: ['条', 'entries'],
  deadlines: ['期限', 'Deadlines'],
  running: ['计时中', 'Running'],
  paused: ['已暂停', 'Paused'],
  expired: ['已到期', 'Expired'],
  extended: ['已延长', 'Extended'],
  tasks: ['待办任务', 'Open tasks'],
  linked: ['关联案件', 'Linked cases'],
  parent: ['上级案件', 'Parent case'],
  children: ['下级案件', 'Child cases'],
  notReadable: ['无权查看', 'Not readable'],
  actions: ['可办事项', 'What you may do now'],
  noActions: ['您现在没有可办事项。', 'Nothing you may do on this case now.'],
  send: ['提交', 'Send'],
  sent: ['已提交', 'Sent'],
  refused: ['未被接受', 'Refused'],
  add: ['添加', 'Add'],
  remove: ['删除', 'Remove'],
  actor: ['操作人', 'Actor'],
  event: ['事项', 'Event'],
  payload: ['内容', 'Payload'],
  at: ['时间', 'Time'],
  diagram: ['流程图', 'Diagram'],
  events: ['事项', 'Events'],
  roles: ['角色', 'Roles'],
  parameters: ['法定参数', 'Statutory parameters'],
  article: ['依据', 'Article'],
  value: ['值', 'Value'],
  name: ['名称', 'Name'],
  description: ['说明', 'Description'],
  version: ['版本', 'Version'],
  states: ['环节', 'States'],
  kind: ['类型', 'Kind'],
  error: ['错误', 'Error'],
  attempts: ['尝试次数', 'Attempts'],
  opened: ['发生时间', 'Opened'],
  retry: ['重试', 'Retry'],
  resolve: ['关闭', 'Resolve'],
  openOnly: ['只看未处理', 'Open only'],
  noIncidents: ['没有异常。', 'No incidents.'],
  month: ['月份', 'Month'],
  unit: ['单位', 'Unit'],
  openedCases: ['受理', 'Opened'],
  resolved: ['化解', 'Resolved'],
  resolutionRate: ['化解率', 'Resolution rate'],
  dueToClose: ['应结案', 'Due to close'],
  closed: ['办结', 'Closed'],
  closedOnTime: ['按期办结', 'Closed on time'],
  closingRate: ['结案率', 'Closing rate'],
  onTimeRate: ['按期办结率', 'On-time rate'],
  overdueCases: ['超期', 'Overdue'],
  escalated: ['升级（累计）', 'Escalated (ever)'],
  escalatedInWindow: ['本期升级', 'Escalated this month'],
  openTasks: ['在办任务（红/黄/绿）', 'Open tasks (red/yellow/green)'],
  drillDown: ['数字背后的案件', 'The cases behind a figure'],
  noRows: ['没有记录。', 'Nothing to show.'],
  unauthenticated: ['请先登录。', 'Please sign in first.'],
  active: ['在办', 'Active'],
  completed: ['办结', 'Completed'],
  failed: ['失败', 'Failed'],
  suspended: ['已中止', 'Suspended'],
  cancelled: ['已撤销', 'Cancelled'],
  context: ['案件信息', 'Case data'],
  adminActions: ['管理操作（需管理员角色）', "Administrators' commands"],
  suspend: ['中止', 'Suspend'],
  resume: ['恢复', 'Resume'],
  cancel: ['撤销案件', 'Cancel the case'],
  incidentsOfCase: ['本案异常', "This case's incidents"],
} as const satisfies Record<string, readonly [string, string]>

export type Word = keyof typeof words

let lang: Lang = localStorage.getItem('fq-console-lang') === 'en' ? 'en' : 'zh-CN'

/** The page's language. */
export function currentLang(): Lang {
  return lang
}

/** Switches the language (remembered in this browser). */
export function setLang(l: Lang): void {
  lang = l
  localStorage.setItem('fq-console-lang', l)
  document.documentElement.lang = l
}

/** One of the page's own words. */
export function t(w: Word): string {
  return words[w][lang === 'en' ? 1 : 0]
}

/** A label from a process's label table, in the page's language. */
export function label(l: Labels | null | undefined, fallback: string): string {
  if (l === null || l === undefined) return fallback
  return l[lang] || fallback
}

/** A time in the case's zone (Beijing), as people write it. */
export function when(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined) return '—'
  const d = new Date(iso)
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(d)
}
