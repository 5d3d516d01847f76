// The petitioner's particulars under the Personal Information Protection Law (个人信息保护法):
// sealed at rest (Art. 51), shown only to the organs handling the petition (Art. 51), erased on
// request (Art. 47) with the record still verifiable.
import { definePlugin, type EffectMessage } from '@fengqiao/core'
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expect, it } from 'vitest'
import { petitionPlugin, type PetitionContext } from '../src/index.js'
import { bureau, claim, organ, orgUnits, petitioner, standInMediation, superior } from './helpers.js'

const KEY = 'a'.repeat(64)
const dpo = { id: 'dpo', roles: ['privacyOfficer'], orgUnit: 'county' }

function engine() {
  const effects: EffectMessage[] = []
  const record = (m: EffectMessage) => void effects.push(m)
  const t = createTestEngine({
    plugins: [
      petitionPlugin({
        effects: {
          notifyPetitioner: record,
          reportToBureau: record,
          issueSupervisionNotice: record,
          publishRereview: record,
        },
      }),
      definePlugin({ name: 'stand-in-mediation', processes: [standInMediation] }),
    ],
    orgUnits,
    start: '2026-03-02T09:00:00+08:00',
    privacy: { keys: { current: 'k1', keys: { k1: KEY } }, adminRoles: ['privacyOfficer'] },
  })
  return { t, effects }
}
const tables = (t: ReturnType<typeof engine>['t']) =>
  JSON.stringify(Object.fromEntries(Object.entries(t.store.tables).map(([k, v]) => [k, [...v.values()]])))

describe('the petitioner’s particulars (个人信息保护法)', () => {
  it('PIPL Art. 51: the petitioner’s name, address and contact are stored sealed', async () => {
    const { t } = engine()
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    const text = tables(t)
    for (const secret of ['张三', '某县某镇某村1号', '13800000000']) expect(text).not.toContain(secret)
    expect((await t.get(id, { actor: organ })).context).toMatchObject({
      petition: { petitioner: { name: '张三', address: '某县某镇某村1号', contact: '13800000000' } },
    })
    expect(await t.system.verify(id)).toEqual({ ok: true, entries: 2 })
  })

  it('PIPL Art. 51: the organ handling the petition reads them; the superior organ settling competence does not', async () => {
    const { t } = engine()
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    const forSuperior = (await t.get(id, { actor: superior })).context as PetitionContext
    expect(forSuperior.petition.petitioner).toEqual({
      id: { $fq: 'redacted' },
      name: { $fq: 'redacted' },
      address: { $fq: 'redacted' },
      contact: { $fq: 'redacted' },
    })
    // The petitioner reads their own case in clear.
    expect(((await t.get(id, { actor: petitioner })).context as PetitionContext).petition.petitioner).toEqual(
      claim().petitioner,
    )
    expect(forSuperior.petition.request).toBe(claim().request)
  })

  it('PIPL Art. 47: the particulars are erased on request; the case and its record stay verifiable', async () => {
    const { t } = engine()
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    await t.erase(id, { actor: dpo, reason: '信访人申请删除个人信息' })
    const erased = { $fq: 'erased' }
    expect(((await t.get(id, { actor: organ })).context as PetitionContext).petition.petitioner).toEqual({
      id: erased,
      name: erased,
      address: erased,
      contact: erased,
    })
    expect((await t.history(id, { actor: organ }))[0]?.event).toMatchObject({
      input: { petitioner: { id: erased, name: erased, address: erased, contact: erased } },
    })
    expect(await t.system.verify(id)).toEqual({ ok: true, entries: 3 })
    expect(tables(t)).not.toContain('"$fq":"enc"')
  })
})
