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
import { resolve } from 'node:path'
import { FengqiaoError } from '@fengqiao/core/store'
import { Kysely, SqliteDialect, sql, type SqliteDatabase, type SqliteStatement } from 'kysely'
import { timeoutsOf } from './connection-faults.js'
import { createSqlStore, errorProperty, loadDriver, tablePrefixOf, type Db, type ErrorKind, type SqlDialectAdapter, type SqlStore, type SqlStoreOptions, type SyncExecutor } from './sql-store.js'
import { TableNamePlugin } from './table-name-plugin.js'

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

/** How long a write waits for another process's write lock. */
const BUSY_TIMEOUT_MS = 5000

/** Prepared statements kept per database (the one prepared longest ago dropped first). */
const STATEMENT_CACHE_SIZE = 100

/**
 * A database whose `prepare` keeps its statements: SQLite parses and plans each SQL text once,
 * not on every call. The store never streams, so a statement is never busy when reused.
 */
function withStatementCache(prepare: (text: string) => SqliteStatement, close: () => void): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>()
  return {
    prepare(text) {
      let statement = statements.get(text)
      if (statement === undefined) {
        statement = prepare(text)
        // Full: drop the statement prepared longest ago (the hot ones are prepared again at once).
        if (statements.size >= STATEMENT_CACHE_SIZE) {
          const oldest = statements.keys().next()
          if (oldest.done !== true) statements.delete(oldest.value)
        }
        statements.set(text, statement)
      }
      return statement
    },
    close() {
      statements.clear()
      close()
    },
  }
}

/** A FIFO lock for async work. */
class Mutex {
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

function lockFor(filename: string | undefined): Mutex {
  if (filename === undefined || filename === '' || filename === ':memory:') return new Mutex()
  const path = resolve(filename)
  let lock = fileLocks.get(path)
  if (lock === undefined) {
    lock = new Mutex()
    fileLocks.set(path, lock)
  }
  return lock
}

function classify(e: unknown): ErrorKind {
  const code = errorProperty(e, 'code')
  if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') return 'conflict'
  if (e instanceof Error && e.message.includes('no such table')) return 'missing-table'
  return 'other'
}

/**
 * Runs statements on the store's own database without Kysely: better-sqlite3 is synchronous, so
 * a commit's statements run back to back in one `BEGIN IMMEDIATE` transaction, with no other
 * work of this process on the connection in between (no dirty reads of a commit that then rolls
 * back), under the file's write lock like every other write.
 */
function syncExecutor(database: () => Promise<SqliteDatabase>, lock: Mutex): SyncExecutor {
  const open = database // opened once, on first use, and shared with Kysely
  const run = (db: SqliteDatabase, text: string, params: readonly unknown[]) => db.prepare(text).run(params) as { changes: number | bigint }
  return {
    async all(text, params) {
      return (await open()).prepare(text).all(params)
    },
    async commit(statements, refuse) {
      const db = await open()
      await lock.run(async () => {
        run(db, 'begin immediate', [])
        try {
          for (const s of statements) {
            const { changes } = run(db, s.sql, s.params)
            if (s.cas !== undefined && Number(changes) !== 1) throw refuse(s)
          }
          run(db, 'commit', [])
        } catch (e) {
          // SQLite may have rolled back already (for some errors it does so itself).
          try {
            run(db, 'rollback', [])
          } catch {
            // nothing to roll back
          }
          throw e
        }
      })
    },
  }
}

function sqliteDialect(lock: Mutex, sync: SyncExecutor): SqlDialectAdapter {
  const transaction = <T>(db: Kysely<Db>, fn: (trx: Kysely<Db>) => Promise<T>): Promise<T> =>
    lock.run(() =>
      db.connection().execute(async (conn) => {
        await sql`begin immediate`.execute(conn)
        try {
          const result = await fn(conn)
          await sql`commit`.execute(conn)
          return result
        } catch (e) {
          // SQLite may have rolled back already (for some errors it does so itself).
          await sql`rollback`.execute(conn).catch(() => undefined)
          throw e
        }
      }),
    )
  return {
    name: 'sqlite',
    jsonParsedByDriver: false,
    supports: { updateReturning: true, skipLocked: false, onConflict: true, forceIndex: false },
    sync,
    transaction,
    write: transaction,
    classify,
    withMigrationLock: transaction,
    ddl: async () => ({ key: 'text', text: 'text', longText: 'text', json: 'text', indexIfNotExists: true }),
  }
}

// Switching a file to WAL needs a moment alone with it, and SQLite answers "database is locked"
// at once (without its busy handler) while another process is opening the same file. Once the
// file is in WAL mode the switch is a no-op; until then, retry for up to the busy timeout.
function enableWal(db: { pragma(source: string, options?: { simple: boolean }): unknown }): void {
  const pause = new Int32Array(new SharedArrayBuffer(4))
  for (let waited = 0; ; waited += 20) {
    try {
      if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') db.pragma('journal_mode = WAL')
      return
    } catch (e) {
      const code = (e as { code?: unknown }).code
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || waited >= BUSY_TIMEOUT_MS) throw e
      Atomics.wait(pause, 0, 0, 20)
    }
  }
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
  const busyMs = options.timeouts === undefined ? BUSY_TIMEOUT_MS : timeoutsOf({ lockMs: BUSY_TIMEOUT_MS, ...options.timeouts }).lockMs
  if (synchronous !== 'full' && synchronous !== 'normal') {
    throw new FengqiaoError('INVALID_OPTIONS', `The SQLite option synchronous must be 'full' or 'normal'; got ${JSON.stringify(synchronous)}.`, { synchronous: String(synchronous) })
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
  const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: shared }), plugins: [new TableNamePlugin(prefix)] })
  return createSqlStore(db, sqliteDialect(lock, syncExecutor(shared, lock)), prefix)
}
