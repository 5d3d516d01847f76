/**
 * People's mediation's vocabulary: its types, its rules (named guards citing their sources, in
 * `peoples-guards.ts`) and its named actions. The regions (`peoples-procedure.ts`,
 * `peoples-grade.ts`, `peoples-agreement.ts`) speak only this vocabulary.
 *
 * @module
 */
import { update, type UpdateArgs } from '@fengqiao/core'
import { setup } from 'xstate'
import type { Colour, MediationParameters } from './parameters.js'
import {
  noteOf,
  regrade,
  type GradeChange,
  type GradeReason,
  type PeoplesContext,
  type PeoplesOutput,
} from './peoples-context.js'
import type { PeoplesEvent } from './peoples-events.js'
import { peoplesGuards } from './peoples-guards.js'
import { higherLevel } from './rules.js'
import type { Party, PeoplesInput, Route } from './schemas.js'

const act = <P = undefined>(recipe: (args: UpdateArgs<PeoplesContext, PeoplesEvent, P>) => void) =>
  update<PeoplesContext, PeoplesEvent, P, PeoplesEvent, never>(recipe)

/** The params of the `regrade` action: the colour (null: keep it), the lowest ladder level (null: stay), why. */
export interface RegradeParams {
  readonly colour: Colour | null
  readonly level: string | null
  readonly reason: GradeReason
}

/**
 * The setup of people's mediation for a parameter set.
 *
 * @param p - the parameters in force
 * @returns the XState setup the regions build their states with
 */
export function peoplesSetup(p: MediationParameters) {
  return setup({
    types: {
      context: {} as PeoplesContext,
      events: {} as PeoplesEvent,
      input: {} as PeoplesInput,
      output: {} as PeoplesOutput,
    },
    guards: peoplesGuards(p),
    actions: {
      /** RT Art. 25: report a dispute that may turn into a public-security or criminal case to the police. */
      reportToPolice: (
        _: unknown,
        _params: { parties: Party[]; disputeType: string; facts: string; by: string; note: string },
      ) => {},
      /** RT Art. 26: tell the parties which other routes are open. */
      notifyRoutes: (_: unknown, _params: { routes: Route[]; reason: string }) => {},
      /** docs/domain-rules.md#22-colour-grading / scenario 3: a bulletin on every change of colour or level. */
      gradeBulletin: (_: unknown, _params: GradeChange | null) => {},
      /** docs/domain-rules.md#22-colour-grading: red cases report daily to the county case owner. */
      redDailyReport: (_: unknown, _params: { level: string; leader: string | null }) => {},
      /** A change of grade, with the event's reason or note (docs/domain-rules.md#21-escalation-ladder – docs/domain-rules.md#22-colour-grading). */
      regrade: act<RegradeParams>(({ draft, event, params }) => {
        regrade(
          draft.grade,
          params.colour ?? draft.grade.colour,
          params.level === null ? draft.grade.level : higherLevel(draft.grade.level, params.level, p),
          params.reason,
          noteOf(event),
        )
      }),
    },
  })
}

/** The setup's type, for the regions' `createStateConfig`. */
export type PeoplesSetup = ReturnType<typeof peoplesSetup>
