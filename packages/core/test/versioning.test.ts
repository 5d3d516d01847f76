import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, type EventsOf } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

const DAY = 86_400_000
const events = {
  NEXT: { schema: z.object({}), roles: ['u'] },
  NOTE: { schema: z.object({ text: z.string() }), roles: ['u'] },
} as const
type Ctx = { notes: string[] }

const v1 = defineProcess({
  id: 'case',
  version: 1,
  events,
  machine: setup({ types: { context: {} as Ctx, events: {} as EventsOf<typeof events> } }).createMachine({
    id: 'case',
    initial: 'intake',
    context: { notes: [] },
    states: {
      intake: { on: { NEXT: 'review', NOTE: 'intake' } },
      review: {
        meta: { deadline: { days: 30, name: 'review' } },
        after: { [10 * DAY]: 'reminded' },
        on: { NEXT: 'done' },
      },
      reminded: { on: { NEXT: 'done' } },
      done: { type: 'final' },
    },
  }),
})

// Version 2 renames `review` to `examining` and adds a step; same deadline name and delay.
const v2 = defineProcess({
  id: 'case',
  version: 2,
  events,
  machine: setup({
    types: { context: {} as Ctx & { examiner: string | null }, events: {} as EventsOf<typeof events> },
  }).createMachine({
    id: 'case',
    initial: 'intake',
    context: { notes: [], examiner: null },
    states: {
      intake: { on: { NEXT: 'examining', NOTE: 'intake' } },
      examining: {
        meta: { deadline: { days: 30, name: 'review' } },
        after: { [10 * DAY]: 'reminded' },
        on: { NEXT: 'signing' },
      },
      reminded: { on: { NEXT: 'signing' } },
      signing: { on: { NEXT: 'done' } },
      done: { type: 'final' },
    },
  }),
})
const u = { id: 'u', roles: ['u'] }

describe('versions side by side', () => {
  it('keeps each instance on its own version', async () => {
    const t = createTestEngine({ processes: [v1, v2], adminRoles: ['admin'] })
    const a = await t.start('case', undefined, { actor: u, version: 1 })
    const b = await t.start('case', undefined, { actor: u })
    await t.send(a.id, { type: 'NEXT' }, { actor: u })
    await t.send(b.id, { type: 'NEXT' }, { actor: u })
    expect((await t.system.get(a.id)).state).toBe('review')
    expect((await t.system.get(b.id)).state).toBe('examining')
  })
})

describe('migration', () => {
  it('moves a running instance, audited, keeping its original deadline and timer due dates', async () => {
    const t = createTestEngine({ processes: [v1, v2], adminRoles: ['admin'] })
    const { id } = await t.start('case', undefined, { actor: u, version: 1 })
    await t.send(id, { type: 'NEXT' }, { actor: u })
    const before = await t.system.get(id)
    const deadlineDue = before.deadlines[0]?.dueAt
    const timerDue = before.timers.find((x) => x.key.startsWith('xstate.after'))?.dueAt.getTime()
    await t.advance('3d')
    const s = await t.migrate(id, {
      toVersion: 2,
      stateMap: { review: 'examining', reminded: 'reminded' },
      context: (c) => ({ ...(c as Ctx), examiner: null }),
      actor: { id: 'admin', roles: ['admin'] },
      reason: 'v2 adds the examining step',
    })
    expect(s).toMatchObject({ processVersion: 2, state: 'examining' })
    const after = await t.system.get(id)
    expect(after.deadlines).toEqual([
      expect.objectContaining({ name: 'review', stateNode: 'case.examining', dueAt: deadlineDue }),
    ])
    expect(after.timers.map((x) => [x.key, x.dueAt.getTime()]).sort()).toEqual(
      [
        ['deadline:review', deadlineDue?.getTime()],
        ['xstate.after.864000000.case.examining', timerDue],
      ].sort(),
    )
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'migrated',
      from: 'review',
      to: 'examining',
      actor: { id: 'admin' },
      event: { type: 'fengqiao.migrate', fromVersion: 1, toVersion: 2 },
      detail: { reason: 'v2 adds the examining step' },
    })
    expect((await t.system.get(id)).context).toEqual({ notes: [], examiner: null })
    // The re-derived timer fires on its original schedule, in the new version.
    expect(await t.advance('7d')).toBe(1)
    expect((await t.system.get(id)).state).toBe('reminded')
    await t.send(id, { type: 'NEXT' }, { actor: u })
    expect((await t.system.get(id)).state).toBe('signing')
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
  })

  it('refuses an unmapped state and a state missing from the target version, writing nothing', async () => {
    const t = createTestEngine({ processes: [v1, v2], adminRoles: ['admin'] })
    const { id } = await t.start('case', undefined, { actor: u, version: 1 })
    await t.send(id, { type: 'NEXT' }, { actor: u })
    const admin = { id: 'admin', roles: ['admin'] }
    await expect(
      t.migrate(id, { toVersion: 2, stateMap: { intake: 'intake' }, actor: admin, reason: 'test' }),
    ).rejects.toMatchObject({ code: 'MIGRATION_REFUSED' })
    await expect(
      t.migrate(id, { toVersion: 2, stateMap: { review: 'nowhere' }, actor: admin, reason: 'test' }),
    ).rejects.toMatchObject({ code: 'MIGRATION_REFUSED' })
    await expect(
      t.migrate(id, { toVersion: 3, stateMap: { review: 'examining' }, actor: admin, reason: 'test' }),
    ).rejects.toMatchObject({ code: 'PROCESS_NOT_REGISTERED' })
    expect((await t.system.get(id)).processVersion).toBe(1)
    expect((await t.system.get(id)).version).toBe(2)
  })
})

describe('replay', () => {
  it('re-folds the history through the same version without divergence, timers and deadlines included', async () => {
    const t = createTestEngine({ processes: [v1, v2], adminRoles: ['admin'] })
    const { id } = await t.start('case', undefined, { actor: u, version: 1 })
    await t.send(id, { type: 'NEXT' }, { actor: u })
    await t.advance('11d')
    await t.send(id, { type: 'NEXT' }, { actor: u })
    expect(await t.system.replay(id)).toEqual({ ok: true, version: 1, replayed: 4, state: 'done' })
  })

  it('reports where another version diverges', async () => {
    const t = createTestEngine({ processes: [v1, v2], adminRoles: ['admin'] })
    const { id } = await t.start('case', undefined, { actor: u, version: 1 })
    await t.send(id, { type: 'NEXT' }, { actor: u })
    expect(await t.system.replay(id, { version: 2 })).toEqual({
      ok: false,
      version: 2,
      replayed: 1,
      divergedAt: 2,
      expected: 'review',
      actual: 'examining',
    })
  })
})
