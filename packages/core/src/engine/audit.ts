/**
 * Checking a case's record: its hash chain (`verify`) and its history re-folded through a
 * machine (`replay`).
 *
 * @module
 * @internal
 */
import type { AnyMachineSnapshot, StateValue } from 'xstate'
import type { AnyProcessDefinition } from '../process/define-process.js'
import type { HistoryEntry, StoredInstance } from '../store/types.js'
import { sha256 } from '../util/canonical.js'
import { entryBody } from './plan/index.js'
import { stateKeyOf, stepEvent, stepStart } from './step.js'
import type { ReplayResult, VerifyResult } from './types.js'

/** Checks the chain of a case's history entries against each other and the row's head. */
export function verifyChain(row: StoredInstance, entries: readonly HistoryEntry[]): VerifyResult {
  let prevHash = ''
  for (let i = 0; i < entries.length; i++) {
    const h = entries[i] as HistoryEntry
    const seq = i + 1
    if (h.seq !== seq) return { ok: false, entries: entries.length, brokenAt: seq, reason: 'sequence-gap' }
    if (h.prevHash !== prevHash) return { ok: false, entries: entries.length, brokenAt: seq, reason: 'chain-broken' }
    const { hash, ...body } = h
    if (sha256(prevHash + entryBody(body)) !== hash) return { ok: false, entries: entries.length, brokenAt: seq, reason: 'hash-mismatch' }
    prevHash = hash
  }
  if (entries.length !== row.historySeq || prevHash !== row.historyHash) {
    return { ok: false, entries: entries.length, brokenAt: Math.min(entries.length + 1, row.historySeq), reason: 'truncated' }
  }
  return { ok: true, entries: entries.length }
}

/** Re-folds a history through a version's machine; reports the first entry whose state differs. */
export function replayHistory(def: AnyProcessDefinition, entries: readonly HistoryEntry[]): ReplayResult {
  let snapshot: AnyMachineSnapshot | undefined
  let replayed = 0
  for (const h of entries) {
    if (h.kind === 'migrated') return { ok: true, version: def.version, replayed, state: h.from ?? '', stoppedAt: h.seq }
    if (h.kind === 'started') {
      const input = (h.event as { input?: unknown }).input
      snapshot = stepStart(def.machine, input ?? undefined).snapshot
    } else if (snapshot !== undefined) {
      const sent = (h.detail as { sent?: unknown } | null)?.sent
      const d = (h.detail ?? {}) as { escalatedFrom?: unknown; escalatedTo?: unknown }
      const escalation = d.escalatedTo === undefined ? {} : { from: d.escalatedFrom, to: d.escalatedTo }
      const deadline = (h.event as { deadline?: unknown }).deadline
      const event = h.kind === 'deadline' ? (typeof sent === 'string' ? { type: sent, deadline, ...escalation } : undefined) : (h.event as { type: string })
      if (event !== undefined) snapshot = stepEvent(def.machine, snapshot, event)?.snapshot ?? snapshot
    }
    const actual = snapshot === undefined ? '' : stateKeyOf(snapshot.value as StateValue)
    if (actual !== h.to) return { ok: false, version: def.version, replayed, divergedAt: h.seq, expected: h.to, actual }
    replayed++
  }
  return { ok: true, version: def.version, replayed, state: snapshot === undefined ? '' : stateKeyOf(snapshot.value as StateValue) }
}
