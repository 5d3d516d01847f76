/**
 * Signed checkpoints: the heads of every case's chain at a moment, signed with Ed25519 and
 * published to a witness outside the database. A later `verifyAll({ checkpoint })` finds every
 * case whose chain is now shorter than, different from, or missing since the checkpoint — which
 * a keyed chain alone cannot show (deleting the last entries leaves a valid, shorter chain).
 *
 * @module
 */
import { createPrivateKey, createPublicKey, KeyObject, sign, verify } from 'node:crypto'
import { FengqiaoError } from '../errors.js'
import type { ChainHead, Store } from '../store/types.js'
import { canonicalJson, sha256 } from '../util/canonical.js'

/** The format tag of {@link Checkpoint}s this version writes. */
export const CHECKPOINT_FORMAT = 'fengqiao.checkpoint/1'

/** A signed list of chain heads. Plain JSON: a witness stores it as it is. */
export interface Checkpoint {
  readonly format: typeof CHECKPOINT_FORMAT
  /** When it was taken (the engine's clock), epoch milliseconds. */
  readonly at: number
  /** The node that took it. */
  readonly nodeId: string
  /** The head of every case's chain, ordered by instance id. */
  readonly heads: readonly ChainHead[]
  /** `sha256` of the previous checkpoint's signature in the witness, or `null` for the first: checkpoints chain too. */
  readonly previous: string | null
  /** The id of the signing key. */
  readonly keyId: string
  /** Ed25519 signature of {@link checkpointPayload}, base64. */
  readonly signature: string
}

/** Signs checkpoints. Make one with {@link ed25519Signer}. */
export interface CheckpointSigner {
  readonly keyId: string
  /** The public key that verifies its signatures. */
  readonly publicKey: KeyObject
  /** Signs bytes; returns the signature, base64. */
  sign(payload: string): string
}

/** A key in PEM text or as a `KeyObject`. */
export type PemOrKey = string | KeyObject

/**
 * An Ed25519 signer for checkpoints (Node's crypto; no dependency).
 *
 * @param options - the private key (PEM or `KeyObject`, for example from
 *   `crypto.generateKeyPairSync('ed25519')`) and the id under which verifiers know its public key
 * @returns the signer
 * @throws {FengqiaoError} INVALID_OPTIONS unless the key is an Ed25519 private key
 */
export function ed25519Signer(options: { readonly privateKey: PemOrKey; readonly keyId: string }): CheckpointSigner {
  if (typeof options !== 'object' || options === null || typeof options.keyId !== 'string' || options.keyId === '') {
    throw new FengqiaoError('INVALID_OPTIONS', 'ed25519Signer() needs { privateKey, keyId } with a non-empty keyId.')
  }
  let key: KeyObject
  try {
    key = options.privateKey instanceof KeyObject ? options.privateKey : createPrivateKey(options.privateKey)
  } catch (e) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      'ed25519Signer(): privateKey is not a readable private key (PEM text or a KeyObject).',
      {},
      { cause: e },
    )
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `ed25519Signer(): privateKey must be an Ed25519 private key; got a ${key.type} ${key.asymmetricKeyType ?? 'secret'} key.`,
    )
  }
  const publicKey = createPublicKey(key)
  return {
    keyId: options.keyId,
    publicKey,
    sign: (payload) => sign(null, Buffer.from(payload, 'utf8'), key).toString('base64'),
  }
}

/** The text a checkpoint's signature covers: everything but the signature, canonical JSON. */
export function checkpointPayload(cp: Omit<Checkpoint, 'signature'>): string {
  return canonicalJson({
    format: cp.format,
    at: cp.at,
    nodeId: cp.nodeId,
    heads: cp.heads,
    previous: cp.previous,
    keyId: cp.keyId,
  })
}

/** The link from a checkpoint to the one before it. @internal */
export function checkpointLink(cp: Checkpoint): string {
  return sha256(cp.signature)
}

