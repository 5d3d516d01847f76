/**
 * How multi-node.long.test.ts talks to its engine processes (multi-node-worker.ts): the worker's
 * configuration as one JSON argument, JSON lines on the worker's stdout, and the commands `go` and
 * `stop` as lines on its stdin. Also the parent's side: spawning a worker and waiting for its lines.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Dialect } from './databases.js'
import type { EventPlan } from './load-process.js'

/** What a worker process is told. */
export interface WorkerConfig {
  /**
   * `worker`: an engine with a background worker (timers) that, on `go`, also sends its share of
   * the event plan. `victim`: an engine whose timer handling hangs right after it claimed a batch.
   */
  readonly mode: 'worker' | 'victim'
  readonly dialect: Dialect
  readonly url: string
  /** The servers to use instead of `url`, in order (the nodes of a cluster, this process's own first). */
  readonly urls?: readonly string[] | undefined
  readonly tablePrefix: string
  /** The engine's node id (the owner of its timer leases). */
  readonly nodeId: string
  /** This node's index in the plan. */
  readonly node: number
  /** The events to send; `events: 0` sends none. */
  readonly plan: EventPlan
  /** Every n-th event is sent twice at once with the same idempotency key (0: none). */
  readonly duplicateEvery: number
  /** Sends in flight at once. */
  readonly concurrency: number
  readonly pollMs: number
  readonly leaseMs: number
  readonly batchSize: number
  /** The worker gives up (and exits with code 3) after this long. */
  readonly hardTimeoutMs: number
}

/** `[timerId, claimedAt, leasedUntil]`. */
export type Claim = [string, number, number]

/** The last line of a worker. */
export interface WorkerSummary {
  readonly type: 'summary'
  readonly nodeId: string
  readonly timedOut: boolean
  /** Distinct events this node sent, and calls of `send` (duplicates included). */
  readonly events: number
  readonly sends: number
  /** Events at least one send of which was applied. */
  readonly applied: number
  /** Events no send of which was applied; each refused with a FengqiaoError of this code. */
  readonly refused: ReadonlyArray<{ readonly eventId: string; readonly instanceId: string; readonly code: string }>
  /** Refused `send` calls by error code (duplicates included). */
  readonly refusedSends: Readonly<Record<string, number>>
  /** Sends that threw anything but a FengqiaoError. */
  readonly failures: ReadonlyArray<{ readonly eventId: string; readonly message: string }>
  /** Events sent twice at once: how many pairs both succeeded, and the pairs whose results differ. */
  readonly duplicates: { readonly pairs: number; readonly bothOk: number; readonly mismatched: readonly string[] }
  /** Commits the engine attempted, and how many of them lost a race (`VERSION_CONFLICT`; the engine retries those). */
  readonly commits: { readonly attempted: number; readonly conflicts: number }
  /** Ids of the timers this node's engine fired (its `timerFired` events). */
  readonly timersFired: readonly string[]
  /** Every timer this node's engine claimed. */
  readonly claims: readonly Claim[]
  /** The engine's `error` events. */
  readonly errors: ReadonlyArray<{ readonly source: string; readonly code: string | null; readonly message: string }>
  readonly sendStartedAt: number | null
  readonly sendEndedAt: number | null
  /** Latency of single sends, ms. */
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number } | null
}

/** The lines a worker writes. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'sent'; readonly at: number }
  | {
      readonly type: 'claimed'
      readonly owner: string
      readonly timers: ReadonlyArray<{ readonly id: string; readonly instanceId: string }>
      readonly now: number
      readonly until: number
    }
  | WorkerSummary

/** A running worker process, from the parent's side. */
export interface WorkerHandle {
  readonly config: WorkerConfig
  readonly child: ChildProcess
  /** Resolves with the first line of this type the worker writes (also one written earlier). */
  next<T extends WorkerMessage['type']>(type: T, timeoutMs: number): Promise<Extract<WorkerMessage, { type: T }>>
  /** Writes a command line to the worker's stdin. */
  tell(command: 'go' | 'stop'): void
  /** Resolves when the process has exited and its output is read. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>
  /** What the worker wrote on stderr so far. */
  stderr(): string
  /** SIGKILLs the process if it is still running. */
  kill(): void
}

const WORKER = fileURLToPath(new URL('./multi-node-worker.ts', import.meta.url))

/** Starts a worker process: `node --import tsx --conditions=@fengqiao/source multi-node-worker.ts <config>`. */
export function spawnWorker(config: WorkerConfig): WorkerHandle {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@fengqiao/source', WORKER, JSON.stringify(config)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  )
  const seen: WorkerMessage[] = []
  const waiting: Array<{ type: string; resolve: (m: WorkerMessage) => void }> = []
  let errText = ''
  child.stderr?.setEncoding('utf8')
  child.stderr?.on('data', (chunk: string) => {
    errText += chunk
  })
  // The parent may write `stop` to a worker that already exited (hard timeout): ignore EPIPE.
  child.stdin?.on('error', () => undefined)
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    let message: WorkerMessage
    try {
      message = JSON.parse(line) as WorkerMessage
    } catch {
      errText += `[stdout] ${line}\n`
      return
    }
    seen.push(message)
    for (let i = waiting.length - 1; i >= 0; i--) {
      const w = waiting[i]
      if (w?.type === message.type) {
        waiting.splice(i, 1)
        w.resolve(message)
      }
    }
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal })),
  )
  let done = false
  void exited.then(() => {
    done = true
  })
  return {
    config,
    child,
    exited,
    stderr: () => errText,
    tell: (command) => {
      if (!done) child.stdin?.write(`${command}\n`)
    },
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    },
    next: (type, timeoutMs) => {
      const earlier = seen.find((m) => m.type === type)
      if (earlier !== undefined) return Promise.resolve(earlier as never)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`${config.nodeId}: no "${type}" line within ${timeoutMs} ms. stderr:\n${errText.slice(-4000)}`),
            ),
          timeoutMs,
        )
        const entry = {
          type,
          resolve: (m: WorkerMessage) => {
            clearTimeout(timer)
            resolve(m as never)
          },
        }
        waiting.push(entry)
        void exited.then(({ code, signal }) => {
          if (!waiting.includes(entry)) return
          clearTimeout(timer)
          reject(
            new Error(
              `${config.nodeId} exited (code ${code}, signal ${signal}) before writing "${type}". stderr:\n${errText.slice(-4000)}`,
            ),
          )
        })
      })
    },
  }
}
