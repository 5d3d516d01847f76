/**
 * What a reader or an effect handler sees of personal values: in clear, redacted, or — for an
 * effect that declared its need — only what it needs.
 *
 * @module
 * @internal
 */
import type { OutboxMessage, HistoryEntry, Json } from '../store/types.js'
import { mapPaths, markerOf } from './paths.js'
import { eventPaths, REDACTED, replaceMarkers, type Privacy } from './privacy.js'
import type { PersonalFields } from './types.js'

// An erased value shows as erased; its digest is for the chain, not for readers.
const ERASED: Json = Object.freeze({ $fq: 'erased' })
const redact = (v: Json): Json => (markerOf(v) === 'erased' ? ERASED : REDACTED)
const showErased = (v: Json): Json => replaceMarkers(v, 'erased', () => ERASED)

/** A context as a reader sees it: personal values in clear (`clear`) or redacted. */
export function contextView(personal: PersonalFields | undefined, context: Json, clear: boolean): Json {
  if (personal === undefined) return context
  return clear ? showErased(context) : mapPaths(context, personal.context ?? [], redact)
}

/**
 * A history entry as a reader sees it: sealed values opened (`clear`) or redacted.
 *
 * @throws {FengqiaoError} KEY_UNAVAILABLE when a value to open is sealed with a missing key
 */
export function entryView(
  personal: PersonalFields | undefined,
  privacy: Privacy | undefined,
  h: HistoryEntry,
  clear: boolean,
): HistoryEntry {
  if (personal === undefined) return h
  const event = clear
    ? showErased(privacy === undefined ? h.event : privacy.openAll(h.instanceId, h.event))
    : mapPaths(h.event, eventPaths(personal, h.kind, h.event), redact)
  return event === h.event ? h : { ...h, event }
}

/** The event and context an effect handler receives. */
export function effectView(
  personal: PersonalFields | undefined,
  m: OutboxMessage,
  needs: readonly string[] | undefined,
): { event: Json; context: Json } {
  if (personal === undefined) return { event: m.event, context: m.context }
  const isStart =
    typeof m.event === 'object' && m.event !== null && !Array.isArray(m.event) && m.event.type === 'xstate.init'
  const event = mapPaths(m.event, eventPaths(personal, isStart ? 'started' : 'event', m.event), redact)
  if (needs === undefined) return { event, context: mapPaths(m.context, personal.context ?? [], redact) }
  return { event, context: pickPaths(m.context, needs) }
}

/** Only the values at the given paths, in an object of the same shape. */
export function pickPaths(root: Json, paths: readonly string[]): Json {
  let out: Json = {}
  for (const p of paths) {
    mapPaths(root, [p], (v, at) => {
      out = setAt(out, at.split('.'), 0, showErased(v))
      return v
    })
  }
  return out
}

function setAt(node: Json, parts: readonly string[], i: number, v: Json): Json {
  if (i === parts.length) return v
  const part = parts[i] as string
  const nextIsIndex = /^\d+$/.test(parts[i + 1] ?? '')
  if (Array.isArray(node)) {
    const copy = [...node]
    const idx = Number(part)
    while (copy.length < idx) copy.push(null)
    copy[idx] = setAt(copy[idx] ?? (nextIsIndex ? [] : {}), parts, i + 1, v)
    return copy
  }
  const obj = typeof node === 'object' && node !== null ? node : {}
  return { ...obj, [part]: setAt(obj[part] ?? (nextIsIndex ? [] : {}), parts, i + 1, v) }
}
