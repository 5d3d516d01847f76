/**
 * Tamper scenarios: what someone with write access to the database (and not to the engine's
 * keys) might do to the record, and the proof that a keyed chain with a signed checkpoint
 * notices each of them. A store's test file calls {@link describeTamperScenarios} with a factory
 * for fresh stores and raw access to their rows; the suite registers one vitest test per
 * {@link TamperScenarioName}.
 *
 * @module
 */
import { generateKeyPairSync } from 'node:crypto'
import { afterAll, describe, expect, test } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { manualClock } from '../clock.js'
import { createEngine } from '../engine/create-engine.js'
import type { Engine } from '../engine/types.js'
import { isFengqiaoError } from '../errors.js'
import { entryBody, hmacSha256Chain, type HistoryChain } from '../integrity/chain.js'
import { ed25519Signer, signCheckpoint } from '../integrity/checkpoint.js'
import type { CaseProblemReason } from '../integrity/engine-integrity.js'
import { memoryWitness, type MemoryWitness } from '../integrity/witness.js'
import { defineProcess, type EventsOf } from '../process/define-process.js'
import { update } from '../process/update.js'
import type { MemoryStore } from '../store/memory-store.js'
import type { HistoryEntry, Store, StoredInstance } from '../store/types.js'
import { sha256 } from '../util/canonical.js'

/** Raw writes to a store's rows, behind the engine's back: what a database administrator can do. */
export interface TamperAccess {
  /** Overwrites fields of an instance row. */
  updateInstance(id: string, patch: Partial<StoredInstance>): Promise<void>
  /** Overwrites fields of the history row `(instanceId, seq)`; `patch.seq` renumbers it. */
  updateHistory(instanceId: string, seq: number, patch: Partial<HistoryEntry>): Promise<void>
  /** Deletes history rows. */
  deleteHistory(instanceId: string, seqs: readonly number[]): Promise<void>
  /** Inserts a history row. */
  insertHistory(entry: HistoryEntry): Promise<void>
  /** Deletes an instance row and its history rows. */
  deleteInstance(id: string): Promise<void>
}

/** A fresh store and raw access to its rows. */
export interface TamperTarget {
  readonly store: Store
  readonly tamper: TamperAccess
}

/** The scenarios, one test each. */
export type TamperScenarioName =
  | 'recomputed chain'
  | 'chain recomputed without keys (downgrade)'
  | 'truncated last entries with the counters reset'
  | 'rolled back to an earlier copy of the case'
  | 'edited context snapshot'
  | 'moved org unit'
  | 'changed status'
  | 'changed state'
  | 'deleted case'
  | 'edited payload'
  | 'edited actor'
  | 'back-dated entry'
  | 'reordered entries'
  | 'deleted middle entry'
  | 'inserted entry'
  | 'changed key id'
  | 'edited deadline'
  | 'forged checkpoint'

/** Options of {@link describeTamperScenarios}. */
export interface TamperScenarioOptions {
  /** Makes a fresh, empty, ready-to-use store with raw access to it. Called once per scenario. */
  readonly create: () => Promise<TamperTarget>
  /** Cleans up after a scenario (the suite closes the store afterwards). */
  readonly destroy?: (target: TamperTarget) => Promise<void>
  /** Told, after the last scenario, how many were detected (for a report: "18/18 on PostgreSQL"). */
  readonly tally?: (detected: number, total: number) => void
}

// ---- the case tampered with ------------------------------------------------------------------

const events = {
  ACCEPT: { schema: z.object({}), roles: ['clerk'] },
  NOTE: { schema: z.object({ text: z.string() }), roles: ['clerk'] },
  DECIDE: { schema: z.object({ decision: z.string() }), roles: ['clerk'] },
} as const

type Ctx = { name: string; phone: string; notes: string[]; decision: string | null }

const machine = setup({
  types: { context: {} as Ctx, events: {} as EventsOf<typeof events>, input: {} as { name: string; phone: string } },
}).createMachine({
  id: 'tamper-case',
  initial: 'received',
  context: ({ input }) => ({ ...input, notes: [], decision: null }),
  states: {
    received: { on: { ACCEPT: 'handling' } },
    handling: {
      meta: { deadline: { days: 60 }, task: { role: 'clerk' } },
      on: {
        NOTE: {
          actions: update(({ draft, event }) => {
            draft.notes.push(event.text)
          }),
        },
        DECIDE: {
          target: 'closed',
          actions: update(({ draft, event }) => {
            draft.decision = event.decision
          }),
        },
      },
    },
    closed: { type: 'final' },
  },
})

