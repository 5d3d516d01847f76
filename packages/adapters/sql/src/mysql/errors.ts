/**
 * MySQL and MariaDB error numbers, classified.
 *
 * @module
 * @internal
 */
import { errorProperty, socketFault, type ErrorKind } from '../errors.js'

/** What a `mysql2` error means for the store. @internal */
export function classify(e: unknown): ErrorKind {
  const errno = errorProperty(e, 'errno')
  // ER_DUP_ENTRY, ER_LOCK_DEADLOCK: the commit lost a race. A Galera cluster also answers a
  // transaction that failed certification at COMMIT (a conflicting write set committed first on
  // another node; row locks are not replicated) with ER_LOCK_DEADLOCK: rolled back, a lost race.
  // TiDB's write conflict (9007) under optimistic transactions means the same.
  if (errno === 1062 || errno === 1213 || errno === 9007) return 'conflict'
  if (errno === 1146) return 'missing-table' // ER_NO_SUCH_TABLE
  // ER_LOCK_WAIT_TIMEOUT, MariaDB ER_STATEMENT_TIMEOUT, MySQL ER_QUERY_TIMEOUT (max_execution_time).
  if (errno === 1205 || errno === 1969 || errno === 3024) return 'timeout'
  // ER_SERVER_SHUTDOWN, ER_CONNECTION_KILLED, CR_SERVER_GONE_ERROR, CR_SERVER_LOST, ER_QUERY_INTERRUPTED.
  if (errno === 1053 || errno === 1927 || errno === 2006 || errno === 2013 || errno === 1317) return 'connection-lost'
  // ER_CON_COUNT_ERROR, CR_CONNECTION_ERROR, CR_CONN_HOST_ERROR: no connection was made.
  // ER_UNKNOWN_COM_ERROR is what a Galera node cut off from its cluster's majority answers to
  // every statement ("WSREP has not yet prepared node for application use"): nothing was done.
  if (errno === 1040 || errno === 2002 || errno === 2003 || errno === 1047) return 'refused'
  // A value the server cannot hold: ER_DATA_TOO_LONG, ER_TRUNCATED_WRONG_VALUE_FOR_FIELD (bad
  // UTF-8), ER_TOO_LONG_KEY, ER_NET_PACKET_TOO_LARGE (over max_allowed_packet),
  // ER_WARN_DATA_OUT_OF_RANGE, ER_TRUNCATED_WRONG_VALUE, ER_INVALID_CHARACTER_STRING.
  if (
    errno === 1406 ||
    errno === 1366 ||
    errno === 1071 ||
    errno === 1153 ||
    errno === 1264 ||
    errno === 1292 ||
    errno === 1300
  )
    return 'invalid-input'
  return socketFault(e) ?? 'other'
}
