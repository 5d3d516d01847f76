/** Rows and change sets for the adapter's own tests (the conformance suite has its own). */
import type { ChangeSet, StoredInstance } from '@fengqiao/core/store'

export const T0 = Date.UTC(2026, 0, 5, 1, 0, 0)

export function instance(id: string, over: Partial<StoredInstance> = {}): StoredInstance {
  return {
    id,
    processId: 'petition',
    processVersion: 1,
    status: 'active',
    stateKey: 'open',
    snapshot: { value: 'open', context: {} },
    timers: [],
    tasks: [],
    version: 1,
    orgUnit: 'district-a',
    businessKey: null,
    parentId: null,
    parentDoneEvent: null,
    createdAt: T0,
    updatedAt: T0,
    historySeq: 1,
    historyHash: 'h1',
    deadlines: [],
    dueAt: null,
    warnAt: null,
    breached: false,
    completedAt: null,
    outcome: null,
    escalations: 0,
    ...over,
  }
}

/** Starts `row` with its first history entry, plus `more`. */
export function start(row: StoredInstance, more: Omit<ChangeSet, 'instances' | 'history'> = {}): ChangeSet {
  return {
    instances: [{ row, expectedVersion: null }],
    history: [
      {
        instanceId: row.id,
        seq: 1,
        at: T0,
        kind: 'started',
        event: {},
        actor: { id: 'system' },
        from: null,
        to: 'open',
        version: 1,
        detail: null,
        prevHash: '',
        hash: 'h1',
      },
    ],
    ...more,
  }
}

/** Moves `row` from version `from` to `from + 1` with one history entry. */
export function update(
  row: StoredInstance,
  from: number,
  more: Omit<ChangeSet, 'instances' | 'history'> = {},
): ChangeSet {
  const next = { ...row, version: from + 1, historySeq: from + 1, historyHash: `h${from + 1}` }
  return {
    instances: [{ row: next, expectedVersion: from }],
    history: [
      {
        instanceId: row.id,
        seq: from + 1,
        at: T0 + from,
        kind: 'event',
        event: { type: 'NEXT' },
        actor: { id: 'u1' },
        from: 'open',
        to: 'open',
        version: from + 1,
        detail: null,
        prevHash: `h${from}`,
        hash: `h${from + 1}`,
      },
    ],
    ...more,
  }
}
