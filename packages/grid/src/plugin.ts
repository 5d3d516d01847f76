/**
 * The grid plugin: the grid event, the urban-management case and the hotline ticket, with the
 * host's effect handlers, as one object an engine takes.
 *
 * @module
 */
import {
  defineProcedurePlugin,
  FengqiaoError,
  type CommandInterceptor,
  type EffectHandler,
  type ParameterOverrides,
} from '@fengqiao/core'
import { gridEventProcess } from './grid-event-process.js'
import { hotlineTicketProcess } from './hotline-process.js'
import { gridParameters, hotlineParameters } from './parameters.js'
import { gridRoles } from './roles.js'
import { urbanCaseProcess } from './urban-process.js'

/** Options of {@link gridPlugin}. */
export interface GridPluginOptions {
  /** Grid and urban parameters to override. */
  readonly parameters?: ParameterOverrides<typeof gridParameters.specs>
  /** Hotline parameters to override. */
  readonly hotline?: ParameterOverrides<typeof hotlineParameters.specs>
  /**
   * Handlers for the processes' effects: grid `notifyDepartments`, `issueBulletin`,
   * `notifyPolice`, `redDailyReport`, `strikeOffLedger`; hotline `notifyCaller`,
   * `transferEmergency`, `notifyDistrict`, `callBack`. Effects nobody handles are not queued.
   */
  readonly effects?: Readonly<Record<string, EffectHandler>>
}

/**
 * A department reports for duty for itself: the payload's `department` is the acting department
 * (the actor's id), so one department cannot sign in another (吹哨报到 is each department's own
 * answer, and it is assessed on it).
 */
export const departmentReportsForItself: CommandInterceptor = async (command, next) => {
  if (
    command.kind === 'send' &&
    command.event.type === 'REPORT_FOR_DUTY' &&
    command.options.actor.roles.includes('department')
  ) {
    const department = command.event.department
    if (typeof department === 'string' && department !== command.options.actor.id) {
      throw new FengqiaoError(
        'FORBIDDEN',
        `A department reports for duty for itself: actor ${command.options.actor.id} may not report for ${department}.`,
        { instanceId: command.instanceId, type: command.event.type, department, actor: command.options.actor.id },
      )
    }
  }
  return next(command)
}

/**
 * Creates the grid plugin: registers the grid event, urban case and hotline ticket processes
 * with the parameters given, and {@link departmentReportsForItself}.
 *
 * @param options - parameter overrides and effect handlers
 * @returns the plugin, with `definitions.gridEvent`, `definitions.urbanCase` and
 *   `definitions.hotlineTicket` (for `engine.process(...)`), the resolved `parameters` and the `roles`
 * @throws {FengqiaoError} INVALID_OPTIONS for a bad parameter override
 * @example
 * ```ts
 * const grid = gridPlugin({ parameters: { colour: { greenDays: 5 } } })
 * const engine = createEngine({ plugins: [grid], orgUnits })
 * const events = engine.process(grid.definitions.gridEvent)
 * ```
 */
export function gridPlugin(options: GridPluginOptions = {}) {
  const grid = gridParameters.resolve(options.parameters)
  const hotline = hotlineParameters.resolve(options.hotline)
  return defineProcedurePlugin({
    name: 'grid',
    definitions: {
      gridEvent: gridEventProcess({ parameters: grid }),
      urbanCase: urbanCaseProcess({ parameters: grid }),
      hotlineTicket: hotlineTicketProcess({ parameters: hotline }),
    },
    parameters: { grid, hotline },
    roles: gridRoles,
    interceptors: [departmentReportsForItself],
    effects: options.effects,
  })
}

/** The plugin's type. */
export type GridPlugin = ReturnType<typeof gridPlugin>
