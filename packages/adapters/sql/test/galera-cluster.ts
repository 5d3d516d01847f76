/**
 * A throwaway three-node MariaDB Galera cluster on 127.0.0.1, for the cluster tests: each node a
 * `mariadbd` with its own data directory, client port, socket, group-communication port, IST
 * port and SST port, replicating through Debian's `galera-4` provider. Node 1 bootstraps the
 * cluster (`--wsrep-new-cluster`); the others join it by state transfer (rsync). A node can be
 * killed with SIGKILL and started again: it rejoins from the position InnoDB recovered
 * (incremental state transfer from a peer's cache), or by a full transfer when that is gone.
 *
 * Needs `mariadbd`, `mariadb-install-db`, `/usr/lib/galera/libgalera_smm.so` (Debian: galera-4),
 * `rsync`, and `ss` or `lsof` for the SST script; .ci/run installs the missing ones.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './throwaway-servers.js'

/** Path of Galera's provider library. */
export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so'

/** Whether a Galera cluster can be started here. */
export function galeraAvailable(): boolean {
  return (
    existsSync(GALERA_PROVIDER) &&
    existsSync('/usr/sbin/mariadbd') &&
    existsSync('/usr/bin/mariadb-install-db') &&
    existsSync('/usr/bin/wsrep_sst_rsync')
  )
}

/** One node of the cluster. */
export interface GaleraNode {
  /** 1, 2 or 3. */
  readonly index: number
  /** Client port on 127.0.0.1. */
  readonly port: number
  /** `mysql://root@127.0.0.1:<port>/test`. */
  readonly url: string
  /** Whether its `mariadbd` is running. */
  running(): boolean
  /** SIGKILL: no shutdown, no goodbye to the cluster. */
  kill(): Promise<void>
  /** Starts it again and waits until it has rejoined (wsrep_local_state = Synced, 4). */
  start(): Promise<void>
  /** How the node's last start caught up: an incremental (IST) or a full (SST) state transfer. */
  joinedBy(): 'IST' | 'SST' | 'unknown'
}

