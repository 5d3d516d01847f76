/**
 * The engine's integrity options and the work behind `verify`, `verifyAll` and `checkpoint`,
 * kept here so the engine only delegates.
 *
 * @module
 * @internal
 */
import type { KeyObject } from 'node:crypto'
import type { AnyStateMachine } from 'xstate'
import { parseDuration } from '../clock.js'
import { FengqiaoError } from '../errors.js'
import type { ChainHead, Store, StoredInstance } from '../store/types.js'
import { sha256Chain, type HistoryChain } from './chain.js'
import {
  checkCheckpoint,
  publicKeyMap,
  readHeads,
  signCheckpoint,
  type Checkpoint,
  type CheckpointSigner,
  type PemOrKey,
} from './checkpoint.js'
import { verifyCase, type OpenedView, type VerifyReason, type VerifyResult } from './verify.js'
import type { Witness } from './witness.js'

/** Options of checkpoints: `createEngine({ integrity: { checkpoints } })`. */
export interface CheckpointOptions {
  /** Where checkpoints are published and read back (see {@link fileWitness}). */
  readonly witness?: Witness
  /** Signs checkpoints; needed to take them (see {@link ed25519Signer}). */
  readonly signer?: CheckpointSigner
  /**
   * Public keys that verify checkpoints, by key id, besides the signer's own: keys retired after
   * a rotation, or all of them on an auditor's engine that takes no checkpoints.
   */
  readonly publicKeys?: Readonly<Record<string, PemOrKey>>
  /**
   * Take a checkpoint this often (a duration like `'1h'`, or milliseconds) from a running worker
   * (`engine.startWorker()`). Without it, checkpoints are taken only by `engine.checkpoint()`.
   */
  readonly every?: string | number
}

/** `createEngine({ integrity })`: how history is sealed and checked. */
export interface IntegrityOptions {
  /** How entries are chained. @defaultValue `sha256Chain()` (unkeyed) */
  readonly chain?: HistoryChain
  /** Signed checkpoints of the chain heads, published to a witness. */
  readonly checkpoints?: CheckpointOptions
}

/** Options of `engine.verifyAll`. */
export interface VerifyAllOptions {
  /**
   * A checkpoint to hold the store to: one read from a witness, or `'latest'` for the last one
   * in the configured witness. Without it only each case's own record is checked.
   */
  readonly checkpoint?: Checkpoint | 'latest'
}

/** Why `verifyAll` reports a case. */
export type CaseProblemReason =
  | VerifyReason
  /** A case in the checkpoint is gone from the store. */
  | 'missing'
  /** The case's chain is shorter than it was at the checkpoint (entries deleted, counters reset). */
  | 'behind-checkpoint'
  /** The case's entry at the checkpoint's head is not the one the checkpoint signed. */
  | 'rewritten-since-checkpoint'

/** One case `verifyAll` found wanting. */
export interface CaseProblem {
  readonly instanceId: string
  readonly reason: CaseProblemReason
  /** The first sequence number concerned, when known. */
  readonly brokenAt?: number
  /** For `snapshot-mismatch`: which part differs. */
  readonly field?: string
}

/** The result of `engine.verifyAll`. */
export interface VerifyAllResult {
  /** True when no case has a problem. */
  readonly ok: boolean
  /** How many cases the store holds (all checked). */
  readonly cases: number
  readonly problems: readonly CaseProblem[]
  /** The checkpoint held against, if any: when it was taken and how many heads it lists. */
  readonly checkpoint: { readonly at: number; readonly heads: number } | null
}

/** The engine's integrity machinery. @internal */
export class Integrity {
  readonly chain: HistoryChain
  /** The chain handed to the planner: only a keyed chain changes how entries are written. */
  readonly sealing: HistoryChain | undefined
  readonly #witness: Witness | undefined
  readonly #signer: CheckpointSigner | undefined
  readonly #publicKeys: Map<string, KeyObject>
  readonly #every: number | undefined
  #lastAt: number | undefined
  #running: Promise<Checkpoint> | undefined

