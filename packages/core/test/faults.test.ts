// Faults at the engine's edge: bad input of every class is a typed error that writes nothing
// (never an outage to retry), and a commit whose reply is lost is settled from the history —
// applied exactly once, or OUTCOME_UNKNOWN when the store stays silent.
import { describe, expect, it } from 'vitest'
import { createEngine, FengqiaoError, isFengqiaoError, memoryStore, type Store } from '../src/index.js'
import { badInputCases } from './fixtures/bad-input.js'
import { clerk, complaint, handler, head, input, orgUnits } from './fixtures/complaint.js'

const cases = badInputCases({ processId: 'complaint', input, actor: clerk, orgUnit: 'village-a' })

describe('bad input on the memory store', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const store = memoryStore()
    const engine = createEngine({ processes: [complaint], store, orgUnits, deliverAfterCommit: false })
    const { id } = await engine.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    const error = await c.run(engine, id).then(
      () => 'no error',
      (e: unknown) => e,
    )
    expect(isFengqiaoError(error), String(error)).toBe(true)
    expect((error as FengqiaoError).code).toBe(c.code)
    if (c.names !== undefined) expect((error as FengqiaoError).message).toContain(c.names)
    expect((await store.findInstances({}, { limit: 10 })).items.map((i) => i.id)).toEqual([id])
    expect(await store.history(id)).toHaveLength(1)
  })

  it('limits are options: a lower stringLength refuses what the default accepts', async () => {
    const engine = createEngine({ processes: [complaint], limits: { stringLength: 4 }, deliverAfterCommit: false })
    const e = await engine.start('complaint', input, { actor: clerk }).catch((x: unknown) => x)
    expect(isFengqiaoError(e, 'INVALID_INPUT')).toBe(true)
    expect((e as FengqiaoError).message).toContain('limits.stringLength')
    expect(() => createEngine({ processes: [complaint], limits: { depth: 0 } })).toThrow(/limits.depth/)
    expect(() => createEngine({ processes: [complaint], commitResolution: { withinMs: -1 } })).toThrow(
      /commitResolution.withinMs/,
    )
  })
})

/** A store whose commits can lose their reply after writing, or fail before writing, or go silent. */
function faultyStore(inner: Store = memoryStore()) {
  let mode: 'ok' | 'lose-after-write' | 'drop-before-write' | 'down' = 'ok'
  let commits = 0
  const lost = () => new FengqiaoError('STORE_UNAVAILABLE', 'connection lost', { reason: 'connection-lost' })
  const store: Store = {
    ...inner,
    commit: async (change) => {
      commits++
      if (mode === 'down') throw lost()
      if (mode === 'drop-before-write') {
        mode = 'ok'
        throw lost()
      }
      await inner.commit(change)
      if (mode === 'lose-after-write') {
        mode = 'ok'
        throw lost()
      }
    },
    history: async (id, range) => {
      if (mode === 'down') throw new FengqiaoError('STORE_UNAVAILABLE', 'refused', { reason: 'refused' })
      return inner.history(id, range)
    },
  }
  return {
    store,
    set: (m: typeof mode) => (mode = m),
    get commits() {
      return commits
    },
  }
}

describe('a commit whose reply is lost', () => {
  const setup = async (withinMs = 2_000) => {
    const f = faultyStore()
    const engine = createEngine({
      processes: [complaint],
      store: f.store,
      deliverAfterCommit: false,
      commitResolution: { withinMs },
    })
    const { id } = await engine.start('complaint', input, { actor: clerk })
    await engine.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await engine.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    return { f, engine, id }
  }

  it('written: the engine finds its entry and answers success without writing again', async () => {
    const { f, engine, id } = await setup()
    f.set('lose-after-write')
    const before = f.commits
    const r = await engine.send(id, { type: 'COMMENT', text: 'once' }, { actor: handler })
    expect(r.version).toBe(4)
    expect(f.commits).toBe(before + 1)
    expect((await engine.system.get(id)).context).toMatchObject({ comments: ['once'] })
    expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 4 })
  })

  it('not written: the engine sends the same commit once more, and it is applied once', async () => {
    const { f, engine, id } = await setup()
    f.set('drop-before-write')
    const before = f.commits
    const r = await engine.send(id, { type: 'COMMENT', text: 'once' }, { actor: handler })
    expect(r.version).toBe(4)
    expect(f.commits).toBe(before + 2)
    expect((await engine.system.get(id)).context).toMatchObject({ comments: ['once'] })
  })

  it('also for start: a lost reply of the first commit does not start the case twice', async () => {
    const f = faultyStore()
    const engine = createEngine({ processes: [complaint], store: f.store, deliverAfterCommit: false })
    f.set('lose-after-write')
    const { id } = await engine.start('complaint', input, { actor: clerk })
    expect((await f.store.findInstances({}, { limit: 10 })).items.map((i) => i.id)).toEqual([id])
  })

  it('a store that stays silent past the window: OUTCOME_UNKNOWN, with what to look up', async () => {
    const { f, engine, id } = await setup(300)
    f.set('down')
    const e = await engine.send(id, { type: 'COMMENT', text: 'maybe' }, { actor: handler }).catch((x: unknown) => x)
    expect(isFengqiaoError(e, 'OUTCOME_UNKNOWN')).toBe(true)
    expect((e as FengqiaoError).details).toMatchObject({ instanceId: id, seq: 4, withinMs: 300 })
    f.set('ok')
    expect((await engine.system.get(id)).version).toBe(3)
  })

  it('a refused connection sent nothing: STORE_UNAVAILABLE at once, safe to retry', async () => {
    const inner = memoryStore()
    const store: Store = {
      ...inner,
      commit: async () => {
        throw new FengqiaoError('STORE_UNAVAILABLE', 'refused', { reason: 'refused' })
      },
    }
    const engine = createEngine({ processes: [complaint], store, deliverAfterCommit: false })
    const e = await engine.start('complaint', input, { actor: clerk }).catch((x: unknown) => x)
    expect(isFengqiaoError(e, 'STORE_UNAVAILABLE')).toBe(true)
  })
})
