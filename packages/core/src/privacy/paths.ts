/**
 * Dot paths into plain JSON (`petitioner.phone`, `parties.*.phone`): reading and rewriting the
 * values a process declares personal.
 *
 * @module
 * @internal
 */
import type { Json } from '../store/types.js'

/** A marker the engine writes in place of a personal value (`enc`, `erased`, `redacted`, `digest`). */
export function markerOf(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined
  const m = (v as { $fq?: unknown }).$fq
  return typeof m === 'string' ? m : undefined
}

/**
 * Rewrites every value at the given paths (absent values are left absent), copying only what
 * changes. `fn` gets the value and the concrete path.
 */
export function mapPaths(root: Json, paths: readonly string[], fn: (value: Json, path: string) => Json): Json {
  let out = root
  for (const p of paths) out = mapPath(out, p.split('.'), 0, '', fn)
  return out
}

function mapPath(
  node: Json,
  parts: readonly string[],
  i: number,
  at: string,
  fn: (value: Json, path: string) => Json,
): Json {
  if (i === parts.length) return fn(node, at)
  if (typeof node !== 'object' || node === null || markerOf(node) !== undefined) return node
  const part = parts[i] as string
  const here = (k: string): string => (at === '' ? k : `${at}.${k}`)
  if (Array.isArray(node)) {
    if (part !== '*' && !/^\d+$/.test(part)) return node
    let copy: Json[] | undefined
    node.forEach((child, idx) => {
      if (part !== '*' && Number(part) !== idx) return
      const next = mapPath(child, parts, i + 1, here(String(idx)), fn)
      if (next !== child) (copy ??= [...node])[idx] = next
    })
    return copy ?? node
  }
  let copy: Record<string, Json> | undefined
  for (const k of part === '*' ? Object.keys(node) : [part]) {
    if (!Object.hasOwn(node, k) || node[k] === undefined) continue
    const child = node[k]
    const next = mapPath(child, parts, i + 1, here(k), fn)
    if (next !== child) (copy ??= { ...node })[k] = next
  }
  return copy ?? node
}

/** Replaces every engine marker that carries a digest by the bare digest (for hashing). */
export function digestsOf(v: Json): Json {
  if (typeof v !== 'object' || v === null) return v
  if (Array.isArray(v)) {
    let copy: Json[] | undefined
    v.forEach((c, i) => {
      const n = digestsOf(c)
      if (n !== c) (copy ??= [...v])[i] = n
    })
    return copy ?? v
  }
  const m = markerOf(v)
  if ((m === 'enc' || m === 'erased' || m === 'digest') && typeof v.d === 'string')
    return m === 'digest' ? v : { $fq: 'digest', d: v.d }
  let copy: Record<string, Json> | undefined
  for (const [k, c] of Object.entries(v)) {
    const n = digestsOf(c)
    if (n !== c) (copy ??= { ...v })[k] = n
  }
  return copy ?? v
}
