import { describe, expectTypeOf, it } from 'vitest'
import { setup } from 'xstate'
import type { ContextOf, EventOf, EventsOf, IncidentOptions, IncidentView, InputOf, InstanceSummary, InstanceView, ProcessClient, ProcessStateMeta } from '../src/index.js'
import type { Page } from '../src/store/types.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { clerk, complaint, complaintEvents } from './fixtures/complaint.js'

describe('process types from zod schemas', () => {
  it('infers the event union', () => {
    expectTypeOf<EventOf<typeof complaint>>().toEqualTypeOf<
      | { type: 'ACCEPT'; note?: string | undefined }
      | { type: 'ASSIGN'; handler: string }
      | { type: 'COMMENT'; text: string }
      | { type: 'REPLY'; answer: string }
      | { type: 'CLOSE' }
      | { type: 'REOPEN'; reason: string }
    >()
    expectTypeOf<EventsOf<typeof complaintEvents>>().toExtend<{ type: string }>()
  })

  it('infers the input and context', () => {
    expectTypeOf<InputOf<typeof complaint>>().toEqualTypeOf<{ complainant: string; text: string }>()
    expectTypeOf<ContextOf<typeof complaint>>().toHaveProperty('comments').toEqualTypeOf<string[]>()
  })

  it('types the process client', () => {
    const engine = createTestEngine({ processes: [complaint] })
    const client = engine.process(complaint)
    expectTypeOf(client).toEqualTypeOf<ProcessClient<typeof complaint>>()
    expectTypeOf(client.start).parameter(0).toEqualTypeOf<{ complainant: string; text: string }>()
    expectTypeOf(client.send).returns.resolves.toEqualTypeOf<InstanceSummary>()
    expectTypeOf(client.get).returns.resolves.toEqualTypeOf<InstanceView<ContextOf<typeof complaint>>>()
  })

  it('rejects a wrong event type or payload at compile time', () => {
    const client = createTestEngine({ processes: [complaint] }).process(complaint)
    const opts = { actor: clerk }
    // Type-level only: these calls are never awaited at run time.
    const never = false as boolean
    if (never) {
      void client.send('i1', { type: 'ASSIGN', handler: 'w1' }, opts)
      void client.send('i1', { type: 'CLOSE' }, opts)
      // @ts-expect-error unknown event type
      void client.send('i1', { type: 'ASSIGNN', handler: 'w1' }, opts)
      // @ts-expect-error missing payload field
      void client.send('i1', { type: 'ASSIGN' }, opts)
      // @ts-expect-error wrong payload type
      void client.send('i1', { type: 'ASSIGN', handler: 42 }, opts)
      // @ts-expect-error wrong start input
      void client.start({ complainant: '张三' }, opts)
      // @ts-expect-error an actor is required
      void client.start({ complainant: '张三', text: 'x' }, {})
    }
  })
})

describe('typed state meta', () => {
  it('types the context of task functions through XState’s meta type, without casts', () => {
    type Ctx = { handler: string | null; county: string }
    const m = setup({ types: { context: {} as Ctx, meta: {} as ProcessStateMeta<Ctx> } }).createMachine({
      context: { handler: null, county: 'c1' },
      initial: 'handling',
      states: {
        handling: {
          meta: {
            task: {
              role: 'handler',
              assignee: ({ context }) => {
                expectTypeOf(context).toEqualTypeOf<Ctx>()
                return context.handler
              },
              orgUnit: ({ context }) => context.county,
            },
          },
        },
      },
    })
    expectTypeOf(m).not.toBeAny()
    // @ts-expect-error -- a task needs a role
    setup({ types: { context: {} as Ctx, meta: {} as ProcessStateMeta<Ctx> } }).createMachine({ context: { handler: null, county: 'c1' }, initial: 'a', states: { a: { meta: { task: { title: 'x' } } } } })
  })
})

describe("administrators' commands", () => {
  it('types the options: a reason always, children as cancel or detach, a task holder without roles to check', () => {
    const engine = createTestEngine({ processes: [complaint], adminRoles: ['admin'] })
    const admin = { id: 'a1', roles: ['admin'] }
    const never = false as boolean
    if (never) {
      void engine.cancel('i1', { actor: admin, reason: 'withdrawn', children: 'detach' })
      void engine.suspend('i1', { actor: admin, reason: 'hold' })
      void engine.modify('i1', { actor: admin, reason: 'repair', state: { handling: 'review' } })
      void engine.claim('i1', 't1', { actor: clerk })
      void engine.assign('i1', 't1', { actor: admin, assignee: null, reason: 'leave' })
      void engine.delegate('i1', 't1', { actor: clerk, to: 'c2', reason: 'leave' })
      // @ts-expect-error -- children is 'cancel' or 'detach'
      void engine.cancel('i1', { actor: admin, reason: 'x', children: 'orphan' })
      // @ts-expect-error -- an administrator's command needs a reason
      void engine.suspend('i1', { actor: admin })
      // @ts-expect-error -- delegation names who takes the task over
      void engine.delegate('i1', 't1', { actor: clerk, reason: 'leave' })
    }
    expectTypeOf(engine.resume).returns.resolves.toEqualTypeOf<InstanceSummary>()
    expectTypeOf<InstanceSummary['status']>().toEqualTypeOf<'active' | 'suspended' | 'completed' | 'cancelled' | 'failed'>()
  })
})

describe('incidents', () => {
  it('types the incident reads, the closing options and the incident event', () => {
    const t = createTestEngine({ processes: [complaint] })
    expectTypeOf(t.incidents({ actor: clerk, status: 'open' })).resolves.toEqualTypeOf<Page<IncidentView>>()
    expectTypeOf(t.system.incidents()).resolves.toEqualTypeOf<Page<IncidentView>>()
    expectTypeOf(t.retryIncident).parameter(1).toEqualTypeOf<IncidentOptions>()
    expectTypeOf<IncidentView['error']>().toEqualTypeOf<{ readonly message: string; readonly code: string | null }>()
    t.on('incident', ({ incident }) => expectTypeOf(incident.kind).toEqualTypeOf<'outbox' | 'timer'>())
    // Type checks only: never called.
    const _unused = () => {
      // @ts-expect-error -- an incident's status is open or resolved
      void t.incidents({ actor: clerk, status: 'closed' })
      // @ts-expect-error -- closing an incident needs a reason
      void t.resolveIncident('x', { actor: clerk })
    }
    expectTypeOf(_unused).toBeFunction()
  })
})
