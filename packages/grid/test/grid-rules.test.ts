// Every rule of the grid event (docs/domain-rules.md §2): the accepted side and the refused side,
// and every clock on the day before and after it runs out.
import { describe, expect, it } from 'vitest'
import {
  accepted,
  centre,
  context,
  effectsOf,
  gridEngine,
  member,
  operator,
  police,
  refused,
  refusedBy,
  report,
  resident,
  stranger,
  water,
  where,
} from './helpers.js'
import type { TestEngine } from '@fengqiao/core/testing'
import { gridGuards } from '../src/index.js'

const whistle = {
  type: 'WHISTLE' as const,
  departments: ['water', 'police'],
  leadLeader: '张副镇长',
  measures: '联合清淤',
}
const arrived = '2026-03-02T09:30:00+08:00'

async function whistled(t: TestEngine, overrides = {}) {
  const id = await accepted(t, overrides)
  await t.send(id, whistle, { actor: centre })
  return id
}

describe('accept or void (docs/domain-rules.md#2-grid-closed-loop)', () => {
  it('an operator accepts a report and opens its ledger row', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    expect(await context(t, id)).toMatchObject({ ledger: { status: 'open' } })
  })

  it('a void names its reason (duplicate, out of scope, unverifiable) and ends the case as void', async () => {
    const t = gridEngine()
    const { id } = await t.start('grid-event', report(), { actor: resident, orgUnit: 'grid-3' })
    await refused(t.send(id, { type: 'VOID', reason: 'boring' } as never, { actor: operator }), 'INVALID_EVENT')
    const view = await t.send(id, { type: 'VOID', reason: 'duplicate' }, { actor: operator })
    expect(view.status).toBe('completed')
    expect((await t.system.get(id)).state).toEqual({ procedure: 'void', ladder: 'settled' })
  })

  it('only an operator accepts', async () => {
    const t = gridEngine()
    const { id } = await t.start('grid-event', report(), { actor: resident, orgUnit: 'grid-3' })
    await refused(t.send(id, { type: 'ACCEPT' }, { actor: member }), 'FORBIDDEN')
  })
})

describe('withinCapacity (S4): a grid member claims only a green matter still at the grid', () => {
  it('claims a green matter at the grid', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(id, { type: 'CLAIM', member: 'wang' }, { actor: member })
    expect(await where(t, id)).toMatchObject({ procedure: 'selfHandled', ladder: 'grid' })
  })

  it('refuses to claim a yellow matter (it belongs to the township)', async () => {
    const t = gridEngine()
    const id = await accepted(t, { colour: 'yellow' })
    await refusedBy(t.send(id, { type: 'CLAIM', member: 'wang' }, { actor: member }), 'withinCapacity')
  })
})

describe('calledDepartment (BJ Art. 16; S4): the whistled departments report for duty, each once', () => {
  it('waits for every called department, then handling starts', async () => {
    const t = gridEngine()
    const id = await whistled(t)
    await t.runOutbox()
    expect(effectsOf(t, 'notifyDepartments')).toEqual([
      { departments: ['water', 'police'], leadLeader: '张副镇长', measures: '联合清淤' },
    ])
    await t.send(id, { type: 'REPORT_FOR_DUTY', department: 'water', arrivedAt: arrived }, { actor: water })
    expect(await where(t, id)).toMatchObject({ procedure: 'dispatched' })
    await t.send(id, { type: 'REPORT_FOR_DUTY', department: 'police', arrivedAt: arrived }, { actor: police })
    expect(await where(t, id)).toMatchObject({ procedure: 'inProgress' })
  })

  it('refuses a department that was not whistled for (at the door: the called departments are the parties)', async () => {
    const t = gridEngine()
    const id = await whistled(t)
    const housing = { id: 'housing', roles: ['department'], orgUnit: 'county' }
    await refused(
      t.send(id, { type: 'REPORT_FOR_DUTY', department: 'housing', arrivedAt: arrived }, { actor: housing }),
      'FORBIDDEN',
    )
    // The rule itself says why, for hosts that check before sending.
    const context = { whistle: { departments: ['water'], reported: [] } } as never
    const event = { type: 'REPORT_FOR_DUTY', department: 'housing', arrivedAt: arrived } as never
    expect(gridGuards.calledDepartment.explain({ context, event })).toMatchObject({
      rule: 'calledDepartment',
      reason: expect.stringContaining('was not whistled for'),
    })
  })

  it('a department reports for itself, not for another called department', async () => {
    const t = gridEngine()
    const id = await whistled(t)
    await refused(
      t.send(id, { type: 'REPORT_FOR_DUTY', department: 'police', arrivedAt: arrived }, { actor: water }),
      'FORBIDDEN',
      /reports for duty for itself/,
    )
  })

  it('refuses a department reporting twice', async () => {
    const t = gridEngine()
    const id = await whistled(t)
    await t.send(id, { type: 'REPORT_FOR_DUTY', department: 'water', arrivedAt: arrived }, { actor: water })
    await refusedBy(
      t.send(id, { type: 'REPORT_FOR_DUTY', department: 'water', arrivedAt: arrived }, { actor: water }),
      'calledDepartment',
    )
  })
})

