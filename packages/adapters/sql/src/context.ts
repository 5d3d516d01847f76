/**
 * What every part of a store shares: the Kysely instance, the dialect, the statement cache, the
 * row readers, and `run`, which turns whatever a database call throws into the store's typed
 * error and refuses calls once the store is closed.
 *
 * @module
 * @internal
 */
import { FengqiaoError, isFengqiaoError } from '@fengqiao/core/store'
import type { Kysely } from 'kysely'
import type { SqlDialectAdapter } from './dialect.js'
import { storeError } from './errors.js'
import { rowReaders, type RowReaders } from './rows.js'
import { createStatementCache, type StatementCache } from './statement-cache.js'
import type { Db } from './tables.js'

/** The shared state of one store. @internal */
export interface StoreContext {
  /** Kysely with the table-name plugin installed. */
  readonly db: Kysely<Db>
  readonly dialect: SqlDialectAdapter
  readonly tablePrefix: string
  readonly statements: StatementCache
  readonly rows: RowReaders
  /**
   * Runs one store operation: refused with `CLOSED` after `close()`, and any failure turned into
   * a `FengqiaoError` (a lost race into `VERSION_CONFLICT` only when `mayConflict`).
   */
  readonly run: <T>(operation: string, fn: () => Promise<T>, mayConflict?: boolean) => Promise<T>
  /** Closes the Kysely instance once; later {@link StoreContext.run} calls fail with `CLOSED`. */
  close(): Promise<void>
}

/** The context of a store on `db`. @internal */
export function createContext(db: Kysely<Db>, dialect: SqlDialectAdapter, tablePrefix: string): StoreContext {
  const store = dialect.name
  let closed = false
  return {
    db,
    dialect,
    tablePrefix,
    statements: createStatementCache(db, dialect),
    rows: rowReaders(dialect.jsonParsedByDriver),
    run: async (operation, fn, mayConflict = false) => {
      if (closed) throw new FengqiaoError('CLOSED', `The ${store} store has been closed; create a new one.`, { store })
      try {
        return await fn()
      } catch (e) {
        throw isFengqiaoError(e)
          ? e
          : storeError(e, dialect.classify(e), { store, tablePrefix, operation }, mayConflict)
      }
    },
    async close() {
      if (closed) return
      closed = true
      await db.destroy()
    },
  }
}
