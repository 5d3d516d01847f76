/**
 * Sealing personal values: a random data key per value, wrapped by a master key the database
 * never sees. AES-256-GCM, or SM4-CTR with HMAC-SM3 (encrypt-then-MAC) for 国密 deployments —
 * both from the platform's OpenSSL through `node:crypto`, no hand-written cipher.
 *
 * @module
 * @internal
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { FengqiaoError } from '../errors.js'
import type { Json } from '../store/types.js'
import { canonicalJson } from '../util/canonical.js'
import type { PrivacyCipher, PrivacyOptions, SealedValue } from './types.js'

const CIPHERS: readonly PrivacyCipher[] = ['aes-256-gcm', 'sm4']
const hashOf = (c: PrivacyCipher): string => (c === 'sm4' ? 'sm3' : 'sha256')

interface MasterKey {
  readonly wrap: Record<PrivacyCipher, Buffer>
  readonly digest: Record<PrivacyCipher, Buffer>
}

function keyBytes(id: string, k: unknown): Buffer {
  let b: Buffer | undefined
  if (k instanceof Uint8Array) b = Buffer.from(k)
  else if (typeof k === 'string')
    b = /^[0-9a-fA-F]+$/.test(k) && k.length % 2 === 0 ? Buffer.from(k, 'hex') : Buffer.from(k, 'base64')
  if (b === undefined || b.length < 32) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `privacy.keys.keys["${id}"] must be at least 32 bytes (a Uint8Array, or hex or base64 text). Generate one with crypto.randomBytes(32).`,
      { keyId: id },
    )
  }
  return b
}

// Separate subkeys for wrapping and for digests, so that one never serves as the other.
function subkey(master: Buffer, c: PrivacyCipher, label: string): Buffer {
  return createHmac(hashOf(c), master).update(`fengqiao/${label}`).digest().subarray(0, 32)
}

function seal(c: PrivacyCipher, key: Buffer, plain: Buffer, aad: string): string {
  if (c === 'aes-256-gcm') {
    const iv = randomBytes(12)
    const ci = createCipheriv('aes-256-gcm', key, iv)
    ci.setAAD(Buffer.from(aad))
    const ct = Buffer.concat([ci.update(plain), ci.final()])
    return `${iv.toString('base64')}.${ct.toString('base64')}.${ci.getAuthTag().toString('base64')}`
  }
  const iv = randomBytes(16)
  const ci = createCipheriv('sm4-ctr', key.subarray(0, 16), iv)
  const ct = Buffer.concat([ci.update(plain), ci.final()])
  return `${iv.toString('base64')}.${ct.toString('base64')}.${smTag(key, iv, ct, aad).toString('base64')}`
}

function smTag(key: Buffer, iv: Buffer, ct: Buffer, aad: string): Buffer {
  const a = Buffer.from(aad)
  const len = Buffer.alloc(4)
  len.writeUInt32BE(a.length)
  return createHmac('sm3', key.subarray(16, 32)).update(len).update(a).update(iv).update(ct).digest()
}

function open(c: PrivacyCipher, key: Buffer, sealed: string, aad: string): Buffer | undefined {
  const [ivText, ctText, tagText] = sealed.split('.')
  if (ivText === undefined || ctText === undefined || tagText === undefined) return undefined
  const iv = Buffer.from(ivText, 'base64')
  const ct = Buffer.from(ctText, 'base64')
  const tag = Buffer.from(tagText, 'base64')
  try {
    if (c === 'aes-256-gcm') {
      const de = createDecipheriv('aes-256-gcm', key, iv)
      de.setAAD(Buffer.from(aad))
      de.setAuthTag(tag)
      return Buffer.concat([de.update(ct), de.final()])
    }
    const want = smTag(key, iv, ct, aad)
    if (want.length !== tag.length || !timingSafeEqual(want, tag)) return undefined
    const de = createDecipheriv('sm4-ctr', key.subarray(0, 16), iv)
    return Buffer.concat([de.update(ct), de.final()])
  } catch {
    return undefined
  }
}

/** The engine's master keys and the operations on sealed values. */
export class Keyring {
  readonly cipher: PrivacyCipher
  readonly current: string
  readonly #keys = new Map<string, MasterKey>()

