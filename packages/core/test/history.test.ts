import { describe, expect, it } from 'vitest'
import type { HistoryEntry } from '../src/index.js'
import { canonicalJson, sha256 } from '../src/util/canonical.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { clerk, complaint, handler, head, input } from './fixtures/complaint.js'

async function fiveSteps() {
  const t = createTestEngine({ processes: [complaint] })
  const { id } = await t.start('complaint', input, { actor: clerk })
  await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
  await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
  await t.send(id, { type: 'COMMENT', text: 'a' }, { actor: handler })
  await t.send(id, { type: 'REPLY', answer: 'b' }, { actor: handler })
  const list = t.store.tables.history.get(id) as HistoryEntry[]
  return { t, id, list }
}

describe('hash-chained history', () => {
  it('chains every entry to the previous one', async () => {
    const { t, id, list } = await fiveSteps()
    expect(list).toHaveLength(5)
    expect(list[0]?.prevHash).toBe('')
    for (let i = 1; i < list.length; i++) expect(list[i]?.prevHash).toBe(list[i - 1]?.hash)
    expect(new Set(list.map((h) => h.hash)).size).toBe(5)
    expect(await t.system.verify(id)).toEqual({ ok: true, entries: 5 })
  })

  it('finds an edited entry', async () => {
    const { t, id, list } = await fiveSteps()
    list[2] = { ...(list[2] as HistoryEntry), event: { type: 'ASSIGN', handler: 'mallory' } }
    expect(await t.system.verify(id)).toMatchObject({ ok: false, brokenAt: 3, reason: 'hash-mismatch' })
  })

  it('finds an edited actor or time', async () => {
    const { t, id, list } = await fiveSteps()
    list[1] = { ...(list[1] as HistoryEntry), at: (list[1] as HistoryEntry).at - 1000 }
    expect(await t.system.verify(id)).toMatchObject({ ok: false, brokenAt: 2 })
  })

  it('finds a deleted entry in the middle', async () => {
    const { t, id, list } = await fiveSteps()
    list.splice(2, 1)
    expect(await t.system.verify(id)).toMatchObject({ ok: false, brokenAt: 3, reason: 'sequence-gap' })
  })

  it('finds a deleted last entry', async () => {
    const { t, id, list } = await fiveSteps()
    list.pop()
    expect(await t.system.verify(id)).toMatchObject({ ok: false, reason: 'truncated' })
  })

  it('finds reordered entries, even with renumbered sequences', async () => {
    const { t, id, list } = await fiveSteps()
    const [a, b] = [list[1] as HistoryEntry, list[2] as HistoryEntry]
    list[1] = { ...b, seq: 2 }
    list[2] = { ...a, seq: 3 }
    const r = await t.system.verify(id)
    expect(r).toMatchObject({ ok: false, brokenAt: 2 })
  })

  it('finds an entry rewritten with a correctly recomputed hash, because the next link breaks', async () => {
    const { t, id, list } = await fiveSteps()
    const old = list[3] as HistoryEntry
    const { hash: _ignored, ...body } = { ...old, event: { type: 'COMMENT', text: 'forged' } }
    const forgedHash = sha256(body.prevHash + canonicalJson(body))
    list[3] = { ...body, hash: forgedHash }
    expect(await t.system.verify(id)).toMatchObject({ ok: false, brokenAt: 5, reason: 'chain-broken' })
  })

  it('also finds a wrong hash on the last entry', async () => {
    const { t, id, list } = await fiveSteps()
    list[4] = { ...(list[4] as HistoryEntry), hash: 'f'.repeat(64) }
    expect(await t.system.verify(id)).toMatchObject({ ok: false, brokenAt: 5, reason: 'hash-mismatch' })
  })
})