  constructor(
    options: IntegrityOptions | undefined,
    /** How to open sealed personal values for the row and replay checks (when the engine has `privacy`). */
    readonly opened?: OpenedView,
  ) {
    if (options !== undefined && (typeof options !== 'object' || options === null))
      throw new FengqiaoError('INVALID_OPTIONS', 'integrity must be an object like { chain, checkpoints }.')
    const chain = options?.chain ?? sha256Chain()
    if (typeof chain !== 'object' || chain === null || typeof chain.link !== 'function') {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        'integrity.chain must come from sha256Chain(), hmacSha256Chain() or hmacSm3Chain().',
      )
    }
    this.chain = chain
    this.sealing = chain.currentKeyId === null ? undefined : chain
    const cp = options?.checkpoints ?? {}
    if (typeof cp !== 'object' || cp === null)
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        'integrity.checkpoints must be an object like { witness, signer, every }.',
      )
    if (
      cp.witness !== undefined &&
      (typeof cp.witness?.publish !== 'function' || typeof cp.witness?.latest !== 'function')
    ) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        'integrity.checkpoints.witness must have publish() and latest() (see fileWitness()).',
      )
    }
    if (cp.signer !== undefined && (typeof cp.signer?.sign !== 'function' || typeof cp.signer?.keyId !== 'string')) {
      throw new FengqiaoError('INVALID_OPTIONS', 'integrity.checkpoints.signer must come from ed25519Signer().')
    }
    this.#witness = cp.witness
    this.#signer = cp.signer
    this.#publicKeys = publicKeyMap(cp.publicKeys, cp.signer)
    if (cp.every !== undefined) {
      const every = parseDuration(cp.every)
      if (!(every > 0))
        throw new FengqiaoError(
          'INVALID_OPTIONS',
          `integrity.checkpoints.every must be a positive duration; got ${String(cp.every)}.`,
          { every: String(cp.every) },
        )
      if (cp.witness === undefined || cp.signer === undefined)
        throw new FengqiaoError('INVALID_OPTIONS', 'integrity.checkpoints.every needs a witness and a signer.')
      this.#every = every
    }
  }

  verify(
    row: StoredInstance,
    entries: Parameters<typeof verifyCase>[2],
    machine: AnyStateMachine | undefined,
  ): VerifyResult {
    return verifyCase(this.chain, row, entries, machine, this.opened)
  }

  /** Takes, signs and publishes a checkpoint; one at a time per engine. */
  checkpoint(store: Store, now: () => number, nodeId: string): Promise<Checkpoint> {
    const witness = this.#witness
    const signer = this.#signer
    if (witness === undefined || signer === undefined) {
      return Promise.reject(
        new FengqiaoError(
          'INVALID_OPTIONS',
          'checkpoint() needs createEngine({ integrity: { checkpoints: { witness, signer } } }).',
        ),
      )
    }
    if (this.#running !== undefined) return this.#running
    const run = (async () => {
      const previous = await witness.latest()
      const heads = await readHeads(store)
      const cp = signCheckpoint(signer, now(), nodeId, heads, previous)
      await witness.publish(cp)
      this.#lastAt = cp.at
      return cp
    })()
    this.#running = run
    return run.finally(() => {
      this.#running = undefined
    })
  }

  /** Takes a checkpoint when one is due (`every`); called by workers. */
  async tick(store: Store, now: () => number, nodeId: string): Promise<void> {
    if (this.#every === undefined) return
    if (this.#lastAt === undefined) this.#lastAt = (await this.#witness?.latest())?.at ?? Number.NEGATIVE_INFINITY
    if (now() - this.#lastAt >= this.#every) await this.checkpoint(store, now, nodeId)
  }

  async verifyAll(
    store: Store,
    options: VerifyAllOptions | undefined,
    machineOf: (row: StoredInstance) => AnyStateMachine | undefined,
  ): Promise<VerifyAllResult> {
    if (options !== undefined && (typeof options !== 'object' || options === null))
      throw new FengqiaoError('INVALID_OPTIONS', "verifyAll() takes { checkpoint?: Checkpoint | 'latest' }.")
    let checkpoint: Checkpoint | undefined
    if (options?.checkpoint === 'latest') {
      if (this.#witness === undefined)
        throw new FengqiaoError(
          'INVALID_OPTIONS',
          "verifyAll({ checkpoint: 'latest' }) needs integrity.checkpoints.witness.",
        )
      const latest = await this.#witness.latest()
      if (latest === undefined)
        throw new FengqiaoError(
          'CHECKPOINT_INVALID',
          'The witness holds no checkpoint. Take one with engine.checkpoint(); if one was taken, the witness lost it.',
        )
      checkpoint = checkCheckpoint(latest, this.#publicKeys)
    } else if (options?.checkpoint !== undefined) {
      checkpoint = checkCheckpoint(options.checkpoint, this.#publicKeys)
    }
    const problems: CaseProblem[] = []
    const present = new Map<string, StoredInstance>()
    let cursor: string | undefined
    do {
      const page = await store.findInstances({}, { limit: 500, cursor })
      for (const row of page.items) {
        present.set(row.id, row)
        const r = this.verify(row, await store.history(row.id), machineOf(row))
        if (!r.ok)
          problems.push(
            r.field === undefined
              ? { instanceId: row.id, reason: r.reason, brokenAt: r.brokenAt }
              : { instanceId: row.id, reason: r.reason, brokenAt: r.brokenAt, field: r.field },
          )
      }
      cursor = page.nextCursor
    } while (cursor !== undefined)
    if (checkpoint !== undefined)
      for (const head of checkpoint.heads) await this.#against(store, head, present.get(head.instanceId), problems)
    return {
      ok: problems.length === 0,
      cases: present.size,
      problems,
      checkpoint: checkpoint === undefined ? null : { at: checkpoint.at, heads: checkpoint.heads.length },
    }
  }

  async #against(
    store: Store,
    head: ChainHead,
    row: StoredInstance | undefined,
    problems: CaseProblem[],
  ): Promise<void> {
    if (row === undefined) {
      problems.push({ instanceId: head.instanceId, reason: 'missing', brokenAt: 1 })
      return
    }
    if (row.historySeq < head.seq) {
      problems.push({ instanceId: head.instanceId, reason: 'behind-checkpoint', brokenAt: row.historySeq + 1 })
      return
    }
    const [entry] = await store.history(head.instanceId, { fromSeq: head.seq, toSeq: head.seq })
    if (entry === undefined)
      problems.push({ instanceId: head.instanceId, reason: 'behind-checkpoint', brokenAt: head.seq })
    else if (entry.hash !== head.hash)
      problems.push({ instanceId: head.instanceId, reason: 'rewritten-since-checkpoint', brokenAt: head.seq })
  }
}
