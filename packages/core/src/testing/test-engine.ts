/**
 * A test engine: memory store, manual clock and shortcuts for time travel.
 *
 * @module
 */
import { manualClock, parseDuration, type ManualClock } from '../clock.js'
import { createEngine } from '../engine/create-engine.js'
import type { Engine, EngineOptions } from '../engine/types.js'
import { memoryStore, type MemoryStore } from '../store/memory-store.js'

/** An engine on a memory store and a manual clock, with time-travel helpers. */
export interface TestEngine extends Engine {
  readonly store: MemoryStore
  readonly clock: ManualClock
  /**
   * Moves the clock forward and fires every timer that came due on the way, in due order, each
   * at its own due time (so a timer scheduled by an earlier one within the window fires too).
   *
   * @param by - milliseconds or a duration such as `'14d'`
   * @returns how many timers changed an instance
   */
  advance(by: number | string): Promise<number>
}

/** Options of {@link createTestEngine}: those of `createEngine`, with a start time. */
export interface TestEngineOptions extends Omit<EngineOptions, 'store' | 'clock'> {
  /** The clock's start. @defaultValue `'2026-01-05T09:00:00+08:00'` (a Monday in Beijing) */
  readonly start?: Date | number | string
  /** A store to use instead of a fresh memory store. */
  readonly store?: MemoryStore
}

/**
 * Creates an engine for tests: a fresh memory store, a manual clock, sequential instance ids
 * (`i1`, `i2`, …) and outbox delivery left to explicit `runOutbox()` calls unless asked for.
 *
 * @param options - engine options plus the clock's start
 * @returns a {@link TestEngine}
 * @example
 * ```ts
 * const t = createTestEngine({ processes: [petition] })
 * const { id } = await t.start('petition', input, { actor })
 * await t.advance('15d')
 * expect((await t.get(id)).stateKey).toBe('overdue')
 * ```
 */
export function createTestEngine(options: TestEngineOptions = {}): TestEngine {
  const clock = manualClock(options.start ?? '2026-01-05T09:00:00+08:00')
  const store = options.store ?? memoryStore()
  let n = 0
  const engine = createEngine({ ids: () => `i${++n}`, deliverAfterCommit: false, ...options, store, clock })
  const advance = async (by: number | string): Promise<number> => {
    const target = clock.now() + parseDuration(by)
    let fired = 0
    for (;;) {
      const next = await store.nextTimerDue()
      if (next === undefined || next > target) break
      if (next > clock.now()) clock.set(next)
      fired += await engine.runDueTimers()
    }
    clock.set(target)
    return fired
  }
  return Object.assign(engine, { advance }) as TestEngine
}
