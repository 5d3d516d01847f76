/**
 * Reads: one case, its history, worklists, case lists and reports — straight from the store.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import type { Page, StoredInstance, TaskRow } from '../store/types.js'
import type { EngineCore } from './core.js'
import { summaryOf } from './plan/index.js'
import { taskView } from './publish.js'
import { buildReport, type Report, type ReportQuery } from './report.js'
import type { InstanceQuery, InstanceSummary, InstanceView, TaskQuery, TaskView } from './types.js'

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

/** One page of open tasks matching a query. */
export async function findTasks(core: EngineCore, query: TaskQuery): Promise<Page<TaskView>> {
  const now = core.clock.now()
  const page = await core.store.findTasks(
    {
      ...(query.role === undefined ? {} : { role: query.role }),
      ...(query.orgUnit === undefined ? {} : { orgUnit: query.orgUnit }),
      ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
      ...(query.processId === undefined ? {} : { processId: query.processId }),
      ...(query.instanceId === undefined ? {} : { instanceId: query.instanceId }),
      ...(query.colour !== undefined ? { colour: { colour: query.colour, now } } : query.overdue === true ? { colour: { colour: 'red' as const, now } } : {}),
    },
    { limit: query.limit ?? 100, cursor: query.cursor },
  )
  const items = page.items.map((t) => taskView(t, now))
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor }
}

/** One page of instances matching a query. */
export async function findInstances(core: EngineCore, query: InstanceQuery): Promise<Page<InstanceSummary>> {
  const { limit, cursor, ...filter } = query
  const page = await core.store.findInstances(filter, { limit: limit ?? 100, cursor })
  const items = page.items.map(summaryOf)
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor }
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
    throw new FengqiaoError('INVALID_OPTIONS', 'report() needs a window { from, to } of Dates or epoch milliseconds with from < to.', { from: String(query?.from), to: String(query?.to) })
  }
  const units = query.orgUnit === undefined ? undefined : core.orgs.subtree(query.orgUnit)
  const processes = query.processId === undefined ? undefined : typeof query.processId === 'string' ? [query.processId] : [...query.processId]
  const instances: StoredInstance[] = []
  let cursor: string | undefined
  do {
    const page = await core.store.findInstances({ ...(processes === undefined ? {} : { processId: processes }), ...(units === undefined ? {} : { orgUnit: units }) }, { limit: 1000, cursor })
    instances.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  const tasks: TaskRow[] = []
  cursor = undefined
  do {
    const page = await core.store.findTasks(units === undefined ? {} : { orgUnit: units }, { limit: 1000, cursor })
    tasks.push(...page.items.filter((t) => processes === undefined || processes.includes(t.processId)))
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return buildReport({ from, to, now: core.clock.now(), scope: query.orgUnit, instances, tasks, orgs: core.orgs })
}
