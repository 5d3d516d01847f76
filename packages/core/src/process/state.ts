/**
 * Reading where a case is from its state value, the same way for every process.
 *
 * @module
 */
import { matchesState, type StateValue } from 'xstate'

/** Something with a state value: an instance view, a start or send result, or the value itself. */
export type HasState = StateValue | { readonly state: StateValue }

const valueOf = (v: HasState): StateValue =>
  typeof v === 'object' && v !== null && 'state' in v && (typeof v.state === 'string' || typeof v.state === 'object')
    ? v.state
    : v

/**
 * Whether a case is in a state: the dot path from the machine root (`'procedure.handling.extended'`),
 * or a parent of the active state (`'procedure.handling'` matches `handling.extended`). In a parallel
 * machine, each region is matched on its own.
 *
 * @param view - an instance view (`engine.get`), a send result, or a state value
 * @param path - the state path
 * @returns true when the state (or one of its descendants) is active
 * @example
 * ```ts
 * if (matches(await engine.get(id), 'procedure.handling.extended')) …
 * ```
 */
export function matches(view: HasState, path: string): boolean {
  if (typeof path !== 'string' || path === '') return false
  return matchesState(path, valueOf(view))
}

/**
 * The active path inside one region (or compound state): `stateIn(view, 'procedure')` is
 * `'handling.extended'` while `procedure.handling.extended` is active. Gives `''` when the region
 * is not active; `stateIn(view)` gives the whole path of a machine that is not parallel.
 *
 * @param view - an instance view, a send result, or a state value
 * @param region - the region's path from the root (`'procedure'`, `'open.grade'`)
 * @returns the dot path below the region
 * @example
 * ```ts
 * stateIn({ procedure: { handling: 'extended' }, supervision: 'watching' }, 'procedure') // 'handling.extended'
 * ```
 */
export function stateIn(view: HasState, region?: string): string {
  let v: StateValue | undefined = valueOf(view)
  for (const key of region === undefined || region === '' ? [] : region.split('.')) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, key)) return ''
    v = v[key]
  }
  const parts: string[] = []
  while (v !== undefined) {
    if (typeof v === 'string') {
      parts.push(v)
      break
    }
    const keys = Object.keys(v)
    // A parallel state has no single path: stop at it.
    if (keys.length !== 1) break
    const [k] = keys as [string]
    parts.push(k)
    v = v[k]
  }
  return parts.join('.')
}
