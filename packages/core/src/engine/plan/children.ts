/**
 * Planner part: linked cases a step starts (`startProcess`), each planned as its own start into
 * the same commit.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../../errors.js'
import { START_PROCESS, type StartProcessParams } from '../../process/actions.js'
import type { AnyProcessDefinition } from '../../process/define-process.js'
import type { Actor, Json, StoredInstance } from '../../store/types.js'
import { formatIssues } from '../../process/parameters.js'
import { checkJson, stepStart, type StepOutcome } from '../step.js'
import { newInstanceRow } from './row.js'
import type { Plan, PlanCommand, PlanContext } from './types.js'

/** The `startProcess` actions of a step, in order. */
export function childStarts(outcome: StepOutcome): StartProcessParams[] {
  return outcome.actions
    .filter((a) => a.type === START_PROCESS)
    .map((a) => (a.params ?? {}) as unknown as StartProcessParams)
}

/** What the children part needs. */
export interface ChildrenInput {
  readonly parentId: string
  /** The parent's org unit after the step (a child's default). */
  readonly orgUnit: string | null
  readonly actor: Actor
  readonly starts: readonly StartProcessParams[]
}

/**
 * Plans the start of each linked case.
 *
 * @param planStart - the planner itself, for the child's own start
 * @throws {FengqiaoError} INVALID_EVENT when a linked case's input fails its schema
 */
export function planChildren(
  ctx: PlanContext,
  input: ChildrenInput,
  planStart: (
    ctx: PlanContext,
    def: AnyProcessDefinition,
    prev: StoredInstance,
    outcome: StepOutcome,
    cmd: PlanCommand,
  ) => Plan,
): Plan[] {
  return input.starts.map((c) => {
    const childDef = ctx.definition(c.processId, c.version)
    let childInput: unknown = c.input ?? undefined
    if (childDef.input !== undefined) {
      const r = childDef.input.safeParse(c.input)
      if (!r.success) {
        throw new FengqiaoError(
          'INVALID_EVENT',
          `The input for the linked case "${c.processId}" is invalid: ${formatIssues(r.error.issues)}.`,
          { processId: c.processId, issues: r.error.issues },
        )
      }
      childInput = r.data
    }
    checkJson(childInput ?? null, 'input')
    const childRow = newInstanceRow(ctx.newId(), childDef, ctx.now, {
      orgUnit: c.orgUnit === undefined ? input.orgUnit : c.orgUnit,
      businessKey: c.businessKey ?? null,
      parentId: input.parentId,
      parentDoneEvent: c.onDone ?? null,
    })
    return planStart(ctx, childDef, childRow, stepStart(childDef.machine, childInput), {
      kind: 'started',
      event: { type: 'xstate.init', input: (childInput ?? null) as Json },
      actor: input.actor,
      fingerprint: '',
      expectedVersion: null,
      detail: { parentId: input.parentId },
    })
  })
}
