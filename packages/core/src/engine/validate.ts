/**
 * Validation of what callers send: start input and events, against the process's schemas.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition, EventPolicy } from '../process/define-process.js'
import { formatIssues } from '../process/parameters.js'

/**
 * The start input parsed by the process's input schema (as given when it declares none).
 *
 * @throws {FengqiaoError} INVALID_EVENT listing the issues
 */
export function parseStartInput(def: AnyProcessDefinition, input: unknown): unknown {
  if (def.input === undefined) return input
  const r = def.input.safeParse(input)
  if (!r.success)
    throw new FengqiaoError(
      'INVALID_EVENT',
      `The start input of "${def.id}" is invalid: ${formatIssues(r.error.issues)}.`,
      { processId: def.id, issues: r.error.issues },
    )
  return r.data
}

/** A validated event: its type and parsed payload. */
export interface ValidEvent {
  readonly type: string
  readonly [key: string]: unknown
}

/**
 * An event `{ type, ...payload }` checked against the process's event policies and parsed by
 * the event's schema.
 *
 * @throws {FengqiaoError} INVALID_EVENT for a malformed, unknown or invalid event;
 *   INVALID_DEFINITION when the schema does not produce an object
 */
export function validateEvent(def: AnyProcessDefinition, event: unknown): ValidEvent {
  if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
    throw new FengqiaoError(
      'INVALID_EVENT',
      'An event must be an object with a string `type`, like { type: "SUBMIT", ...payload }.',
      { processId: def.id },
    )
  }
  const { type, ...payload } = event as { type: string; [k: string]: unknown }
  const policy: EventPolicy | undefined = Object.hasOwn(def.events, type) ? def.events[type] : undefined
  if (policy === undefined) {
    throw new FengqiaoError(
      'INVALID_EVENT',
      `Process "${def.id}" has no event "${type}" (known: ${Object.keys(def.events).join(', ')}).`,
      { processId: def.id, type, known: Object.keys(def.events) },
    )
  }
  const r = policy.schema.safeParse(payload)
  if (!r.success) {
    throw new FengqiaoError('INVALID_EVENT', `Event ${type} is invalid: ${formatIssues(r.error.issues)}.`, {
      processId: def.id,
      type,
      issues: r.error.issues,
    })
  }
  if (typeof r.data !== 'object' || r.data === null || Array.isArray(r.data)) {
    throw new FengqiaoError('INVALID_DEFINITION', `The schema of event ${type} must produce an object payload.`, {
      processId: def.id,
      type,
    })
  }
  return { ...(r.data as Record<string, unknown>), type }
}
