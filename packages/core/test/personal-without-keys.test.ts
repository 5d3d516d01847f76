// Personal fields declared on a process, on an engine without the `privacy` option
// (docs/privacy.md, "Sealing them"): nothing is sealed, but reads still show the values only to
// the process's `readers` — the declaration alone never hands a name to everyone.
import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

type Ctx = { name: string; phone: string; topic: string }
const machine = setup({ types: { context: {} as Ctx, input: {} as Ctx } }).createMachine({
  id: 'note',
  context: ({ input }) => input,
  initial: 'open',
  states: { open: {} },
})
const note = defineProcess({
  id: 'note',
  version: 1,
  machine,
  events: {},
  input: z.object({ name: z.string(), phone: z.string(), topic: z.string() }),
  start: { roles: ['clerk'] },
  read: { roles: ['clerk', 'officer'] },
  personal: { context: ['name', 'phone'], input: ['name', 'phone'], readers: ['officer'] },
})

describe('personal fields without the privacy option', () => {
  it('are stored as written, shown in clear to readers and redacted to everyone else', async () => {
    const t = createTestEngine({ processes: [note] })
    const clerk = { id: 'c1', roles: ['clerk'] }
    const officer = { id: 'o1', roles: ['officer'] }
    const { id } = await t.start('note', { name: '张三', phone: '13800000000', topic: '噪音' }, { actor: clerk })

    // No key: the store holds the clear values (the docs say to set `privacy` for real data).
    const stored = await t.store.getInstance(id)
    expect(JSON.stringify(stored)).toContain('13800000000')

    expect((await t.get(id, { actor: officer })).context).toEqual({ name: '张三', phone: '13800000000', topic: '噪音' })
    const redacted = { $fq: 'redacted' }
    expect((await t.get(id, { actor: clerk })).context).toEqual({ name: redacted, phone: redacted, topic: '噪音' })
    const [first] = await t.history(id, { actor: clerk })
    expect(first?.event).toMatchObject({ input: { name: redacted, phone: redacted, topic: '噪音' } })
  })
})
