/**
 * Case lists (`engine.instances`) are answered from indexes: for each main filter of
 * `findInstances`, the database's own query plan names the index that serves it — on SQLite
 * (EXPLAIN QUERY PLAN) and on PostgreSQL (EXPLAIN, with sequential scans priced out, so that the
 * plan shows which index the filter can use rather than what a tiny table happens to favour).
 * Filters on columns that change with every command (`updatedFrom`, `state`) are deliberately
 * not indexed (decision 0013) and are not listed here.
 */
import type { InstanceFilter } from '@fengqiao/core/store'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { postgresStore, sqliteStore, type SqlStore } from '../src/index.js'
import { instance, start, T0 } from './fixtures.js'
import { postgresAdmin, randomDatabaseName, serverUrl, withDatabase } from './servers.js'

const NOW = T0 + 1_000 // 6 of the 1,000 rows are due by then

/**
 * Each main filter and the index (without the table prefix) that must serve it; where several
 * indexes lead with a filtered column, any of them.
 */
const FILTERS: ReadonlyArray<readonly [string, InstanceFilter, string]> = [
  ['process and status', { processId: 'p', status: 'active' }, 'instances_(process|status|due|warn)'],
  ['process, version and state', { processId: 'p', processVersion: 2, state: 'handling' }, 'instances_process'],
  ['org-unit subtree', { orgUnit: ['unit-1', 'unit-2', 'unit-3'] }, 'instances_org_unit'],
  ['business key', { businessKey: 'BK-1' }, 'instances_business_key'],
  ['parent', { parentId: 'a' }, 'instances_parent'],
  ['status', { status: 'completed' }, 'instances_(status|due|warn)'],
  ['colour red', { colour: { colour: 'red', now: NOW } }, 'instances_due'],
  ['colour yellow', { colour: { colour: 'yellow', now: NOW } }, 'instances_(due|warn)'],
  ['overdue', { overdue: { overdue: true, now: NOW } }, 'instances_due'],
  ['completed range', { completedFrom: T0, completedBefore: NOW }, 'instances_completed'],
  ['created range', { createdFrom: T0, createdBefore: NOW }, 'instances_created'],
]

/**
 * 1,000 rows over 200 org units, so that each filter is selective the way it is in a real store
 * (a unit's cases are a small share of the county's), committed 50 to a change set.
 */
async function seed(store: SqlStore): Promise<void> {
  for (let batch = 0; batch < 20; batch++) {
    const changes = Array.from({ length: 50 }, (_, k) => {
      const i = batch * 50 + k
      return start(
        instance(`c${i}`, {
          processId: i % 100 === 0 ? 'p' : 'q',
          status: i % 50 === 0 ? 'completed' : 'active',
          orgUnit: `unit-${i % 200}`,
          businessKey: `BK-${i}`,
          parentId: i % 25 === 0 ? `c${i - 1}` : null,
          createdAt: T0 + i,
          dueAt: i % 2 === 0 ? T0 + 100 * i : null,
          warnAt: i % 2 === 0 ? T0 + 90 * i : null,
          completedAt: i % 50 === 0 ? T0 + 20 * i : null,
        }),
      )
    })
    await store.commit({
      instances: changes.flatMap((c) => c.instances),
      history: changes.flatMap((c) => c.history.map((h, j) => ({ ...h, instanceId: c.instances[j]?.row.id ?? '' }))),
    })
  }
}

describe('sqlite: case lists walk an index for each main filter', () => {
  it.each(FILTERS)('%s', async (_name, filter, index) => {
    const db = new Database(':memory:')
    const seen: { text: string; params: unknown[] }[] = []
    const recording = {
      prepare: (text: string) => {
        const stmt = db.prepare(text)
        return new Proxy(stmt, {
          get(target, prop, receiver) {
            const v: unknown = Reflect.get(target, prop, receiver)
            if ((prop === 'all' || prop === 'get') && typeof v === 'function')
              return (...params: unknown[]) => {
                seen.push({ text, params })
                return (v as (...a: unknown[]) => unknown).apply(target, params)
              }
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
          },
        })
      },
      close: () => undefined,
    }
    const store = sqliteStore({ database: recording as unknown as Database.Database })
    await store.migrate()
    await seed(store)
    seen.length = 0
    await store.findInstances(filter, { limit: 10 })
    const query = seen.find((s) => /from "?fq_instances"?/i.test(s.text) && /order by/i.test(s.text))
    expect(query).toBeDefined()
    const plan = (
      db.prepare(`explain query plan ${query?.text}`).all(...(query?.params ?? [])) as { detail: string }[]
    ).map((r) => r.detail)
    // A SEARCH on the index: the filter's columns bound the walk (not a whole-table scan).
    expect(plan.join('\n')).toMatch(new RegExp(`SEARCH .*USING (COVERING )?INDEX fq_${index}\\b`))
    await store.close()
    db.close()
  })
})

const pgServer = serverUrl('FENGQIAO_PG_URL')

describe.skipIf(pgServer === undefined)('postgres: case lists use an index for each main filter', () => {
  const database = randomDatabaseName()
  let pool: pg.Pool
  let store: SqlStore
  const seen: { text: string; values: unknown[] }[] = []

  const admin = postgresAdmin(pgServer ?? '')

  beforeAll(async () => {
    await admin(`create database ${database}`)
    pool = new pg.Pool({ connectionString: withDatabase(pgServer ?? '', database) })
    pool.on('error', () => undefined)
    // Record what the store sends, text and values, to ask the server for its plan.
    pool.on('connect', (client) => {
      const query = client.query.bind(client) as (...a: unknown[]) => unknown
      ;(client as unknown as { query: (...a: unknown[]) => unknown }).query = (...args: unknown[]) => {
        const [first, second] = args
        if (typeof first === 'string') seen.push({ text: first, values: Array.isArray(second) ? second : [] })
        else if (typeof first === 'object' && first !== null && 'text' in first)
          seen.push({ text: String(first.text), values: (first as { values?: unknown[] }).values ?? [] })
        return query(...args)
      }
    })
    store = postgresStore({ pool }, { tablePrefix: 'pl_' })
    await store.migrate()
    await seed(store)
    await pool.query('analyze pl_instances')
  })
  afterAll(async () => {
    await store?.close()
    await pool?.end()
    await admin(`drop database if exists ${database} with (force)`)
  })

  it.each(FILTERS)('%s', async (_name, filter, index) => {
    seen.length = 0
    await store.findInstances(filter, { limit: 10 })
    const query = seen.find((s) => /from "?(public"?\.)?"?pl_instances"?/i.test(s.text) && /order by/i.test(s.text))
    expect(query).toBeDefined()
    const client = await pool.connect()
    try {
      await client.query('set enable_seqscan = off')
      const plan = (await client.query<{ 'QUERY PLAN': string }>(`explain ${query?.text}`, query?.values)).rows
        .map((r) => r['QUERY PLAN'])
        .join('\n')
      // The index is used with the filter as its condition, not merely walked for the order.
      expect(plan).toMatch(
        new RegExp(`Index (Only )?Scan (Backward )?using pl_${index}|Bitmap Index Scan on pl_${index}`),
      )
      expect(plan).toMatch(/Index Cond/)
    } finally {
      await client.query('reset enable_seqscan')
      client.release()
    }
  })
})
