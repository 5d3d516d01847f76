import { describe, expect, it } from 'vitest'
import { createTestEngine } from '../src/testing/test-engine.js'
import { isFengqiaoError, type FengqiaoErrorCode } from '../src/index.js'
import {
  clerk,
  complaint,
  handler,
  head,
  input,
  orgUnits,
  otherVillageClerk,
  townshipHead,
} from './fixtures/complaint.js'

const setupEngine = () => createTestEngine({ processes: [complaint], orgUnits })

async function rejects(p: Promise<unknown>, code: FengqiaoErrorCode): Promise<Record<string, unknown>> {
  try {
    await p
  } catch (e) {
    if (!isFengqiaoError(e, code)) throw new Error(`expected ${code}, got ${String(e)}`)
    return e.details as Record<string, unknown>
  }
  throw new Error(`expected ${code}, but it resolved`)
}

// Everything a store holds, for "nothing was written" assertions.
function snapshotStore(t: ReturnType<typeof setupEngine>) {
  const { tables } = t.store
  return JSON.stringify([...Object.values(tables)].map((m) => [...m.entries()]))
}

describe('start, send, get', () => {
  it('runs a case through its states and records each step', async () => {
    const t = setupEngine()
    const started = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a', businessKey: 'F-2026-001' })
    expect(started).toMatchObject({ id: 'i1', version: 1, state: 'received', status: 'active', processVersion: 1 })
    await t.send(started.id, { type: 'ACCEPT' }, { actor: clerk })
    const s = await t.send(started.id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    expect(s).toMatchObject({ state: 'handling', version: 3 })
    await t.send(started.id, { type: 'REPLY', answer: '已协调' }, { actor: handler })
    const done = await t.send(started.id, { type: 'CLOSE' }, { actor: head })
    expect(done).toMatchObject({ state: 'closed', status: 'completed', version: 5 })

    const view = await t.system.get(started.id)
    expect(view).toMatchObject({
      processId: 'complaint',
      orgUnit: 'village-a',
      businessKey: 'F-2026-001',
      parentId: null,
      status: 'completed',
      context: { complainant: '张三', handler: 'w1', answer: '已协调', comments: [] },
    })
    expect(view.createdAt).toBeInstanceOf(Date)
    const history = await t.system.history(started.id)
    expect(history.map((h) => [h.seq, h.kind, h.from, h.to])).toEqual([
      [1, 'started', null, 'received'],
      [2, 'event', 'received', 'accepted'],
      [3, 'event', 'accepted', 'handling'],
      [4, 'event', 'handling', 'replied'],
      [5, 'event', 'replied', 'closed'],
    ])
    expect(history[2]?.event).toEqual({ type: 'ASSIGN', handler: 'w1' })
    expect(history[2]?.actor).toEqual({ id: 'h1', roles: ['head'], orgUnit: 'village-a' })
  })

  it('changes context through immer without touching the previous snapshot', async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    await t.send(id, { type: 'COMMENT', text: 'one' }, { actor: handler })
    const s = await t.send(id, { type: 'COMMENT', text: 'two' }, { actor: clerk })
    expect(s.state).toBe('handling')
    expect((await t.system.get(id)).context).toMatchObject({ comments: ['one', 'two'] })
  })

  it('starts on the newest registered version and keeps instances on theirs', async () => {
    const { defineProcess } = await import('../src/index.js')
    const v2 = defineProcess({ ...complaint, version: 2 })
    const t = createTestEngine({ processes: [complaint, v2], orgUnits })
    const a = await t.start('complaint', input, { actor: clerk })
    const b = await t.start('complaint', input, { actor: clerk, version: 1 })
    expect(a.processVersion).toBe(2)
    expect(b.processVersion).toBe(1)
    expect((await t.send(b.id, { type: 'ACCEPT' }, { actor: clerk })).processVersion).toBe(1)
  })
})

