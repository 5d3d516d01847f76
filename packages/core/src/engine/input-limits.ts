/**
 * Deterministic input is not an outage: what a command carries is checked before the store is
 * touched, so that a value no database can hold (U+0000, a lone surrogate, a megabyte key, a
 * payload over the packet size) comes back as `INVALID_INPUT` naming the field and the limit —
 * not as `STORE_UNAVAILABLE`, which a client would retry forever.
 *
 * @module
 */
import { FengqiaoError } from '../errors.js'

/** Size limits on what a command carries. Every value a positive whole number. */
export interface InputLimits {
  /**
   * Largest payload (event or start input) as UTF-8 JSON, in bytes. Keeps every commit below
   * MySQL's `max_allowed_packet` (16 MiB by default, 4 MiB on older servers) with room for the
   * history and snapshot that repeat it.
   *
   * @defaultValue 262_144 (256 KiB)
   */
  readonly payloadBytes?: number
  /**
   * Longest string (and property name) anywhere in a payload, in UTF-16 code units.
   *
   * @defaultValue 65_536
   */
  readonly stringLength?: number
  /**
   * Deepest nesting of objects and arrays in a payload.
   *
   * @defaultValue 32
   */
  readonly depth?: number
  /**
   * Longest identifier a command names: org unit, business key, idempotency key, instance id.
   * These are indexed columns (at most 191 characters on MySQL).
   *
   * @defaultValue 128
   */
  readonly keyLength?: number
}

/** The defaults of {@link InputLimits}. */
export const DEFAULT_INPUT_LIMITS: Readonly<Required<InputLimits>> = {
  payloadBytes: 262_144,
  stringLength: 65_536,
  depth: 32,
  keyLength: 128,
}

/**
 * Checks and completes the engine's `limits` option.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a limit that is not a positive whole number
 * @internal
 */
export function inputLimitsOf(given: InputLimits | undefined): Required<InputLimits> {
  if (given !== undefined && (typeof given !== 'object' || given === null)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      'limits must be an object such as { payloadBytes: 262144, stringLength: 65536, depth: 32, keyLength: 128 }.',
    )
  }
  const out = { ...DEFAULT_INPUT_LIMITS }
  for (const key of Object.keys(DEFAULT_INPUT_LIMITS) as (keyof InputLimits)[]) {
    const v = given?.[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new FengqiaoError('INVALID_OPTIONS', `limits.${key} must be a positive whole number; got ${String(v)}.`, {
        option: `limits.${key}`,
      })
    }
    out[key] = v
  }
  return out
}

function refuse(field: string, problem: string, details: Record<string, unknown> = {}): never {
  throw new FengqiaoError('INVALID_INPUT', `${field} ${problem}`, { field, ...details })
}

/**
 * Why a string cannot be stored, or undefined: U+0000 (PostgreSQL text cannot hold it) and lone
 * surrogates (not encodable in UTF-8: MySQL refuses them, others would store U+FFFD).
 */
function unstorable(s: string): string | undefined {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0) return `contains U+0000 at index ${i}, which the databases cannot store`
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++
        continue
      }
      return `contains a lone surrogate at index ${i} (not valid Unicode)`
    }
    if (c >= 0xdc00 && c <= 0xdfff) return `contains a lone surrogate at index ${i} (not valid Unicode)`
  }
  return undefined
}

/**
 * Checks one string the command carries.
 *
 * @throws {FengqiaoError} INVALID_INPUT naming `field` when it is too long or not storable
 */
export function checkString(field: string, s: string, max: number, limitName: string): void {
  if (s.length > max)
    refuse(field, `is ${s.length} characters long; the limit (${limitName}) is ${max}.`, {
      limit: limitName,
      max,
      length: s.length,
    })
  const why = unstorable(s)
  if (why !== undefined) refuse(field, `${why}.`)
}

/**
 * Checks an identifier option: absent, or a non-empty string within `keyLength`.
 *
 * @throws {FengqiaoError} INVALID_INPUT naming the option
 * @internal
 */
