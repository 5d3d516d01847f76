/**
 * PostgreSQL's one-statement commit: a commit that writes one instance — nearly every command —
 * is a single statement: the compare-and-set UPDATE (or INSERT … ON CONFLICT DO NOTHING) in a
 * CTE, and every other write guarded by `EXISTS (SELECT 1 FROM w)`, rows passed as one JSON
 * document per table. One round trip, atomic on its own.
 *
 * @module
 * @internal
 */
import type { ChangeSet, Json } from '@fengqiao/core/store'
import { sql, type Kysely, type RawBuilder } from 'kysely'
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
  type JsonEncoder,
} from '../columns.js'
import type { DirectQuery } from '../dialect.js'
import { versionConflict } from '../errors.js'
import type { TableName } from '../table-name-plugin.js'
import type { Db } from '../tables.js'
import { HISTORY_TYPES, INSTANCE_TYPES } from './column-types.js'

const embed: JsonEncoder<Json> = (v) => v

const overlaps = (a: readonly string[] | undefined, b: readonly { id: string }[] | undefined): boolean => {
  if (a === undefined || b === undefined || a.length === 0 || b.length === 0) return false
  const ids = new Set(a)
  return b.some((r) => ids.has(r.id))
}

/**
 * Makes the one-statement commit of a store: a one-instance change set in one statement. The
 * statement returned refuses (returns false, nothing done) change sets it does not handle:
 * several instances, or a row deleted and re-inserted in one go (a single statement cannot touch
 * a row twice). Its SQL text depends only on which kinds of rows a change set writes, so it is
 * compiled once per such shape.
 */
export function oneStatementCommit(query: DirectQuery): (db: Kysely<Db>, change: ChangeSet) => Promise<boolean> {
  const texts = new Map<string, string>()
  return async (db, change) => {
    const [write, ...more] = change.instances
    if (write === undefined || more.length > 0) return false
    if (overlaps(change.timers?.delete, change.timers?.insert) || overlaps(change.tasks?.close, change.tasks?.open))
      return false
    // The parts of the statement, each with its parameters in the order its SQL binds them.
    type Part = {
      readonly alias: string
      readonly params: readonly unknown[]
      readonly build: () => RawBuilder<unknown>
    }
    const parts: Part[] = []
    const table = (name: TableName) => sql.table(name)
    const rowsOf = (name: TableName, json: string) =>
      sql`select * from jsonb_populate_recordset(null::${table(name)}, ${json}::jsonb)`
    const won = sql`exists (select 1 from w)`
    // The instance and (usually one) history row as typed parameters, like a hand-written
    // statement: the server parses no JSON document for them.
    const row = instanceColumns(write.row, toText) as Record<string, unknown>
    const typed = (value: unknown, type: string) => sql`${value}::${sql.raw(type)}`
    if (write.expectedVersion === null) {
      const columns = Object.keys(row)
      const values = columns.map((c) => row[c])
      parts.push({
        alias: 'w+',
        params: values,
        build: () =>
          sql`w as (insert into ${table('instances')} (${sql.join(columns.map((c) => sql.ref(c)))}) values (${sql.join(columns.map((c) => typed(row[c], INSTANCE_TYPES[c] as string)))}) on conflict (id) do nothing returning id)`,
      })
    } else {
      const expected = write.expectedVersion
      // Only the columns this step changed: fewer parameters, and the update stays HOT-friendly.
      const columns = write.previous === undefined ? UPDATED_INSTANCE_COLUMNS : changedColumns(row, write.previous)
      parts.push({
        alias: `w:${columns.join(',')}`,
        params: [...columns.map((c) => row[c]), row.id, expected],
        build: () =>
          sql`w as (update ${table('instances')} set ${sql.join(columns.map((c) => sql`${sql.ref(c)} = ${typed(row[c], INSTANCE_TYPES[c] as string)}`))} where id = ${row.id} and version = ${expected} returning id)`,
      })
    }
    const [only, ...otherEntries] = change.history
    if (only !== undefined && otherEntries.length === 0) {
      const h = historyColumns(only, toText) as Record<string, unknown>
      const columns = Object.keys(h)
      parts.push({
        alias: 'h1',
        params: columns.map((c) => h[c]),
        build: () =>
          sql`h as (insert into ${table('history')} (${sql.join(columns.map((c) => sql.ref(c)))}) select ${sql.join(columns.map((c) => typed(h[c], HISTORY_TYPES[c] as string)))} from w)`,
      })
    }
    const insert = (alias: string, name: TableName, rows: readonly object[]) => {
      if (rows.length === 0) return
      const json = JSON.stringify(rows)
      parts.push({
        alias,
        params: [json],
        build: () => sql`${sql.id(alias)} as (insert into ${table(name)} ${rowsOf(name, json)} where ${won})`,
      })
    }
    const upsert = (alias: string, name: TableName, rows: readonly object[]) => {
      const first = rows[0]
      if (first === undefined) return
      const json = JSON.stringify(rows)
      const set = () =>
        sql.join(
          Object.keys(first)
            .filter((c) => c !== 'id')
            .map((c) => sql`${sql.ref(c)} = ${sql.ref(`excluded.${c}`)}`),
        )
      parts.push({
        alias,
        params: [json],
        build: () =>
          sql`${sql.id(alias)} as (insert into ${table(name)} ${rowsOf(name, json)} where ${won} on conflict (id) do update set ${set()})`,
      })
    }
    const remove = (alias: string, name: TableName, ids: readonly string[] | undefined) => {
      if (ids !== undefined && ids.length > 0)
        parts.push({
          alias,
          params: [ids],
          build: () => sql`${sql.id(alias)} as (delete from ${table(name)} where id = any(${ids}::text[]) and ${won})`,
        })
    }
    if (change.history.length !== 1)
      insert(
        'h',
        'history',
        change.history.map((h) => historyColumns(h, embed)),
      )
    remove('td', 'timers', change.timers?.delete)
    upsert(
      'ti',
      'timers',
      lastById(change.timers?.insert ?? []).map((t) => timerColumns(t, embed)),
    )
    remove('kc', 'tasks', change.tasks?.close)
    upsert(
      'ko',
      'tasks',
      lastById(change.tasks?.open ?? []).map((t) => taskColumns(t, embed)),
    )
    upsert(
      'ob',
      'outbox',
      lastById(change.outbox ?? []).map((m) => outboxColumns(m, embed)),
    )
    // A taken key fails the whole statement with a unique violation, classified as a conflict.
    if (change.idempotency !== undefined) insert('ik', 'idempotency', [idempotencyColumns(change.idempotency, embed)])
    const shape = parts.map((p) => p.alias).join(',')
    const params = parts.flatMap((p) => p.params)
    let text = texts.get(shape)
    if (text === undefined) {
      const compiled = sql`with ${sql.join(parts.map((p) => p.build()))} select count(*)::int as n from w`.compile(db)
      if (JSON.stringify(compiled.parameters) !== JSON.stringify(params))
        throw new Error(`Internal error: the parameters of the commit statement '${shape}' do not match its SQL.`)
      text = compiled.sql
      texts.set(shape, text)
    }
    const result = await query(text, params)
    if ((result.rows[0] as { n?: unknown } | undefined)?.n !== 1)
      throw versionConflict(write.row.id, write.expectedVersion, 'postgres')
    return true
  }
}