describe('refusals write nothing', () => {
  it('INVALID_EVENT for a bad start input, with zod issues', async () => {
    const t = setupEngine()
    const before = snapshotStore(t)
    const d = await rejects(t.start('complaint', { complainant: '' }, { actor: clerk }), 'INVALID_EVENT')
    expect(Array.isArray(d.issues)).toBe(true)
    expect((d.issues as Array<{ path: string[] }>).map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['complainant', 'text']),
    )
    expect(snapshotStore(t)).toBe(before)
  })

  it('INVALID_EVENT for an unknown event type, a bad payload, and a non-object', async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    const before = snapshotStore(t)
    expect((await rejects(t.send(id, { type: 'ASSIGNN' }, { actor: head }), 'INVALID_EVENT')).known).toContain('ASSIGN')
    const d = await rejects(t.send(id, { type: 'ASSIGN', handler: 42 } as never, { actor: head }), 'INVALID_EVENT')
    expect((d.issues as Array<{ path: string[] }>)[0]?.path).toEqual(['handler'])
    await rejects(t.send(id, 'ASSIGN' as never, { actor: head }), 'INVALID_EVENT')
    // Internal XState events cannot be forged by callers.
    await rejects(t.send(id, { type: 'xstate.after.replyWindow.complaint.handling' }, { actor: head }), 'INVALID_EVENT')
    expect(snapshotStore(t)).toBe(before)
  })

  it('FORBIDDEN for a missing role', async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    const before = snapshotStore(t)
    const d = await rejects(t.send(id, { type: 'ACCEPT' }, { actor: handler }), 'FORBIDDEN')
    expect(d).toMatchObject({ required: ['clerk'], actorRoles: ['handler'] })
    expect(snapshotStore(t)).toBe(before)
  })

  it('FORBIDDEN to start without a start role', async () => {
    const t = setupEngine()
    await rejects(t.start('complaint', input, { actor: handler }), 'FORBIDDEN')
    expect((await t.system.instances()).items).toHaveLength(0)
  })

  it("FORBIDDEN outside the case's org-unit scope; a parent unit may act under 'subtree'", async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    const before = snapshotStore(t)
    await rejects(t.send(id, { type: 'ACCEPT' }, { actor: otherVillageClerk }), 'FORBIDDEN')
    await rejects(t.send(id, { type: 'ACCEPT' }, { actor: { id: 'x', roles: ['clerk'] } }), 'FORBIDDEN')
    expect(snapshotStore(t)).toBe(before)
    // The township is an ancestor of village-a: the default 'subtree' scope lets it act.
    expect((await t.send(id, { type: 'ACCEPT' }, { actor: townshipHead })).state).toBe('accepted')
    // ASSIGN is scoped to 'unit': the township may not, the village head may.
    await rejects(t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: townshipHead }), 'FORBIDDEN')
    expect((await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })).state).toBe('handling')
  })

  it("'any' scope ignores org units", async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    await t.send(id, { type: 'REPLY', answer: 'ok' }, { actor: handler })
    const outsider = { id: 'h2', roles: ['head'], orgUnit: 'village-b' }
    expect((await t.send(id, { type: 'REOPEN', reason: 'appeal' }, { actor: outsider })).state).toBe('handling')
  })

  it('EVENT_NOT_ACCEPTED names the state, that no transition exists, and what this actor may send instead', async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    const before = snapshotStore(t)
    // The head may not ACCEPT (a clerk's event), so it is not offered to them.
    const d = await rejects(t.send(id, { type: 'CLOSE' }, { actor: head }), 'EVENT_NOT_ACCEPTED')
    expect(d).toMatchObject({ state: 'received', type: 'CLOSE', reason: 'no-transition', accepted: [] })
    const both = { ...head, id: 'hc', roles: ['head', 'clerk'] }
    expect(await rejects(t.send(id, { type: 'CLOSE' }, { actor: both }), 'EVENT_NOT_ACCEPTED')).toMatchObject({
      reason: 'no-transition',
      accepted: ['ACCEPT'],
    })
    expect(snapshotStore(t)).toBe(before)
  })

  it('EVENT_NOT_ACCEPTED once the instance has completed', async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    for (const [e, a] of [
      [{ type: 'ACCEPT' }, clerk],
      [{ type: 'ASSIGN', handler: 'w1' }, head],
      [{ type: 'REPLY', answer: 'x' }, handler],
      [{ type: 'CLOSE' }, head],
    ] as const) {
      await t.send(id, e, { actor: a })
    }
    const d = await rejects(t.send(id, { type: 'REOPEN', reason: 'late' }, { actor: head }), 'EVENT_NOT_ACCEPTED')
    expect(d.status).toBe('completed')
  })

  it('NOT_FOUND, PROCESS_NOT_REGISTERED and INVALID_OPTIONS', async () => {
    const t = setupEngine()
    await rejects(t.send('nope', { type: 'ACCEPT' }, { actor: clerk }), 'NOT_FOUND')
    await rejects(t.system.get('nope'), 'NOT_FOUND')
    await rejects(t.system.history('nope'), 'NOT_FOUND')
    await rejects(t.start('petition', {}, { actor: clerk }), 'PROCESS_NOT_REGISTERED')
    await rejects(t.start('complaint', input, { actor: clerk, version: 7 }), 'PROCESS_NOT_REGISTERED')
    await rejects(t.start('complaint', input, { actor: { id: '', roles: [] } }), 'INVALID_OPTIONS')
    await rejects(t.start('complaint', input, { actor: { id: 'x', roles: 'clerk' } as never }), 'INVALID_OPTIONS')
    await rejects(t.start('complaint', input, undefined as never), 'INVALID_OPTIONS')
    expect((await t.system.instances()).items).toHaveLength(0)
  })

  it('VERSION_CONFLICT for a stale expectedVersion', async () => {
    const t = setupEngine()
    const { id, version } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk, expectedVersion: version })
    const before = snapshotStore(t)
    const d = await rejects(
      t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head, expectedVersion: version }),
      'VERSION_CONFLICT',
    )
    expect(d).toMatchObject({ expectedVersion: 1, actualVersion: 2 })
    expect(snapshotStore(t)).toBe(before)
  })

  it('safeSend returns the error instead of throwing', async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk })
    const r = await t.safeSend(id, { type: 'CLOSE' }, { actor: head })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('EVENT_NOT_ACCEPTED')
    const ok = await t.safeSend(id, { type: 'ACCEPT' }, { actor: clerk })
    expect(ok).toMatchObject({ ok: true, value: { state: 'accepted' } })
  })

  it('refuses every command after close()', async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk })
    await t.close()
    await rejects(t.send(id, { type: 'ACCEPT' }, { actor: clerk }), 'CLOSED')
  })
})