export function checkKey(field: string, value: unknown, limits: Required<InputLimits>): void {
  if (value === undefined) return
  if (typeof value !== 'string' || value === '') refuse(field, `must be a non-empty string; got ${describe(value)}.`)
  checkString(field, value, limits.keyLength, 'limits.keyLength')
}

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'an array'
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof v} ${String(v)}`
    default:
      return typeof v === 'object' ? 'an object' : String(typeof v)
  }
}

/**
 * Checks that a payload is JSON the stores can hold: no cycles, functions, symbols, BigInts or
 * non-finite numbers; strings storable and within `stringLength`; nesting within `depth`; the
 * whole within `payloadBytes` as UTF-8 JSON.
 *
 * @param field - how the message names the payload (`'event'`, `'input'`)
 * @throws {FengqiaoError} INVALID_INPUT naming the path within the payload and the limit
 * @internal
 */
export function checkPayload(field: string, value: unknown, limits: Required<InputLimits>): void {
  const onPath = new Set<object>()
  const walk = (v: unknown, path: string, depth: number): void => {
    switch (typeof v) {
      case 'string':
        checkString(path, v, limits.stringLength, 'limits.stringLength')
        return
      case 'number':
        if (!Number.isFinite(v)) refuse(path, `is ${String(v)}, which JSON cannot hold.`)
        return
      case 'boolean':
      case 'undefined':
        return
      case 'bigint':
        return refuse(path, 'is a BigInt, which JSON cannot hold: send it as a string.')
      case 'function':
      case 'symbol':
        return refuse(path, `is a ${typeof v}, which JSON cannot hold.`)
    }
    if (v === null || v instanceof Date) return
    const o = v as object
    if (depth >= limits.depth)
      refuse(path, `nests deeper than ${limits.depth} levels (limits.depth).`, {
        limit: 'limits.depth',
        max: limits.depth,
      })
    if (onPath.has(o)) refuse(path, 'refers back to an enclosing object (a cycle), which JSON cannot hold.')
    onPath.add(o)
    if (Array.isArray(o)) o.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1))
    else
      for (const [k, item] of Object.entries(o)) {
        checkString(`${path} key ${JSON.stringify(k.slice(0, 40))}`, k, limits.stringLength, 'limits.stringLength')
        walk(item, `${path}.${k}`, depth + 1)
      }
    onPath.delete(o)
  }
  walk(value, field, 0)
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8')
  if (bytes > limits.payloadBytes)
    refuse(field, `is ${bytes} bytes as JSON; the limit (limits.payloadBytes) is ${limits.payloadBytes}.`, {
      limit: 'limits.payloadBytes',
      max: limits.payloadBytes,
      bytes,
    })
}

/**
 * Checks the options every command shares: an object, a well-formed actor, a string idempotency
 * key within `keyLength`.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a missing options object or actor; INVALID_INPUT for a malformed field
 * @internal
 */
export function checkCommandOptions(method: string, options: unknown, limits: Required<InputLimits>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `${method}() needs options with at least { actor }; got ${describe(options)}.`,
    )
  }
  const o = options as Record<string, unknown>
  const actor = o.actor as Record<string, unknown> | null | undefined
  if (typeof actor !== 'object' || actor === null || Array.isArray(actor)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `options.actor must be { id: string, roles: string[], orgUnit?: string }; got ${describe(actor)}.`,
      { field: 'options.actor' },
    )
  }
  if (typeof actor.id === 'string') checkString('options.actor.id', actor.id, limits.keyLength, 'limits.keyLength')
  if (typeof actor.orgUnit === 'string')
    checkString('options.actor.orgUnit', actor.orgUnit, limits.keyLength, 'limits.keyLength')
  if (Array.isArray(actor.roles))
    actor.roles.forEach(
      (r, i) =>
        typeof r === 'string' && checkString(`options.actor.roles[${i}]`, r, limits.keyLength, 'limits.keyLength'),
    )
  checkKey('options.idempotencyKey', o.idempotencyKey, limits)
}

/**
 * Checks `start()` before anything is read or written: options, org unit (a unit of the
 * configured tree, when there is one), business key and the start input.
 *
 * @param knownUnit - whether an org unit is in the tree, or undefined when no tree is configured
 * @throws {FengqiaoError} INVALID_OPTIONS or INVALID_INPUT naming the field
 * @internal
 */
export function checkStart(
  input: unknown,
  options: unknown,
  limits: Required<InputLimits>,
  knownUnit: ((id: string) => boolean) | undefined,
): void {
  checkCommandOptions('start', options, limits)
  const o = options as Record<string, unknown>
  checkKey('options.orgUnit', o.orgUnit, limits)
  if (typeof o.orgUnit === 'string' && knownUnit !== undefined && !knownUnit(o.orgUnit)) {
    refuse('options.orgUnit', `is ${describe(o.orgUnit)}, which is not a unit of the engine's orgUnits tree.`, {
      orgUnit: o.orgUnit,
    })
  }
  checkKey('options.businessKey', o.businessKey, limits)
  if (o.version !== undefined && (typeof o.version !== 'number' || !Number.isSafeInteger(o.version) || o.version < 1))
    refuse('options.version', `must be a positive whole number; got ${describe(o.version)}.`)
  checkPayload('input', input, limits)
}

/**
 * Checks `send()` before anything is read or written: instance id, options, expected version
 * and the event.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS or INVALID_INPUT naming the field
 * @internal
 */
export function checkSend(instanceId: unknown, event: unknown, options: unknown, limits: Required<InputLimits>): void {
  if (typeof instanceId !== 'string' || instanceId === '')
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `An instance id must be a non-empty string; got ${describe(instanceId)}.`,
      { field: 'instanceId' },
    )
  checkString('instanceId', instanceId, limits.keyLength, 'limits.keyLength')
  checkCommandOptions('send', options, limits)
  const expected = (options as Record<string, unknown>).expectedVersion
  if (expected !== undefined && (typeof expected !== 'number' || !Number.isSafeInteger(expected) || expected < 0)) {
    refuse('options.expectedVersion', `must be a whole number (the version read); got ${describe(expected)}.`)
  }
  checkPayload('event', event, limits)
}
