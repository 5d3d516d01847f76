/**
 * Reading a case's state without parsing state keys.
 *
 * @module
 */
import type { StateValue } from 'xstate'

/**
 * Whether a case is in a state, or in a state nested in it: `matches(view, 'handling')` is true
 * in `handling` and in `handling.extended`; a parallel region matches by its own path.
 *
 * @param view - anything with a state value (`engine.get`, a command's summary, `instances()` items)
 * @param path - a dotted path of state keys, for example `'handling.extended'`
 * @returns true when the state value contains the path
 * @example
 * ```ts
 * if (matches(await engine.get(id, { actor }), 'handling.extended')) notifyPetitioner()
 * ```
 */
export function matches(view: { readonly state: StateValue }, path: string): boolean {
  let value: StateValue | undefined = view.state
  for (const key of path.split('.')) {
    if (value === undefined) return false
    if (typeof value === 'string') {
      if (value !== key) return false
      value = undefined
      continue
    }
    if (!Object.hasOwn(value, key)) return false
    value = value[key]
  }
  return true
}