/** The process of the scenarios: received → handling (a 60-day deadline, notes) → closed. */
const tamperProcess = defineProcess({
  id: 'tamper-case',
  version: 1,
  machine,
  events,
  input: z.object({ name: z.string(), phone: z.string() }),
})

const clerk = { id: 'clerk-1', roles: ['clerk'], orgUnit: 'village-a' }
const orgUnits = [{ id: 'county' }, { id: 'village-a', parent: 'county' }, { id: 'village-b', parent: 'county' }]
const KEYS = { '2025': 'an old chain key of at least 32 bytes', '2026': 'the current chain key, at least 32 bytes' }

interface Scene {
  readonly target: TamperTarget
  readonly engine: Engine
  readonly witness: MemoryWitness
  /** The case tampered with: six entries, the first two sealed with the retired key. */
  readonly id: string
  /** A case nobody touches: it must never be reported. */
  readonly bystander: string
  /** The case's row as it stood after its third entry. */
  readonly copyAt3: StoredInstance
}

async function scene(target: TamperTarget): Promise<Scene> {
  const clock = manualClock('2026-03-02T09:00:00+08:00')
  const witness = memoryWitness()
  const { privateKey } = generateKeyPairSync('ed25519')
  const signer = ed25519Signer({ privateKey, keyId: 'witness-1' })
  let n = 0
  const make = (chain: HistoryChain) =>
    createEngine({
      processes: [tamperProcess],
      store: target.store,
      clock,
      orgUnits,
      ids: () => `case-${++n}`,
      deliverAfterCommit: false,
      integrity: { chain, checkpoints: { witness, signer } },
    })
  // Two entries before a key rotation, the rest after it.
  const before = make(hmacSha256Chain({ keys: { '2025': KEYS['2025'] }, currentKeyId: '2025' }))
  const { id } = await before.start(
    'tamper-case',
    { name: '李四', phone: '13800000000' },
    { actor: clerk, orgUnit: 'village-a' },
  )
  clock.advance('1h')
  await before.send(id, { type: 'ACCEPT' }, { actor: clerk })
  await before.close()
  const engine = make(hmacSha256Chain({ keys: KEYS, currentKeyId: '2026' }))
  clock.advance('1h')
  await engine.send(id, { type: 'NOTE', text: 'visited the petitioner' }, { actor: clerk })
  const copyAt3 = (await target.store.getInstance(id)) as StoredInstance
  for (const text of ['called the neighbour', 'measured the noise', 'agreed quiet hours']) {
    clock.advance('1d')
    await engine.send(id, { type: 'NOTE', text }, { actor: clerk })
  }
  const { id: bystander } = await engine.start(
    'tamper-case',
    { name: '王五', phone: '13900000000' },
    { actor: clerk, orgUnit: 'village-a' },
  )
  await engine.checkpoint()
  return { target, engine, witness, id, bystander, copyAt3 }
}

// ---- what an attacker does -------------------------------------------------------------------

const rehash = (h: Omit<HistoryEntry, 'hash'>): HistoryEntry => ({ ...h, hash: sha256(h.prevHash + entryBody(h)) })

/** Rewrites entries from `from` (1-based) on with plain SHA-256, as anyone can, and moves the row's head. */
async function recompute(s: Scene, edit: (h: HistoryEntry) => Omit<HistoryEntry, 'hash'>, from: number): Promise<void> {
  const entries = await s.target.store.history(s.id)
  let prevHash = entries[from - 2]?.hash ?? ''
  for (const h of entries.slice(from - 1)) {
    const next = rehash({ ...edit(h), prevHash })
    await s.target.tamper.updateHistory(s.id, h.seq, next)
    prevHash = next.hash
  }
  await s.target.tamper.updateInstance(s.id, { historyHash: prevHash })
}

async function entryAt(s: Scene, seq: number): Promise<HistoryEntry> {
  return (await s.target.store.history(s.id, { fromSeq: seq, toSeq: seq }))[0] as HistoryEntry
}

async function row(s: Scene): Promise<StoredInstance> {
  return (await s.target.store.getInstance(s.id)) as StoredInstance
}

const scenarios: Record<
  TamperScenarioName,
  { readonly act: (s: Scene) => Promise<void>; readonly found: readonly (CaseProblemReason | 'CHECKPOINT_INVALID')[] }
