import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { isFengqiaoError } from '@fengqiao/core/store'
import { describeStoreConformance } from '@fengqiao/core/testing/conformance'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { sqliteStore } from '../src/index.js'
import { describeSqlAdapter } from './adapter-cases.js'
import { instance, start, T0, update } from './fixtures.js'
import { prefixes } from './servers.js'

const dir = mkdtempSync(join(tmpdir(), 'fengqiao-sqlite-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const nextPrefix = prefixes()
const file = join(dir, 'test.db')

describeStoreConformance('sqlite (in memory)', {
  create: async () => {
    const store = sqliteStore({ filename: ':memory:' })
    await store.migrate()
    return store
  },
})

describeStoreConformance('sqlite (file)', {
  create: async () => {
    const store = sqliteStore({ filename: file }, { tablePrefix: nextPrefix() })
    await store.migrate()
    return store
  },
  destroy: (store) => store.dropTables(),
})

describeSqlAdapter('sqlite', () => ({
  store: (tablePrefix) => sqliteStore({ filename: file }, { tablePrefix }),
  nextPrefix,
  query: async (text) => {
    const db = new Database(file)
    try {
      return db.prepare(text).all() as Record<string, unknown>[]
    } finally {
      db.close()
    }
  },
}))

describe('sqlite: file', () => {
  it('keeps data in a WAL-mode file across reopening', async () => {
    const path = join(dir, 'reopen.db')
    const first = sqliteStore({ filename: path })
    await first.migrate()
    await first.commit(start(instance('a', { snapshot: { 记录: '保存' } })))
    await first.close()
    expect(existsSync(path)).toBe(true)
    const raw = new Database(path)
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()
    const second = sqliteStore({ filename: path })
    await second.migrate()
    expect((await second.getInstance('a'))?.snapshot).toEqual({ 记录: '保存' })
    await second.close()
  })

  it('sets synchronous on every open: FULL by default, NORMAL when asked, whatever SQLite would pick', async () => {
    // A spy on the real driver (every call goes through) shows which connection the store opened.
    const path = join(dir, 'durability.db')
    const seen = (store: ReturnType<typeof sqliteStore>) => store.getInstance('none').then(() => undefined)
    const levels: number[] = []
    for (const [options, expected] of [
      [{}, 2], // a new file: SQLite itself would say FULL
      [{}, 2], // the same file, now in WAL mode: SQLite itself would say NORMAL
      [{ synchronous: 'normal' as const }, 1],
      [{ synchronous: 'full' as const }, 2],
    ] as const) {
      const connections: Database.Database[] = []
      const pragma = Database.prototype.pragma
      const watch = vi.spyOn(Database.prototype, 'pragma').mockImplementation(function (
        this: Database.Database,
        source: string,
        o?: Database.PragmaOptions,
      ) {
        connections.push(this)
        return pragma.call(this, source, o)
      })
      const store = sqliteStore({ filename: path }, options)
      await store.migrate()
      await seen(store)
      watch.mockRestore()
      const connection = connections[0] as Database.Database
      expect(connection.pragma('synchronous', { simple: true })).toBe(expected)
      levels.push(connection.pragma('synchronous', { simple: true }) as number)
      await store.close()
    }
    expect(levels).toEqual([2, 2, 1, 2])
  })

  it('refuses a synchronous level it does not know', () => {
    expect(() => sqliteStore({ filename: ':memory:' }, { synchronous: 'off' as never })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
  })

  it('lets two stores on one file in one process write at the same time', async () => {
    const path = join(dir, 'shared.db')
    const one = sqliteStore({ filename: path })
    const two = sqliteStore({ filename: path })
    await Promise.all([one.migrate(), two.migrate()])
    const ids = Array.from({ length: 40 }, (_, i) => `i${i}`)
    await Promise.all(ids.map((id, i) => (i % 2 === 0 ? one : two).commit(start(instance(id)))))
    await Promise.all(ids.map((id, i) => (i % 2 === 0 ? two : one).commit(update(instance(id), 1))))
    const results = await Promise.allSettled([
      one.commit(update(instance('i0'), 2)),
      two.commit(update(instance('i0'), 2)),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(
      results
        .flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))
        .every((e) => isFengqiaoError(e, 'VERSION_CONFLICT')),
    ).toBe(true)
    const [a, b] = await Promise.all([one.claimDueTimers(T0, 10, 'a', 1000), two.claimDueTimers(T0, 10, 'b', 1000)])
    expect([...a, ...b]).toEqual([])
    expect((await one.findInstances({}, { limit: 100 })).items.every((r) => r.version >= 2)).toBe(true)
    await one.close()
    await two.close()
  })

  it('lets several processes migrate and write one file at once', async () => {
    const path = join(dir, 'processes.db')
    const child = fileURLToPath(new URL('./sqlite-child.ts', import.meta.url))
    const run = (tag: string) =>
      promisify(execFile)(process.execPath, [
        '--conditions=@fengqiao/source',
        '--import',
        'tsx',
        child,
        path,
        tag,
        '25',
      ])
    await Promise.all([run('a'), run('b'), run('c')])
    const store = sqliteStore({ filename: path })
    await store.migrate()
    const page = await store.findInstances({}, { limit: 100 })
    expect(page.items).toHaveLength(75)
    expect(page.items.every((r) => r.version === 2)).toBe(true)
    await store.close()
    const raw = new Database(path)
    expect(raw.prepare('select version from fq_migrations order by version').all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 5 },
      { version: 7 },
    ])
    raw.close()
  })

  it('reports a file that cannot be opened as STORE_UNAVAILABLE', async () => {
    const store = sqliteStore({ filename: join(dir, 'no-such-dir', 'x.db') })
    let caught: unknown
    try {
      await store.migrate()
    } catch (e) {
      caught = e
    }
    expect(isFengqiaoError(caught, 'STORE_UNAVAILABLE')).toBe(true)
    expect((caught as Error).cause).toBeInstanceOf(Error)
    await store.close()
  })

  it('leaves a borrowed database open on close()', async () => {
    const db = new Database(':memory:')
    const store = sqliteStore({ database: db })
    await store.migrate()
    await store.commit(start(instance('a')))
    await store.close()
    expect(db.open).toBe(true)
    expect(db.prepare('select count(*) as n from fq_instances').get()).toEqual({ n: 1 })
    db.close()
  })

  it('answers every hot query from an index', async () => {
    // Record the SQL the store sends, then ask SQLite how it would run each statement.
    const db = new Database(':memory:')
    const seen: string[] = []
    const recording = {
      prepare: (text: string) => {
        seen.push(text)
        return db.prepare(text)
      },
      close: () => undefined,
    }
    const store = sqliteStore({ database: recording })
    await store.migrate()
    seen.length = 0
    await store.commit(start(instance('a')))
    await store.commit(update(instance('a'), 1))
    await store.getInstance('a')
    await store.history('a', { fromSeq: 1, toSeq: 2 })
    await store.findInstances({ processId: 'p', status: 'active', orgUnit: 'u' }, { limit: 10 })
    await store.findInstances({ orgUnit: ['u', 'v'] }, { limit: 10 })
    await store.findInstances({}, { limit: 10, cursor: Buffer.from(JSON.stringify([T0, 'a'])).toString('base64url') })
    await store.findInstances({ businessKey: 'b' }, { limit: 10 })
    await store.findInstances({ parentId: 'a' }, { limit: 10 })
    await store.findTasks({ role: 'r' }, { limit: 10 })
    await store.findTasks({ role: ['r', 's'] }, { limit: 10 })
    await store.findTasks({ orgUnit: 'u' }, { limit: 10 })
    await store.findTasks({ assignee: 'x' }, { limit: 10 })
    await store.findTasks({ instanceId: 'a' }, { limit: 10 })
    await store.findTasks({ processId: 'p' }, { limit: 10 })
    await store.findTasks({ dueBefore: T0 }, { limit: 10 })
    await store.claimDueTimers(T0, 10, 'w', 1000)
    await store.deleteTimers(['t'])
    await store.nextTimerDue()
    await store.claimOutbox(T0, 10, 'w', 1000)
    await store.ackOutbox(['m'])
    await store.retryOutbox('m', T0, 'e')
    await store.findIdempotent('k')
    await store.pruneIdempotency(T0, 10)
    const statements = [...new Set(seen)].filter((s) => !/^(begin|commit|rollback)/i.test(s))
    expect(statements.length).toBeGreaterThan(15)
    const fullScans: string[] = []
    for (const text of statements) {
      const params = (text.match(/\?/g) ?? []).map(() => 1)
      const plan = db.prepare(`explain query plan ${text}`).all(params) as { detail: string }[]
      for (const { detail } of plan) {
        // `SCAN t` reads a whole table; `SEARCH … USING INDEX` and `SCAN t USING INDEX` (an ordered
        // walk that stops at the page limit) are fine. Inserting from a VALUES list is not a scan.
        if (/^SCAN (?!.*USING (COVERING )?INDEX)/.test(detail) && !/CONSTANT ROW/.test(detail))
          fullScans.push(`${detail}  ←  ${text}`)
      }
    }
    expect(fullScans).toEqual([])
    await store.close()
    db.close()
  })
})
