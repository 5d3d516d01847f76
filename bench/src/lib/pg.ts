/**
 * The benchmark's own PostgreSQL database: `fq_bench_<pid>` on the server named by
 * FENGQIAO_PG_URL, created at the start and dropped at the end.
 */
import pg from 'pg'

export const PG_URL = process.env.FENGQIAO_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

export interface BenchDatabase {
  readonly url: string
  readonly name: string
  readonly serverVersion: string
  readonly settings: Record<string, string>
  drop(): Promise<void>
}

/**
 * A pg pool on the bench database. An idle client that the server drops (the database is dropped
 * with FORCE at the end) emits 'error' on the pool; without a listener that would crash the run.
 */
export function benchPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max })
  pool.on('error', () => undefined)
  return pool
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

/** Creates the bench database, or returns the reason it cannot. */
export async function createBenchDatabase(): Promise<BenchDatabase | { unavailable: string }> {
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 })
  try {
    await admin.connect()
  } catch (e) {
    return {
      unavailable: `PostgreSQL at ${redact(PG_URL)} is unreachable (${e instanceof Error ? e.message : String(e)})`,
    }
  }
  const name = `fq_bench_${process.pid}`
  try {
    await admin.query(`drop database if exists ${name}`)
    await admin.query(`create database ${name}`)
    const version =
      (await admin.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?'
    const settings: Record<string, string> = {}
    for (const s of ['shared_buffers', 'synchronous_commit', 'fsync', 'max_connections', 'wal_level']) {
      settings[s] = (await admin.query<{ v: string }>(`select current_setting('${s}') as v`)).rows[0]?.v ?? '?'
    }
    await admin.end()
    return {
      url: withDatabase(PG_URL, name),
      name,
      serverVersion: version,
      settings,
      async drop() {
        const c = new pg.Client({ connectionString: PG_URL })
        await c.connect()
        try {
          await c.query(`drop database if exists ${name} with (force)`)
        } finally {
          await c.end()
        }
      },
    }
  } catch (e) {
    await admin.end().catch(() => undefined)
    return {
      unavailable: `cannot create a database on ${redact(PG_URL)} (${e instanceof Error ? e.message : String(e)})`,
    }
  }
}

/** The URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password !== '') u.password = '***'
    return u.toString()
  } catch {
    return '(unparseable URL)'
  }
}
