/**
 * Reads: one case, its history, worklists, case lists and reports — straight from the store.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import { contextView, entryView } from '../privacy/views.js'
import type { Actor, HistoryEntry, Json, Page, StoredInstance } from '../store/types.js'
import { authorizeRead, isParty, mayRead } from './authorize.js'
import { checkOptions } from './commands.js'
import { ensureOpen, loadInstance, type EngineCore } from './core.js'
import { summaryOf } from './plan/index.js'
import { taskView } from './publish.js'
import { buildReport, type Report, type ReportQuery } from './report.js'
import { instanceFilterOf } from './instance-query.js'
import { replayHistory } from './audit.js'
import type {
  InstanceQuery,
  InstanceSummary,
  InstanceView,
  ReadOptions,
  ReplayResult,
  SystemReads,
  TaskQuery,
  TaskView,
} from './types.js'

/**
 * Loads a case for a reader: the engine open, the actor a real caller, the case in their scope.
 *
 * @param actor - the reader, or null for the host's own system read
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, PROCESS_NOT_REGISTERED
 */
export async function readCase(
  core: EngineCore,
  instanceId: string,
  options: ReadOptions | null,
  op: string,
): Promise<{ row: StoredInstance; def: AnyProcessDefinition }> {
  ensureOpen(core)
  if (options !== null) checkOptions(options, op)
  const row = await loadInstance(core, instanceId)
  const def = core.registry.definition(row.processId, row.processVersion)
  if (options !== null) authorizeRead(core.orgs, def, options.actor, row)
  return { row, def }
}

// A reader sees a case or task only through a registered process's read policy.
function definitionOrNone(core: EngineCore, processId: string, version?: number): AnyProcessDefinition | undefined {
  try {
    return core.registry.definition(processId, version)
  } catch {
    return undefined
  }
}

/** Whether a reader may see a task: the read policy's roles, and scope measured at the task's own unit. */
function mayReadTask(core: EngineCore, actor: Actor, t: TaskView): boolean {
  const def = definitionOrNone(core, t.processId)
  if (def === undefined) return false
  const policy = def.read ?? {}
  if (policy.roles !== undefined && !policy.roles.some((r) => actor.roles.includes(r))) return false
  return core.orgs.allows(policy.scope ?? 'subtree', actor.orgUnit, t.orgUnit)
}

/**
 * Whether a reader sees a case's personal values in clear: the host's own reads, the process's
 * `personal.readers` (everyone who may read, when it names none), and the case's parties.
 */
export function readsPersonal(def: AnyProcessDefinition, actor: Actor | null, row: StoredInstance): boolean {
  const readers = def.personal?.readers
  return (
    actor === null || readers === undefined || readers.some((r) => actor.roles.includes(r)) || isParty(def, actor, row)
  )
}

/** A case as a reader sees it (`engine.get`): personal values in clear or redacted. */
export function caseView(read: { row: StoredInstance; def: AnyProcessDefinition }, actor: Actor | null): InstanceView {
  const { row, def } = read
  const view = instanceView(row)
  return def.personal === undefined
    ? view
    : { ...view, context: contextView(def.personal, view.context as Json, readsPersonal(def, actor, row)) }
}

/**
 * A case's history as a reader sees it: personal values opened or redacted.
 *
 * @throws {FengqiaoError} KEY_UNAVAILABLE
 */
export async function caseHistory(
  core: EngineCore,
  read: { row: StoredInstance; def: AnyProcessDefinition },
  actor: Actor | null,
): Promise<HistoryEntry[]> {
  const { row, def } = read
  const entries = await core.store.history(row.id)
  if (def.personal === undefined) return entries
  const clear = readsPersonal(def, actor, row)
  return entries.map((h) => entryView(def.personal, core.privacy, h, clear))
}

/** Replays a case's history (opened: guards may read personal values) through a version's machine. */
export async function caseReplay(
  core: EngineCore,
  row: StoredInstance,
  version: number | undefined,
): Promise<ReplayResult> {
  const def = core.registry.definition(row.processId, version ?? row.processVersion)
  const entries = await core.store.history(row.id)
  const privacy = core.privacy
  return replayHistory(
    def,
    privacy === undefined ? entries : entries.map((h) => ({ ...h, event: privacy.openAll(h.instanceId, h.event) })),
  )
}

/** A stored row as `engine.get` returns it. */
export function instanceView(row: StoredInstance): InstanceView {
  const snap = row.snapshot as { context?: unknown; output?: unknown }
  return {
    ...summaryOf(row),
    context: snap.context,
    output: snap.output,
    orgUnit: row.orgUnit,
    businessKey: row.businessKey,
    parentId: row.parentId,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    timers: row.timers.map((t) => ({ id: t.id, key: t.key, dueAt: new Date(t.dueAt) })),
  }
}

/**
 * One page of open tasks matching a query, only those the reader may see.
 *
 * @param actor - the reader, or null for the host's own system read
 */
