/**
 * Options shared by the three store factories, and their checks: the table prefix and the
 * timeouts of the connections a store opens.
 *
 * @module
 */
import { FengqiaoError } from '@fengqiao/core/store'
import { isSafeIdentifier } from './table-name-plugin.js'

/** Options shared by the three store factories. */
export interface SqlStoreOptions {
  /**
   * Prepended to every table name, so that several stores (or test runs) can share a database.
   * Letters, digits and underscores, at most 32 characters.
   *
   * @defaultValue `'fq_'`
   */
  readonly tablePrefix?: string
  /**
   * Connect, statement and lock timeouts of the connections the store opens (a pool you lend
   * keeps your settings: see the README). An expired one fails the call with
   * `STORE_UNAVAILABLE` (`details.reason: 'timeout'`), its transaction rolled back. SQLite (a
   * file, no server) uses only `lockMs`, as the busy timeout of a file the store opens (default
   * 5,000 there).
   *
   * @defaultValue `{ connectMs: 10_000, statementMs: 30_000, lockMs: 10_000 }`
   */
  readonly timeouts?: StoreTimeouts
  /**
   * Features of the database the store uses where it has them; `false` turns a feature off and
   * the store's fallback on, for a compatible database that lacks it (see the compatibility table
   * in docs/storage-and-scaling.md). Leave unset on PostgreSQL, MySQL, MariaDB and SQLite.
   *
   * @defaultValue every feature the dialect has, on
   */
  readonly compatibility?: SqlCompatibility
}

/**
 * Features a compatible database may lack. Each `false` turns the store's fallback on; `true`
 * (or unset) keeps the dialect's default — a feature the dialect does not have stays off.
 */
export interface SqlCompatibility {
  /**
   * Claims of due timers and outbox messages pick rows with `FOR UPDATE SKIP LOCKED`. Off: they
   * pick rows without locking them and lease them with an UPDATE that checks again that each row
   * is still free, keeping only the rows it leased — exclusive leases on any database that
   * re-checks an UPDATE's condition on the row it writes or fails one of two conflicting writers
   * (a serializable or certifying engine: the loser's claim counts as a lost race and claims
   * nothing). Concurrent claimers then contend for the same oldest rows instead of passing over
   * each other's.
   *
   * @defaultValue true where the dialect has it (PostgreSQL, MySQL, MariaDB)
   */
  readonly skipLocked?: boolean
  /**
   * PostgreSQL: a commit that writes one instance is one statement — data-modifying CTEs writing
   * several tables (some twice, such as timers deleted and inserted). Off: every commit is a
   * transaction of plain statements, as on MySQL.
   *
   * @defaultValue true on PostgreSQL
   */
  readonly oneStatementCommit?: boolean
}

/** {@link SqlCompatibility} with every flag decided. @internal */
export type ResolvedCompatibility = Required<SqlCompatibility>

/**
 * Checks the compatibility flags of a store.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for anything but an object of known boolean flags
 * @internal
 */
export function compatibilityOf(given: SqlCompatibility | undefined): ResolvedCompatibility {
  const out: { -readonly [K in keyof ResolvedCompatibility]: boolean } = { skipLocked: true, oneStatementCommit: true }
  if (given === undefined) return out
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `compatibility must be an object such as { skipLocked: false }; got ${String(given)}.`,
      { option: 'compatibility' },
    )
  }
  for (const [key, value] of Object.entries(given)) {
    if (!(key in out)) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `compatibility.${key} is not a compatibility flag; the flags are ${Object.keys(out).join(', ')}.`,
        { option: `compatibility.${key}` },
      )
    }
    if (typeof value !== 'boolean') {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `compatibility.${key} must be true or false (false turns the store's fallback on); got ${String(value)}.`,
        { option: `compatibility.${key}` },
      )
    }
    out[key as keyof ResolvedCompatibility] = value
  }
  return out
}

/** Default table prefix. */
export const DEFAULT_TABLE_PREFIX = 'fq_'

/**
 * Checks and returns the table prefix of `options`.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for an unusable prefix
 * @internal
 */
export function tablePrefixOf(options: SqlStoreOptions | undefined): string {
  const prefix = options?.tablePrefix ?? DEFAULT_TABLE_PREFIX
  if (!isSafeIdentifier(prefix, true)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `The table prefix ${JSON.stringify(prefix)} is not usable: use at most 32 letters, digits and underscores, not starting with a digit (for example 'fq_').`,
      { tablePrefix: prefix },
    )
  }
  return prefix
}

/** Timeouts of a store's own connections. Every value in milliseconds, a positive integer. */
export interface StoreTimeouts {
  /**
   * How long opening a connection may take before the call fails.
   *
   * @defaultValue 10_000
   */
  readonly connectMs?: number
  /**
   * How long one statement may run. The server cancels it (PostgreSQL `statement_timeout`,
   * MariaDB `max_statement_time`, MySQL `max_execution_time` for reads), and the client gives up
   * on a server that does not answer at all a few seconds later, closing that connection.
   *
   * @defaultValue 30_000
   */
  readonly statementMs?: number
  /**
   * How long a statement waits for a row lock (PostgreSQL `lock_timeout`, MySQL/MariaDB
   * `innodb_lock_wait_timeout`, rounded up to seconds; SQLite's busy timeout).
   *
   * @defaultValue 10_000
   */
  readonly lockMs?: number
}

/** {@link StoreTimeouts} with every default filled in. @internal */
export type ResolvedTimeouts = Required<StoreTimeouts>

/** The defaults of {@link StoreTimeouts}. */
export const DEFAULT_TIMEOUTS: ResolvedTimeouts = { connectMs: 10_000, statementMs: 30_000, lockMs: 10_000 }

/**
 * Extra time the client waits past `statementMs` for a server that does not answer at all (a
 * frozen server cannot cancel its own statement).
 *
 * @internal
 */
export const CLIENT_GRACE_MS = 5_000

/**
 * Checks and completes the timeouts of a store.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS for a value that is not a positive integer
 * @internal
 */
export function timeoutsOf(given: StoreTimeouts | undefined): ResolvedTimeouts {
  if (given !== undefined && (typeof given !== 'object' || given === null)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `timeouts must be an object such as { connectMs: 10000, statementMs: 30000, lockMs: 10000 }; got ${String(given)}.`,
    )
  }
  const out = { ...DEFAULT_TIMEOUTS }
  for (const key of Object.keys(DEFAULT_TIMEOUTS) as (keyof StoreTimeouts)[]) {
    const v = given?.[key]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `timeouts.${key} must be a positive whole number of milliseconds; got ${String(v)}.`,
        { option: `timeouts.${key}` },
      )
    }
    out[key] = v
  }
  return out
}
