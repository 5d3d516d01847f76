/**
 * Measures the simplest commit — one instance moved one version on (compare-and-set) with one
 * history entry — on SQLite (a file) and, when their URLs are set, PostgreSQL and MySQL.
 * Counts the statements each commit sends (for the servers: its network round trips).
 *
 *   cd packages/adapters/sql
 *   FENGQIAO_PG_URL=postgres://postgres@127.0.0.1:5432/test \
 *   FENGQIAO_MYSQL_URL=mysql://root@127.0.0.1:3306/test \
 *   npx tsx --conditions=@fengqiao/source scripts/measure-commit.ts [seconds per run, default 3]
 *
 * Tables get the prefix `fq_measure_` and are dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { ChangeSet, StoredInstance } from '@fengqiao/core/store'
import Database from 'better-sqlite3'
import type { MysqlPool, PostgresPool, SqliteDatabase } from 'kysely'
import mysql from 'mysql2'
import pg from 'pg'
import { mysqlStore, postgresStore, sqliteStore, type SqlStore } from '../src/index.js'

const seconds = Number(process.argv[2] ?? 3)
const prefix = 'fq_measure_'

/** A case with a realistic snapshot (about 2 KB of context). */
function instance(id: string, version: number): StoredInstance {
  return {
    id,
    processId: 'petition',
    processVersion: 1,
    status: 'active',
    stateKey: 'review',
    snapshot: {
      value: 'review',
      status: 'active',
      context: {
        applicant: '张三',
        summary: '邻里纠纷'.repeat(60),
        signatures: Array.from({ length: 20 }, (_, i) => `user-${i}`),
      },
    },
    timers: [],
    tasks: [],
    version,
    orgUnit: 'district-a',
    businessKey: `BK-${id}`,
    parentId: null,
    parentDoneEvent: null,
    createdAt: 0,
    updatedAt: version,
    historySeq: version,
    historyHash: `h${version}`,
    deadlines: [],
    dueAt: null,
    warnAt: null,
    breached: false,
    completedAt: null,
    outcome: null,
    escalations: 0,
  }
}

function step(id: string, from: number): ChangeSet {
  const to = from + 1
  return {
    instances: [{ row: instance(id, to), expectedVersion: from }],
    history: [
      {
        instanceId: id,
        seq: to,
        at: to,
        kind: 'event',
        event: { type: 'SIGN', userId: 'u1' },
        actor: { id: 'u1', roles: ['clerk'] },
        from: 'review',
        to: 'review',
        version: to,
        detail: null,
        prevHash: `h${from}`,
        hash: `h${to}`,
      },
    ],
  }
}

interface Result {
  readonly store: string
  readonly mode: string
  readonly commitsPerSecond: number
  readonly statementsPerCommit: number
}

/** Commits `step`s for `seconds` on `workers` instances at once; returns commits/s and statements per commit. */
async function measure(name: string, store: SqlStore, counter: { n: number }, workers: number): Promise<Result> {
  await store.migrate()
  const ids = Array.from({ length: workers }, (_, i) => `m${workers}-${i}`)
  for (const id of ids)
    await store.commit({ instances: [{ row: instance(id, 1), expectedVersion: null }], history: [] })
  // Warm up (connections, statement caches, JIT).
  const versions = new Map(ids.map((id) => [id, 1]))
  const one = async (id: string) => {
    const v = versions.get(id) as number
    await store.commit(step(id, v))
    versions.set(id, v + 1)
  }
  for (let i = 0; i < 50; i++) await Promise.all(ids.map(one))
  counter.n = 0
  let commits = 0
  const start = performance.now()
  const end = start + seconds * 1000
  await Promise.all(
    ids.map(async (id) => {
      while (performance.now() < end) {
        await one(id)
        commits++
      }
    }),
  )
  const elapsed = (performance.now() - start) / 1000
  return {
    store: name,
    mode: workers === 1 ? 'sequential' : `${workers} instances in parallel`,
    commitsPerSecond: Math.round(commits / elapsed),
    statementsPerCommit: Number((counter.n / commits).toFixed(2)),
  }
}

