/**
 * The dialect-neutral store: {@link SqlStore} and `createSqlStore`, which wires the parts
 * (queries, commit, claims, personal data, schema) around one {@link StoreContext}. Each database's folder
 * supplies a {@link SqlDialectAdapter} for what differs; `docs/decisions/0009-sql-adapter-modules.md`
 * maps the files.
 *
 * @module
 */
import type { Store } from '@fengqiao/core/store'
import type { Kysely } from 'kysely'
import { claimOperations } from './claims.js'
import { commit } from './commit.js'
import { createContext, type StoreContext } from './context.js'
import { withCompatibility, type DialectName, type SqlDialectAdapter } from './dialect.js'
import { incidentOperations } from './incidents.js'
import { compatibilityOf, type SqlCompatibility } from './options.js'
import { personalDataOperations } from './personal-data.js'
import { queryOperations } from './queries.js'
import { reportOperations } from './report.js'
import { dropTables, runMigrations } from './schema.js'
import type { Db } from './tables.js'

/** A {@link Store} on a SQL database, with schema management. */
export interface SqlStore extends Store {
  /** The database kind. */
  readonly name: DialectName
  /** The table prefix in use. */
  readonly tablePrefix: string
  /**
   * Creates or upgrades the tables. Safe to call on every start, and from several processes at
   * once: a database lock serializes migrations, and applied versions are recorded in the
   * `<prefix>migrations` table.
   *
   * @throws {FengqiaoError} STORE_UNAVAILABLE when the database cannot be reached or refuses the DDL
   */
  migrate(): Promise<void>
  /**
   * Drops every table of this store (all data is lost). Meant for tests.
   *
   * @throws {FengqiaoError} STORE_UNAVAILABLE when the database cannot be reached
   */
  dropTables(): Promise<void>
}

/**
 * Builds a {@link SqlStore} on a Kysely instance whose table names are already mapped.
 *
 * @param db - Kysely with the table-name plugin installed
 * @param adapter - what differs on this database
 * @param tablePrefix - the prefix the plugin applies (reported on the store)
 * @param compatibility - the features turned off (already checked by the factory)
 * @returns the store; call `migrate()` before first use
 * @internal
 */
export function createSqlStore(
  db: Kysely<Db>,
  adapter: SqlDialectAdapter,
  tablePrefix: string,
  compatibility?: SqlCompatibility,
): SqlStore {
  const dialect = withCompatibility(adapter, compatibilityOf(compatibility))
  const ctx: StoreContext = createContext(db, dialect, tablePrefix)
  return {
    name: dialect.name,
    tablePrefix,
    migrate: () => ctx.run('migrate', () => runMigrations(db, dialect, tablePrefix)),
    dropTables: () => ctx.run('drop tables', () => dropTables(db, dialect)),
    commit: (change) => commit(ctx, change),
    ...queryOperations(ctx),
    ...reportOperations(ctx),
    ...claimOperations(ctx),
    ...personalDataOperations(ctx),
    ...incidentOperations(ctx),
    close: () => ctx.close(),
  }
}
