// The engine remembers the rows it committed, to skip the read before the next command on the
// same case. These tests pin down that a remembered row saves the read, and that a stale one —
// another node moved the case on — never changes an answer.
import { describe, expect, it } from 'vitest'
import {
  createEngine,
  FengqiaoError,
  isFengqiaoError,
  manualClock,
  memoryStore,
  type Engine,
  type Store,
} from '../src/index.js'
import { clerk, complaint, handler, head, input } from './fixtures/complaint.js'

const DAY = 86_400_000

/** A store that counts instance reads, and can fail a commit after writing it (a lost reply). */
function spiedStore(inner: Store = memoryStore()) {
  let reads = 0
  let loseNextReply = false
  const store: Store = {
    ...inner,
    getInstance: (id) => {
      reads++
      return inner.getInstance(id)
    },
    commit: async (change) => {
      await inner.commit(change)
      if (loseNextReply) {
        loseNextReply = false
        throw new FengqiaoError('STORE_UNAVAILABLE', 'The connection dropped before the commit was acknowledged.', {
          reason: 'connection-lost',
        })
      }
    },
  }
  return {
    store,
    get reads() {
      return reads
    },
    loseNextReply() {
      loseNextReply = true
    },
  }
}

/** Two engine nodes on one store and one clock, with their own id ranges. */
function twoNodes(store: Store, options: { instanceCache?: number } = {}) {
  const clock = manualClock('2026-01-05T09:00:00+08:00')
  const node = (name: string): Engine => {
    let n = 0
    return createEngine({
      processes: [complaint],
      store,
      clock,
      ids: () => `${name}-${++n}`,
      nodeId: name,
      deliverAfterCommit: false,
      ...options,
    })
  }
  return { clock, a: node('a'), b: node('b') }
}

async function toHandling(engine: Engine): Promise<string> {
  const { id } = await engine.start('complaint', input, { actor: clerk })
  await engine.send(id, { type: 'ACCEPT' }, { actor: clerk })
  await engine.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
  return id
}

