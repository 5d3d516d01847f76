/**
 * The in-memory store: the engine's default, and the reference implementation of the Store port.
 *
 * @module
 */
import { FengqiaoError } from '../errors.js'
import {
  checkInstanceFilter,
  closedOnTime,
  colourOf,
  emptyReportCounts,
  isEscalation,
  matchesInstanceFilter,
} from './instance-filter.js'
import { checkLimit, checkTime, decodeCursor, encodeCursor, INCIDENT_HOLD, NO_DUE_SORT } from './page.js'
import type {
  ChainHead,
  ChangeSet,
  HistoryEntry,
  HistoryRange,
  IdempotencyRecord,
  IncidentFilter,
  IncidentRow,
  InstanceFilter,
  OutboxMessage,
  Page,
  PageRequest,
  ReportCounts,
  ReportFilter,
  ReportWindow,
  Store,
  StoredInstance,
  TaskFilter,
  TaskRow,
  TimerRow,
} from './types.js'

/** The tables of a {@link MemoryStore}, exposed for tests that tamper with storage. */
export interface MemoryTables {
  readonly instances: Map<string, StoredInstance>
  readonly history: Map<string, HistoryEntry[]>
  readonly timers: Map<string, TimerRow>
  readonly tasks: Map<string, TaskRow>
  readonly outbox: Map<string, OutboxMessage>
  readonly idempotency: Map<string, IdempotencyRecord>
  readonly incidents: Map<string, IncidentRow>
}

/** A {@link Store} kept in process memory. */
export interface MemoryStore extends Store {
  /**
   * Direct access to the tables, for tests (for example to tamper with history and check that
   * `engine.verify` notices). Never use it to change state in an application.
   */
  readonly tables: MemoryTables
}

const asList = <T>(v: T | readonly T[] | undefined): readonly T[] | undefined =>
  v === undefined ? undefined : Array.isArray(v) ? (v as readonly T[]) : [v as T]

// Values are copied once on the way in and frozen, so stored state can never be aliased or
// changed by a caller, and reads can hand out the frozen value without copying it again.
// Values are plain JSON (the port says so), so one pass copies and freezes them.
function frozenCopy(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v
  if (Array.isArray(v)) return Object.freeze(v.map(frozenCopy))
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k]
    if (x !== undefined) out[k] = frozenCopy(x)
  }
  return Object.freeze(out)
}
const store = <T>(v: T): T => frozenCopy(v) as T

