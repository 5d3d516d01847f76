/**
 * The mediation plugin: the three processes, handlers for their effects, and the binding of a
 * party's acts to the acting party.
 *
 * @module
 */
import {
  FengqiaoError,
  defineProcedurePlugin,
  type AnyProcessDefinition,
  type CommandInterceptor,
  type EffectHandler,
  type EventPolicies,
  type FengqiaoPlugin,
} from '@fengqiao/core'
import { courtEvents, courtMediationProcess, type CourtMediationProcess } from './court.js'
import { resolveParameters, type MediationParameterOverrides, type MediationParameters } from './parameters.js'
import { peoplesEvents, peoplesMediationProcess, type PeoplesMediationProcess } from './peoples.js'
import { policeEvents, policeMediationProcess, type PoliceMediationProcess } from './police.js'
import { roles } from './roles.js'

/**
 * The named actions (effects) the mediation processes emit. Each runs after commit, at least once,
 * when a plugin handles it; without a handler the engine drops it.
 *
 * - `reportToPolice` (RT Art. 25): `{ parties, disputeType, facts, by, note }`
 * - `notifyRoutes` (RT Art. 26): `{ routes, reason }`
 * - `gradeBulletin` (docs/domain-rules.md#22-colour-grading): the last grade change `{ from, to, fromLevel, toLevel, reason, note }`
 * - `redDailyReport` (docs/domain-rules.md#22-colour-grading): `{ level, leader }`, every `colour.redReportHours` while red
 * - `notifyRightToSue` (ZA Art. 9): `{ parties, decision }`
 */
export const mediationEffects = [
  'reportToPolice',
  'notifyRoutes',
  'gradeBulletin',
  'redDailyReport',
  'notifyRightToSue',
] as const

/** The name of an effect of the mediation processes. */
export type MediationEffect = (typeof mediationEffects)[number]

/** Options of {@link mediationPlugin}. */
export interface MediationPluginOptions {
  /** Overrides of the statutory and local parameters (see `defaultMediationParameters`). */
  readonly parameters?: MediationParameterOverrides
  /** Handlers for the processes' effects. Effects may also be handled by another plugin. */
  readonly effects?: { readonly [E in MediationEffect]?: EffectHandler }
  /**
   * Refuse a party's act (an event only the `party` role may send, such as `SIGN_AGREEMENT`) when
   * the payload's `party` is not the acting party's id: every party signs, consents and applies for
   * themselves. @defaultValue true
   */
  readonly bindPartyToActor?: boolean
}

/** Event types only a party may send, each with a `party` field in its payload. */
const partyEvents: ReadonlySet<string> = new Set(
  ([peoplesEvents, policeEvents, courtEvents] as EventPolicies[]).flatMap((events) =>
    Object.entries(events)
      .filter(([, policy]) => policy.roles.includes(roles.party))
      .map(([type]) => type),
  ),
)

/**
 * A command interceptor binding a party's acts to the acting party: an actor with the `party`
 * role may send a party event only with `party` equal to their own id.
 */
export const bindPartyToActor: CommandInterceptor = async (command, next) => {
  if (
    command.kind === 'send' &&
    partyEvents.has(command.event.type) &&
    command.options.actor.roles.includes(roles.party)
  ) {
    const party = command.event.party
    if (typeof party === 'string' && party !== command.options.actor.id) {
      throw new FengqiaoError(
        'FORBIDDEN',
        `A party acts for themselves: actor ${command.options.actor.id} may not send ${command.event.type} for party ${party}.`,
        {
          instanceId: command.instanceId,
          type: command.event.type,
          party,
          actor: command.options.actor.id,
        },
      )
    }
  }
  return next(command)
}

/** The plugin {@link mediationPlugin} returns: a Fengqiao plugin that also hands out its typed definitions. */
export interface MediationPlugin extends FengqiaoPlugin {
  /** The resolved parameters the processes were built from. */
  readonly parameters: MediationParameters
  /**
   * The registered definitions, for typed clients: `engine.process(plugin.definitions.peoples)`.
   * (`engine.process` needs the very definition objects the engine registered.)
   */
  readonly definitions: {
    readonly peoples: PeoplesMediationProcess
    readonly police: PoliceMediationProcess
    readonly court: CourtMediationProcess
  }
  /** The role names the event policies use. */
  readonly roles: typeof roles
  readonly processes: readonly AnyProcessDefinition[]
}

/**
 * The mediation plugin: people's mediation (`'mediation'`), police mediation
 * (`'policeMediation'`) and court mediation (`'courtMediation'`), built from one set of
 * parameters.
 *
 * @param options - parameters, effect handlers, party binding
 * @returns a Fengqiao plugin named `'mediation'`, with its typed `definitions`
 * @throws {FengqiaoError} INVALID_OPTIONS for invalid parameters
 * @example
 * ```ts
 * const engine = createEngine({
 *   plugins: [mediationPlugin({ parameters: { fiveHeart: { fifthStep: null } }, effects: { reportToPolice: (m) => police.notify(m.params) } })],
 *   orgUnits,
 * })
 * ```
 */
export function mediationPlugin(options: MediationPluginOptions = {}): MediationPlugin {
  const parameters = resolveParameters(options.parameters)
  const effects: Record<string, EffectHandler> = {}
  for (const [type, handler] of Object.entries(options.effects ?? {})) {
    if (!(mediationEffects as readonly string[]).includes(type)) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `mediationPlugin: "${type}" is not an effect of the mediation processes (${mediationEffects.join(', ')}).`,
        { effect: type },
      )
    }
    if (handler !== undefined) effects[type] = handler
  }
  const definitions = {
    peoples: peoplesMediationProcess(parameters),
    police: policeMediationProcess(parameters),
    court: courtMediationProcess(parameters),
  }
  return defineProcedurePlugin({
    name: 'mediation',
    definitions,
    parameters,
    roles,
    effects,
    interceptors: options.bindPartyToActor === false ? [] : [bindPartyToActor],
  })
}
