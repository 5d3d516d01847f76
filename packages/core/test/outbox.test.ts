import { describe, expect, it } from 'vitest'
import { createEngine, manualClock, type EffectMessage } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { clerk, complaint, head, input } from './fixtures/complaint.js'

async function assign(t: ReturnType<typeof createTestEngine>) {
  const { id } = await t.start('complaint', input, { actor: clerk })
  await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
  await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
  return id
}

describe('outbox', () => {
  it('turns a named action into a message delivered after commit to its plugin handler', async () => {
    const got: EffectMessage[] = []
    const t = createTestEngine({
      processes: [complaint],
      plugins: [
        {
          name: 'notify',
          effects: {
            notifyHandler: (m) => {
              got.push(m)
            },
          },
        },
      ],
    })
    const id = await assign(t)
    expect(got).toHaveLength(0) // the test engine leaves delivery to runOutbox()
    expect(t.store.tables.outbox.size).toBe(1)
    expect(await t.runOutbox()).toBe(1)
    expect(got).toHaveLength(1)
    expect(got[0]).toMatchObject({
      type: 'notifyHandler',
      params: { handler: 'w1' },
      instanceId: id,
      processId: 'complaint',
      event: { type: 'ASSIGN', handler: 'w1' },
      attempt: 1,
    })
    expect((got[0]?.context as { handler: string }).handler).toBe('w1')
    expect(t.store.tables.outbox.size).toBe(0)
    expect(await t.runOutbox()).toBe(0)
  })

  it('writes no message for a named action no plugin handles', async () => {
    const t = createTestEngine({ processes: [complaint] })
    await assign(t)
    expect(t.store.tables.outbox.size).toBe(0)
  })

  it('retries a throwing handler with backoff, keeping the message id, until it succeeds', async () => {
    const attempts: Array<{ id: string; attempt: number; at: number }> = []
    let fail = 2
    const t = createTestEngine({
      processes: [complaint],
      plugins: [
        {
          name: 'flaky',
          effects: {
            notifyHandler: (m) => {
              attempts.push({ id: m.id, attempt: m.attempt, at: t.clock.now() })
              if (fail-- > 0) throw new Error('SMS gateway down')
            },
          },
        },
      ],
    })
    const failures: string[] = []
    t.on('effectFailed', (f) => failures.push(`${f.attempt}:${String((f.error as Error).message)}`))
    const id = await assign(t)
    expect(await t.runOutbox()).toBe(0)
    expect(await t.runOutbox()).toBe(0) // not yet available again: backoff
    await t.advance('1s')
    expect(await t.runOutbox()).toBe(0)
    await t.advance('1s')
    expect(await t.runOutbox()).toBe(0) // second backoff is 2 s
    await t.advance('1s')
    expect(await t.runOutbox()).toBe(1)
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3])
    expect(new Set(attempts.map((a) => a.id)).size).toBe(1)
    expect(failures).toEqual(['1:SMS gateway down', '2:SMS gateway down'])
    expect((await t.system.get(id)).state).toBe('handling') // the commit was never held back
  })

  it('delivers in the background right after commit without blocking it', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => {
      release = r
    })
    const delivered: string[] = []
    const engine = createEngine({
      processes: [complaint],
      clock: manualClock('2026-03-02T09:00:00+08:00'),
      plugins: [
        {
          name: 'slow',
          effects: {
            notifyHandler: async (m) => {
              await gate
              delivered.push(m.id)
            },
          },
        },
      ],
    })
    const { id } = await engine.start('complaint', input, { actor: clerk })
    await engine.send(id, { type: 'ACCEPT' }, { actor: clerk })
    const s = await engine.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    expect(s.state).toBe('handling') // returned while the handler still waits
    expect(delivered).toEqual([])
    const done = new Promise<void>((r) => engine.on('effectDelivered', () => r()))
    release()
    await done
    expect(delivered).toHaveLength(1)
    await engine.close()
  })
})
