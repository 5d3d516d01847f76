// Keyed chains, key rotation, SM3, the row check, checkpoints and witnesses (docs/security.md).
import { createHash, createHmac, generateKeyPairSync, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  createEngine,
  ed25519Signer,
  fileWitness,
  hmacSha256Chain,
  hmacSm3Chain,
  isFengqiaoError,
  manualClock,
  memoryStore,
  memoryWitness,
  rowDigest,
  sha256Chain,
  type HistoryChain,
  type HistoryEntry,
  type IntegrityOptions,
  type MemoryStore,
} from '../src/index.js'
import { entryBody } from '../src/integrity/chain.js'
import { sha256 } from '../src/util/canonical.js'
import { clerk, complaint, handler, head, input } from './fixtures/complaint.js'

const K1 = 'chain key one, thirty-two bytes or more'
const K2 = 'chain key two, thirty-two bytes or more'

function engineOn(store: MemoryStore, integrity?: IntegrityOptions, clock = manualClock('2026-01-05T09:00:00+08:00')) {
  let n = 0
  return createEngine({
    processes: [complaint],
    store,
    clock,
    ids: () => `i${++n}`,
    deliverAfterCommit: false,
    ...(integrity === undefined ? {} : { integrity }),
  })
}

async function threeSteps(engine: ReturnType<typeof engineOn>) {
  const { id } = await engine.start('complaint', input, { actor: clerk })
  await engine.send(id, { type: 'ACCEPT' }, { actor: clerk })
  await engine.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
  return id
}

const rejection = async (p: Promise<unknown>) => {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected a rejection')
}

describe('the unkeyed chain (the default)', () => {
  it('writes entries exactly as before keys existed: no key id, no row digest, sha256(prevHash ‖ body)', async () => {
    const store = memoryStore()
    const id = await threeSteps(engineOn(store))
    const entries = store.tables.history.get(id) as HistoryEntry[]
    for (const h of entries) {
      expect(Object.keys(h)).not.toContain('keyId')
      expect(Object.keys(h)).not.toContain('rowDigest')
      const { hash, ...body } = h
      expect(hash).toBe(sha256(h.prevHash + entryBody(body)))
    }
  })

  it('still finds an edited context, by replaying the history', async () => {
    const store = memoryStore()
    const engine = engineOn(store)
    const id = await threeSteps(engine)
    const row = store.tables.instances.get(id)!
    const snap = row.snapshot as { context: Record<string, unknown> }
    store.tables.instances.set(id, {
      ...row,
      snapshot: { ...snap, context: { ...snap.context, handler: 'mallory' } } as never,
    })
    expect(await engine.system.verify(id)).toEqual({
      ok: false,
      entries: 3,
      brokenAt: 3,
      reason: 'snapshot-mismatch',
      field: 'snapshot',
    })
  })

  it('finds a status that the history does not give', async () => {
    const store = memoryStore()
    const engine = engineOn(store)
    const id = await threeSteps(engine)
    store.tables.instances.set(id, { ...store.tables.instances.get(id)!, status: 'completed' })
    expect(await engine.system.verify(id)).toMatchObject({ ok: false, reason: 'snapshot-mismatch', field: 'status' })
  })

  it('refuses entries sealed with a key it does not hold', async () => {
    const store = memoryStore()
    const id = await threeSteps(engineOn(store, { chain: hmacSha256Chain({ keys: { k1: K1 }, currentKeyId: 'k1' }) }))
    expect(await engineOn(store).system.verify(id)).toMatchObject({ ok: false, brokenAt: 1, reason: 'unknown-key' })
  })
})

