/**
 * The one process every system runs: ten steps in a line, s0 → s1 → … → s10 (final), driven by
 * one event type NEXT with a small payload, each step adding one to a context counter and keeping
 * the payload's note.
 *
 * - Fengqiao: `defineProcess` with zod schemas and a role policy, context changed by `update`.
 * - Raw XState: the same machine with a plain `assign` (what one would write without Fengqiao).
 * - BPMN: a start event, ten user tasks in a sequence, an end event.
 */
import { assign, setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, update, type Actor, type EventsOf } from '@fengqiao/core'

export const STEPS = 10
export const PROCESS_ID = 'bench10'
export const ACTOR: Actor = { id: 'clerk-1', roles: ['clerk'] }
export const INPUT = { applicant: '张三' }

/** The payload of the k-th event (k = 1..10). */
export function nextEvent(k: number): { type: 'NEXT'; by: string; note: string } {
  return { type: 'NEXT', by: 'clerk-1', note: `step ${k} checked` }
}

export interface BenchContext {
  applicant: string
  counter: number
  note: string | null
}

const events = {
  NEXT: { schema: z.object({ by: z.string().min(1), note: z.string().max(200) }), roles: ['clerk'] },
}

const count = update<BenchContext, EventsOf<typeof events>, undefined, EventsOf<typeof events>, never>(
  ({ draft, event }) => {
    draft.counter += 1
    draft.note = event.note
  },
)

const fengqiaoMachine = setup({
  types: { context: {} as BenchContext, events: {} as EventsOf<typeof events>, input: {} as { applicant: string } },
}).createMachine({
  id: PROCESS_ID,
  initial: 's0',
  context: ({ input }) => ({ applicant: input.applicant, counter: 0, note: null }),
  states: {
    s0: { on: { NEXT: { target: 's1', actions: count } } },
    s1: { on: { NEXT: { target: 's2', actions: count } } },
    s2: { on: { NEXT: { target: 's3', actions: count } } },
    s3: { on: { NEXT: { target: 's4', actions: count } } },
    s4: { on: { NEXT: { target: 's5', actions: count } } },
    s5: { on: { NEXT: { target: 's6', actions: count } } },
    s6: { on: { NEXT: { target: 's7', actions: count } } },
    s7: { on: { NEXT: { target: 's8', actions: count } } },
    s8: { on: { NEXT: { target: 's9', actions: count } } },
    s9: { on: { NEXT: { target: 's10', actions: count } } },
    s10: { type: 'final' },
  },
})

export const benchProcess = defineProcess({
  id: PROCESS_ID,
  version: 1,
  machine: fengqiaoMachine,
  events,
  input: z.object({ applicant: z.string().min(1) }),
})

type RawEvent = { type: 'NEXT'; by: string; note: string }

const rawCount = assign<BenchContext, RawEvent, undefined, RawEvent, never>(({ context, event }) => ({
  counter: context.counter + 1,
  note: event.note,
}))

/** The same machine for raw XState, with a plain `assign`. */
export const rawMachine = setup({
  types: { context: {} as BenchContext, events: {} as RawEvent, input: {} as { applicant: string } },
}).createMachine({
  id: PROCESS_ID,
  initial: 's0',
  context: ({ input }) => ({ applicant: input.applicant, counter: 0, note: null }),
  states: {
    s0: { on: { NEXT: { target: 's1', actions: rawCount } } },
    s1: { on: { NEXT: { target: 's2', actions: rawCount } } },
    s2: { on: { NEXT: { target: 's3', actions: rawCount } } },
    s3: { on: { NEXT: { target: 's4', actions: rawCount } } },
    s4: { on: { NEXT: { target: 's5', actions: rawCount } } },
    s5: { on: { NEXT: { target: 's6', actions: rawCount } } },
    s6: { on: { NEXT: { target: 's7', actions: rawCount } } },
    s7: { on: { NEXT: { target: 's8', actions: rawCount } } },
    s8: { on: { NEXT: { target: 's9', actions: rawCount } } },
    s9: { on: { NEXT: { target: 's10', actions: rawCount } } },
    s10: { type: 'final' },
  },
})

/** The BPMN 2.0 equivalent: start → t1 → … → t10 → end, every task a user task (a wait state). */
export const BPMN_TASKS = Array.from({ length: STEPS }, (_, i) => `t${i + 1}`)
export const BPMN_SOURCE = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="bench10defs" targetNamespace="http://fengqiao.dev/bench">
  <process id="${PROCESS_ID}" isExecutable="true">
    <startEvent id="start" />
    ${BPMN_TASKS.map((t) => `<userTask id="${t}" />`).join('\n    ')}
    <endEvent id="end" />
    ${['start', ...BPMN_TASKS].map((s, i) => `<sequenceFlow id="f${i}" sourceRef="${s}" targetRef="${BPMN_TASKS[i] ?? 'end'}" />`).join('\n    ')}
  </process>
</definitions>`