/** A running cluster. */
export interface GaleraCluster {
  readonly nodes: readonly GaleraNode[]
  /** The nodes' URLs, node 1 first. */
  readonly urls: readonly string[]
  /** `SHOW STATUS` values of a running node (`wsrep_cluster_size`, …). */
  status(node: GaleraNode, name: string): string | undefined
  /** Kills every node and deletes every file; safe to call twice. */
  destroy(): Promise<void>
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Kills still running, if the test process exits without afterAll. */
const leftovers = new Set<() => void>()
process.once('exit', () => {
  for (const kill of leftovers) kill()
})

function mysqlArgs(port: number, sql: string): string[] {
  return [
    '--no-defaults',
    '-h',
    '127.0.0.1',
    '-P',
    String(port),
    '-uroot',
    '--connect-timeout=2',
    '-N',
    '-B',
    '-e',
    sql,
  ]
}

function query(port: number, sql: string): string | undefined {
  try {
    return execFileSync('mysql', mysqlArgs(port, sql), { encoding: 'utf8', timeout: 10_000, stdio: 'pipe' })
  } catch {
    return undefined
  }
}

/**
 * Starts a three-node cluster with a `test` database.
 *
 * @param size - nodes in the cluster (3 unless told)
 */
export async function startGalera(size = 3): Promise<GaleraCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'fq-galera-'))
  const user = process.getuid?.() === 0 ? ['--user=root'] : []
  const ports = await Promise.all(
    Array.from({ length: size }, async () => ({
      client: await freePort(),
      gcomm: await freePort(),
      ist: await freePort(),
      sst: await freePort(),
    })),
  )
  const address = `gcomm://${ports.map((p) => `127.0.0.1:${p.gcomm}`).join(',')}`
  const children: Array<ChildProcess | undefined> = ports.map(() => undefined)
  const killAll = () => {
    for (const c of children) if (c?.pid !== undefined && c.exitCode === null) c.kill('SIGKILL')
  }
  const killNow = () => {
    killAll()
    if (process.env.FQ_GALERA_KEEP === undefined) rmSync(dir, { recursive: true, force: true })
  }
  leftovers.add(killNow)

  const nodeDir = (i: number) => join(dir, `node${i + 1}`)
  const args = (i: number): string[] => {
    const p = ports[i] as (typeof ports)[number]
    const d = nodeDir(i)
    return [
      '--no-defaults',
      `--datadir=${join(d, 'data')}`,
      `--port=${p.client}`,
      '--bind-address=127.0.0.1',
      `--socket=${join(d, 'sock')}`,
      `--pid-file=${join(d, 'pid')}`,
      `--log-error=${join(d, 'error.log')}`,
      ...user,
      '--innodb-buffer-pool-size=32M',
      '--innodb-log-file-size=48M',
      '--innodb-flush-log-at-trx-commit=2',
      '--max-connections=200',
      '--skip-name-resolve',
      '--binlog-format=ROW',
      '--default-storage-engine=InnoDB',
      '--innodb-autoinc-lock-mode=2',
      '--wsrep-on=ON',
      `--wsrep-provider=${GALERA_PROVIDER}`,
      `--wsrep-cluster-address=${address}`,
      '--wsrep-cluster-name=fengqiao_test',
      `--wsrep-node-name=node${i + 1}`,
      `--wsrep-node-address=127.0.0.1:${p.gcomm}`,
      `--wsrep-node-incoming-address=127.0.0.1:${p.client}`,
      `--wsrep-provider-options=base_host=127.0.0.1;base_port=${p.gcomm};gmcast.listen_addr=tcp://127.0.0.1:${p.gcomm};ist.recv_addr=127.0.0.1:${p.ist};gcache.size=128M;evs.suspect_timeout=PT3S;evs.inactive_timeout=PT6S;evs.install_timeout=PT6S`,
      '--wsrep-sst-method=rsync',
      `--wsrep-sst-receive-address=127.0.0.1:${p.sst}`,
      '--wsrep-slave-threads=2',
    ]
  }
  const log = (i: number) => {
    const file = join(nodeDir(i), 'error.log')
    return existsSync(file) ? readFileSync(file, 'utf8').slice(-3000) : '(no log)'
  }
  const synced = (i: number) =>
    query((ports[i] as (typeof ports)[number]).client, "show status like 'wsrep_local_state'")
  const waitSynced = async (i: number, ms: number) => {
    const until = Date.now() + ms
    for (;;) {
      const child = children[i]
      if (child === undefined || child.exitCode !== null || child.signalCode !== null)
        throw new Error(`Galera node ${i + 1} exited while starting:\n${log(i)}`)
      if (/\t4\s*$/.test(synced(i) ?? '')) return
      if (Date.now() > until) throw new Error(`Galera node ${i + 1} not synced within ${ms} ms:\n${log(i)}`)
      await sleep(250)
    }
  }

  /** The position InnoDB holds after a crash (`--wsrep-recover`), so that the node rejoins by IST. */
  const recoveredPosition = (i: number): string | undefined => {
    const recoverLog = join(nodeDir(i), 'recover.log')
    try {
      execFileSync(
        '/usr/sbin/mariadbd',
        [...args(i).filter((a) => !a.startsWith('--log-error')), `--log-error=${recoverLog}`, '--wsrep-recover'],
        { stdio: 'ignore', timeout: 120_000 },
      )
    } catch {
      return undefined
    }
    const m = /Recovered position:\s*([0-9a-f-]+:-?\d+)/.exec(readFileSync(recoverLog, 'utf8'))
    return m?.[1]
  }

  const logFrom = ports.map(() => 0)
  const launch = async (i: number, extra: string[]) => {
    const file = join(nodeDir(i), 'error.log')
    logFrom[i] = existsSync(file) ? readFileSync(file).length : 0
    // A joiner's rsync daemon, started by root, writes as `nobody`: it must own the data
    // directory it replaces (throwaway files of a test; mariadbd itself runs as root).
    if (process.getuid?.() === 0) {
      execFileSync('chmod', ['a+rx', nodeDir(i)])
      execFileSync('chown', ['-R', 'nobody', join(nodeDir(i), 'data')])
    }
    const child = spawn('/usr/sbin/mariadbd', [...args(i), ...extra], { stdio: 'ignore' })
    child.on('error', () => undefined)
    children[i] = child
    await waitSynced(i, 180_000)
  }

  try {
    for (let i = 0; i < size; i++) {
      mkdirSync(nodeDir(i), { recursive: true })
      execFileSync(
        '/usr/bin/mariadb-install-db',
        [
          '--no-defaults',
          `--datadir=${join(nodeDir(i), 'data')}`,
          ...user,
          '--auth-root-authentication-method=normal',
          '--skip-test-db',
          '--skip-name-resolve',
        ],
        { stdio: 'ignore', timeout: 120_000 },
      )
    }
    execFileSync('chmod', ['a+rx', dir])
    await launch(0, ['--wsrep-new-cluster'])
    // Root may connect over TCP from 127.0.0.1 without a password (as on the shared server),
    // and the `test` database exists on every node once the others have joined.
    query(ports[0]?.client ?? 0, 'create database if not exists test')
    for (let i = 1; i < size; i++) await launch(i, [])
  } catch (e) {
    killNow()
    leftovers.delete(killNow)
    throw e
  }

  const nodes: GaleraNode[] = ports.map((p, i) => ({
    index: i + 1,
    port: p.client,
    url: `mysql://root@127.0.0.1:${p.client}/test`,
    running: () => {
      const c = children[i]
      return c !== undefined && c.exitCode === null && c.signalCode === null
    },
    kill: async () => {
      const c = children[i]
      if (c === undefined || c.exitCode !== null || c.signalCode !== null) return
      const exited = new Promise<void>((r) => c.once('exit', () => r()))
      c.kill('SIGKILL')
      await exited
    },
    joinedBy: () => {
      const text = readFileSync(join(nodeDir(i), 'error.log'))
        .subarray(logFrom[i])
        .toString('utf8')
      if (/IST received|Receiving IST/.test(text)) return 'IST'
      if (/SST (succeeded|complete)|State transfer required/.test(text)) return 'SST'
      return 'unknown'
    },
    start: async () => {
      const position = recoveredPosition(i)
      await launch(i, position === undefined ? [] : [`--wsrep-start-position=${position}`])
    },
  }))
  let gone = false
  return {
    nodes,
    urls: nodes.map((n) => n.url),
    status: (node, name) => {
      const out = query(node.port, `show status like '${name}'`)
      return out?.trim().split('\t')[1]
    },
    destroy: async () => {
      if (gone) return
      gone = true
      leftovers.delete(killNow)
      await Promise.all(nodes.map((n) => n.kill()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
