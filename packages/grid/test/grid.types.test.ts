import type { ContextOf, EventOf, InputOf, InstanceView, ProcessClient } from '@fengqiao/core'
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expectTypeOf, it } from 'vitest'
import {
  gridPlugin,
  hotlineReport,
  score,
  type CaseReader,
  type HotlineFigure,
  type HotlineReport,
  type GridEventContext,
  type GridEventInputArg,
  type GridEventProcess,
  type HotlineCounts,
  type HotlineTicketContext,
  type HotlineTicketInputArg,
  type Scores,
} from '../src/index.js'

const plugin = gridPlugin()
type G = typeof plugin.definitions.gridEvent
type H = typeof plugin.definitions.hotlineTicket

describe('grid types', () => {
  it('the plugin exposes the registered definitions', () => {
    expectTypeOf(plugin.definitions.gridEvent).toEqualTypeOf<GridEventProcess>()
    expectTypeOf<ContextOf<G>>().toEqualTypeOf<GridEventContext>()
    expectTypeOf<InputOf<G>>().toEqualTypeOf<GridEventInputArg>()
    expectTypeOf<ContextOf<H>>().toEqualTypeOf<HotlineTicketContext>()
    expectTypeOf<InputOf<H>>().toEqualTypeOf<HotlineTicketInputArg>()
  })

  it('infers the start input and each event payload from the zod schemas', () => {
    expectTypeOf<InputOf<G>['colour']>().toEqualTypeOf<'green' | 'yellow' | 'red' | undefined>()
    expectTypeOf<Extract<EventOf<G>, { type: 'VOID' }>['reason']>().toEqualTypeOf<
      'duplicate' | 'outOfScope' | 'unverifiable'
    >()
    expectTypeOf<Extract<EventOf<G>, { type: 'WHISTLE' }>['departments']>().toEqualTypeOf<string[]>()
    expectTypeOf<Extract<EventOf<H>, { type: 'TRANSFER_EMERGENCY' }>['line']>().toEqualTypeOf<
      '110' | '119' | '120' | '122'
    >()
  })

  it('types the process client', () => {
    const engine = createTestEngine({ plugins: [plugin] })
    const events = engine.process(plugin.definitions.gridEvent)
    expectTypeOf(events).toEqualTypeOf<ProcessClient<G>>()
    expectTypeOf(events.get).returns.resolves.toEqualTypeOf<InstanceView<GridEventContext>>()
    // Checked by the compiler only, never called.
    const missingDepartments = () =>
      // @ts-expect-error a whistle names its departments
      events.send('i1', { type: 'WHISTLE', leadLeader: '张', measures: '清淤' }, { actor: { id: 'c', roles: ['centre'] } })
    expectTypeOf(missingDepartments).toBeFunction()
  })

  it("hotlineReport reads through engine.system or an actor's reads, and lists a case per count", () => {
    const engine = createTestEngine({ plugins: [plugin] })
    expectTypeOf(engine.system).toExtend<CaseReader>()
    expectTypeOf(hotlineReport).returns.resolves.toEqualTypeOf<HotlineReport>()
    // Every count of a row's figures but `unreasonable` (a group of counts) is a case list.
    expectTypeOf<Exclude<keyof HotlineCounts, 'unreasonable'>>().toEqualTypeOf<Exclude<HotlineFigure, 'unreasonable'>>()
    expectTypeOf<HotlineReport['total']['cases'][HotlineFigure]>().toEqualTypeOf<readonly string[]>()
    const noWindow = () =>
      // @ts-expect-error a report needs its window
      hotlineReport(engine.system, { orgUnit: 'town' })
    expectTypeOf(noWindow).toBeFunction()
  })

  it('scores are typed', () => {
    expectTypeOf(score).parameter(0).toEqualTypeOf<HotlineCounts>()
    expectTypeOf(score).returns.toEqualTypeOf<Scores>()
  })
})
