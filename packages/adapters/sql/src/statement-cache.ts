/**
 * The statement cache: the SQL text of the hot statements, compiled once per shape. Kysely
 * builds, transforms and compiles a query on every call otherwise, which on a local database
 * costs more than running it.
 *
 * @module
 * @internal
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely'
import type { SqlDialectAdapter } from './dialect.js'
import type { Db } from './tables.js'

/** A statement with its parameters, compiled. @internal */
export interface Compiled {
  readonly sql: string
  readonly params: unknown[]
}

/** Compiles and runs statements, keeping the text of each shape. @internal */
export interface StatementCache {
  /**
   * The compiled statement of a shape. `key` names the shape (undefined: not cached, for a
   * large multi-row statement); `build` makes the query on a miss; `params` are the parameters
   * in the order the compiled text binds them (checked once per shape).
   */
  compile(key: string | undefined, build: () => Compilable<unknown>, params: unknown[]): Compiled
  /** Runs a statement on `executor`: outside a transaction, straight on the driver where the dialect allows it. */
  execute<R>(
    executor: Kysely<Db>,
    key: string | undefined,
    build: () => Compilable<unknown>,
    params: unknown[],
  ): Promise<{ rows: R[] }>
  /** A read, on the dialect's fastest path. */
  select<R>(key: string, build: () => Compilable<unknown>, params: unknown[]): Promise<R[]>
}

/** Multi-row statements with at most this many rows keep their compiled SQL text (per store). */
const CACHED_ROWS = 16

/** The cache key of a multi-row statement, or undefined (not cached) for a large one. @internal */
export const rowsKey = (name: string, n: number): string | undefined => (n <= CACHED_ROWS ? `${name}:${n}` : undefined)

/** The statement cache of one store. @internal */
export function createStatementCache(db: Kysely<Db>, dialect: SqlDialectAdapter): StatementCache {
  const texts = new Map<string, string>()
  const compile = (key: string | undefined, build: () => Compilable<unknown>, params: unknown[]): Compiled => {
    if (key === undefined) {
      const compiled = build().compile()
      return { sql: compiled.sql, params: [...compiled.parameters] }
    }
    let text = texts.get(key)
    if (text === undefined) {
      const compiled = build().compile()
      // The parameters given must be the ones Kysely binds, in its order.
      if (JSON.stringify(compiled.parameters) !== JSON.stringify(params))
        throw new Error(`Internal error: the parameters of the cached statement '${key}' do not match its SQL.`)
      text = compiled.sql
      texts.set(key, text)
    }
    return { sql: text, params }
  }
  const execute = async <R>(
    executor: Kysely<Db>,
    key: string | undefined,
    build: () => Compilable<unknown>,
    params: unknown[],
  ): Promise<{ rows: R[] }> => {
    const c = compile(key, build, params)
    if (executor === db && dialect.query !== undefined)
      return { rows: (await dialect.query(c.sql, c.params)).rows as R[] }
    return executor.executeQuery<R>(CompiledQuery.raw(c.sql, c.params))
  }
  const select = async <R>(key: string, build: () => Compilable<unknown>, params: unknown[]): Promise<R[]> => {
    if (dialect.sync === undefined) return (await execute<R>(db, key, build, params)).rows
    const c = compile(key, build, params)
    return (await dialect.sync.all(c.sql, c.params)) as R[]
  }
  return { compile, execute, select }
}
