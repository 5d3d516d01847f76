/**
 * The grid event process (网格事件), assembled from its two regions: the closed loop
 * (`grid-loop.ts`) and, beside it, the escalation ladder with its colours (`ladder.ts`). The rules
 * they check are the named guards of `grid-setup.ts`.
 *
 * @module
 */
import { defineProcess } from '@fengqiao/core'
import { GRID_EVENT_PROCESS_ID, GRID_EVENT_PROCESS_VERSION, initialGridContext } from './grid-context.js'
import { gridLabels } from './grid-labels.js'
import { loopRegion } from './grid-loop.js'
import { gridEventInputSchema, gridEventSchemas } from './grid-schemas.js'
import { gridSetup } from './grid-setup.js'
import { ladderRegion } from './ladder.js'
import { gridParameters, type GridParameters } from './parameters.js'
import { gridPersonal } from './personal.js'
import type { ParameterOverrides } from '@fengqiao/core'

/** Options of {@link gridEventProcess}. */
export interface GridEventProcessOptions {
  /** Service levels and colour targets to override (checked by {@link gridParameters}). */
  readonly parameters?: ParameterOverrides<typeof gridParameters.specs>
}

/**
 * Builds the grid event process from parameters.
 *
 * Effects it asks for (named actions; register handlers with `gridPlugin({ effects })`):
 * `notifyDepartments` (the whistle), `issueBulletin` (过程通报, `Bulletin`), `notifyPolice`
 * (RT Art. 25, `PoliceNotice`), `redDailyReport` (a red case's daily report), `strikeOffLedger`
 * (对账销号).
 *
 * @param options - parameter overrides
 * @returns the checked process definition
 * @throws {FengqiaoError} INVALID_OPTIONS for a bad parameter override
 * @example
 * ```ts
 * const engine = createEngine({ processes: [gridEventProcess({ parameters: { colour: { greenDays: 5 } } })] })
 * ```
 */
export function gridEventProcess(options: GridEventProcessOptions = {}) {
  const p: GridParameters = gridParameters.resolve(options.parameters)
  const s = gridSetup({ autoUpgradeOnOverdue: p.colour.autoUpgradeOnOverdue })
  const machine = s.createMachine({
    id: GRID_EVENT_PROCESS_ID,
    type: 'parallel',
    context: ({ input }) => initialGridContext(input),
    output: ({ context }) => ({
      level: context.level,
      colour: context.colour,
      reworks: context.reworks,
      struckOff: context.ledger?.status === 'struckOff',
      voided: context.voided !== null,
    }),
    states: { procedure: loopRegion(s, p), ladder: ladderRegion(s, p) },
  })
  return defineProcess({
    id: GRID_EVENT_PROCESS_ID,
    version: GRID_EVENT_PROCESS_VERSION,
    machine,
    events: gridLabels.withEventLabels(gridEventSchemas),
    input: gridEventInputSchema,
    label: gridLabels.process,
    start: { roles: ['gridMember', 'resident', 'sensor', 'operator'] },
    personal: gridPersonal,
  })
}

/** The grid event definition's type. */
export type GridEventProcess = ReturnType<typeof gridEventProcess>
