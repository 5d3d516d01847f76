/**
 * One write lock per database file in this process: better-sqlite3 is synchronous, so waiting
 * on SQLite's busy handler for another store of this process would block the very event loop
 * that has to finish that store's transaction.
 *
 * @module
 * @internal
 */
import { resolve } from 'node:path'

/** A FIFO lock for async work. @internal */
export class Mutex {
  #tail: Promise<unknown> = Promise.resolve()

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn)
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }
}

/** One write lock per database file in this process. */
const fileLocks = new Map<string, Mutex>()

/** The write lock of a file (a fresh one for an in-memory or unnamed database). @internal */
export function lockFor(filename: string | undefined): Mutex {
  if (filename === undefined || filename === '' || filename === ':memory:') return new Mutex()
  const path = resolve(filename)
  let lock = fileLocks.get(path)
  if (lock === undefined) {
    lock = new Mutex()
    fileLocks.set(path, lock)
  }
  return lock
}
