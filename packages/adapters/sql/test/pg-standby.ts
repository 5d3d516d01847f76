/**
 * A throwaway PostgreSQL primary with a streaming standby under synchronous replication, on
 * 127.0.0.1, for the failover test: the primary is made with `initdb`, the standby with
 * `pg_basebackup -R` from it, each with its own port and data directory; the primary waits for
 * the standby to flush every commit (`synchronous_standby_names`, `synchronous_commit = on`)
 * before it acknowledges it. The primary can be killed (`pg_ctl -m immediate`: no shutdown
 * checkpoint, as a crash) and the standby promoted. As root, the servers run as `postgres`.
 */
import { execFileSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './throwaway-servers.js'

/** A primary and its synchronous standby. */
export interface PgStandbyPair {
  /** `postgres://postgres@127.0.0.1:<port>/test` of the primary and of the standby. */
  readonly primaryUrl: string
  readonly standbyUrl: string
  /** Kills the primary without a shutdown checkpoint. */
  killPrimary(): void
  /** Promotes the standby, resolving once it accepts writes. */
  promoteStandby(): void
  /** A value of `pg_stat_replication` on the primary (`sync_state`, …), or undefined. */
  replication(column: string): string | undefined
  /** Stops both and deletes their files; safe to call twice. */
  destroy(): Promise<void>
}

function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'pg_basebackup')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(base, versions[0], 'bin')
}

/** Whether a pair can be started here (server binaries, and root to run them as `postgres`). */
export function pgStandbyAvailable(): boolean {
  return pgBin() !== undefined && process.getuid?.() === 0
}

function ids(user: string): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`))
  if (line === undefined) throw new Error(`no user ${user}`)
  const [, , uid, gid] = line.split(':')
  return [Number(uid), Number(gid)]
}

const leftovers = new Set<() => void>()
process.once('exit', () => {
  for (const kill of leftovers) kill()
})

/** Starts the pair, resolving once the standby streams synchronously and `test` exists on both. */
export async function startPgStandby(): Promise<PgStandbyPair> {
  const bin = pgBin()
  if (bin === undefined) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql')
  const dir = mkdtempSync(join(tmpdir(), 'fq-pgha-'))
  chownSync(dir, ...ids('postgres'))
  const primaryData = join(dir, 'primary')
  const standbyData = join(dir, 'standby')
  const [primaryPort, standbyPort] = [await freePort(), await freePort()]
  const run = (tool: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], {
      stdio: 'pipe',
      timeout: 120_000,
      encoding: 'utf8',
    })
  const quiet = (tool: string, args: string[]) => {
    try {
      run(tool, args)
    } catch {
      // already stopped
    }
  }
  const psql = (port: number, sql: string): string =>
    execFileSync(join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-Atc', sql], {
      encoding: 'utf8',
      timeout: 10_000,
    }).trim()
  const common = (port: number) =>
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=80 -c wal_level=replica -c max_wal_senders=5 -c hot_standby=on -c fsync=off`
  const killNow = () => {
    quiet('pg_ctl', ['-D', primaryData, '-m', 'immediate', 'stop'])
    quiet('pg_ctl', ['-D', standbyData, '-m', 'immediate', 'stop'])
    rmSync(dir, { recursive: true, force: true })
  }
  leftovers.add(killNow)
  try {
    run('initdb', ['-D', primaryData, '-A', 'trust', '-U', 'postgres', '--no-sync'])
    run('pg_ctl', [
      '-D',
      primaryData,
      '-o',
      common(primaryPort),
      '-l',
      join(dir, 'primary.log'),
      '-w',
      '-t',
      '60',
      'start',
    ])
    psql(primaryPort, 'create database test')
    // A fast checkpoint: the default (spread) waits most of checkpoint_timeout.
    run('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      standbyData,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
      '--no-sync',
    ])
    const conninfo = `host=127.0.0.1 port=${primaryPort} user=postgres application_name=standby1`
    run('pg_ctl', [
      '-D',
      standbyData,
      '-o',
      `${common(standbyPort)} -c primary_conninfo='${conninfo}'`,
      '-l',
      join(dir, 'standby.log'),
      '-w',
      '-t',
      '60',
      'start',
    ])
    // From now on the primary acknowledges a commit only once the standby has flushed it (set
    // after the standby exists: until then a commit would wait for it forever).
    psql(primaryPort, "alter system set synchronous_standby_names = 'standby1'")
    psql(primaryPort, 'alter system set synchronous_commit = on')
    psql(primaryPort, 'select pg_reload_conf()')
    const until = Date.now() + 60_000
    while (psql(primaryPort, 'select sync_state from pg_stat_replication') !== 'sync') {
      if (Date.now() > until) throw new Error('the standby did not become synchronous within 60 s')
      await new Promise((r) => setTimeout(r, 200))
    }
  } catch (e) {
    killNow()
    leftovers.delete(killNow)
    throw e
  }
  let gone = false
  return {
    primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/test`,
    standbyUrl: `postgres://postgres@127.0.0.1:${standbyPort}/test`,
    killPrimary: () => quiet('pg_ctl', ['-D', primaryData, '-m', 'immediate', 'stop']),
    promoteStandby: () => {
      run('pg_ctl', ['-D', standbyData, '-w', '-t', '60', 'promote'])
    },
    replication: (column) => {
      try {
        return psql(primaryPort, `select ${column} from pg_stat_replication`) || undefined
      } catch {
        return undefined
      }
    },
    destroy: async () => {
      if (gone) return
      gone = true
      leftovers.delete(killNow)
      killNow()
    },
  }
}
