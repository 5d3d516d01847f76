/**
 * What the planner's parts share: the engine's facts (`PlanContext`), the command being planned
 * and the plan it becomes.
 *
 * @module
 * @internal
 */
import type { BusinessCalendar } from '../../calendar/business-calendar.js'
import type { HistoryChain } from '../../integrity/chain.js'
import type { AnyProcessDefinition } from '../../process/define-process.js'
import type {
  Actor,
  ChangeSet,
  DeadlineState,
  HistoryEntry,
  HistoryKind,
  InstanceStatus,
  Json,
  StoredInstance,
  TaskRow,
} from '../../store/types.js'
import type { InstanceSummary } from '../types.js'

/** The timer event of a deadline. */
export const DEADLINE_EVENT = 'fengqiao.deadline'
/**
 * The message the engine writes when an administrator cancels a case, for a plugin that handles
 * it (the one `fengqiao.` name a plugin may handle): `params` are `{ reason, actor }`, and
 * `cancelledWith` for a linked case cancelled with its parent.
 */
export const CANCELLED_EFFECT = 'fengqiao.cancelled'
/** The outbox message type that tells a parent its linked case ended. */
export const NOTIFY_PARENT = 'fengqiao.notifyParent'

/** What the planner needs from the engine. */
export interface PlanContext {
  readonly now: number
  calendarFor(orgUnit: string | null): BusinessCalendar
  definition(processId: string, version?: number): AnyProcessDefinition
  /** Whether a plugin handles a named action. */
  handles(actionType: string): boolean
  newId(): string
  /** The unit an escalation moves a case to: the ancestor at a level (or the unit named). */
  ancestorAt(orgUnit: string, levelOrId: string): string | undefined
  /** A keyed chain to seal entries with (key id and row digest recorded); unkeyed SHA-256 without. */
  readonly chain?: HistoryChain | undefined
  /** What a history entry's hash covers, when personal data is protected (see `privacy/`). */
  readonly hashView?:
    ((def: AnyProcessDefinition, body: Omit<HistoryEntry, 'hash'>) => Omit<HistoryEntry, 'hash'>) | undefined
}

/** The command being planned. */
export interface PlanCommand {
  readonly kind: HistoryKind
  readonly event: Json
  readonly actor: Actor
  readonly idemKey?: string | undefined
  readonly fingerprint: string
  readonly expectedVersion: number | null
  /** The timer being fired, removed in this commit. */
  readonly firedTimer?: string | undefined
  /** Overrides for escalation and migration. */
  readonly orgUnit?: string | null
  readonly processVersion?: number
  readonly deadlines?: readonly DeadlineState[]
  readonly breached?: boolean
  /** Whether this command moved the case up the org-unit ladder. */
  readonly escalated?: boolean
  /** Facts to record in the history entry's `detail`. */
  readonly detail?: Readonly<Record<string, Json>>
  /**
   * The status after the command, for the administrative commands that set it (cancel, suspend,
   * resume). Without it a suspended case stays suspended and any other case takes its step's.
   */
  readonly status?: InstanceStatus
  /** `false`: a case closed by this command does not tell its parent (the parent is closing too). */
  readonly notifyParent?: boolean
  /** Detaches a linked case from its parent: it no longer tells the parent when it ends. */
  readonly detach?: boolean
  /** A task given to someone (or released, `null`) by this command. */
  readonly assign?: { readonly taskId: string; readonly assignee: string | null }
}

/**
 * Whether a status is closed: nothing changes a completed, cancelled or failed case. A suspended
 * case is not closed — it keeps its timers, tasks and deadlines for its resumption.
 */
export function isClosed(status: InstanceStatus): boolean {
  return status === 'completed' || status === 'cancelled' || status === 'failed'
}

/** A planned commit. */
export interface Plan {
  readonly change: ChangeSet
  /** The primary instance's summary. */
  readonly summary: InstanceSummary
  readonly row: StoredInstance
  readonly entry: HistoryEntry
  readonly from: string | null
  /** Every instance written (primary first, then linked cases started). */
  readonly rows: readonly StoredInstance[]
  /** Tasks opened for the first time (rewritten ones excluded), linked cases' included. */
  readonly openedTasks: readonly TaskRow[]
  readonly closedTasks: ReadonlyArray<{ readonly taskId: string; readonly instanceId: string }>
  /** Whether there are outbox messages to deliver. */
  readonly hasOutbox: boolean
}
