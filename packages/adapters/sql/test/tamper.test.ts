/**
 * The tamper scenarios (issue 13 §3) on each database: the rows are changed with plain SQL on a
 * connection of its own, as a database administrator would, and the keyed chain with a signed
 * checkpoint must report every change.
 */
import type { HistoryEntry, StoredInstance } from '@fengqiao/core/store'
import { describeTamperScenarios, type TamperAccess } from '@fengqiao/core/testing/conformance'
import Database from 'better-sqlite3'
import mysql from 'mysql2'
import pg from 'pg'
import { afterAll, beforeAll, describe } from 'vitest'
import { historyColumns, instanceColumns, toText } from '../src/columns.js'
import type { SqlStore } from '../src/index.js'
import { createTestDatabase, type Dialect, type TestDatabase } from './databases.js'
import { prefixes, serverUrl, type ServerVariable } from './servers.js'

/** Runs one statement with `?` placeholders. */
type Run = (text: string, params: unknown[]) => Promise<void>

function runner(db: TestDatabase): { run: Run; end: () => Promise<void> } {
  switch (db.dialect) {
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: db.url, max: 1 })
      pool.on('error', () => undefined)
      const numbered = (text: string) => {
        let n = 0
        return text.replace(/\?/g, () => `$${++n}`)
      }
      return { run: async (text, params) => void (await pool.query(numbered(text), params)), end: () => pool.end() }
    }
    case 'mysql': {
      const pool = mysql.createPool({ uri: db.url, connectionLimit: 1 })
      return {
        run: async (text, params) => void (await pool.promise().execute(text, params as mysql.ExecuteValues[])),
        end: () => pool.promise().end(),
      }
    }
    case 'sqlite': {
      const raw = new Database(db.url)
      raw.pragma('busy_timeout = 5000')
      return { run: async (text, params) => void raw.prepare(text).run(...params), end: async () => void raw.close() }
    }
  }
}

/** Raw SQL writes to a store's tables, each column encoded as the adapter encodes it. */
function sqlTamper(store: SqlStore, run: Run): TamperAccess {
  const table = (name: string) => `${store.tablePrefix}${name}`
  const set = (columns: Record<string, unknown>) =>
    Object.keys(columns)
      .map((c) => `${c} = ?`)
      .join(', ')
  const entry = async (instanceId: string, seq: number) =>
    (await store.history(instanceId, { fromSeq: seq, toSeq: seq }))[0] as HistoryEntry
  return {
    async updateInstance(id, patch) {
      const row = (await store.getInstance(id)) as StoredInstance
      const columns = instanceColumns({ ...row, ...patch }, toText) as Record<string, unknown>
      await run(`update ${table('instances')} set ${set(columns)} where id = ?`, [...Object.values(columns), id])
    },
    async updateHistory(instanceId, seq, patch) {
      const columns = historyColumns({ ...(await entry(instanceId, seq)), ...patch }, toText) as Record<string, unknown>
      await run(`update ${table('history')} set ${set(columns)} where instance_id = ? and seq = ?`, [
        ...Object.values(columns),
        instanceId,
        seq,
      ])
    },
    async deleteHistory(instanceId, seqs) {
      await run(
        `delete from ${table('history')} where instance_id = ? and seq in (${seqs.map(() => '?').join(', ')})`,
        [instanceId, ...seqs],
      )
    },
    async insertHistory(h) {
      const columns = historyColumns(h, toText) as Record<string, unknown>
      await run(
        `insert into ${table('history')} (${Object.keys(columns).join(', ')}) values (${Object.keys(columns)
          .map(() => '?')
          .join(', ')})`,
        Object.values(columns),
      )
    },
    async deleteInstance(id) {
      await run(`delete from ${table('history')} where instance_id = ?`, [id])
      await run(`delete from ${table('instances')} where id = ?`, [id])
    },
  }
}

const databases: ReadonlyArray<{ label: string; dialect: Dialect; variable?: ServerVariable }> = [
  { label: 'sqlite', dialect: 'sqlite' },
  { label: 'postgres', dialect: 'postgres', variable: 'FENGQIAO_PG_URL' },
  { label: 'mariadb', dialect: 'mysql', variable: 'FENGQIAO_MYSQL_URL' },
]

for (const { label, dialect, variable } of databases) {
  const server = variable === undefined ? '' : serverUrl(variable)
  describe.skipIf(server === undefined)(label, () => {
    let db: TestDatabase
    let raw: ReturnType<typeof runner>
    const nextPrefix = prefixes()
    beforeAll(async () => {
      db = await createTestDatabase(dialect, server)
      raw = runner(db)
    })
    afterAll(async () => {
      await raw?.end()
      await db?.drop()
    })
    describeTamperScenarios(label, {
      create: async () => {
        const store = db.store(nextPrefix())
        await store.migrate()
        return { store, tamper: sqlTamper(store, raw.run) }
      },
      destroy: async (target) => (target.store as SqlStore).dropTables(),
      tally: (detected, total) => console.info(`[tamper] ${label}: ${detected}/${total} tamper scenarios detected`),
    })
  })
}