  /** @throws {FengqiaoError} INVALID_OPTIONS for a missing current key, a short key or an unknown cipher */
  constructor(options: PrivacyOptions) {
    const keys = options?.keys
    if (
      typeof keys !== 'object' ||
      keys === null ||
      typeof keys.current !== 'string' ||
      typeof keys.keys !== 'object' ||
      keys.keys === null
    ) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        'privacy.keys must be { current: keyId, keys: { [keyId]: masterKey } }.',
      )
    }
    this.cipher = options.cipher ?? 'aes-256-gcm'
    if (!CIPHERS.includes(this.cipher)) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `privacy.cipher must be one of ${CIPHERS.join(', ')}; got ${JSON.stringify(options.cipher)}.`,
        { cipher: String(options.cipher) },
      )
    }
    for (const [id, k] of Object.entries(keys.keys)) {
      const master = keyBytes(id, k)
      const of = (label: string): Record<PrivacyCipher, Buffer> => ({
        'aes-256-gcm': subkey(master, 'aes-256-gcm', label),
        sm4: subkey(master, 'sm4', label),
      })
      this.#keys.set(id, { wrap: of('wrap'), digest: of('digest') })
    }
    if (!this.#keys.has(keys.current)) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `privacy.keys.current is "${keys.current}", which is not among privacy.keys.keys.`,
        { keyId: keys.current },
      )
    }
    this.current = keys.current
  }

  #key(id: string, instanceId: string): MasterKey {
    const k = this.#keys.get(id)
    if (k === undefined) {
      throw new FengqiaoError(
        'KEY_UNAVAILABLE',
        `Personal data of case ${instanceId} is sealed with key "${id}", which this engine was not given. Add it to privacy.keys.keys (keep retired keys until no value uses them).`,
        { instanceId, keyId: id },
      )
    }
    return k
  }

  /**
   * The keyed digest of a personal value: what the history chain covers in its place. Bound to
   * the case, so equal values in two cases do not show as equal.
   */
  digest(instanceId: string, value: Json): string {
    const k = this.#key(this.current, instanceId)
    return createHmac(hashOf(this.cipher), k.digest[this.cipher])
      .update(`${instanceId}\u0000${canonicalJson(value)}`)
      .digest('hex')
  }

  /** Seals a value under a fresh data key wrapped by the current master key. */
  seal(instanceId: string, value: Json, digest: string): SealedValue {
    const dataKey = randomBytes(32)
    const c = this.cipher
    const w = seal(c, this.#key(this.current, instanceId).wrap[c], dataKey, `${this.current}\u0000${instanceId}`)
    const v = seal(c, dataKey, Buffer.from(canonicalJson(value)), `${instanceId}\u0000${digest}`)
    return { $fq: 'enc', k: this.current, c, w, v, d: digest }
  }

  /**
   * The same value with its data key re-wrapped by the current master key (value and digest
   * unchanged), or the value itself when it already is.
   *
   * @throws {FengqiaoError} KEY_UNAVAILABLE
   */
  rewrap(instanceId: string, s: SealedValue): SealedValue {
    if (s.k === this.current && s.c === this.cipher) return s
    return this.seal(instanceId, this.open(instanceId, s), s.d)
  }

  /**
   * Opens a sealed value.
   *
   * @throws {FengqiaoError} KEY_UNAVAILABLE when its master key was not given, or the value does
   *   not open with it (a wrong key under the right id, or an altered value)
   */
  open(instanceId: string, s: SealedValue): Json {
    const c = CIPHERS.includes(s.c) ? s.c : undefined
    const dataKey =
      c === undefined ? undefined : open(c, this.#key(s.k, instanceId).wrap[c], s.w, `${s.k}\u0000${instanceId}`)
    const plain =
      c === undefined || dataKey === undefined ? undefined : open(c, dataKey, s.v, `${instanceId}\u0000${s.d}`)
    if (plain === undefined) {
      throw new FengqiaoError(
        'KEY_UNAVAILABLE',
        `A personal value of case ${instanceId} does not open with key "${s.k}": the key given under that id is not the one it was sealed with, or the stored value was altered.`,
        { instanceId, keyId: s.k },
      )
    }
    return JSON.parse(plain.toString('utf8')) as Json
  }
}
