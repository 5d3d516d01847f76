// The compatibility flags that turn the store's fallbacks on, for a compatible database that
// lacks a feature (docs/storage-and-scaling.md): checked when the store is made; with every
// fallback on, the Store conformance suite still passes on PostgreSQL and MySQL/MariaDB; and
// claims without SKIP LOCKED still lease each due row to one claimer only.
import { isFengqiaoError, type ChangeSet, type FengqiaoError, type TimerRow } from '@fengqiao/core/store'
import { describeStoreConformance } from '@fengqiao/core/testing/conformance'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mysqlStore, postgresStore, sqliteStore, type SqlCompatibility, type SqlStore } from '../src/index.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { instance, start, T0 } from './fixtures.js'
import { prefixes, serverUrl } from './servers.js'

/** Every fallback on. */
const FALLBACKS: SqlCompatibility = { skipLocked: false, oneStatementCommit: false }

describe('compatibility flags are checked when the store is made', () => {
  const bad: Array<[string, unknown]> = [
    ['a string', 'no-skip-locked'],
    ['an unknown flag', { skipLocking: false }],
    ['a flag that is not a boolean', { skipLocked: 'no' }],
  ]
  it.each(bad)('%s is INVALID_OPTIONS', (_name, compatibility) => {
    for (const make of [
      () => postgresStore({ connectionString: 'postgres://a@127.0.0.1/x' }, { compatibility } as never),
      () => mysqlStore({ uri: 'mysql://a@127.0.0.1/x' }, { compatibility } as never),
      () => sqliteStore({ filename: ':memory:' }, { compatibility } as never),
    ]) {
      let caught: unknown
      try {
        make()
      } catch (e) {
        caught = e
      }
      expect(isFengqiaoError(caught, 'INVALID_OPTIONS'), String(caught)).toBe(true)
      expect((caught as FengqiaoError).message).toMatch(/compatibility/)
    }
  })
})

function timers(count: number): TimerRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `t${String(i).padStart(3, '0')}`,
    instanceId: 'x',
    key: `k${i}`,
    dueAt: T0 + i,
    event: { type: 'tick' },
  }))
}

for (const dialect of ['postgres', 'mysql'] as const) {
  const server = serverUrl(dialect === 'mysql' ? 'FENGQIAO_MYSQL_URL' : 'FENGQIAO_PG_URL')
  describe.skipIf(server === undefined)(`${dialect}: every fallback on`, () => {
    let db: TestDatabase
    const nextPrefix = prefixes()
    const open = (tablePrefix: string): SqlStore =>
      dialect === 'mysql'
        ? mysqlStore({ uri: db.url }, { tablePrefix, compatibility: FALLBACKS })
        : postgresStore({ connectionString: db.url }, { tablePrefix, compatibility: FALLBACKS })
    beforeAll(async () => {
      db = await createTestDatabase(dialect, server)
    })
    afterAll(async () => {
      await db?.drop()
    })

    describeStoreConformance(`${dialect} with compatibility fallbacks`, {
      create: async () => {
        const store = open(`c${nextPrefix()}`)
        await store.migrate()
        return store
      },
      destroy: async (store) => {
        await store.dropTables()
        await store.close()
      },
    })

    it('claims without SKIP LOCKED: eight claimers racing for 200 due timers lease each to one of them', async () => {
      const prefix = `race${nextPrefix()}`
      const stores = Array.from({ length: 8 }, () => open(prefix))
      try {
        await stores[0]?.migrate()
        const all = timers(200)
        const change: ChangeSet = start(instance('x'), { timers: { insert: all, delete: [] } })
        await stores[0]?.commit(change)
        const claimed: string[] = []
        await Promise.all(
          stores.map(async (store, n) => {
            for (let pass = 0; pass < 200; pass++) {
              const rows = await store.claimDueTimers(T0 + 1000, 7, `w${n}`, 60_000)
              claimed.push(...rows.map((r) => r.id))
              // Nothing left, or every row it picked went to another claimer, who goes on.
              if (rows.length === 0) break
            }
          }),
        )
        expect(claimed.length).toBe(new Set(claimed).size) // never leased twice
        expect([...claimed].sort()).toEqual(all.map((t) => t.id))
      } finally {
        await stores[0]?.dropTables()
        await Promise.all(stores.map((s) => s.close()))
      }
    })
  })
}
