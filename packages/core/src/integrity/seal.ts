/**
 * Sealing a new history entry on a keyed chain: the key id and the digest of the row the entry
 * produces go into the entry, and the keyed hash covers both.
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import type { HistoryEntry, StoredInstance } from '../store/types.js'
import { entryBody, type HistoryChain } from './chain.js'
import { rowDigest } from './row-digest.js'

/**
 * Seals an entry with the chain's current key. Pure.
 *
 * @param chain - a keyed chain
 * @param body - the entry without hash and integrity fields
 * @param row - the instance row the entry produces (its `historyHash` not yet known)
 * @param hashView - what the hash covers of the body (personal values as digests, see privacy/)
 * @internal
 */
export function sealEntry(
  chain: HistoryChain,
  body: Omit<HistoryEntry, 'hash'>,
  row: StoredInstance,
  hashView?: (body: Omit<HistoryEntry, 'hash'>) => Omit<HistoryEntry, 'hash'>,
): HistoryEntry {
  const keyId = chain.currentKeyId
  const sealed = {
    instanceId: body.instanceId,
    seq: body.seq,
    at: body.at,
    kind: body.kind,
    event: body.event,
    actor: body.actor,
    from: body.from,
    to: body.to,
    version: body.version,
    detail: body.detail,
    prevHash: body.prevHash,
    keyId,
    rowDigest: rowDigest(row),
  }
  const hash = chain.link(
    keyId,
    body.prevHash,
    entryBody(hashView === undefined ? sealed : { ...sealed, event: hashView(body).event }),
  )
  if (hash === undefined)
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `The chain ${chain.name} cannot seal with its own current key "${String(keyId)}".`,
    )
  return { ...sealed, hash }
}
