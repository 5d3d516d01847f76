import { describe, expectTypeOf, it } from 'vitest'
import type {
  CaseColour,
  ContextOf,
  DeadlineStatus,
  DeadlineView,
  InstanceListItem,
  InstanceQuery,
  InstanceSummary,
  InstanceView,
  Page,
  TaskView,
} from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { complaint } from './fixtures/complaint.js'

describe('read-model types', () => {
  it('types engine.get as a whole case whose context is the process context', () => {
    const engine = createTestEngine({ processes: [complaint] })
    expectTypeOf(engine.process(complaint).get).returns.resolves.toHaveProperty('context').toEqualTypeOf<ContextOf<typeof complaint>>()
    expectTypeOf<InstanceView>().toExtend<InstanceListItem>()
    expectTypeOf<InstanceListItem>().toExtend<InstanceSummary>()
    expectTypeOf<InstanceView['deadlines']>().toEqualTypeOf<readonly DeadlineView[]>()
    expectTypeOf<InstanceView['tasks']>().toEqualTypeOf<readonly TaskView[]>()
    expectTypeOf<InstanceView['childIds']>().toEqualTypeOf<readonly string[]>()
    expectTypeOf<DeadlineView['status']>().toEqualTypeOf<DeadlineStatus>()
    expectTypeOf<DeadlineStatus>().toEqualTypeOf<'running' | 'paused' | 'expired'>()
    expectTypeOf<InstanceListItem['colour']>().toEqualTypeOf<CaseColour | null>()
    expectTypeOf<InstanceListItem['dueAt']>().toEqualTypeOf<Date | null>()
  })

  it('types engine.instances: list items out, checked query fields in', () => {
    const engine = createTestEngine({ processes: [complaint] })
    expectTypeOf(engine.system.instances).returns.resolves.toEqualTypeOf<Page<InstanceListItem>>()
    expectTypeOf(engine.instances).returns.resolves.toEqualTypeOf<Page<InstanceListItem>>()
    expectTypeOf<InstanceQuery['colour']>().toEqualTypeOf<CaseColour | undefined>()
    expectTypeOf<InstanceQuery['createdFrom']>().toEqualTypeOf<Date | number | undefined>()
    // Type-checked only, never called.
    const notCalled = () => {
      // @ts-expect-error: not a colour
      void engine.system.instances({ colour: 'blue' })
      // @ts-expect-error: not a field of the query
      void engine.system.instances({ orgunit: 'town' })
    }
    expectTypeOf(notCalled).toBeFunction()
  })
})
