// The demo on PostgreSQL (four full runs): a long test, run by `pnpm test:long` and in CI.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demo, expectMonth, stable } from './demo-run.js'

/** FENGQIAO_PG_URL names a server (as for the SQL adapter's tests); unset skips, or fails under CI. */
function postgresServer(): string | undefined {
  const url = process.env.FENGQIAO_PG_URL
  if (url !== undefined && url !== '') return url
  if (process.env.CI === 'true')
    throw new Error(
      'FENGQIAO_PG_URL is not set, and CI=true: set it (for example postgres://postgres@127.0.0.1:5432/test) so that the demo runs on PostgreSQL.',
    )
  console.warn('[demo] FENGQIAO_PG_URL is not set: SKIPPING `pnpm demo --postgres`.')
  return undefined
}

const server = postgresServer()

describe.skipIf(server === undefined)('pnpm demo --postgres', () => {
  const database = `fq_demo_${randomBytes(4).toString('hex')}`
  let url = ''
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: server })
    await client.connect()
    try {
      await client.query(sql)
    } finally {
      await client.end()
    }
  }
  beforeAll(async () => {
    const u = new URL(server ?? '')
    u.pathname = `/${database}`
    url = u.toString()
    await admin(`create database ${database}`)
  })
  afterAll(async () => {
    await admin(`drop database if exists ${database} with (force)`)
  })

  it('runs the same month on PostgreSQL, resumes it, and starts over with --reset', () => {
    const first = demo('--postgres', url)
    expectMonth(first, '2026年3月')
    expect(first.stdout).toContain(`Store: PostgreSQL ${url}`)
    // The same month, case for case, as on SQLite.
    const dir = mkdtempSync(join(tmpdir(), 'fengqiao-demo-'))
    try {
      expect(stable(first.stdout)).toBe(stable(demo('--data', dir).stdout))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }

    const second = demo('--postgres', url)
    expect(second.stdout).toMatch(/Resuming \d+ cases \(\d+ open\) from PostgreSQL .*; last simulated day 2026-03-31\./)
    expectMonth(second, '2026年4月')

    const again = demo('--postgres', url, '--reset')
    expectMonth(again, '2026年3月')
    expect(again.stdout).not.toContain('Resuming')
  }, 300_000)
})
