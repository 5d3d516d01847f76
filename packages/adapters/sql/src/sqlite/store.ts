/**
 * The SQLite store (driver: `better-sqlite3`): the embedded default, one file on disk.
 *
 * Writes run in `BEGIN IMMEDIATE` transactions, which take the write lock up front, so a
 * transaction never fails half-way for lack of it; other processes wait up to the busy timeout.
 * Within one process, stores opened on the same file also queue their write transactions
 * behind one another (better-sqlite3 is synchronous, so waiting on SQLite's busy handler there
 * would block the very event loop that has to finish the other transaction).
 *
 * @module
 */
import { FengqiaoError } from '@fengqiao/core/store'
import { Kysely, SqliteDialect, type SqliteDatabase } from 'kysely'
import { loadDriver } from '../load-driver.js'
import { tablePrefixOf, timeoutsOf, type SqlStoreOptions } from '../options.js'
import { createSqlStore, type SqlStore } from '../sql-store.js'
import { TableNamePlugin } from '../table-name-plugin.js'
import type { Db } from '../tables.js'
import { BUSY_TIMEOUT_MS, enableWal, withStatementCache } from './database.js'
import { sqliteDialect } from './dialect.js'
import { lockFor, type Mutex } from './file-lock.js'
import { syncExecutor } from './sync-executor.js'

/** Where {@link sqliteStore} keeps its data: a file it opens, or a database you opened. */
export type SqliteConnection =
  /**
   * A file path (created when missing), or `':memory:'`. The store opens it with `better-sqlite3`
   * in WAL mode with a 5 s busy timeout, and closes it on `close()`.
   */
  | { readonly filename: string }
  /** A `better-sqlite3` database (or compatible); the store borrows it and leaves it open on `close()`. */
  | { readonly database: SqliteDatabase }

/** Options of {@link sqliteStore}. */
export interface SqliteStoreOptions extends SqlStoreOptions {
  /**
   * How hard a commit waits for the disk, for a file the store opens (`{ filename }`; a database
   * you lend keeps your settings).
   *
   * - `'full'`: every commit is flushed to disk before it returns (`PRAGMA synchronous = FULL`):
   *   a command the engine acknowledged survives a power loss or an OS crash, as on PostgreSQL
   *   and MySQL with their default settings.
   * - `'normal'`: commits are flushed at checkpoints only (`synchronous = NORMAL`): much faster;
   *   the file stays consistent and survives a crash of the process, but a power loss or OS
   *   crash may take back the last commits.
   *
   * The store sets it on every open: SQLite's own default differs between the first open of a
   * new file and later opens of a WAL file.
   *
   * @defaultValue `'full'`
   */
  readonly synchronous?: 'full' | 'normal'
}
/**
 * Creates a store on SQLite through `better-sqlite3`, which must be installed. The file is opened
 * on first use; call `migrate()` once before the first command.
 *
 * @param connection - `{ filename }` to let the store open (and close) the file, or `{ database }` to lend it yours
 * @param options - table prefix, and how hard commits wait for the disk (`synchronous`)
 * @returns a {@link SqlStore}
 * @throws {FengqiaoError} INVALID_OPTIONS for an unusable table prefix or `synchronous` value
 * @example
 * ```ts
 * import { sqliteStore } from '@fengqiao/adapter-sql'
 *
 * const store = sqliteStore({ filename: './cases.db' })
 * await store.migrate()
 * ```
 */
export function sqliteStore(connection: SqliteConnection, options: SqliteStoreOptions = {}): SqlStore {
  const prefix = tablePrefixOf(options)
  const synchronous = options.synchronous ?? 'full'
  // SQLite has no connection or statement to time out; a write waits for the lock at most this long.
  const busyMs =
    options.timeouts === undefined
      ? BUSY_TIMEOUT_MS
      : timeoutsOf({ lockMs: BUSY_TIMEOUT_MS, ...options.timeouts }).lockMs
  if (synchronous !== 'full' && synchronous !== 'normal') {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `The SQLite option synchronous must be 'full' or 'normal'; got ${JSON.stringify(synchronous)}.`,
      { synchronous: String(synchronous) },
    )
  }
  let database: () => Promise<SqliteDatabase>
  let lock: Mutex
  if ('database' in connection) {
    const borrowed = connection.database
    const name = (borrowed as { name?: unknown }).name
    lock = lockFor(typeof name === 'string' ? name : undefined)
    // The caller owns the database: closing the store must not close it.
    const cached = withStatementCache(
      (text) => borrowed.prepare(text),
      () => undefined,
    )
    database = async () => cached
  } else {
    const { filename } = connection
    lock = lockFor(filename)
    database = async () => {
      const Database = await loadDriver('better-sqlite3', async () => (await import('better-sqlite3')).default)
      const opened = new Database(filename, { timeout: busyMs })
      opened.pragma(`busy_timeout = ${busyMs}`)
      enableWal(opened)
      opened.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
      return withStatementCache(
        (text) => opened.prepare(text),
        () => opened.close(),
      )
    }
  }
  // Kysely and the synchronous path share one connection, opened on first use.
  let opening: Promise<SqliteDatabase> | undefined
  const shared = (): Promise<SqliteDatabase> => (opening ??= database())
  const db = new Kysely<Db>({
    dialect: new SqliteDialect({ database: shared }),
    plugins: [new TableNamePlugin(prefix)],
  })
  return createSqlStore(db, sqliteDialect(lock, syncExecutor(shared, lock)), prefix, options.compatibility)
}
