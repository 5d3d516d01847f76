/**
 * Incidents: an outbox message whose handler, or a timer whose firing, keeps failing stops being
 * tried after the engine's `incidents.afterAttempts` and waits for an administrator — listed by
 * `engine.incidents`, put back by `retryIncident`, dropped by `resolveIncident`. The store holds
 * the message or timer under the incident's lease while it is open (`Store.openIncident`).
 *
 * @module
 * @internal
 */
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import type { Actor, IncidentKind, IncidentRow, IncidentStatus, Page } from '../store/types.js'
import { authorizeAdmin, checkReason, mayReadAsOfficial } from './authorize.js'
import { checkOptions } from './commands.js'
import { ensureOpen, type EngineCore } from './core.js'
import { actorJson } from './plan/row.js'
import type { IncidentOptions, IncidentQuery, IncidentView } from './types.js'

/** Failed attempts that open an incident when the engine's options say none. */
export const DEFAULT_INCIDENT_AFTER = 10

/**
 * Reads the `incidents` option.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for an `afterAttempts` that is not a whole number from 1 to 1000
 */
export function incidentAfterOf(options: { readonly afterAttempts?: number } | undefined): number {
  const n = options?.afterAttempts ?? DEFAULT_INCIDENT_AFTER
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `incidents.afterAttempts must be a whole number from 1 to 1000; got ${String(n)}.`,
      { afterAttempts: String(n) },
    )
  return n
}

/** How long a failed message or timer waits before its next attempt: 1 s, 2 s, 4 s, … at most 1 h. */
export function backoffMs(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 3_600_000)
}

/** An incident as callers see it. */
export function incidentView(r: IncidentRow): IncidentView {
  return {
    id: r.id,
    kind: r.kind,
    subjectId: r.subjectId,
    instanceId: r.instanceId,
    processId: r.processId,
    type: r.type,
    status: r.status,
    attempts: r.attempts,
    error: { message: r.error, code: r.errorCode },
    openedAt: new Date(r.openedAt),
    closedAt: r.closedAt === null ? null : new Date(r.closedAt),
    closedBy: r.closedBy === null ? null : (r.closedBy as unknown as Actor),
    resolution: r.resolution,
    reason: r.reason,
  }
}

/**
 * Opens an incident for a message or timer that failed its last allowed attempt, and tells
 * listeners. The store parks the subject in the same write.
 */
export async function openIncident(
  core: EngineCore,
  subject: {
    readonly kind: IncidentKind
    readonly id: string
    readonly instanceId: string
    readonly processId: string | null
    readonly type: string
  },
  attempts: number,
  error: unknown,
): Promise<IncidentView> {
  const row: IncidentRow = {
    id: `incident-${core.ids()}`,
    kind: subject.kind,
    subjectId: subject.id,
    instanceId: subject.instanceId,
    processId: subject.processId,
    type: subject.type,
    status: 'open',
    attempts,
    error: error instanceof Error ? error.message : String(error),
    errorCode: isFengqiaoError(error) ? error.code : null,
    openedAt: core.clock.now(),
    closedAt: null,
    closedBy: null,
    resolution: null,
    reason: null,
  }
  await core.store.openIncident(row)
  const view = incidentView(row)
  core.events.emit('incident', { incident: view })
  return view
}

const KINDS: readonly IncidentKind[] = ['outbox', 'timer']
const STATUSES: readonly IncidentStatus[] = ['open', 'resolved']

function checkQuery(query: IncidentQuery): void {
  if (query.kind !== undefined && !KINDS.includes(query.kind))
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `An incident's kind is 'outbox' or 'timer'; got ${String(query.kind)}.`,
      {
        kind: String(query.kind),
      },
    )
  if (query.status !== undefined && !STATUSES.includes(query.status))
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `An incident's status is 'open' or 'resolved'; got ${String(query.status)}.`,
      { status: String(query.status) },
    )
  for (const k of ['instanceId', 'processId'] as const)
    if (query[k] !== undefined && typeof query[k] !== 'string')
      throw new FengqiaoError('INVALID_OPTIONS', `incidents() takes ${k} as a string.`, { [k]: String(query[k]) })
}

/**
 * One page of incidents, only those of cases the reader may read as an official (an
 * administrator sees every one).
 *
 * @param actor - the reader, or null for the host's own system read
 * @throws {FengqiaoError} INVALID_OPTIONS
 */
export async function findIncidents(
  core: EngineCore,
  adminRoles: readonly string[],
  query: IncidentQuery,
  actor: Actor | null,
): Promise<Page<IncidentView>> {
  ensureOpen(core)
  checkQuery(query)
  const { limit, cursor, ...filter } = query
  const page = await core.store.findIncidents(filter, { limit: limit ?? 100, cursor })
  const admin = actor !== null && adminRoles.some((r) => actor.roles.includes(r))
  const items: IncidentView[] = []
  for (const r of page.items) {
    if (actor === null || admin || (await visible(core, actor, r))) items.push(incidentView(r))
  }
  return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor }
}

// An incident is read through its case: the process's read policy, roles and scope (not as a
// party: an incident is the operators' business). A case that is gone shows it to admins only.
async function visible(core: EngineCore, actor: Actor, r: IncidentRow): Promise<boolean> {
  const row = await core.store.getInstance(r.instanceId)
  if (row === undefined) return false
  const def = core.registry.find(row.processId, row.processVersion)
  return def !== undefined && mayReadAsOfficial(core.orgs, def, actor, row)
}

/**
 * Closes an open incident, retried or resolved: authorized for an administrator with a reason,
 * recorded on the incident, reported as an `admin` event.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, INCIDENT_NOT_FOUND, INCIDENT_CLOSED
 */
export async function closeIncident(
  core: EngineCore,
  adminRoles: readonly string[],
  incidentId: string,
  options: IncidentOptions,
  resolution: 'retried' | 'resolved',
): Promise<IncidentView> {
  const operation = resolution === 'retried' ? 'retryIncident' : 'resolveIncident'
  ensureOpen(core)
  if (typeof incidentId !== 'string' || incidentId === '')
    throw new FengqiaoError('INVALID_OPTIONS', `${operation}() takes the incident's id (a non-empty string).`)
  checkOptions(options, operation)
  authorizeAdmin(adminRoles, options.actor, operation)
  checkReason(options.reason, operation)
  const closed = await core.store.closeIncident(incidentId, {
    resolution,
    at: core.clock.now(),
    by: actorJson(options.actor),
    reason: options.reason,
  })
  if (closed === undefined) {
    const found = await core.store.getIncident(incidentId)
    if (found === undefined)
      throw new FengqiaoError(
        'INCIDENT_NOT_FOUND',
        `No incident has the id ${incidentId}. List the open ones with engine.incidents({ actor, status: 'open' }).`,
        { incidentId },
      )
    throw new FengqiaoError(
      'INCIDENT_CLOSED',
      `Incident ${incidentId} was already ${found.resolution ?? 'closed'}${found.closedAt === null ? '' : ` at ${new Date(found.closedAt).toISOString()}`}; nothing was written.`,
      { incidentId, resolution: found.resolution, closedAt: found.closedAt },
    )
  }
  core.events.emit('admin', { operation, actor: options.actor, reason: options.reason, instanceId: closed.instanceId })
  return incidentView(closed)
}
