// The hotline's figures per org unit and period, drillable to their cases (BJ Arts. 32–33,
// formulas [U]; docs/processes/hotline.md "Figures in the report").
import { describe, expect, it } from 'vitest'
import type { Actor } from '@fengqiao/core'
import type { TestEngine } from '@fengqiao/core/testing'
import {
  defaultHotlineParameters,
  HOTLINE_FIGURES,
  hotlineCounts,
  hotlineReport,
  percent,
  processRates,
  type HotlineFigure,
  type HotlineTicketContext,
  type Rate,
} from '../src/index.js'
import { bureau, gridEngine, hotline, street, unit } from './helpers.js'

const housing = { ...unit, id: 'unit-housing' }
const street2: Actor = { ...unit, id: 'unit-street' }
const now = (t: TestEngine) => new Date(t.clock.now()).toISOString()
const MARCH = { from: new Date('2026-03-01T00:00:00+08:00'), to: new Date('2026-04-01T00:00:00+08:00') }

async function ticket(t: TestEngine, orgUnit: string, matter = '小区楼道灯长期不亮') {
  const { id } = await t.start(
    'hotline-ticket',
    {
      receivedAt: now(t),
      kind: 'complaint',
      matter,
      category: 'propertyManagement',
      caller: { name: '王五', phone: '13700000000' },
    },
    { actor: hotline, orgUnit },
  )
  return id
}

/** A month of five tickets in two org units; one more comes in April. */
async function month(t: TestEngine) {
  // county: dispatched, whistled on, resolved and satisfied
  const a = await ticket(t, 'county')
  await t.send(a, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: hotline })
  await t.send(a, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing })
  await t.send(a, { type: 'WHISTLE', street: '某街道', departments: ['区城管委'] }, { actor: street })
  await t.send(a, { type: 'FEED_BACK', result: 'resolved', reply: '已更换灯具' }, { actor: housing })
  await t.send(a, { type: 'CALLBACK', reached: true, resolved: true, satisfaction: 'satisfied' }, { actor: hotline })
  // county: answered on the call — received, never dispatched
  const b = await ticket(t, 'county', '办理居住证需要什么材料')
  await t.send(b, { type: 'ANSWER', answer: '携带身份证到社区服务站办理' }, { actor: hotline })
  // street: objection upheld, re-dispatched, unresolved and basically satisfied
  const c = await ticket(t, 'street')
  await t.send(c, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: hotline })
  await t.send(c, { type: 'OBJECT', reason: '属于街道职责' }, { actor: housing })
  await t.send(
    c,
    { type: 'SETTLE_OBJECTION', upheld: true, unit: 'unit-street', reason: '异议成立' },
    { actor: bureau },
  )
  await t.send(c, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: street2 })
  await t.send(c, { type: 'FEED_BACK', result: 'explained', reply: '已解释' }, { actor: street2 })
  await t.send(
    c,
    { type: 'CALLBACK', reached: true, resolved: false, satisfaction: 'basicallySatisfied' },
    { actor: hotline },
  )
  // street: dispatched, never signed for (still open)
  const d = await ticket(t, 'street')
  await t.send(d, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: hotline })
  await t.advance('31d')
  // April: outside the window
  const e = await ticket(t, 'county')
  await t.send(e, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: hotline })
  return { a, b, c, d, e }
}

