/**
 * The processes, effect handlers and interceptors an engine was given, checked once.
 *
 * @module
 * @internal
 */
import type { AnyStateMachine } from 'xstate'
import { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import { CANCELLED_EFFECT } from './plan/types.js'
import type { CommandInterceptor, EffectHandler, EffectWithNeeds, EngineOptions } from './types.js'

/** Registered process definitions by id and version. */
export class Registry {
  readonly #byKey = new Map<string, AnyProcessDefinition>()
  readonly #latest = new Map<string, AnyProcessDefinition>()

  /**
   * @throws {FengqiaoError} INVALID_OPTIONS for an entry not made by `defineProcess`, or one id and
   *   version registered twice with different definitions
   */
  constructor(defs: readonly AnyProcessDefinition[]) {
    for (const d of defs) {
      if (d?.kind !== 'fengqiao.process') {
        throw new FengqiaoError('INVALID_OPTIONS', 'Every entry of `processes` must come from defineProcess().', {
          got: typeof d,
        })
      }
      const key = `${d.id}@${d.version}`
      if (this.#byKey.has(key) && this.#byKey.get(key) !== d) {
        throw new FengqiaoError(
          'INVALID_OPTIONS',
          `Process "${d.id}" version ${d.version} is registered twice with different definitions.`,
          { processId: d.id, version: d.version },
        )
      }
      this.#byKey.set(key, d)
      const cur = this.#latest.get(d.id)
      if (cur === undefined || cur.version < d.version) this.#latest.set(d.id, d)
    }
  }

  /** A registered definition (the given version, or the newest), or undefined. */
  find(processId: string, version?: number): AnyProcessDefinition | undefined {
    return version === undefined ? this.#latest.get(processId) : this.#byKey.get(`${processId}@${version}`)
  }

  /**
   * A registered definition: the given version, or the newest.
   *
   * @throws {FengqiaoError} PROCESS_NOT_REGISTERED naming what is registered
   */
  definition(processId: string, version?: number): AnyProcessDefinition {
    const def = version === undefined ? this.#latest.get(processId) : this.#byKey.get(`${processId}@${version}`)
    if (def === undefined) {
      const known = [...this.#byKey.keys()].sort()
      throw new FengqiaoError(
        'PROCESS_NOT_REGISTERED',
        `No process "${processId}"${version === undefined ? '' : ` version ${version}`} is registered with this engine (registered: ${known.join(', ') || 'none'}). Pass it to createEngine({ processes }) or through a plugin.`,
        { processId, version: version ?? null, registered: known },
      )
    }
    return def
  }

  /** The machine a stored case runs on, or `undefined` when its version is not registered (for replays in `verify`). */
  machineOf(row: { readonly processId: string; readonly processVersion: number }): AnyStateMachine | undefined {
    return this.#byKey.get(`${row.processId}@${row.processVersion}`)?.machine
  }
}

/** An effect handler with the context paths it needs (all of the context, redacted, without). */
export interface Effect {
  readonly handle: EffectHandler
  readonly needs?: readonly string[] | undefined
}

function effectOf(plugin: string, type: string, h: EffectHandler | EffectWithNeeds): Effect {
  if (typeof h === 'function') return { handle: h }
  const needs: unknown = (h as Partial<EffectWithNeeds> | null)?.needs
  if (
    typeof h?.handle !== 'function' ||
    !Array.isArray(needs) ||
    needs.some((n) => typeof n !== 'string' || n === '')
  ) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `Plugin "${plugin}": the handler for "${type}" must be a function or { needs: ['context.path', …], handle }.`,
      { action: type },
    )
  }
  return { handle: h.handle, needs: [...(needs as string[])] }
}

/** What the plugins and options contribute. */
export interface Contributions {
  readonly definitions: AnyProcessDefinition[]
  readonly effects: Map<string, Effect>
  readonly interceptors: CommandInterceptor[]
}

/**
 * Collects processes, effect handlers and interceptors from the options and plugins.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for unnamed or repeated plugins, handlers of engine
 *   actions, two handlers of one action, or a handler that is not a function
 */
export function collectPlugins(options: EngineOptions): Contributions {
  const names = new Set<string>()
  const out: Contributions = { definitions: [...(options.processes ?? [])], effects: new Map(), interceptors: [] }
  for (const p of options.plugins ?? []) {
    if (typeof p?.name !== 'string' || p.name === '')
      throw new FengqiaoError('INVALID_OPTIONS', 'Every plugin needs a non-empty `name`.')
    if (names.has(p.name))
      throw new FengqiaoError('INVALID_OPTIONS', `Plugin "${p.name}" is given twice.`, { plugin: p.name })
    names.add(p.name)
    out.definitions.push(...(p.processes ?? []))
    for (const [type, handler] of Object.entries(p.effects ?? {})) {
      if (type.startsWith('fengqiao.') && type !== CANCELLED_EFFECT)
        throw new FengqiaoError(
          'INVALID_OPTIONS',
          `Plugin "${p.name}" may not handle "${type}": action names starting with "fengqiao." belong to the engine (except the engine's message "${CANCELLED_EFFECT}").`,
          { action: type },
        )
      if (out.effects.has(type))
        throw new FengqiaoError('INVALID_OPTIONS', `Two plugins handle the action "${type}"; exactly one may.`, {
          action: type,
          plugin: p.name,
        })
      out.effects.set(type, effectOf(p.name, type, handler))
    }
    out.interceptors.push(...(p.interceptors ?? []))
  }
  return out
}