describe('the instance cache', () => {
  it('a command on a case this engine just wrote does not read it back', async () => {
    const spy = spiedStore()
    const engine = createEngine({ processes: [complaint], store: spy.store, deliverAfterCommit: false })
    const id = await toHandling(engine)
    for (let i = 0; i < 10; i++) await engine.send(id, { type: 'COMMENT', text: `c${i}` }, { actor: handler })
    expect(spy.reads).toBe(0)
    const view = await engine.system.get(id)
    expect(view.version).toBe(13)
    expect(spy.reads).toBe(1) // reads go to the store
    expect(await engine.system.verify(id)).toEqual({ ok: true, entries: 13 })
  })

  it('with instanceCache: 0 every command reads the row', async () => {
    const spy = spiedStore()
    const engine = createEngine({
      processes: [complaint],
      store: spy.store,
      deliverAfterCommit: false,
      instanceCache: 0,
    })
    const id = await toHandling(engine)
    await engine.send(id, { type: 'COMMENT', text: 'x' }, { actor: handler })
    expect(spy.reads).toBe(3)
  })

  it('keeps at most instanceCache rows, the most recently written', async () => {
    const spy = spiedStore()
    const engine = createEngine({
      processes: [complaint],
      store: spy.store,
      deliverAfterCommit: false,
      instanceCache: 2,
    })
    const ids: string[] = []
    for (let i = 0; i < 3; i++) ids.push((await engine.start('complaint', input, { actor: clerk })).id)
    await engine.send(ids[2] as string, { type: 'ACCEPT' }, { actor: clerk })
    await engine.send(ids[1] as string, { type: 'ACCEPT' }, { actor: clerk })
    expect(spy.reads).toBe(0)
    await engine.send(ids[0] as string, { type: 'ACCEPT' }, { actor: clerk }) // dropped: read
    expect(spy.reads).toBe(1)
  })

  it('refuses a size that is not a whole number', () => {
    for (const bad of [-1, 1.5, Number.NaN]) {
      expect(() => createEngine({ processes: [complaint], instanceCache: bad })).toThrow(
        expect.objectContaining({ code: 'INVALID_OPTIONS' }),
      )
    }
  })

  it('a stale row never refuses an event the stored case accepts', async () => {
    const { a, b } = twoNodes(memoryStore())
    const id = await toHandling(a) // a remembers 'handling'
    await b.send(id, { type: 'REPLY', answer: 'done' }, { actor: handler }) // b moves it to 'replied'
    // 'handling' does not accept CLOSE; 'replied' does.
    const r = await a.send(id, { type: 'CLOSE' }, { actor: head })
    expect(r).toMatchObject({ state: 'closed', status: 'completed', version: 5 })
    expect(await a.system.verify(id)).toEqual({ ok: true, entries: 5 })
  })

  it('a stale row loses the version check and the event is applied to the stored case', async () => {
    const { a, b } = twoNodes(memoryStore())
    const id = await toHandling(a)
    await b.send(id, { type: 'COMMENT', text: 'from b' }, { actor: handler })
    const r = await a.send(id, { type: 'COMMENT', text: 'from a' }, { actor: handler })
    expect(r.version).toBe(5)
    const view = await a.system.get(id)
    expect(view.context).toMatchObject({ comments: ['from b', 'from a'] })
    expect((await a.system.history(id)).map((h) => h.seq)).toEqual([1, 2, 3, 4, 5])
  })

  it('expectedVersion is checked against the stored case, not a stale row', async () => {
    const { a, b } = twoNodes(memoryStore())
    const id = await toHandling(a) // a remembers version 3
    await b.send(id, { type: 'COMMENT', text: 'from b' }, { actor: handler }) // version 4
    const r = await a.send(id, { type: 'COMMENT', text: 'from a' }, { actor: handler, expectedVersion: 4 })
    expect(r.version).toBe(5)
    const refused = await a
      .send(id, { type: 'COMMENT', text: 'late' }, { actor: handler, expectedVersion: 4 })
      .catch((e: unknown) => e)
    expect(isFengqiaoError(refused, 'VERSION_CONFLICT')).toBe(true)
  })

  it('a timer missing from a stale row is fired from the stored case, not dropped', async () => {
    const { clock, a, b } = twoNodes(memoryStore())
    const id = await toHandling(a) // a remembers 'handling' with its first reply-window timer
    await b.send(id, { type: 'REPLY', answer: 'first' }, { actor: handler })
    await b.send(id, { type: 'REOPEN', reason: 'incomplete' }, { actor: head }) // a new timer, unknown to a
    clock.advance(3 * DAY + 1)
    expect(await a.runDueTimers()).toBe(1)
    expect(await a.system.get(id)).toMatchObject({ state: 'overdue' })
    expect((await a.system.history(id)).at(-1)).toMatchObject({ kind: 'timer', from: 'handling', to: 'overdue' })
  })

  it('a commit whose reply is lost is settled from the history, applied once, and its row kept', async () => {
    const spy = spiedStore()
    const engine = createEngine({ processes: [complaint], store: spy.store, deliverAfterCommit: false })
    const id = await toHandling(engine)
    spy.loseNextReply()
    // The engine finds its entry in the history: the command succeeded, and is not sent twice.
    const settled = await engine.send(id, { type: 'COMMENT', text: 'once' }, { actor: handler })
    expect(settled.version).toBe(4)
    const view = await engine.system.get(id)
    expect(view.context).toMatchObject({ comments: ['once'] })
    expect(view.version).toBe(4)
    // The settled row is the stored row: the next command needs no read of the case.
    const reads = spy.reads
    expect((await engine.send(id, { type: 'COMMENT', text: 'next' }, { actor: handler })).version).toBe(5)
    expect(spy.reads).toBe(reads)
  })
})
