// Cases are driven by scripts: an ordered list of steps, each due some days after the case came
// in, each knowing from the case's state whether it has happened. A step runs on a working day
// once it is due, ready and every earlier step has happened, so a script picks up wherever the
// stored case stands: in this run, or in the next one after a restart.
import type { Engine, InstanceView } from '@fengqiao/core'
import { daysSince } from '../calendar.js'

/** A case as a script sees it. */
export interface CaseView<C> {
  readonly id: string
  readonly processId: string
  readonly stateKey: string
  readonly state: InstanceView['state']
  readonly status: InstanceView['status']
  readonly orgUnit: string
  readonly businessKey: string | null
  readonly parentId: string | null
  readonly createdAt: number
  readonly context: C
  /** Calendar days since the case came in. */
  readonly elapsed: number
  /** Now, on the simulation clock. */
  readonly now: number
}

/** One step of a script. */
export interface Step<C> {
  /** For messages. */
  readonly name: string
  /** Due this many calendar days after the case came in. */
  readonly at: number
  /** Whether it has happened (read from the case). */
  readonly done: (v: CaseView<C>) => boolean
  /** Whether it can happen now (for example: after the case moved up the ladder). */
  readonly ready?: (v: CaseView<C>) => boolean
  /** Sends the command. */
  readonly run: (v: CaseView<C>) => Promise<unknown>
}

export type Script<C> = ReadonlyArray<Step<C>>

export async function viewOf<C>(engine: Engine, id: string): Promise<CaseView<C>> {
  const v = await engine.system.get(id)
  const now = engine.clock.now()
  return {
    id: v.id,
    processId: v.processId,
    stateKey: v.stateKey,
    state: v.state,
    status: v.status,
    orgUnit: v.orgUnit ?? '',
    businessKey: v.businessKey,
    parentId: v.parentId,
    createdAt: v.createdAt.getTime(),
    context: v.context as C,
    elapsed: daysSince(v.createdAt.getTime(), now),
    now,
  }
}

/**
 * Runs every step of a case's script that is due today, in order.
 *
 * @returns how many commands were sent
 */
export async function play<C>(
  engine: Engine,
  id: string,
  script: (v: CaseView<C>) => Script<C> | undefined,
): Promise<number> {
  let sent = 0
  for (let guard = 0; guard < 30; guard++) {
    const v = await viewOf<C>(engine, id)
    const steps = v.status === 'active' ? script(v) : undefined
    if (steps === undefined) return sent
    const next = steps.find((s) => !s.done(v))
    if (next === undefined || next.at > v.elapsed || (next.ready !== undefined && !next.ready(v))) return sent
    try {
      await next.run(v)
    } catch (e) {
      throw new Error(
        `${v.businessKey ?? v.id} (${v.processId}, ${v.stateKey}): step "${next.name}" was refused: ${e instanceof Error ? e.message : String(e)}`,
        { cause: e },
      )
    }
    sent++
  }
  return sent
}

/** A step, briefly. */
export function step<C>(
  name: string,
  at: number,
  done: (v: CaseView<C>) => boolean,
  run: (v: CaseView<C>) => Promise<unknown>,
  ready?: (v: CaseView<C>) => boolean,
): Step<C> {
  return ready === undefined ? { name, at, done, run } : { name, at, done, run, ready }
}
