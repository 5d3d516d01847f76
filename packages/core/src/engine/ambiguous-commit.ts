/**
 * A commit whose reply was lost is not a failure: it may have been written. The engine knows the
 * exact history entry (instance, sequence, hash) the commit writes, so once the store answers it
 * looks that entry up — there with the same hash: the commit took effect; absent: it did not, and
 * is sent again (the compare-and-set on the instance version makes a late first copy and the
 * retry exclusive, so the event applies exactly once even without an idempotency key). Where the
 * store does not answer within the window, the caller gets `OUTCOME_UNKNOWN`, never a
 * `STORE_UNAVAILABLE` that invites a blind retry.
 *
 * @module
 */
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import type { ChangeSet, Store } from '../store/types.js'

/** How the engine settles a commit whose reply was lost. */
export interface CommitResolutionOptions {
  /**
   * How long after the lost reply the engine keeps asking the store whether the commit was
   * written before it gives up with `OUTCOME_UNKNOWN`. `0` gives up at once.
   *
   * @defaultValue 30_000
   */
  readonly withinMs?: number
}

/** The default of {@link CommitResolutionOptions.withinMs}. */
export const DEFAULT_COMMIT_RESOLUTION_MS = 30_000

/** First wait before asking the store again; doubled up to {@link MAX_WAIT_MS}. */
const FIRST_WAIT_MS = 100
const MAX_WAIT_MS = 2_000

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Whether a failed commit may have been written: the store was reached (or may have been) and
 * the reply did not come back. A refused connection sent nothing; any other code is the store's
 * answer.
 */
function mayHaveCommitted(e: unknown): boolean {
  return isFengqiaoError(e, 'STORE_UNAVAILABLE') && e.details.reason !== 'refused'
}

/**
 * Checks and completes {@link CommitResolutionOptions}.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a window that is not a non-negative whole number
 * @internal
 */
export function commitResolutionOf(options: CommitResolutionOptions | undefined): number {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new FengqiaoError('INVALID_OPTIONS', 'commitResolution must be an object such as { withinMs: 30000 }.')
  }
  const ms = options?.withinMs ?? DEFAULT_COMMIT_RESOLUTION_MS
  if (typeof ms !== 'number' || !Number.isSafeInteger(ms) || ms < 0) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `commitResolution.withinMs must be a whole number of milliseconds (0 or more); got ${String(ms)}.`,
      { option: 'commitResolution.withinMs' },
    )
  }
  return ms
}

/**
 * Commits `change`, settling a lost reply: resolves when the change is written (by this call or
 * by its first, unanswered attempt), throws the store's answer when it was not.
 *
 * @param store - the store
 * @param change - the change set; its first history entry identifies the commit
 * @param withinMs - the resolution window (see {@link CommitResolutionOptions})
 * @throws {FengqiaoError} OUTCOME_UNKNOWN when the store did not answer within the window;
 *   VERSION_CONFLICT when another writer took the entry's place; any other store error as is
 * @internal
 */
export async function commitSettled(store: Store, change: ChangeSet, withinMs: number): Promise<void> {
  try {
    await store.commit(change)
    return
  } catch (e) {
    const entry = change.history[0]
    if (!mayHaveCommitted(e) || entry === undefined) throw e
    return settle(store, change, entry, withinMs, e)
  }
}

/** Settles a lost reply within the window: counted by a timer, so a store call that hangs counts too. */
async function settle(
  store: Store,
  change: ChangeSet,
  entry: ChangeSet['history'][number],
  withinMs: number,
  first: unknown,
): Promise<void> {
  const EXPIRED = Symbol('expired')
  let timer: ReturnType<typeof setTimeout> | undefined
  const expiry = new Promise<typeof EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(EXPIRED), withinMs)
  })
  // A call still running when the window closes is left to finish on its own; its outcome is
  // exactly what the caller is told is unknown.
  const bounded = <T>(p: Promise<T>): Promise<T | typeof EXPIRED> => {
    p.catch(() => undefined)
    return Promise.race([p, expiry])
  }
  let last: unknown = first
  let wait = FIRST_WAIT_MS
  let conflict: FengqiaoError | undefined
  try {
    for (;;) {
      if ((await bounded(sleep(wait))) === EXPIRED) break
      wait = Math.min(wait * 2, MAX_WAIT_MS)
      let found
      try {
        found = await bounded(store.history(entry.instanceId, { fromSeq: entry.seq, toSeq: entry.seq }))
      } catch (err) {
        if (!isFengqiaoError(err, 'STORE_UNAVAILABLE')) throw err
        last = err
        continue
      }
      if (found === EXPIRED) break
      const stored = found.find((h) => h.seq === entry.seq)
      if (stored !== undefined) {
        if (stored.hash === entry.hash) return
        throw new FengqiaoError(
          'VERSION_CONFLICT',
          `Instance ${entry.instanceId} was changed by another writer while this commit's reply was lost; this command was not applied. Reload and retry.`,
          { instanceId: entry.instanceId, seq: entry.seq },
        )
      }
      // Not written, and the store answered: a second conflict in a row is the real answer.
      if (conflict !== undefined) throw conflict
      try {
        if ((await bounded(store.commit(change))) === EXPIRED) break
        return
      } catch (err) {
        if (isFengqiaoError(err, 'VERSION_CONFLICT'))
          conflict = err // a late first copy, or a rival: the lookup decides
        else if (isFengqiaoError(err, 'STORE_UNAVAILABLE')) last = err
        else throw err
      }
    }
  } finally {
    clearTimeout(timer)
  }
  throw new FengqiaoError(
    'OUTCOME_UNKNOWN',
    `The connection to the store broke while committing entry ${entry.seq} of instance ${entry.instanceId}, and the store did not answer within ${withinMs} ms, so whether the command took effect is unknown. Read the instance (or its history: entry ${entry.seq} has hash ${entry.hash}) before sending the command again, or send it with an idempotency key.`,
    { instanceId: entry.instanceId, seq: entry.seq, hash: entry.hash, withinMs },
    { cause: last },
  )
}
