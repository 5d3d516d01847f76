import { describe, expect, it } from 'vitest'
import { createTestEngine } from '@fengqiao/core/testing'
import { formatRate } from '@fengqiao/core'
import { gridPlugin } from '../src/grid-event.js'

const orgUnits = [
  { id: 'town', level: 'township' },
  { id: 'village', parent: 'town', level: 'village' },
  { id: 'grid-1', parent: 'village', level: 'grid' },
]
const member = { id: 'li', roles: ['gridMember', 'reporter'], orgUnit: 'grid-1' }
const centre = { id: 'centre', roles: ['centre', 'operator'], orgUnit: 'town' }
const dept = { id: 'works', roles: ['department'], orgUnit: 'town' }
const report = { location: '3组', grid: 'grid-1', category: 'road', text: '路面塌陷', reporter: 'li' }

function setupGrid() {
  const effects: string[] = []
  const t = createTestEngine({
    orgUnits,
    start: '2026-05-11T09:00:00+08:00', // a Monday
    plugins: [
      gridPlugin({
        notifyDepartment: (d) => void effects.push(`notify:${d}`),
        strikeOffLedger: (id) => void effects.push(`strike:${id}`),
      }),
    ],
  })
  return { t, effects }
}

describe('grid event closed loop (docs/domain-rules.md#2-grid-closed-loop)', () => {
  it('scenario 1, micro-matter: report → claim → self-handle → reporter verifies → closed at the grid, ledger struck off', async () => {
    const { t, effects } = setupGrid()
    const { id } = await t.start('gridEvent', report, { actor: member, orgUnit: 'grid-1' })
    await t.send(id, { type: 'ACCEPT' }, { actor: centre })
    await t.send(id, { type: 'CLAIM', member: 'li' }, { actor: member })
    await t.send(id, { type: 'FEEDBACK', result: '已处理', photos: [] }, { actor: member })
    const s = await t.send(id, { type: 'VERIFY', ok: true }, { actor: member })
    expect(s).toMatchObject({ state: 'closed', status: 'completed' })
    expect((await t.system.get(id)).orgUnit).toBe('grid-1')
    await t.runOutbox()
    expect(effects).toEqual([`strike:${id}`])
  })

  it('scenario 2, whistle with rework: the failed verification goes back to the same department; rework count 1', async () => {
    const { t, effects } = setupGrid()
    const { id } = await t.start('gridEvent', report, { actor: member, orgUnit: 'grid-1' })
    await t.send(id, { type: 'ACCEPT' }, { actor: centre })
    await t.send(id, { type: 'WHISTLE', department: 'works', leadLeader: '王', measures: '修复' }, { actor: centre })
    expect((await t.system.tasks({ instanceId: id })).items[0]).toMatchObject({ role: 'department', assignee: 'works' })
    await t.send(id, { type: 'REPORT_FOR_DUTY', arrivedAt: '2026-05-11T09:40:00+08:00' }, { actor: dept })
    await t.send(id, { type: 'FEEDBACK', result: '警示', photos: [] }, { actor: dept })
    expect((await t.send(id, { type: 'VERIFY', ok: false }, { actor: member })).state).toBe('inProgress')
    await t.send(id, { type: 'FEEDBACK', result: '修复', photos: ['a.jpg'] }, { actor: dept })
    expect((await t.send(id, { type: 'VERIFY', ok: true }, { actor: member })).state).toBe('closed')
    expect((await t.system.get(id)).context).toMatchObject({
      reworks: 1,
      feedback: [{ result: '警示' }, { result: '修复' }],
    })
    await t.runOutbox()
    expect(effects).toEqual(['notify:works', `strike:${id}`])
  })

  it('scenario 3, SLA expiry: a department that does not report on site within the hour escalates, green → yellow', async () => {
    const { t } = setupGrid()
    const { id } = await t.start('gridEvent', report, { actor: member, orgUnit: 'grid-1' })
    await t.send(id, { type: 'ACCEPT' }, { actor: centre })
    await t.send(id, { type: 'WHISTLE', department: 'works', leadLeader: '王', measures: '修复' }, { actor: centre })
    await t.advance('59m')
    expect((await t.system.get(id)).state).toBe('dispatched')
    await t.advance('1m')
    const v = await t.system.get(id)
    expect(v).toMatchObject({ state: 'escalated', context: { colour: 'yellow' } })
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'deadline',
      detail: { deadline: 'onSite', sent: 'OVERDUE' },
    })
  })

  it('scenario 5: a voided report is excluded from the metrics', async () => {
    const { t } = setupGrid()
    const a = await t.start('gridEvent', report, { actor: member, orgUnit: 'grid-1' })
    const b = await t.start('gridEvent', report, { actor: member, orgUnit: 'grid-1' })
    await t.send(a.id, { type: 'VOID', reason: 'duplicate' }, { actor: centre })
    await t.send(b.id, { type: 'ACCEPT' }, { actor: centre })
    await t.send(b.id, { type: 'CLAIM', member: 'li' }, { actor: member })
    await t.send(b.id, { type: 'FEEDBACK', result: 'ok', photos: [] }, { actor: member })
    await t.send(b.id, { type: 'VERIFY', ok: true }, { actor: member })
    const r = await t.system.report({
      processId: 'gridEvent',
      from: Date.parse('2026-05-01T00:00:00+08:00'),
      to: Date.parse('2026-06-01T00:00:00+08:00'),
    })
    expect(r.total).toMatchObject({ opened: 2, void: 1, resolved: 1 })
    expect(formatRate(r.total.resolutionRate)).toBe('100.00 %')
  })

  it('refuses each event to a role that may not send it, and a void reason outside the list', async () => {
    const { t } = setupGrid()
    const { id } = await t.start('gridEvent', report, { actor: member, orgUnit: 'grid-1' })
    await expect(t.send(id, { type: 'ACCEPT' }, { actor: member })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(t.send(id, { type: 'VOID', reason: 'bored' } as never, { actor: centre })).rejects.toMatchObject({
      code: 'INVALID_EVENT',
    })
    await t.send(id, { type: 'ACCEPT' }, { actor: centre })
    await expect(
      t.send(id, { type: 'WHISTLE', department: 'works', leadLeader: '王', measures: 'x' }, { actor: member }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(t.send(id, { type: 'CLAIM', member: 'li' }, { actor: dept })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    await expect(t.start('gridEvent', report, { actor: dept })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(t.send(id, { type: 'OVERDUE' }, { actor: centre })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})
