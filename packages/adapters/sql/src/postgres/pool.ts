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
import { firstAnswering } from '../hosts.js'
import { classify } from './errors.js'

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

/** A client of `pg`'s pool, as far as the writability check touches it. */
interface CheckedClient {
  query(text: string): Promise<{ rows: Array<Record<string, unknown>> }>
  release(error?: unknown): void
}

/** Clients already found on a server that accepts writes. */
const writable = new WeakSet<object>()

/**
 * Whether a failed attempt on one server should move on to the next: a connection fault (see
 * `classify`), or a server that does not accept writes (thrown as `08001`, a refusal).
 */
function movesOn(error: unknown): boolean {
  const kind = classify(error)
  return kind === 'refused' || kind === 'connection-lost' || kind === 'timeout'
}

/**
 * A pool over several PostgreSQL servers — a primary and its standbys — that hands out
 * connections to the one accepting writes, as libpq's `target_session_attrs=read-write` does: a
 * new connection is checked once with `SHOW transaction_read_only` (on a hot standby, and on a
 * server set read-only, it is `on`) and passed over, with its server, when it is. Connections
 * come from the server that answered last; when it refuses or breaks connections (the primary
 * died) or turns out read-only, the next in the list is tried, in turn — so once a standby is
 * promoted, the store finds it by itself.
 *
 * @param make - creates the `pg` pool of one connection string
 * @param urls - the servers, in the order they are preferred
 * @internal
 */
export function failoverPgPool(make: (url: string) => PostgresPool, urls: readonly string[]): PostgresPool {
  const pools: Array<PostgresPool | undefined> = urls.map(() => undefined)
  const poolAt = (i: number): PostgresPool => (pools[i] ??= make(urls[i] as string))
  let current = 0
  const connectTo = async (i: number): Promise<CheckedClient> => {
    const client = (await poolAt(i).connect()) as unknown as CheckedClient
    if (writable.has(client)) return client
    let readOnly: unknown
    try {
      readOnly = (await client.query('show transaction_read_only')).rows[0]?.transaction_read_only
    } catch (e) {
      client.release(true)
      throw e
    }
    if (readOnly === 'on') {
      client.release(true)
      // sqlclient_unable_to_establish_sqlconnection: nothing was sent, try the next server.
      throw Object.assign(
        new Error(
          `Server ${i + 1} of ${urls.length} does not accept writes (a standby, or read-only); none of the ${urls.length} servers does now.`,
        ),
        { code: '08001' },
      )
    }
    writable.add(client)
    return client
  }
  return {
    connect: async () => {
      const { value, index } = await firstAnswering(urls.length, current, connectTo, movesOn)
      current = index
      return value as never
    },
    end: async () => {
      await Promise.all(pools.filter((p): p is PostgresPool => p !== undefined).map((p) => p.end()))
    },
  }
}
