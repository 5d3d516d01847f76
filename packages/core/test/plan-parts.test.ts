// The planner's parts, each alone: deadlines, timers, tasks, outbox, linked cases, the row and its
// history entry, and a deadline's expiry. The engine tests cover them composed.
import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { chineseCalendar } from '../src/calendar/chinese-calendar.js'
import { planChildren, childStarts } from '../src/engine/plan/children.js'
import { expireDeadline, planDeadlines } from '../src/engine/plan/deadlines.js'
import { plan, type PlanCommand, type PlanContext } from '../src/engine/plan/index.js'
import { outcomeOf, planOutbox } from '../src/engine/plan/outbox.js'
import { entryBody, historyEntry, instanceRow, newInstanceRow } from '../src/engine/plan/row.js'
import { planTasks } from '../src/engine/plan/tasks.js'
import { TimerBook } from '../src/engine/plan/timer-book.js'
import { planTimers } from '../src/engine/plan/timers.js'
import { restore, stepEvent, stepStart, type StepOutcome } from '../src/engine/step.js'
import { defineProcess, extendDeadline, isFengqiaoError, pauseDeadline, startProcess } from '../src/index.js'
import type { StoredInstance } from '../src/store/types.js'
import { sha256 } from '../src/util/canonical.js'

const HOUR = 3_600_000
const now = Date.parse('2024-09-16T10:00:00+08:00')
const calendar = chineseCalendar({ outOfRange: 'weekends-only' })
const actor = { id: 'u1', roles: ['worker'] }

type Ev =
  | { type: 'GO' }
  | { type: 'PAUSE' }
  | { type: 'EXTEND'; hours: number }
  | { type: 'FINISH' }
  | { type: 'LATE' }
  | { type: 'SPLIT' }
const machine = setup({
  types: { context: {} as { who: string }, events: {} as Ev },
  actions: { notify: () => {}, unhandled: () => {} },
}).createMachine({
  id: 'pp',
  context: { who: 'w1' },
  initial: 'working',
  states: {
    working: {
      meta: {
        task: { role: 'worker', title: 'Work', assignee: ({ context }: { context: { who: string } }) => context.who },
        deadline: { hours: 2, name: 'work', onExpire: 'LATE', maxExtensions: 1 },
        escalate: { to: 'town', when: 'overdue' },
      },
      on: {
        GO: 'review',
        PAUSE: { actions: pauseDeadline('work') },
        EXTEND: { actions: extendDeadline(({ event }) => ({ hours: (event as { hours: number }).hours }), 'work') },
        LATE: 'late',
        FINISH: { target: 'done', actions: ['notify', 'unhandled'] },
        SPLIT: { actions: startProcess('child', { input: { n: 1 }, onDone: 'CHILD_DONE' }) },
      },
    },
    review: { after: { 60_000: 'working' } },
    late: {},
    done: { type: 'final', meta: { outcome: 'resolved' } },
  },
})
const pp = defineProcess({
  id: 'pp',
  version: 1,
  machine,
  events: {
    GO: { schema: z.object({}), roles: ['worker'] },
    PAUSE: { schema: z.object({}), roles: ['worker'] },
    EXTEND: { schema: z.object({ hours: z.number() }), roles: ['worker'] },
    FINISH: { schema: z.object({}), roles: ['worker'] },
    LATE: { schema: z.object({}), roles: ['system'] },
    SPLIT: { schema: z.object({}), roles: ['worker'] },
  },
})
const child = defineProcess({
  id: 'child',
  version: 1,
  input: z.object({ n: z.number() }),
  machine: setup({ types: { context: {} as { n: number }, input: {} as { n: number } } }).createMachine({
    context: ({ input }) => ({ n: input.n }),
    initial: 'open',
    states: { open: {} },
  }),
  events: {},
})

