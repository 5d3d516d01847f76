// Shared by the demo's tests: run `pnpm demo` as a user would (a child process through tsx and the
// @fengqiao/source condition) and read what it prints.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect } from 'vitest'

const demoDir = join(import.meta.dirname, '..')

/** One run of the demo. */
export interface Run {
  readonly status: number | null
  readonly stdout: string
  readonly stderr: string
  readonly seconds: number
}

/** Runs the demo with `args` and waits for it. */
export function demo(...args: string[]): Run {
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
export function row(
  out: string,
  unit: string,
): { opened: number; active: number; closed: number; rate: string; onTime: string } {
  const line = out.split('\n').find((l) => l.trimStart().startsWith(`${unit} `))
  expect(line, `a report row for ${unit}`).toBeDefined()
  const cells = (line ?? '').trim().split(/\s{2,}/)
  return {
    opened: Number(cells[1]),
    active: Number(cells[2]),
    closed: Number(cells[3]),
    rate: cells[4] ?? '',
    onTime: cells[5] ?? '',
  }
}

/** The output without the lines that depend on timing or on where the data lives. */
export const stable = (out: string) =>
  out
    .split('\n')
    .filter((l) => !/^(Done in|Store:|Resuming|Next:)/.test(l))
    .join('\n')

export function expectMonth(r: Run, month: string): void {
  expect(r.stderr).not.toContain('demo:')
  expect(r.status, r.stderr).toBe(0)
  expect(r.stdout).toContain(`Simulating ${month}`)
  expect(r.stdout).toContain(`月度报表 · Monthly report, ${month}`)
  // About 230 cases a month: 100 disputes, 80 petitions, 10 grid events, 24 hotline tickets, a
  // decision, and the linked cases transfers open.
  const cases = Number(/Done in [\d.]+ s: ([\d,]+) cases this month/.exec(r.stdout)?.[1])
  expect(cases).toBeGreaterThanOrEqual(210)
  expect(cases).toBeLessThanOrEqual(264)
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
  // Grid events settled in the grid, and the hotline's three rates beside 化解率 and 按期办结率.
  expect(r.stdout).toMatch(/网格事件 10: \d+ struck off the ledger \(对账销号\)/)
  expect(r.stdout).toMatch(/12345 接诉即办 24: 4 answered on the call, 20 dispatched to 枫桥镇/)
  const rates =
    /^ {2}响应率 (\S+) % · 解决率 (\S+) % · 满意率 (\S+) % · 综合 (\S+) % .*枫桥镇 化解率 \d+\.\d\d % · 按期办结率 /m.exec(
      r.stdout,
    )
  expect(rates, 'the hotline rates line').not.toBeNull()
  for (const x of rates?.slice(1) ?? []) expect(Number(x)).toBeGreaterThan(0)
  // Three tickets are signed for two days late: the response rate is 17 of 20, and the drill-down names them.
  expect(rates?.[1]).toBe('85.00')
  expect(r.stdout).toMatch(/not responded in time \(drill-down\): (枫桥12345〔\d{4}〕\d{5}号(, )?){3}$/m)
  expect(r.stdout).toMatch(/双考核 · 枫桥镇 whistled on 2: 响应率/)
  // The on-time line agrees with the table, and a case that overran a time limit is never on time.
  const onTime =
    /按期办结率 ([\d.]+ %|—) at 诸暨市: (\d+) of (\d+) due this month closed on time, (\d+) closed late/.exec(r.stdout)
  expect(onTime, 'the on-time line').not.toBeNull()
  const [, rate, closedOnTime, due, closedLate] = onTime ?? []
  expect(row(r.stdout, '诸暨市').onTime).toBe(rate)
  expect(Number(closedOnTime) + Number(closedLate)).toBeLessThanOrEqual(Number(due))
  const verified = /Hash-chained histories verified: (\d+) of (\d+) cases intact/.exec(r.stdout)
  expect(verified?.[1]).toBe(verified?.[2])
}
