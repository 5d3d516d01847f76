import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, FengqiaoError, isFengqiaoError, memoryStore, rule } from '../src/index.js'
import type { ChangeSet } from '../src/store/types.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { clerk, complaint, handler, head, input } from './fixtures/complaint.js'

const DAY = 86_400_000

async function rejects(p: Promise<unknown>, code: string): Promise<Record<string, unknown>> {
  try {
    await p
  } catch (e) {
    if (isFengqiaoError(e, code as never)) return e.details as Record<string, unknown>
    throw e
  }
  throw new Error(`expected ${code}`)
}

describe('catching up overdue timers is a step of the command', () => {
  it('runs the overdue timer first, so the event meets the state the timer left', async () => {
    const t = createTestEngine({ processes: [complaint] })
    const { id } = await t.start('complaint', input, { actor: clerk })
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    t.clock.set(t.clock.now() + 3 * DAY) // the reply window ran out; no worker polled
    await rejects(t.send(id, { type: 'COMMENT', text: 'still on it' }, { actor: handler }), 'EVENT_NOT_ACCEPTED')
    expect((await t.system.history(id)).map((h) => h.kind)).toEqual(['started', 'event', 'event', 'timer'])
  })

  it('a catch-up that fails stops the command: the event does not run on a row whose timer never fired', async () => {
    const store = memoryStore()
    const commit = store.commit.bind(store)
    let failTimers = true
    store.commit = async (change: ChangeSet) => {
      if (failTimers && change.history?.[0]?.kind === 'timer')
        throw new FengqiaoError('STORE_UNAVAILABLE', 'test: the timer commit is refused', { reason: 'refused' })
      return commit(change)
    }
    const t = createTestEngine({ processes: [complaint], store })
    const { id } = await t.start('complaint', input, { actor: clerk })
    await t.send(id, { type: 'ACCEPT' }, { actor: clerk })
    await t.send(id, { type: 'ASSIGN', handler: 'w1' }, { actor: head })
    t.clock.set(t.clock.now() + 3 * DAY)
    await rejects(t.send(id, { type: 'COMMENT', text: 'still on it' }, { actor: handler }), 'STORE_UNAVAILABLE')
    expect((await t.system.get(id)).state).toBe('handling')
    expect((await t.system.history(id)).map((h) => h.kind)).toEqual(['started', 'event', 'event'])
    failTimers = false
    await rejects(t.send(id, { type: 'COMMENT', text: 'still on it' }, { actor: handler }), 'EVENT_NOT_ACCEPTED')
    expect((await t.system.history(id)).at(-1)?.kind).toBe('timer')
  })
})

describe('refusals say why', () => {
  const withinWindow = rule<{ context: { days: number } }>(
    'withinReviewWindow',
    '信访工作条例 第三十五条',
    ({ context }) => context.days <= 30 || `the 30 days to ask for review have passed (${context.days} days)`,
  )
  const review = defineProcess({
    id: 'review',
    version: 1,
    input: z.object({ days: z.number() }),
    machine: setup({
      types: {
        context: {} as { days: number },
        input: {} as { days: number },
        events: {} as { type: 'REVIEW' } | { type: 'CLOSE' } | { type: 'NOTE' },
      },
      guards: { withinReviewWindow: withinWindow, quiet: () => false },
    }).createMachine({
      context: ({ input }) => ({ days: input.days }),
      initial: 'decided',
      states: {
        decided: {
          on: {
            REVIEW: { guard: 'withinReviewWindow', target: 'reviewing' },
            NOTE: { guard: 'quiet', target: 'decided' },
          },
        },
        reviewing: { on: { CLOSE: 'closed' } },
        closed: { type: 'final' },
      },
    }),
    events: {
      REVIEW: { schema: z.object({}), roles: ['petitioner'], scope: 'any' },
      CLOSE: { schema: z.object({}), roles: ['organ'] },
      NOTE: { schema: z.object({}), roles: ['organ'] },
    },
  })
  const petitioner = { id: 'p1', roles: ['petitioner'] }

  it('a rule guard’s refusal carries the rule, its article and its reason', async () => {
    const t = createTestEngine({ processes: [review] })
    const { id } = await t.start('review', { days: 31 }, { actor: petitioner })
    const d = await rejects(t.send(id, { type: 'REVIEW' }, { actor: petitioner }), 'EVENT_NOT_ACCEPTED')
    expect(d).toMatchObject({
      reason: 'refused-by-rule',
      rule: 'withinReviewWindow',
      article: '信访工作条例 第三十五条',
      refusal: 'the 30 days to ask for review have passed (31 days)',
    })
    // REVIEW has a transition here, but the rule refused it: the petitioner may send nothing else.
    expect(d.accepted).toEqual(['REVIEW'])
    const { id: ok } = await t.start('review', { days: 30 }, { actor: petitioner })
    expect((await t.send(ok, { type: 'REVIEW' }, { actor: petitioner })).state).toBe('reviewing')
  })

  it('a plain guard is named; an event with no transition says so', async () => {
    const t = createTestEngine({ processes: [review] })
    const { id } = await t.start('review', { days: 1 }, { actor: petitioner })
    const organ = { id: 'o1', roles: ['organ'] }
    expect(await rejects(t.send(id, { type: 'NOTE' }, { actor: organ }), 'EVENT_NOT_ACCEPTED')).toMatchObject({
      reason: 'refused-by-guard',
      guard: 'quiet',
      accepted: ['NOTE'],
    })
    expect(await rejects(t.send(id, { type: 'CLOSE' }, { actor: organ }), 'EVENT_NOT_ACCEPTED')).toMatchObject({
      reason: 'no-transition',
      accepted: ['NOTE'],
    })
  })
})

describe('typed process clients', () => {
  it('get refuses a case of another process instead of typing it as this one', async () => {
    const other = defineProcess({
      id: 'other',
      version: 1,
      machine: setup({}).createMachine({ initial: 'a', states: { a: {} } }),
      events: {},
    })
    const t = createTestEngine({ processes: [complaint, other] })
    const { id } = await t.start('other', undefined, { actor: clerk })
    const client = t.process(complaint)
    expect(await rejects(client.get(id, { actor: clerk }), 'NOT_FOUND')).toMatchObject({
      instanceId: id,
      processId: 'other',
      expected: 'complaint',
    })
    const { id: mine } = await client.start(input, { actor: clerk })
    expect((await client.get(mine, { actor: clerk })).processId).toBe('complaint')
  })
})