describe('keyed chains', () => {
  it('seal each entry with HMAC-SHA-256 under the current key, over the key id, the body and the row digest', async () => {
    const store = memoryStore()
    const engine = engineOn(store, { chain: hmacSha256Chain({ keys: { k1: K1 }, currentKeyId: 'k1' }) })
    const id = await threeSteps(engine)
    const entries = store.tables.history.get(id) as HistoryEntry[]
    for (const h of entries) {
      const { hash, ...body } = h
      expect(h.keyId).toBe('k1')
      expect(hash).toBe(
        createHmac('sha256', K1)
          .update(`k1\n${h.prevHash}\n${entryBody(body)}`)
          .digest('hex'),
      )
    }
    // The last entry records the digest of the stored row.
    expect(entries.at(-1)?.rowDigest).toBe(rowDigest(store.tables.instances.get(id)!))
    expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 3 })
  })

  it('rotate: old entries verify with the retired key, new ones with the new; dropping the old key shows which entries need it', async () => {
    const store = memoryStore()
    const clock = manualClock('2026-01-05T09:00:00+08:00')
    const id = await threeSteps(
      engineOn(store, { chain: hmacSha256Chain({ keys: { k1: K1 }, currentKeyId: 'k1' }) }, clock),
    )
    const rotated = engineOn(store, { chain: hmacSha256Chain({ keys: { k1: K1, k2: K2 }, currentKeyId: 'k2' }) }, clock)
    await rotated.send(id, { type: 'COMMENT', text: 'after the rotation' }, { actor: handler })
    await rotated.send(id, { type: 'REPLY', answer: 'done' }, { actor: handler })
    expect((await rotated.system.history(id)).map((h) => h.keyId)).toEqual(['k1', 'k1', 'k1', 'k2', 'k2'])
    expect(await rotated.system.verify(id)).toEqual({ ok: true, entries: 5 })
    // Without the retired key the old entries cannot be checked; an engine with only it cannot check the new ones.
    expect(
      await engineOn(store, { chain: hmacSha256Chain({ keys: { k2: K2 }, currentKeyId: 'k2' }) }).system.verify(id),
    ).toMatchObject({ ok: false, brokenAt: 1, reason: 'unknown-key' })
    expect(
      await engineOn(store, { chain: hmacSha256Chain({ keys: { k1: K1 }, currentKeyId: 'k1' }) }).system.verify(id),
    ).toMatchObject({ ok: false, brokenAt: 4, reason: 'unknown-key' })
  })

  it('refuse unkeyed entries, unless history from before the key is accepted — and never after a keyed one', async () => {
    const store = memoryStore()
    const clock = manualClock('2026-01-05T09:00:00+08:00')
    const id = await threeSteps(engineOn(store, undefined, clock))
    expect(
      await engineOn(store, { chain: hmacSha256Chain({ keys: { k1: K1 }, currentKeyId: 'k1' }) }).system.verify(id),
    ).toMatchObject({ ok: false, brokenAt: 1, reason: 'unkeyed-entry' })
    const switched = engineOn(
      store,
      { chain: hmacSha256Chain({ keys: { k1: K1 }, currentKeyId: 'k1', acceptUnkeyed: true }) },
      clock,
    )
    await switched.send(id, { type: 'COMMENT', text: 'first keyed entry' }, { actor: handler })
    expect(await switched.system.verify(id)).toEqual({ ok: true, entries: 4 })
    // An unkeyed entry after a keyed one is a downgrade.
    await engineOn(store, undefined, clock).send(id, { type: 'COMMENT', text: 'unkeyed again' }, { actor: handler })
    expect(await switched.system.verify(id)).toMatchObject({ ok: false, brokenAt: 5, reason: 'unkeyed-entry' })
  })

  it('HMAC-SM3 uses the SM3 of GB/T 32905 (its "abc" test vector) in the HMAC construction', async () => {
    expect(createHash('sm3').update('abc').digest('hex')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    )
    const store = memoryStore()
    const engine = engineOn(store, { chain: hmacSm3Chain({ keys: { gm: K1 }, currentKeyId: 'gm' }) })
    const id = await threeSteps(engine)
    const first = (store.tables.history.get(id) as HistoryEntry[])[0] as HistoryEntry
    const { hash, ...body } = first
    // HMAC by its definition (RFC 2104, 64-byte blocks), built from the bare hash.
    const key = Buffer.concat([Buffer.from(K1), Buffer.alloc(64 - Buffer.byteLength(K1))])
    const pad = (b: number) => Buffer.from(key.map((x) => x ^ b))
    const inner = createHash('sm3')
      .update(pad(0x36))
      .update(`gm\n\n${entryBody(body)}`)
      .digest()
    expect(hash).toBe(createHash('sm3').update(pad(0x5c)).update(inner).digest('hex'))
    expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 3 })
    expect(
      await engineOn(store, { chain: hmacSha256Chain({ keys: { gm: K1 }, currentKeyId: 'gm' }) }).system.verify(id),
    ).toMatchObject({ ok: false, reason: 'hash-mismatch' })
  })

  it('refuse bad keys and options with INVALID_OPTIONS', () => {
    const bad: Array<() => HistoryChain> = [
      () => hmacSha256Chain({ keys: { k1: 'short' }, currentKeyId: 'k1' }),
      () => hmacSha256Chain({ keys: { k1: K1 }, currentKeyId: 'k2' }),
      () => hmacSha256Chain({ keys: { 'bad id!': K1 }, currentKeyId: 'bad id!' }),
      () => hmacSha256Chain({ keys: { k1: 42 as never }, currentKeyId: 'k1' }),
      () => hmacSha256Chain(null as never),
      () => hmacSm3Chain({ keys: {}, currentKeyId: 'k1' }),
    ]
    for (const make of bad) expect(() => make()).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
    expect(hmacSha256Chain({ keys: { k1: randomBytes(32) }, currentKeyId: 'k1' }).currentKeyId).toBe('k1')
    for (const integrity of [
      42,
      { chain: {} },
      { checkpoints: { every: '1h' } },
      { checkpoints: { witness: {} } },
      { checkpoints: { publicKeys: { x: 'not a key' } } },
    ]) {
      expect(() => engineOn(memoryStore(), integrity as never)).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTIONS' }),
      )
    }
  })
})

