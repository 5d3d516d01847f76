/**
 * The report's part of the Store conformance suite: the instance filters the report's figures
 * are defined by, and `reportFigures`, whose every count must equal the number of rows
 * `findInstances` (or `findTasks`) returns for the figure's filter.
 *
 * @module
 * @internal
 */
import { expect } from 'vitest'
import type {
  HistoryEntry,
  InstanceFilter,
  ReportCounts,
  ReportWindow,
  Store,
  StoredInstance,
  TaskFilter,
  TaskRow,
} from '../store/types.js'

/** The names of the report's conformance tests. @internal */
export type ReportTestName =
  "filters instances by the report's fields" | 'counts report figures per org unit, each as its filter finds them'

/** The suite's row builders, shared with the main suite. @internal */
export interface ReportFixtures {
  readonly t0: number
  instance(id: string, over?: Partial<StoredInstance>): StoredInstance
  entry(instanceId: string, seq: number, over?: Partial<HistoryEntry>): HistoryEntry
  task(id: string, instanceId: string, over?: Partial<TaskRow>): TaskRow
}

/**
 * The store-level filter of each counted figure, for one org unit (`null`: none is expressible,
 * so the unit is checked through the totals only). The engine's drill-down queries are these.
 */
function figureFilters(
  w: ReportWindow,
): Record<
  Exclude<keyof ReportCounts, 'orgUnit' | 'byState' | 'openTasks' | 'closeTimeSum' | 'closeTimeCount'>,
  InstanceFilter[]
> {
  const opened = { createdFrom: w.from, createdBefore: w.to }
  const closed = { completedFrom: w.from, completedBefore: w.to, outcomeNot: ['void', 'cancelled'] }
  return {
    opened: [opened],
    active: [{ ...opened, status: 'active' }],
    suspended: [{ ...opened, status: 'suspended' }],
    completed: [{ ...opened, status: 'completed' }],
    cancelled: [{ ...opened, status: 'cancelled' }],
    failed: [{ ...opened, status: 'failed' }],
    resolved: [{ ...opened, outcome: 'resolved' }],
    unresolved: [{ ...opened, outcome: 'unresolved' }],
    void: [{ ...opened, outcome: 'void' }],
    dueToClose: [
      closed,
      { status: 'active', dueFrom: w.from, dueBefore: w.to },
      { status: 'suspended', dueFrom: w.from, dueBefore: w.to },
    ],
    closed: [closed],
    closedOnTime: [{ ...closed, closedOnTime: true }],
    overdue: [
      { status: 'active', dueBefore: w.now + 1 },
      { status: 'suspended', dueBefore: w.now + 1 },
    ],
    escalated: [{ escalated: true }],
    escalatedInWindow: [{ escalatedFrom: w.from, escalatedBefore: w.to }],
  }
}

/**
 * Registers the report's conformance tests.
 *
 * @param test - the suite's test registrar
 * @param store - the current test's store
 * @param f - row builders
 * @internal
 */
