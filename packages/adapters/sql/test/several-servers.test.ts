// A store given several servers: the list is checked (INVALID_OPTIONS, nothing opened), a dead
// server is passed over for the next, a PostgreSQL server that does not accept writes is passed
// over like a dead one, and a list of only dead servers is STORE_UNAVAILABLE ('refused': nothing
// was sent). The cluster and failover runs themselves are in galera.long.test.ts and
// pg-failover.long.test.ts.
import { isFengqiaoError, type FengqiaoError } from '@fengqiao/core/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mysqlStore, postgresStore, type SqlStore } from '../src/index.js'
import { createTestDatabase, type TestDatabase } from './databases.js'
import { instance, start } from './fixtures.js'
import { serverUrl } from './servers.js'
import { freePort } from './throwaway-servers.js'

function refusal(call: () => unknown): FengqiaoError {
  try {
    call()
  } catch (e) {
    if (isFengqiaoError(e)) return e
    throw e
  }
  throw new Error('not refused')
}

describe('several servers: the list is checked when the store is made', () => {
  const lists: Array<[string, unknown]> = [
    ['an empty list', []],
    ['a number in the list', ['mysql://root@127.0.0.1:3306/test', 3306]],
    ['text that is not a URL', ['127.0.0.1:3306']],
  ]
  it.each(lists)('MySQL: %s is INVALID_OPTIONS', (_name, uri) => {
    const e = refusal(() => mysqlStore({ uri: uri as string[] }))
    expect(e.code).toBe('INVALID_OPTIONS')
    expect(e.message).toMatch(/uri/)
  })
  it.each(lists)('PostgreSQL: %s is INVALID_OPTIONS', (_name, connectionString) => {
    const e = refusal(() => postgresStore({ connectionString: connectionString as string[] }))
    expect(e.code).toBe('INVALID_OPTIONS')
    expect(e.message).toMatch(/connectionString/)
  })
  it('a URL of the other database is INVALID_OPTIONS, naming the entry', () => {
    const my = refusal(() => mysqlStore({ uri: ['mysql://a@127.0.0.1/x', 'postgres://a@127.0.0.1/x'] }))
    expect(my.code).toBe('INVALID_OPTIONS')
    expect(my.details).toEqual({ option: 'uri[1]' })
    const pg = refusal(() => postgresStore({ connectionString: ['mysql://a@127.0.0.1/x'] }))
    expect(pg.code).toBe('INVALID_OPTIONS')
    expect(pg.details).toEqual({ option: 'connectionString[0]' })
  })
})

async function expectRefused(store: SqlStore): Promise<void> {
  const error = await store.getInstance('x').then(
    () => 'no error',
    (e: unknown) => e,
  )
  expect(isFengqiaoError(error, 'STORE_UNAVAILABLE'), String(error)).toBe(true)
  expect((error as FengqiaoError).details.reason).toBe('refused')
}

for (const dialect of ['mysql', 'postgres'] as const) {
  const server = serverUrl(dialect === 'mysql' ? 'FENGQIAO_MYSQL_URL' : 'FENGQIAO_PG_URL')
  describe.skipIf(server === undefined)(`${dialect}: several servers`, () => {
    let db: TestDatabase
    let dead: string
    const stores: SqlStore[] = []
    const open = (urls: string[]): SqlStore => {
      const store =
        dialect === 'mysql'
          ? mysqlStore({ uri: urls }, { tablePrefix: 'hosts_' })
          : postgresStore({ connectionString: urls }, { tablePrefix: 'hosts_' })
      stores.push(store)
      return store
    }
    beforeAll(async () => {
      db = await createTestDatabase(dialect, server)
      const u = new URL(db.url)
      u.port = String(await freePort()) // nothing listens there
      dead = u.toString()
    })
    afterAll(async () => {
      await Promise.all(stores.map((s) => s.close()))
      await db?.drop()
    })

    it('passes over a server that refuses connections and works on the next', async () => {
      const store = open([dead, db.url])
      await store.migrate()
      await store.commit(start(instance('a')))
      expect((await store.getInstance('a'))?.id).toBe('a')
    })

    it('with every server refusing: STORE_UNAVAILABLE, reason refused', async () => {
      await expectRefused(open([dead, dead]))
    })

    if (dialect === 'postgres')
      it('PostgreSQL: passes over a server that does not accept writes (a standby), as target_session_attrs=read-write', async () => {
        // A session of this URL is read-only, as on a hot standby.
        const readOnly = `${db.url}?options=${encodeURIComponent('-c default_transaction_read_only=on')}`
        const alone = open([readOnly])
        // One URL is used as given: the read-only session refuses the write itself.
        await expect(alone.migrate()).rejects.toThrow(/read-only/)
        await expectRefused(open([readOnly, readOnly]))
        const store = open([readOnly, db.url])
        await store.migrate()
        await store.commit(start(instance('b')))
        expect((await store.getInstance('b'))?.id).toBe('b')
      })
  })
}
