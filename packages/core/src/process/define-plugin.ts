/**
 * Plugins: one named object bundling processes, effect handlers and interceptors.
 *
 * @module
 */
import type { FengqiaoPlugin } from '../engine/types.js'

/**
 * Declares a plugin. An identity function that gives the object its type, so that a plugin
 * written in its own package is checked where it is written.
 *
 * @param plugin - name, processes, effect handlers, interceptors
 * @returns the same plugin
 * @example
 * ```ts
 * export const smsPlugin = definePlugin({
 *   name: 'sms',
 *   effects: { notifyPetitioner: async (m) => sms.send(m.params, { dedupeId: m.id }) },
 * })
 * ```
 */
export function definePlugin<const P extends FengqiaoPlugin>(plugin: P): P {
  return plugin
}
