/**
 * Erasure and retention: the administrative operations on personal data. Both keep `verify`
 * passing — erasure leaves each value's digest, which is what the chain covers; purge removes a
 * case with its whole chain.
 *
 * @module
 * @internal
 */
import { parseDuration } from '../clock.js'
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import type { HistoryEntry, Json, StoredInstance } from '../store/types.js'
import { authorizeAdmin, checkReason } from '../engine/authorize.js'
import { checkOptions } from '../engine/commands.js'
import { ensureOpen, loadInstance, type EngineCore } from '../engine/core.js'
import { historyEntry, summaryOf } from '../engine/plan/index.js'
import { actorJson } from '../engine/plan/row.js'
import { sealEntry } from '../integrity/seal.js'
import type { InstanceSummary } from '../engine/types.js'
import { mapPaths, markerOf } from './paths.js'
import { eventPaths, replaceMarkers, type Privacy } from './privacy.js'
import type { EraseOptions, PurgeOptions, RekeyOptions, SealedValue } from './types.js'

/** The rules of the privacy operations, fixed when the engine is created. */
export interface PrivacyRules {
  readonly adminRoles: readonly string[]
  /** Retention of closed cases in milliseconds, if configured. */
  readonly retentionMs: number | undefined
}

/**
 * Reads the retention option.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a duration that is not positive
 */
export function retentionOf(retention: number | string | undefined): number | undefined {
  if (retention === undefined) return undefined
  const ms = parseDuration(retention)
  if (!(ms > 0))
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `privacy.retention must be a positive duration; got ${String(retention)}.`,
      { retention: String(retention) },
    )
  return ms
}

/**
 * Erases personal values of a case: in its context and in every history entry, each becomes a
 * tombstone `{ $fq: 'erased', d }` keeping the digest the chain covers. Audited as an `erased`
 * history entry (actor, fields, reason) and an `admin` observation event.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN without a privacy admin role, NOT_FOUND,
 *   KEY_UNAVAILABLE, or the store's errors
 */
export async function runErase(
  core: EngineCore,
  rules: PrivacyRules,
  instanceId: string,
  options: EraseOptions,
): Promise<InstanceSummary> {
  ensureOpen(core)
  checkOptions(options, 'erase')
  authorizeAdmin(rules.adminRoles, options.actor, 'erase')
  checkReason(options.reason, 'erase')
  if (core.privacy === undefined) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      "erase() needs the engine's privacy option: without keys, personal values are in the history chain in clear and cannot be erased from it.",
      { instanceId },
    )
  }
  for (let retries = 0; ; retries++) {
    const row = await loadInstance(core, instanceId)
    const def = core.registry.definition(row.processId, row.processVersion)
    const declared = def.personal?.context ?? []
    const asked: unknown = options.fields ?? declared
    if (!Array.isArray(asked) || asked.some((f) => typeof f !== 'string' || !declared.includes(f))) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `erase() fields must be personal context paths of "${def.id}" (declared: ${declared.join(', ') || 'none'}).`,
        { instanceId, declared: [...declared] },
      )
    }
    const keyring = core.privacy.keyring
    // The context is read opened: its values are clear (or already erased). History is read as
    // stored: its values are sealed, and keep the digest their entry's hash covers.
    const erasedValue = (v: Json): Json =>
      markerOf(v) === 'erased' ? v : { $fq: 'erased', d: keyring.digest(row.id, v) }
    const erasedEntryValue = (v: Json): Json =>
      markerOf(v) === 'enc' ? { $fq: 'erased', d: (v as { d: string }).d } : erasedValue(v)
    const fields = asked as readonly string[]
    const snap = row.snapshot as Record<string, Json>
    const context = mapPaths(snap.context ?? null, fields, erasedValue)
    // All fields: every personal value of the history goes. Some: those whose path in the input or
    // the event payload is one of them (event payloads name their fields as they like).
    const all = options.fields === undefined
    const rewrites: { seq: number; event: Json }[] = []
    for (const h of await core.store.history(instanceId)) {
      const prefix = h.kind === 'started' ? 'input.' : ''
      const paths = eventPaths(def.personal, h.kind, h.event).filter(
        (p) => all || fields.includes(p.slice(prefix.length)),
      )
      const event = mapPaths(h.event, paths, erasedEntryValue)
      if (event !== h.event) rewrites.push({ seq: h.seq, event })
    }
    const now = core.clock.now()
    const body: Omit<HistoryEntry, 'hash'> = {
      instanceId,
      seq: row.historySeq + 1,
      at: now,
      kind: 'erased',
      event: { type: 'fengqiao.erase', fields: [...fields] },
      actor: actorJson(options.actor),
      from: row.stateKey,
      to: row.stateKey,
      version: row.version + 1,
      detail: { reason: options.reason, entries: rewrites.map((r) => r.seq) },
      prevHash: row.historyHash,
    }
    const rowWith = (historyHash: string): StoredInstance => ({
      ...row,
      snapshot: { ...snap, context },
      version: row.version + 1,
      updatedAt: now,
      historySeq: body.seq,
      historyHash,
    })
    // On a keyed chain the entry also covers the digest of the row it leaves (see integrity/).
    const chain = core.integrity.sealing
    const entry = chain === undefined ? historyEntry(body) : sealEntry(chain, body, rowWith(''))
    const next = rowWith(entry.hash)
    try {
      await core.store.rewritePersonal(instanceId, rewrites, {
        instances: [{ row: next, expectedVersion: row.version }],
        history: [entry],
      })
    } catch (e) {
      core.cache.delete(instanceId)
      if (isFengqiaoError(e, 'VERSION_CONFLICT') && retries < core.maxRetries) continue
      throw e
    }
    core.cache.delete(instanceId)
    core.events.emit('admin', { operation: 'erase', actor: options.actor, reason: options.reason, instanceId })
    return summaryOf(next)
  }
}