describe('checkpoints', () => {
  const keys = () => generateKeyPairSync('ed25519')
  const dir = mkdtempSync(join(tmpdir(), 'fengqiao-witness-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('sign the chain heads, link to the previous checkpoint, and go to a file witness one JSON line each', async () => {
    const path = join(dir, 'witness.jsonl')
    const { privateKey, publicKey } = keys()
    const store = memoryStore()
    const engine = engineOn(store, {
      chain: sha256Chain(),
      checkpoints: { witness: fileWitness(path), signer: ed25519Signer({ privateKey, keyId: 'w1' }) },
    })
    const id = await threeSteps(engine)
    const first = await engine.checkpoint()
    expect(first).toMatchObject({
      format: 'fengqiao.checkpoint/1',
      previous: null,
      keyId: 'w1',
      heads: [{ instanceId: id, seq: 3, hash: store.tables.instances.get(id)!.historyHash }],
    })
    await engine.send(id, { type: 'COMMENT', text: 'x' }, { actor: handler })
    const second = await engine.checkpoint()
    expect(second.previous).toBe(sha256(first.signature))
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as unknown)
    expect(lines).toEqual([first, second])
    // An auditor's engine holds only the public key.
    const auditor = engineOn(store, {
      checkpoints: {
        witness: fileWitness(path),
        publicKeys: { w1: publicKey.export({ type: 'spki', format: 'pem' }) as string },
      },
    })
    expect(await auditor.verifyAll({ checkpoint: 'latest' })).toEqual({
      ok: true,
      cases: 1,
      problems: [],
      checkpoint: { at: second.at, heads: 1 },
    })
    expect(await auditor.verifyAll({ checkpoint: first })).toMatchObject({ ok: true })
    expect(isFengqiaoError(await rejection(auditor.checkpoint()), 'INVALID_OPTIONS')).toBe(true)
  })

  it('find the cases deleted or cut back since the checkpoint, even on the unkeyed chain', async () => {
    const witness = memoryWitness()
    const { privateKey } = keys()
    const store = memoryStore()
    const engine = engineOn(store, { checkpoints: { witness, signer: ed25519Signer({ privateKey, keyId: 'w1' }) } })
    const a = await threeSteps(engine)
    const b = await threeSteps(engine)
    const c = await threeSteps(engine)
    await engine.checkpoint()
    store.tables.instances.delete(a)
    store.tables.history.delete(a)
    // b cut back to two entries, counters reset; c's chain recomputed from its second entry.
    const bEntries = store.tables.history.get(b) as HistoryEntry[]
    bEntries.pop()
    store.tables.instances.set(b, {
      ...store.tables.instances.get(b)!,
      historySeq: 2,
      historyHash: bEntries[1]!.hash,
      version: 2,
      stateKey: 'accepted',
    })
    const cEntries = store.tables.history.get(c) as HistoryEntry[]
    let prev = cEntries[0]!.hash
    for (let i = 1; i < cEntries.length; i++) {
      const { hash: _old, ...body } = { ...cEntries[i]!, prevHash: prev, at: cEntries[i]!.at + 1 }
      cEntries[i] = { ...body, hash: sha256(prev + entryBody(body)) }
      prev = cEntries[i]!.hash
    }
    store.tables.instances.set(c, { ...store.tables.instances.get(c)!, historyHash: prev })
    // Each case's own record looks fine to the unkeyed chain…
    expect(await engine.verifyAll()).toMatchObject({
      ok: false,
      problems: [{ instanceId: b, reason: 'snapshot-mismatch' }],
    })
    // …the checkpoint shows all three.
    const r = await engine.verifyAll({ checkpoint: 'latest' })
    expect(r.problems).toEqual([
      { instanceId: b, reason: 'snapshot-mismatch', brokenAt: 2, field: 'snapshot' },
      { instanceId: a, reason: 'missing', brokenAt: 1 },
      { instanceId: b, reason: 'behind-checkpoint', brokenAt: 3 },
      { instanceId: c, reason: 'rewritten-since-checkpoint', brokenAt: 3 },
    ])
  })

  it('refuse a checkpoint that was altered, forged, signed with an unknown key or is missing', async () => {
    const witness = memoryWitness()
    const { privateKey } = keys()
    const engine = engineOn(memoryStore(), {
      checkpoints: { witness, signer: ed25519Signer({ privateKey, keyId: 'w1' }) },
    })
    await expect(engine.verifyAll({ checkpoint: 'latest' })).rejects.toMatchObject({ code: 'CHECKPOINT_INVALID' })
    await threeSteps(engine)
    const cp = await engine.checkpoint()
    const forger = ed25519Signer({ privateKey: keys().privateKey, keyId: 'w1' })
    const { signature: _s, ...body } = cp
    const cases: unknown[] = [
      { ...cp, heads: [] },
      { ...cp, at: cp.at + 1 },
      { ...body, signature: forger.sign(JSON.stringify(body)) },
      { ...cp, keyId: 'w2' },
      { ...cp, format: 'other' },
      { ...cp, signature: 'not base64 at all' },
      null,
    ]
    for (const bad of cases)
      expect(
        isFengqiaoError(await rejection(engine.verifyAll({ checkpoint: bad as never })), 'CHECKPOINT_INVALID'),
      ).toBe(true)
    expect(
      isFengqiaoError(await rejection(engineOn(memoryStore()).verifyAll({ checkpoint: 'latest' })), 'INVALID_OPTIONS'),
    ).toBe(true)
    expect(isFengqiaoError(await rejection(engineOn(memoryStore()).checkpoint()), 'INVALID_OPTIONS')).toBe(true)
  })

  it('a damaged witness file is CHECKPOINT_INVALID; a missing one holds none', async () => {
    const path = join(dir, 'damaged.jsonl')
    expect(await fileWitness(path).latest()).toBeUndefined()
    writeFileSync(path, '{"format":"fengqiao.checkpoint/1", cut off')
    expect(isFengqiaoError(await rejection(fileWitness(path).latest()), 'CHECKPOINT_INVALID')).toBe(true)
    expect(() => fileWitness('')).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS' }))
    expect(() => ed25519Signer({ privateKey: generateKeyPairSync('x25519').privateKey, keyId: 'k' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
    expect(() => ed25519Signer({ privateKey: 'not pem', keyId: 'k' })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
  })

  it('are taken by a running worker every period of the engine clock', async () => {
    const witness = memoryWitness()
    const clock = manualClock('2026-01-05T09:00:00+08:00')
    const engine = engineOn(
      memoryStore(),
      { checkpoints: { witness, signer: ed25519Signer({ privateKey: keys().privateKey, keyId: 'w1' }), every: '1h' } },
      clock,
    )
    await threeSteps(engine)
    const ticks = async (n: number) => {
      const worker = engine.startWorker({ pollMs: 5 })
      await new Promise((resolve) => setTimeout(resolve, 20 * n))
      await worker.stop()
    }
    await ticks(3)
    expect(witness.checkpoints).toHaveLength(1)
    clock.advance('59m')
    await ticks(3)
    expect(witness.checkpoints).toHaveLength(1)
    clock.advance('1m')
    await ticks(3)
    expect(witness.checkpoints.map((c) => c.at)).toEqual([
      Date.parse('2026-01-05T09:00:00+08:00'),
      Date.parse('2026-01-05T10:00:00+08:00'),
    ])
    await engine.close()
  })
})
