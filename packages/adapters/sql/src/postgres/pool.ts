/**
 * PostgreSQL connections: the pool guard that keeps a dropped client from crashing the process
 * or going back to the pool broken, and the direct path that runs a statement as a named
 * prepared statement without Kysely's executor.
 *
 * @module
 * @internal
 */
import { createHash } from 'node:crypto'
import type { PostgresPool } from 'kysely'
import type { DirectQuery } from '../dialect.js'
import { absorbErrors, errorProperty, socketFault } from '../errors.js'

/** What the store needs of a `pg` client: a query with an optional statement name. */
interface NamedQueryClient {
  query(config: {
    readonly name?: string
    readonly text: string
    readonly values: unknown[]
  }): Promise<{ rows: unknown[]; rowCount: number | null }>
  release(): void
}

/**
 * Runs statements on a pool without Kysely's executor, each as a named prepared statement (the
 * name a hash of its text, so one text always has one name) unless `prepared` is false.
 *
 * @internal
 */
export function directQuery(pool: () => Promise<PostgresPool>, prepared: boolean): DirectQuery {
  const names = new Map<string, string>()
  const nameOf = (text: string): string => {
    let name = names.get(text)
    if (name === undefined) {
      name = `fq_${createHash('sha256').update(text).digest('hex').slice(0, 40)}`
      names.set(text, name)
    }
    return name
  }
  // A statement prepared before a migration changed its table (a column added under `select *`)
  // fails with "cached plan must not change result type": prepare it again under a new name.
  const renew = (text: string): void => {
    const name = nameOf(text)
    const [base, generation] = name.split('-')
    names.set(text, `${base as string}-${Number(generation ?? 0) + 1}`)
  }
  return async (text, values) => {
    const client = (await (await pool()).connect()) as unknown as NamedQueryClient
    try {
      if (!prepared) {
        const r = await client.query({ text, values })
        return { rows: r.rows, affected: r.rowCount ?? 0 }
      }
      for (let attempt = 0; ; attempt++) {
        try {
          const r = await client.query({ name: nameOf(text), text, values })
          return { rows: r.rows, affected: r.rowCount ?? 0 }
        } catch (e) {
          if (attempt > 0 || errorProperty(e, 'code') !== '0A000') throw e
          renew(text)
        }
      }
    } finally {
      client.release()
    }
  }
}

/** What the store needs of a checked-out `pg` client to keep it from harming the process or the pool. */
interface GuardedClient {
  query: (...args: unknown[]) => unknown
  release: (error?: unknown) => void
}

/**
 * Wraps a pool so that every client the store checks out (a) has an error listener — the pool
 * listens to idle clients only, and a checked-out client whose server goes away (restart,
 * network) emits 'error' with nobody listening, which crashes the process — and (b) goes back to
 * the pool as broken when one of its statements failed on the connection: pg keeps a client whose
 * query timed out, its silent statement still pending on it.
 *
 * @internal
 */
export function guardedPool(pool: PostgresPool, owned: boolean): PostgresPool {
  return {
    connect: async () => {
      const client = (await pool.connect()) as unknown as GuardedClient
      absorbErrors(client)
      let broken: unknown
      const query = client.query
      const release = client.release
      client.query = function (this: unknown, ...args: unknown[]) {
        const result = query.apply(client, args) as Promise<unknown> | undefined
        // A side branch that only records the failure; the caller still gets the rejection.
        if (result !== undefined && typeof result.then === 'function')
          result.then(undefined, (e: unknown) => {
            if (socketFault(e) !== undefined) broken = e
          })
        return result
      }
      client.release = (error?: unknown) => {
        client.query = query
        client.release = release
        release.call(client, error ?? (broken === undefined ? undefined : true))
      }
      return client as never
    },
    end: owned ? () => pool.end() : async () => undefined,
  }
}
