/**
 * Finds the database servers the tests run against, and gives each test run its own database.
 *
 * `FENGQIAO_PG_URL` / `FENGQIAO_MYSQL_URL` name a server (any database on it works: the tests only
 * use it to create and drop `fq_test_<random>`). An unset variable skips that suite with a
 * message — except under `CI=true`, where it fails the run.
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The environment variables naming test servers. */
export type ServerVariable = 'FENGQIAO_PG_URL' | 'FENGQIAO_MYSQL_URL'

/**
 * Reads a server URL from the environment.
 *
 * @returns the URL, or undefined (after saying so) when the suite should be skipped
 * @throws Error when the variable is unset and `CI` is `'true'`
 */
export function serverUrl(variable: ServerVariable): string | undefined {
  const url = process.env[variable]
  if (url !== undefined && url !== '') return url
  if (process.env.CI === 'true') {
    throw new Error(
      `${variable} is not set, and CI=true: set it (for example ${variable === 'FENGQIAO_PG_URL' ? 'postgres://postgres@127.0.0.1:5432/test' : 'mysql://root@127.0.0.1:3306/test'}) so that the suite runs.`,
    )
  }
  console.warn(
    `[adapter-sql] ${variable} is not set: SKIPPING the ${variable === 'FENGQIAO_PG_URL' ? 'PostgreSQL' : 'MySQL'} tests.`,
  )
  return undefined
}

/** A fresh database name for one test run, such as `fq_test_3f9a1c2b`. */
export function randomDatabaseName(): string {
  return `fq_test_${randomBytes(4).toString('hex')}`
}

/** The same server URL with another database. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** Table prefixes for one test each, unique within a run. */
export function prefixes(): () => string {
  let n = 0
  return () => `t${++n}_`
}

/**
 * Runs one statement on a PostgreSQL server with a client of its own (`create database`, `drop
 * database … with (force)` cannot run inside a pool's database).
 *
 * @param server - the server URL
 * @returns a function running one statement
 */
export function postgresAdmin(server: string): (text: string) => Promise<void> {
  return async (text) => {
    const client = new pg.Client({ connectionString: server })
    await client.connect()
    try {
      await client.query(text)
    } finally {
      await client.end()
    }
  }
}
