// An integrator's variation of @fengqiao/grid: a county that installs the package and changes
// what its own practice differs in, instead of writing its own grid process. Three kinds of change:
//
// 1. Parameters: the county's grid members settle green events within 5 days (the package's
//    default is the 7 of docs/domain-rules.md#22-colour-grading), and its units contact hotline
//    callers within 12 hours (default 24).
//    Every parameter is a named, validated override; a bad one is refused when the plugin is made.
// 2. A rule of its own, as a command interceptor in a plugin of its own: a grid member's feedback
//    carries a photo of the fix (拍照上传), refused with a typed error and nothing written otherwise.
// 3. A metric set of its own: the county scores its units on sign-for, response and satisfaction,
//    weighted 0.2 / 0.3 / 0.5, through the package's hotlineReport (per org unit and period, each
//    count drillable to its cases).
import { definePlugin, FengqiaoError, type CommandInterceptor, type EffectHandler } from '@fengqiao/core'
import {
  figureValue,
  gridPlugin,
  processRates,
  responseRate,
  satisfactionRate,
  type Metric,
  type MetricSet,
} from '@fengqiao/grid'

/** The county's overrides of the package's parameters (each a local practice, not law). */
export const countyParameters = {
  parameters: { colour: { greenDays: 5 } },
  hotline: { contactHours: 12 },
} as const

/**
 * 拍照上传: a grid member's feedback on a grid event carries at least one photo of the fix. Refused
 * before the engine is asked, so nothing is written.
 */
export const photoRequired: CommandInterceptor = async (command, next) => {
  if (
    command.kind === 'send' &&
    command.event.type === 'FEEDBACK' &&
    command.options.actor.roles.includes('gridMember')
  ) {
    const photos = command.event.photos
    if (!Array.isArray(photos) || photos.length === 0) {
      throw new FengqiaoError(
        'EVENT_NOT_ACCEPTED',
        'The county asks a grid member to send a photo of the fix with the feedback (拍照上传): add it to `photos`.',
        { instanceId: command.instanceId, type: 'FEEDBACK', rule: 'photoRequired' },
      )
    }
  }
  return next(command)
}

const signFor = processRates.metrics.signFor as Metric

/** The county's own metric set: sign-for, response and satisfaction, weighted 0.2 / 0.3 / 0.5. */
export const countyRates: MetricSet = {
  name: 'county',
  metrics: { signFor, response: responseRate, satisfaction: satisfactionRate },
  composite: (f) => {
    const [a, b, c] = [figureValue(f.signFor), figureValue(f.response), figureValue(f.satisfaction)]
    return a === null || b === null || c === null ? null : 0.2 * a + 0.3 * b + 0.5 * c
  },
}

/**
 * The county's plugins: @fengqiao/grid with its parameters, and its own rules.
 *
 * @param effects - the host's effect handlers (see `gridPlugin`)
 */
export function countyGrid(effects: Readonly<Record<string, EffectHandler>> = {}) {
  const grid = gridPlugin({ ...countyParameters, effects })
  const rules = definePlugin({ name: 'county-rules', interceptors: [photoRequired] })
  return { grid, rules, plugins: [grid, rules] }
}
