/**
 * Tests of the SQL adapter beyond the Store contract, run against every database alike:
 * migrations, table prefixes, error mapping, statement size limits.
 */
import { isFengqiaoError, type TaskRow, type TimerRow } from '@fengqiao/core/store'
import { describe, expect, it } from 'vitest'
import type { SqlStore } from '../src/index.js'
import { instance, start, T0, update } from './fixtures.js'

/** What the shared cases need from one database. */
export interface AdapterHarness {
  /** A new store on the test database (not migrated). */
  store(tablePrefix: string): SqlStore
  /** Runs SQL on the test database directly, returning rows. */
  query(text: string): Promise<Record<string, unknown>[]>
  /** A table prefix no other test uses. */
  nextPrefix(): string
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected a rejection')
}

/**
 * Registers the shared adapter cases.
 *
 * @param harness - called inside each test (servers are set up in `beforeAll`)
 */
export function describeSqlAdapter(name: string, harness: () => AdapterHarness): void {
  describe(`${name}: adapter`, () => {
    it('migrates twice, and from several stores at once', async () => {
      const h = harness()
      const prefix = h.nextPrefix()
      const stores = [h.store(prefix), h.store(prefix), h.store(prefix)]
      try {
        await Promise.all(stores.map((s) => s.migrate()))
        await stores[0]?.migrate()
        const rows = await h.query(`select version, name from ${prefix}migrations`)
        expect(rows.map((r) => [Number(r.version), r.name]).sort()).toEqual([
          [1, 'initial'],
          [2, 'idempotency-by-age'],
          [3, 'history-integrity'],
          [5, 'report-escalations'],
          [7, 'incidents'],
        ])
        await stores[1]?.commit(start(instance('a')))
        expect((await stores[2]?.getInstance('a'))?.version).toBe(1)
      } finally {
        await stores[0]?.dropTables()
        await Promise.all(stores.map((s) => s.close()))
      }
    })

    it('keeps stores with different table prefixes apart', async () => {
      const h = harness()
      const a = h.store(h.nextPrefix())
      const b = h.store(h.nextPrefix())
      try {
        await a.migrate()
        await b.migrate()
        await a.commit(start(instance('x')))
        expect(await b.getInstance('x')).toBeUndefined()
        expect((await b.findInstances({}, { limit: 10 })).items).toEqual([])
        await b.commit(start(instance('x', { stateKey: 'in-b' })))
        expect((await a.getInstance('x'))?.stateKey).toBe('open')
        await a.dropTables()
        expect((await b.getInstance('x'))?.stateKey).toBe('in-b')
      } finally {
        await b.dropTables()
        await a.close()
        await b.close()
      }
    })

    it('reports missing tables as STORE_UNAVAILABLE, pointing at migrate()', async () => {
      const h = harness()
      const s = h.store(h.nextPrefix())
      try {
        for (const call of [
          () => s.getInstance('x'),
          () => s.commit(start(instance('x'))),
          () => s.claimDueTimers(T0, 10, 'w', 1000),
        ]) {
          const e = await rejection(call())
          expect(isFengqiaoError(e, 'STORE_UNAVAILABLE')).toBe(true)
          expect((e as Error).message).toContain('migrate()')
          expect((e as Error).cause).toBeDefined()
        }
      } finally {
        await s.close()
      }
    })

    it('refuses unusable table prefixes with INVALID_OPTIONS', () => {
      const h = harness()
      for (const bad of ['fq-', '1fq_', 'fq_; drop table x', 'x'.repeat(33)]) {
        let caught: unknown
        try {
          h.store(bad)
        } catch (e) {
          caught = e
        }
        expect(isFengqiaoError(caught, 'INVALID_OPTIONS')).toBe(true)
      }
    })

    it('refuses calls after close() with CLOSED', async () => {
      const h = harness()
      const s = h.store(h.nextPrefix())
      await s.close()
      await s.close()
      expect(isFengqiaoError(await rejection(s.getInstance('x')), 'CLOSED')).toBe(true)
    })

    it('writes change sets larger than one statement allows', async () => {
      const h = harness()
      const s = h.store(h.nextPrefix())
      try {
        await s.migrate()
        const tasks: TaskRow[] = Array.from({ length: 2500 }, (_, i) => ({
          id: `k${String(i).padStart(4, '0')}`,
          instanceId: 'a',
          processId: 'petition',
          stateNode: 'review',
          role: 'reviewer',
          orgUnit: 'u1',
          assignee: null,
          title: { n: i },
          dueAt: T0 + i,
          warnAt: null,
          createdAt: T0,
        }))
        const timers: TimerRow[] = Array.from({ length: 1500 }, (_, i) => ({
          id: `t${i}`,
          instanceId: 'a',
          key: 'k',
          dueAt: T0 + i,
          event: { i },
        }))
        // One instance (PostgreSQL: the one-statement path) …
        await s.commit(
          start(instance('a'), { tasks: { open: tasks, close: [] }, timers: { insert: timers, delete: [] } }),
        )
        // … and two instances (the transaction path everywhere).
        const closeAll = update(instance('a'), 1, {
          tasks: { open: [], close: tasks.map((t) => t.id) },
          timers: { insert: [], delete: timers.map((t) => t.id) },
        })
        const startB = start(instance('b'))
        await s.commit({
          ...closeAll,
          instances: [...closeAll.instances, ...startB.instances],
          history: [...closeAll.history, ...startB.history],
        })
        expect((await s.findTasks({}, { limit: 10 })).items).toEqual([])
        expect(await s.nextTimerDue()).toBeUndefined()
        await s.commit(update(instance('b'), 1, { tasks: { open: tasks, close: [] } }))
        let count = 0
        let cursor: string | undefined
        do {
          const page = await s.findTasks({ role: 'reviewer' }, { limit: 1000, cursor })
          count += page.items.length
          cursor = page.nextCursor
        } while (cursor !== undefined)
        expect(count).toBe(2500)
      } finally {
        await s.dropTables()
        await s.close()
      }
    })

    it('replaces a task or timer written again, also when closed and reopened in one commit', async () => {
      const h = harness()
      const s = h.store(h.nextPrefix())
      try {
        await s.migrate()
        const task = (title: string): TaskRow => ({
          id: 'k1',
          instanceId: 'a',
          processId: 'p',
          stateNode: 's',
          role: 'r',
          orgUnit: null,
          assignee: null,
          title,
          dueAt: null,
          warnAt: null,
          createdAt: T0,
        })
        const timer = (dueAt: number): TimerRow => ({ id: 't1', instanceId: 'a', key: 'k', dueAt, event: null })
        await s.commit(
          start(instance('a'), {
            tasks: { open: [task('first')], close: [] },
            timers: { insert: [timer(T0 + 5)], delete: [] },
          }),
        )
        await s.commit(
          update(instance('a'), 1, {
            tasks: { open: [task('second')], close: ['k1'] },
            timers: { insert: [timer(T0 + 6)], delete: ['t1'] },
          }),
        )
        expect((await s.findTasks({}, { limit: 10 })).items.map((t) => t.title)).toEqual(['second'])
        expect(await s.nextTimerDue()).toBe(T0 + 6)
        await s.commit(
          update(instance('a'), 2, {
            tasks: { open: [task('third')], close: [] },
            timers: { insert: [timer(T0 + 7)], delete: [] },
          }),
        )
        expect((await s.findTasks({}, { limit: 10 })).items.map((t) => t.title)).toEqual(['third'])
        expect(await s.nextTimerDue()).toBe(T0 + 7)
      } finally {
        await s.dropTables()
        await s.close()
      }
    })
  })
}
