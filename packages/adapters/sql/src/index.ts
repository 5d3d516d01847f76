/**
 * `@fengqiao/adapter-sql` — durable storage for Fengqiao on PostgreSQL, MySQL/MariaDB or SQLite.
 *
 * Pick the factory for your database, call `migrate()` once at start-up, and hand the store to
 * the engine:
 *
 * ```ts
 * import { createEngine } from '@fengqiao/core'
 * import { sqliteStore } from '@fengqiao/adapter-sql'
 *
 * const store = sqliteStore({ filename: './cases.db' })
 * await store.migrate()
 * const engine = createEngine({ store, processes: [petition] })
 * ```
 *
 * - {@link postgresStore} — `pg`; a one-instance commit is one statement (one round trip).
 * - {@link mysqlStore} — `mysql2`; MySQL 8+ or MariaDB 10.6+.
 * - {@link sqliteStore} — `better-sqlite3`; one file, WAL mode.
 *
 * All three are one implementation on Kysely and pass the Store conformance suite of
 * `@fengqiao/core/testing/conformance`. Drivers are peer dependencies: install the one you use.
 *
 * @module
 */
export { postgresStore } from './postgres/store.js'
export type { PostgresConnection, PostgresStoreOptions } from './postgres/store.js'
export { mysqlStore } from './mysql/store.js'
export type { MysqlConnection, MysqlStoreOptions } from './mysql/store.js'
export { sqliteStore } from './sqlite/store.js'
export type { SqliteConnection, SqliteStoreOptions } from './sqlite/store.js'
export { DEFAULT_TABLE_PREFIX } from './options.js'
export type { SqlCompatibility, SqlStoreOptions } from './options.js'
export type { SqlStore } from './sql-store.js'
export { DEFAULT_TIMEOUTS } from './options.js'
export type { FaultReason } from './errors.js'
export type { StoreTimeouts } from './options.js'
