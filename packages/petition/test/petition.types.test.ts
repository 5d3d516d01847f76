import type { ContextOf, EventOf, InputOf, InstanceSummary, InstanceView, ProcessClient } from '@fengqiao/core'
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expectTypeOf, it } from 'vitest'
import { petitionPlugin, type PetitionContext, type PetitionInputArg, type PetitionProcess } from '../src/index.js'

const plugin = petitionPlugin()
type P = typeof plugin.process

describe('petition types', () => {
  it('the plugin exposes the registered definition', () => {
    expectTypeOf(plugin.process).toEqualTypeOf<PetitionProcess>()
    expectTypeOf<ContextOf<P>>().toEqualTypeOf<PetitionContext>()
    expectTypeOf<InputOf<P>>().toEqualTypeOf<PetitionInputArg>()
  })

  it('infers the start input from the zod schema', () => {
    expectTypeOf<InputOf<P>['type']>().toEqualTypeOf<'suggestion' | 'accusation' | 'claim'>()
    expectTypeOf<InputOf<P>['receivedBy']>().toEqualTypeOf<'bureau' | 'organ'>()
    expectTypeOf<InputOf<P>['anonymous']>().toEqualTypeOf<boolean | undefined>()
    expectTypeOf<InputOf<P>['representatives']>().toEqualTypeOf<string[] | undefined>()
  })

  it('infers each event payload', () => {
    expectTypeOf<Extract<EventOf<P>, { type: 'EXTEND' }>>().toEqualTypeOf<{ type: 'EXTEND'; days: number; reason: string }>()
    expectTypeOf<Extract<EventOf<P>, { type: 'DIVERT' }>['channel']>().toEqualTypeOf<
      'litigation' | 'reconsideration' | 'procuratorate' | 'police' | 'arbitration' | 'partyAppeal' | 'administrativeProcedure' | 'politicalLegal'
    >()
    expectTypeOf<Extract<EventOf<P>, { type: 'ISSUE_OPINION' }>['outcome']>().toEqualTypeOf<'support' | 'explain' | 'notSupport'>()
    expectTypeOf<Extract<EventOf<P>, { type: 'MEDIATE' }>['partiesConsent']>().toEqualTypeOf<true>()
    expectTypeOf<Extract<EventOf<P>, { type: 'ACCEPT' }>>().toEqualTypeOf<{ type: 'ACCEPT'; route?: 'performDuty' | 'investigate' | undefined; notice?: string | undefined }>()
  })

  it('types the process client', () => {
    const engine = createTestEngine({ plugins: [plugin] })
    const cases = engine.process(plugin.process)
    expectTypeOf(cases).toEqualTypeOf<ProcessClient<P>>()
    expectTypeOf(cases.start).parameter(0).toEqualTypeOf<PetitionInputArg>()
    expectTypeOf(cases.send).returns.resolves.toEqualTypeOf<InstanceSummary>()
    expectTypeOf(cases.get).returns.resolves.toEqualTypeOf<InstanceView<PetitionContext>>()
  })

  it('rejects wrong events, payloads and inputs at compile time', () => {
    const cases = createTestEngine({ plugins: [plugin] }).process(plugin.process)
    const opts = { actor: { id: 'o', roles: ['organ'] } }
    const input: PetitionInputArg = { type: 'claim', channel: 'letter', receivedBy: 'organ', receivedAt: '2026-03-02T09:00:00+08:00', request: 'r', facts: 'f' }
    // Type-level only: these calls are never made at run time.
    const never = false as boolean
    if (never) {
      void cases.start(input, opts)
      void cases.send('i1', { type: 'EXTEND', days: 30, reason: '复杂' }, opts)
      void cases.send('i1', { type: 'ACCEPT' }, opts)
      void cases.send('i1', { type: 'DIVERT', channel: 'arbitration', reason: '劳动争议' }, opts)
      // @ts-expect-error unknown event type
      void cases.send('i1', { type: 'EXTEND_AGAIN', days: 30, reason: '复杂' }, opts)
      // @ts-expect-error an extension needs a reason
      void cases.send('i1', { type: 'EXTEND', days: 30 }, opts)
      // @ts-expect-error days is a number
      void cases.send('i1', { type: 'EXTEND', days: '30', reason: '复杂' }, opts)
      // @ts-expect-error not a statutory channel
      void cases.send('i1', { type: 'DIVERT', channel: 'court', reason: 'x' }, opts)
      // @ts-expect-error mediation needs the parties' consent
      void cases.send('i1', { type: 'MEDIATE', respondent: '李四', partiesConsent: false }, opts)
      // @ts-expect-error the opinion's outcome is support / explain / notSupport
      void cases.send('i1', { type: 'ISSUE_OPINION', outcome: 'reject', finding: 'f', servedAt: '2026-03-02T09:00:00+08:00' }, opts)
      // @ts-expect-error a petition type must be one of the three
      void cases.start({ ...input, type: 'complaint' }, opts)
      // @ts-expect-error the facts are required
      void cases.start({ type: 'claim', channel: 'letter', receivedBy: 'organ', receivedAt: '2026-03-02T09:00:00+08:00', request: 'r' }, opts)
      // @ts-expect-error an actor is required
      void cases.start(input, {})
    }
  })
})

describe('types of the XF Arts. 20, 24, 35 additions', () => {
  it('infers the new payloads and input', () => {
    expectTypeOf<Extract<EventOf<P>, { type: 'SUPERIOR_DECIDES' }>>().toEqualTypeOf<{ type: 'SUPERIOR_DECIDES'; organ: string; organUnit?: string | undefined; reason: string }>()
    expectTypeOf<Extract<EventOf<P>, { type: 'DECIDE_REVIEW' }>['rehandle']>().toEqualTypeOf<boolean | undefined>()
    expectTypeOf<NonNullable<InputOf<P>['visitLevels']>['receiving']>().toEqualTypeOf<'township' | 'county' | 'city' | 'province' | 'central'>()
  })
})
