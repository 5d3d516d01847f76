/**
 * Statistics and the round runner: every comparison alternates its systems round by round
 * (A, B, A, B, …) in one process, so that a slow moment of a noisy machine hits all of them.
 */
import { performance } from 'node:perf_hooks'

/** Median, spread and raw samples of one measured figure. */
export interface Figure {
  readonly median: number
  readonly min: number
  readonly max: number
  readonly samples: number[]
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

/** Nearest-rank percentile (p in 0..100). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return Number.NaN
  const s = [...xs].sort((a, b) => a - b)
  const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)))
  return s[rank - 1] as number
}

export function figure(samples: readonly number[]): Figure {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples: [...samples] }
}

/** `a / b`, or null when either side is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined): number | null {
  if (
    a === null ||
    a === undefined ||
    b === null ||
    b === undefined ||
    !Number.isFinite(a) ||
    !Number.isFinite(b) ||
    b === 0
  )
    return null
  return a / b
}

/**
 * One system under test. `create` makes a fresh instance of the process and `step` applies the
 * k-th of its 10 events (k = 1..10); both are awaited one after the other by each client.
 */
export interface System<I = unknown> {
  readonly name: string
  /** The system runs all 10 steps inside `create` (a DBOS workflow); `step` is never called. */
  readonly stepsInCreate?: boolean
  /** Called before every round (not timed): fresh in-memory state, say. */
  beforeRound?(): Promise<void> | void
  /** Called after every round (not timed). */
  afterRound?(): Promise<void> | void
  create(client: number): Promise<I> | I
  step(instance: I, k: number, client: number): Promise<void> | void
}

export interface RoundResult {
  /** Events per second (wall clock). */
  readonly rate: number
  /**
   * CPU time of this process (user + system) per event, in µs: steadier than the rate on a busy
   * machine. For the database systems it leaves out the server's own CPU.
   */
  readonly cpuUsPerEvent: number
}

/** One round: `clients` loops of create + 10 steps until `seconds` pass. */
export async function throughputRound<I>(system: System<I>, clients: number, seconds: number): Promise<RoundResult> {
  await system.beforeRound?.()
  let events = 0
  const cpu = process.cpuUsage()
  const start = performance.now()
  const deadline = start + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (performance.now() < deadline) {
        const inst = await system.create(client)
        if (system.stepsInCreate === true) {
          events += 10
          continue
        }
        for (let k = 1; k <= 10; k++) {
          if (performance.now() >= deadline) break
          await system.step(inst, k, client)
          events++
        }
      }
    }),
  )
  const rate = events / ((performance.now() - start) / 1000)
  const used = process.cpuUsage(cpu)
  await system.afterRound?.()
  return { rate, cpuUsPerEvent: (used.user + used.system) / events }
}

export interface AlternateOptions {
  readonly rounds: number
  readonly seconds: number
  readonly clients: number
  /** Length of the untimed warm-up round of each system. */
  readonly warmupSeconds: number
  readonly log: (line: string) => void
}

/** Events/s of a system over the rounds, with its CPU µs per event. */
export interface SystemFigure extends Figure {
  readonly cpuUsPerEvent: Figure
}

/** Runs `systems` in alternating rounds after a warm-up of each; events/s per system. */
export async function alternate(
  systems: ReadonlyArray<System<unknown>>,
  o: AlternateOptions,
): Promise<Record<string, SystemFigure>> {
  for (const s of systems) await throughputRound(s, o.clients, o.warmupSeconds)
  const samples = new Map<string, RoundResult[]>(systems.map((s) => [s.name, []]))
  for (let r = 0; r < o.rounds; r++) {
    const line: string[] = []
    for (const s of systems) {
      const v = await throughputRound(s, o.clients, o.seconds)
      samples.get(s.name)?.push(v)
      line.push(`${s.name} ${fmt(v.rate)} (${fmt(v.cpuUsPerEvent)} µs CPU)`)
    }
    o.log(
      `    round ${r + 1}/${o.rounds} (${o.clients} client${o.clients === 1 ? '' : 's'}): ${line.join(' | ')} events/s`,
    )
  }
  return Object.fromEntries(
    [...samples].map(([k, v]) => [
      k,
      { ...figure(v.map((x) => x.rate)), cpuUsPerEvent: figure(v.map((x) => x.cpuUsPerEvent)) },
    ]),
  )
}

/** A number for humans: 12 345, 1 234.5, 12.3, 1.23. */
export function fmt(v: number | null | undefined, digits?: number): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—'
  const d = digits ?? (Math.abs(v) >= 1000 ? 0 : Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2)
  return v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
}

/** Forces a full GC (the script runs with --expose-gc) and returns heapUsed in bytes. */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc !== undefined) {
    gc()
    gc()
  }
  return process.memoryUsage().heapUsed
}

export const hasGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function'
