import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, formatRate, type EventsOf } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

const events = {
  CLOSE: { schema: z.object({}), roles: ['handler'] },
  VOID: { schema: z.object({}), roles: ['handler'] },
  FAIL: { schema: z.object({}), roles: ['handler'] },
} as const
const machine = setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
  id: 'urban',
  initial: 'dispatched',
  states: {
    dispatched: {
      meta: { task: { role: 'handler' }, deadline: { days: 10, name: 'handle', warnAt: 0.5 } },
      on: { CLOSE: 'closed', VOID: 'voided', FAIL: 'failed' },
    },
    closed: { type: 'final', meta: { outcome: 'resolved' } },
    failed: { type: 'final', meta: { outcome: 'unresolved' } },
    voided: { type: 'final', meta: { outcome: 'void' } },
  },
})
const urban = defineProcess({ id: 'urban', version: 1, machine, events })
const orgUnits = [
  { id: 'city', level: 'city' },
  { id: 'east', parent: 'city', level: 'district' },
  { id: 'west', parent: 'city', level: 'district' },
  { id: 'west-1', parent: 'west', level: 'street' },
]
const handler = { id: 'h', roles: ['handler'], orgUnit: 'city' }

describe('reports', () => {
  it('reproduces Tianmen, December 2016: 972 due, 911 closed, 737 on time → 93.72 % and 75.82 %', async () => {
    const t = createTestEngine({ processes: [urban], orgUnits, start: '2016-12-01T09:00:00+08:00' })
    const ids: string[] = []
    for (let i = 0; i < 972; i++) {
      const unit = i % 3 === 0 ? 'east' : i % 3 === 1 ? 'west' : 'west-1'
      ids.push((await t.start('urban', undefined, { actor: handler, orgUnit: unit })).id)
    }
    // 10 days from Thu Dec 1 ends Sun Dec 11, rolled to Mon Dec 12: due at Dec 13 00:00.
    await t.advance('4d')
    for (const id of ids.slice(0, 737)) await t.send(id, { type: 'CLOSE' }, { actor: handler })
    await t.advance('9d') // Dec 14: the remaining 235 are overdue
    for (const id of ids.slice(737, 911)) await t.send(id, { type: 'CLOSE' }, { actor: handler })
    const r = await t.system.report({
      processId: 'urban',
      from: Date.parse('2016-12-01T00:00:00+08:00'),
      to: Date.parse('2017-01-01T00:00:00+08:00'),
    })
    expect(r.total).toMatchObject({
      opened: 972,
      dueToClose: 972,
      closed: 911,
      closedOnTime: 737,
      overdue: 61,
      resolved: 911,
    })
    expect(formatRate(r.total.closingRate)).toBe('93.72 %')
    expect(formatRate(r.total.onTimeRate)).toBe('75.82 %')
    expect(r.total.byStatus).toEqual({ active: 61, suspended: 0, completed: 911, cancelled: 0, failed: 0 })
    expect(r.total.byState).toEqual({ dispatched: 61, closed: 911 })
    expect(r.total.openTasks).toEqual({ red: 61, yellow: 0, green: 0 })
    expect(r.total.meanTimeToCloseMs).toBeCloseTo(((737 * 4 + 174 * 13) / 911) * 86_400_000, 0)
    // Rolled up the tree: the city is the sum of its districts; west includes its street.
    const row = (u: string) => r.byOrgUnit.find((x) => x.orgUnit === u)
    expect(r.byOrgUnit.map((x) => x.orgUnit)).toEqual(['city', 'east', 'west', 'west-1'])
    expect(row('city')?.total.dueToClose).toBe(972)
    expect(row('city')?.own.dueToClose).toBe(0)
    expect((row('east')?.total.dueToClose ?? 0) + (row('west')?.total.dueToClose ?? 0)).toBe(972)
    expect(row('west')?.total.closed).toBe((row('west')?.own.closed ?? 0) + (row('west-1')?.total.closed ?? 0))
    // A window that holds none of the due dates counts none of them.
    const jan = await t.system.report({
      processId: 'urban',
      from: Date.parse('2017-01-01T00:00:00+08:00'),
      to: Date.parse('2017-02-01T00:00:00+08:00'),
    })
    expect(jan.total).toMatchObject({ opened: 0, dueToClose: 0, closingRate: null, onTimeRate: null })
  })

  it('"16 disputes, 16 resolved, 100 %"; void cases are left out, unresolved ones count against', async () => {
    const t = createTestEngine({ processes: [urban], orgUnits, start: '2026-03-02T09:00:00+08:00' })
    const ids: string[] = []
    for (let i = 0; i < 16; i++)
      ids.push((await t.start('urban', undefined, { actor: handler, orgUnit: i < 8 ? 'east' : 'west-1' })).id)
    const extra = await t.start('urban', undefined, { actor: handler, orgUnit: 'east' })
    await t.advance('2d')
    for (const id of ids) await t.send(id, { type: 'CLOSE' }, { actor: handler })
    await t.send(extra.id, { type: 'VOID' }, { actor: handler })
    const window = { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') }
    const r = await t.system.report({ ...window, orgUnit: 'city' })
    expect(r.total).toMatchObject({ opened: 17, resolved: 16, void: 1 })
    expect(formatRate(r.total.resolutionRate)).toBe('100.00 %')
    expect(r.byOrgUnit.find((x) => x.orgUnit === 'west')?.total).toMatchObject({
      opened: 8,
      resolved: 8,
      resolutionRate: 1,
    })
    const more = await t.start('urban', undefined, { actor: handler, orgUnit: 'west-1' })
    await t.send(more.id, { type: 'FAIL' }, { actor: handler })
    const r2 = await t.system.report({ ...window, orgUnit: 'west' })
    expect(r2.byOrgUnit.map((x) => x.orgUnit)).toEqual(['west', 'west-1'])
    expect(r2.total).toMatchObject({ opened: 9, resolved: 8, unresolved: 1 })
    expect(formatRate(r2.total.resolutionRate)).toBe('88.89 %')
  })

  it('counts open tasks by colour at the engine clock', async () => {
    const t = createTestEngine({ processes: [urban], start: '2026-03-02T09:00:00+08:00' })
    await t.start('urban', undefined, { actor: handler })
    await t.advance('6d')
    await t.start('urban', undefined, { actor: handler })
    const r = await t.system.report({ from: 0, to: Date.parse('2030-01-01T00:00:00Z') })
    expect(r.total.openTasks).toEqual({ red: 0, yellow: 1, green: 1 })
  })

  it('refuses a report filter that is not a time or a flag, asking the store nothing', async () => {
    const t = createTestEngine({ processes: [urban] })
    for (const bad of [
      { completedFrom: new Date('not a date') },
      { dueBefore: Number.NaN },
      { escalatedFrom: '2026-03-01' as unknown as number },
      { closedOnTime: 'yes' as unknown as boolean },
    ]) {
      await expect(t.system.instances(bad)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
    }
    await expect(t.instances({ actor: handler, dueFrom: Infinity })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })

  it('refuses a malformed window', async () => {
    const t = createTestEngine({ processes: [urban] })
    await expect(t.system.report({ from: 10, to: 5 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
    await expect(t.system.report({ from: Number.NaN, to: 5 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })
})