> = {
  'recomputed chain': {
    act: (s) =>
      recompute(s, (h) => (h.seq === 4 ? { ...h, event: { type: 'NOTE', text: 'nothing was measured' } } : h), 4),
    found: ['hash-mismatch'],
  },
  'chain recomputed without keys (downgrade)': {
    act: (s) =>
      recompute(
        s,
        (h) => ({
          ...h,
          keyId: null,
          rowDigest: null,
          ...(h.seq === 4 ? { event: { type: 'NOTE', text: 'nothing was measured' } } : {}),
        }),
        1,
      ),
    found: ['unkeyed-entry'],
  },
  'truncated last entries with the counters reset': {
    async act(s) {
      const keep = await entryAt(s, 4)
      await s.target.tamper.deleteHistory(s.id, [5, 6])
      await s.target.tamper.updateInstance(s.id, { historySeq: 4, historyHash: keep.hash, version: keep.version })
    },
    found: ['snapshot-mismatch', 'behind-checkpoint'],
  },
  'rolled back to an earlier copy of the case': {
    async act(s) {
      await s.target.tamper.deleteHistory(s.id, [4, 5, 6])
      await s.target.tamper.updateInstance(s.id, s.copyAt3)
    },
    found: ['behind-checkpoint'],
  },
  'edited context snapshot': {
    async act(s) {
      const r = await row(s)
      const snap = r.snapshot as { context: Ctx }
      await s.target.tamper.updateInstance(s.id, {
        snapshot: { ...snap, context: { ...snap.context, phone: '13999999999' } },
      })
    },
    found: ['snapshot-mismatch'],
  },
  'moved org unit': {
    act: (s) => s.target.tamper.updateInstance(s.id, { orgUnit: 'village-b' }),
    found: ['snapshot-mismatch'],
  },
  'changed status': {
    act: (s) => s.target.tamper.updateInstance(s.id, { status: 'completed' }),
    found: ['snapshot-mismatch'],
  },
  'changed state': {
    async act(s) {
      const r = await row(s)
      await s.target.tamper.updateInstance(s.id, {
        stateKey: 'closed',
        snapshot: { ...(r.snapshot as object), value: 'closed' },
      })
    },
    found: ['snapshot-mismatch'],
  },
  'deleted case': { act: (s) => s.target.tamper.deleteInstance(s.id), found: ['missing'] },
  'edited payload': {
    act: (s) => s.target.tamper.updateHistory(s.id, 4, { event: { type: 'NOTE', text: 'nothing was measured' } }),
    found: ['hash-mismatch'],
  },
  'edited actor': {
    act: (s) =>
      s.target.tamper.updateHistory(s.id, 2, { actor: { id: 'clerk-9', roles: ['clerk'], orgUnit: 'village-a' } }),
    found: ['hash-mismatch'],
  },
  'back-dated entry': {
    async act(s) {
      await s.target.tamper.updateHistory(s.id, 5, { at: (await entryAt(s, 5)).at - 86_400_000 })
    },
    found: ['hash-mismatch'],
  },
  'reordered entries': {
    async act(s) {
      const [a, b] = [await entryAt(s, 4), await entryAt(s, 5)]
      await s.target.tamper.updateHistory(s.id, 4, { ...b, seq: 4 })
      await s.target.tamper.updateHistory(s.id, 5, { ...a, seq: 5 })
    },
    found: ['chain-broken', 'hash-mismatch'],
  },
  'deleted middle entry': { act: (s) => s.target.tamper.deleteHistory(s.id, [3]), found: ['sequence-gap'] },
  'inserted entry': {
    async act(s) {
      // Renumber 3…6 to 4…7 (from the end, so numbers never collide) and slip a forged entry in at 3.
      for (let seq = 6; seq >= 3; seq--) await s.target.tamper.updateHistory(s.id, seq, { seq: seq + 1 })
      const second = await entryAt(s, 2)
      const third = await entryAt(s, 4)
      await s.target.tamper.insertHistory(
        rehash({ ...third, seq: 3, prevHash: second.hash, event: { type: 'NOTE', text: 'the petitioner withdrew' } }),
      )
      await s.target.tamper.updateInstance(s.id, { historySeq: 7 })
    },
    found: ['hash-mismatch', 'chain-broken', 'sequence-gap'],
  },
  'changed key id': { act: (s) => s.target.tamper.updateHistory(s.id, 2, { keyId: '2026' }), found: ['hash-mismatch'] },
  'edited deadline': {
    async act(s) {
      const r = await row(s)
      const later = (r.dueAt as number) + 30 * 86_400_000
      await s.target.tamper.updateInstance(s.id, {
        dueAt: later,
        deadlines: r.deadlines.map((d) => ({ ...d, dueAt: later })),
      })
    },
    found: ['snapshot-mismatch'],
  },
  'forged checkpoint': {
    async act(s) {
      // Delete the case, then publish a checkpoint without it under the witness key's name.
      await s.target.tamper.deleteInstance(s.id)
      const { privateKey } = generateKeyPairSync('ed25519')
      const heads = s.witness.checkpoints.at(-1)?.heads.filter((h) => h.instanceId !== s.id) ?? []
      s.witness.checkpoints.push(
        signCheckpoint(
          ed25519Signer({ privateKey, keyId: 'witness-1' }),
          s.engine.clock.now(),
          'node-x',
          heads,
          s.witness.checkpoints.at(-1),
        ),
      )
    },
    found: ['CHECKPOINT_INVALID'],
  },
}

