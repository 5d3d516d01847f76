/**
 * The plugin: both processes, and an interceptor that refuses a matter sent to the wrong body
 * with an error naming the rule before the command reaches the engine.
 *
 * @module
 */
import { FengqiaoError, defineProcedurePlugin, type CommandInterceptor } from '@fengqiao/core'
import { complaintProcess } from './complaint.js'
import { checkBodyFor, isMatterClass, isResolutionBody, requiredBody } from './matters.js'
import { resolveParameters, type DeliberationParameters } from './parameters.js'
import { DELIBERATION_PROCESS_ID, deliberationProcess } from './process.js'
import { roles } from './schemas.js'

/**
 * A command interceptor that checks the resolution body chosen for a new deliberation against its
 * matter class (CW Arts. 16, 24, 27, 28; JJ Art. 28) and refuses a wrong choice with
 * `EVENT_NOT_ACCEPTED`, naming the rule in the message and in `details.rule`. (The input schema
 * refuses the same choice with `INVALID_EVENT` when the process is used without the plugin.)
 *
 * @param params - the parameters (delegation choices)
 * @returns the interceptor
 */
export function resolutionBodyInterceptor(params: DeliberationParameters): CommandInterceptor {
  return async (command, next) => {
    if (command.kind === 'start' && command.processId === DELIBERATION_PROCESS_ID) {
      const input = command.input as { matter?: { class?: unknown }; resolutionBody?: unknown } | null | undefined
      const matter = input?.matter?.class
      const body = input?.resolutionBody
      if (isMatterClass(matter) && isResolutionBody(body)) {
        const c = checkBodyFor(matter, body, params)
        if (!c.ok) {
          throw new FengqiaoError('EVENT_NOT_ACCEPTED', `${c.rule}: ${c.reason}`, {
            rule: c.rule,
            matterClass: matter,
            resolutionBody: body,
            allowed: [...requiredBody(matter, params).bodies],
          })
        }
      }
    }
    return next(command)
  }
}

/** Options of {@link deliberationPlugin}. */
export interface DeliberationPluginOptions {
  /** Parameters to change from `defaultDeliberationParameters`. */
  readonly parameters?: Partial<DeliberationParameters>
}

/**
 * The deliberation plugin: registers the `deliberation` process and the linked
 * `deliberation-complaint` process, and the resolution-body interceptor.
 *
 * @param options - parameter overrides
 * @returns the plugin for `createEngine({ plugins })`
 * @throws {FengqiaoError} INVALID_OPTIONS for malformed parameters
 * @example
 * ```ts
 * const engine = createEngine({ plugins: [deliberationPlugin({ parameters: { villageRulesDelegable: true } })], orgUnits })
 * ```
 */
export function deliberationPlugin(options: DeliberationPluginOptions = {}) {
  const params = resolveParameters(options.parameters)
  const deliberation = deliberationProcess(params)
  const complaint = complaintProcess()
  const plugin = defineProcedurePlugin({
    name: 'deliberation',
    definitions: { deliberation, complaint },
    parameters: params,
    roles,
    interceptors: [resolutionBodyInterceptor(params)],
  })
  return {
    ...plugin,
    /**
     * The deliberation definition.
     *
     * @deprecated Use `plugin.definitions.deliberation` (the shape every procedure plugin shares).
     */
    deliberation,
    /**
     * The complaint definition.
     *
     * @deprecated Use `plugin.definitions.complaint`.
     */
    complaint,
  }
}
