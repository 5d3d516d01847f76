/**
 * Re-folding a case's history through a machine (`replay`); `verify` lives in ../integrity.
 *
 * @module
 * @internal
 */
import { foldHistory } from '../integrity/replay.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import type { HistoryEntry } from '../store/types.js'
import type { ReplayResult } from './types.js'

/** Re-folds a history through a version's machine; reports the first entry whose state differs. */
export function replayHistory(def: AnyProcessDefinition, entries: readonly HistoryEntry[]): ReplayResult {
  const fold = foldHistory(def.machine, entries)
  if (!fold.ok)
    return {
      ok: false,
      version: def.version,
      replayed: fold.replayed,
      divergedAt: fold.divergedAt,
      expected: fold.expected,
      actual: fold.actual,
    }
  return fold.stoppedAt === undefined
    ? { ok: true, version: def.version, replayed: fold.replayed, state: fold.state }
    : { ok: true, version: def.version, replayed: fold.replayed, state: fold.state, stoppedAt: fold.stoppedAt }
}
