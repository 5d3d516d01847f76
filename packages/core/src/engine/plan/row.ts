/**
 * Planner part: the instance row and its history entry — the one place a row is built.
 *
 * @module
 * @internal
 */
import type { AnyProcessDefinition } from '../../process/define-process.js'
import type { Actor, HistoryEntry, Json, StoredInstance } from '../../store/types.js'
import { entryBody } from '../../integrity/chain.js'
import { sha256 } from '../../util/canonical.js'
import type { InstanceSummary } from '../types.js'

export { entryBody } from '../../integrity/chain.js'

/** The short form of a stored instance. */
export function summaryOf(row: StoredInstance): InstanceSummary {
  const snap = row.snapshot as { value: InstanceSummary['state'] }
  return {
    id: row.id,
    processId: row.processId,
    processVersion: row.processVersion,
    state: snap.value,
    stateKey: row.stateKey,
    status: row.status,
    version: row.version,
  }
}

/** An actor as history records it. */
export function actorJson(actor: Actor): Json {
  return actor.orgUnit === undefined
    ? { id: actor.id, roles: [...actor.roles] }
    : { id: actor.id, roles: [...actor.roles], orgUnit: actor.orgUnit }
}

/**
 * Builds an instance row field by field (no spread): one object shape for every row the engine
 * writes, so a field added to {@link StoredInstance} is added here once.
 *
 * @param r - every field of the row
 * @returns the row
 */
export function instanceRow(r: StoredInstance): StoredInstance {
  return {
    id: r.id,
    processId: r.processId,
    processVersion: r.processVersion,
    status: r.status,
    stateKey: r.stateKey,
    snapshot: r.snapshot,
    timers: r.timers,
    tasks: r.tasks,
    version: r.version,
    orgUnit: r.orgUnit,
    businessKey: r.businessKey,
    parentId: r.parentId,
    parentDoneEvent: r.parentDoneEvent,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    historySeq: r.historySeq,
    historyHash: r.historyHash,
    deadlines: r.deadlines,
    dueAt: r.dueAt,
    warnAt: r.warnAt,
    breached: r.breached,
    completedAt: r.completedAt,
    outcome: r.outcome,
    escalations: r.escalations,
  }
}

/** A fresh row for an instance about to be started (version 0, no history yet). */
export function newInstanceRow(
  id: string,
  def: AnyProcessDefinition,
  now: number,
  o: { orgUnit: string | null; businessKey: string | null; parentId: string | null; parentDoneEvent: string | null },
): StoredInstance {
  return instanceRow({
    id,
    processId: def.id,
    processVersion: def.version,
    status: 'active',
    stateKey: '',
    snapshot: null,
    timers: [],
    tasks: [],
    version: 0,
    orgUnit: o.orgUnit,
    businessKey: o.businessKey,
    parentId: o.parentId,
    parentDoneEvent: o.parentDoneEvent,
    createdAt: now,
    updatedAt: now,
    historySeq: 0,
    historyHash: '',
    deadlines: [],
    dueAt: null,
    warnAt: null,
    breached: false,
    completedAt: null,
    outcome: null,
    escalations: 0,
  })
}

/**
 * The history entry of a commit, chained to the previous one by its hash.
 *
 * @param body - the entry without its hash
 * @param hashView - what the hash covers instead of the body (personal values as digests)
 * @returns the entry with `hash = sha256(prevHash + body)`
 */
export function historyEntry(
  body: Omit<HistoryEntry, 'hash'>,
  hashView?: (body: Omit<HistoryEntry, 'hash'>) => Omit<HistoryEntry, 'hash'>,
): HistoryEntry {
  // With personal data protected, the hash covers each personal value's digest, not the value.
  const hash = sha256(body.prevHash + entryBody(hashView === undefined ? body : hashView(body)))
  // Written out field by field (no spread): one object shape, built in one go.
  return {
    instanceId: body.instanceId,
    seq: body.seq,
    at: body.at,
    kind: body.kind,
    event: body.event,
    actor: body.actor,
    from: body.from,
    to: body.to,
    version: body.version,
    detail: body.detail,
    prevHash: body.prevHash,
    hash,
  }
}
