// `pnpm demo` is the README's main job. These tests run it as a user would on a SQLite file in a
// temporary directory; the same month on PostgreSQL is demo.postgres.long.test.ts (pnpm test:long).
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { demo, expectMonth, stable, type Run } from './demo-run.js'

describe('pnpm demo on SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fengqiao-demo-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  let first: Run

  it('simulates a month in the township and prints the monthly report per org unit', () => {
    first = demo('--data', dir)
    expectMonth(first, '2026年3月')
    expect(first.stdout).toContain(`Store: SQLite ${join(dir, 'demo.db')} (new)`)
    expect(existsSync(join(dir, 'demo.db'))).toBe(true)
    // The one decision goes from proposal to result disclosure within the month.
    expect(first.stdout).toMatch(/提议 03-02 → 商议[^\n]*\n[^\n]*→ 结果公开 03-\d\d/)
    expect(first.seconds).toBeLessThan(60)
  }, 120_000)

  it('resumes the same cases from the file and simulates the next month', () => {
    const r = demo('--data', dir)
    expect(r.stdout).toMatch(
      new RegExp(
        `Resuming (\\d+) cases \\(\\d+ open\\) from SQLite ${join(dir, 'demo.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; last simulated day 2026-03-31\\.`,
      ),
    )
    expect(Number(/Resuming (\d+) cases/.exec(r.stdout)?.[1])).toBe(
      Number(/([\d,]+) cases this month/.exec(first.stdout)?.[1]),
    )
    expectMonth(r, '2026年4月')
    // March's decision, posted at the end of March, is archived in April.
    expect(r.stdout).toMatch(/四议两公开 · 枫源村「2026年宅基地使用方案」（已归档 archived）/)
    expect(r.stdout).toContain('`pnpm demo --data')
  }, 120_000)

  it('--reset starts over, and the same month comes out the same', () => {
    const r = demo('--data', dir, '--reset')
    expectMonth(r, '2026年3月')
    expect(r.stdout).toContain('(new)')
    expect(r.stdout).not.toContain('Resuming')
    expect(stable(r.stdout)).toBe(stable(first.stdout))
  }, 120_000)

  it('refuses unknown options with the usage', () => {
    const r = demo('--frobnicate')
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('Usage: pnpm demo')
  })
})
