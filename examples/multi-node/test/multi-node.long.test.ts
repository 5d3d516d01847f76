import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const url = process.env.FENGQIAO_PG_URL
if (url === undefined) {
  if (process.env.CI === 'true')
    throw new Error('FENGQIAO_PG_URL must be set in CI: the multi-node example needs PostgreSQL.')
  console.warn('examples/multi-node: FENGQIAO_PG_URL is not set; skipping (set it to run against PostgreSQL).')
}

describe.skipIf(url === undefined)('multi-node example', () => {
  it('two worker processes share PostgreSQL and fire every timer once between them', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@fengqiao/source', 'src/main.ts'], {
      cwd: join(import.meta.dirname, '..'),
      encoding: 'utf8',
      env: { ...process.env, FENGQIAO_PG_URL: url },
      timeout: 90_000,
    })
    expect(out).toMatch(/20 cases; 20 timers fired once each by [12] nodes/)
    expect(out).toContain('states: reminded')
  }, 120_000)
})
