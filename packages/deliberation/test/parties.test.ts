// The deliberation has no parties of its own: a non-disclosure complaint (CW Art. 31) is open to
// any villager, so no event is bound to a party. What the engine alone sends — the linked
// complaint case's result — cannot be forged (issue 13 §2).
//
// NEEDS ENGINE ENFORCEMENT of EventPolicy.system: the forging test fails until the engine refuses
// system events from callers.
import { describe, expect, it } from 'vitest'
import { complaintEvents, deliberationEvents } from '../src/index.js'
import { engine, toResolved } from './fixtures.js'

describe('who may send what', () => {
  it('no deliberation or complaint event is bound to parties; COMPLAINT_HANDLED alone is a system event', () => {
    const all = { ...deliberationEvents, ...complaintEvents }
    expect(Object.entries(all).filter(([, p]) => 'parties' in p && p.parties !== undefined)).toEqual([])
    expect(
      Object.entries(all)
        .filter(([, p]) => 'system' in p && p.system === true)
        .map(([type]) => type),
    ).toEqual(['COMPLAINT_HANDLED'])
  })

  it('COMPLAINT_HANDLED from a caller claiming the role "system" is refused and nothing is written', async () => {
    const t = engine()
    const id = await toResolved(t)
    const before = await t.system.get(id)
    const forged = {
      type: 'COMPLAINT_HANDLED' as const,
      output: { decision: 'dismissed' as const, finding: 'forged', reference: null },
    }
    await expect(
      t.send(id, forged, { actor: { id: 'mallory', roles: ['system'], orgUnit: 'fengyuan' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect((await t.system.get(id)).version).toBe(before.version)
  })
})
