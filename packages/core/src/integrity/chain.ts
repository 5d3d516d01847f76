/**
 * The history chain: how each entry's `hash` is derived from the previous one.
 *
 * Unkeyed, the chain only shows accidental damage: anyone who can write the history table can
 * recompute SHA-256 after an edit. Keyed (HMAC with a key the database never sees), a writer
 * without the key cannot produce entries that verify. Each keyed entry names its `keyId`, so keys
 * rotate: old entries verify with the old key, new ones with the new.
 *
 * @module
 */
import { digestsOf } from '../privacy/paths.js'
import { createHmac, getHashes, KeyObject } from 'node:crypto'
import { FengqiaoError } from '../errors.js'
import type { HistoryEntry } from '../store/types.js'
import { canonicalJson, sha256 } from '../util/canonical.js'

/**
 * How history entries are linked. Build one with {@link sha256Chain}, {@link hmacSha256Chain}
 * or {@link hmacSm3Chain} and pass it as `createEngine({ integrity: { chain } })`.
 */
export interface HistoryChain {
  /** `'sha256'`, `'hmac-sha256'` or `'hmac-sm3'`: for messages and reports. */
  readonly name: string
  /** The key new entries are sealed with; `null` for the unkeyed chain. */
  readonly currentKeyId: string | null
  /**
   * Whether entries without a key id are accepted. Always true for the unkeyed chain; for a keyed
   * chain only when history written before the key was introduced must still verify (such
   * entries are protected by checkpoints alone).
   */
  readonly acceptsUnkeyed: boolean
  /**
   * The hash of an entry body after `prevHash`, under the key `keyId` (`null`: unkeyed SHA-256),
   * or `undefined` when this chain does not hold that key.
   */
  link(keyId: string | null, prevHash: string, body: string): string | undefined
}

/** Key material: a secret of at least 32 bytes (a string is taken as UTF-8), or a secret `KeyObject`. */
export type ChainKey = string | Uint8Array | KeyObject

/** Options of {@link hmacSha256Chain} and {@link hmacSm3Chain}. */
export interface KeyedChainOptions {
  /** Every key that may have sealed stored entries, by key id. Keep retired keys here to verify old entries. */
  readonly keys: Readonly<Record<string, ChainKey>>
  /** The id (in `keys`) of the key new entries are sealed with. */
  readonly currentKeyId: string
  /**
   * Accept entries that carry no key id (written before the key was introduced). Such entries
   * are only as safe as the checkpoint that covers them: take one right after switching.
   * @defaultValue false
   */
  readonly acceptUnkeyed?: boolean
}

/** The body of a history entry that its hash covers. */
export function entryBody(h: Omit<HistoryEntry, 'hash'>): string {
  // The same text as canonicalJson of the whole body, written with its keys in sorted order so
  // that only the free-form parts need the generic canonicalizer. Sealed and erased personal
  // values count by their digest only (see privacy/), whichever form the entry holds.
  const j = JSON.stringify
  const base = `{"actor":${canonicalJson(h.actor)},"at":${j(h.at)},"detail":${canonicalJson(h.detail)},"event":${canonicalJson(digestsOf(h.event))},"from":${j(h.from)},"instanceId":${j(h.instanceId)},"kind":${j(h.kind)},"prevHash":${j(h.prevHash)},"seq":${j(h.seq)},"to":${j(h.to)},"version":${j(h.version)}}`
  // Entries written without integrity fields hash exactly as before they existed.
  const keyId = h.keyId ?? null
  const rowDigest = h.rowDigest ?? null
  return keyId === null && rowDigest === null ? base : `${base}\n${j(keyId)}\n${j(rowDigest)}`
}

/**
 * The chain of Fengqiao before keys existed, and the default: `sha256(prevHash ‖ body)`. Shows
 * accidental damage; anyone with write access to the database can recompute it.
 *
 * @returns the unkeyed chain
 */
export function sha256Chain(): HistoryChain {
  return {
    name: 'sha256',
    currentKeyId: null,
    acceptsUnkeyed: true,
    link: (keyId, prevHash, body) => (keyId === null ? sha256(prevHash + body) : undefined),
  }
}

const KEY_ID = /^[A-Za-z0-9._:-]{1,64}$/
const MIN_KEY_BYTES = 32

