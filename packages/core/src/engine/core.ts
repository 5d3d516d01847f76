/**
 * What the engine's parts share: its store, clock, registry, org-unit tree, remembered rows and
 * observation events. `createEngine` builds one; every part takes it as its first argument.
 *
 * @module
 * @internal
 */
import type { BusinessCalendar } from '../calendar/business-calendar.js'
import type { Clock } from '../clock.js'
import { FengqiaoError } from '../errors.js'
import type { Privacy } from '../privacy/privacy.js'
import type { ChangeSet, Store, StoredInstance } from '../store/types.js'
import type { CalendarWatch } from './calendar-watch.js'
import type { InputLimits } from './input-limits.js'
import type { Integrity } from '../integrity/engine-integrity.js'
import type { InstanceCache } from './instance-cache.js'
import type { OrgTree } from './org-tree.js'
import type { Plan, PlanContext } from './plan/index.js'
import type { Publisher } from './publish.js'
import type { Effect, Registry } from './registry.js'
import type { Engine } from './types.js'

/** Lease of a claimed timer or outbox message when none is given. */
export const DEFAULT_LEASE_MS = 30_000
/** Timers or messages claimed per batch when none is given. */
export const DEFAULT_BATCH = 100

/** The engine's shared internals. */
export interface EngineCore {
  readonly store: Store
  readonly clock: Clock
  readonly registry: Registry
  readonly orgs: OrgTree
  readonly effects: ReadonlyMap<string, Effect>
  readonly cache: InstanceCache
  readonly events: Publisher
  readonly ids: () => string
  readonly nodeId: string
  readonly maxRetries: number
  /** Failed attempts after which an outbox message or a timer becomes an incident. */
  readonly incidentAfter: number
  /** Size limits on what callers send, checked before the store is touched. */
  readonly limits: Required<InputLimits>
  /**
   * Commits a change set, settling a lost reply from the history (`ambiguous-commit.ts`): every
   * commit of the engine goes through it, never `store.commit` directly.
   */
  readonly commit: (change: ChangeSet) => Promise<void>
  readonly calendarFor: (orgUnit: string | null) => BusinessCalendar
  /** Reports deadlines that run into a year the calendar has no holiday data for. */
  readonly calendarWatch: CalendarWatch
  /** How history is sealed and checked (keyed chain, checkpoints). */
  readonly integrity: Integrity
  /** The public engine, handed to effect handlers and interceptors. */
  readonly engine: Engine
  /** Called after every commit that wrote outbox messages. */
  readonly outboxWritten: () => void
  /** Whether `close()` has run. */
  closed(): boolean
  /** Personal-data protection, when the engine has a `privacy` option. */
  readonly privacy?: Privacy | undefined
}

/**
 * Refuses work on a closed engine.
 *
 * @throws {FengqiaoError} CLOSED
 */
export function ensureOpen(core: EngineCore): void {
  if (core.closed()) throw new FengqiaoError('CLOSED', 'This engine has been closed.')
}

/** The facts the planner takes from the engine, at `now`. */
export function planContext(core: EngineCore, now: number): PlanContext {
  return {
    now,
    calendarFor: core.calendarFor,
    definition: (id, version) => core.registry.definition(id, version),
    handles: (type) => core.effects.has(type),
    newId: core.ids,
    ancestorAt: (unit, target) => core.orgs.ancestorAt(unit, target),
    chain: core.integrity.sealing,
    hashView: core.privacy === undefined ? undefined : (def, body) => (core.privacy as Privacy).digestView(def, body),
  }
}

/**
 * Reads an instance from the store.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for an id that is not a non-empty string; NOT_FOUND
 */
export async function loadInstance(core: EngineCore, instanceId: string): Promise<StoredInstance> {
  if (typeof instanceId !== 'string' || instanceId === '')
    throw new FengqiaoError('INVALID_OPTIONS', 'An instance id must be a non-empty string.')
  const row = await core.store.getInstance(instanceId)
  if (row === undefined) throw new FengqiaoError('NOT_FOUND', `No instance with id ${instanceId}.`, { instanceId })
  return row
}

/** After a commit: remember its rows, tell listeners (and warn of years without holiday data), wake the outbox. */
export function committed(
  core: EngineCore,
  planned: Plan,
  actor: Parameters<Publisher['published']>[1],
  timer?: Parameters<Publisher['published']>[3],
): void {
  for (const r of planned.rows) core.cache.set(r)
  core.events.published(planned, actor, core.clock.now(), timer)
  core.calendarWatch.committed(planned.rows)
  if (planned.hasOutbox) core.outboxWritten()
}
