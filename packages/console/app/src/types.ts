// The shapes the API answers with, as the page reads them (dates arrive as ISO strings).

export interface Labels {
  readonly 'zh-CN': string
  readonly en: string
}
export interface Actor {
  readonly id: string
  readonly roles: readonly string[]
  readonly orgUnit?: string
}
export interface Session {
  readonly actor: Actor
  readonly csrfToken: string
  /** The engine's clock (epoch ms): colours and the default report month follow it. */
  readonly now: number
  readonly demoUsers: readonly { id: string; label: string }[] | null
}
export interface StateDescription {
  readonly path: string
  readonly label: Labels | null
  readonly type: string
  readonly taskRole: string | null
  readonly deadline: unknown
  readonly outcome: string | null
}
export interface EventDescription {
  readonly type: string
  readonly label: Labels | null
  readonly roles: readonly string[]
  readonly system: boolean
  readonly schema: JsonSchema | null
}
export interface ProcessDescription {
  readonly id: string
  readonly version: number
  readonly label: Labels | null
  readonly states: readonly StateDescription[]
  readonly events: readonly EventDescription[]
  readonly roles: readonly string[]
  readonly parameters: readonly {
    name: string
    value: string
    article: string
    status: string
    unit?: string
    description: Labels
  }[]
}
export interface Catalog {
  readonly processes: readonly ProcessDescription[]
  readonly roleLabels: Readonly<Record<string, Labels>>
  readonly orgUnits: readonly { id: string; name: string | null; parent: string | null }[]
}
export interface JsonSchema {
  readonly type?: string | readonly string[]
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly items?: JsonSchema
  readonly enum?: readonly unknown[]
  readonly const?: unknown
  readonly anyOf?: readonly JsonSchema[]
  readonly oneOf?: readonly JsonSchema[]
  readonly format?: string
  readonly minItems?: number
  readonly minimum?: number
  readonly maximum?: number
  readonly description?: string
  readonly default?: unknown
}
export type Colour = 'red' | 'yellow' | 'green'
export interface Page<T> {
  readonly items: T[]
  readonly nextCursor?: string
}
export interface Task {
  readonly id: string
  readonly instanceId: string
  readonly processId: string
  readonly stateNode: string
  readonly role: string
  readonly orgUnit: string | null
  readonly assignee: string | null
  readonly dueAt: string | null
  readonly warnAt: string | null
  readonly createdAt: string
  readonly colour: Colour
  readonly overdue: boolean
}
export interface CaseItem {
  readonly id: string
  readonly processId: string
  readonly processVersion: number
  readonly stateKey: string
  readonly status: string
  readonly version: number
  readonly orgUnit: string | null
  readonly businessKey: string | null
  readonly parentId: string | null
  readonly createdAt: string
  readonly updatedAt: string
  readonly dueAt?: string | null
  readonly colour?: Colour | null
  readonly outcome?: string | null
  readonly completedAt?: string | null
}
export interface Deadline {
  readonly name: string
  readonly stateNode: string
  readonly unit: string
  readonly amount: number
  readonly startedAt: string
  readonly dueAt: string
  readonly warnAt: string | null
  readonly pausedAt: string | null
  readonly extensions: number
  readonly status: 'running' | 'paused' | 'expired'
  readonly colour: Colour
}
export interface CaseView extends CaseItem {
  readonly context: unknown
  readonly output: unknown
  readonly deadlines?: readonly Deadline[]
  readonly tasks?: readonly Task[]
  readonly childIds?: readonly string[]
}
export interface HistoryEntry {
  readonly seq: number
  readonly at: number
  readonly kind: string
  readonly event: { readonly type?: string; readonly [k: string]: unknown }
  readonly actor: { readonly id?: string; readonly roles?: readonly string[] } | null
  readonly from: string | null
  readonly to: string
  readonly version: number
  readonly detail: unknown
  readonly hash: string
}
export interface Linked {
  readonly id: string
  readonly readable: boolean
  readonly processId?: string
  readonly stateKey?: string
  readonly status?: string
}
export interface CasePage {
  readonly case: CaseView
  readonly history: readonly HistoryEntry[]
  readonly verify: { ok: boolean; entries: number; brokenAt?: number; reason?: string }
  readonly parent: Linked | null
  readonly children: readonly Linked[]
  readonly events: readonly string[]
  readonly incidents?: readonly Incident[]
  /** The case's open tasks the reader may see. */
  readonly tasks: readonly Task[]
}
export interface Incident {
  readonly id: string
  readonly kind: string
  readonly subjectId: string
  readonly instanceId: string
  readonly processId: string | null
  readonly type: string
  readonly status: string
  readonly attempts: number
  readonly error: { message: string; code: string | null }
  readonly openedAt: string
  readonly closedAt: string | null
  readonly resolution: string | null
  readonly reason: string | null
}
