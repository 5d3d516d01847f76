/**
 * The Store conformance suite: the behaviour every implementation of the Store port must show.
 *
 * An adapter's test file calls {@link describeStoreConformance} with a factory for fresh, empty
 * stores; the suite registers one vitest test per {@link StoreTestName}.
 *
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isFengqiaoError } from '../errors.js'
import { INCIDENT_HOLD } from '../store/page.js'
import type {
  ChangeSet,
  HistoryEntry,
  IdempotencyRecord,
  IncidentRow,
  Json,
  OutboxMessage,
  Store,
  StoredInstance,
  TaskRow,
  TimerRow,
} from '../store/types.js'
import { reportConformance, type ReportTestName } from './report-conformance.js'

/** The name of every test in the suite; keys of {@link StoreConformanceOptions.skip}. */
export type StoreTestName =
  | 'reads back an inserted instance'
  | 'round-trips every kind of JSON value'
  | 'updates with the expected version'
  | 'updates given the previous row, changing one column or all of them'
  | 'refuses a stale expected version'
  | 'refuses to insert an existing id'
  | 'refuses a duplicate idempotency key'
  | 'writes nothing when one write of a change set conflicts'
  | 'commits several instances at once'
  | 'lets exactly one of concurrent updates win'
  | 'lets exactly one of concurrent inserts of one id win'
  | 'lets exactly one of two commits with one idempotency key win'
  | 'returns history in order and by range'
  | 'filters instances'
  | 'pages through instances'
  | 'filters tasks'
  | 'filters tasks by colour'
  | 'orders and pages tasks'
  | 'drops tasks closed by a later commit'
  | 'claims only due timers, in order, up to the limit'
  | 'does not claim a leased timer before its lease ends'
  | 'gives two concurrent timer claimers disjoint timers'
  | 'deletes timers'
  | 'deletes and inserts timers in a commit'
  | 'suspends, resumes and cancels a case: its statuses, parked timers and marked deadlines'
  | 'reports the next timer due'
  | 'claims and acknowledges outbox messages'
  | 'does not claim a leased outbox message before its lease ends'
  | 'retries outbox messages'
  | 'gives two concurrent outbox claimers disjoint messages'
  | 'finds idempotency records'
  | 'prunes idempotency records oldest first, before a time, up to a limit'
  | 'round-trips large JSON'
  | 'round-trips unicode text'
  | 'rejects bad page requests'
  | 'round-trips the key id and row digest of history entries'
  | 'reads chain heads in id order, a page at a time'
  | 'rewrites history events and commits a change atomically'
  | 'purges closed cases past a time with their whole record'
  | 'counts failed timer firings and holds the timer back until its retry time'
  | 'parks the subject of an open incident and puts it back on retry'
  | 'removes the subject of an incident resolved without retry'
  | 'closes an incident once'
  | 'filters and pages incidents'
  | ReportTestName

/** Options of {@link describeStoreConformance}; `S` is the adapter's store type. */
export interface StoreConformanceOptions<S extends Store = Store> {
  /** Makes a fresh, empty, ready-to-use store. Called before every test. */
  readonly create: () => Promise<S>
  /**
   * Cleans up after a test (for example drops the tables of that store). Called after every
   * test while the store is still open; the suite calls `close()` afterwards.
   */
  readonly destroy?: (store: S) => Promise<void>
  /**
   * Capability gaps the adapter documents. A listed test still runs and is expected to fail; if it
   * passes, the suite fails, telling you to remove the entry.
   */
  readonly skip?: Partial<Record<StoreTestName, true>>
}

/** A fixed point in time (2026-01-05T09:00:00+08:00); the suite never reads the clock. */
const T0 = Date.UTC(2026, 0, 5, 1, 0, 0)

function instance(id: string, over: Partial<StoredInstance> = {}): StoredInstance {
  return {
    id,
    processId: 'petition',
    processVersion: 1,
    status: 'active',
    stateKey: 'open',
    snapshot: { status: 'active', value: 'open', context: { signatures: [], note: null }, historyValue: {} },
    timers: [],
    tasks: [],
    version: 1,
    orgUnit: 'district-a',
    businessKey: null,
    parentId: null,
    parentDoneEvent: null,
    createdAt: T0,
    updatedAt: T0,
    historySeq: 1,
    historyHash: `hash-${id}-1`,
    deadlines: [],
    dueAt: null,
    breached: false,
    completedAt: null,
    outcome: null,
    escalations: 0,
    ...over,
  }
}

function entry(instanceId: string, seq: number, over: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    instanceId,
    seq,
    at: T0 + seq,
    kind: seq === 1 ? 'started' : 'event',
    event: seq === 1 ? { title: 'A petition' } : { type: 'SIGN', userId: `u${seq}` },
    actor: { id: 'clerk-1', roles: ['clerk'], orgUnit: 'district-a' },
    from: seq === 1 ? null : 'open',
    to: 'open',
    version: seq,
    detail: seq === 1 ? null : { deadlines: [{ name: 'reply', action: 'started' }] },
    prevHash: seq === 1 ? '' : `hash-${instanceId}-${seq - 1}`,
    hash: `hash-${instanceId}-${seq}`,
    ...over,
  }
}

function timer(id: string, instanceId: string, dueAt: number, over: Partial<TimerRow> = {}): TimerRow {
  return {
    id,
    instanceId,
    key: `xstate.after.1000.${id}`,
    dueAt,
    event: { type: 'xstate.after.1000', timer: id },
    ...over,
  }
}

function task(id: string, instanceId: string, over: Partial<TaskRow> = {}): TaskRow {
  return {
    id,
    instanceId,
    processId: 'petition',
    stateNode: 'petition.review',
    role: 'reviewer',
    orgUnit: 'district-a',
    assignee: null,
    title: { en: `Review ${id}` },
    dueAt: null,
    warnAt: null,
    createdAt: T0,
    ...over,
  }
}

function message(id: string, instanceId: string, over: Partial<OutboxMessage> = {}): OutboxMessage {
  return {
    id,
    instanceId,
    processId: 'petition',
    type: 'notify',
    params: { channel: 'sms', to: ['u1'] },
    event: { type: 'SIGN', userId: 'u1' },
    context: { signatures: ['u1'] },
    createdAt: T0,
    attempts: 0,
    availableAt: T0,
    lastError: null,
    ...over,
  }
}

function incident(id: string, subjectId: string, over: Partial<IncidentRow> = {}): IncidentRow {
  return {
    id,
    kind: 'outbox',
    subjectId,
    instanceId: 'x',
    processId: 'petition',
    type: 'notify',
    status: 'open',
    attempts: 5,
    error: 'SMS gateway timed out',
    errorCode: null,
    openedAt: T0,
    closedAt: null,
    closedBy: null,
    resolution: null,
    reason: null,
    ...over,
  }
}

function record(key: string, instanceId: string, over: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return { key, instanceId, fingerprint: `fp-${key}`, result: { ok: true, version: 1 }, createdAt: T0, ...over }
}

/** A change set that starts `row` (version 1) with its first history entry. */
function startChange(row: StoredInstance, more: Omit<ChangeSet, 'instances' | 'history'> = {}): ChangeSet {
  return { instances: [{ row, expectedVersion: null }], history: [entry(row.id, 1)], ...more }
}

/** A change set that moves `row` from version `from` to `from + 1`, with one history entry. */
function updateChange(
  row: StoredInstance,
  from: number,
  more: Omit<ChangeSet, 'instances' | 'history'> = {},
): ChangeSet {
  const next = {
    ...row,
    version: from + 1,
    historySeq: from + 1,
    historyHash: `hash-${row.id}-${from + 1}`,
    updatedAt: T0 + from,
  }
  return { instances: [{ row: next, expectedVersion: from }], history: [entry(row.id, from + 1)], ...more }
}

/** Runs `p` and returns the error it rejects with (failing the test when it resolves). */
async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected the promise to reject, but it resolved')
}

async function expectConflict(p: Promise<unknown>): Promise<void> {
  const e = await rejection(p)
  if (!isFengqiaoError(e, 'VERSION_CONFLICT'))
    throw new Error(`expected FengqiaoError VERSION_CONFLICT, got ${String(e)}`, { cause: e })
}

const ids = (rows: readonly { id: string }[]): string[] => rows.map((r) => r.id)
const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
/** Outbox messages may come back with `lastError: null` where none was given. */
const normalize = (m: OutboxMessage): OutboxMessage => ({ ...m, lastError: m.lastError ?? null })

