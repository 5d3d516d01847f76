import { isFengqiaoError } from '@fengqiao/core/store'
import { describeStoreConformance } from '@fengqiao/core/testing/conformance'
import type { PostgresPool } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresStore } from '../src/index.js'
import { describeSqlAdapter } from './adapter-cases.js'
import { instance, start, update } from './fixtures.js'
import { prefixes, randomDatabaseName, serverUrl, withDatabase } from './servers.js'

const serverUrlOrUndefined = serverUrl('FENGQIAO_PG_URL')

describe.skipIf(serverUrlOrUndefined === undefined)('postgres', () => {
  // The describe body runs even when skipped: touch the URL only in hooks and tests.
  const server = serverUrlOrUndefined ?? ''
  const database = randomDatabaseName()
  let url: string
  const nextPrefix = prefixes()
  let pool: pg.Pool

  const admin = async (text: string): Promise<void> => {
    const client = new pg.Client({ connectionString: server })
    await client.connect()
    try {
      await client.query(text)
    } finally {
      await client.end()
    }
  }

  beforeAll(async () => {
    url = withDatabase(server, database)
    await admin(`create database ${database}`)
    pool = new pg.Pool({ connectionString: url })
    // An idle client killed by the forced drop below must not crash the run.
    pool.on('error', () => undefined)
  })
  afterAll(async () => {
    await pool?.end()
    await admin(`drop database if exists ${database} with (force)`)
  })

  describeStoreConformance('postgres', {
    create: async () => {
      const store = postgresStore({ pool }, { tablePrefix: nextPrefix() })
      await store.migrate()
      return store
    },
    destroy: (store) => store.dropTables(),
  })

  describeSqlAdapter('postgres', () => ({
    store: (tablePrefix) => postgresStore({ connectionString: url }, { tablePrefix }),
    query: async (text) => (await pool.query<Record<string, unknown>>(text)).rows,
    nextPrefix,
  }))

  describe('postgres: connections', () => {
    it('reports an unreachable server as STORE_UNAVAILABLE', async () => {
      const store = postgresStore({ connectionString: 'postgres://postgres@127.0.0.1:1/test' })
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
      const store = postgresStore({ pool }, { tablePrefix: nextPrefix() })
      await store.migrate()
      await store.dropTables()
      await store.close()
      expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }])
    })

    it('keeps its tables in the given schema', async () => {
      const schema = `s_${nextPrefix()}`
      const store = postgresStore({ pool }, { schema, tablePrefix: 'fq_' })
      await store.migrate()
      await store.commit(start(instance('a')))
      expect((await store.getInstance('a'))?.id).toBe('a')
      const { rows } = await pool.query<{ table_name: string }>(
        'select table_name from information_schema.tables where table_schema = $1 order by table_name',
        [schema],
      )
      expect(rows.map((r) => r.table_name)).toEqual([
        'fq_history',
        'fq_idempotency',
        'fq_incidents',
        'fq_instances',
        'fq_migrations',
        'fq_outbox',
        'fq_tasks',
        'fq_timers',
      ])
      await store.dropTables()
      await store.close()
      await pool.query(`drop schema ${schema}`)
    })

    it('commits one instance in one round trip', async () => {
      let queries = 0
      const counting: PostgresPool = {
        connect: async () => {
          const client = await pool.connect()
          return {
            query: ((...args: Parameters<pg.PoolClient['query']>) => {
              queries++
              return client.query(...args)
            }) as never,
            release: (destroy?: boolean) => client.release(destroy),
          }
        },
        end: async () => undefined,
      }
      const store = postgresStore({ pool: counting }, { tablePrefix: nextPrefix() })
      await store.migrate()
      queries = 0
      await store.commit(start(instance('a')))
      expect(queries).toBe(1)
      queries = 0
      await store.commit(update(instance('a'), 1))
      expect(queries).toBe(1)
      queries = 0
      await store.claimDueTimers(0, 10, 'w', 1000)
      expect(queries).toBe(1)
      await store.dropTables()
      await store.close()
    })

    it('sends commits, reads and claims as prepared statements, unless told not to', async () => {
      for (const preparedStatements of [true, false]) {
        // One connection, so that the statements it prepared can be listed on it.
        const single = new pg.Pool({ connectionString: url, max: 1 })
        const store = postgresStore({ pool: single }, { tablePrefix: nextPrefix(), preparedStatements })
        await store.migrate()
        await store.commit(start(instance('a')))
        await store.commit(update(instance('a'), 1))
        expect(await store.getInstance('a')).toMatchObject({ version: 2 })
        await store.claimDueTimers(0, 10, 'w', 1000)
        const listed = await single.query<{ name: string; statement: string }>(
          'select name, statement from pg_prepared_statements order by name',
        )
        const ours = listed.rows.filter((r) => r.statement.includes(store.tablePrefix))
        if (preparedStatements) {
          // Insert commit, update commit, the read and the claim: four texts, four names.
          expect(ours).toHaveLength(4)
          for (const r of ours) expect(r.name).toMatch(/^fq_[0-9a-f]{40}$/)
          // Prepared once: the same commit again adds nothing.
          await store.commit(update(instance('a', { version: 2 }), 2))
          expect((await single.query('select count(*)::int as n from pg_prepared_statements')).rows[0]).toEqual({
            n: listed.rows.length,
          })
        } else {
          expect(ours).toEqual([])
        }
        await store.dropTables()
        await store.close()
        await single.end()
      }
    })

    it('keeps working when a migration changes a table under a prepared statement', async () => {
      const single = new pg.Pool({ connectionString: url, max: 1 })
      const store = postgresStore({ pool: single }, { tablePrefix: nextPrefix() })
      await store.migrate()
      await store.commit(start(instance('a')))
      expect(await store.getInstance('a')).toMatchObject({ version: 1 })
      // What a later version's migration might do while this node runs: `select *` now returns
      // another column, and the statement prepared on this connection cannot run as it was.
      await single.query(`alter table ${store.tablePrefix}instances add column added_later text`)
      await store.commit(update(instance('a'), 1))
      expect(await store.getInstance('a')).toMatchObject({ version: 2 })
      expect(await store.getInstance('a')).toMatchObject({ version: 2 })
      await store.dropTables()
      await store.close()
      await single.end()
    })
  })
})
