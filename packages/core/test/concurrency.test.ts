import { describe, expect, it } from 'vitest'
import { isFengqiaoError } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { clerk, complaint, handler, head, input } from './fixtures/complaint.js'

// An administrator's upkeep: pruning is an administrative operation.
const upkeep = { actor: { id: 'ops', roles: ['admin'] }, reason: 'monthly upkeep' }

async function handling() {
  const t = createTestEngine({ processes: [complaint], adminRoles: ['admin'] })
  const { id } = await t.start('complaint', input, { actor: clerk })
  await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
  await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
  return { t, id }
}

describe('concurrency', () => {
  it('50 concurrent sends to one instance all apply, and the history stays contiguous', async () => {
    const { t, id } = await handling()
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => t.send(id, { type: 'COMMENT', text: `c${i}` }, { actor: handler })),
    )
    expect(new Set(results.map((r) => r.version)).size).toBe(50)
    const view = await t.system.get(id)
    expect(view.version).toBe(53)
    expect([...(view.context as { comments: string[] }).comments].sort()).toEqual(
      Array.from({ length: 50 }, (_, i) => `c${i}`).sort(),
    )
    const h = await t.system.history(id)
    expect(h.map((e) => e.seq)).toEqual(Array.from({ length: 53 }, (_, i) => i + 1))
    expect(await t.system.verify(id)).toEqual({ ok: true, entries: 53 })
  })

  it('with expectedVersion, exactly one of two racing sends wins; the other gets VERSION_CONFLICT', async () => {
    const { t, id } = await handling()
    const r = await Promise.allSettled([
      t.send(id, { type: 'COMMENT', text: 'a' }, { actor: handler, expectedVersion: 3 }),
      t.send(id, { type: 'COMMENT', text: 'b' }, { actor: handler, expectedVersion: 3 }),
    ])
    expect(r.filter((x) => x.status === 'fulfilled')).toHaveLength(1)
    const failed = r.find((x) => x.status === 'rejected')
    expect(isFengqiaoError(failed?.reason, 'VERSION_CONFLICT')).toBe(true)
    expect((await t.system.get(id)).version).toBe(4)
  })
})

describe('idempotency', () => {
  it('the same key twice gives one effect and the first result', async () => {
    const { t, id } = await handling()
    const first = await t.send(id, { type: 'COMMENT', text: 'once' }, { actor: handler, idempotencyKey: 'k1' })
    await t.send(id, { type: 'COMMENT', text: 'other' }, { actor: handler })
    const again = await t.send(id, { type: 'COMMENT', text: 'once' }, { actor: handler, idempotencyKey: 'k1' })
    expect(again).toEqual(first)
    expect((await t.system.get(id)).context).toMatchObject({ comments: ['once', 'other'] })
  })

  it('pruned keys are forgotten: a repeat runs again; younger keys still hold', async () => {
    const { t, id } = await handling()
    await t.send(id, { type: 'COMMENT', text: 'old' }, { actor: handler, idempotencyKey: 'k-old' })
    await t.advance('2h')
    await t.send(id, { type: 'COMMENT', text: 'new' }, { actor: handler, idempotencyKey: 'k-new' })
    expect(await t.pruneIdempotencyKeys({ olderThan: '1h', ...upkeep })).toBe(1)
    await t.send(id, { type: 'COMMENT', text: 'old' }, { actor: handler, idempotencyKey: 'k-old' })
    await t.send(id, { type: 'COMMENT', text: 'new' }, { actor: handler, idempotencyKey: 'k-new' })
    expect((await t.system.get(id)).context).toMatchObject({ comments: ['old', 'new', 'old'] })
    expect(await t.pruneIdempotencyKeys({ olderThan: '1h', batchSize: 1, ...upkeep })).toBe(0)
    for (const bad of [
      { olderThan: 0 },
      { olderThan: -5 },
      { olderThan: 'soon' },
      {},
      { olderThan: '1h', batchSize: 0 },
      { olderThan: '1h', batchSize: 1001 },
      { olderThan: '1h', reason: '' },
    ]) {
      await expect(t.pruneIdempotencyKeys({ ...upkeep, ...bad } as never)).rejects.toMatchObject({
        code: 'INVALID_OPTIONS',
      })
    }
  })

  it('concurrent sends with one key apply once', async () => {
    const { t, id } = await handling()
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        t.send(id, { type: 'COMMENT', text: 'x' }, { actor: handler, idempotencyKey: 'same' }),
      ),
    )
    expect(new Set(results.map((r) => r.version))).toEqual(new Set([4]))
    expect((await t.system.get(id)).context).toMatchObject({ comments: ['x'] })
  })

  it('start with a key twice (even concurrently) creates one instance', async () => {
    const t = createTestEngine({ processes: [complaint] })
    const results = await Promise.all(
      Array.from({ length: 5 }, () => t.start('complaint', input, { actor: clerk, idempotencyKey: 'intake-77' })),
    )
    expect(new Set(results.map((r) => r.id)).size).toBe(1)
    expect((await t.system.instances()).items).toHaveLength(1)
    const later = await t.start('complaint', input, { actor: clerk, idempotencyKey: 'intake-77' })
    expect(later.id).toBe(results[0]?.id)
  })

  it('reusing a key for a different command is refused and writes nothing', async () => {
    const { t, id } = await handling()
    await t.send(id, { type: 'COMMENT', text: 'one' }, { actor: handler, idempotencyKey: 'k' })
    const before = (await t.system.get(id)).version
    await expect(
      t.send(id, { type: 'COMMENT', text: 'two' }, { actor: handler, idempotencyKey: 'k' }),
    ).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' })
    expect((await t.system.get(id)).version).toBe(before)
  })

  it('keys are scoped per instance', async () => {
    const t = createTestEngine({ processes: [complaint] })
    const a = await t.start('complaint', input, { actor: clerk })
    const b = await t.start('complaint', input, { actor: clerk })
    await t.send(a.id, { type: 'ACCEPT' }, { actor: clerk, idempotencyKey: 'accept' })
    const rb = await t.send(b.id, { type: 'ACCEPT' }, { actor: clerk, idempotencyKey: 'accept' })
    expect(rb).toMatchObject({ id: b.id, state: 'accepted' })
  })
})