describe('grid.whistleSLA [U]: route in 10 minutes, on site in 1 hour, first feedback in 1 working day', () => {
  it('a centre that has not whistled 10 minutes after acceptance gets a bulletin; not at 9', async () => {
    const t = gridEngine()
    await accepted(t)
    await t.advance('9m')
    await t.runOutbox()
    expect(effectsOf(t, 'issueBulletin')).toEqual([])
    await t.advance('2m')
    await t.runOutbox()
    expect(effectsOf(t, 'issueBulletin')).toEqual([{ level: 'grid', colour: 'green', reason: 'routeOverdue' }])
  })

  it('departments not on site within the hour are named late (and still report)', async () => {
    const t = gridEngine()
    const id = await whistled(t)
    await t.send(id, { type: 'REPORT_FOR_DUTY', department: 'water', arrivedAt: arrived }, { actor: water })
    await t.advance('59m')
    expect((await context(t, id)).whistle?.late).toEqual([])
    await t.advance('2m')
    await t.runOutbox()
    expect((await context(t, id)).whistle?.late).toEqual(['police'])
    expect(effectsOf(t, 'issueBulletin')).toContainEqual({
      level: 'grid',
      colour: 'green',
      reason: 'dutyOverdue',
      late: ['police'],
    })
    await t.send(
      id,
      { type: 'REPORT_FOR_DUTY', department: 'police', arrivedAt: '2026-03-02T10:10:00+08:00' },
      { actor: police },
    )
    expect(await where(t, id)).toMatchObject({ procedure: 'inProgress' })
  })

  it('no feedback a working day after reporting for duty: a bulletin', async () => {
    const t = gridEngine()
    const id = await whistled(t)
    await t.send(id, { type: 'REPORT_FOR_DUTY', department: 'water', arrivedAt: arrived }, { actor: water })
    await t.send(id, { type: 'REPORT_FOR_DUTY', department: 'police', arrivedAt: arrived }, { actor: police })
    await t.advance('2d')
    await t.runOutbox()
    expect(effectsOf(t, 'issueBulletin')).toContainEqual({ level: 'grid', colour: 'green', reason: 'feedbackOverdue' })
  })
})

describe('verify (S1 复核销项): a failed check goes back to the same handler and counts as a rework', () => {
  it('a grid member’s own fix that fails goes back to the grid member', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(id, { type: 'CLAIM', member: 'wang' }, { actor: member })
    await t.send(id, { type: 'FEEDBACK', result: '已协调' }, { actor: member })
    await t.send(id, { type: 'VERIFY', ok: false, note: '仍有积水' }, { actor: resident })
    expect(await where(t, id)).toMatchObject({ procedure: 'selfHandled' })
    expect((await context(t, id)).reworks).toBe(1)
  })

  it('the reporter verifies only their own report (parties)', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(id, { type: 'CLAIM', member: 'wang' }, { actor: member })
    await t.send(id, { type: 'FEEDBACK', result: '已协调' }, { actor: member })
    await refused(t.send(id, { type: 'VERIFY', ok: true }, { actor: stranger }), 'FORBIDDEN')
  })

  it('verification comes after feedback, and leaves the ladder running until it passes', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await refused(t.send(id, { type: 'VERIFY', ok: true }, { actor: member }), 'EVENT_NOT_ACCEPTED')
    expect(await where(t, id)).toEqual({ procedure: 'accepted', ladder: 'grid' })
  })

  it('each step is its role’s: a department does not claim, a grid member does not whistle', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await refused(t.send(id, { type: 'CLAIM', member: 'water' }, { actor: water }), 'FORBIDDEN')
    await refused(t.send(id, whistle, { actor: member }), 'FORBIDDEN')
  })

  it('a ledger row is struck off only once the case is closed', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await refused(t.send(id, { type: 'STRIKE_OFF' }, { actor: centre }), 'EVENT_NOT_ACCEPTED')
  })
})

