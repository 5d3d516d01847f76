/**
 * What differs between databases, as one object per dialect (built in `postgres/`, `mysql/` and
 * `sqlite/`). The dialect-neutral modules read its capability flags to choose a query shape;
 * none of them asks which database it is.
 *
 * @module
 * @internal
 */
import type { ChangeSet } from '@fengqiao/core/store'
import type { Kysely, RawBuilder, SqlBool } from 'kysely'
import type { ErrorKind } from './errors.js'
import type { ResolvedCompatibility } from './options.js'
import type { SchemaDialect } from './schema.js'
import type { Db } from './tables.js'

/** The database kinds: a label for messages and `store.name`, never a branch. @internal */
export type DialectName = 'postgres' | 'mysql' | 'sqlite'

/** Options of a transaction. @internal */
export interface TransactionOptions {
  /** Use READ COMMITTED where the default is stricter (MySQL's REPEATABLE READ takes gap locks). */
  readonly readCommitted?: boolean
}

/** The query shapes a database understands, used to choose between equivalent statements. @internal */
export interface DialectCapabilities {
  /** `UPDATE … RETURNING`. */
  readonly updateReturning: boolean
  /** `SELECT … FOR UPDATE SKIP LOCKED`. */
  readonly skipLocked: boolean
  /** `INSERT … ON CONFLICT (id) DO UPDATE` (otherwise MySQL's `ON DUPLICATE KEY UPDATE`). */
  readonly onConflict: boolean
  /**
   * `FORCE INDEX`. MySQL needs it on claims: on a small table it may walk every row instead of
   * the index, and locking reads lock what they walk — hiding those rows from concurrent
   * claimers that SKIP LOCKED.
   */
  readonly forceIndex: boolean
  /**
   * `DELETE … ORDER BY … LIMIT`. Used where the database has it, because such a database
   * (MySQL) also refuses the portable form, a DELETE whose subquery reads the same table.
   */
  readonly orderedDeleteLimit: boolean
  /**
   * Claims pick rows without locking them and keep the rows their guarded UPDATE leased, in
   * rounds (the `skipLocked: false` compatibility fallback on a database with concurrent writers;
   * SQLite, whose writers take turns, needs none of it).
   */
  readonly optimisticClaims?: boolean
}

/**
 * What differs between databases. One object per dialect, in its own folder.
 *
 * @internal
 */
export interface SqlDialectAdapter extends SchemaDialect {
  /** Names the database in messages; never compared outside the dialect's folder. */
  readonly name: DialectName
  /** Whether the driver parses JSON columns itself (pg does for jsonb). */
  readonly jsonParsedByDriver: boolean
  /** Capabilities used to choose a query shape. */
  readonly supports: DialectCapabilities
  /** Runs `fn` in a read-write transaction (SQLite: `BEGIN IMMEDIATE`, serialized per file). */
  transaction<T>(db: Kysely<Db>, fn: (trx: Kysely<Db>) => Promise<T>, options?: TransactionOptions): Promise<T>
  /** Runs one writing statement: in autocommit, or (SQLite) in a write transaction. */
  write<T>(db: Kysely<Db>, fn: (db: Kysely<Db>) => Promise<T>): Promise<T>
  /**
   * Commits a change set in a single statement when the dialect can (PostgreSQL), returning
   * false to fall back to the transaction path.
   */
  commitInOneStatement?(db: Kysely<Db>, change: ChangeSet): Promise<boolean>
  /** Classifies a driver error. */
  classify(error: unknown): ErrorKind
  /**
   * Whether the JSON document in `column` (a JSON column of a table in the query) has `key` at its
   * top level with a value other than null: each database spells JSON access its own way.
   */
  jsonHasKey(column: string, key: string): RawBuilder<SqlBool>
  /**
   * SQLite: runs compiled statements synchronously on the store's own connection, skipping
   * Kysely's per-query executor (which costs more than the statement itself on a local file).
   */
  readonly sync?: SyncExecutor
  /**
   * PostgreSQL: runs one compiled statement in autocommit directly on the driver (as a named
   * prepared statement, parsed and planned once per connection), skipping Kysely's executor.
   */
  readonly query?: DirectQuery
}

/** One statement in autocommit, straight on the driver (see {@link SqlDialectAdapter.query}). @internal */
export type DirectQuery = (
  sql: string,
  params: unknown[],
) => Promise<{ readonly rows: unknown[]; readonly affected: number }>

/** A compiled statement of a commit. @internal */
export interface CommitStatement {
  readonly sql: string
  readonly params: unknown[]
  /** The version-checked UPDATE of this instance: it must change exactly one row. */
  readonly cas?: { readonly id: string; readonly expectedVersion: number }
}

/** Synchronous statements on a store's own connection (SQLite). @internal */
export interface SyncExecutor {
  /** One read (the connection is opened on first use). */
  all(sql: string, params: readonly unknown[]): Promise<unknown[]>
  /**
   * Runs the statements in one write transaction (`BEGIN IMMEDIATE` … `COMMIT`) with nothing
   * else on the connection in between, rolling back on the first error, including `refuse(s)`
   * for a compare-and-set statement that changed no row.
   */
  commit(statements: readonly CommitStatement[], refuse: (s: CommitStatement) => Error): Promise<void>
}

/**
 * The dialect with the features a store's `compatibility` option turned off: the claims'
 * `SKIP LOCKED`, PostgreSQL's one-statement commit. A feature the dialect lacks stays off.
 *
 * @internal
 */
export function withCompatibility(dialect: SqlDialectAdapter, flags: ResolvedCompatibility): SqlDialectAdapter {
  if (flags.skipLocked && flags.oneStatementCommit) return dialect
  const adapted: SqlDialectAdapter = {
    ...dialect,
    supports: {
      ...dialect.supports,
      skipLocked: dialect.supports.skipLocked && flags.skipLocked,
      optimisticClaims: dialect.supports.skipLocked && !flags.skipLocked,
    },
  }
  if (!flags.oneStatementCommit) delete (adapted as { commitInOneStatement?: unknown }).commitInOneStatement
  return adapted
}
