import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../src/util/canonical.js'

/** The reference: the plain recursive definition (keys in string order, undefined dropped). */
function reference(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null'
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : reference(x))).join(',')}]`
  const o = v as Record<string, unknown>
  const keys = Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(o[k])}`).join(',')}}`
}

/** A fixed-seed generator of JSON-ish values (with undefined properties and array slots). */
function generator(seed: number) {
  let s = seed
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
  const keys = ['b', 'a', 'z', '名', 'a b', '"q"', '10', '2', 'A']
  const value = (depth: number): unknown => {
    const r = next()
    if (depth > 3 || r < 0.3) {
      const leaves = [null, true, false, 0, -1.5, 1e21, 'text', '调休', 'quote"\\', '', undefined]
      return leaves[Math.floor(next() * leaves.length)]
    }
    if (r < 0.6) return Array.from({ length: Math.floor(next() * 4) }, () => value(depth + 1))
    const o: Record<string, unknown> = {}
    for (let i = Math.floor(next() * 5); i > 0; i--)
      o[keys[Math.floor(next() * keys.length)] as string] = value(depth + 1)
    return o
  }
  return value
}

describe('canonicalJson', () => {
  it('is JSON with keys in string order at every level and undefined properties dropped, for 2,000 generated values', () => {
    const value = generator(42)
    for (let i = 0; i < 2000; i++) {
      const v = value(0)
      expect(canonicalJson(v)).toBe(reference(v))
      // Valid JSON that parses back to the value (undefined properties dropped).
      if (v !== undefined) expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)))
    }
  })

  it('gives one text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }),
    )
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}')
    expect(canonicalJson([undefined, { u: undefined }])).toBe('[null,{}]')
  })
})
