// The digital urban-management case (docs/domain-rules.md#3-digital-urban-management), and
// docs/domain-rules.md §10 scenarios 5 and 6.
import { describe, expect, it } from 'vitest'
import type { TestEngine } from '@fengqiao/core/testing'
import { percent, urbanCounts, urbanRates, type UrbanCaseContext } from '../src/index.js'
import { command, gridEngine, refused, supervisor, unit } from './helpers.js'

const input = {
  source: 'supervisor' as const,
  cell: '420981-001-0203',
  location: '人民大道与竟陵路交叉口',
  description: '井盖破损',
}

async function dispatched(t: TestEngine, urgent = false) {
  const { id } = await t.start('urban-case', input, { actor: supervisor, orgUnit: 'county' })
  await t.send(id, { type: 'FILE', kind: 'component', category: '井盖', urgent }, { actor: supervisor })
  await t.send(id, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: command })
  return id
}

const record = async (t: TestEngine, id: string) => {
  const v = await t.system.get(id)
  // The outcome (the final state's meta.outcome) is what reports read, from the stored instance.
  return { context: v.context as UrbanCaseContext, outcome: t.store.tables.instances.get(id)?.outcome ?? null }
}

describe('the urban case: collect → file → dispatch → handle → check → close', () => {
  it('5. urban case voided: a report that fails the filing check is cancelled (注销) — VOID, excluded from the rates', async () => {
    const t = gridEngine()
    const { id } = await t.start('urban-case', input, { actor: supervisor, orgUnit: 'county' })
    const view = await t.send(id, { type: 'CANCEL', reason: 'notVerified' }, { actor: supervisor })
    expect(view.status).toBe('completed')
    const closed = await dispatched(t)
    await t.send(closed, { type: 'FEEDBACK', result: '已更换井盖' }, { actor: unit })
    await t.send(closed, { type: 'CHECK', ok: true }, { actor: supervisor })
    const counts = urbanCounts([await record(t, id), await record(t, closed)])
    expect(counts).toEqual({ due: 1, closed: 1, closedOnTime: 1, feedbacks: 1, failedChecks: 0 })
    expect(percent(urbanRates(counts).closing)).toBe(100)
  })

  it('closingStandard: a failed check re-dispatches the case until it meets the closing standard', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await t.send(id, { type: 'FEEDBACK', result: '临时围挡' }, { actor: unit })
    await t.send(id, { type: 'CHECK', ok: false, note: '未更换' }, { actor: supervisor })
    expect((await t.system.get(id)).state).toEqual({ handling: 'ordinary' })
    await t.send(id, { type: 'FEEDBACK', result: '已更换井盖' }, { actor: unit })
    await t.send(id, { type: 'CHECK', ok: true }, { actor: supervisor })
    const r = await record(t, id)
    expect(r.outcome).toBe('resolved')
    expect(r.context).toMatchObject({ dispatches: 2, feedbacks: 2, failedChecks: 1 })
    expect(percent(urbanRates(urbanCounts([r])).rework)).toBe(50)
  })

  it('the clock runs from dispatch: ordinary cases 3 working days, urgent ones 2 hours (CJ/T 315-2009 [U])', async () => {
    const t = gridEngine()
    const { id: notYet } = await t.start('urban-case', input, { actor: supervisor, orgUnit: 'county' })
    const ordinary = await dispatched(t)
    const urgent = await dispatched(t, true)
    expect((await t.system.get(urgent)).state).toEqual({ handling: 'urgent' })
    await t.advance('1h')
    expect((await record(t, urgent)).context.late).toBe(false)
    await t.advance('2h')
    expect((await record(t, urgent)).context.late).toBe(true)
    expect((await record(t, ordinary)).context.late).toBe(false)
    await t.advance('5d')
    expect((await record(t, ordinary)).context.late).toBe(true)
    expect((await record(t, notYet)).context.late).toBe(false)
  })

  it('only the supervision centre files, only the command centre dispatches', async () => {
    const t = gridEngine()
    const { id } = await t.start('urban-case', input, { actor: supervisor, orgUnit: 'county' })
    await refused(t.send(id, { type: 'FILE', kind: 'event', category: '占道' }, { actor: command }), 'FORBIDDEN')
    await t.send(id, { type: 'FILE', kind: 'event', category: '占道' }, { actor: supervisor })
    await refused(t.send(id, { type: 'DISPATCH', unit: '城管中队' }, { actor: supervisor }), 'FORBIDDEN')
    // Not dispatched yet: no unit is the case's, so no unit may feed back.
    await refused(t.send(id, { type: 'FEEDBACK', result: '已处理' }, { actor: unit }), 'FORBIDDEN')
  })

  it('only the unit the case was dispatched to feeds back', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await refused(
      t.send(id, { type: 'FEEDBACK', result: '已处理' }, { actor: { ...unit, id: 'unit-other' } }),
      'FORBIDDEN',
    )
    await t.send(id, { type: 'FEEDBACK', result: '已处理' }, { actor: unit })
  })

  it('a check is taken only after feedback', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await t.send(id, { type: 'FEEDBACK', result: '已处理' }, { actor: unit })
    // A failed check is not refused (it re-dispatches); CHECK in another state is.
    await t.send(id, { type: 'CHECK', ok: false }, { actor: supervisor })
    await refused(t.send(id, { type: 'CHECK', ok: true }, { actor: supervisor }), 'EVENT_NOT_ACCEPTED')
  })
})

describe('6. urban metrics: closing rate and on-time closing rate (Tianmen, December 2016)', () => {
  it('972 due, 911 closed, 737 on time → 93.72 % closed and 75.82 % on time', () => {
    const r = urbanRates({ due: 972, closed: 911, closedOnTime: 737, feedbacks: 0, failedChecks: 0 })
    expect(percent(r.closing)).toBe(93.72)
    expect(percent(r.onTime)).toBe(75.82)
    expect(r.closing).toMatchObject({ numerator: 911, denominator: 972 })
    expect(r.rework.value).toBeNull()
  })
})
