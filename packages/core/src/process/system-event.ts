/**
 * Events only the engine sends: a deadline's expiry or escalation, a linked case's result.
 *
 * @module
 */
import { z } from 'zod'
import type { EventPolicy, Labels } from './define-process.js'

/** The role name system events carry, so a definition still lists who sends them. */
export const SYSTEM_ROLE = 'system'

const EMPTY = z.object({})

/**
 * The policy of an event only the engine sends (`system: true`), without a payload, as a
 * deadline's expiry: callers are refused whatever roles they claim.
 *
 * @returns an event policy for `defineProcess({ events })`
 * @example
 * ```ts
 * const events = { CLOSE: { schema: z.object({}), roles: ['clerk'] }, CLOSE_OVERDUE: systemEvent() }
 * ```
 */
export function systemEvent(): EventPolicy<typeof EMPTY> & {
  readonly roles: readonly ['system']
  readonly system: true
}
/**
 * The policy of an event only the engine sends (`system: true`), with a payload schema (a linked
 * case's result) and a label.
 *
 * @param options - the payload schema (an empty object when omitted) and the event's label
 * @returns an event policy for `defineProcess({ events })`
 * @example
 * ```ts
 * const events = { CHILD_DONE: systemEvent({ schema: z.object({ outcome: z.string().optional() }) }) }
 * ```
 */
export function systemEvent<S extends z.ZodType = typeof EMPTY>(options: {
  readonly schema?: S
  readonly label?: Labels
}): EventPolicy<S> & { readonly roles: readonly ['system']; readonly system: true }
export function systemEvent(options: { readonly schema?: z.ZodType; readonly label?: Labels } = {}): EventPolicy {
  return Object.freeze({
    schema: options.schema ?? EMPTY,
    roles: [SYSTEM_ROLE] as const,
    system: true as const,
    ...(options.label === undefined ? {} : { label: options.label }),
  })
}
