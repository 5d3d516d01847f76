// Every state and event of the three processes is named in Chinese and English.
import { labelGaps } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import {
  gridEventProcess,
  gridLabels,
  hotlineLabels,
  hotlineTicketProcess,
  roleLabels,
  gridRoles,
  urbanCaseProcess,
  urbanLabels,
} from '../src/index.js'

describe('labels', () => {
  it.each([
    ['grid-event', gridEventProcess(), gridLabels],
    ['urban-case', urbanCaseProcess(), urbanLabels],
    ['hotline-ticket', hotlineTicketProcess(), hotlineLabels],
  ] as const)('%s has a label for every state and event, and none left over', (_id, def, table) => {
    expect(labelGaps(def, table)).toEqual({ states: [], events: [], unknownStates: [], unknownEvents: [] })
  })

  it('every role has a label', () => {
    expect(Object.keys(roleLabels).sort()).toEqual(Object.values(gridRoles).sort())
  })
})
