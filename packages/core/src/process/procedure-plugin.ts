/**
 * The shape every procedure package's plugin has: its process definitions by name, the parameters
 * in force, its role names.
 *
 * @module
 */
import type { CommandInterceptor, EffectHandler, FengqiaoPlugin } from '../engine/types.js'
import { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition } from './define-process.js'

/** What {@link defineProcedurePlugin} takes. */
export interface ProcedurePluginConfig<D extends Record<string, AnyProcessDefinition | undefined>, P, R> {
  /** Unique plugin name, for example `'petition'`. */
  readonly name: string
  /**
   * The process definitions by a short name (`{ petition, followUp }`); every defined one is
   * registered. An `undefined` entry is an optional process the deployment turned off.
   */
  readonly definitions: D
  /** The resolved parameters in force. */
  readonly parameters: P
  /** The role names the event policies use. */
  readonly roles: R
  /** Handlers for the processes' named actions. */
  readonly effects?: Readonly<Record<string, EffectHandler>> | undefined
  /** Command interceptors (start rules, screening). */
  readonly interceptors?: readonly CommandInterceptor[]
}

/** A procedure plugin: an engine plugin that also shows its definitions, parameters and roles. */
export interface ProcedurePlugin<
  D extends Record<string, AnyProcessDefinition | undefined>,
  P,
  R,
> extends FengqiaoPlugin {
  /** Every defined process, for `engine.process(plugin.definitions.x)`. */
  readonly definitions: D
  /** The parameters in force, defaults and overrides resolved. */
  readonly parameters: P
  /** The role names. */
  readonly roles: R
  readonly processes: readonly AnyProcessDefinition[]
}

/**
 * Declares a procedure package's plugin in the one shape all packages share:
 * `plugin.definitions.<name>`, `plugin.parameters`, `plugin.roles`.
 *
 * @param config - name, definitions, parameters, roles, effects, interceptors
 * @returns the plugin for `createEngine({ plugins })`
 * @throws {FengqiaoError} INVALID_DEFINITION when no definition is given or one is not a process
 * @example
 * ```ts
 * return defineProcedurePlugin({ name: 'petition', definitions: { petition, followUp }, parameters, roles: petitionRoles })
 * ```
 */
export function defineProcedurePlugin<
  const D extends Record<string, AnyProcessDefinition | undefined>,
  const P,
  const R,
>(config: ProcedurePluginConfig<D, P, R>): ProcedurePlugin<D, P, R> {
  const processes = Object.values(config.definitions).filter((d): d is AnyProcessDefinition => d !== undefined)
  if (processes.length === 0)
    throw new FengqiaoError(
      'INVALID_DEFINITION',
      `Plugin "${config.name}" registers no process; give at least one in \`definitions\`.`,
      { plugin: config.name },
    )
  for (const [key, d] of Object.entries(config.definitions)) {
    if (d !== undefined && d.kind !== 'fengqiao.process') {
      throw new FengqiaoError(
        'INVALID_DEFINITION',
        `Plugin "${config.name}": definitions.${key} is not a process made by defineProcess().`,
        { plugin: config.name, definition: key },
      )
    }
  }
  return {
    name: config.name,
    processes,
    ...(config.effects === undefined ? {} : { effects: config.effects }),
    ...(config.interceptors === undefined ? {} : { interceptors: config.interceptors }),
    definitions: config.definitions,
    parameters: config.parameters,
    roles: config.roles,
  }
}