export async function findTasks(core: EngineCore, query: TaskQuery, actor: Actor | null): Promise<Page<TaskView>> {
  const now = core.clock.now()
  const page = await core.store.findTasks(
    {
      ...(query.role === undefined ? {} : { role: query.role }),
      ...(query.orgUnit === undefined ? {} : { orgUnit: query.orgUnit }),
      ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
      ...(query.processId === undefined ? {} : { processId: query.processId }),
      ...(query.instanceId === undefined ? {} : { instanceId: query.instanceId }),
      ...(query.colour !== undefined
        ? { colour: { colour: query.colour, now } }
        : query.overdue === true
          ? { colour: { colour: 'red' as const, now } }
          : {}),
    },
    { limit: query.limit ?? 100, cursor: query.cursor },
  )
  const items = page.items.map((t) => taskView(t, now)).filter((t) => actor === null || mayReadTask(core, actor, t))
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor }
}

/**
 * One page of instances matching a query, only those the reader may see.
 *
 * @param actor - the reader, or null for the host's own system read
 */
export async function findInstances(
  core: EngineCore,
  query: InstanceQuery,
  actor: Actor | null,
): Promise<Page<InstanceSummary>> {
  const { limit, cursor } = query
  const page = await core.store.findInstances(instanceFilterOf(query), { limit: limit ?? 100, cursor })
  const visible = (row: StoredInstance): boolean => {
    if (actor === null) return true
    const def = definitionOrNone(core, row.processId, row.processVersion)
    if (def === undefined) return false
    if (mayRead(core.orgs, def, actor, row)) return true
    // Listed rows stay sealed; a party's id may be personal, so open the row to find the parties.
    if (core.privacy === undefined || def.personal === undefined) return false
    try {
      return mayRead(core.orgs, def, actor, core.privacy.openRow(row))
    } catch {
      return false
    }
  }
  const items = page.items.filter(visible).map(summaryOf)
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor }
}

/**
 * The unit a reader's report covers: the one asked for, within the reader's own; their own by
 * default.
 *
 * @throws {FengqiaoError} FORBIDDEN for a reader without an org unit, or a unit outside theirs
 */
export function reportScope(core: EngineCore, actor: Actor, asked: string | undefined): string {
  if (actor.orgUnit === undefined) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `Actor ${actor.id} belongs to no org unit, so no report is in their scope. Reports for the host's own use go through engine.system.report().`,
      { rule: 'read', actorOrgUnit: null },
    )
  }
  const unit = asked ?? actor.orgUnit
  if (!core.orgs.lineage(unit).includes(actor.orgUnit)) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `Actor ${actor.id} (org unit ${actor.orgUnit}) may not see the report of org unit ${unit}, which is outside their own.`,
      { rule: 'read', orgUnit: unit, actorOrgUnit: actor.orgUnit },
    )
  }
  return unit
}

/**
 * Counts, rates and task colours over a window, per org unit.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a window that is not `from < to`
 */
export async function buildScopedReport(core: EngineCore, query: ReportQuery): Promise<Report> {
  const ms = (t: unknown): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Number.NaN)
  const from = ms(query?.from)
  const to = ms(query?.to)
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      'report() needs a window { from, to } of Dates or epoch milliseconds with from < to.',
      { from: String(query?.from), to: String(query?.to) },
    )
  }
  const units = query.orgUnit === undefined ? undefined : core.orgs.subtree(query.orgUnit)
  const processes =
    query.processId === undefined
      ? undefined
      : typeof query.processId === 'string'
        ? [query.processId]
        : [...query.processId]
  const now = core.clock.now()
  // The store counts (SQL aggregates); the engine only rolls the counts up the tree.
  const counts = await core.store.reportFigures(
    {
      ...(processes === undefined ? {} : { processId: processes }),
      ...(units === undefined ? {} : { orgUnit: units }),
    },
    { from, to, now },
  )
  return buildReport({ from, to, now, scope: query.orgUnit, processes, counts, orgs: core.orgs })
}

/** The host's own reads: no actor, no scope (see {@link SystemReads}); incidents are added by the engine. */
export function systemReads(core: EngineCore): Omit<SystemReads, 'incidents'> {
  const read = async (instanceId: string, op: string) => (await readCase(core, instanceId, null, op)).row
  const open = () => ensureOpen(core)
  return {
    get: async (instanceId) => caseView(await readCase(core, instanceId, null, 'get'), null),
    history: async (instanceId) => caseHistory(core, await readCase(core, instanceId, null, 'history'), null),
    verify: async (instanceId) => {
      const row = await read(instanceId, 'verify')
      return core.integrity.verify(row, await core.store.history(instanceId), core.registry.machineOf(row))
    },
    replay: async (instanceId, options = {}) => caseReplay(core, await read(instanceId, 'replay'), options.version),
    tasks: async (query = {}) => {
      open()
      return findTasks(core, query, null)
    },
    instances: async (query = {}) => {
      open()
      return findInstances(core, query, null)
    },
    report: async (query) => {
      open()
      return buildScopedReport(core, query)
    },
  }
}