let nextId = 0
const ctx: PlanContext = {
  now,
  calendarFor: () => calendar,
  definition: (id) => (id === 'child' ? child : pp),
  handles: (type) => type === 'notify',
  newId: () => `c${nextId++}`,
  ancestorAt: (unit, to) => (unit === 'village' && to === 'town' ? 'town-1' : undefined),
}
const started = (): { row: StoredInstance; outcome: StepOutcome } => {
  const outcome = stepStart(pp.machine, undefined)
  const cmd: PlanCommand = {
    kind: 'started',
    event: { type: 'xstate.init', input: null },
    actor,
    fingerprint: '',
    expectedVersion: null,
  }
  const p = plan(
    ctx,
    pp,
    newInstanceRow('i1', pp, now, { orgUnit: 'village', businessKey: null, parentId: null, parentDoneEvent: null }),
    outcome,
    cmd,
  )
  return { row: p.row, outcome }
}
const step = (row: StoredInstance, event: Ev): StepOutcome => {
  const o = stepEvent(pp.machine, restore(pp.machine, row.snapshot), event)
  if (o === undefined) throw new Error(`not taken: ${event.type}`)
  return o
}

describe('deadlines part', () => {
  it('starts a deadline when its state is entered, with a timer from the book', () => {
    const book = new TimerBook('i1', 1)
    const d = planDeadlines({ def: pp, before: [], outcome: stepStart(pp.machine, undefined), now, calendar }, book)
    expect(d.deadlines).toEqual([
      expect.objectContaining({
        name: 'work',
        stateNode: 'pp.working',
        dueAt: now + 2 * HOUR,
        timerId: 'i1.1.t0',
        expired: false,
      }),
    ])
    expect(book.inserts).toEqual([
      {
        id: 'i1.1.t0',
        instanceId: 'i1',
        key: 'deadline:work',
        dueAt: now + 2 * HOUR,
        event: { type: 'fengqiao.deadline', name: 'work' },
      },
    ])
    expect(d.log).toEqual([{ name: 'work', op: 'started', dueAt: now + 2 * HOUR }])
  })

  it('stops a deadline whose state is left and drops its timer', () => {
    const { row } = started()
    const book = new TimerBook('i1', 2)
    const d = planDeadlines({ def: pp, before: row.deadlines, outcome: step(row, { type: 'GO' }), now, calendar }, book)
    expect(d.deadlines).toEqual([])
    expect(book.deletes).toEqual(['i1.1.t0'])
    expect(d.log).toEqual([{ name: 'work', op: 'stopped' }])
  })

  it('pauses on the machine’s action: no timer while paused', () => {
    const { row } = started()
    const book = new TimerBook('i1', 2)
    const d = planDeadlines(
      { def: pp, before: row.deadlines, outcome: step(row, { type: 'PAUSE' }), now: now + HOUR, calendar },
      book,
    )
    expect(d.deadlines[0]).toMatchObject({ pausedAt: now + HOUR, timerId: null })
    expect(book.deletes).toEqual(['i1.1.t0'])
    expect(book.inserts).toEqual([])
  })

  it('extends once, then refuses beyond maxExtensions with EVENT_NOT_ACCEPTED', () => {
    const { row } = started()
    const d = planDeadlines(
      { def: pp, before: row.deadlines, outcome: step(row, { type: 'EXTEND', hours: 3 }), now, calendar },
      new TimerBook('i1', 2),
    )
    expect(d.deadlines[0]).toMatchObject({ amount: 5, dueAt: now + 5 * HOUR, extensions: 1, timerId: 'i1.2.t0' })
    const again = () =>
      planDeadlines(
        { def: pp, before: d.deadlines, outcome: step(row, { type: 'EXTEND', hours: 1 }), now, calendar },
        new TimerBook('i1', 3),
      )
    expect(again).toThrow(expect.objectContaining({ code: 'EVENT_NOT_ACCEPTED' }))
  })

  it('expiry marks the deadline, escalates the case and sends onExpire when the state takes it', () => {
    const { row } = started()
    const base: PlanCommand = {
      kind: 'timer',
      event: { type: 'fengqiao.deadline', name: 'work' },
      actor,
      fingerprint: '',
      expectedVersion: 1,
      firedTimer: 'i1.1.t0',
    }
    const { cmd, outcome } = expireDeadline(pp, row, restore(pp.machine, row.snapshot), 'work', base, ctx.ancestorAt)
    expect(outcome.stateKey).toBe('late')
    expect(cmd).toMatchObject({
      kind: 'deadline',
      orgUnit: 'town-1',
      escalated: true,
      breached: true,
      detail: { deadline: 'work', escalatedFrom: 'village', escalatedTo: 'town-1', sent: 'LATE' },
    })
    expect(cmd.deadlines?.[0]).toMatchObject({ name: 'work', expired: true, timerId: null })
  })
})

