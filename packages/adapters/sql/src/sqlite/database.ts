/**
 * Opening a SQLite file: WAL mode (retried while another process opens the same file), and a
 * statement cache so that SQLite parses and plans each SQL text once.
 *
 * @module
 * @internal
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** How long a write waits for another process's write lock, by default. @internal */
export const BUSY_TIMEOUT_MS = 5000

/** Prepared statements kept per database (the one prepared longest ago dropped first). */
const STATEMENT_CACHE_SIZE = 100
/**
 * A database whose `prepare` keeps its statements: SQLite parses and plans each SQL text once,
 * not on every call. The store never streams, so a statement is never busy when reused.
 *
 * @internal
 */
export function withStatementCache(prepare: (text: string) => SqliteStatement, close: () => void): SqliteDatabase {
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

// Switching a file to WAL needs a moment alone with it, and SQLite answers "database is locked"
// at once (without its busy handler) while another process is opening the same file. Once the
// file is in WAL mode the switch is a no-op; until then, retry for up to the busy timeout.
/** Puts a file in WAL mode. @internal */
export function enableWal(db: { pragma(source: string, options?: { simple: boolean }): unknown }): void {
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
