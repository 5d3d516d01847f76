import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, type EventsOf } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

// Grid › village › township › county, and a dispute that climbs the ladder when overdue.
const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'town', parent: 'county', level: 'township' },
  { id: 'village', parent: 'town', level: 'village' },
  { id: 'grid-1', parent: 'village', level: 'grid' },
]
const events = {
  RESOLVE: { schema: z.object({}), roles: ['handler'] },
  ESCALATED: { schema: z.object({}), roles: ['system'] },
} as const
const machine = setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
  id: 'd',
  initial: 'atGrid',
  states: {
    atGrid: {
      meta: {
        task: { role: 'handler', title: '网格处置' },
        deadline: { days: 7, name: 'grid' },
        escalate: { to: 'village', when: 'overdue', event: 'ESCALATED' },
      },
      on: { RESOLVE: 'resolved', ESCALATED: 'atVillage' },
    },
    atVillage: {
      meta: {
        task: { role: 'handler', title: '村级处置' },
        deadline: { days: 7, name: 'village' },
        escalate: { to: 'township', when: 'overdue', event: 'ESCALATED' },
      },
      on: { RESOLVE: 'resolved', ESCALATED: 'atTownship' },
    },
    atTownship: {
      meta: {
        task: { role: 'handler', title: '镇级处置' },
        deadline: { days: 15, name: 'township' },
        escalate: { to: 'county', when: 'overdue' },
      },
      on: { RESOLVE: 'resolved' },
    },
    resolved: { type: 'final', meta: { outcome: 'resolved' } },
  },
})
const dispute = defineProcess({ id: 'd', version: 1, machine, events })

describe('escalation up the org-unit ladder', () => {
  it('moves the case up one level per expired deadline, audited, and re-homes its task', async () => {
    const t = createTestEngine({ processes: [dispute], orgUnits, start: '2026-03-02T09:00:00+08:00' })
    const { id } = await t.start('d', undefined, {
      actor: { id: 'g', roles: ['handler'], orgUnit: 'grid-1' },
      orgUnit: 'grid-1',
    })
    expect((await t.system.tasks({ orgUnit: 'grid-1' })).items).toHaveLength(1)
    await t.advance('8d')
    let v = await t.system.get(id)
    expect(v).toMatchObject({ orgUnit: 'village', state: 'atVillage' })
    const entry = (await t.system.history(id)).find((h) => h.kind === 'deadline')
    expect(entry?.detail).toMatchObject({
      deadline: 'grid',
      escalatedFrom: 'grid-1',
      escalatedTo: 'village',
      sent: 'ESCALATED',
    })
    expect(await t.system.replay(id)).toMatchObject({ ok: true })
    expect((await t.system.tasks({ orgUnit: 'village' })).items.map((k) => k.title)).toEqual(['村级处置'])
    expect((await t.system.tasks({ orgUnit: 'grid-1' })).items).toHaveLength(0)
    await t.advance('8d')
    v = await t.system.get(id)
    expect(v).toMatchObject({ orgUnit: 'town', state: 'atTownship' })
    // Township: no escalation event, so the state stays and only the owner moves — up to the county.
    await t.advance('20d')
    v = await t.system.get(id)
    expect(v).toMatchObject({ orgUnit: 'county', state: 'atTownship' })
    expect(await t.system.get(id)).toMatchObject({ escalations: 3, breached: true })
    const [task] = (await t.system.tasks({ instanceId: id })).items
    expect(task).toMatchObject({ orgUnit: 'county', colour: 'red' })
    // The county is the ceiling: nothing above it.
    expect(await t.advance('30d')).toBe(0)
  })

  it('a grid member keeps scope while the case is theirs and loses it once it moves up', async () => {
    const t = createTestEngine({ processes: [dispute], orgUnits })
    const grid = { id: 'g', roles: ['handler'], orgUnit: 'grid-1' }
    const { id } = await t.start('d', undefined, { actor: grid, orgUnit: 'grid-1' })
    await t.advance('8d')
    await expect(t.send(id, { type: 'RESOLVE' }, { actor: grid })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const township = { id: 't', roles: ['handler'], orgUnit: 'town' }
    expect((await t.send(id, { type: 'RESOLVE' }, { actor: township })).state).toBe('resolved')
  })
})
