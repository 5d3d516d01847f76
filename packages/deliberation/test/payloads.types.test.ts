// Payload and input typing through engine.process(def): wrong payloads fail to compile.
import type { ContextOf, EventOf, InputOf, InstanceView } from '@fengqiao/core'
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expectTypeOf, it } from 'vitest'
import { deliberationPlugin, type DeliberationContext, type DeliberationProcess, type MatterClass, type MeetingRecord, type ResolutionBody } from '../src/index.js'

const plugin = deliberationPlugin()
const engine = createTestEngine({ plugins: [plugin] })
const client = engine.process(plugin.deliberation)
const actor = { id: 'a', roles: ['partyOrganisation'] }

describe('deliberation payload types', () => {
  it('infers the input and the context', () => {
    expectTypeOf<InputOf<DeliberationProcess>>().toHaveProperty('resolutionBody').toEqualTypeOf<ResolutionBody>()
    expectTypeOf<InputOf<DeliberationProcess>['matter']['class']>().toEqualTypeOf<MatterClass>()
    expectTypeOf<ContextOf<DeliberationProcess>>().toEqualTypeOf<DeliberationContext>()
    expectTypeOf(client.get).returns.resolves.toEqualTypeOf<InstanceView<DeliberationContext>>()
  })

  it('infers every event', () => {
    type E = EventOf<DeliberationProcess>
    expectTypeOf<E['type']>().toEqualTypeOf<
      | 'PROPOSE'
      | 'CONSULT'
      | 'REVIEW'
      | 'RESOLVE'
      | 'PUBLISH_RESOLUTION'
      | 'START_IMPLEMENTATION'
      | 'DISCLOSE_PROGRESS'
      | 'COMPLETE_IMPLEMENTATION'
      | 'PUBLISH_RESULT'
      | 'ARCHIVE'
      | 'ORDER_CORRECTION'
      | 'COURT_REVOCATION'
      | 'COMPLAIN'
      | 'COMPLAINT_HANDLED'
      | 'WITHDRAW'
    >()
    expectTypeOf<Extract<E, { type: 'RESOLVE' }>['meeting']>().toExtend<MeetingRecord>()
    expectTypeOf<Extract<E, { type: 'PROPOSE' }>>().toHaveProperty('consultation').toEqualTypeOf<MeetingRecord | undefined>()
    expectTypeOf<Extract<E, { type: 'COMPLAIN' }>['kind']>().toEqualTypeOf<'notDisclosed' | 'untrue'>()
  })

  it('rejects wrong payloads at compile time', () => {
    const m: MeetingRecord = { date: '2026-03-13', noticeDate: '2026-03-03', shouldAttend: 50, attended: 36, votes: { for: 20, against: 10, abstain: 6 }, minutes: 'm', signatures: ['s'] }
    const opts = { actor }
    const never = false as boolean
    if (never) {
      void client.start({ village: { name: 'v', oneHolder: false }, matter: { class: 'homesteadPlan', title: 't' }, resolutionBody: 'representativeMeeting' }, opts)
      void client.send('i1', { type: 'RESOLVE', meeting: m }, opts)
      void client.send('i1', { type: 'PROPOSE', date: '2026-03-02', summary: 's' }, opts)
      void client.send('i1', { type: 'ORDER_CORRECTION', date: '2026-04-01', reference: 'r', reason: 'x' }, opts)
      // @ts-expect-error unknown matter class
      void client.start({ village: { name: 'v', oneHolder: false }, matter: { class: 'villageRulez', title: 't' }, resolutionBody: 'villagersMeeting' }, opts)
      // @ts-expect-error unknown body
      void client.start({ village: { name: 'v', oneHolder: false }, matter: { class: 'villageRules', title: 't' }, resolutionBody: 'partyMembers' }, opts)
      // @ts-expect-error a meeting record is required
      void client.send('i1', { type: 'RESOLVE' }, opts)
      // @ts-expect-error votes must be numbers
      void client.send('i1', { type: 'RESOLVE', meeting: { ...m, votes: { for: '20', against: 10, abstain: 6 } } }, opts)
      // @ts-expect-error the complaint kind is an enum
      void client.send('i1', { type: 'COMPLAIN', complainant: 'z', kind: 'angry', statement: 's' }, opts)
      // @ts-expect-error unknown event
      void client.send('i1', { type: 'APPROVE' }, opts)
    }
  })
})
