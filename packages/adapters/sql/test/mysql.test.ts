import { isFengqiaoError } from '@fengqiao/core/store'
import { describeStoreConformance } from '@fengqiao/core/testing/conformance'
import mysql from 'mysql2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mysqlStore } from '../src/index.js'
import { describeSqlAdapter } from './adapter-cases.js'
import { instance, start } from './fixtures.js'
import { prefixes, randomDatabaseName, serverUrl, withDatabase } from './servers.js'

const serverUrlOrUndefined = serverUrl('FENGQIAO_MYSQL_URL')

describe.skipIf(serverUrlOrUndefined === undefined)('mysql', () => {
  // The describe body runs even when skipped: touch the URL only in hooks and tests.
  const server = serverUrlOrUndefined ?? ''
  const database = randomDatabaseName()
  let url: string
  const nextPrefix = prefixes()
  let pool: mysql.Pool

  const admin = async (text: string): Promise<void> => {
    const connection = mysql.createConnection({ uri: server }).promise()
    try {
      await connection.query(text)
    } finally {
      await connection.end()
    }
  }

  beforeAll(async () => {
    url = withDatabase(server, database)
    await admin(`create database ${database}`)
    pool = mysql.createPool({ uri: url })
  })
  afterAll(async () => {
    await pool?.promise().end()
    await admin(`drop database if exists ${database}`)
  })

  describeStoreConformance('mysql', {
    create: async () => {
      const store = mysqlStore({ pool }, { tablePrefix: nextPrefix() })
      await store.migrate()
      return store
    },
    destroy: (store) => store.dropTables(),
  })

  describeSqlAdapter('mysql', () => ({
    store: (tablePrefix) => mysqlStore({ uri: url }, { tablePrefix }),
    query: async (text) => (await pool.promise().query(text))[0] as Record<string, unknown>[],
    nextPrefix,
  }))

  describe('mysql: connections', () => {
    it('reports an unreachable server as STORE_UNAVAILABLE', async () => {
      const store = mysqlStore({ uri: 'mysql://root@127.0.0.1:1/test' })
      for (const call of [() => store.getInstance('a'), () => store.migrate()]) {
        let caught: unknown
        try {
          await call()
        } catch (e) {
          caught = e
        }
        expect(isFengqiaoError(caught, 'STORE_UNAVAILABLE')).toBe(true)
        expect((caught as Error).cause).toMatchObject({ code: 'ECONNREFUSED' })
      }
      await store.close()
    })

    it('leaves a borrowed pool open on close()', async () => {
      const store = mysqlStore({ pool }, { tablePrefix: nextPrefix() })
      await store.migrate()
      await store.commit(start(instance('a')))
      await store.dropTables()
      await store.close()
      const [rows] = await pool.promise().query('select 1 as one')
      expect(rows).toEqual([{ one: 1 }])
    })

    it('compares ids exactly: case and trailing spaces matter', async () => {
      const store = mysqlStore({ pool }, { tablePrefix: nextPrefix() })
      await store.migrate()
      await store.commit(start(instance('Case')))
      await store.commit(start(instance('case')))
      await store.commit(start(instance('case ')))
      expect((await store.findInstances({}, { limit: 10 })).items.map((r) => r.id)).toEqual(['Case', 'case', 'case '])
      expect((await store.getInstance('case '))?.id).toBe('case ')
      await store.dropTables()
      await store.close()
    })
  })
})
