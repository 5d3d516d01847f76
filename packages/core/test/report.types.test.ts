// The report's drill-down is typed as what engine.instances and engine.tasks accept, so a
// figure's case list is one call away without casts.
import { describe, expectTypeOf, it } from 'vitest'
import type { CaseFigure, DrillDown, InstanceQuery, ReportFigures, SystemReads, TaskQuery } from '../src/index.js'

describe('report drill-down types', () => {
  it('hands each figure to engine.instances or engine.tasks as is', () => {
    expectTypeOf<DrillDown[CaseFigure]>().toEqualTypeOf<readonly InstanceQuery[]>()
    expectTypeOf<DrillDown['byStatus']['active'][number]>().toExtend<Parameters<SystemReads['instances']>[0]>()
    expectTypeOf<DrillDown['openTasks']['red'][number]>().toEqualTypeOf<TaskQuery>()
    expectTypeOf<ReportFigures['drillDown']>().toEqualTypeOf<DrillDown | undefined>()
    // Every counted figure is a number of the figures.
    expectTypeOf<ReportFigures[CaseFigure]>().toEqualTypeOf<number>()
    // @ts-expect-error a rate has no drill-down of its own
    expectTypeOf<DrillDown['onTimeRate']>().toBeNever()
  })

  it('takes report times as Dates or epoch milliseconds', () => {
    expectTypeOf<InstanceQuery['completedFrom']>().toEqualTypeOf<Date | number | undefined>()
    expectTypeOf<InstanceQuery['escalatedBefore']>().toEqualTypeOf<Date | number | undefined>()
    expectTypeOf<InstanceQuery['processId']>().toEqualTypeOf<string | readonly string[] | undefined>()
  })
})