function paginate<T extends { id: string }>(rows: T[], sortKey: (r: T) => number, page: PageRequest): Page<T> {
  checkLimit(page.limit)
  rows.sort((a, b) => sortKey(a) - sortKey(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  let start = 0
  if (page.cursor !== undefined) {
    const after = decodeCursor(page.cursor)
    start = rows.findIndex((r) => sortKey(r) > after.sortKey || (sortKey(r) === after.sortKey && r.id > after.id))
    if (start < 0) start = rows.length
  }
  const items = rows.slice(start, start + page.limit)
  const last = items[items.length - 1]
  return start + page.limit < rows.length && last !== undefined
    ? { items, nextCursor: encodeCursor(sortKey(last), last.id) }
    : { items }
}

/** The colour of a task or case at a time (defined in `instance-filter.ts`, re-exported for the engine). */
export { colourOf }

/**
 * {@link Store.reportFigures} on the memory store: one pass over the instances and open tasks,
 * each count by the same predicate `matchesInstanceFilter` applies to the figure's filter.
 */
function memoryReportFigures(tables: MemoryTables, filter: ReportFilter, window: ReportWindow): ReportCounts[] {
  const { from, to, now } = window
  const units = asList(filter.orgUnit)
  const processes = asList(filter.processId)
  type Mutable = { -readonly [K in keyof ReportCounts]: ReportCounts[K] extends number ? number : ReportCounts[K] }
  const rows = new Map<string | null, Mutable>()
  const at = (u: string | null): Mutable => {
    let c = rows.get(u)
    if (c === undefined) {
      c = emptyReportCounts(u)
      rows.set(u, c)
    }
    return c
  }
  const inScope = (processId: string, orgUnit: string | null) =>
    (processes === undefined || processes.includes(processId)) &&
    (units === undefined || (orgUnit !== null && units.includes(orgUnit)))
  for (const r of tables.instances.values()) {
    if (!inScope(r.processId, r.orgUnit)) continue
    const opened = r.createdAt >= from && r.createdAt < to
    // Void and cancelled cases are in no rate (a cancelled case was stopped, not closed).
    const counted = r.outcome !== 'void' && r.outcome !== 'cancelled'
    const open = r.status === 'active' || r.status === 'suspended'
    const closed = counted && r.completedAt !== null && r.completedAt >= from && r.completedAt < to
    const dueOpen = counted && open && r.dueAt !== null && r.dueAt >= from && r.dueAt < to
    const overdue = open && r.dueAt !== null && r.dueAt <= now
    const escalatedInWindow = (tables.history.get(r.id) ?? []).some((h) => isEscalation(h) && h.at >= from && h.at < to)
    if (!opened && !closed && !dueOpen && !overdue && r.escalations === 0 && !escalatedInWindow) continue
    const c = at(r.orgUnit)
    if (opened) {
      c.opened++
      c[r.status]++
      c.byState = { ...c.byState, [r.stateKey]: (c.byState[r.stateKey] ?? 0) + 1 }
      if (r.outcome === 'resolved') c.resolved++
      else if (r.outcome === 'unresolved') c.unresolved++
      else if (r.outcome === 'void') c.void++
      if (r.completedAt !== null && r.status === 'completed') {
        c.closeTimeSum += r.completedAt - r.createdAt
        c.closeTimeCount++
      }
    }
    if (closed || dueOpen) c.dueToClose++
    if (closed) c.closed++
    if (closed && closedOnTime(r)) c.closedOnTime++
    if (overdue) c.overdue++
    if (r.escalations > 0) c.escalated++
    if (escalatedInWindow) c.escalatedInWindow++
  }
  for (const t of tables.tasks.values()) {
    if (!inScope(t.processId, t.orgUnit)) continue
    const c = at(t.orgUnit)
    c.openTasks = { ...c.openTasks, [colourOf(t, now)]: c.openTasks[colourOf(t, now)] + 1 }
  }
  return [...rows.values()]
}

/**
 * Creates an in-memory store. Everything is lost when the process exits; use the SQL adapter
 * (`@fengqiao/adapter-sql`) for durability.
 *
 * @returns a fresh, empty {@link MemoryStore}
 */
export function memoryStore(): MemoryStore {
  const tables: MemoryTables = {
    instances: new Map(),
    history: new Map(),
    timers: new Map(),
    tasks: new Map(),
    outbox: new Map(),
    idempotency: new Map(),
    incidents: new Map(),
  }
  // Outbox leases: message id → lease end.
  const leases = new Map<string, number>()
  let closed = false
  const open = () => {
    if (closed) throw new FengqiaoError('CLOSED', 'The memory store has been closed.')
  }
  // Every precondition is checked before anything is written: all or nothing.
  const checkChange = (change: ChangeSet): void => {
    for (const w of change.instances) {
      const current = tables.instances.get(w.row.id)
      if (w.expectedVersion === null ? current !== undefined : current?.version !== w.expectedVersion) {
        throw new FengqiaoError(
          'VERSION_CONFLICT',
          `Instance ${w.row.id} changed concurrently (expected version ${w.expectedVersion ?? 'none'}, found ${current?.version ?? 'none'}).`,
          {
            instanceId: w.row.id,
            expectedVersion: w.expectedVersion,
            actualVersion: current?.version ?? null,
          },
        )
      }
    }
    if (change.idempotency !== undefined && tables.idempotency.has(change.idempotency.key)) {
      throw new FengqiaoError('VERSION_CONFLICT', `Idempotency key ${change.idempotency.key} was taken concurrently.`, {
        idempotencyKey: change.idempotency.key,
      })
    }
  }
  const applyChange = (change: ChangeSet): void => {
    for (const w of change.instances) tables.instances.set(w.row.id, store(w.row))
    for (const h of change.history) {
      const list = tables.history.get(h.instanceId) ?? []
      list.push(store(h))
      tables.history.set(h.instanceId, list)
    }
    for (const id of change.timers?.delete ?? []) tables.timers.delete(id)
    for (const t of change.timers?.insert ?? [])
      tables.timers.set(t.id, store({ ...t, lockedBy: null, lockedUntil: null }))
    for (const id of change.tasks?.close ?? []) tables.tasks.delete(id)
    for (const t of change.tasks?.open ?? []) tables.tasks.set(t.id, store(t))
    for (const m of change.outbox ?? []) tables.outbox.set(m.id, store(m))
    if (change.idempotency !== undefined) tables.idempotency.set(change.idempotency.key, store(change.idempotency))
  }
  // Every method is async and completes after a microtask, like a real store, so that races
  // between concurrent commands are exercised in tests of the memory store too.
  return {
    name: 'memory',
    tables,
    async getInstance(id) {
      open()
      const row = tables.instances.get(id)
      return row
    },
    async commit(change: ChangeSet) {
      open()
      checkChange(change)
      applyChange(change)
    },
    async rewritePersonal(instanceId, entries, change) {
      open()
      const list = tables.history.get(instanceId) ?? []
      for (const e of entries) {
        if (list[e.seq - 1]?.seq !== e.seq)
          throw new FengqiaoError('VERSION_CONFLICT', `Case ${instanceId} has no history entry ${e.seq} to rewrite.`, {
            instanceId,
            seq: e.seq,
          })
      }
      checkChange(change)
      for (const e of entries) list[e.seq - 1] = store({ ...(list[e.seq - 1] as HistoryEntry), event: e.event })
      applyChange(change)
    },
    async purge(completedBefore, limit) {
      open()
      checkLimit(limit)
      checkTime(completedBefore)
      const gone = [...tables.instances.values()]
        .filter((r) => r.status !== 'active' && r.completedAt !== null && r.completedAt < completedBefore)
        .sort((a, b) => (a.completedAt as number) - (b.completedAt as number) || (a.id < b.id ? -1 : 1))
        .slice(0, limit)
        .map((r) => r.id)
      const ids = new Set(gone)
      for (const id of gone) {
        tables.instances.delete(id)
        tables.history.delete(id)
      }
      for (const m of [tables.timers, tables.tasks, tables.outbox] as Map<string, { instanceId: string }>[]) {
        for (const [k, v] of m) if (ids.has(v.instanceId)) m.delete(k)
      }
      for (const [k, r] of tables.idempotency) if (ids.has(r.instanceId)) tables.idempotency.delete(k)
      for (const [k, r] of tables.incidents) if (ids.has(r.instanceId)) tables.incidents.delete(k)
      for (const id of leases.keys()) if (!tables.outbox.has(id)) leases.delete(id)
      return gone
    },
    async history(instanceId: string, range: HistoryRange = {}) {
      open()
      const from = range.fromSeq ?? 1
      const to = range.toSeq ?? Number.MAX_SAFE_INTEGER
      return (tables.history.get(instanceId) ?? []).filter((h) => h.seq >= from && h.seq <= to)
    },
    async findInstances(filter: InstanceFilter, page: PageRequest) {
      open()
      checkInstanceFilter(filter)
      const rows = [...tables.instances.values()].filter((r) =>
        matchesInstanceFilter(r, filter, tables.history.get(r.id)),
      )
      return paginate(rows, (r) => r.createdAt, page)
    },
    async reportFigures(filter: ReportFilter, window: ReportWindow) {
      open()
      return memoryReportFigures(tables, filter, window)
    },
    async findTasks(filter: TaskFilter, page: PageRequest) {
      open()
      const roles = asList(filter.role)
      const units = asList(filter.orgUnit)
      const rows = [...tables.tasks.values()].filter(
        (t) =>
          (roles === undefined || roles.includes(t.role)) &&
          (units === undefined || (t.orgUnit !== null && units.includes(t.orgUnit))) &&
          (filter.assignee === undefined || t.assignee === filter.assignee) &&
          (filter.processId === undefined || t.processId === filter.processId) &&
          (filter.instanceId === undefined || t.instanceId === filter.instanceId) &&
          (filter.dueBefore === undefined || (t.dueAt !== null && t.dueAt < filter.dueBefore)) &&
          (filter.colour === undefined || colourOf(t, filter.colour.now) === filter.colour.colour),
      )
      return paginate(rows, (t) => t.dueAt ?? NO_DUE_SORT, page)
    },
    async claimDueTimers(now, limit, owner, leaseMs) {
      open()
      const due = [...tables.timers.values()]
        .filter((t) => t.dueAt <= now && (t.lockedUntil == null || t.lockedUntil <= now))
        .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit)
      return due.map((t) => {
        const leased = Object.freeze({ ...t, lockedBy: owner, lockedUntil: now + leaseMs })
        tables.timers.set(t.id, leased)
        return leased
      })
    },
    async deleteTimers(ids) {
      open()
      for (const id of ids) tables.timers.delete(id)
    },
    async nextTimerDue() {
      open()
      let min: number | undefined
      for (const t of tables.timers.values()) {
        if (t.lockedUntil === INCIDENT_HOLD) continue
        // Released after a failed firing: next claimable at its retry time.
        const at = t.lockedBy == null && t.lockedUntil != null ? Math.max(t.dueAt, t.lockedUntil) : t.dueAt
        if (min === undefined || at < min) min = at
      }
      return min
    },
    async retryTimer(id, availableAt, error) {
      open()
      const t = tables.timers.get(id)
      if (t === undefined) return 0
      const attempts = (t.attempts ?? 0) + 1
      void error // kept on the incident the engine opens; the memory store needs no copy
      tables.timers.set(id, Object.freeze({ ...t, lockedBy: null, lockedUntil: availableAt, attempts }))
      return attempts
    },
    async openIncident(incident) {
      open()
      tables.incidents.set(incident.id, store(incident))
      if (incident.kind === 'outbox') {
        if (tables.outbox.has(incident.subjectId)) leases.set(incident.subjectId, INCIDENT_HOLD)
      } else {
        const t = tables.timers.get(incident.subjectId)
        if (t !== undefined)
          tables.timers.set(
            t.id,
            Object.freeze({ ...t, lockedBy: `incident:${incident.id}`, lockedUntil: INCIDENT_HOLD }),
          )
      }
    },
    async getIncident(id) {
      open()
      return tables.incidents.get(id)
    },
    async findIncidents(filter: IncidentFilter, page: PageRequest) {
      open()
      const rows = [...tables.incidents.values()].filter(
        (r) =>
          (filter.kind === undefined || r.kind === filter.kind) &&
          (filter.instanceId === undefined || r.instanceId === filter.instanceId) &&
          (filter.processId === undefined || r.processId === filter.processId) &&
          (filter.status === undefined || r.status === filter.status),
      )
      return paginate(rows, (r) => r.openedAt, page)
    },
    async closeIncident(id, close) {
      open()
      const r = tables.incidents.get(id)
      if (r === undefined || r.status !== 'open') return undefined
      const closed = store<IncidentRow>({
        ...r,
        status: 'resolved',
        closedAt: close.at,
        closedBy: close.by,
        resolution: close.resolution,
        reason: close.reason,
      })
      tables.incidents.set(id, closed)
      if (r.kind === 'outbox') {
        const m = tables.outbox.get(r.subjectId)
        if (m !== undefined && close.resolution === 'retried') {
          tables.outbox.set(m.id, Object.freeze({ ...m, attempts: 0, availableAt: close.at }))
          leases.delete(m.id)
        } else if (m !== undefined) {
          tables.outbox.delete(m.id)
          leases.delete(m.id)
        }
      } else {
        const t = tables.timers.get(r.subjectId)
        if (t !== undefined && close.resolution === 'retried') {
          const { attempts: _counted, ...rest } = t
          tables.timers.set(t.id, Object.freeze({ ...rest, lockedBy: null, lockedUntil: null }))
        } else if (t !== undefined) tables.timers.delete(t.id)
      }
      return closed
    },
    async claimOutbox(now, limit, _owner, leaseMs) {
      open()
      const ready = [...tables.outbox.values()]
        .filter((m) => m.availableAt <= now && (leases.get(m.id) ?? -Infinity) <= now)
        .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
        .slice(0, limit)
      for (const m of ready) leases.set(m.id, now + leaseMs)
      return ready
    },
    async ackOutbox(ids) {
      open()
      for (const id of ids) {
        tables.outbox.delete(id)
        leases.delete(id)
      }
    },
    async retryOutbox(id, availableAt, error) {
      open()
      const m = tables.outbox.get(id)
      if (m === undefined) return
      tables.outbox.set(id, Object.freeze({ ...m, attempts: m.attempts + 1, availableAt, lastError: error }))
      leases.delete(id)
    },
    async findIdempotent(key) {
      open()
      const r = tables.idempotency.get(key)
      return r
    },
    async pruneIdempotency(before, limit) {
      open()
      checkLimit(limit)
      checkTime(before)
      const old = [...tables.idempotency.values()]
        .filter((r) => r.createdAt < before)
        .sort((a, b) => a.createdAt - b.createdAt || (a.key < b.key ? -1 : 1))
        .slice(0, limit)
      for (const r of old) tables.idempotency.delete(r.key)
      return old.length
    },
    async chainHeads(page) {
      open()
      checkLimit(page.limit)
      const after = page.cursor === undefined ? undefined : decodeCursor(page.cursor).id
      const ids = [...tables.instances.keys()].filter((id) => after === undefined || id > after).sort()
      const items = ids.slice(0, page.limit).map((id): ChainHead => {
        const row = tables.instances.get(id) as StoredInstance
        return { instanceId: id, seq: row.historySeq, hash: row.historyHash }
      })
      const last = items[items.length - 1]
      return ids.length > page.limit && last !== undefined
        ? { items, nextCursor: encodeCursor(0, last.instanceId) }
        : { items }
    },
    async close() {
      closed = true
    },
  }
}
