// Reporters' and callers' particulars under the Personal Information Protection Law (个人信息保护法):
// sealed at rest (Art. 51), shown only to the roles that must reach the person (Art. 51), erased
// on request (Art. 47) with the record still verifiable.
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expect, it } from 'vitest'
import { gridPlugin, type GridEventContext, type HotlineTicketContext } from '../src/index.js'
import { centre, hotline, member, operator, orgUnits, report, resident, water } from './helpers.js'

const KEY = 'b'.repeat(64)
const dpo = { id: 'dpo', roles: ['privacyOfficer'], orgUnit: 'county' }

function engine() {
  return createTestEngine({
    plugins: [gridPlugin()],
    orgUnits,
    start: '2026-03-02T09:00:00+08:00',
    privacy: { keys: { current: 'k1', keys: { k1: KEY } }, adminRoles: ['privacyOfficer'] },
  })
}
const tables = (t: ReturnType<typeof engine>) =>
  JSON.stringify(Object.fromEntries(Object.entries(t.store.tables).map(([k, v]) => [k, [...v.values()]])))

describe('reporters and callers (个人信息保护法)', () => {
  it('PIPL Art. 51: a reporter’s name and contact and a caller’s phone are stored sealed', async () => {
    const t = engine()
    const { id } = await t.start('grid-event', report(), { actor: resident, orgUnit: 'grid-3' })
    await t.send(id, { type: 'ACCEPT' }, { actor: operator })
    const call = await t.start(
      'hotline-ticket',
      {
        receivedAt: '2026-03-02T09:00:00+08:00',
        kind: 'help',
        matter: '路灯不亮',
        category: 'lighting',
        caller: { name: '王五', phone: '13700000000' },
      },
      { actor: hotline, orgUnit: 'county' },
    )
    const text = tables(t)
    for (const secret of ['李四', '13900000000', '王五', '13700000000']) expect(text).not.toContain(secret)
    expect(((await t.get(id, { actor: operator })).context as GridEventContext).report.reporter).toEqual(
      report().reporter,
    )
    expect(((await t.get(call.id, { actor: hotline })).context as HotlineTicketContext).ticket.caller.phone).toBe(
      '13700000000',
    )
  })

  it('PIPL Art. 51: a whistled department sees the matter, not who reported it; the reporter still verifies their own report', async () => {
    const t = engine()
    const { id } = await t.start('grid-event', report(), { actor: resident, orgUnit: 'grid-3' })
    await t.send(id, { type: 'ACCEPT' }, { actor: operator })
    const seen = (await t.get(id, { actor: water })).context as GridEventContext
    expect(seen.report.reporter).toEqual({
      id: { $fq: 'redacted' },
      name: { $fq: 'redacted' },
      contact: { $fq: 'redacted' },
    })
    expect(seen.report.text).toBe(report().text)
    await t.send(id, { type: 'CLAIM', member: 'wang' }, { actor: member })
    await t.send(id, { type: 'FEEDBACK', result: '已协调' }, { actor: member })
    await t.send(id, { type: 'VERIFY', ok: true }, { actor: resident })
    expect(((await t.get(id, { actor: centre })).context as GridEventContext).fixVerified).toBe(true)
  })

  it('PIPL Art. 47: the particulars are erased on request; the record stays verifiable', async () => {
    const t = engine()
    const { id } = await t.start('grid-event', report(), { actor: resident, orgUnit: 'grid-3' })
    await t.erase(id, { actor: dpo, reason: '上报人申请删除个人信息' })
    const erased = { $fq: 'erased' }
    expect(((await t.get(id, { actor: operator })).context as GridEventContext).report.reporter).toEqual({
      id: erased,
      name: erased,
      contact: erased,
    })
    expect(await t.system.verify(id)).toEqual({ ok: true, entries: 2 })
  })
})
