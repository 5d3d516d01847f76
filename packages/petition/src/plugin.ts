/**
 * The petition plugin: the process, its start rule and screening, and the host's effect handlers,
 * as one object an engine takes.
 *
 * @module
 */
import {
  defineProcedurePlugin,
  FengqiaoError,
  SYSTEM_ACTOR,
  type CommandInterceptor,
  type EffectHandler,
  type OrgUnit,
  type StartOptions,
} from '@fengqiao/core'
import { petitionFollowUpProcess } from './followup-process.js'
import { petitionProcess, type PetitionProcessOptions } from './petition-process.js'
import { screenPetition, type ScreeningFacts } from './screening.js'
import { resolveParameters } from './parameters.js'
import { petitionRoles } from './roles.js'
import { petitionInputSchema, type PetitionInput } from './schemas.js'

/** Options of {@link petitionPlugin}. */
export interface PetitionPluginOptions extends PetitionProcessOptions {
  /**
   * Handlers for the process's effects: `notifyPetitioner`, `reportToBureau`,
   * `issueSupervisionNotice`, `publishRereview`. Effects nobody handles are not queued.
   */
  readonly effects?: Readonly<Record<string, EffectHandler>>
  /**
   * Gathers the screening facts (XF Arts. 19, 36) for every new petition before it is started;
   * usually `(input, options) => screenPetition(engine, { … })`. Facts the caller already put in the
   * input win. Without it (and without `orgUnits`), the caller supplies the facts itself.
   */
  readonly screen?: (input: PetitionInput, options: StartOptions) => ScreeningFacts | Promise<ScreeningFacts>
  /**
   * The engine's org-unit tree (the list given to `createEngine`). When given and `screen` is not,
   * every registration with a `matterKey` is screened automatically with `screenPetition` through
   * the interceptor's `tools.engine`. Also used to find the common superior of organs in a
   * competence dispute (XF Art. 24).
   */
  readonly orgUnits?: readonly OrgUnit[]
}

/**
 * Creates the petition plugin: registers the petition process (with the parameters given), and an
 * interceptor on its `start` that
 * - refuses (`FORBIDDEN`) a registration by someone who is not where the petition was received:
 *   `receivedBy: 'bureau'` needs the `bureau` role, `'organ'` the `organ` role;
 * - merges the screening facts from `options.screen`, or, when only `options.orgUnits` is given,
 *   from `screenPetition` run through the interceptor's `tools.engine`;
 * - files the case under its `matterKey` as business key (unless the caller gave one), which is
 *   how `screenPetition` finds the same matter again.
 *
 * @param options - parameter overrides, mediation hand-over, effect handlers, screening
 * @returns the plugin, with the registered definitions as `definitions.petition` and
 *   `definitions.followUp` (for `engine.process(...)`), the resolved `parameters` and the `roles`
 * @throws {FengqiaoError} INVALID_OPTIONS for a bad parameter override
 * @example
 * ```ts
 * const petition = petitionPlugin({ parameters: { handleDays: 45 } })
 * const engine = createEngine({ plugins: [petition], orgUnits })
 * const cases = engine.process(petition.definitions.petition)
 * ```
 */
export function petitionPlugin(options: PetitionPluginOptions = {}) {
  const process = petitionProcess(options)
  const parameters = resolveParameters(options.parameters)
  const inputSchema = petitionInputSchema(parameters)
  const orgUnits = options.orgUnits
  type Screen = (
    input: PetitionInput,
    startOptions: StartOptions,
    engine: Parameters<CommandInterceptor>[2]['engine'],
  ) => ScreeningFacts | Promise<ScreeningFacts>
  const hostScreen = options.screen
  const screen: Screen | undefined =
    hostScreen !== undefined
      ? (input, startOptions) => hostScreen(input, startOptions)
      : orgUnits === undefined
        ? undefined
        : (input, startOptions, engine) =>
            input.matterKey === undefined
              ? {}
              : screenPetition(engine, {
                  matterKey: input.matterKey,
                  orgUnit: startOptions.orgUnit ?? '',
                  orgUnits,
                  receivedAt: input.receivedAt,
                })
  const interceptor: CommandInterceptor = async (command, next, tools) => {
    if (command.kind !== 'start' || command.processId !== process.id) return next(command)
    const parsed = inputSchema.safeParse(command.input)
    const actor = command.options?.actor as { roles?: unknown } | undefined
    // Malformed input or actor: let the engine report it (INVALID_EVENT / INVALID_OPTIONS).
    if (!parsed.success || !Array.isArray(actor?.roles)) return next(command)
    const role = parsed.data.receivedBy
    if (command.options.actor !== SYSTEM_ACTOR && !command.options.actor.roles.includes(role)) {
      throw new FengqiaoError(
        'FORBIDDEN',
        `A petition received by the ${role === 'bureau' ? 'petition bureau (XF Art. 22)' : 'competent organ (XF Art. 23)'} is registered by the role "${role}"; actor ${command.options.actor.id} has ${command.options.actor.roles.join(', ') || 'none'}.`,
        {
          processId: process.id,
          required: [role],
          actorRoles: [...command.options.actor.roles],
        },
      )
    }
    let input = command.input as Record<string, unknown>
    if (screen !== undefined) {
      const facts = await screen(parsed.data, command.options, tools.engine)
      input = { ...input }
      if (input.priorFinal === undefined && facts.priorFinal !== undefined) input.priorFinal = facts.priorFinal
      if (input.lowerLevelCase === undefined && facts.lowerLevelCase !== undefined)
        input.lowerLevelCase = facts.lowerLevelCase
    }
    const businessKey = command.options.businessKey ?? parsed.data.matterKey
    return next({
      ...command,
      input,
      options: businessKey === undefined ? command.options : { ...command.options, businessKey },
    })
  }
  const followUp =
    options.followUp === false
      ? undefined
      : petitionFollowUpProcess({
          ...(options.followUp?.processId === undefined ? {} : { processId: options.followUp.processId }),
        })
  const plugin = defineProcedurePlugin({
    name: 'petition',
    definitions: { petition: process, followUp },
    parameters,
    roles: petitionRoles,
    interceptors: [interceptor],
    effects: options.effects,
  })
  return {
    ...plugin,
    /**
     * The registered petition definition.
     *
     * @deprecated Use `plugin.definitions.petition` (the shape every procedure plugin shares).
     */
    process,
  }
}

/** The plugin's type. */
export type PetitionPlugin = ReturnType<typeof petitionPlugin>
