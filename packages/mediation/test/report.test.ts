// The resolution rate (化解率) per org unit and period, from the engine's reports: S0's
// "16 disputes, 16 resolved, 100 %" is one call.
import { formatRate } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import { resolutionRate } from '../src/index.js'
import { acceptAndAssign, committee, harness, heartSteps, li, mediator, register } from './helpers.js'

type T = ReturnType<typeof harness>['t']
// Reports are scoped like every read: the county's statistician sees the whole tree.
const statistician = { id: 'stat', roles: ['committee'], orgUnit: 'county' }
const march = { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') }

async function resolvedCase(t: T, orgUnit: string): Promise<string> {
  const actors =
    orgUnit === 'v1'
      ? { committee, mediator }
      : {
          committee: { id: 'c2v', roles: ['committee'], orgUnit },
          mediator: { id: 'm2v', roles: ['mediator'], orgUnit },
        }
  const id = await register(t, {}, orgUnit)
  await acceptAndAssign(t, id, { committee: actors.committee, mediatorId: actors.mediator.id })
  await heartSteps(t, id, 4, actors.mediator)
  await t.send(
    id,
    { type: 'RECORD_ORAL_AGREEMENT', terms: '和解', record: '当场达成', agreedBy: ['zhang', 'li'] },
    { actor: actors.mediator },
  )
  await t.send(id, { type: 'PERFORMED', note: '已履行' }, { actor: actors.committee })
  return id
}

describe('resolution rate (化解率)', () => {
  it('"16 disputes, 16 resolved, 100 %" (S0) is one call, per org unit and period', async () => {
    const { t } = harness()
    for (let i = 0; i < 16; i++) await resolvedCase(t, i < 10 ? 'v1' : 'v2')
    // A refusal (RT Art. 17) is void: no mediation took place, so it is not a dispute in the rate.
    const refused = await register(t)
    await t.send(refused, { type: 'REFUSE', party: 'li' }, { actor: li })

    const r = await resolutionRate(t, { actor: statistician, orgUnit: 'town', ...march })
    expect(r).toMatchObject({ disputes: 16, resolved: 16, unresolved: 0, open: 0, void: 1, rate: 1, text: '100.00 %' })
    expect(r.byOrgUnit.map((x) => [x.orgUnit, x.level, x.disputes, x.resolved, x.text])).toEqual([
      ['town', 'township', 16, 16, '100.00 %'],
      ['v1', 'village', 10, 10, '100.00 %'],
      ['v2', 'village', 6, 6, '100.00 %'],
      ['g1', 'grid', 0, 0, '—'],
    ])
    // The same from the core report directly.
    const core = await t.system.report({ processId: 'mediation', orgUnit: 'town', ...march })
    expect(core.total).toMatchObject({ opened: 17, resolved: 16, void: 1 })
    expect(formatRate(core.total.resolutionRate)).toBe('100.00 %')
  })

  it('unresolved and open cases count against the rate; another period counts nothing', async () => {
    const { t } = harness()
    for (let i = 0; i < 3; i++) await resolvedCase(t, 'v1')
    const failed = await register(t)
    await acceptAndAssign(t, failed)
    await t.send(failed, { type: 'END_MEDIATION', reason: '调解不成' }, { actor: mediator })
    await register(t) // still open
    const r = await resolutionRate(t, { actor: statistician, orgUnit: 'v1', ...march })
    expect(r).toMatchObject({ disputes: 5, resolved: 3, unresolved: 1, open: 1, text: '60.00 %' })
    const april = await resolutionRate(t, {
      actor: statistician,
      from: Date.parse('2026-04-01T00:00:00+08:00'),
      to: Date.parse('2026-05-01T00:00:00+08:00'),
    })
    expect(april).toMatchObject({ disputes: 0, rate: null, text: '—' })
  })

  it('counts a dispute resolved through a transfer as resolved where it started (三调联动)', async () => {
    const { t } = harness()
    const id = await register(t, { disputeType: 'fight' })
    await acceptAndAssign(t, id)
    await heartSteps(t, id, 1)
    await t.send(id, { type: 'TRANSFER', to: 'police', reason: 'r' }, { actor: mediator })
    const pid = (await t.system.instances({ parentId: id })).items[0]?.id as string
    await t.send(pid, { type: 'AGREE', terms: '赔偿' }, { actor: { id: 'p', roles: ['police'] } })
    await t.send(pid, { type: 'PERFORMED', note: 'ok' }, { actor: { id: 'p', roles: ['police'] } })
    await t.runOutbox()
    expect(await resolutionRate(t, { actor: statistician, orgUnit: 'v1', ...march })).toMatchObject({
      disputes: 1,
      resolved: 1,
      text: '100.00 %',
    })
    // Police and court cases are reported under their own process ids when asked for.
    expect(
      await resolutionRate(t, { actor: statistician, orgUnit: 'v1', ...march, processId: 'policeMediation' }),
    ).toMatchObject({ disputes: 1, resolved: 1 })
  })
})