describe('hotlineReport: the three rates per org unit and period, each drillable to its cases', () => {
  it('counts the tickets received in the window, per org unit, per dispatched unit and per whistling street', async () => {
    const t = gridEngine()
    const { a, b, c, d } = await month(t)
    const r = await hotlineReport(t.system, MARCH)
    expect(r.set).toBe('beijing')
    expect(r.total.received).toBe(4)
    expect(r.total.counts).toMatchObject({ dispatched: 3, respondedInTime: 2, callbacks: 2, resolved: 1 })
    expect(r.total.cases.dispatched).toEqual([a, c, d])
    expect(r.total.cases.respondedInTime).toEqual([a, c])
    expect(r.total.cases.resolved).toEqual([a])
    expect(r.total.cases.basicallySatisfied).toEqual([c])
    expect(r.total.cases.returned).toEqual([c])
    expect(r.total.cases.dispatched).not.toContain(b)
    // 响应率 2/3, 解决率 1/2, 满意率 (1 + w × 1) / 2, w the basically-satisfied weight
    expect(percent(r.total.scores.figures.response as Rate)).toBe(66.67)
    expect(percent(r.total.scores.figures.resolution as Rate)).toBe(50)
    expect(r.total.scores.figures.satisfaction).toBeCloseTo(
      (1 + defaultHotlineParameters.basicallySatisfiedWeight) / 2,
      10,
    )
    expect(r.total.scores.composite).not.toBeNull()
    expect(r.byOrgUnit.map((row) => [row.orgUnit, row.figures.received])).toEqual([
      ['county', 2],
      ['street', 2],
    ])
    const streetRow = r.byOrgUnit.find((row) => row.orgUnit === 'street')
    expect(streetRow?.query).toEqual({
      processId: 'hotline-ticket',
      orgUnit: 'street',
      createdFrom: MARCH.from.getTime(),
      createdBefore: MARCH.to.getTime(),
    })
    // The row's query lists exactly the row's tickets: the candidates its counts are taken from.
    for (const row of r.byOrgUnit) {
      const listed = (await t.system.instances(row.query)).items.map((i) => i.id)
      expect(listed.sort()).toEqual([...row.figures.cases.dispatched, ...(row.orgUnit === 'county' ? [b] : [])].sort())
    }
    expect(streetRow?.figures.cases.dispatched).toEqual([c, d])
    // 双考核: the unit it ended with, and the street that whistled
    expect(Object.keys(r.units).sort()).toEqual(['unit-housing', 'unit-street'])
    expect(r.units['unit-street']?.cases.resolved).toEqual([])
    expect(r.streets['某街道']?.cases.satisfied).toEqual([a])
    expect(r.streets['某街道']?.scores.composite).toBe(1)
  })

  it("every row's drill-down lists exactly the cases its counts count", async () => {
    const t = gridEngine()
    await month(t)
    const r = await hotlineReport(t.system, { from: MARCH.from, to: new Date('2026-05-01T00:00:00+08:00') })
    for (const f of [r.total, ...r.byOrgUnit.map((row) => row.figures), ...Object.values(r.units)]) {
      const contexts: HotlineTicketContext[] = []
      for (const id of f.cases.dispatched) contexts.push((await t.system.get(id)).context as HotlineTicketContext)
      const counts = hotlineCounts(contexts)
      expect(counts).toEqual(f.counts)
      for (const k of Object.keys(HOTLINE_FIGURES) as HotlineFigure[]) {
        if (k === 'returned' || k === 'unreasonable') continue
        expect(f.cases[k].length, k).toBe(counts[k])
      }
    }
    expect(r.total.received).toBe(5)
  })

  it('comes out the same whatever order the store lists the tickets in', async () => {
    const t = gridEngine()
    await month(t)
    const reversed = {
      instances: async (q: Parameters<typeof t.system.instances>[0]) => {
        const page = await t.system.instances(q)
        return { ...page, items: [...page.items].reverse() }
      },
      get: (id: string) => t.system.get(id),
    }
    expect(await hotlineReport(reversed, MARCH)).toEqual(await hotlineReport(t.system, MARCH))
  })

  it('takes another metric set, and an org-unit scope', async () => {
    const t = gridEngine()
    await month(t)
    const r = await hotlineReport(t.system, { ...MARCH, orgUnit: 'street', set: processRates })
    expect(r.set).toBe('process')
    expect(r.byOrgUnit.map((row) => row.orgUnit)).toEqual(['street'])
    expect(r.total.scores.figures.returned).toMatchObject({ numerator: 1, denominator: 2 })
    expect(r.total.scores.composite).toBeNull()
  })

  it('an actor reads only the cases they may see', async () => {
    const t = gridEngine()
    await month(t)
    const reader = {
      instances: (q: Parameters<typeof t.instances>[0]) => t.instances({ ...q, actor: street }),
      get: (id: string) => t.get(id, { actor: street }),
    }
    const r = await hotlineReport(reader, MARCH)
    expect(r.byOrgUnit.every((row) => row.orgUnit === 'street')).toBe(true)
  })

  it('refuses a window that is not from < to (INVALID_OPTIONS), before reading a case', async () => {
    const t = gridEngine()
    let reads = 0
    const reader = {
      instances: (q: Parameters<typeof t.system.instances>[0]) => (reads++, t.system.instances(q)),
      get: (id: string) => t.system.get(id),
    }
    await expect(hotlineReport(reader, { from: MARCH.to, to: MARCH.from })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    })
    await expect(hotlineReport(reader, { from: Number.NaN, to: MARCH.to })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    })
    expect(reads).toBe(0)
  })
})
