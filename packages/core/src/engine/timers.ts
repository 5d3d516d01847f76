/**
 * Due timers: claimed in batches under a lease, each fired as a command of the system actor.
 *
 * @module
 * @internal
 */
import { isFengqiaoError } from '../errors.js'
import type { TimerRow } from '../store/types.js'
import { runSend, SYSTEM_ACTOR } from './commands.js'
import { DEFAULT_BATCH, DEFAULT_LEASE_MS, ensureOpen, type EngineCore } from './core.js'
import { backoffMs, openIncident } from './incidents.js'
import type { BatchOptions } from './types.js'

// How many claimed timers one node fires at once.
const FIRE_CONCURRENCY = 8

/** Fires every due timer; returns how many changed an instance. */
export async function runDueTimers(core: EngineCore, options: BatchOptions = {}): Promise<number> {
  ensureOpen(core)
  let fired = 0
  for (;;) {
    const batch = await core.store.claimDueTimers(
      core.clock.now(),
      options.batchSize ?? DEFAULT_BATCH,
      core.nodeId,
      options.leaseMs ?? DEFAULT_LEASE_MS,
    )
    if (batch.length === 0) return fired
    // Fire with bounded concurrency; timers of one instance serialize on its version check.
    let next = 0
    const lane = async () => {
      while (next < batch.length) {
        const timer = batch[next++] as TimerRow
        if (await fireTimer(core, timer)) fired++
      }
    }
    await Promise.all(Array.from({ length: Math.min(FIRE_CONCURRENCY, batch.length) }, lane))
  }
}

// Fires one claimed timer. Exactly once in effect: the commit removes the timer from the
// instance under its compare-and-swap, and a timer the instance no longer lists (its state was
// left, or another node fired it) is deleted without effect. Errors are reported, not thrown:
// the lease runs out and the timer is claimed again.
async function fireTimer(core: EngineCore, timer: TimerRow): Promise<boolean> {
  try {
    return (
      await runSend(core, {
        origin: 'engine',
        instanceId: timer.instanceId,
        event: timer.event,
        options: { actor: SYSTEM_ACTOR },
        kind: 'timer',
        timer,
      })
    ).applied
  } catch (error) {
    if (isFengqiaoError(error, 'NOT_FOUND')) {
      await core.store.deleteTimers([timer.id])
      return false
    }
    core.events.emit('error', { source: `timer:${timer.id}`, error })
    // A lost race or an unreachable store is not the timer's fault: its lease runs out and it is
    // claimed again. Any other error counts as a failed attempt, and the last allowed one opens
    // an incident (docs/operations.md#incidents).
    if (isFengqiaoError(error) && PASSING.has(error.code)) return false
    try {
      const attempt = (timer.attempts ?? 0) + 1
      if (attempt >= core.incidentAfter) {
        const processId = (await core.store.getInstance(timer.instanceId))?.processId ?? null
        await openIncident(
          core,
          { kind: 'timer', id: timer.id, instanceId: timer.instanceId, processId, type: timer.key },
          attempt,
          error,
        )
      } else
        await core.store.retryTimer(
          timer.id,
          core.clock.now() + backoffMs(attempt),
          error instanceof Error ? error.message : String(error),
        )
    } catch (bookkeeping) {
      core.events.emit('error', { source: `timer:${timer.id}`, error: bookkeeping })
    }
    return false
  }
}

// Errors that say nothing about the timer itself.
const PASSING: ReadonlySet<string> = new Set(['VERSION_CONFLICT', 'STORE_UNAVAILABLE', 'OUTCOME_UNKNOWN', 'CLOSED'])