/** Reads every chain head from the store, ordered by instance id. @internal */
export async function readHeads(store: Store): Promise<ChainHead[]> {
  const heads: ChainHead[] = []
  let cursor: string | undefined
  do {
    const page = await store.chainHeads({ limit: 1000, cursor })
    heads.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return heads
}

/** Builds and signs a checkpoint. @internal */
export function signCheckpoint(
  signer: CheckpointSigner,
  at: number,
  nodeId: string,
  heads: readonly ChainHead[],
  previous: Checkpoint | undefined,
): Checkpoint {
  const body = {
    format: CHECKPOINT_FORMAT,
    at,
    nodeId,
    heads,
    previous: previous === undefined ? null : checkpointLink(previous),
    keyId: signer.keyId,
  } as const
  return { ...body, signature: signer.sign(checkpointPayload(body)) }
}

function invalid(message: string, details: Record<string, unknown> = {}): FengqiaoError {
  return new FengqiaoError('CHECKPOINT_INVALID', message, details)
}

/**
 * Checks a checkpoint's shape and signature.
 *
 * @param cp - a checkpoint, as read from a witness
 * @param publicKeys - the verifying keys by key id
 * @returns the checkpoint, typed
 * @throws {FengqiaoError} CHECKPOINT_INVALID when it is malformed, names an unknown key, or its
 *   signature does not verify
 */
export function checkCheckpoint(cp: unknown, publicKeys: ReadonlyMap<string, KeyObject>): Checkpoint {
  const c = cp as Partial<Checkpoint> | null
  if (
    typeof c !== 'object' ||
    c === null ||
    c.format !== CHECKPOINT_FORMAT ||
    typeof c.at !== 'number' ||
    typeof c.nodeId !== 'string' ||
    typeof c.keyId !== 'string' ||
    typeof c.signature !== 'string' ||
    (c.previous !== null && typeof c.previous !== 'string') ||
    !Array.isArray(c.heads) ||
    !c.heads.every(
      (h: Partial<ChainHead> | null) =>
        typeof h === 'object' &&
        h !== null &&
        typeof h.instanceId === 'string' &&
        Number.isInteger(h.seq) &&
        typeof h.hash === 'string',
    )
  ) {
    throw invalid(
      `The checkpoint is not a ${CHECKPOINT_FORMAT} record. Pass a checkpoint as the witness stored it, or 'latest'.`,
    )
  }
  const key = publicKeys.get(c.keyId)
  if (key === undefined) {
    throw invalid(
      `The checkpoint is signed with key "${c.keyId}", which is not among the verifying keys (${[...publicKeys.keys()].join(', ') || 'none'}). Add its public key to integrity.checkpoints.publicKeys.`,
      { keyId: c.keyId },
    )
  }
  let good = false
  try {
    good = verify(
      null,
      Buffer.from(checkpointPayload(c as Checkpoint), 'utf8'),
      key,
      Buffer.from(c.signature, 'base64'),
    )
  } catch {
    good = false
  }
  if (!good)
    throw invalid(
      `The signature of the checkpoint taken at ${new Date(c.at).toISOString()} does not verify with key "${c.keyId}": it was altered or forged.`,
      { keyId: c.keyId, at: c.at },
    )
  return c as Checkpoint
}

/** Reads public keys given as PEM or KeyObjects. @internal */
export function publicKeyMap(
  keys: Readonly<Record<string, PemOrKey>> | undefined,
  signer: CheckpointSigner | undefined,
): Map<string, KeyObject> {
  const out = new Map<string, KeyObject>()
  if (signer !== undefined) out.set(signer.keyId, signer.publicKey)
  for (const [id, k] of Object.entries(keys ?? {})) {
    let key: KeyObject
    try {
      key = k instanceof KeyObject ? k : createPublicKey(k)
    } catch (e) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `Checkpoint public key "${id}" is not a readable public key (PEM text or a KeyObject).`,
        { keyId: id },
        { cause: e },
      )
    }
    if (key.asymmetricKeyType !== 'ed25519')
      throw new FengqiaoError('INVALID_OPTIONS', `Checkpoint public key "${id}" must be an Ed25519 key.`, { keyId: id })
    out.set(id, key.type === 'private' ? createPublicKey(key) : key)
  }
  return out
}