describe('timers part', () => {
  it('schedules an `after` timer, and drops it when the case moves on before it fires', () => {
    const { row } = started()
    const toReview = step(row, { type: 'GO' })
    const book = new TimerBook('i1', 2)
    const t = planTimers({ before: row.timers, outcome: toReview, deadlines: [], deadlineTimers: new Map(), now }, book)
    expect(t.pending).toEqual([expect.objectContaining({ id: 'i1.2.t0', dueAt: now + 60_000 })])
    expect(t.insert.map((x) => x.id)).toEqual(['i1.2.t0'])
    expect(t.delete).toEqual(['i1.1.t0']) // the deadline's timer, not wanted by any deadline now
  })

  it('removes the fired timer, and inserts nothing that the same commit also drops', () => {
    const { row } = started()
    const book = new TimerBook('i1', 2)
    const created = book.create('x', { type: 'X' }, now)
    book.drop(created.id)
    const t = planTimers(
      {
        before: row.timers,
        outcome: step(row, { type: 'GO' }),
        deadlines: [],
        deadlineTimers: new Map(),
        now,
        firedTimer: 'i1.1.t0',
      },
      book,
    )
    expect(t.insert.map((x) => x.id)).not.toContain(created.id)
    expect(t.delete).not.toContain(created.id)
    expect(t.delete).toContain('i1.1.t0')
  })
})

describe('tasks part', () => {
  it('opens one task per state with meta.task, due with its governing deadline, and closes it when left', () => {
    const outcome = stepStart(pp.machine, undefined)
    const prev = newInstanceRow('i1', pp, now, {
      orgUnit: 'village',
      businessKey: null,
      parentId: null,
      parentDoneEvent: null,
    })
    const deadlines = planDeadlines({ def: pp, before: [], outcome, now, calendar }, new TimerBook('i1', 1)).deadlines
    const t = planTasks({ def: pp, prev, outcome, deadlines, orgUnit: 'village', seq: 1, now })
    expect(t.opened).toEqual([
      expect.objectContaining({
        id: 'i1.1.k0',
        role: 'worker',
        assignee: 'w1',
        orgUnit: 'village',
        title: 'Work',
        dueAt: now + 2 * HOUR,
      }),
    ])
    const { row } = started()
    const left = planTasks({
      def: pp,
      prev: row,
      outcome: step(row, { type: 'GO' }),
      deadlines: [],
      orgUnit: 'village',
      seq: 2,
      now,
    })
    expect(left.closed).toEqual([{ taskId: 'i1.1.k0', instanceId: 'i1' }])
    expect(left.refs).toEqual([])
  })

  it('writes nothing for a task that did not change, and rewrites one whose due time moved', () => {
    const { row } = started()
    const same = planTasks({
      def: pp,
      prev: row,
      outcome: step(row, { type: 'PAUSE' }),
      deadlines: row.deadlines,
      orgUnit: 'village',
      seq: 2,
      now,
    })
    expect(same.open).toEqual([])
    expect(same.close).toEqual([])
    const moved = planTasks({
      def: pp,
      prev: row,
      outcome: step(row, { type: 'PAUSE' }),
      deadlines: row.deadlines.map((d) => ({ ...d, dueAt: d.dueAt + HOUR })),
      orgUnit: 'village',
      seq: 2,
      now,
    })
    expect(moved.close).toEqual(['i1.1.k0'])
    expect(moved.open.map((x) => x.id)).toEqual(['i1.1.k0'])
    expect(moved.opened).toEqual([])
  })
})

