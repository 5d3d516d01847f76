/**
 * The background worker: polls due timers and the outbox until stopped.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import { DEFAULT_BATCH, DEFAULT_LEASE_MS, ensureOpen, type EngineCore } from './core.js'
import type { OutboxRunner } from './outbox.js'
import { runDueTimers } from './timers.js'
import type { Worker, WorkerOptions } from './types.js'

/**
 * Starts polling.
 *
 * @param onStop - called once the worker has stopped
 * @throws {FengqiaoError} INVALID_OPTIONS for a poll interval that is not positive
 */
export function startWorker(
  core: EngineCore,
  outbox: OutboxRunner,
  options: WorkerOptions,
  onStop: (w: Worker) => void,
): Worker {
  ensureOpen(core)
  const pollMs = options.pollMs ?? 1000
  if (!Number.isFinite(pollMs) || pollMs < 1)
    throw new FengqiaoError('INVALID_OPTIONS', `pollMs must be a positive number of milliseconds; got ${pollMs}.`)
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
  const batchSize = options.batchSize ?? DEFAULT_BATCH
  let stopped = false
  let timeout: ReturnType<typeof setTimeout> | undefined
  let current: Promise<void> = Promise.resolve()
  const tick = (): void => {
    current = (async () => {
      try {
        await runDueTimers(core, { leaseMs, batchSize })
        await outbox.deliver(leaseMs, batchSize)
        await core.integrity.tick(core.store, () => core.clock.now(), core.nodeId)
      } catch (error) {
        core.events.emit('error', { source: 'worker', error })
      }
      if (!stopped) timeout = setTimeout(tick, pollMs)
    })()
  }
  tick()
  const worker: Worker = {
    stop: async () => {
      stopped = true
      if (timeout !== undefined) clearTimeout(timeout)
      await current
      onStop(worker)
    },
  }
  return worker
}