/** The names of the scenarios, in order. */
export const TAMPER_SCENARIOS = Object.keys(scenarios) as TamperScenarioName[]

/** What verification said after one scenario. */
async function findings(s: Scene): Promise<{ found: string[]; others: string[] }> {
  const found: string[] = []
  try {
    const own = await s.engine.system.verify(s.id)
    if (!own.ok) found.push(own.reason)
  } catch (e) {
    if (!isFengqiaoError(e, 'NOT_FOUND')) throw e
  }
  try {
    const all = await s.engine.verifyAll({ checkpoint: 'latest' })
    for (const p of all.problems) if (p.instanceId === s.id) found.push(p.reason)
    return {
      found,
      others: all.problems.filter((p) => p.instanceId !== s.id).map((p) => `${p.instanceId}: ${p.reason}`),
    }
  } catch (e) {
    if (!isFengqiaoError(e, 'CHECKPOINT_INVALID')) throw e
    return { found: [...found, 'CHECKPOINT_INVALID'], others: [] }
  }
}

/**
 * Registers the tamper scenarios for a store: each sets up two cases on a keyed chain (with a
 * key rotation in the middle of one) and a signed checkpoint, checks that everything verifies,
 * tampers with the rows through `target.tamper`, and expects `verify` / `verifyAll` to report
 * the case — and nothing else.
 *
 * @param label - the store's name in test titles
 * @param options - the store factory
 */
export function describeTamperScenarios(label: string, options: TamperScenarioOptions): void {
  describe(`${label}: tamper scenarios`, () => {
    const detected = new Set<TamperScenarioName>()
    afterAll(() => {
      options.tally?.(detected.size, TAMPER_SCENARIOS.length)
    })
    for (const name of TAMPER_SCENARIOS) {
      test(name, async () => {
        const target = await options.create()
        try {
          const s = await scene(target)
          // Untouched, the record verifies.
          expect(await s.engine.system.verify(s.id)).toEqual({ ok: true, entries: 6 })
          expect(await s.engine.verifyAll({ checkpoint: 'latest' })).toMatchObject({
            ok: true,
            cases: 2,
            checkpoint: { heads: 2 },
          })
          await scenarios[name].act(s)
          const { found, others } = await findings(s)
          expect(others).toEqual([])
          expect(
            found.filter((r) => (scenarios[name].found as readonly string[]).includes(r)),
            `reported: ${found.join(', ') || 'nothing'}`,
          ).not.toEqual([])
          detected.add(name)
          await s.engine.close()
        } finally {
          await options.destroy?.(target)
          await target.store.close()
        }
      })
    }
  })
}

/**
 * Raw access to a memory store's tables, for {@link describeTamperScenarios}.
 *
 * @param store - a memory store
 * @returns the tamper access
 */
export function memoryTamper(store: MemoryStore): TamperAccess {
  const { instances, history } = store.tables
  const list = (id: string): HistoryEntry[] => {
    let l = history.get(id)
    if (l === undefined) history.set(id, (l = []))
    return l
  }
  return {
    async updateInstance(id, patch) {
      const r = instances.get(id)
      if (r !== undefined) instances.set(id, { ...r, ...patch })
    },
    async updateHistory(instanceId, seq, patch) {
      const l = list(instanceId)
      const i = l.findIndex((h) => h.seq === seq)
      if (i >= 0) l[i] = { ...(l[i] as HistoryEntry), ...patch }
      l.sort((a, b) => a.seq - b.seq)
    },
    async deleteHistory(instanceId, seqs) {
      history.set(
        instanceId,
        list(instanceId).filter((h) => !seqs.includes(h.seq)),
      )
    },
    async insertHistory(entry) {
      const l = list(entry.instanceId)
      l.push(entry)
      l.sort((a, b) => a.seq - b.seq)
    },
    async deleteInstance(id) {
      instances.delete(id)
      history.delete(id)
    },
  }
}