describe('the escalation ladder (docs/domain-rules.md#21-escalation-ladder)', () => {
  it('a grid level whose time runs out moves to the village and stays green', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.advance('6d')
    expect(await where(t, id)).toMatchObject({ ladder: 'grid' })
    await t.advance('3d')
    expect(await where(t, id)).toMatchObject({ ladder: 'village' })
    expect(await context(t, id)).toMatchObject({ level: 'village', colour: 'green' })
    expect((await t.system.get(id)).orgUnit).toBe('village')
  })

  it('belowCeiling: beyond competence moves one level up; at the county it is refused', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(id, { type: 'ESCALATE', reason: 'beyondCompetence', note: '涉及跨村水利设施' }, { actor: member })
    expect(await context(t, id)).toMatchObject({ level: 'village', colour: 'green' })
    const red = await accepted(t, { colour: 'red' })
    expect(await where(t, red)).toMatchObject({ ladder: { county: 'owned' } })
    await refusedBy(
      t.send(red, { type: 'ESCALATE', reason: 'beyondCompetence', note: '再上报' }, { actor: centre }),
      'belowCeiling',
    )
  })

  it('a yellow report starts at the township', async () => {
    const t = gridEngine()
    const id = await accepted(t, { colour: 'yellow' })
    expect(await where(t, id)).toMatchObject({ ladder: 'township' })
  })

  it('colourRises: a regrade to yellow lifts a grid case to the township, to red to the county', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(id, { type: 'REGRADE', colour: 'yellow', reason: '涉及20户' }, { actor: centre })
    expect(await where(t, id)).toMatchObject({ ladder: 'township' })
    await t.send(id, { type: 'REGRADE', colour: 'red', reason: '群体性风险' }, { actor: centre })
    expect(await where(t, id)).toMatchObject({ ladder: { county: 'owned' } })
    expect(await context(t, id)).toMatchObject({ level: 'county', colour: 'red' })
  })

  it('colourRises: a colour is not lowered by a regrade (only a verified fix turns it green, 转绿)', async () => {
    const t = gridEngine()
    const id = await accepted(t, { colour: 'yellow' })
    await refusedBy(t.send(id, { type: 'REGRADE', colour: 'green', reason: '降级' }, { actor: centre }), 'colourRises')
    await t.send(id, { ...whistle, departments: ['water'] }, { actor: centre })
    await t.send(id, { type: 'REPORT_FOR_DUTY', department: 'water', arrivedAt: arrived }, { actor: water })
    await t.send(id, { type: 'FEEDBACK', result: '已修复' }, { actor: water })
    await t.send(id, { type: 'VERIFY', ok: true }, { actor: member })
    expect(await context(t, id)).toMatchObject({ colour: 'green' })
    expect((await context(t, id)).ladder.at(-1)).toEqual({ level: 'township', colour: 'green', reason: 'fixVerified' })
  })

  it('colour.autoUpgradeOnOverdue = false: an overdue village case moves up but keeps its colour', async () => {
    const t = gridEngine({ plugin: { parameters: { colour: { autoUpgradeOnOverdue: false } } } })
    const id = await accepted(t)
    await t.advance('20d')
    expect(await context(t, id)).toMatchObject({ level: 'township', colour: 'green' })
  })

  it('L3 is the ceiling: the county’s time running out is recorded and bulletined, nothing moves', async () => {
    const t = gridEngine()
    const id = await accepted(t, { colour: 'red' })
    await t.advance('32d')
    await t.runOutbox()
    expect(await context(t, id)).toMatchObject({ level: 'county', colour: 'red' })
    expect((await context(t, id)).ladder.at(-1)?.reason).toBe('ceiling')
    expect(effectsOf(t, 'issueBulletin')).toContainEqual({ level: 'county', colour: 'red', reason: 'ceiling' })
  })

  it('system events are the engine’s: a caller cannot send LEVEL_OVERDUE', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await refused(t.send(id, { type: 'LEVEL_OVERDUE' }, { actor: { id: 'x', roles: ['system'] } }), 'FORBIDDEN')
  })
})