describe('outbox part', () => {
  it('queues the actions a plugin handles, not the others, and names the outcome of a final state', () => {
    const { row } = started()
    const outcome = step(row, { type: 'FINISH' })
    expect(outcomeOf(pp, outcome)).toBe('resolved')
    const out = planOutbox({
      prev: row,
      outcome,
      seq: 2,
      now,
      event: { type: 'FINISH' },
      outcomeName: 'resolved',
      handles: ctx.handles,
    })
    expect(out.map((m) => [m.id, m.type])).toEqual([['i1.2.o0', 'notify']])
  })

  it('tells the parent when a linked case ends', () => {
    const { row } = started()
    const asChild = { ...row, parentId: 'p1', parentDoneEvent: 'CHILD_DONE' }
    const out = planOutbox({
      prev: asChild,
      outcome: step(row, { type: 'FINISH' }),
      seq: 2,
      now,
      event: { type: 'FINISH' },
      outcomeName: 'resolved',
      handles: () => false,
    })
    expect(out).toEqual([
      expect.objectContaining({
        type: 'fengqiao.notifyParent',
        params: {
          parentId: 'p1',
          event: expect.objectContaining({ type: 'CHILD_DONE', childId: 'i1', outcome: 'resolved' }),
        },
      }),
    ])
  })
})

describe('children part', () => {
  it('plans each linked case as a start in the same commit, and refuses invalid input', () => {
    const { row } = started()
    const starts = childStarts(step(row, { type: 'SPLIT' }))
    expect(starts).toEqual([expect.objectContaining({ processId: 'child', input: { n: 1 }, onDone: 'CHILD_DONE' })])
    const [p] = planChildren(ctx, { parentId: 'i1', orgUnit: 'village', actor, starts }, plan)
    expect(p?.row).toMatchObject({
      processId: 'child',
      parentId: 'i1',
      parentDoneEvent: 'CHILD_DONE',
      orgUnit: 'village',
      stateKey: 'open',
    })
    expect(p?.entry).toMatchObject({ kind: 'started', detail: { parentId: 'i1' } })
    try {
      planChildren(
        ctx,
        { parentId: 'i1', orgUnit: null, actor, starts: [{ processId: 'child', input: { n: 'x' } }] },
        plan,
      )
      expect.unreachable()
    } catch (e) {
      expect(isFengqiaoError(e, 'INVALID_EVENT')).toBe(true)
    }
  })
})

describe('row and history entry', () => {
  it('chains each entry to the previous by its hash', () => {
    const body = {
      instanceId: 'i1',
      seq: 2,
      at: now,
      kind: 'event' as const,
      event: { type: 'GO' },
      actor: { id: 'u1', roles: ['worker'] },
      from: 'a',
      to: 'b',
      version: 2,
      detail: null,
      prevHash: 'abc',
    }
    expect(historyEntry(body).hash).toBe(sha256('abc' + entryBody(body)))
    expect(historyEntry({ ...body, to: 'c' }).hash).not.toBe(historyEntry(body).hash)
  })

  it('builds every row with exactly the stored fields', () => {
    const fresh = newInstanceRow('i1', pp, now, {
      orgUnit: null,
      businessKey: null,
      parentId: null,
      parentDoneEvent: null,
    })
    const widened = instanceRow({ ...fresh, stray: 1 } as StoredInstance)
    expect(Object.keys(widened)).toEqual(Object.keys(fresh))
    expect(widened).toEqual(fresh)
  })
})
