/**
 * Several servers behind one store: the check of a list of connection URLs, and the order in
 * which a failover pool tries them. A store given one URL behaves exactly as before; given
 * several (the nodes of a Galera cluster, a PostgreSQL primary and its standbys), it connects to
 * the first that answers (and, on PostgreSQL, accepts writes), stays there while it answers, and
 * moves on to the next on a connection fault.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '@fengqiao/core/store'

/**
 * Checks one URL or a list of them and returns the list.
 *
 * @param given - what the caller passed (`uri` or `connectionString`)
 * @param option - the option's name, for the message
 * @param schemes - accepted URL schemes, such as `['mysql:', 'mariadb:']`
 * @throws {FengqiaoError} INVALID_OPTIONS for an empty list, a non-string, an unparsable URL or a
 *   wrong scheme
 * @internal
 */
export function urlsOf(given: unknown, option: string, schemes: readonly string[]): string[] {
  const example = `${schemes[0]}//user@host:port/database`
  if (typeof given === 'string') return [given]
  if (!Array.isArray(given) || given.length === 0) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `${option} must be a URL or a non-empty list of URLs (one per server, tried in order), such as ['${example}']; got ${Array.isArray(given) ? 'an empty list' : String(given)}.`,
      { option },
    )
  }
  return given.map((u: unknown, i) => {
    let scheme: string | undefined
    try {
      scheme = typeof u === 'string' ? new URL(u).protocol : undefined
    } catch {
      scheme = undefined
    }
    if (typeof u !== 'string' || scheme === undefined || !schemes.includes(scheme)) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `${option}[${i}] must be a URL such as '${example}' (one server each; list several servers as several URLs); got ${typeof u === 'string' ? JSON.stringify(u) : String(u)}.`,
        { option: `${option}[${i}]` },
      )
    }
    return u
  })
}

/**
 * Tries the servers in turn, starting with the one that answered last, until `attempt` succeeds
 * on one or fails on all. `attempt` throws to move on (a connection fault, a read-only server);
 * `movesOn` tells such an error from one that must reach the caller at once.
 *
 * @returns the result and the index of the server that gave it
 * @throws the last error when every server failed
 * @internal
 */
export async function firstAnswering<T>(
  count: number,
  start: number,
  attempt: (index: number) => Promise<T>,
  movesOn: (error: unknown) => boolean,
): Promise<{ readonly value: T; readonly index: number }> {
  let last: unknown
  for (let k = 0; k < count; k++) {
    const index = (start + k) % count
    try {
      return { value: await attempt(index), index }
    } catch (e) {
      if (!movesOn(e)) throw e
      last = e
    }
  }
  throw last
}
