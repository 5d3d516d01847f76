// `pnpm demo` is the README's main job. These tests run it as a user would (a child process
// through tsx and the @fengqiao/source condition) on a SQLite file in a temporary directory —
// and on PostgreSQL when FENGQIAO_PG_URL names a server — and read what it prints.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const demoDir = join(import.meta.dirname, '..')

interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  readonly seconds: number
}

function demo(...args: string[]): Run {
  const t0 = performance.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@fengqiao/source', 'src/main.ts', ...args], {
    cwd: demoDir,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: demoDir },
    timeout: 110_000,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: (performance.now() - t0) / 1000 }
}

/** The figures of one org unit's row in the monthly report. */
function row(out: string, unit: string): { opened: number; active: number; closed: number; rate: string } {
  const line = out.split('\n').find((l) => l.trimStart().startsWith(`${unit} `))
  expect(line, `a report row for ${unit}`).toBeDefined()
  const cells = (line ?? '').trim().split(/\s{2,}/)
  return { opened: Number(cells[1]), active: Number(cells[2]), closed: Number(cells[3]), rate: cells[4] ?? '' }
}

/** The output without the lines that depend on timing or on where the data lives. */
const stable = (out: string) => out.split('\n').filter((l) => !/^(Done in|Store:|Resuming|Next:)/.test(l)).join('\n')

function expectMonth(r: Run, month: string): void {
  expect(r.stderr).not.toContain('demo:')
  expect(r.status, r.stderr).toBe(0)
  expect(r.stdout).toContain(`Simulating ${month}`)
  expect(r.stdout).toContain(`月度报表 · Monthly report, ${month}`)
  // About 200 cases a month: 100 disputes, 80 petitions, a decision, and the linked cases transfers open.
  const cases = Number(/Done in [\d.]+ s: ([\d,]+) cases this month/.exec(r.stdout)?.[1])
  expect(cases).toBeGreaterThanOrEqual(180)
  expect(cases).toBeLessThanOrEqual(230)
  // The county row rolls up every case; the township row is there with its villages below.
  expect(row(r.stdout, '诸暨市').opened).toBe(cases)
  const town = row(r.stdout, '枫桥镇')
  expect(town.opened).toBeGreaterThan(150)
  expect(town.active + town.closed).toBe(town.opened)
  expect(town.rate).toMatch(/^\d+\.\d\d %$/)
  for (const v of ['枫源村', '陈家村', '栎桥村', '全堂村', '杜黄新村', '枫源村一网格']) row(r.stdout, v)
  // Five-heart mediation, judicial confirmation, transfers, petitions, the village decision.
  expect(r.stdout).toMatch(/五心调解·耐心倾听/)
  expect(r.stdout).toMatch(/\d+ judicially confirmed, \d+ to the police, \d+ to the court/)
  expect(r.stdout).toMatch(/信访 80: \d+ answered, \d+ extended, \d+ under review, \d+ diverted/)
  expect(r.stdout).toMatch(/四议两公开 · .+「.+」/)
  expect(r.stdout).toMatch(/审议 \d\d-\d\d（30\/40 到会，25 票赞成） → 决议 \d\d-\d\d（36\/50 到会，20 票赞成）/)
  const verified = /Hash-chained histories verified: (\d+) of (\d+) cases intact/.exec(r.stdout)
  expect(verified?.[1]).toBe(verified?.[2])
}

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
    expect(r.stdout).toMatch(new RegExp(`Resuming (\\d+) cases \\(\\d+ open\\) from SQLite ${join(dir, 'demo.db').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; last simulated day 2026-03-31\\.`))
    expect(Number(/Resuming (\d+) cases/.exec(r.stdout)?.[1])).toBe(Number(/([\d,]+) cases this month/.exec(first.stdout)?.[1]))
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

/** FENGQIAO_PG_URL names a server (as for the SQL adapter's tests); unset skips, or fails under CI. */
function postgresServer(): string | undefined {
  const url = process.env.FENGQIAO_PG_URL
  if (url !== undefined && url !== '') return url
  if (process.env.CI === 'true') throw new Error('FENGQIAO_PG_URL is not set, and CI=true: set it (for example postgres://postgres@127.0.0.1:5432/test) so that the demo runs on PostgreSQL.')
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
