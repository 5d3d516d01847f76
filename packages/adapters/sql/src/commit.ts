/**
 * The commit of a change set, atomically, on the dialect's fastest path: one statement where
 * the dialect can (PostgreSQL, one instance), else the compiled statements in one transaction —
 * synchronously on SQLite's own connection, through Kysely elsewhere.
 *
 * @module
 * @internal
 */
import type { ChangeSet } from '@fengqiao/core/store'
import { CompiledQuery, type Kysely } from 'kysely'
import type { StoreContext } from './context.js'
import type { CommitStatement } from './dialect.js'
import { versionConflict } from './errors.js'
import type { Db } from './tables.js'
import { commitStatements } from './write-statements.js'

/** Runs compiled statements in order on `executor`, refusing a compare-and-set that changed no row. @internal */
export async function runStatements(
  executor: Kysely<Db>,
  statements: readonly CommitStatement[],
  refuse?: (s: CommitStatement) => Error,
): Promise<void> {
  for (const s of statements) {
    const result = await executor.executeQuery(CompiledQuery.raw(s.sql, s.params))
    if (refuse !== undefined && s.cas !== undefined && result.numAffectedRows !== 1n) throw refuse(s)
  }
}

/**
 * Commits `change` all or nothing.
 *
 * @throws {FengqiaoError} VERSION_CONFLICT when an instance moved on or a key was taken concurrently
 * @internal
 */
export async function commit(ctx: StoreContext, change: ChangeSet): Promise<void> {
  const { db, dialect } = ctx
  const refuse = (s: CommitStatement): Error =>
    versionConflict(s.cas?.id ?? '', s.cas?.expectedVersion ?? null, dialect.name)
  await ctx.run(
    'commit',
    async () => {
      if (dialect.commitInOneStatement !== undefined && (await dialect.commitInOneStatement(db, change))) return
      const statements = commitStatements(ctx, change)
      if (dialect.sync !== undefined) await dialect.sync.commit(statements, refuse)
      else await dialect.transaction(db, (trx) => runStatements(trx, statements, refuse))
    },
    true,
  )
}