describe('tasks', () => {
  it('opens and closes tasks with the states that declare them', async () => {
    const t = setupEngine()
    const { id } = await t.start('complaint', input, { actor: clerk, orgUnit: 'village-a' })
    let page = await t.system.tasks({ instanceId: id })
    expect(page.items.map((k) => [k.role, k.stateNode, k.title])).toEqual([
      ['clerk', 'complaint.received', { 'zh-CN': '受理', en: 'Accept' }],
    ])
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await t.send(id, { type: 'ASSIGN', handler: 'w7' }, { actor: head })
    page = await t.system.tasks({ instanceId: id })
    expect(page.items).toHaveLength(1)
    expect(page.items[0]).toMatchObject({
      role: 'handler',
      assignee: 'w7',
      orgUnit: 'village-a',
      dueAt: null,
      overdue: false,
    })
    expect((await t.system.tasks({ assignee: 'w7' })).items).toHaveLength(1)
    expect((await t.system.tasks({ role: 'clerk' })).items).toHaveLength(0)
    // A self-transition (COMMENT) keeps the same task.
    const taskId = page.items[0]?.id
    await t.send(id, { type: 'COMMENT', text: 'x' }, { actor: handler })
    expect((await t.system.tasks({ instanceId: id })).items[0]?.id).toBe(taskId)
    await t.send(id, { type: 'REPLY', answer: 'done' }, { actor: handler })
    expect((await t.system.tasks({ instanceId: id })).items).toHaveLength(0)
  })

  it('paginates with a stable order and filters by role and org unit', async () => {
    const t = setupEngine()
    for (let i = 0; i < 25; i++)
      await t.start('complaint', input, { actor: clerk, orgUnit: i % 2 === 0 ? 'village-a' : 'village-b' })
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = await t.system.tasks({ role: 'clerk', limit: 10, cursor })
      seen.push(...page.items.map((k) => k.id))
      cursor = page.nextCursor
    } while (cursor !== undefined)
    expect(seen).toHaveLength(25)
    expect(new Set(seen).size).toBe(25)
    expect(seen).toEqual([...seen].sort())
    expect((await t.system.tasks({ orgUnit: 'village-b' })).items).toHaveLength(12)
    expect((await t.system.tasks({ orgUnit: ['village-a', 'village-b'] })).items).toHaveLength(25)
  })

  it('emits taskOpened and taskClosed', async () => {
    const t = setupEngine()
    const opened: string[] = []
    const closed: string[] = []
    t.on('taskOpened', (k) => opened.push(k.role))
    t.on('taskClosed', (k) => closed.push(k.taskId))
    const { id } = await t.start('complaint', input, { actor: clerk })
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    expect(opened).toEqual(['clerk', 'head'])
    expect(closed).toEqual(['i1.1.k0'])
  })
})

