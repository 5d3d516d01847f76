/**
 * Verification of one case: its chain, its stored row against the last entry, and its state
 * re-derived by replaying the history.
 *
 * @module
 * @internal
 */
import { replaceMarkers } from '../privacy/privacy.js'
import type { AnyStateMachine } from 'xstate'
import type { HistoryEntry, Json, StoredInstance } from '../store/types.js'
import { canonicalJson } from '../util/canonical.js'
import { checkLink, type HistoryChain } from './chain.js'
import { foldHistory } from './replay.js'
import { rowDigest } from './row-digest.js'

/** Why a case fails verification. */
export type VerifyReason =
  /** An entry's hash is not what its content (and key) give. */
  | 'hash-mismatch'
  /** An entry's `prevHash` is not the previous entry's hash. */
  | 'chain-broken'
  /** Sequence numbers skip or repeat. */
  | 'sequence-gap'
  /** The row's history counters name entries that are not there (or fewer than there are). */
  | 'truncated'
  /** An entry names a chain key this engine does not hold. */
  | 'unknown-key'
  /** An entry carries no key where the chain requires one (or follows a keyed entry). */
  | 'unkeyed-entry'
  /** The stored row (state, status, context, org unit, deadlines, …) is not what the history produced. */
  | 'snapshot-mismatch'
  /** Replaying the history through the machine does not reach the states it records. */
  | 'replay-diverged'

/** The result of `engine.verify`. */
export type VerifyResult =
  | { readonly ok: true; readonly entries: number }
  | {
      readonly ok: false
      readonly entries: number
      /** The first sequence number at which the record is broken. */
      readonly brokenAt: number
      readonly reason: VerifyReason
      /** For `snapshot-mismatch`: which part differs (`'row'`, `'state'`, `'status'`, `'snapshot'`, `'version'`). */
      readonly field?: string
    }

/** How `verify` opens a case's sealed personal values (see privacy/). @internal */
export interface OpenedView {
  row(row: StoredInstance): StoredInstance
  entries(entries: readonly HistoryEntry[]): readonly HistoryEntry[]
}

// An erased value replays to the tombstone of the entry that brought it, the row holds the
// tombstone erasure wrote: both say "erased", their digests (under keys of different times) may differ.
function withoutErasedDigests(v: Json): Json {
  return replaceMarkers(v, 'erased', () => ({ $fq: 'erased' }))
}

/**
 * Verifies one case. `machine` is the machine of the case's process version, when registered:
 * then the history is also replayed and the replayed snapshot compared with the stored one.
 *
 * @internal
 */
export function verifyCase(
  chain: HistoryChain,
  row: StoredInstance,
  entries: readonly HistoryEntry[],
  machine: AnyStateMachine | undefined,
  opened?: OpenedView,
): VerifyResult {
  const n = entries.length
  const broken = (brokenAt: number, reason: VerifyReason, field?: string): VerifyResult =>
    field === undefined
      ? { ok: false, entries: n, brokenAt, reason }
      : { ok: false, entries: n, brokenAt, reason, field }
  let prevHash = ''
  let sawKeyed = false
  for (let i = 0; i < n; i++) {
    const h = entries[i] as HistoryEntry
    const seq = i + 1
    if (h.seq !== seq || h.instanceId !== row.id) return broken(seq, 'sequence-gap')
    if (h.prevHash !== prevHash) return broken(seq, 'chain-broken')
    const bad = checkLink(chain, h, sawKeyed)
    if (bad !== undefined) return broken(seq, bad)
    if ((h.keyId ?? null) !== null) sawKeyed = true
    prevHash = h.hash
  }
  if (n !== row.historySeq || prevHash !== row.historyHash)
    return broken(Math.max(1, Math.min(n + 1, row.historySeq)), 'truncated')
  const last = entries[n - 1]
  if (last === undefined) return { ok: true, entries: 0 }
  // With personal data protected, the chain is checked as stored (over digests) and the row and
  // the replay as opened: the row digest and the machine see the values the engine saw.
  if (opened !== undefined) {
    row = opened.row(row)
    entries = opened.entries(entries)
  }
  // The row against the entry that produced it.
  if ((last.rowDigest ?? null) !== null && rowDigest(row) !== last.rowDigest)
    return broken(n, 'snapshot-mismatch', 'row')
  if (last.version !== row.version) return broken(n, 'snapshot-mismatch', 'version')
  if (last.to !== row.stateKey) return broken(n, 'snapshot-mismatch', 'state')
  // The row against a replay of the history. A migrated case is left to its row digest: its
  // history before the migration belongs to another version's machine.
  if (machine !== undefined && !entries.some((h) => h.kind === 'migrated')) {
    const fold = foldHistory(machine, entries)
    if (!fold.ok) return broken(fold.divergedAt, 'replay-diverged')
    if (fold.last !== undefined) {
      if (fold.last.status !== row.status) return broken(n, 'snapshot-mismatch', 'status')
      if (
        canonicalJson(withoutErasedDigests(fold.last.persisted)) !== canonicalJson(withoutErasedDigests(row.snapshot))
      )
        return broken(n, 'snapshot-mismatch', 'snapshot')
    }
  }
  return { ok: true, entries: n }
}
