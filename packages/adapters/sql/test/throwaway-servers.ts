/**
 * Database servers a fault test starts, stops and restarts itself: a PostgreSQL cluster and a
 * `mariadbd`, each with its own data directory, port and socket in a temporary directory —
 * never the shared servers. Needs the server binaries installed (Debian: postgresql, mariadb-server)
 * and, as root, the `postgres` user to run PostgreSQL.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A server a test controls. */
export interface ThrowawayServer {
  readonly kind: 'postgres' | 'mysql'
  /** URL of its `test` database. */
  readonly url: string
  readonly port: number
  /** Stops the server: `'immediate'` kills it without a checkpoint, `'fast'` disconnects clients and shuts down cleanly. */
  stop(mode: 'immediate' | 'fast'): Promise<void>
  /** Starts it again on the same port and data directory, resolving once it accepts connections. */
  start(): Promise<void>
  /** Freezes (SIGSTOP) or thaws (SIGCONT) the server's processes: a hanging database. */
  freeze(frozen: boolean): void
  /** Stops it and deletes its files; safe to call twice. */
  destroy(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Servers still running, stopped synchronously if the test process exits without afterAll. */
const leftovers = new Set<() => void>()
process.once('exit', () => {
  for (const kill of leftovers) kill()
})

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const address = s.address()
      s.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

function pgBin(): string | undefined {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return undefined
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(base, versions[0], 'bin')
}

/** Whether the binaries for throwaway servers are there (and we may run them). */
export function throwawayAvailable(kind: 'postgres' | 'mysql'): boolean {
  if (kind === 'postgres') return pgBin() !== undefined && process.getuid?.() === 0
  return existsSync('/usr/sbin/mariadbd') && existsSync('/usr/bin/mariadb-install-db')
}

async function waitUntil(ready: () => boolean, what: string, ms = 30_000): Promise<void> {
  const until = Date.now() + ms
  while (!ready()) {
    if (Date.now() > until) throw new Error(`${what} did not come up within ${ms} ms`)
    await sleep(100)
  }
}

function quiet(cmd: string, args: string[]): boolean {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', timeout: 10_000 })
    return true
  } catch {
    return false
  }
}

/** Starts a throwaway PostgreSQL cluster with a `test` database. */
export async function startPostgres(): Promise<ThrowawayServer> {
  const bin = pgBin()
  if (bin === undefined) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql')
  const dir = mkdtempSync(join(tmpdir(), 'fq-pg-'))
  chownSync(dir, ...ids('postgres'))
  const data = join(dir, 'data')
  const port = await freePort()
  const asPg = (tool: string, args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', join(bin, tool), ...args], { stdio: 'pipe', timeout: 60_000 })
  asPg('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`
  const start = async () => {
    asPg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start'])
  }
  await start()
  const killNow = () => {
    quiet('runuser', ['-u', 'postgres', '--', join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'])
    rmSync(dir, { recursive: true, force: true })
  }
  leftovers.add(killNow)
  execFileSync(
    join(bin, 'psql'),
    ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-c', 'create database test'],
    { stdio: 'ignore' },
  )
  let gone = false
  const stop = async (mode: 'immediate' | 'fast') => {
    try {
      asPg('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop'])
    } catch {
      // already stopped
    }
  }
  const pids = (): number[] => {
    const pidFile = join(data, 'postmaster.pid')
    if (!existsSync(pidFile)) return []
    const main = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
    let children: number[] = []
    try {
      children = execFileSync('pgrep', ['-P', String(main)], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map(Number)
    } catch {
      // no children
    }
    return [main, ...children]
  }
  return {
    kind: 'postgres',
    port,
    url: `postgres://postgres@127.0.0.1:${port}/test`,
    stop,
    start,
    freeze: (frozen) => {
      for (const pid of pids()) quiet('kill', [frozen ? '-STOP' : '-CONT', String(pid)])
    },
    destroy: async () => {
      if (gone) return
      gone = true
      leftovers.delete(killNow)
      for (const pid of pids()) quiet('kill', ['-CONT', String(pid)])
      await stop('immediate')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

function ids(user: string): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`))
  if (line === undefined) throw new Error(`no user ${user}`)
  const [, , uid, gid] = line.split(':')
  return [Number(uid), Number(gid)]
}

/** Starts a throwaway `mariadbd` with a `test` database. */
export async function startMariadb(): Promise<ThrowawayServer> {
  const dir = mkdtempSync(join(tmpdir(), 'fq-my-'))
  const data = join(dir, 'data')
  const port = await freePort()
  const user = process.getuid?.() === 0 ? ['--user=root'] : []
  execFileSync(
    '/usr/bin/mariadb-install-db',
    [
      '--no-defaults',
      `--datadir=${data}`,
      ...user,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--skip-name-resolve',
    ],
    { stdio: 'ignore', timeout: 120_000 },
  )
  let child: ChildProcess | undefined
  const socket = join(dir, 'sock')
  const alive = () =>
    quiet('mysqladmin', [
      '--no-defaults',
      '-h',
      '127.0.0.1',
      '-P',
      String(port),
      '-uroot',
      '--connect-timeout=2',
      'status',
    ])
  const start = async () => {
    child = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${data}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--socket=${socket}`,
        `--pid-file=${join(dir, 'pid')}`,
        ...user,
        '--innodb-buffer-pool-size=16M',
        '--skip-log-bin',
        '--max-connections=100',
      ],
      { stdio: 'ignore' },
    )
    child.on('error', () => undefined)
    await waitUntil(alive, 'mariadbd')
  }
  await start()
  const killNow = () => {
    if (child?.pid !== undefined) {
      quiet('kill', ['-CONT', String(child.pid)])
      child.kill('SIGKILL')
    }
    rmSync(dir, { recursive: true, force: true })
  }
  leftovers.add(killNow)
  execFileSync(
    'mysql',
    ['--no-defaults', '-h', '127.0.0.1', '-P', String(port), '-uroot', '-e', 'create database test'],
    { stdio: 'ignore' },
  )
  const stop = async (mode: 'immediate' | 'fast') => {
    const c = child
    if (c === undefined || c.exitCode !== null || c.signalCode !== null) return
    const exited = new Promise<void>((r) => c.once('exit', () => r()))
    c.kill(mode === 'immediate' ? 'SIGKILL' : 'SIGTERM')
    await exited
    child = undefined
  }
  let gone = false
  return {
    kind: 'mysql',
    port,
    url: `mysql://root@127.0.0.1:${port}/test`,
    stop,
    start,
    freeze: (frozen) => {
      if (child?.pid !== undefined) process.kill(child.pid, frozen ? 'SIGSTOP' : 'SIGCONT')
    },
    destroy: async () => {
      if (gone) return
      gone = true
      leftovers.delete(killNow)
      if (child?.pid !== undefined) quiet('kill', ['-CONT', String(child.pid)])
      await stop('immediate')
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Starts a throwaway server of the given kind. */
export function startThrowaway(kind: 'postgres' | 'mysql'): Promise<ThrowawayServer> {
  return kind === 'postgres' ? startPostgres() : startMariadb()
}