export function reportConformance(
  test: (title: ReportTestName, fn: () => Promise<void>) => void,
  store: () => Store,
  f: ReportFixtures,
): void {
  const T0 = f.t0
  const escalation = (id: string, seq: number, at: number): HistoryEntry =>
    f.entry(id, seq, { kind: 'deadline', at, detail: { deadline: 'village', escalatedFrom: 'u1', escalatedTo: 'u2' } })
  /** Stores the fixture: cases a–g (see each line) and four open tasks. */
  const seed = async (): Promise<void> => {
    const s = store()
    const put = async (row: StoredInstance, more: HistoryEntry[] = [], tasks: TaskRow[] = []) =>
      s.commit({
        instances: [{ row, expectedVersion: null }],
        history: [f.entry(row.id, 1), ...more],
        tasks: { open: tasks, close: [] },
      })
    const done = { status: 'completed' as const }
    // a: opened in the window, open, due in it and overdue at now.
    await put(
      f.instance('a', { orgUnit: 'u1', createdAt: T0 + 150, dueAt: T0 + 180 }),
      [],
      [
        f.task('t1', 'a', { orgUnit: 'u1', dueAt: T0 + 200 }),
        f.task('t2', 'a', { orgUnit: 'u1', dueAt: T0 + 400, warnAt: T0 + 250 }),
      ],
    )
    // b: opened and closed on time (due later), resolved.
    await put(
      f.instance('b', {
        ...done,
        orgUnit: 'u1',
        stateKey: 'done',
        createdAt: T0 + 150,
        completedAt: T0 + 160,
        dueAt: T0 + 500,
        outcome: 'resolved',
      }),
    )
    // c: opened before the window, escalated in it (so late), closed in it.
    await put(
      f.instance('c', {
        ...done,
        orgUnit: 'u2',
        stateKey: 'done',
        createdAt: T0 + 50,
        completedAt: T0 + 170,
        dueAt: T0 + 400,
        outcome: 'resolved',
        breached: true,
        escalations: 1,
      }),
      [escalation('c', 2, T0 + 120)],
    )
    // d: opened and voided in the window: in no rate.
    await put(
      f.instance('d', {
        ...done,
        orgUnit: 'u2',
        stateKey: 'voided',
        createdAt: T0 + 120,
        completedAt: T0 + 130,
        outcome: 'void',
      }),
      [],
      [f.task('t3', 'd', { orgUnit: 'u2' })],
    )
    // e: opened, open, due after the window but overdue at now, escalated before the window.
    await put(
      f.instance('e', { orgUnit: 'u2', createdAt: T0 + 150, dueAt: T0 + 250, escalations: 1, breached: true }),
      [escalation('e', 2, T0 + 20)],
    )
    // f: no org unit; closed in the window after its due date (late without a breach); a
    // deadline entry in the window that moved nothing.
    await put(
      f.instance('f', {
        ...done,
        orgUnit: null,
        stateKey: 'closed',
        createdAt: T0 + 150,
        completedAt: T0 + 190,
        dueAt: T0 + 185,
        outcome: 'unresolved',
      }),
      [f.entry('f', 2, { kind: 'deadline', at: T0 + 150, detail: { deadline: 'reply', dueAt: T0 + 150 } })],
    )
    // g: another process.
    await put(
      f.instance('g', { processId: 'other', orgUnit: 'u1', createdAt: T0 + 150, dueAt: T0 + 190 }),
      [],
      [f.task('t4', 'g', { processId: 'other', orgUnit: 'u1', dueAt: T0 })],
    )
  }
  const window: ReportWindow = { from: T0 + 100, to: T0 + 200, now: T0 + 300 }

  test("filters instances by the report's fields", async () => {
    await seed()
    const find = async (filter: InstanceFilter): Promise<string[]> =>
      (await store().findInstances(filter, { limit: 100 })).items.map((r) => r.id).sort()
    expect(await find({ completedFrom: T0 + 160, completedBefore: T0 + 190 })).toEqual(['b', 'c'])
    expect(await find({ completedBefore: T0 + 131 })).toEqual(['d'])
    expect(await find({ dueFrom: T0 + 185, dueBefore: T0 + 400 })).toEqual(['e', 'f', 'g'])
    expect(await find({ dueBefore: T0 + 181 })).toEqual(['a'])
    expect(await find({ outcome: 'resolved' })).toEqual(['b', 'c'])
    expect(await find({ outcome: ['void', 'unresolved'] })).toEqual(['d', 'f'])
    expect(await find({ outcome: [] })).toEqual([])
    expect(await find({ outcomeNot: 'void' })).toEqual(['a', 'b', 'c', 'e', 'f', 'g'])
    expect(await find({ outcomeNot: ['void', 'resolved'] })).toEqual(['a', 'e', 'f', 'g'])
    expect(await find({ breached: true })).toEqual(['c', 'e'])
    expect(await find({ breached: false, processId: 'petition' })).toEqual(['a', 'b', 'd', 'f'])
    expect(await find({ closedOnTime: true })).toEqual(['b', 'd'])
    expect(await find({ closedOnTime: false })).toEqual(['c', 'f'])
    expect(await find({ escalated: true })).toEqual(['c', 'e'])
    expect(await find({ escalated: false, orgUnit: 'u2' })).toEqual(['d'])
    expect(await find({ escalatedFrom: T0 + 100, escalatedBefore: T0 + 200 })).toEqual(['c'])
    expect(await find({ escalatedBefore: T0 + 100 })).toEqual(['e'])
    expect(await find({ escalatedFrom: T0 })).toEqual(['c', 'e'])
    expect(
      await find({
        processId: 'petition',
        createdFrom: T0 + 100,
        completedFrom: T0,
        outcomeNot: 'void',
        closedOnTime: true,
      }),
    ).toEqual(['b'])
  })

  test('counts report figures per org unit, each as its filter finds them', async () => {
    await seed()
    const s = store()
    // h: suspended by an administrator, due in the window and overdue; i: cancelled in the
    // window (stopped, not closed: in no rate).
    await s.commit({
      instances: [
        {
          row: f.instance('h', { status: 'suspended', orgUnit: 'u1', createdAt: T0 + 150, dueAt: T0 + 170 }),
          expectedVersion: null,
        },
        {
          row: f.instance('i', {
            status: 'cancelled',
            orgUnit: 'u2',
            createdAt: T0 + 150,
            completedAt: T0 + 160,
            outcome: 'cancelled',
            dueAt: T0 + 150,
          }),
          expectedVersion: null,
        },
      ],
      history: [f.entry('h', 1), f.entry('i', 1)],
    })
    const zero = {
      opened: 0,
      active: 0,
      suspended: 0,
      completed: 0,
      cancelled: 0,
      failed: 0,
      resolved: 0,
      unresolved: 0,
      void: 0,
    }
    const expected: ReportCounts[] = [
      {
        ...zero,
        orgUnit: 'u1',
        opened: 3,
        active: 1,
        suspended: 1,
        completed: 1,
        resolved: 1,
        byState: { open: 2, done: 1 },
        closeTimeSum: 10,
        closeTimeCount: 1,
        dueToClose: 3,
        closed: 1,
        closedOnTime: 1,
        overdue: 2,
        escalated: 0,
        escalatedInWindow: 0,
        openTasks: { red: 1, yellow: 1, green: 0 },
      },
      {
        ...zero,
        orgUnit: 'u2',
        opened: 3,
        active: 1,
        completed: 1,
        cancelled: 1,
        void: 1,
        byState: { voided: 1, open: 2 },
        closeTimeSum: 10,
        closeTimeCount: 1,
        dueToClose: 1,
        closed: 1,
        closedOnTime: 0,
        overdue: 1,
        escalated: 2,
        escalatedInWindow: 1,
        openTasks: { red: 0, yellow: 0, green: 1 },
      },
      {
        ...zero,
        orgUnit: null,
        opened: 1,
        completed: 1,
        unresolved: 1,
        byState: { closed: 1 },
        closeTimeSum: 40,
        closeTimeCount: 1,
        dueToClose: 1,
        closed: 1,
        closedOnTime: 0,
        overdue: 0,
        escalated: 0,
        escalatedInWindow: 0,
        openTasks: { red: 0, yellow: 0, green: 0 },
      },
    ]
    const byUnit = (rows: ReportCounts[]) => [...rows].sort((a, b) => (a.orgUnit ?? '').localeCompare(b.orgUnit ?? ''))
    const petition = await s.reportFigures({ processId: 'petition' }, window)
    expect(byUnit(petition)).toEqual(byUnit(expected))
    // Every count is what its filter finds, unit by unit (tasks by the tasks' own unit).
    const filters = figureFilters(window)
    for (const row of petition) {
      if (row.orgUnit === null) continue
      for (const [figure, list] of Object.entries(filters)) {
        let n = 0
        for (const filter of list)
          n += (await s.findInstances({ ...filter, processId: 'petition', orgUnit: row.orgUnit }, { limit: 100 })).items
            .length
        expect({ figure, unit: row.orgUnit, n }).toEqual({
          figure,
          unit: row.orgUnit,
          n: row[figure as keyof typeof filters],
        })
      }
      for (const colour of ['red', 'yellow', 'green'] as const) {
        const filter: TaskFilter = { processId: 'petition', orgUnit: row.orgUnit, colour: { colour, now: window.now } }
        expect((await s.findTasks(filter, { limit: 100 })).items.length).toBe(row.openTasks[colour])
      }
    }
    // Scoped to units; every process; nothing for an empty scope.
    expect(await s.reportFigures({ processId: 'petition', orgUnit: ['u2'] }, window)).toEqual([expected[1]])
    const all = byUnit(await s.reportFigures({}, window))
    expect(all.map((r) => r.orgUnit)).toEqual([null, 'u1', 'u2'])
    expect(all[1]).toMatchObject({
      opened: 4,
      active: 2,
      overdue: 3,
      dueToClose: 4,
      openTasks: { red: 2, yellow: 1, green: 0 },
    })
    expect(await s.reportFigures({ orgUnit: [] }, window)).toEqual([])
    expect(await s.reportFigures({ processId: 'nothing' }, window)).toEqual([])
  })
}
