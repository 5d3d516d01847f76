// `pnpm demo`: a simulated month in one township — about 230 disputes, petitions, grid events,
// 12345 hotline tickets and a village decision on the embedded default store (a SQLite file under
// ./.fengqiao/), driven by the manual clock, ending in the monthly report per org unit. Run it again and it resumes the same cases
// for the next month; `--reset` starts over; `--postgres <url>` runs the same on PostgreSQL.
//
// Where a run stands is read from the cases themselves, not from a side file: the newest case's
// month is the last simulated month. If that month's intake is complete, the next run simulates
// the month after it; if a run was interrupted part-way, the next one finishes that month
// (registrations carry idempotency keys, so a day's intake can safely be replayed).
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { civilDateAt, type CivilDate } from '@fengqiao/core'
import { postgresStore, sqliteStore, type SqlStore } from '@fengqiao/adapter-sql'
import { at, daysOf, firstDay, lastDay, monthName, monthOf, nextMonth, type Month } from './calendar.js'
import { printRun } from './output.js'
import { planMonth } from './plans.js'
import { progress } from './progress.js'
import { allInstances, simulateMonth } from './simulate.js'
import { serveConsole } from './console.js'
import { villages } from './town.js'
import { createWorld } from './world.js'

/** The first simulated month. */
const FIRST: Month = { year: 2026, month: 3 }

const usage = `Usage: pnpm demo [--reset] [--postgres <url>] [--data <dir>] [--console [--port <n>]]

  (no options)      simulate a month on ./.fengqiao/demo.db (created on the first run);
                    run it again to simulate the next month on the same cases
  --reset           start over: delete the simulated cases first
  --postgres <url>  use PostgreSQL instead of SQLite, e.g. postgres://postgres@127.0.0.1:5432/fengqiao
  --data <dir>      keep the SQLite file in <dir> instead of ./.fengqiao
  --console         then serve the Fengqiao Console on the same cases (pnpm console)
  --port <n>        the console's port (default 5170; 0: any free port)
`

const out = (line = '') => process.stdout.write(`${line}\n`)

async function main(): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        reset: { type: 'boolean', default: false },
        postgres: { type: 'string' },
        data: { type: 'string' },
        console: { type: 'boolean', default: false },
        port: { type: 'string', default: '5170' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n\n${usage}`)
    return 2
  }
  if (values.help) {
    process.stdout.write(usage)
    return 0
  }
  // pnpm runs the script in examples/demo; INIT_CWD is the directory `pnpm demo` was typed in.
  const cwd = process.env.INIT_CWD ?? process.cwd()
  let store: SqlStore
  let where: string
  let again = 'pnpm demo'
  if (values.postgres !== undefined) {
    store = postgresStore({ connectionString: values.postgres })
    const u = new URL(values.postgres)
    if (u.password !== '') u.password = '***'
    where = `PostgreSQL ${u.toString()}`
    again = 'pnpm demo --postgres <url>'
  } else {
    const dir = resolve(cwd, values.data ?? '.fengqiao')
    const file = join(dir, 'demo.db')
    if (values.reset) for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
    const fresh = !existsSync(file)
    mkdirSync(dir, { recursive: true })
    store = sqliteStore({ filename: file })
    const shown = relative(cwd, file)
    where = `SQLite ${shown.startsWith('..') ? file : shown}${fresh ? ' (new)' : ''}`
    if (values.data !== undefined) again = `pnpm demo --data ${values.data}`
  }

  try {
    await store.migrate()
    if (values.reset && values.postgres !== undefined) {
      await store.dropTables()
      await store.migrate()
    }
    const existing = await allInstances(store)
    let month = FIRST
    let from: CivilDate | undefined
    let clockStart = at(firstDay(FIRST))
    out(
      `枫桥 Fengqiao demo — a simulated month in one township: 诸暨市 › 枫桥镇 › ${villages.length} villages › ${villages.length * 2} grids`,
    )
    if (existing.length === 0) {
      out(`Store: ${where}. Clock: manual, from ${firstDay(month)} 00:00.`)
    } else {
      const newest = Math.max(...existing.map((r) => r.createdAt))
      const last = monthOf(newest)
      const intake = existing.filter(
        (r) =>
          r.parentId === null && monthOf(r.createdAt).year === last.year && monthOf(r.createdAt).month === last.month,
      ).length
      const open = existing.filter((r) => r.status === 'active').length
      if (intake < planMonth(last).cases.length) {
        // The last run stopped part-way: finish its month, from the day it stopped on.
        month = last
        from = civilDateAt(newest)
        out(
          `Resuming ${existing.length} cases (${open} open) from ${where}: the last run stopped on ${from}; finishing ${monthName(month)}.`,
        )
      } else {
        month = nextMonth(last)
        out(`Resuming ${existing.length} cases (${open} open) from ${where}; last simulated day ${lastDay(last)}.`)
      }
      // The clock never goes back: start where the stored cases left off.
      clockStart = Math.max(...existing.map((r) => r.updatedAt), at(firstDay(month)))
    }
    const stored = new Set(existing.flatMap((r) => (r.businessKey === null ? [] : [r.businessKey])))
    const coming = planMonth(month).cases.filter((c) => !stored.has(c.key))
    const kinds = (p: string) => coming.filter((c) => c.process === p).length
    const decisions = kinds('deliberation')
    out(
      `Simulating ${monthName(month)}${from === undefined ? '' : ` from ${from}`}: ${kinds('mediation')} disputes, ${kinds('petition')} petitions, ${kinds('grid')} grid events, ${kinds('hotline')} 12345 hotline tickets${decisions === 0 ? '' : ` and ${decisions === 1 ? 'one 四议两公开 decision' : `${decisions} 四议两公开 decisions`}`} come in${existing.length > 0 ? '; the open cases go on' : ''}.`,
    )

    const world = createWorld(store, clockStart)
    const days = daysOf(month).filter((d) => from === undefined || d >= from)
    const bar = progress(days.length, monthName(month))
    const t0 = performance.now()
    const stats = await simulateMonth(world, month, {
      ...(from === undefined ? {} : { from }),
      stored,
      onDay: (d) => bar.tick(d),
    })
    bar.done()
    await printRun(world, month, stats, (performance.now() - t0) / 1000)
    out()
    out(
      `Next: \`${again}\` simulates ${monthName(nextMonth(month))} on the same cases · \`${again} --reset\` starts over${values.postgres === undefined ? ' · `pnpm demo --postgres <url>` runs on PostgreSQL' : ''}`,
    )
    const failed = stats.refused.length + world.errors.length
    if (failed > 0) process.stderr.write(`demo: ${failed} unexpected refusals or errors (listed above)\n`)
    if (values.console) {
      const served = await serveConsole(world, Number(values.port))
      out()
      out(`Fengqiao Console: ${served.url}  (demo sign-in: pick a user in the switcher; Ctrl-C stops)`)
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve)
        process.once('SIGTERM', resolve)
      })
      await served.close()
    }
    await world.engine.close()
    return failed > 0 ? 1 : 0
  } finally {
    await store.close()
  }
}

try {
  process.exitCode = await main()
} catch (e) {
  // A database that cannot be reached or opened: say so in one line, not with a stack trace.
  const message = e instanceof Error ? e.message : String(e)
  const cause =
    e instanceof Error && e.cause instanceof Error && !message.includes(e.cause.message) ? ` (${e.cause.message})` : ''
  process.stderr.write(`demo: ${message}${cause}\n`)
  process.exitCode = 1
}
