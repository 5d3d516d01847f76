// Personal data on each database: the tables read with plain SQL hold no clear text; readers,
// erasure, retention, key rotation and effects behave as on the memory store.
import { describePersonalData } from '@fengqiao/core/testing/conformance'
import { afterAll, beforeAll, describe } from 'vitest'
import type { SqlStore } from '../src/index.js'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import { serverUrl, type ServerVariable } from './servers.js'

const TABLES = ['instances', 'history', 'timers', 'tasks', 'outbox', 'idempotency']

function describeOn(dialect: Dialect, variable?: ServerVariable): void {
  const server = variable === undefined ? '' : serverUrl(variable)
  describe.skipIf(server === undefined)(`${dialect}`, () => {
    let db: TestDatabase
    let n = 0
    const prefixOf = new WeakMap<SqlStore, string>()
    beforeAll(async () => {
      db = await createTestDatabase(dialect, server)
    })
    afterAll(async () => {
      await db?.drop()
    })
    describePersonalData(`${dialect}: personal data`, {
      create: async () => {
        const prefix = `pd${++n}_`
        const store = db.store(prefix)
        await store.migrate()
        prefixOf.set(store, prefix)
        return store
      },
      // Every column of every row, as the database returns it: JSON columns as text or parsed.
      dump: async (store) => {
        const parts: string[] = []
        for (const t of TABLES) {
          for (const row of await db.query(`select * from ${prefixOf.get(store) ?? ''}${t}`)) {
            for (const v of Object.values(row)) parts.push(typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))
          }
        }
        return parts.join('\n')
      },
      destroy: (store) => store.dropTables(),
    })
  })
}

describeOn('sqlite')
describeOn('postgres', 'FENGQIAO_PG_URL')
describeOn('mysql', 'FENGQIAO_MYSQL_URL')
