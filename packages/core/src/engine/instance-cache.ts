/**
 * The engine's memory of the instance rows it wrote last, so that a command on a case it has just
 * touched need not read the row back from the store first.
 *
 * A cached row may be stale: another engine node (or a tool writing to the store) may have moved
 * the case on. The engine trusts a cached row only as far as the store's compare-and-set lets it:
 * a commit planned from a stale row is refused with VERSION_CONFLICT, and every other outcome
 * reached from a cached row without a commit (a refusal, a cancelled timer) is decided again on a
 * fresh read. So a stale entry costs one extra round, never a wrong answer.
 *
 * @module
 * @internal
 */
import type { StoredInstance } from '../store/types.js'

/** Default number of rows an engine keeps. */
export const DEFAULT_INSTANCE_CACHE = 1000

/**
 * A bounded map of instance rows, the most recently written kept. Rows are never copied: the
 * engine treats rows as immutable values (the memory store hands out frozen ones).
 */
export class InstanceCache {
  readonly #rows = new Map<string, StoredInstance>()
  readonly #capacity: number

  constructor(capacity: number) {
    this.#capacity = capacity
  }

  get(id: string): StoredInstance | undefined {
    return this.#rows.get(id)
  }

  /** Remembers the row just committed, dropping the row written longest ago when full. */
  set(row: StoredInstance): void {
    if (this.#capacity === 0) return
    this.#rows.delete(row.id)
    if (this.#rows.size >= this.#capacity) {
      const oldest = this.#rows.keys().next()
      if (oldest.done !== true) this.#rows.delete(oldest.value)
    }
    this.#rows.set(row.id, row)
  }

  delete(id: string): void {
    this.#rows.delete(id)
  }

  clear(): void {
    this.#rows.clear()
  }

  get size(): number {
    return this.#rows.size
  }
}