/**
 * Registers the Store conformance suite with vitest: one `describe` block named `name`, one test
 * per {@link StoreTestName}, each on a fresh store from `opts.create`.
 *
 * @param name - the describe block's name, usually the adapter's
 * @param opts - how to create (and clean up) stores, and which tests to skip
 * @example
 * ```ts
 * import { memoryStore } from '@fengqiao/core/store'
 * import { describeStoreConformance } from '@fengqiao/core/testing'
 *
 * describeStoreConformance('memory', { create: async () => memoryStore() })
 * ```
 */
export function describeStoreConformance<S extends Store>(name: string, opts: StoreConformanceOptions<S>): void {
  describe(name, () => {
    let store: S
    beforeEach(async () => {
      store = await opts.create()
    })
    afterEach(async () => {
      try {
        await opts.destroy?.(store)
      } finally {
        await store.close()
      }
    })
    const test = (title: StoreTestName, fn: () => Promise<void>): void => {
      // A declared gap still runs, and must fail: a gap that closes is reported, so the entry
      // comes out of the list instead of hiding a test forever.
      if (opts.skip?.[title] === true) it.fails(`${title} (declared gap: expected to fail)`, fn)
      else it(title, fn)
    }
    /** Claims every stored timer (far in the future) and returns their ids. */
    const allTimerIds = async (): Promise<string[]> =>
      ids(await store.claimDueTimers(Number.MAX_SAFE_INTEGER - 1, 1000, 'inspector', 1)).sort(byId)

    // ---- instances and commits -------------------------------------------------------------

    test('reads back an inserted instance', async () => {
      const a = instance('a', {
        timers: [{ id: 't1', key: 'xstate.after.3d.petition.open', dueAt: T0 + 3 }],
        tasks: [
          {
            id: 'k1',
            stateNode: 'petition.open',
            role: 'clerk',
            orgUnit: 'district-a',
            assignee: null,
            dueAt: T0 + 3,
            warnAt: null,
            createdAt: T0,
          },
        ],
        businessKey: 'BK-1',
        deadlines: [
          {
            name: 'reply',
            stateNode: 'petition.open',
            unit: 'workingDays',
            amount: 15,
            startedAt: T0,
            dueAt: T0 + 20 * 86_400_000,
            warnAt: null,
            pausedAt: null,
            timerId: 't1',
            extensions: 0,
            expired: false,
          },
        ],
        dueAt: T0 + 20 * 86_400_000,
      })
      const b = instance('b', {
        orgUnit: null,
        businessKey: null,
        parentId: 'a',
        parentDoneEvent: 'CHILD_DONE',
        status: 'completed',
        processVersion: 3,
        stateKey: 'closed|archived',
        breached: true,
        completedAt: T0 + 5,
        outcome: 'resolved',
        dueAt: T0 + 1,
        escalations: 2,
      })
      await store.commit(startChange(a))
      await store.commit(startChange(b))
      expect(await store.getInstance('a')).toEqual(a)
      expect(await store.getInstance('b')).toEqual(b)
      expect(await store.getInstance('missing')).toBeUndefined()
      expect(await store.history('a')).toEqual([entry('a', 1)])
    })

    test('round-trips every kind of JSON value', async () => {
      const values: Json[] = [
        null,
        true,
        false,
        0,
        -1.5,
        1e21,
        Number.MAX_SAFE_INTEGER,
        '',
        'text with "quotes", \\backslashes\\, \n newlines and \t tabs',
        [],
        {},
        [1, 'two', null, { three: [3] }],
        { nested: { deeper: { list: [null, false, 0, ''], empty: {} } }, nil: null },
      ]
      for (const [i, snapshot] of values.entries()) {
        const row = instance(`j${i}`, { snapshot })
        await store.commit({
          instances: [{ row, expectedVersion: null }],
          history: [entry(row.id, 1, { event: snapshot, actor: snapshot, detail: snapshot })],
        })
        expect(await store.getInstance(row.id)).toEqual(row)
        expect(await store.history(row.id)).toEqual([
          entry(row.id, 1, { event: snapshot, actor: snapshot, detail: snapshot }),
        ])
      }
    })

    test('updates with the expected version', async () => {
      const a = instance('a')
      await store.commit(startChange(a))
      const v2 = updateChange({ ...a, stateKey: 'review', snapshot: { value: 'review' } }, 1)
      await store.commit(v2)
      expect(await store.getInstance('a')).toEqual(v2.instances[0]?.row)
      const v3 = updateChange({ ...a, status: 'completed', stateKey: 'closed' }, 2)
      await store.commit(v3)
      expect(await store.getInstance('a')).toEqual(v3.instances[0]?.row)
      expect((await store.history('a')).map((h) => h.seq)).toEqual([1, 2, 3])
    })

    test('updates given the previous row, changing one column or all of them', async () => {
      // A store may write only the columns that differ from `previous`; whatever it does, what
      // it reads back must be the new row.
      const a = instance('a', {
        timers: [
          { id: 't1', key: 'deadline:reply', dueAt: T0 + 9, event: { type: 'fengqiao.deadline', name: 'reply' } },
        ],
      })
      await store.commit(startChange(a))
      const one = { ...a, version: 2, historySeq: 2, historyHash: 'hash-a-2', updatedAt: T0 + 1 }
      await store.commit({ instances: [{ row: one, expectedVersion: 1, previous: a }], history: [entry('a', 2)] })
      expect(await store.getInstance('a')).toEqual(one)
      const all: StoredInstance = {
        ...one,
        processVersion: 2,
        status: 'completed',
        stateKey: 'closed',
        snapshot: { status: 'done', value: 'closed', context: { signatures: ['u1'], note: '办结' }, historyValue: {} },
        timers: [],
        tasks: [
          {
            id: 'k1',
            stateNode: 'petition.closed',
            role: 'clerk',
            orgUnit: 'township',
            assignee: null,
            dueAt: null,
            warnAt: null,
            createdAt: T0 + 2,
          },
        ],
        version: 3,
        orgUnit: 'township',
        updatedAt: T0 + 2,
        historySeq: 3,
        historyHash: 'hash-a-3',
        deadlines: [
          {
            name: 'reply',
            stateNode: 'petition.open',
            unit: 'days',
            amount: 15,
            startedAt: T0,
            dueAt: T0 + 9,
            warnAt: null,
            pausedAt: null,
            timerId: null,
            extensions: 1,
            expired: true,
          },
        ],
        dueAt: T0 + 9,
        breached: true,
        completedAt: T0 + 2,
        outcome: 'resolved',
        escalations: 1,
      }
      await store.commit({ instances: [{ row: all, expectedVersion: 2, previous: one }], history: [entry('a', 3)] })
      expect(await store.getInstance('a')).toEqual(all)
      // Back again: every column changes back, including to null and to empty lists.
      const back = { ...a, version: 4, historySeq: 4, historyHash: 'hash-a-4', updatedAt: T0 + 3, processVersion: 2 }
      await store.commit({ instances: [{ row: back, expectedVersion: 3, previous: all }], history: [entry('a', 4)] })
      expect(await store.getInstance('a')).toEqual(back)
      // A stale version is refused as ever.
      await expectConflict(
        store.commit({
          instances: [{ row: { ...back, version: 5 }, expectedVersion: 3, previous: all }],
          history: [entry('a', 5)],
        }),
      )
      expect(await store.getInstance('a')).toEqual(back)
    })

    test('refuses a stale expected version', async () => {
      const a = instance('a')
      await store.commit(startChange(a))
      const v2 = updateChange(a, 1)
      await store.commit(v2)
      await expectConflict(store.commit(updateChange({ ...a, stateKey: 'stale' }, 1)))
      await expectConflict(store.commit(updateChange({ ...a, stateKey: 'ahead' }, 5)))
      await expectConflict(store.commit(updateChange(instance('ghost'), 1)))
      expect(await store.getInstance('a')).toEqual(v2.instances[0]?.row)
      expect(await store.getInstance('ghost')).toBeUndefined()
      expect((await store.history('a')).map((h) => h.seq)).toEqual([1, 2])
      expect(await store.history('ghost')).toEqual([])
    })

    test('refuses to insert an existing id', async () => {
      const a = instance('a')
      await store.commit(startChange(a))
      const again = instance('a', { stateKey: 'other', snapshot: { other: true } })
      await expectConflict(
        store.commit({ instances: [{ row: again, expectedVersion: null }], history: [entry('a', 2)] }),
      )
      expect(await store.getInstance('a')).toEqual(a)
      expect(await store.history('a')).toEqual([entry('a', 1)])
    })

    test('refuses a duplicate idempotency key', async () => {
      const a = instance('a')
      await store.commit(startChange(a, { idempotency: record('cmd-1', 'a') }))
      const b = instance('b')
      await expectConflict(
        store.commit(
          startChange(b, {
            idempotency: record('cmd-1', 'b', { fingerprint: 'other' }),
            timers: { insert: [timer('tb', 'b', T0)], delete: [] },
            tasks: { open: [task('kb', 'b')], close: [] },
            outbox: [message('mb', 'b')],
          }),
        ),
      )
      expect(await store.getInstance('b')).toBeUndefined()
      expect(await store.history('b')).toEqual([])
      expect(await store.findIdempotent('cmd-1')).toEqual(record('cmd-1', 'a'))
      expect((await store.findTasks({ instanceId: 'b' }, { limit: 10 })).items).toEqual([])
      expect(await store.claimOutbox(T0, 10, 'w', 1000)).toEqual([])
      expect(await store.nextTimerDue()).toBeUndefined()
    })

    test('writes nothing when one write of a change set conflicts', async () => {
      const a = instance('a')
      const b = instance('b')
      await store.commit(
        startChange(a, {
          timers: { insert: [timer('t0', 'a', T0 + 10)], delete: [] },
          tasks: { open: [task('k0', 'a')], close: [] },
        }),
      )
      await store.commit(startChange(b))
      const aNext = { ...a, version: 2, stateKey: 'review', historySeq: 2 }
      const bNext = { ...b, version: 6, historySeq: 2 }
      const change: ChangeSet = {
        instances: [
          { row: aNext, expectedVersion: 1 },
          { row: bNext, expectedVersion: 5 }, // stale: b is at version 1
        ],
        history: [entry('a', 2), entry('b', 2)],
        timers: { insert: [timer('t1', 'a', T0 + 1)], delete: ['t0'] },
        tasks: { open: [task('k1', 'a')], close: ['k0'] },
        outbox: [message('m1', 'a')],
        idempotency: record('cmd-x', 'a'),
      }
      await expectConflict(store.commit(change))
      // The same again, with the second write an insert of an existing id.
      await expectConflict(
        store.commit({
          ...change,
          instances: [
            { row: aNext, expectedVersion: 1 },
            { row: b, expectedVersion: null },
          ],
        }),
      )
      expect(await store.getInstance('a')).toEqual(a)
      expect(await store.getInstance('b')).toEqual(b)
      expect(await store.history('a')).toEqual([entry('a', 1)])
      expect(await store.history('b')).toEqual([entry('b', 1)])
      expect(ids((await store.findTasks({}, { limit: 10 })).items)).toEqual(['k0'])
      expect(await store.claimOutbox(T0 + 1000, 10, 'w', 1000)).toEqual([])
      expect(await store.findIdempotent('cmd-x')).toBeUndefined()
      expect(await store.nextTimerDue()).toBe(T0 + 10)
      expect(await allTimerIds()).toEqual(['t0'])
    })

    test('commits several instances at once', async () => {
      const parent = instance('parent')
      await store.commit(startChange(parent))
      const child = instance('child', { parentId: 'parent', processId: 'mediation' })
      const parentNext = { ...parent, version: 2, historySeq: 2, stateKey: 'waiting-for-child' }
      await store.commit({
        instances: [
          { row: parentNext, expectedVersion: 1 },
          { row: child, expectedVersion: null },
        ],
        history: [entry('parent', 2), entry('child', 1)],
        tasks: { open: [task('kc', 'child')], close: [] },
      })
      expect(await store.getInstance('parent')).toEqual(parentNext)
      expect(await store.getInstance('child')).toEqual(child)
      expect(await store.history('child')).toEqual([entry('child', 1)])
      expect(ids((await store.findInstances({ parentId: 'parent' }, { limit: 10 })).items)).toEqual(['child'])
    })

    test('lets exactly one of concurrent updates win', async () => {
      const a = instance('a')
      await store.commit(startChange(a))
      // Two contenders in odd rounds, three in even ones.
      for (let round = 1; round <= 6; round++) {
        const who = round % 2 === 1 ? ['x', 'y'] : ['x', 'y', 'z']
        const contenders = who.map((w) => updateChange({ ...a, stateKey: w, snapshot: { who: w, round } }, round))
        const results = await Promise.allSettled(contenders.map((c) => store.commit(c)))
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
        expect(won).toHaveLength(1)
        for (const r of results) {
          if (r.status === 'rejected' && !isFengqiaoError(r.reason, 'VERSION_CONFLICT')) throw r.reason
        }
        expect(results.filter((r) => r.status === 'rejected')).toHaveLength(who.length - 1)
        const winner = contenders[won[0] as number] as ChangeSet
        expect(await store.getInstance('a')).toEqual(winner.instances[0]?.row)
        const history = await store.history('a')
        expect(history).toHaveLength(round + 1)
        expect(history[round]).toEqual(winner.history[0])
      }
    })

    test('lets exactly one of concurrent inserts of one id win', async () => {
      const contenders = ['x', 'y', 'z'].map((who) => startChange(instance('a', { stateKey: who })))
      const results = await Promise.allSettled(contenders.map((c) => store.commit(c)))
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
      expect(won).toHaveLength(1)
      for (const r of results) {
        if (r.status === 'rejected' && !isFengqiaoError(r.reason, 'VERSION_CONFLICT')) throw r.reason
      }
      expect(await store.getInstance('a')).toEqual(contenders[won[0] as number]?.instances[0]?.row)
      expect(await store.history('a')).toHaveLength(1)
    })

    test('lets exactly one of two commits with one idempotency key win', async () => {
      const changes = ['a', 'b'].map((id) =>
        startChange(instance(id), { idempotency: record('same-key', id), outbox: [message(`m-${id}`, id)] }),
      )
      const results = await Promise.allSettled(changes.map((c) => store.commit(c)))
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []))
      expect(won).toHaveLength(1)
      for (const r of results) {
        if (r.status === 'rejected' && !isFengqiaoError(r.reason, 'VERSION_CONFLICT')) throw r.reason
      }
      const winner = won[0] === 0 ? 'a' : 'b'
      const loser = winner === 'a' ? 'b' : 'a'
      expect((await store.findIdempotent('same-key'))?.instanceId).toBe(winner)
      expect(await store.getInstance(loser)).toBeUndefined()
      expect(await store.history(loser)).toEqual([])
      expect(ids(await store.claimOutbox(T0, 10, 'w', 1000))).toEqual([`m-${winner}`])
    })

    test('returns history in order and by range', async () => {
      const a = instance('a')
      await store.commit(startChange(a))
      await store.commit(startChange(instance('b')))
      await store.commit(updateChange(a, 1))
      // One commit may carry several entries.
      await store.commit({
        instances: [{ row: { ...a, version: 3, historySeq: 4 }, expectedVersion: 2 }],
        history: [entry('a', 3, { kind: 'timer' }), entry('a', 4, { kind: 'deadline' })],
      })
      await store.commit({
        instances: [{ row: { ...a, version: 4, historySeq: 5 }, expectedVersion: 3 }],
        history: [entry('a', 5)],
      })
      const all = [
        entry('a', 1),
        entry('a', 2),
        entry('a', 3, { kind: 'timer' }),
        entry('a', 4, { kind: 'deadline' }),
        entry('a', 5),
      ]
      expect(await store.history('a')).toEqual(all)
      expect(await store.history('a', {})).toEqual(all)
      expect(await store.history('a', { fromSeq: 2, toSeq: 4 })).toEqual(all.slice(1, 4))
      expect(await store.history('a', { fromSeq: 4 })).toEqual(all.slice(3))
      expect(await store.history('a', { toSeq: 2 })).toEqual(all.slice(0, 2))
      expect(await store.history('a', { fromSeq: 3, toSeq: 3 })).toEqual([all[2]])
      expect(await store.history('a', { fromSeq: 6 })).toEqual([])
      expect(await store.history('b')).toEqual([entry('b', 1)])
      expect(await store.history('missing')).toEqual([])
    })

    // ---- queries -----------------------------------------------------------------------------

    test('filters instances', async () => {
      const rows = [
        instance('i1', { processId: 'petition', status: 'active', orgUnit: 'u1', createdAt: T0 + 1 }),
        instance('i2', {
          processId: 'petition',
          status: 'completed',
          orgUnit: 'u2',
          createdAt: T0 + 2,
          businessKey: 'BK-2',
        }),
        instance('i3', { processId: 'mediation', status: 'active', orgUnit: 'u1', createdAt: T0 + 3, parentId: 'i1' }),
        instance('i4', { processId: 'mediation', status: 'failed', orgUnit: null, createdAt: T0 + 4, parentId: 'i1' }),
        instance('i5', {
          processId: 'petition',
          status: 'active',
          orgUnit: 'u3',
          createdAt: T0 + 5,
          businessKey: 'BK-5',
        }),
        instance('i6', { processId: 'petition', status: 'active', orgUnit: 'u1', createdAt: T0 + 6, parentId: 'i2' }),
      ]
      // Insert out of creation order: results must follow createdAt, not insertion.
      for (const row of [...rows].reverse()) await store.commit(startChange(row))
      const find = async (filter: Parameters<Store['findInstances']>[0]): Promise<string[]> =>
        ids((await store.findInstances(filter, { limit: 100 })).items)
      expect(await find({})).toEqual(['i1', 'i2', 'i3', 'i4', 'i5', 'i6'])
      expect(await find({ processId: 'petition' })).toEqual(['i1', 'i2', 'i5', 'i6'])
      expect(await find({ processId: ['mediation', 'nothing'] })).toEqual(['i3', 'i4'])
      expect(await find({ processId: [] })).toEqual([])
      expect(await find({ createdFrom: T0 + 2, createdBefore: T0 + 5 })).toEqual(['i2', 'i3', 'i4'])
      expect(await find({ createdFrom: T0 + 5 })).toEqual(['i5', 'i6'])
      expect(await find({ createdBefore: T0 + 2 })).toEqual(['i1'])
      expect(await find({ processId: ['petition'], status: 'active', createdFrom: T0 + 2 })).toEqual(['i5', 'i6'])
      expect(await find({ status: 'active' })).toEqual(['i1', 'i3', 'i5', 'i6'])
      expect(await find({ status: 'failed' })).toEqual(['i4'])
      expect(await find({ orgUnit: 'u1' })).toEqual(['i1', 'i3', 'i6'])
      expect(await find({ orgUnit: ['u2', 'u3'] })).toEqual(['i2', 'i5'])
      expect(await find({ orgUnit: [] })).toEqual([])
      expect(await find({ businessKey: 'BK-5' })).toEqual(['i5'])
      expect(await find({ parentId: 'i1' })).toEqual(['i3', 'i4'])
      expect(await find({ processId: 'petition', status: 'active', orgUnit: ['u1', 'u3'] })).toEqual(['i1', 'i5', 'i6'])
      expect(await find({ processId: 'mediation', status: 'active', orgUnit: 'u1', parentId: 'i1' })).toEqual(['i3'])
      expect(await find({ processId: 'nothing' })).toEqual([])
      const page = await store.findInstances({ businessKey: 'BK-2' }, { limit: 10 })
      expect(page.items).toEqual([rows[1]])
      expect(page.nextCursor).toBeUndefined()
    })

    test('pages through instances', async () => {
      // 25 instances, created three per millisecond, inserted in a scrambled order.
      const rows = Array.from({ length: 25 }, (_, i) => {
        const n = (i * 7) % 25
        return instance(`p-${String(n).padStart(2, '0')}`, {
          createdAt: T0 + Math.floor(n / 3),
          processId: n % 2 === 0 ? 'even' : 'odd',
        })
      })
      for (const row of rows) await store.commit(startChange(row))
      const expected = [...rows].sort((a, b) => a.createdAt - b.createdAt || byId(a.id, b.id))
      const collect = async (
        filter: Parameters<Store['findInstances']>[0],
        limit: number,
      ): Promise<{ items: StoredInstance[]; sizes: number[] }> => {
        const items: StoredInstance[] = []
        const sizes: number[] = []
        let cursor: string | undefined
        do {
          const page = await store.findInstances(filter, { limit, cursor })
          items.push(...page.items)
          sizes.push(page.items.length)
          cursor = page.nextCursor
          if (sizes.length > 30) throw new Error('pagination does not end')
        } while (cursor !== undefined)
        return { items, sizes }
      }
      const all = await collect({}, 10)
      expect(all.items).toEqual(expected)
      expect(all.sizes.slice(0, 3)).toEqual([10, 10, 5])
      expect(all.sizes.slice(3).every((n) => n === 0)).toBe(true)
      const even = await collect({ processId: 'even' }, 4)
      expect(ids(even.items)).toEqual(ids(expected.filter((r) => r.processId === 'even')))
      expect(even.sizes.slice(0, 4)).toEqual([4, 4, 4, 1])
    })

    test('filters tasks', async () => {
      const tasks = [
        task('k1', 'a', { role: 'reviewer', orgUnit: 'u1', dueAt: T0 + 10 }),
        task('k2', 'a', { role: 'approver', orgUnit: 'u1', dueAt: T0 + 20, assignee: 'alice' }),
        task('k3', 'b', { role: 'reviewer', orgUnit: 'u2', dueAt: null, processId: 'mediation' }),
        task('k4', 'b', { role: 'clerk', orgUnit: null, dueAt: T0 + 5, assignee: 'bob', processId: 'mediation' }),
        task('k5', 'c', { role: 'approver', orgUnit: 'u3', dueAt: T0 + 30, assignee: 'alice', warnAt: T0 + 25 }),
      ]
      await store.commit(startChange(instance('a'), { tasks: { open: tasks.slice(0, 2), close: [] } }))
      await store.commit(
        startChange(instance('b', { processId: 'mediation' }), { tasks: { open: tasks.slice(2, 4), close: [] } }),
      )
      await store.commit(startChange(instance('c'), { tasks: { open: tasks.slice(4), close: [] } }))
      const find = async (filter: Parameters<Store['findTasks']>[0]): Promise<string[]> =>
        ids((await store.findTasks(filter, { limit: 100 })).items)
      expect(await find({})).toEqual(['k4', 'k1', 'k2', 'k5', 'k3'])
      expect(await find({ role: 'reviewer' })).toEqual(['k1', 'k3'])
      expect(await find({ role: ['approver', 'clerk'] })).toEqual(['k4', 'k2', 'k5'])
      expect(await find({ role: [] })).toEqual([])
      expect(await find({ orgUnit: 'u1' })).toEqual(['k1', 'k2'])
      expect(await find({ orgUnit: ['u2', 'u3'] })).toEqual(['k5', 'k3'])
      expect(await find({ assignee: 'alice' })).toEqual(['k2', 'k5'])
      expect(await find({ instanceId: 'b' })).toEqual(['k4', 'k3'])
      expect(await find({ processId: 'mediation' })).toEqual(['k4', 'k3'])
      expect(await find({ dueBefore: T0 + 20 })).toEqual(['k4', 'k1'])
      expect(await find({ dueBefore: T0 + 21 })).toEqual(['k4', 'k1', 'k2'])
      expect(await find({ role: ['approver', 'reviewer'], orgUnit: 'u1', dueBefore: T0 + 100 })).toEqual(['k1', 'k2'])
      expect(await find({ role: 'approver', assignee: 'alice', processId: 'petition', instanceId: 'c' })).toEqual([
        'k5',
      ])
      expect((await store.findTasks({ instanceId: 'c' }, { limit: 10 })).items).toEqual([tasks[4]])
      expect((await store.findTasks({ instanceId: 'b' }, { limit: 10 })).items).toEqual([tasks[3], tasks[2]])
    })

    test('filters tasks by colour', async () => {
      const now = T0 + 100
      const tasks = [
        task('red-due-now', 'a', { dueAt: now, warnAt: now - 50 }),
        task('red-overdue', 'a', { dueAt: now - 1, warnAt: null }),
        task('yellow', 'a', { dueAt: now + 10, warnAt: now }),
        task('yellow-undated', 'a', { dueAt: null, warnAt: now - 1 }),
        task('green', 'a', { dueAt: now + 10, warnAt: now + 1 }),
        task('green-undated', 'a', { dueAt: null, warnAt: null }),
        task('green-no-warning', 'a', { dueAt: now + 1, warnAt: null }),
      ]
      await store.commit(startChange(instance('a'), { tasks: { open: tasks, close: [] } }))
      const find = async (
        colour: 'red' | 'yellow' | 'green',
        filter: Parameters<Store['findTasks']>[0] = {},
      ): Promise<string[]> => ids((await store.findTasks({ ...filter, colour: { colour, now } }, { limit: 100 })).items)
      expect(await find('red')).toEqual(['red-overdue', 'red-due-now'])
      expect(await find('yellow')).toEqual(['yellow', 'yellow-undated'])
      expect(await find('green')).toEqual(['green-no-warning', 'green', 'green-undated'])
      expect(await find('red', { role: 'nobody' })).toEqual([])
      expect(await find('green', { dueBefore: now + 5 })).toEqual(['green-no-warning'])
    })

    test('orders and pages tasks', async () => {
      // 25 tasks: every fifth without a due date, the others due in pairs; inserted scrambled.
      const tasks = Array.from({ length: 25 }, (_, i) => {
        const n = (i * 11) % 25
        return task(`t-${String(n).padStart(2, '0')}`, 'a', {
          dueAt: n % 5 === 0 ? null : T0 + 1000 * Math.floor(n / 2),
          role: n % 3 === 0 ? 'clerk' : 'reviewer',
        })
      })
      await store.commit(startChange(instance('a'), { tasks: { open: tasks, close: [] } }))
      const due = (t: TaskRow): number => t.dueAt ?? Number.POSITIVE_INFINITY
      const expected = [...tasks].sort((a, b) => (due(a) === due(b) ? byId(a.id, b.id) : due(a) < due(b) ? -1 : 1))
      const collect = async (
        filter: Parameters<Store['findTasks']>[0],
        limit: number,
      ): Promise<{ items: TaskRow[]; sizes: number[] }> => {
        const items: TaskRow[] = []
        const sizes: number[] = []
        let cursor: string | undefined
        do {
          const page = await store.findTasks(filter, { limit, cursor })
          items.push(...page.items)
          sizes.push(page.items.length)
          cursor = page.nextCursor
          if (sizes.length > 30) throw new Error('pagination does not end')
        } while (cursor !== undefined)
        return { items, sizes }
      }
      const all = await collect({}, 10)
      expect(all.items).toEqual(expected)
      expect(all.sizes.slice(0, 3)).toEqual([10, 10, 5])
      expect(all.sizes.slice(3).every((n) => n === 0)).toBe(true)
      expect(all.items.slice(-5).every((t) => t.dueAt === null)).toBe(true)
      const clerks = await collect({ role: 'clerk' }, 3)
      expect(ids(clerks.items)).toEqual(ids(expected.filter((t) => t.role === 'clerk')))
    })

    test('drops tasks closed by a later commit', async () => {
      const a = instance('a')
      await store.commit(
        startChange(a, { tasks: { open: [task('k1', 'a'), task('k2', 'a', { dueAt: T0 })], close: [] } }),
      )
      await store.commit(
        updateChange(a, 1, { tasks: { open: [task('k3', 'a', { dueAt: T0 + 1 })], close: ['k1', 'never-existed'] } }),
      )
      expect(ids((await store.findTasks({ instanceId: 'a' }, { limit: 10 })).items)).toEqual(['k2', 'k3'])
      await store.commit(updateChange(a, 2, { tasks: { open: [], close: ['k2', 'k3'] } }))
      expect((await store.findTasks({}, { limit: 10 })).items).toEqual([])
      expect((await store.findTasks({ role: 'reviewer' }, { limit: 10 })).items).toEqual([])
    })

    // ---- timers ------------------------------------------------------------------------------

    test('claims only due timers, in order, up to the limit', async () => {
      const timers = [
        timer('a', 'x', T0 + 3),
        timer('b', 'x', T0 + 1),
        timer('d', 'x', T0 + 2),
        timer('c', 'x', T0 + 2),
        timer('e', 'x', T0 + 10),
      ]
      await store.commit(startChange(instance('x'), { timers: { insert: timers, delete: [] } }))
      const leased = (t: TimerRow, owner: string, until: number): TimerRow => ({
        ...t,
        lockedBy: owner,
        lockedUntil: until,
      })
      const [a, b, d, c] = timers as [TimerRow, TimerRow, TimerRow, TimerRow]
      expect(await store.claimDueTimers(T0, 10, 'w1', 1000)).toEqual([])
      expect(await store.claimDueTimers(T0 + 2, 2, 'w1', 1000)).toEqual([
        leased(b, 'w1', T0 + 1002),
        leased(c, 'w1', T0 + 1002),
      ])
      expect(await store.claimDueTimers(T0 + 2, 10, 'w2', 500)).toEqual([leased(d, 'w2', T0 + 502)])
      expect(await store.claimDueTimers(T0 + 3, 10, 'w3', 1000)).toEqual([leased(a, 'w3', T0 + 1003)])
      expect(await store.claimDueTimers(T0 + 9, 10, 'w3', 1000)).toEqual([])
    })

    test('does not claim a leased timer before its lease ends', async () => {
      const t = timer('t', 'x', T0)
      await store.commit(startChange(instance('x'), { timers: { insert: [t], delete: [] } }))
      expect(ids(await store.claimDueTimers(T0, 10, 'w1', 1000))).toEqual(['t'])
      expect(await store.claimDueTimers(T0 + 999, 10, 'w2', 1000)).toEqual([])
      expect(await store.claimDueTimers(T0 + 1000, 10, 'w2', 1000)).toEqual([
        { ...t, lockedBy: 'w2', lockedUntil: T0 + 2000 },
      ])
      expect(await store.claimDueTimers(T0 + 1500, 10, 'w1', 1000)).toEqual([])
    })

    test('gives two concurrent timer claimers disjoint timers', async () => {
      const timers = Array.from({ length: 50 }, (_, i) => timer(`t${String(i).padStart(2, '0')}`, 'x', T0 + i))
      await store.commit(startChange(instance('x'), { timers: { insert: timers, delete: [] } }))
      const [one, two] = await Promise.all([
        store.claimDueTimers(T0 + 100, 30, 'one', 60_000),
        store.claimDueTimers(T0 + 100, 30, 'two', 60_000),
      ])
      expect(one.length).toBeLessThanOrEqual(30)
      expect(two.length).toBeLessThanOrEqual(30)
      expect(one.every((t) => t.lockedBy === 'one') && two.every((t) => t.lockedBy === 'two')).toBe(true)
      const union = new Set([...ids(one), ...ids(two)])
      expect(union.size).toBe(one.length + two.length)
      expect(union.size).toBe(50)
      expect(await store.claimDueTimers(T0 + 100, 30, 'three', 60_000)).toEqual([])
    })

    test('deletes timers', async () => {
      const timers = [timer('t1', 'x', T0 + 1), timer('t2', 'x', T0 + 2), timer('t3', 'x', T0 + 3)]
      await store.commit(startChange(instance('x'), { timers: { insert: timers, delete: [] } }))
      await store.deleteTimers([])
      await store.deleteTimers(['t1', 'missing'])
      expect(ids(await store.claimDueTimers(T0 + 10, 10, 'w', 1000))).toEqual(['t2', 't3'])
      await store.deleteTimers(['t2', 't3'])
      expect(await store.nextTimerDue()).toBeUndefined()
      expect(await store.claimDueTimers(T0 + 5000, 10, 'w', 1000)).toEqual([])
    })

    test('deletes and inserts timers in a commit', async () => {
      const x = instance('x')
      await store.commit(
        startChange(x, { timers: { insert: [timer('t1', 'x', T0 + 1), timer('t2', 'x', T0 + 2)], delete: [] } }),
      )
      // t1 is leased by a worker when the commit deletes it.
      expect(ids(await store.claimDueTimers(T0 + 1, 10, 'w', 60_000))).toEqual(['t1'])
      await store.commit(
        updateChange(x, 1, {
          timers: {
            insert: [timer('t3', 'x', T0 + 3, { event: { type: 'EXPIRE', days: 3 } })],
            delete: ['t1', 'missing'],
          },
        }),
      )
      const claimed = await store.claimDueTimers(T0 + 10, 10, 'w', 1000)
      expect(claimed).toEqual([
        { ...timer('t2', 'x', T0 + 2), lockedBy: 'w', lockedUntil: T0 + 1010 },
        { ...timer('t3', 'x', T0 + 3, { event: { type: 'EXPIRE', days: 3 } }), lockedBy: 'w', lockedUntil: T0 + 1010 },
      ])
    })

    test('suspends, resumes and cancels a case: its statuses, parked timers and marked deadlines', async () => {
      // What engine.suspend / resume / cancel write (decision 0015): the status, an `after`
      // timer's row deleted while the case is suspended and inserted again under its own id on
      // resumption, and a deadline paused by the suspension carrying its mark in the row.
      const paused = {
        name: 'hear',
        stateNode: 'open',
        unit: 'days' as const,
        amount: 30,
        startedAt: T0,
        dueAt: T0 + 30 * 86_400_000,
        warnAt: null,
        pausedAt: T0 + 5,
        timerId: null,
        extensions: 0,
        expired: false,
        bySuspension: true as const,
      }
      const x = instance('x', { timers: [{ id: 't1', key: 'xstate.after.1h.open', dueAt: T0 + 1 }] })
      await store.commit(startChange(x, { timers: { insert: [timer('t1', 'x', T0 + 1)], delete: [] } }))
      const suspended = { ...x, status: 'suspended' as const, deadlines: [paused] }
      await store.commit(updateChange(suspended, 1, { timers: { insert: [], delete: ['t1'] } }))
      const read = await store.getInstance('x')
      expect(read?.status).toBe('suspended')
      expect(read?.deadlines).toEqual([paused])
      expect(read?.timers).toEqual(x.timers)
      expect(await store.nextTimerDue()).toBeUndefined()
      expect(ids((await store.findInstances({ status: 'suspended' }, { limit: 10 })).items)).toEqual(['x'])
      expect((await store.findInstances({ status: 'active' }, { limit: 10 })).items).toEqual([])

      const { bySuspension: _, ...resumedDeadline } = paused
      const resumed = { ...x, status: 'active' as const, deadlines: [{ ...resumedDeadline, pausedAt: null }] }
      await store.commit(updateChange(resumed, 2, { timers: { insert: [timer('t1', 'x', T0 + 1)], delete: [] } }))
      expect((await store.getInstance('x'))?.deadlines).toEqual([{ ...resumedDeadline, pausedAt: null }])
      expect(ids(await store.claimDueTimers(T0 + 1, 10, 'w', 1000))).toEqual(['t1'])

      const cancelled = { ...x, status: 'cancelled' as const, completedAt: T0 + 9, outcome: 'cancelled', timers: [] }
      await store.commit(updateChange(cancelled, 3, { timers: { insert: [], delete: ['t1'] } }))
      expect(ids((await store.findInstances({ status: 'cancelled' }, { limit: 10 })).items)).toEqual(['x'])
      expect(await store.getInstance('x')).toMatchObject({
        status: 'cancelled',
        outcome: 'cancelled',
        completedAt: T0 + 9,
      })
      // A cancelled case is closed: retention purges it like a completed one.
      expect(await store.purge(T0 + 10, 10)).toEqual(['x'])
    })

    test('reports the next timer due', async () => {
      expect(await store.nextTimerDue()).toBeUndefined()
      const x = instance('x')
      await store.commit(
        startChange(x, { timers: { insert: [timer('t2', 'x', T0 + 20), timer('t1', 'x', T0 + 10)], delete: [] } }),
      )
      expect(await store.nextTimerDue()).toBe(T0 + 10)
      // A leased timer is still stored, so it still counts.
      await store.claimDueTimers(T0 + 10, 10, 'w', 1000)
      expect(await store.nextTimerDue()).toBe(T0 + 10)
      await store.commit(updateChange(x, 1, { timers: { insert: [], delete: ['t1'] } }))
      expect(await store.nextTimerDue()).toBe(T0 + 20)
    })

    // ---- outbox ------------------------------------------------------------------------------

    test('claims and acknowledges outbox messages', async () => {
      // m2 leaves `lastError` out; a store may return it as null.
      const { lastError: _, ...m2 } = message('m2', 'x')
      const msgs = [message('m1', 'x'), m2, message('m3', 'x', { availableAt: T0 + 100, createdAt: T0 + 1 })]
      await store.commit(startChange(instance('x'), { outbox: msgs }))
      const first = await store.claimOutbox(T0, 10, 'w', 1000)
      expect(first.map(normalize).sort((a, b) => byId(a.id, b.id))).toEqual([
        normalize(msgs[0] as OutboxMessage),
        normalize(msgs[1] as OutboxMessage),
      ])
      await store.ackOutbox(['m1'])
      await store.ackOutbox([])
      // After the lease, the unacknowledged m2 comes back; m3 is due by then as well.
      const second = await store.claimOutbox(T0 + 1000, 10, 'w', 1000)
      expect(ids(second).sort(byId)).toEqual(['m2', 'm3'])
      await store.ackOutbox(['m2', 'm3', 'missing'])
      expect(await store.claimOutbox(T0 + 100_000, 10, 'w', 1000)).toEqual([])
    })

    test('does not claim a leased outbox message before its lease ends', async () => {
      await store.commit(startChange(instance('x'), { outbox: [message('m1', 'x')] }))
      expect(ids(await store.claimOutbox(T0, 10, 'w1', 1000))).toEqual(['m1'])
      expect(await store.claimOutbox(T0 + 999, 10, 'w2', 1000)).toEqual([])
      expect(ids(await store.claimOutbox(T0 + 1000, 10, 'w2', 1000))).toEqual(['m1'])
      expect(await store.claimOutbox(T0 + 1500, 10, 'w1', 1000)).toEqual([])
    })

    test('retries outbox messages', async () => {
      const m = message('m1', 'x')
      await store.commit(startChange(instance('x'), { outbox: [m] }))
      expect(ids(await store.claimOutbox(T0, 10, 'w', 60_000))).toEqual(['m1'])
      await store.retryOutbox('m1', T0 + 5000, 'SMS gateway timed out')
      expect(await store.claimOutbox(T0 + 4999, 10, 'w', 60_000)).toEqual([])
      const [again] = await store.claimOutbox(T0 + 5000, 10, 'w', 60_000)
      expect(again && normalize(again)).toEqual({
        ...m,
        attempts: 1,
        availableAt: T0 + 5000,
        lastError: 'SMS gateway timed out',
      })
      await store.retryOutbox('m1', T0 + 9000, '短信网关超时')
      const [third] = await store.claimOutbox(T0 + 9000, 10, 'w', 60_000)
      expect(third && normalize(third)).toEqual({
        ...m,
        attempts: 2,
        availableAt: T0 + 9000,
        lastError: '短信网关超时',
      })
      await store.retryOutbox('missing', T0, 'ignored')
    })

    test('gives two concurrent outbox claimers disjoint messages', async () => {
      const msgs = Array.from({ length: 40 }, (_, i) =>
        message(`m${String(i).padStart(2, '0')}`, 'x', { createdAt: T0 + i, availableAt: T0 + i }),
      )
      await store.commit(startChange(instance('x'), { outbox: msgs }))
      const [one, two] = await Promise.all([
        store.claimOutbox(T0 + 100, 25, 'one', 60_000),
        store.claimOutbox(T0 + 100, 25, 'two', 60_000),
      ])
      expect(one.length).toBeLessThanOrEqual(25)
      expect(two.length).toBeLessThanOrEqual(25)
      const union = new Set([...ids(one), ...ids(two)])
      expect(union.size).toBe(one.length + two.length)
      expect(union.size).toBe(40)
    })

    // ---- idempotency, payloads, page requests -------------------------------------------------

    test('finds idempotency records', async () => {
      expect(await store.findIdempotent('k')).toBeUndefined()
      const r = record('timer:t1', 'x', { result: { ok: true, snapshot: { value: 'done' }, list: [1, null] } })
      await store.commit(startChange(instance('x'), { idempotency: r }))
      expect(await store.findIdempotent('timer:t1')).toEqual(r)
      expect(await store.findIdempotent('timer:t2')).toBeUndefined()
    })

    test('prunes idempotency records oldest first, before a time, up to a limit', async () => {
      // Four records, created one millisecond apart, listed out of order.
      for (const [key, at] of [
        ['k2', 2],
        ['k0', 0],
        ['k3', 3],
        ['k1', 1],
      ] as const) {
        await store.commit(
          startChange(instance(`i-${key}`), { idempotency: record(key, `i-${key}`, { createdAt: T0 + at }) }),
        )
      }
      expect(await store.pruneIdempotency(T0 + 3, 2)).toBe(2)
      expect(await store.findIdempotent('k0')).toBeUndefined()
      expect(await store.findIdempotent('k1')).toBeUndefined()
      expect(await store.findIdempotent('k2')).toEqual(record('k2', 'i-k2', { createdAt: T0 + 2 }))
      // Strictly before: k3 (created at T0 + 3) stays.
      expect(await store.pruneIdempotency(T0 + 3, 10)).toBe(1)
      expect(await store.findIdempotent('k2')).toBeUndefined()
      expect(await store.findIdempotent('k3')).toEqual(record('k3', 'i-k3', { createdAt: T0 + 3 }))
      expect(await store.pruneIdempotency(T0 + 3, 10)).toBe(0)
      // The key can be taken again, and instances are untouched.
      await store.commit(
        startChange(instance('i-again'), { idempotency: record('k0', 'i-again', { createdAt: T0 + 9 }) }),
      )
      expect(await store.findIdempotent('k0')).toMatchObject({ instanceId: 'i-again' })
      expect(await store.getInstance('i-k0')).toMatchObject({ id: 'i-k0' })
      for (const bad of [
        () => store.pruneIdempotency(T0, 0),
        () => store.pruneIdempotency(T0, 1001),
        () => store.pruneIdempotency(Number.NaN, 10),
      ]) {
        const e = await rejection(bad())
        expect(isFengqiaoError(e, 'INVALID_OPTIONS')).toBe(true)
      }
      expect(await store.findIdempotent('k3')).toBeDefined()
    })

    test('round-trips large JSON', async () => {
      const items = Array.from({ length: 2000 }, (_, i) => ({
        i,
        text: `item ${i} `.repeat(8),
        flag: i % 2 === 0,
        none: null,
      }))
      const snapshot: Json = { value: 'open', context: { items } }
      expect(JSON.stringify(snapshot).length).toBeGreaterThan(200_000)
      const row = instance('big', { snapshot })
      const m = message('m-big', 'big', { context: snapshot })
      await store.commit({
        instances: [{ row, expectedVersion: null }],
        history: [entry('big', 1, { event: snapshot })],
        outbox: [m],
      })
      expect(await store.getInstance('big')).toEqual(row)
      expect(await store.history('big')).toEqual([entry('big', 1, { event: snapshot })])
      expect((await store.claimOutbox(T0, 1, 'w', 1000)).map(normalize)).toEqual([normalize(m)])
    })

    test('round-trips unicode text', async () => {
      const zh = '枫桥经验：小事不出村，大事不出镇，矛盾不上交 👍'
      const row = instance('案件-一', {
        stateKey: '受理.审查',
        orgUnit: '浙江省诸暨市枫桥镇',
        businessKey: '（2026）浙0681民调1号',
        snapshot: { value: '受理', context: { 当事人: ['张三', '李四'], 摘要: zh } },
      })
      const t = task('任务-一', row.id, {
        role: '调解员',
        orgUnit: '浙江省诸暨市枫桥镇',
        title: { zh: '审查调解申请' },
        assignee: '王五',
      })
      await store.commit({
        instances: [{ row, expectedVersion: null }],
        history: [entry(row.id, 1, { event: { type: 'SUBMIT', 说明: zh }, actor: { id: '王五', roles: ['调解员'] } })],
        tasks: { open: [t], close: [] },
        idempotency: record('命令-1', row.id, { result: { 结果: zh } }),
      })
      expect(await store.getInstance(row.id)).toEqual(row)
      expect(await store.history(row.id)).toEqual([
        entry(row.id, 1, { event: { type: 'SUBMIT', 说明: zh }, actor: { id: '王五', roles: ['调解员'] } }),
      ])
      expect((await store.findInstances({ orgUnit: '浙江省诸暨市枫桥镇' }, { limit: 10 })).items).toEqual([row])
      expect((await store.findInstances({ businessKey: '（2026）浙0681民调1号' }, { limit: 10 })).items).toEqual([row])
      expect((await store.findTasks({ role: '调解员', assignee: '王五' }, { limit: 10 })).items).toEqual([t])
      expect(await store.findIdempotent('命令-1')).toEqual(record('命令-1', row.id, { result: { 结果: zh } }))
    })

    test('rejects bad page requests', async () => {
      for (const limit of [0, -1, 1.5, 1001]) {
        expect(isFengqiaoError(await rejection(store.findInstances({}, { limit })), 'INVALID_OPTIONS')).toBe(true)
        expect(isFengqiaoError(await rejection(store.findTasks({}, { limit })), 'INVALID_OPTIONS')).toBe(true)
      }
      for (const cursor of ['not a cursor', Buffer.from('["x",1]').toString('base64url')]) {
        expect(
          isFengqiaoError(await rejection(store.findInstances({}, { limit: 10, cursor })), 'INVALID_OPTIONS'),
        ).toBe(true)
        expect(isFengqiaoError(await rejection(store.findTasks({}, { limit: 10, cursor })), 'INVALID_OPTIONS')).toBe(
          true,
        )
      }
      for (const limit of [0, 1001])
        expect(isFengqiaoError(await rejection(store.chainHeads({ limit })), 'INVALID_OPTIONS')).toBe(true)
    })

    test('round-trips the key id and row digest of history entries', async () => {
      // A keyed chain records both; unkeyed entries carry neither and must come back without.
      const a = instance('a')
      await store.commit(startChange(a))
      const sealed = entry('a', 2, { keyId: 'k-2026.01', rowDigest: 'd'.repeat(64) })
      await store.commit({ ...updateChange(a, 1), history: [sealed] })
      // toEqual tells a null field from an absent one: unkeyed entries come back without them.
      expect(await store.history('a')).toEqual([entry('a', 1), sealed])
    })

    test('reads chain heads in id order, a page at a time', async () => {
      expect(await store.chainHeads({ limit: 10 })).toEqual({ items: [] })
      for (const id of ['c', 'a', 'b']) await store.commit(startChange(instance(id)))
      await store.commit(updateChange(instance('b'), 1))
      const first = await store.chainHeads({ limit: 2 })
      expect(first.items).toEqual([
        { instanceId: 'a', seq: 1, hash: 'hash-a-1' },
        { instanceId: 'b', seq: 2, hash: 'hash-b-2' },
      ])
      expect(first.nextCursor).toBeDefined()
      const second = await store.chainHeads({ limit: 2, cursor: first.nextCursor })
      expect(second).toEqual({ items: [{ instanceId: 'c', seq: 1, hash: 'hash-c-1' }] })
    })

    // ---- personal data: erasure and retention -------------------------------------------------

    test('rewrites history events and commits a change atomically', async () => {
      const a = instance('a')
      await store.commit(startChange(a))
      await store.commit(updateChange(a, 1))
      const next = { ...a, version: 3, historySeq: 3, historyHash: 'hash-a-3' }
      const erased = { type: 'SUBMIT', name: { $fq: 'erased', d: 'digest-1' } }
      await store.rewritePersonal('a', [{ seq: 1, event: erased }], {
        instances: [{ row: next, expectedVersion: 2 }],
        history: [entry('a', 3, { kind: 'erased' })],
      })
      const h = await store.history('a')
      expect(h.map((e) => e.seq)).toEqual([1, 2, 3])
      // Only the event changes: the hashes stay as written.
      expect(h[0]).toEqual(entry('a', 1, { event: erased }))
      expect(h[1]).toEqual(entry('a', 2))
      expect(h[2]?.kind).toBe('erased')
      expect(await store.getInstance('a')).toEqual(next)
      // A stale version, or an entry that does not exist: refused, nothing written.
      const again = { type: 'SUBMIT', name: 'again' }
      await expectConflict(
        store.rewritePersonal('a', [{ seq: 2, event: again }], {
          instances: [{ row: { ...next, version: 4 }, expectedVersion: 2 }],
          history: [entry('a', 4)],
        }),
      )
      await expectConflict(
        store.rewritePersonal('a', [{ seq: 9, event: again }], {
          instances: [{ row: { ...next, version: 4 }, expectedVersion: 3 }],
          history: [entry('a', 4)],
        }),
      )
      expect(await store.history('a')).toEqual(h)
      expect(await store.getInstance('a')).toEqual(next)
    })

    test('purges closed cases past a time with their whole record', async () => {
      const closed = (id: string, at: number) => instance(id, { status: 'completed', completedAt: at })
      await store.commit(
        startChange(closed('old1', T0 + 1), {
          outbox: [message('m-old1', 'old1')],
          idempotency: record('k-old1', 'old1'),
          tasks: { open: [task('k-old1', 'old1')], close: [] },
          timers: { insert: [timer('t-old1', 'old1', T0)], delete: [] },
        }),
      )
      await store.openIncident(incident('inc-old1', 'm-old1', { instanceId: 'old1' }))
      await store.openIncident(incident('inc-running', 'm-running', { instanceId: 'running' }))
      await store.commit(startChange(closed('old2', T0 + 2)))
      await store.commit(startChange(closed('recent', T0 + 10)))
      await store.commit(startChange(instance('running')))
      expect(await store.purge(T0 + 10, 1)).toEqual(['old1'])
      expect(await store.purge(T0 + 10, 10)).toEqual(['old2'])
      expect(await store.purge(T0 + 10, 10)).toEqual([])
      for (const id of ['old1', 'old2']) {
        expect(await store.getInstance(id)).toBeUndefined()
        expect(await store.history(id)).toEqual([])
      }
      expect(await store.findIdempotent('k-old1')).toBeUndefined()
      expect(await store.getIncident('inc-old1')).toBeUndefined()
      expect(await store.getIncident('inc-running')).toBeDefined()
      expect((await store.findTasks({ instanceId: 'old1' }, { limit: 10 })).items).toEqual([])
      expect(await allTimerIds()).toEqual([])
      expect(await store.claimOutbox(Number.MAX_SAFE_INTEGER - 1, 10, 'w', 1)).toEqual([])
      // Strictly before, and never a running case.
      expect(await store.getInstance('recent')).toBeDefined()
      expect(await store.getInstance('running')).toBeDefined()
      expect(isFengqiaoError(await rejection(store.purge(T0, 0)), 'INVALID_OPTIONS')).toBe(true)
    })

    // ---- incidents ---------------------------------------------------------------------------

    test('counts failed timer firings and holds the timer back until its retry time', async () => {
      await store.commit(startChange(instance('x'), { timers: { insert: [timer('t1', 'x', T0 + 10)], delete: [] } }))
      expect(await store.nextTimerDue()).toBe(T0 + 10)
      expect(ids(await store.claimDueTimers(T0 + 10, 10, 'w', 1000))).toEqual(['t1'])
      // Leased, it still counts at its due time; released for a retry, at its retry time.
      expect(await store.nextTimerDue()).toBe(T0 + 10)
      expect(await store.retryTimer('t1', T0 + 2000, 'handler threw')).toBe(1)
      expect(await store.nextTimerDue()).toBe(T0 + 2000)
      expect(await store.claimDueTimers(T0 + 1999, 10, 'w', 1000)).toEqual([])
      const [again] = await store.claimDueTimers(T0 + 2000, 10, 'w', 1000)
      expect(again).toEqual({ ...timer('t1', 'x', T0 + 10), lockedBy: 'w', lockedUntil: T0 + 3000, attempts: 1 })
      expect(await store.retryTimer('t1', T0 + 5000, '仍然失败')).toBe(2)
      expect(await store.retryTimer('gone', T0 + 5000, 'no such timer')).toBe(0)
      // A timer inserted again by a later commit (a new id) starts from no attempts.
      await store.commit(
        updateChange(instance('x'), 1, { timers: { insert: [timer('t2', 'x', T0 + 20)], delete: ['t1'] } }),
      )
      expect(await store.retryTimer('t2', T0 + 30, 'first failure')).toBe(1)
    })

    test('parks the subject of an open incident and puts it back on retry', async () => {
      await store.commit(
        startChange(instance('x'), {
          outbox: [message('m1', 'x'), message('m2', 'x', { createdAt: T0 + 1 })],
          timers: { insert: [timer('t1', 'x', T0), timer('t2', 'x', T0 + 1)], delete: [] },
        }),
      )
      await store.retryOutbox('m1', T0, 'down')
      await store.retryTimer('t1', T0, 'down')
      await store.openIncident(incident('i1', 'm1', { attempts: 2 }))
      await store.openIncident(incident('i2', 't1', { kind: 'timer', type: 'xstate.after.1000.t1' }))
      // Held at every real time: neither claimed nor reported as the next timer.
      const late = INCIDENT_HOLD - 1
      expect(ids(await store.claimOutbox(late, 10, 'w', 1))).toEqual(['m2'])
      expect(ids(await store.claimDueTimers(T0 + 100, 10, 'w', 1000))).toEqual(['t2'])
      expect(await store.nextTimerDue()).toBe(T0 + 1)
      await store.deleteTimers(['t2'])
      expect(await store.claimDueTimers(late, 10, 'w', 1)).toEqual([])
      expect(await store.nextTimerDue()).toBeUndefined()
      expect(await store.getIncident('i1')).toEqual(incident('i1', 'm1', { attempts: 2 }))

      const by = { id: 'admin-1', roles: ['admin'] }
      const closed = await store.closeIncident('i1', { resolution: 'retried', at: T0 + 50, by, reason: '网关已恢复' })
      expect(closed).toEqual({
        ...incident('i1', 'm1', { attempts: 2 }),
        status: 'resolved',
        closedAt: T0 + 50,
        closedBy: by,
        resolution: 'retried',
        reason: '网关已恢复',
      })
      expect(await store.getIncident('i1')).toEqual(closed)
      expect(await store.claimOutbox(T0 + 49, 10, 'w', 1000)).toEqual([])
      const [back] = await store.claimOutbox(T0 + 50, 10, 'w', 1000)
      expect(back && normalize(back)).toEqual({
        ...message('m1', 'x'),
        attempts: 0,
        availableAt: T0 + 50,
        lastError: 'down',
      })

      await store.closeIncident('i2', { resolution: 'retried', at: T0 + 60, by, reason: 'fixed' })
      expect(await store.nextTimerDue()).toBe(T0)
      // Attempts count afresh after a retry.
      expect(await store.claimDueTimers(T0 + 60, 10, 'w', 1000)).toEqual([
        { ...timer('t1', 'x', T0), lockedBy: 'w', lockedUntil: T0 + 1060 },
      ])
      expect(await store.retryTimer('t1', T0 + 70, 'again')).toBe(1)
    })

    test('removes the subject of an incident resolved without retry', async () => {
      await store.commit(
        startChange(instance('x'), {
          outbox: [message('m1', 'x')],
          timers: { insert: [timer('t1', 'x', T0)], delete: [] },
        }),
      )
      await store.openIncident(incident('i1', 'm1'))
      await store.openIncident(incident('i2', 't1', { kind: 'timer' }))
      const by = { id: 'admin-1', roles: ['admin'] }
      expect(
        await store.closeIncident('i1', { resolution: 'resolved', at: T0 + 5, by, reason: 'sent by hand' }),
      ).toMatchObject({ status: 'resolved', resolution: 'resolved', closedAt: T0 + 5 })
      await store.closeIncident('i2', { resolution: 'resolved', at: T0 + 5, by, reason: 'case repaired' })
      expect(await store.claimOutbox(Number.MAX_SAFE_INTEGER - 1, 10, 'w', 1)).toEqual([])
      expect(await allTimerIds()).toEqual([])
      expect(await store.nextTimerDue()).toBeUndefined()
    })

    test('closes an incident once', async () => {
      await store.commit(startChange(instance('x'), { outbox: [message('m1', 'x')] }))
      await store.openIncident(incident('i1', 'm1'))
      // An incident whose subject is already gone still opens (and closes).
      await store.openIncident(incident('i2', 'gone', { kind: 'timer' }))
      const by = { id: 'admin-1', roles: ['admin'] }
      const results = await Promise.all([
        store.closeIncident('i1', { resolution: 'retried', at: T0 + 1, by, reason: 'one' }),
        store.closeIncident('i1', { resolution: 'resolved', at: T0 + 2, by, reason: 'two' }),
      ])
      expect(results.filter((r) => r !== undefined)).toHaveLength(1)
      const winner = results.find((r) => r !== undefined) as IncidentRow
      expect(await store.getIncident('i1')).toEqual(winner)
      // The loser wrote nothing: the message is where the winner left it.
      const left = await store.claimOutbox(T0 + 10, 10, 'w', 1)
      expect(ids(left)).toEqual(winner.resolution === 'retried' ? ['m1'] : [])
      expect(await store.closeIncident('nope', { resolution: 'retried', at: T0, by, reason: 'x' })).toBeUndefined()
      expect(await store.closeIncident('i2', { resolution: 'retried', at: T0, by, reason: 'x' })).toMatchObject({
        status: 'resolved',
      })
      expect(await store.getIncident('nope')).toBeUndefined()
    })

    test('filters and pages incidents', async () => {
      const rows = [
        incident('a', 'm-a', { openedAt: T0 + 3 }),
        incident('b', 't-b', { kind: 'timer', instanceId: 'y', processId: 'mediation', openedAt: T0 + 1 }),
        incident('c', 'm-c', { openedAt: T0 + 1 }),
        incident('d', 'm-d', { instanceId: 'y', processId: null, openedAt: T0 + 2, errorCode: 'INVALID_EVENT' }),
      ]
      for (const r of rows) await store.openIncident(r)
      await store.closeIncident('a', { resolution: 'resolved', at: T0 + 9, by: { id: 'z', roles: [] }, reason: 'r' })
      const all = await store.findIncidents({}, { limit: 10 })
      expect(ids(all.items)).toEqual(['b', 'c', 'd', 'a'])
      expect(all.items[2]).toEqual(rows[3])
      expect(ids((await store.findIncidents({ status: 'open' }, { limit: 10 })).items)).toEqual(['b', 'c', 'd'])
      expect(ids((await store.findIncidents({ status: 'resolved' }, { limit: 10 })).items)).toEqual(['a'])
      expect(ids((await store.findIncidents({ kind: 'timer' }, { limit: 10 })).items)).toEqual(['b'])
      expect(ids((await store.findIncidents({ instanceId: 'y' }, { limit: 10 })).items)).toEqual(['b', 'd'])
      expect(ids((await store.findIncidents({ processId: 'petition' }, { limit: 10 })).items)).toEqual(['c', 'a'])
      expect(
        ids((await store.findIncidents({ instanceId: 'x', status: 'open', kind: 'outbox' }, { limit: 10 })).items),
      ).toEqual(['c'])
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const p = await store.findIncidents({}, { limit: 3, cursor })
        seen.push(...ids(p.items))
        cursor = p.nextCursor
      } while (cursor !== undefined)
      expect(seen).toEqual(['b', 'c', 'd', 'a'])
      expect(isFengqiaoError(await rejection(store.findIncidents({}, { limit: 0 })), 'INVALID_OPTIONS')).toBe(true)
    })

    // ---- reports ----------------------------------------------------------------------------

    reportConformance(test, () => store, { t0: T0, instance, entry, task })
  })
}
