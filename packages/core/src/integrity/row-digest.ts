/**
 * The digest of an instance row's meaningful fields, recorded in each keyed history entry so
 * that `verify` can tell whether the stored row is still the one the last entry produced.
 *
 * @module
 */
import type { StoredInstance } from '../store/types.js'
import { canonicalJson, sha256 } from '../util/canonical.js'

/**
 * The fields a digest covers: what the case is (state, status, context, org unit, deadlines,
 * links). Timers and tasks are left out: they are derived from these and rewritten freely.
 */
export type DigestedFields = Pick<
  StoredInstance,
  | 'id'
  | 'processId'
  | 'processVersion'
  | 'status'
  | 'stateKey'
  | 'snapshot'
  | 'version'
  | 'orgUnit'
  | 'businessKey'
  | 'parentId'
  | 'deadlines'
  | 'dueAt'
  | 'breached'
  | 'completedAt'
  | 'outcome'
  | 'escalations'
>

/**
 * SHA-256 of the canonical JSON of a row's {@link DigestedFields}, hex. The entry that records it
 * is keyed, so the digest itself needs no key.
 *
 * @param row - the instance row as committed (or as read back)
 * @returns 64 hex characters
 */
export function rowDigest(row: DigestedFields): string {
  return sha256(
    canonicalJson({
      id: row.id,
      processId: row.processId,
      processVersion: row.processVersion,
      status: row.status,
      stateKey: row.stateKey,
      snapshot: row.snapshot,
      version: row.version,
      orgUnit: row.orgUnit,
      businessKey: row.businessKey,
      parentId: row.parentId,
      deadlines: row.deadlines,
      dueAt: row.dueAt,
      breached: row.breached,
      completedAt: row.completedAt,
      outcome: row.outcome,
      escalations: row.escalations,
    }),
  )
}
