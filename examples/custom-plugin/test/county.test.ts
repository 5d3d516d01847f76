// The county's variation of @fengqiao/grid: its parameters, its photo rule and its metric set,
// through the public API.
import { describe, expect, it } from 'vitest'
import { createTestEngine } from '@fengqiao/core/testing'
import { gridPlugin, hotlineReport, type GridEventContext, type HotlineTicketContext } from '@fengqiao/grid'
import { countyGrid, countyRates } from '../src/county.js'

const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'village', parent: 'town', level: 'village' },
  { id: 'grid-1', parent: 'village', level: 'grid' },
]
const member = { id: 'li', roles: ['gridMember'], orgUnit: 'grid-1' }
const operator = { id: 'op', roles: ['operator'], orgUnit: 'village' }
const resident = { id: 'zhang', roles: ['resident', 'reporter'] }
const hotline = { id: '12345', roles: ['hotline'], orgUnit: 'county' }
const town = { id: 'town-gov', roles: ['unit'], orgUnit: 'town' }
const report = {
  location: '3组',
  grid: 'grid-1',
  category: 'roadDamage',
  text: '路面塌陷',
  source: 'resident',
  reporter: { id: 'zhang' },
} as const

function county() {
  const c = countyGrid()
  const t = createTestEngine({ orgUnits, plugins: c.plugins, start: '2026-05-11T09:00:00+08:00' })
  return { t, c }
}
const now = (t: { clock: { now(): number } }) => new Date(t.clock.now()).toISOString()

describe("the county's variation of @fengqiao/grid", () => {
  it("changes the package's parameters: green within 5 days, callers contacted within 12 hours", () => {
    const { c } = county()
    expect(c.grid.parameters.grid.colour.greenDays).toBe(5)
    expect(gridPlugin().parameters.grid.colour.greenDays).toBe(7)
    expect(c.grid.parameters.hotline.contactHours).toBe(12)
  })

  it("拍照上传: a grid member's feedback without a photo is refused, nothing written; with one it goes on", async () => {
    const { t } = county()
    const { id } = await t.start('grid-event', report, { actor: resident, orgUnit: 'grid-1' })
    await t.send(id, { type: 'ACCEPT' }, { actor: operator })
    await t.send(id, { type: 'CLAIM', member: 'li' }, { actor: member })
    const before = (await t.system.history(id)).length
    await expect(t.send(id, { type: 'FEEDBACK', result: '已修复' }, { actor: member })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
      details: { rule: 'photoRequired' },
    })
    expect((await t.system.history(id)).length).toBe(before)
    await t.send(id, { type: 'FEEDBACK', result: '已修复', photos: ['after.jpg'] }, { actor: member })
    expect(((await t.system.get(id)).context as GridEventContext).feedback).toHaveLength(1)
  })

  it("a ticket signed for after 13 hours is late under the county's 12, and its metric set scores it", async () => {
    const { t, c } = county()
    const ids: string[] = []
    for (const hours of ['2h', '13h']) {
      const { id } = await t.start(
        'hotline-ticket',
        { receivedAt: now(t), kind: 'complaint', matter: '噪音扰民', category: 'noise', caller: { phone: '1' } },
        { actor: hotline, orgUnit: 'village' },
      )
      ids.push(id)
      await t.send(id, { type: 'DISPATCH', unit: 'town-gov' }, { actor: hotline })
      await t.advance(hours)
      await t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: town })
      await t.send(id, { type: 'FEED_BACK', result: 'resolved', reply: '已整改' }, { actor: town })
      await t.send(
        id,
        { type: 'CALLBACK', reached: true, resolved: true, satisfaction: 'satisfied' },
        { actor: hotline },
      )
    }
    expect(((await t.system.get(ids[1] ?? '')).context as HotlineTicketContext).contact?.inTime).toBe(false)
    const r = await hotlineReport(t.system, {
      from: Date.parse('2026-05-01T00:00:00+08:00'),
      to: Date.parse('2026-06-01T00:00:00+08:00'),
      set: countyRates,
      parameters: c.grid.parameters.hotline,
    })
    expect(r.set).toBe('county')
    expect(r.total.scores.figures.signFor).toMatchObject({ numerator: 2, denominator: 2 })
    expect(r.total.scores.figures.response).toMatchObject({ numerator: 1, denominator: 2 })
    expect(r.total.scores.composite).toBeCloseTo(0.2 + 0.3 * 0.5 + 0.5, 10)
    expect(r.total.cases.respondedInTime).toEqual([ids[0]])
    expect(r.byOrgUnit.map((row) => row.orgUnit)).toEqual(['village'])
  })

  it("the engine's report counts the county's grid events per org unit", async () => {
    const { t } = county()
    const { id } = await t.start('grid-event', report, { actor: resident, orgUnit: 'grid-1' })
    await t.send(id, { type: 'ACCEPT' }, { actor: operator })
    const r = await t.system.report({
      processId: 'grid-event',
      from: Date.parse('2026-05-01T00:00:00+08:00'),
      to: Date.parse('2026-06-01T00:00:00+08:00'),
    })
    expect(r.byOrgUnit.find((row) => row.orgUnit === 'grid-1')?.own.opened).toBe(1)
    expect(r.byOrgUnit.find((row) => row.orgUnit === 'town')?.total.opened).toBe(1)
  })
})
