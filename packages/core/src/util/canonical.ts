/**
 * Canonical JSON and hashing for the history chain and idempotency fingerprints.
 *
 * @module
 */
import { createHash } from 'node:crypto'

/**
 * Serializes a JSON value with object keys sorted at every level, so that equal values always
 * give the same text (and the same hash), whatever the key order a database returned.
 *
 * @param value - a JSON-safe value (`undefined` object properties are dropped, as in JSON)
 * @returns the canonical JSON text
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null'
  }
  if (Array.isArray(value)) {
    let out = '['
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i]
      if (i > 0) out += ','
      out += v === undefined ? 'null' : canonicalJson(v)
    }
    return `${out}]`
  }
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj).sort()
  let out = '{'
  let first = true
  for (const k of keys) {
    const v = obj[k]
    if (v === undefined) continue
    out += `${first ? '' : ','}${JSON.stringify(k)}:${canonicalJson(v)}`
    first = false
  }
  return `${out}}`
}

/**
 * SHA-256 of a string, hex encoded.
 *
 * @param text - UTF-8 text
 * @returns 64 hex characters
 */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
