/**
 * The PostgreSQL store (driver: `pg`). Also the path to PostgreSQL-compatible servers.
 *
 * A commit that writes one instance — nearly every command — is a single statement (see
 * `one-statement-commit.ts`). Change sets with several instances use a transaction.
 *
 * @module
 */
import { FengqiaoError } from '@fengqiao/core/store'
import { Kysely, PostgresDialect, type PostgresPool } from 'kysely'
import { absorbErrors } from '../errors.js'
import { loadDriver } from '../load-driver.js'
import { CLIENT_GRACE_MS, tablePrefixOf, timeoutsOf, type SqlStoreOptions } from '../options.js'
import { createSqlStore, type SqlStore } from '../sql-store.js'
import { isSafeIdentifier, TableNamePlugin } from '../table-name-plugin.js'
import type { Db } from '../tables.js'
import { postgresDialect } from './dialect.js'
import { urlsOf } from '../hosts.js'
import { directQuery, failoverPgPool, guardedPool } from './pool.js'

/** Where {@link postgresStore} gets connections: a `pg` pool you own, or a connection string. */
export type PostgresConnection =
  /** A `pg.Pool` (or compatible); the store borrows it and leaves it open on `close()`. */
  | { readonly pool: PostgresPool }
  /**
   * A `postgres://` URL; the store creates (and on `close()` ends) its own `pg.Pool`. Or several
   * URLs, one per server — a primary and its standbys: the store connects to the first that
   * answers and accepts writes (checked once per connection with `SHOW transaction_read_only`,
   * as libpq's `target_session_attrs=read-write`), stays there while it answers, and moves to the
   * next in the list when it refuses or breaks connections or is read-only — so after a standby
   * is promoted, the store finds the new primary by itself. Each URL names the same database.
   */
  | { readonly connectionString: string | readonly string[] }

/** Options of {@link postgresStore}. */
export interface PostgresStoreOptions extends SqlStoreOptions {
  /**
   * The schema that holds the tables; `migrate()` creates it when missing.
   *
   * @defaultValue the first schema on the connection's `search_path` (usually `public`)
   */
  readonly schema?: string
  /**
   * Send the hot statements (commits, reads of one instance, claims) as named prepared
   * statements, so that the server parses and plans each once per connection. Turn off behind a
   * pooler that does not keep prepared statements across transactions (PgBouncer in transaction
   * mode before 1.21, or with `max_prepared_statements = 0`).
   *
   * @defaultValue true
   */
  readonly preparedStatements?: boolean
}

/**
 * Creates a store on PostgreSQL (or a compatible server) through the `pg` driver, which must be
 * installed. Connections are opened on first use; call `migrate()` once before the first command.
 *
 * @param connection - `{ connectionString }` (one URL, or a primary and its standbys in order of
 *   preference) to let the store own a pool, or `{ pool }` to lend it yours
 * @param options - table prefix and schema
 * @returns a {@link SqlStore}
 * @throws {FengqiaoError} INVALID_OPTIONS for an unusable table prefix or schema name, or a
 *   `connectionString` that is not a `postgres://` URL or a non-empty list of them
 * @example
 * ```ts
 * import { postgresStore } from '@fengqiao/adapter-sql'
 *
 * const store = postgresStore({ connectionString: 'postgres://postgres@127.0.0.1:5432/cases' })
 * await store.migrate()
 *
 * // A primary and a standby: after a failover the store finds the promoted standby.
 * const replicated = postgresStore({
 *   connectionString: ['postgres://app@10.0.0.2:5432/cases', 'postgres://app@10.0.0.3:5432/cases'],
 * })
 * ```
 */
export function postgresStore(connection: PostgresConnection, options: PostgresStoreOptions = {}): SqlStore {
  const prefix = tablePrefixOf(options)
  const schema = options.schema
  if (schema !== undefined && !isSafeIdentifier(schema, false)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `The schema name ${JSON.stringify(schema)} is not usable: use at most 32 letters, digits and underscores, not starting with a digit.`,
      { schema },
    )
  }
  const timeouts = timeoutsOf(options.timeouts)
  let pool: () => Promise<PostgresPool>
  if ('pool' in connection) {
    // The caller owns the pool: closing the store must not end it.
    const borrowed = connection.pool
    pool = async () => guardedPool(borrowed, false)
  } else {
    const urls = urlsOf(connection.connectionString, 'connectionString', ['postgres:', 'postgresql:'])
    pool = async () => {
      const pg = await loadDriver('pg', async () => (await import('pg')).default)
      const make = (connectionString: string): PostgresPool => {
        const own = new pg.Pool({
          connectionString,
          connectionTimeoutMillis: timeouts.connectMs,
          // Set by the server on each session: it cancels and rolls back what runs too long.
          statement_timeout: timeouts.statementMs,
          lock_timeout: timeouts.lockMs,
          // A server that does not answer at all cannot cancel anything: the client gives up too.
          query_timeout: timeouts.statementMs + CLIENT_GRACE_MS,
          keepAlive: true,
        })
        // An idle client that dies is dropped by the pool, which emits 'error' on itself.
        absorbErrors(own)
        return own
      }
      return guardedPool(urls.length === 1 ? make(urls[0] as string) : failoverPgPool(make, urls), true)
    }
  }
  // Kysely and the direct path share one pool, made on first use.
  let making: Promise<PostgresPool> | undefined
  const shared = (): Promise<PostgresPool> => (making ??= pool())
  const db = new Kysely<Db>({
    dialect: new PostgresDialect({ pool: shared }),
    plugins: [new TableNamePlugin(prefix, schema)],
  })
  return createSqlStore(
    db,
    postgresDialect(schema, directQuery(shared, options.preparedStatements ?? true)),
    prefix,
    options.compatibility,
  )
}