function countingPgPool(pool: pg.Pool, counter: { n: number }): PostgresPool {
  return {
    connect: async () => {
      const client = await pool.connect()
      return {
        query: ((...args: Parameters<pg.PoolClient['query']>) => {
          counter.n++
          return client.query(...args)
        }) as never,
        release: (destroy?: boolean) => client.release(destroy),
      }
    },
    end: async () => undefined,
  }
}

function countingMysqlPool(pool: mysql.Pool, counter: { n: number }): MysqlPool {
  return {
    getConnection: (callback) =>
      pool.getConnection((error, connection) => {
        if (error !== null) return callback(error, connection)
        const query = connection.query.bind(connection) as (...args: unknown[]) => unknown
        callback(null, {
          query: ((...args: unknown[]) => {
            counter.n++
            return query(...args)
          }) as never,
          release: () => connection.release(),
        })
      }),
    end: (callback) => callback(null),
  }
}

function countingSqlite(db: Database.Database, counter: { n: number }): SqliteDatabase {
  return {
    // The store keeps its prepared statements, so count executions rather than prepares.
    prepare: (text) =>
      new Proxy(db.prepare(text), {
        get(target, key) {
          const value = Reflect.get(target, key) as unknown
          if (typeof value !== 'function') return value
          const method = value as (...args: unknown[]) => unknown
          if (key !== 'all' && key !== 'run' && key !== 'iterate') return method.bind(target)
          return (...args: unknown[]) => {
            counter.n++
            return method.apply(target, args)
          }
        },
      }),
    close: () => undefined,
  }
}

const results: Result[] = []

// SQLite: a file in WAL mode, as sqliteStore({ filename }) opens it; synchronous FULL (the default) and NORMAL.
const dir = mkdtempSync(join(tmpdir(), 'fengqiao-measure-'))
try {
  for (const synchronous of ['FULL', 'NORMAL']) {
    const db = new Database(join(dir, `measure-${synchronous}.db`), { timeout: 5000 })
    db.pragma('journal_mode = WAL')
    db.pragma(`synchronous = ${synchronous}`)
    const counter = { n: 0 }
    const store = sqliteStore({ database: countingSqlite(db, counter) }, { tablePrefix: prefix })
    results.push(await measure(`sqlite file (synchronous=${synchronous})`, store, counter, 1))
    await store.close()
    db.close()
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const pgUrl = process.env.FENGQIAO_PG_URL
if (pgUrl !== undefined && pgUrl !== '') {
  const pool = new pg.Pool({ connectionString: pgUrl, max: 10 })
  for (const workers of [1, 8]) {
    const counter = { n: 0 }
    const store = postgresStore({ pool: countingPgPool(pool, counter) }, { tablePrefix: prefix })
    try {
      results.push(await measure('postgres', store, counter, workers))
    } finally {
      await store.dropTables()
      await store.close()
    }
  }
  await pool.end()
} else console.log('FENGQIAO_PG_URL is not set: skipping PostgreSQL.')

const mysqlUrl = process.env.FENGQIAO_MYSQL_URL
if (mysqlUrl !== undefined && mysqlUrl !== '') {
  const pool = mysql.createPool({ uri: mysqlUrl, connectionLimit: 10 })
  for (const workers of [1, 8]) {
    const counter = { n: 0 }
    const store = mysqlStore({ pool: countingMysqlPool(pool, counter) }, { tablePrefix: prefix })
    try {
      results.push(await measure('mysql', store, counter, workers))
    } finally {
      await store.dropTables()
      await store.close()
    }
  }
  await pool.promise().end()
} else console.log('FENGQIAO_MYSQL_URL is not set: skipping MySQL.')

console.table(results)
