/**
 * One test database per dialect for the engine-level and multi-process tests: created for the
 * run and dropped afterwards (PostgreSQL, MySQL/MariaDB), or a file in a temporary directory
 * (SQLite). Also opens stores by dialect and URL, which is how child processes get theirs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import mysql from 'mysql2'
import pg from 'pg'
import { mysqlStore, postgresStore, sqliteStore, type SqlStore } from '../src/index.js'
import { randomDatabaseName, withDatabase } from './servers.js'

/** The databases the tests run on. */
export type Dialect = 'postgres' | 'mysql' | 'sqlite'

/** A database of one test run. */
export interface TestDatabase {
  readonly dialect: Dialect
  /** Connection URL (PostgreSQL, MySQL) or file path (SQLite), for {@link openStore} here or in a child process. */
  readonly url: string
  /** A new store on the database that owns its connections (not migrated). */
  store(tablePrefix: string): SqlStore
  /** Runs SQL directly, returning rows. */
  query(text: string): Promise<Record<string, unknown>[]>
  /** Drops the database (or deletes the file). */
  drop(): Promise<void>
}

/**
 * Opens a store that owns its connections.
 *
 * @param url - a `postgres://` or `mysql://` URL (or several: the servers of a cluster), or a SQLite file path
 */
export function openStore(dialect: Dialect, url: string | readonly string[], tablePrefix: string): SqlStore {
  switch (dialect) {
    case 'postgres':
      return postgresStore({ connectionString: url }, { tablePrefix })
    case 'mysql':
      return mysqlStore({ uri: url }, { tablePrefix })
    case 'sqlite':
      return sqliteStore({ filename: typeof url === 'string' ? url : (url[0] ?? '') }, { tablePrefix })
  }
}

async function postgresDatabase(server: string): Promise<TestDatabase> {
  const name = randomDatabaseName()
  const admin = async (text: string): Promise<void> => {
    const client = new pg.Client({ connectionString: server })
    await client.connect()
    try {
      await client.query(text)
    } finally {
      await client.end()
    }
  }
  await admin(`create database ${name}`)
  const url = withDatabase(server, name)
  const pool = new pg.Pool({ connectionString: url, max: 4 })
  // Dropping the database `with (force)` ends idle connections the pool may still hold.
  pool.on('error', () => undefined)
  return {
    dialect: 'postgres',
    url,
    store: (tablePrefix) => openStore('postgres', url, tablePrefix),
    query: async (text) => (await pool.query<Record<string, unknown>>(text)).rows,
    drop: async () => {
      await pool.end()
      await admin(`drop database if exists ${name} with (force)`)
    },
  }
}

async function mysqlDatabase(server: string): Promise<TestDatabase> {
  const name = randomDatabaseName()
  const admin = async (text: string): Promise<void> => {
    const connection = mysql.createConnection({ uri: server }).promise()
    try {
      await connection.query(text)
    } finally {
      await connection.end()
    }
  }
  await admin(`create database ${name}`)
  const url = withDatabase(server, name)
  const pool = mysql.createPool({ uri: url, connectionLimit: 4 })
  return {
    dialect: 'mysql',
    url,
    store: (tablePrefix) => openStore('mysql', url, tablePrefix),
    query: async (text) => (await pool.promise().query(text))[0] as Record<string, unknown>[],
    drop: async () => {
      await pool.promise().end()
      await admin(`drop database if exists ${name}`)
    },
  }
}

function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'fengqiao-engine-'))
  const url = join(dir, 'cases.db')
  return {
    dialect: 'sqlite',
    url,
    store: (tablePrefix) => openStore('sqlite', url, tablePrefix),
    query: async (text) => {
      const db = new Database(url)
      try {
        const statement = db.prepare(text)
        if (statement.reader) return statement.all() as Record<string, unknown>[]
        statement.run()
        return []
      } finally {
        db.close()
      }
    },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  }
}

/**
 * Creates the database of one test run.
 *
 * @param server - the server URL (PostgreSQL, MySQL); unused for SQLite
 */
export async function createTestDatabase(dialect: Dialect, server = ''): Promise<TestDatabase> {
  switch (dialect) {
    case 'postgres':
      return postgresDatabase(server)
    case 'mysql':
      return mysqlDatabase(server)
    case 'sqlite':
      return sqliteDatabase()
  }
}
