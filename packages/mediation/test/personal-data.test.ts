// The parties of a dispute under the Personal Information Protection Law (个人信息保护法): their
// ids and names sealed at rest (Art. 51), erased on request (Art. 47), the record verifiable.
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expect, it } from 'vitest'
import { mediationPlugin } from '../src/index.js'
import { baseInput, committee, li, orgUnits, START, zhang } from './helpers.js'

const dpo = { id: 'dpo', roles: ['privacyOfficer'] }

function engine() {
  const none = () => undefined
  return createTestEngine({
    plugins: [
      mediationPlugin({
        effects: {
          reportToPolice: none,
          notifyRoutes: none,
          gradeBulletin: none,
          redDailyReport: none,
          notifyRightToSue: none,
        },
      }),
    ],
    orgUnits,
    start: START,
    privacy: { keys: { current: 'k1', keys: { k1: 'b'.repeat(64) } }, cipher: 'sm4', adminRoles: ['privacyOfficer'] },
  })
}

describe('the parties’ particulars (个人信息保护法)', () => {
  it('PIPL Art. 51: party ids and names are sealed at rest; the committee reads them in clear', async () => {
    const t = engine()
    const { id } = await t.start(
      'mediation',
      { ...baseInput, origin: 'committee', applicants: [] },
      { actor: committee, orgUnit: 'v1' },
    )
    await t.send(id, { type: 'CONSENT', party: 'zhang' }, { actor: zhang })
    await t.send(id, { type: 'CONSENT', party: 'li' }, { actor: li })
    const text = JSON.stringify([...t.store.tables.instances.values(), ...t.store.tables.history.values()])
    for (const secret of ['张三', '李四']) expect(text).not.toContain(secret)
    expect((await t.get(id, { actor: committee })).context).toMatchObject({
      parties: [
        { id: 'zhang', name: '张三' },
        { id: 'li', name: '李四' },
      ],
    })
    expect(await t.system.verify(id)).toEqual({ ok: true, entries: 3 })
  })

  it('PIPL Art. 47: erased on request, with the record still verifiable', async () => {
    const t = engine()
    const { id } = await t.start(
      'mediation',
      { ...baseInput, origin: 'committee', applicants: [] },
      { actor: committee, orgUnit: 'v1' },
    )
    await t.erase(id, { actor: dpo, reason: '当事人申请删除个人信息' })
    const erased = { $fq: 'erased' }
    expect((await t.system.get(id)).context).toMatchObject({
      parties: [
        { id: erased, name: erased },
        { id: erased, name: erased },
      ],
    })
    expect(await t.system.verify(id)).toEqual({ ok: true, entries: 2 })
    expect((await t.history(id, { actor: committee }))[0]?.event).toMatchObject({
      input: {
        parties: [
          { id: erased, name: erased },
          { id: erased, name: erased },
        ],
      },
    })
    expect(JSON.stringify([...t.store.tables.instances.values(), ...t.store.tables.history.values()])).not.toContain(
      '"$fq":"enc"',
    )
  })
})
