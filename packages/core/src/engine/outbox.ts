/**
 * The outbox: named actions delivered to their plugin's handler after commit, at least once,
 * with backoff; and a linked case's result delivered to its parent.
 *
 * @module
 * @internal
 */
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import { runSend, SYSTEM_ACTOR } from './commands.js'
import { DEFAULT_BATCH, DEFAULT_LEASE_MS, type EngineCore } from './core.js'
import { NOTIFY_PARENT } from './plan/index.js'
import { effectView } from '../privacy/views.js'
import type { OutboxMessage } from '../store/types.js'
import { backoffMs, openIncident } from './incidents.js'
import type { AnyEvent, BatchOptions } from './types.js'

/** Delivers the outbox: on demand, and in the background after commits. */
export class OutboxRunner {
  #running: Promise<number> | undefined
  #again = false

  constructor(readonly core: EngineCore) {}

  /** A commit wrote messages: deliver in the background (once more if a run is under way). */
  kick(): void {
    if (this.#running !== undefined) {
      this.#again = true
      return
    }
    this.#running = (async () => {
      let total = 0
      try {
        do {
          this.#again = false
          total += await this.deliver(DEFAULT_LEASE_MS, DEFAULT_BATCH)
        } while (this.#again && !this.core.closed())
      } catch (error) {
        this.core.events.emit('error', { source: 'outbox', error })
      } finally {
        this.#running = undefined
      }
      return total
    })()
  }

  /** Waits for a background run, then delivers what is ready. */
  async run(options: BatchOptions = {}): Promise<number> {
    await this.settled()
    return this.deliver(options.leaseMs ?? DEFAULT_LEASE_MS, options.batchSize ?? DEFAULT_BATCH)
  }

  /** Resolves when no background run is under way. */
  async settled(): Promise<void> {
    if (this.#running !== undefined) await this.#running
  }

  /** Claims and delivers ready messages until none is left; returns how many were delivered. */
  async deliver(leaseMs: number, batchSize: number): Promise<number> {
    const { core } = this
    let delivered = 0
    for (;;) {
      if (core.closed()) return delivered
      const batch = await core.store.claimOutbox(core.clock.now(), batchSize, core.nodeId, leaseMs)
      if (batch.length === 0) return delivered
      for (const m of batch) {
        if (m.type === NOTIFY_PARENT) {
          if (await this.#notifyParent(m.instanceId, m.params as { parentId: string; event: AnyEvent }, m)) delivered++
          continue
        }
        const effect = core.effects.get(m.type)
        const attempt = m.attempts + 1
        try {
          if (effect === undefined)
            throw new FengqiaoError('INVALID_OPTIONS', `No plugin on this node handles the action "${m.type}".`, {
              action: m.type,
            })
          const { event, context } = effectView(core.registry.find(m.processId)?.personal, m, effect.needs)
          await effect.handle(
            {
              id: m.id,
              type: m.type,
              params: m.params,
              instanceId: m.instanceId,
              processId: m.processId,
              event,
              context,
              attempt,
            },
            { engine: core.engine },
          )
          await core.store.ackOutbox([m.id])
          delivered++
          core.events.emit('effectDelivered', { id: m.id, type: m.type, instanceId: m.instanceId })
        } catch (error) {
          const retryAt = await this.#failed(m, attempt, error)
          core.events.emit('effectFailed', {
            id: m.id,
            type: m.type,
            instanceId: m.instanceId,
            error,
            attempt,
            retryAt: retryAt === undefined ? null : new Date(retryAt),
          })
        }
      }
    }
  }

  // A linked case ended: send its result to the parent as the system actor, once (idempotency
  // key per child). A parent that no longer takes the event is reported, not retried forever.
  async #notifyParent(
    childId: string,
    p: { parentId: string; event: AnyEvent },
    message: OutboxMessage,
  ): Promise<boolean> {
    const { core } = this
    const messageId = message.id
    try {
      await runSend(core, {
        origin: 'engine',
        instanceId: p.parentId,
        event: p.event,
        options: { actor: SYSTEM_ACTOR, idempotencyKey: `child:${childId}` },
        kind: 'child',
      })
      await core.store.ackOutbox([messageId])
      return true
    } catch (error) {
      if (
        isFengqiaoError(error) &&
        ['EVENT_NOT_ACCEPTED', 'INVALID_EVENT', 'NOT_FOUND', 'PROCESS_NOT_REGISTERED'].includes(error.code)
      ) {
        await core.store.ackOutbox([messageId])
        core.events.emit('error', { source: `notifyParent:${p.parentId}`, error })
        return false
      }
      // A suspended parent takes the result when it is resumed: the notice waits, unreported and
      // not counted towards an incident (waiting is not failing).
      if (isFengqiaoError(error, 'INSTANCE_SUSPENDED')) {
        await core.store.retryOutbox(
          messageId,
          core.clock.now() + 60_000,
          error instanceof Error ? error.message : String(error),
        )
        return false
      }
      await this.#failed(message, message.attempts + 1, error, 5_000)
      core.events.emit('error', { source: `notifyParent:${p.parentId}`, error })
      return false
    }
  }

  // A failed delivery: tried again after a backoff, or — its last allowed attempt — held as an
  // incident until an administrator retries or resolves it. Returns the retry time, if any.
  async #failed(m: OutboxMessage, attempt: number, error: unknown, waitMs?: number): Promise<number | undefined> {
    const { core } = this
    if (attempt >= core.incidentAfter) {
      await openIncident(
        core,
        { kind: 'outbox', id: m.id, instanceId: m.instanceId, processId: m.processId, type: m.type },
        attempt,
        error,
      )
      return undefined
    }
    const retryAt = core.clock.now() + (waitMs ?? backoffMs(attempt))
    await core.store.retryOutbox(m.id, retryAt, error instanceof Error ? error.message : String(error))
    return retryAt
  }
}