/**
 * Re-seals every personal value not sealed with the current key and cipher — in each case's
 * context and history — so that retired keys can be dropped. Values and digests are unchanged, so
 * the chain still verifies. Returns how many cases changed.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, KEY_UNAVAILABLE for a value sealed with a
 *   key not given, or the store's errors
 */
export async function runRekey(core: EngineCore, rules: PrivacyRules, options: RekeyOptions): Promise<number> {
  ensureOpen(core)
  checkOptions(options, 'rekey')
  authorizeAdmin(rules.adminRoles, options.actor, 'rekey')
  checkReason(options.reason, 'rekey')
  const privacy = core.privacy
  if (privacy === undefined) throw new FengqiaoError('INVALID_OPTIONS', "rekey() needs the engine's privacy option.")
  const batch = options.batchSize ?? 100
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `batchSize must be a whole number from 1 to 1000; got ${String(batch)}.`,
      { batchSize: String(batch) },
    )
  }
  const { keyring } = privacy
  const stale = (v: Json): boolean => {
    let found = false
    replaceMarkers(v, 'enc', (m) => {
      const s = m as unknown as SealedValue
      if (s.k !== keyring.current || s.c !== keyring.cipher) found = true
      return m
    })
    return found
  }
  let changed = 0
  let cursor: string | undefined
  do {
    const page = await core.store.findInstances({}, { limit: batch, cursor })
    for (const listed of page.items) {
      if (await rekeyCase(core, privacy, listed, stale)) changed++
    }
    cursor = page.nextCursor
  } while (cursor !== undefined)
  core.events.emit('admin', { operation: 'rekey', actor: options.actor, reason: options.reason, instanceId: null })
  return changed
}

// One case: history values re-wrapped in place; the context re-sealed (under the current key) by
// committing the opened row again. `listed` is the row as stored, sealed.
async function rekeyCase(
  core: EngineCore,
  privacy: Privacy,
  listed: StoredInstance,
  stale: (v: Json) => boolean,
): Promise<boolean> {
  const instanceId = listed.id
  for (let retries = 0; ; retries++) {
    const rewrites: { seq: number; event: Json }[] = []
    for (const h of await core.store.history(instanceId)) {
      if (!stale(h.event)) continue
      rewrites.push({
        seq: h.seq,
        event: replaceMarkers(
          h.event,
          'enc',
          (m) => privacy.keyring.rewrap(instanceId, m as unknown as SealedValue) as unknown as Json,
        ),
      })
    }
    const contextStale = stale((listed.snapshot as { context?: Json }).context ?? null)
    if (rewrites.length === 0 && !contextStale) return false
    // The row is written again as it is (same version: no event happened, and the chain's record
    // of the row stays true); the sealing layer re-seals its context under the current key.
    const row = await loadInstance(core, instanceId)
    try {
      await core.store.rewritePersonal(instanceId, rewrites, {
        instances: contextStale ? [{ row, expectedVersion: row.version }] : [],
        history: [],
      })
    } catch (e) {
      core.cache.delete(instanceId)
      if (isFengqiaoError(e, 'VERSION_CONFLICT') && retries < core.maxRetries) continue
      throw e
    }
    core.cache.delete(instanceId)
    return true
  }
}

/**
 * Removes closed cases past retention, with their whole record; returns how many.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS (no retention and no `closedBefore`, or a `closedBefore`
 *   inside the retention period), FORBIDDEN without a privacy admin role, or the store's errors
 */
export async function runPurge(core: EngineCore, rules: PrivacyRules, options: PurgeOptions): Promise<number> {
  ensureOpen(core)
  checkOptions(options, 'purge')
  authorizeAdmin(rules.adminRoles, options.actor, 'purge')
  checkReason(options.reason, 'purge')
  const now = core.clock.now()
  const latest = rules.retentionMs === undefined ? undefined : now - rules.retentionMs
  const given = options.closedBefore instanceof Date ? options.closedBefore.getTime() : options.closedBefore
  if (given !== undefined && (typeof given !== 'number' || !Number.isFinite(given))) {
    throw new FengqiaoError('INVALID_OPTIONS', 'purge() closedBefore must be a Date or epoch milliseconds.', {
      closedBefore: String(options.closedBefore),
    })
  }
  const before = given ?? latest
  if (before === undefined) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      'purge() needs closedBefore, or a retention period in createEngine({ privacy: { retention } }).',
    )
  }
  if (latest !== undefined && before > latest) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `purge() may not remove cases closed within the retention period (closed before ${new Date(latest).toISOString()} at the latest).`,
      { closedBefore: before, latest },
    )
  }
  const batch = options.batchSize ?? 100
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `batchSize must be a whole number from 1 to 1000; got ${String(batch)}.`,
      { batchSize: String(batch) },
    )
  }
  let purged = 0
  for (;;) {
    const ids = await core.store.purge(before, batch)
    for (const id of ids) core.cache.delete(id)
    purged += ids.length
    if (ids.length < batch) break
  }
  core.events.emit('admin', { operation: 'purge', actor: options.actor, reason: options.reason, instanceId: null })
  return purged
}