describe('observation events', () => {
  it('publishes started, transitioned and completed after commit; a throwing listener changes nothing', async () => {
    const t = setupEngine()
    const seen: string[] = []
    const errors: unknown[] = []
    t.on('started', ({ instance }) => seen.push(`started:${instance.stateKey}`))
    t.on('transitioned', ({ from, instance }) => {
      seen.push(`${from}->${instance.stateKey}`)
      throw new Error('listener bug')
    })
    t.on('completed', ({ instance }) => seen.push(`completed:${instance.id}`))
    t.on('error', ({ error }) => errors.push(error))
    const { id } = await t.start('complaint', input, { actor: clerk })
    const s = await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    expect(s.state).toBe('accepted')
    expect(seen).toEqual(['started:received', 'received->accepted'])
    expect(errors).toHaveLength(1)
    expect((await t.system.get(id)).version).toBe(2)
  })

  it('unsubscribes with the returned function', async () => {
    const t = setupEngine()
    let n = 0
    const off = t.on('started', () => n++)
    await t.start('complaint', input, { actor: clerk })
    off()
    await t.start('complaint', input, { actor: clerk })
    expect(n).toBe(1)
  })
})

describe('interceptors', () => {
  it('wrap commands in plugin order and may refuse them', async () => {
    const calls: string[] = []
    const t = createTestEngine({
      processes: [complaint],
      plugins: [
        {
          name: 'outer',
          interceptors: [
            async (c, next) => {
              calls.push(`outer:${c.kind}`)
              return next(c)
            },
          ],
        },
        {
          name: 'guard',
          interceptors: [
            async (c, next) => {
              calls.push(`guard:${c.kind}`)
              if (c.kind === 'send' && c.event.type === 'ACCEPT' && c.options.actor.id === 'blocked')
                throw new Error('blocked by policy')
              return next(c)
            },
          ],
        },
      ],
    })
    const { id } = await t.start('complaint', input, { actor: clerk })
    await expect(t.send(id, { type: 'ACCEPT' }, { actor: { ...clerk, id: 'blocked' } })).rejects.toThrow(
      'blocked by policy',
    )
    expect(calls).toEqual(['outer:start', 'guard:start', 'outer:send', 'guard:send'])
    expect((await t.system.get(id)).version).toBe(1)
  })

  it('turn a synchronous throw into a rejected promise', async () => {
    const t = createTestEngine({
      processes: [complaint],
      plugins: [
        {
          name: 'sync',
          interceptors: [
            (() => {
              throw new Error('refused at once')
            }) as never,
          ],
        },
      ],
    })
    const p = t.start('complaint', input, { actor: clerk })
    expect(p).toBeInstanceOf(Promise)
    await expect(p).rejects.toThrow('refused at once')
  })

  it('can read the case through tools.engine before deciding', async () => {
    const t = createTestEngine({
      processes: [complaint],
      plugins: [
        {
          name: 'four-eyes',
          interceptors: [
            async (c, next, { engine }) => {
              if (c.kind === 'send' && c.event.type === 'CLOSE') {
                const history = await engine.system.history(c.instanceId)
                if (
                  history.some(
                    (h) =>
                      (h.actor as { id: string }).id === c.options.actor.id &&
                      h.event !== null &&
                      (h.event as { type: string }).type === 'REPLY',
                  )
                ) {
                  throw new Error('the one who replied may not close')
                }
              }
              return next(c)
            },
          ],
        },
      ],
    })
    const { id } = await t.start('complaint', input, { actor: clerk })
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    const both = { id: 'x', roles: ['handler', 'head'], orgUnit: 'village-a' }
    await t.send(id, { type: 'REPLY', answer: 'ok' }, { actor: both })
    await expect(t.send(id, { type: 'CLOSE' }, { actor: both })).rejects.toThrow('may not close')
    expect((await t.send(id, { type: 'CLOSE' }, { actor: head })).status).toBe('completed')
  })

  it('refuse duplicate plugin names and two handlers for one action', () => {
    expect(() => createTestEngine({ plugins: [{ name: 'a' }, { name: 'a' }] })).toThrow(
      expect.objectContaining({ code: 'INVALID_OPTIONS' }),
    )
    const h = () => {}
    expect(() =>
      createTestEngine({
        plugins: [
          { name: 'a', effects: { x: h } },
          { name: 'b', effects: { x: h } },
        ],
      }),
    ).toThrow(/exactly one may/)
  })

  it('refuse a broken org-unit tree', () => {
    expect(() => createTestEngine({ orgUnits: [{ id: 'a', parent: 'zz' }] })).toThrow(/unknown parent/)
    expect(() =>
      createTestEngine({
        orgUnits: [
          { id: 'a', parent: 'b' },
          { id: 'b', parent: 'a' },
        ],
      }),
    ).toThrow(/cycle/)
    expect(() => createTestEngine({ orgUnits: [{ id: 'a' }, { id: 'a' }] })).toThrow(/twice/)
  })
})
