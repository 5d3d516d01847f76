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
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`
  }
  const obj = value as Record<string, unknown>
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`
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