function keyBytes(id: string, key: unknown): Buffer | KeyObject {
  if (key instanceof KeyObject) {
    if (key.type !== 'secret' || (key.symmetricKeySize ?? 0) < MIN_KEY_BYTES) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `Chain key "${id}" must be a secret key of at least ${MIN_KEY_BYTES} bytes.`,
        { keyId: id },
      )
    }
    return key
  }
  const bytes =
    typeof key === 'string' ? Buffer.from(key, 'utf8') : key instanceof Uint8Array ? Buffer.from(key) : undefined
  if (bytes === undefined || bytes.length < MIN_KEY_BYTES) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `Chain key "${id}" must be a string, bytes or a secret KeyObject of at least ${MIN_KEY_BYTES} bytes (for example crypto.randomBytes(32)).`,
      { keyId: id },
    )
  }
  return bytes
}

function keyedChain(name: string, algorithm: string, options: KeyedChainOptions): HistoryChain {
  if (typeof options !== 'object' || options === null || typeof options.keys !== 'object' || options.keys === null) {
    throw new FengqiaoError('INVALID_OPTIONS', `${name} chain needs { keys: { [keyId]: key }, currentKeyId }.`)
  }
  const keys = new Map<string, Buffer | KeyObject>()
  for (const [id, key] of Object.entries(options.keys)) {
    if (!KEY_ID.test(id))
      throw new FengqiaoError('INVALID_OPTIONS', `Chain key id "${id}" must be 1–64 letters, digits or . _ : -.`, {
        keyId: id,
      })
    keys.set(id, keyBytes(id, key))
  }
  if (typeof options.currentKeyId !== 'string' || !keys.has(options.currentKeyId)) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `currentKeyId must name one of the keys (${[...keys.keys()].join(', ') || 'none given'}); got ${String(options.currentKeyId)}.`,
      {
        currentKeyId: String(options.currentKeyId),
      },
    )
  }
  const acceptUnkeyed = options.acceptUnkeyed ?? false
  if (typeof acceptUnkeyed !== 'boolean')
    throw new FengqiaoError('INVALID_OPTIONS', 'acceptUnkeyed must be true or false.')
  return {
    name,
    currentKeyId: options.currentKeyId,
    acceptsUnkeyed: acceptUnkeyed,
    link(keyId, prevHash, body) {
      if (keyId === null) return acceptUnkeyed ? sha256(prevHash + body) : undefined
      const key = keys.get(keyId)
      if (key === undefined) return undefined
      // The key id is part of the message, so an entry cannot be moved to another key's name.
      return createHmac(algorithm, key)
        .update(keyId, 'utf8')
        .update('\n')
        .update(prevHash, 'utf8')
        .update('\n')
        .update(body, 'utf8')
        .digest('hex')
    },
  }
}

/**
 * A chain keyed with HMAC-SHA-256. The keys live with the engine (configuration, a secrets
 * manager, a hardware module's export), never in the database.
 *
 * @param options - the keys by id and the current one
 * @returns the keyed chain
 * @throws {FengqiaoError} INVALID_OPTIONS for a short key, a bad key id or an unknown current key
 * @example
 * ```ts
 * const chain = hmacSha256Chain({ keys: { '2026-01': process.env.CHAIN_KEY! }, currentKeyId: '2026-01' })
 * const engine = createEngine({ store, integrity: { chain } })
 * ```
 */
export function hmacSha256Chain(options: KeyedChainOptions): HistoryChain {
  return keyedChain('hmac-sha256', 'sha256', options)
}

/**
 * A chain keyed with HMAC-SM3 (GB/T 32905), for deployments that must use 国密 algorithms. SM3
 * comes from Node's OpenSSL, which ships it; no hash is implemented here.
 *
 * @param options - the keys by id and the current one
 * @returns the keyed chain
 * @throws {FengqiaoError} INVALID_OPTIONS when this Node's OpenSSL lacks SM3, or for bad keys
 */
export function hmacSm3Chain(options: KeyedChainOptions): HistoryChain {
  if (!getHashes().includes('sm3')) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      'This Node.js build has no SM3 (its OpenSSL was built without it). Use an official Node.js build, which includes SM3.',
    )
  }
  return keyedChain('hmac-sm3', 'sm3', options)
}

/** Why an entry's hash does not check out, or `undefined` when it does. @internal */
export function checkLink(
  chain: HistoryChain,
  entry: HistoryEntry,
  sawKeyed: boolean,
): 'hash-mismatch' | 'unknown-key' | 'unkeyed-entry' | undefined {
  const keyId = entry.keyId ?? null
  if (keyId === null && (!chain.acceptsUnkeyed || sawKeyed)) return 'unkeyed-entry'
  const { hash, ...body } = entry
  const expected = chain.link(keyId, entry.prevHash, entryBody(body))
  if (expected === undefined) return 'unknown-key'
  return expected === hash ? undefined : 'hash-mismatch'
}
