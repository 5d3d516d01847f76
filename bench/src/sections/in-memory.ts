/**
 * In memory: Fengqiao `send` on the memory store, raw XState (rehydrate → transition → persist
 * per event), and bpmn-engine (recover → resume → signal → getState per step).
 */
import { randomUUID } from 'node:crypto'
import { Engine as BpmnEngine } from 'bpmn-engine'
import { initialTransition, transition } from 'xstate'
import { createEngine, type Engine } from '@fengqiao/core'
import {
  ACTOR,
  BPMN_SOURCE,
  INPUT,
  PROCESS_ID,
  STEPS,
  benchProcess,
  nextEvent,
  rawMachine,
  type BenchContext,
} from '../lib/process.js'
import type { System } from '../lib/stats.js'

/** Fengqiao on its in-memory store, a fresh engine every round. */
export function fengqiaoMemory(): System<string> & { check(): Promise<void> } {
  let engine: Engine = createEngine({ processes: [benchProcess] })
  const sys = {
    name: 'fengqiao-memory',
    async beforeRound() {
      await engine.close()
      engine = createEngine({ processes: [benchProcess] })
    },
    async create() {
      return (await engine.start(PROCESS_ID, INPUT, { actor: ACTOR })).id
    },
    async step(id: string, k: number) {
      await engine.send(id, nextEvent(k), { actor: ACTOR })
    },
    async check() {
      const id = await sys.create()
      for (let k = 1; k <= STEPS; k++) await sys.step(id, k)
      const v = await engine.system.get(id)
      const ctx = v.context as BenchContext
      if (v.status !== 'completed' || v.stateKey !== 's10' || ctx.counter !== 10)
        throw new Error(`fengqiao-memory self-check failed: ${JSON.stringify(v)}`)
    },
  }
  return sys
}

/**
 * Raw XState, durable by hand: every event reads the stored JSON, rehydrates the snapshot with
 * `machine.resolveState`, steps it with the pure `transition`, and stores
 * `JSON.stringify(getPersistedSnapshot(next))` again. The store is a Map behind async get/put,
 * as any real store would be.
 */
export function rawXState(): System<string> & { check(): Promise<void> } {
  let table = new Map<string, string>()
  const get = async (id: string): Promise<string> => table.get(id) as string
  const put = async (id: string, json: string): Promise<void> => {
    table.set(id, json)
  }
  const sys = {
    name: 'xstate-raw',
    beforeRound() {
      table = new Map()
    },
    async create() {
      const id = randomUUID()
      const [snapshot] = initialTransition(rawMachine, INPUT)
      await put(id, JSON.stringify(rawMachine.getPersistedSnapshot(snapshot)))
      return id
    },
    async step(id: string, k: number) {
      const persisted = JSON.parse(await get(id)) as { value: string; context: BenchContext }
      const snapshot = rawMachine.resolveState({ value: persisted.value, context: persisted.context })
      const [next] = transition(rawMachine, snapshot, nextEvent(k))
      await put(id, JSON.stringify(rawMachine.getPersistedSnapshot(next)))
    },
    async check() {
      const id = await sys.create()
      for (let k = 1; k <= STEPS; k++) await sys.step(id, k)
      const p = JSON.parse(table.get(id) as string) as { value: string; status: string; context: BenchContext }
      if (p.value !== 's10' || p.status !== 'done' || p.context.counter !== 10)
        throw new Error(`xstate-raw self-check failed: ${JSON.stringify(p)}`)
    },
  }
  return sys
}

/** `stop()` waits for a 'stop' event that a finished execution never emits. */
async function stopIfRunning(engine: BpmnEngine): Promise<void> {
  if (engine.state === 'running') await engine.stop()
}

interface BpmnInternals {
  _serializeSource(source: string): Promise<unknown>
}

/**
 * bpmn-engine, durable by hand: the engine's state is stored as JSON after every step, and every
 * step recovers a new engine from it (`recover` → `resume`), signals the waiting user task and
 * takes `getState()` again. The definition is parsed once and shared (`sourceContext`), so
 * starting an instance does not re-parse the XML.
 */
export async function bpmnEngine(): Promise<System<string> & { check(): Promise<void> }> {
  let sourceContext: unknown
  try {
    sourceContext = await (new BpmnEngine({ name: 'parse' }) as unknown as BpmnInternals)._serializeSource(BPMN_SOURCE)
  } catch {
    sourceContext = undefined
  }
  let table = new Map<string, string>()
  const fresh = () =>
    sourceContext === undefined
      ? new BpmnEngine({ name: PROCESS_ID, source: BPMN_SOURCE })
      : new BpmnEngine({ name: PROCESS_ID, sourceContext: sourceContext as never })
  const sys = {
    name: 'bpmn-engine',
    beforeRound() {
      table = new Map()
    },
    async create() {
      const id = randomUUID()
      const engine = fresh()
      await engine.execute({ variables: { applicant: INPUT.applicant, counter: 0 } })
      const state = await engine.getState()
      await stopIfRunning(engine)
      table.set(id, JSON.stringify(state))
      return id
    },
    async step(id: string, k: number) {
      const engine = new BpmnEngine({ name: PROCESS_ID }).recover(JSON.parse(table.get(id) as string))
      const execution = await engine.resume()
      const [task] = execution.getPostponed()
      if (task === undefined) throw new Error(`bpmn-engine: instance ${id} waits for nothing at step ${k}`)
      task.signal({ ...nextEvent(k), counter: k })
      const state = await engine.getState()
      await stopIfRunning(engine)
      table.set(id, JSON.stringify(state))
    },
    async check() {
      const id = await sys.create()
      for (let k = 1; k <= STEPS; k++) await sys.step(id, k)
      const state = JSON.parse(table.get(id) as string) as {
        state?: string
        definitions?: Array<{ execution?: { completed?: boolean } }>
      }
      const completed = state.definitions?.[0]?.execution?.completed
      if (state.state !== 'idle' || completed !== true)
        throw new Error(
          `bpmn-engine self-check failed: after ${STEPS} steps the engine is ${state.state}, completed: ${String(completed)}`,
        )
    },
  }
  return sys
}
