/**
 * The writing statements of the transaction path, compiled through the statement cache: the
 * instance INSERT or version-checked UPDATE, history rows, upserts and deletes of timers, tasks
 * and outbox messages, the idempotency record.
 *
 * @module
 * @internal
 */
import type { ChangeSet } from '@fengqiao/core/store'
import { sql, type Insertable } from 'kysely'
import {
  UPDATED_INSTANCE_COLUMNS,
  changedColumns,
  historyColumns,
  idempotencyColumns,
  instanceColumns,
  lastById,
  outboxColumns,
  taskColumns,
  timerColumns,
  toText,
} from './columns.js'
import type { StoreContext } from './context.js'
import type { CommitStatement } from './dialect.js'
import { rowsKey } from './statement-cache.js'
import type { TimersTable } from './tables.js'

/** Rows per multi-row statement: keeps every statement under the parameter limits (SQLite: 32766). */
const ROWS_PER_STATEMENT = 1000

/** `items` in slices of at most `size`. @internal */
export function chunks<T>(items: readonly T[], size = ROWS_PER_STATEMENT): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Tables whose rows are written by id, and replaced when written again. */
type RowTable = 'timers' | 'tasks' | 'outbox'

/** Appends multi-row insert-or-replace statements by id (a row written again is replaced). @internal */
export function upsertStatements(
  ctx: StoreContext,
  out: CommitStatement[],
  table: RowTable,
  rows: readonly object[],
): void {
  const first = rows[0]
  if (first === undefined) return
  const { db, dialect, statements } = ctx
  const columns = Object.keys(first).filter((c) => c !== 'id')
  for (const part of chunks(rows)) {
    // The three tables share what this needs (an `id` key); Kysely cannot see that through a union.
    const build = () => {
      const insert = db.insertInto(table as 'timers').values(part as Insertable<TimersTable>[])
      return dialect.supports.onConflict
        ? insert.onConflict((oc) =>
            oc.column('id').doUpdateSet(Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]))),
          )
        : insert.onDuplicateKeyUpdate(Object.fromEntries(columns.map((c) => [c, sql`values(${sql.ref(c)})`])))
    }
    out.push(
      statements.compile(
        rowsKey(`upsert-${table}`, part.length),
        build,
        part.flatMap((r): unknown[] => Object.values(r)),
      ),
    )
  }
}

/** Appends the deletes of rows by id. @internal */
export function deleteStatements(
  ctx: StoreContext,
  out: CommitStatement[],
  table: RowTable,
  ids: readonly string[],
): void {
  for (const part of chunks(ids))
    out.push(
      ctx.statements.compile(
        rowsKey(`delete-${table}`, part.length),
        () => ctx.db.deleteFrom(table).where('id', 'in', part),
        part,
      ),
    )
}

/** The statements of a commit, in order, compiled. @internal */
export function commitStatements(ctx: StoreContext, change: ChangeSet): CommitStatement[] {
  const { db, statements } = ctx
  const out: CommitStatement[] = []
  for (const w of change.instances) {
    const row = instanceColumns(w.row, toText)
    if (w.expectedVersion === null) {
      // A duplicate id fails with a unique violation, classified as a conflict.
      out.push(statements.compile('insert-instance', () => db.insertInto('instances').values(row), Object.values(row)))
    } else {
      // Only the columns this step changed: the indexes on the others are left alone.
      const values = row as Record<string, unknown>
      const columns = w.previous === undefined ? UPDATED_INSTANCE_COLUMNS : changedColumns(values, w.previous)
      const params = columns.map((c) => values[c])
      params.push(row.id, w.expectedVersion)
      const expected = w.expectedVersion
      const set = () => Object.fromEntries(columns.map((c) => [c, values[c]]))
      const update = statements.compile(
        `update-instance:${columns.join(',')}`,
        () => db.updateTable('instances').set(set()).where('id', '=', row.id).where('version', '=', expected),
        params,
      )
      out.push({ ...update, cas: { id: row.id, expectedVersion: expected } })
    }
  }
  for (const part of chunks(change.history)) {
    const rows = part.map((h) => historyColumns(h, toText))
    out.push(
      statements.compile(
        rowsKey('insert-history', rows.length),
        () => db.insertInto('history').values(rows),
        rows.flatMap((r) => Object.values(r)),
      ),
    )
  }
  const timers = change.timers
  if (timers !== undefined) {
    deleteStatements(ctx, out, 'timers', timers.delete)
    upsertStatements(
      ctx,
      out,
      'timers',
      lastById(timers.insert).map((t) => timerColumns(t, toText)),
    )
  }
  const tasks = change.tasks
  if (tasks !== undefined) {
    deleteStatements(ctx, out, 'tasks', tasks.close)
    upsertStatements(
      ctx,
      out,
      'tasks',
      lastById(tasks.open).map((t) => taskColumns(t, toText)),
    )
  }
  if (change.outbox !== undefined)
    upsertStatements(
      ctx,
      out,
      'outbox',
      lastById(change.outbox).map((m) => outboxColumns(m, toText)),
    )
  if (change.idempotency !== undefined) {
    const row = idempotencyColumns(change.idempotency, toText)
    out.push(
      statements.compile('insert-idempotency', () => db.insertInto('idempotency').values(row), Object.values(row)),
    )
  }
  return out
}
