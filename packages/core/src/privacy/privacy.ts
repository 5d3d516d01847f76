/**
 * Where personal values are sealed and opened. Values are sealed on their way into the store —
 * the instance's context, the history entry's event, an outbox message — and opened on their way
 * out for the engine's own work and for authorized readers. The history chain covers each value's
 * keyed digest, never the value, so an erased value leaves the chain intact.
 *
 * @module
 * @internal
 */
import type { AnyProcessDefinition } from '../process/define-process.js'
import type { ChangeSet, HistoryEntry, HistoryKind, Json, OutboxMessage, StoredInstance } from '../store/types.js'
import type { Keyring } from './keyring.js'
import { mapPaths, markerOf } from './paths.js'
import type { PersonalFields, SealedValue } from './types.js'

/** The marker an unauthorized reader sees. */
export const REDACTED: Json = Object.freeze({ $fq: 'redacted' })

/** Personal paths of a history entry's event (or an outbox message's event). */
export function eventPaths(personal: PersonalFields | undefined, kind: HistoryKind, event: Json): readonly string[] {
  if (personal === undefined || typeof event !== 'object' || event === null || Array.isArray(event)) return []
  if (kind === 'started') return (personal.input ?? []).map((p) => `input.${p}`)
  const type = event.type
  return typeof type === 'string' && personal.events !== undefined && Object.hasOwn(personal.events, type)
    ? (personal.events[type] ?? [])
    : []
}

/** Replaces every marker of a kind anywhere in a value. */
export function replaceMarkers(v: Json, marker: string, fn: (m: Record<string, Json>) => Json): Json {
  if (typeof v !== 'object' || v === null) return v
  if (markerOf(v) === marker) return fn(v as Record<string, Json>)
  if (Array.isArray(v)) {
    let copy: Json[] | undefined
    v.forEach((c, i) => {
      const n = replaceMarkers(c, marker, fn)
      if (n !== c) (copy ??= [...v])[i] = n
    })
    return copy ?? v
  }
  let copy: Record<string, Json> | undefined
  for (const [k, c] of Object.entries(v)) {
    const n = replaceMarkers(c, marker, fn)
    if (n !== c) (copy ??= { ...v })[k] = n
  }
  return copy ?? v
}

/** Seals and opens personal values for one engine. */
export class Privacy {
  constructor(
    readonly keyring: Keyring,
    readonly definition: (processId: string, version?: number) => AnyProcessDefinition | undefined,
  ) {}

  #personal(processId: string, version: number): PersonalFields | undefined {
    return this.definition(processId, version)?.personal
  }

  // Only a tombstone stays as it is: anything else at a personal path — even a value shaped like
  // a sealed one, sent by a caller — is a value to seal.
  #seal(instanceId: string, v: Json): Json {
    return markerOf(v) === 'erased'
      ? v
      : (this.keyring.seal(instanceId, v, this.keyring.digest(instanceId, v)) as unknown as Json)
  }

  /**
   * The entry as its hash covers it: each personal value replaced by its digest. Applied by the
   * planner before hashing; `verify` gets the same from the sealed entry.
   */
  digestView(def: AnyProcessDefinition, body: Omit<HistoryEntry, 'hash'>): Omit<HistoryEntry, 'hash'> {
    const paths = eventPaths(def.personal, body.kind, body.event)
    if (paths.length === 0) return body
    const event = mapPaths(body.event, paths, (v) =>
      markerOf(v) === 'erased' ? v : { $fq: 'digest', d: this.keyring.digest(body.instanceId, v) },
    )
    return { ...body, event }
  }

  /** A change set as the store receives it: every personal value sealed. */
  sealChange(change: ChangeSet): ChangeSet {
    const versions = new Map(change.instances.map((w) => [w.row.id, w.row]))
    const instances = change.instances.map((w) => ({ ...w, row: this.sealRow(w.row) }))
    const history = change.history.map((h) => {
      const row = versions.get(h.instanceId)
      const personal = row === undefined ? undefined : this.#personal(row.processId, row.processVersion)
      const paths = eventPaths(personal, h.kind, h.event)
      return paths.length === 0 ? h : { ...h, event: mapPaths(h.event, paths, (v) => this.#seal(h.instanceId, v)) }
    })
    const outbox = change.outbox?.map((m) => this.#sealMessage(m, versions.get(m.instanceId)))
    return { ...change, instances, history, ...(outbox === undefined ? {} : { outbox }) }
  }

  /** An instance row with its personal context values sealed. */
  sealRow(row: StoredInstance): StoredInstance {
    const paths = this.#personal(row.processId, row.processVersion)?.context ?? []
    if (paths.length === 0) return row
    const snap = row.snapshot as Record<string, Json>
    const context = mapPaths(snap.context ?? null, paths, (v) => this.#seal(row.id, v))
    return context === snap.context ? row : { ...row, snapshot: { ...snap, context } }
  }

  #sealMessage(m: OutboxMessage, row: StoredInstance | undefined): OutboxMessage {
    const personal =
      row === undefined ? this.#personalOfProcess(m.processId) : this.#personal(row.processId, row.processVersion)
    if (personal === undefined) return m
    const isStart =
      typeof m.event === 'object' && m.event !== null && !Array.isArray(m.event) && m.event.type === 'xstate.init'
    const context = mapPaths(m.context, personal.context ?? [], (v) => this.#seal(m.instanceId, v))
    const event = mapPaths(m.event, eventPaths(personal, isStart ? 'started' : 'event', m.event), (v) =>
      this.#seal(m.instanceId, v),
    )
    // Action parameters are free-form: they may carry anything from the case, so they are sealed whole.
    const params = m.params === null ? null : this.#seal(m.instanceId, m.params)
    return { ...m, context, event, params }
  }

  #personalOfProcess(processId: string): PersonalFields | undefined {
    return this.definition(processId)?.personal
  }

  /**
   * Opens every sealed value in a stored value.
   *
   * @throws {FengqiaoError} KEY_UNAVAILABLE
   */
  openAll(instanceId: string, v: Json): Json {
    return replaceMarkers(v, 'enc', (m) => this.keyring.open(instanceId, m as unknown as SealedValue))
  }

  /** An instance row with its context opened. */
  openRow(row: StoredInstance): StoredInstance {
    const snap = row.snapshot as Record<string, Json>
    const context = this.openAll(row.id, snap.context ?? null)
    return context === snap.context ? row : { ...row, snapshot: { ...snap, context } }
  }

  /** An outbox message opened for delivery. */
  openMessage(m: OutboxMessage): OutboxMessage {
    return {
      ...m,
      context: this.openAll(m.instanceId, m.context),
      event: this.openAll(m.instanceId, m.event),
      params: this.openAll(m.instanceId, m.params),
    }
  }
}
