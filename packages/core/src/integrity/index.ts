/**
 * Integrity of the record: keyed history chains, row digests, verification, signed checkpoints
 * and witnesses (docs/security.md).
 *
 * @module
 */
export { entryBody, hmacSha256Chain, hmacSm3Chain, sha256Chain } from './chain.js'
export type { ChainKey, HistoryChain, KeyedChainOptions } from './chain.js'
export { rowDigest } from './row-digest.js'
export type { DigestedFields } from './row-digest.js'
export { CHECKPOINT_FORMAT, checkCheckpoint, checkpointPayload, ed25519Signer } from './checkpoint.js'
export type { Checkpoint, CheckpointSigner, PemOrKey } from './checkpoint.js'
export { fileWitness, memoryWitness } from './witness.js'
export type { MemoryWitness, Witness } from './witness.js'
export type { VerifyReason, VerifyResult } from './verify.js'
export type {
  CaseProblem,
  CaseProblemReason,
  CheckpointOptions,
  IntegrityOptions,
  VerifyAllOptions,
  VerifyAllResult,
} from './engine-integrity.js'
