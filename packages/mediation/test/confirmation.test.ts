// Judicial confirmation (RT Art. 33; MS Arts. 205–206; SJ11 Arts. 2–5), a sub-flow of the agreement:
// a joint application within 30 days of the agreement taking effect; the court accepts within 3 days
// and decides within 15 (+10 with the president's approval, outer bound 30 under MS Art. 187).
import { describe, expect, it } from 'vitest'
import {
  confirmationApplicationRefusal,
  confirmationRefusal,
  defaultMediationParameters,
  resolveParameters,
  type PeoplesContext,
} from '../src/index.js'
import {
  acceptAndAssign,
  advanceTo,
  committee,
  court,
  harness,
  heartSteps,
  li,
  mediator,
  parties,
  president,
  register,
  writtenAgreement,
  zhang,
} from './helpers.js'

type T = ReturnType<typeof harness>['t']
const ctx = async (t: T, id: string) => (await t.system.get(id)).context as PeoplesContext

/** A written agreement that takes effect at `effectiveAt`. */
async function agreedAt(effectiveAt: string, input = {}) {
  const h = harness()
  const id = await register(h.t, input)
  await acceptAndAssign(h.t, id)
  await heartSteps(h.t, id)
  await advanceTo(h.t, effectiveAt)
  await writtenAgreement(h.t, id)
  expect((await h.t.system.get(id)).stateKey).toBe('agreed.supervising')
  return { ...h, id }
}

async function applyJointly(t: T, id: string, courtName = '某县人民法院') {
  await t.send(
    id,
    { type: 'APPLY_CONFIRMATION', party: 'zhang', court: courtName, venue: 'committeeLocation' },
    { actor: zhang },
  )
  await t.send(
    id,
    { type: 'APPLY_CONFIRMATION', party: 'li', court: courtName, venue: 'committeeLocation' },
    { actor: li },
  )
}

describe('docs/domain-rules.md#10-example-scenarios scenario 11: agreement confirmed', () => {
  it('agreement day 0 → joint application day 20 → accepted day 22, confirmed day 35 → default → enforcement', async () => {
    // Day 0: Wed 4 Mar 2026.
    const { t, id } = await agreedAt('2026-03-04T10:00:00+08:00')
    await advanceTo(t, '2026-03-24T10:00:00+08:00') // day 20
    await applyJointly(t, id)
    expect((await t.system.get(id)).stateKey).toBe('agreed.confirming.awaitingAcceptance')
    const courtTask = async () => (await t.system.tasks({ instanceId: id, role: 'court' })).items[0]
    // SJ11 Art. 4: 3 days from Tue 24 Mar → Fri 27 Mar, due at 28 Mar 00:00.
    expect((await courtTask())?.dueAt?.toISOString()).toBe(new Date('2026-03-28T00:00:00+08:00').toISOString())
    await advanceTo(t, '2026-03-26T10:00:00+08:00') // day 22
    await t.send(id, { type: 'COURT_ACCEPT', caseNo: '（2026）某01民特1号' }, { actor: court })
    expect((await t.system.get(id)).stateKey).toBe('agreed.confirming.deciding')
    // SJ11 Art. 5: 15 days from Thu 26 Mar → Fri 10 Apr, due at 11 Apr 00:00.
    expect((await courtTask())?.dueAt?.toISOString()).toBe(new Date('2026-04-11T00:00:00+08:00').toISOString())
    await advanceTo(t, '2026-04-08T10:00:00+08:00') // day 35
    await t.send(id, { type: 'COURT_CONFIRM', ruling: '调解协议有效' }, { actor: court })
    expect((await t.system.get(id)).stateKey).toBe('agreed.confirmed')
    expect((await ctx(t, id)).confirmation).toMatchObject({
      status: 'confirmed',
      caseNo: '（2026）某01民特1号',
      ruling: '调解协议有效',
      acceptOverdue: false,
      decideOverdue: false,
    })
    // Zhang defaults; Li applies for enforcement (MS Art. 206).
    await t.send(id, { type: 'APPLY_ENFORCEMENT', party: 'li', note: '张三逾期未拆除围墙' }, { actor: li })
    const v = await t.system.get(id)
    expect(v).toMatchObject({
      state: 'enforcement',
      status: 'completed',
      output: { agreed: true, confirmed: true, routes: ['enforcement'] },
    })
    expect((await t.system.get(id)).outcome).toBe('resolved')
  })
})

describe('the 30-day window (RT Art. 33; MS Art. 205)', () => {
  it('a joint application on day 30 is in time', async () => {
    const { t, id } = await agreedAt('2026-03-04T10:00:00+08:00')
    await advanceTo(t, '2026-04-03T23:00:00+08:00') // day 30, Fri 3 Apr
    await applyJointly(t, id)
    expect((await t.system.get(id)).stateKey).toBe('agreed.confirming.awaitingAcceptance')
  })

  it('on day 31 the window has closed: the application is refused; the agreement still binds and is supervised', async () => {
    const { t, id } = await agreedAt('2026-03-04T10:00:00+08:00')
    await advanceTo(t, '2026-04-04T00:00:00+08:00')
    expect((await t.system.get(id)).stateKey).toBe('agreed.unconfirmed')
    // The parties' window lapsing is their choice, not lateness: the case is not marked late.
    expect((await t.system.get(id)).breached).toBe(false)
    await expect(
      t.send(
        id,
        { type: 'APPLY_CONFIRMATION', party: 'zhang', court: '某县人民法院', venue: 'committeeLocation' },
        { actor: zhang },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    expect((await ctx(t, id)).confirmation.status).toBe('windowClosed')
    await t.send(id, { type: 'PERFORMED', note: '已履行' }, { actor: committee })
    expect((await t.system.get(id)).state).toBe('performed')
  })

  it('a last day on a holiday rolls forward (MS Art. 85): agreed Sat 7 Mar, day 30 is Mon 6 Apr (清明), the window runs to Tue 7 Apr', async () => {
    const { t, id } = await agreedAt('2026-03-07T10:00:00+08:00')
    await advanceTo(t, '2026-04-07T18:00:00+08:00')
    expect((await t.system.get(id)).stateKey).toBe('agreed.supervising')
    await applyJointly(t, id)
    expect((await t.system.get(id)).stateKey).toBe('agreed.confirming.awaitingAcceptance')
    const late = await agreedAt('2026-03-07T10:00:00+08:00')
    await advanceTo(late.t, '2026-04-08T00:00:00+08:00')
    expect((await late.t.system.get(late.id)).stateKey).toBe('agreed.unconfirmed')
  })

  it('is jointly made: one party alone is not enough, even at the end of the window', async () => {
    const { t, id } = await agreedAt('2026-03-04T10:00:00+08:00')
    await t.send(
      id,
      { type: 'APPLY_CONFIRMATION', party: 'zhang', court: '某县人民法院', venue: 'partyDomicile' },
      { actor: zhang },
    )
    expect((await t.system.get(id)).stateKey).toBe('agreed.supervising')
    // The same party twice, a different court, a non-party: refused.
    await expect(
      t.send(
        id,
        { type: 'APPLY_CONFIRMATION', party: 'zhang', court: '某县人民法院', venue: 'partyDomicile' },
        { actor: zhang },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(
      t.send(id, { type: 'APPLY_CONFIRMATION', party: 'li', court: '另一法院', venue: 'partyDomicile' }, { actor: li }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(
      t.send(
        id,
        { type: 'APPLY_CONFIRMATION', party: 'wang', court: '某县人民法院', venue: 'partyDomicile' },
        { actor: { id: 'wang', roles: ['party'] } },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'parties' } })
    // MS Art. 205 / SJ11 Art. 2 name the courts that may be applied to.
    await expect(
      t.send(id, { type: 'APPLY_CONFIRMATION', party: 'li', court: '某县人民法院', venue: 'anywhere' } as never, {
        actor: li,
      }),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    await advanceTo(t, '2026-04-04T00:00:00+08:00')
    expect((await t.system.get(id)).stateKey).toBe('agreed.unconfirmed')
  })

  it('needs a written agreement (design choice; SJ11 Art. 3 asks for the document)', async () => {
    const h = harness()
    const id = await register(h.t)
    await acceptAndAssign(h.t, id)
    await heartSteps(h.t, id)
    await h.t.send(
      id,
      { type: 'RECORD_ORAL_AGREEMENT', terms: '赔偿200元', record: '口头协议', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    await expect(
      h.t.send(
        id,
        { type: 'APPLY_CONFIRMATION', party: 'zhang', court: '某县人民法院', venue: 'partyDomicile' },
        { actor: zhang },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    expect(confirmationApplicationRefusal('oral', [], 'zhang', parties)).toMatch(/written agreement/)
    expect(confirmationApplicationRefusal('written', [], 'zhang', parties)).toBeNull()
  })
})

describe("the court's clocks (SJ11 Arts. 4–5)", () => {
  async function applied() {
    const h = await agreedAt('2026-03-04T10:00:00+08:00')
    await advanceTo(h.t, '2026-03-24T10:00:00+08:00')
    await applyJointly(h.t, h.id)
    return h
  }

  it('acceptance within 3 days: not overdue at the end of day 3, overdue from day 4 (and the court may still accept late)', async () => {
    const { t, id } = await applied()
    await advanceTo(t, '2026-03-27T23:59:59+08:00')
    expect((await ctx(t, id)).confirmation.acceptOverdue).toBe(false)
    expect((await t.system.tasks({ instanceId: id, role: 'court' })).items[0]?.colour).not.toBe('red')
    await advanceTo(t, '2026-03-28T00:00:00+08:00')
    expect((await ctx(t, id)).confirmation.acceptOverdue).toBe(true)
    expect((await t.system.tasks({ instanceId: id, role: 'court' })).items[0]?.colour).toBe('red')
    await t.send(id, { type: 'COURT_ACCEPT', caseNo: 'x' }, { actor: court })
    expect((await t.system.get(id)).stateKey).toBe('agreed.confirming.deciding')
  })

  it('identity, adoption and marriage matters are not accepted; the court declines and the agreement stays unconfirmed', async () => {
    const { t, id } = await agreedAt('2026-03-04T10:00:00+08:00', { disputeType: 'marriage' })
    await applyJointly(t, id)
    await expect(t.send(id, { type: 'COURT_ACCEPT', caseNo: 'x' }, { actor: court })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.send(id, { type: 'COURT_DECLINE', reason: '确认婚姻关系不属司法确认范围' }, { actor: court })
    expect((await t.system.get(id)).stateKey).toBe('agreed.unconfirmed')
    expect((await ctx(t, id)).confirmation).toMatchObject({
      status: 'declined',
      reason: '确认婚姻关系不属司法确认范围',
    })
    expect(confirmationRefusal('adoption', defaultMediationParameters)).toMatch(/SJ11 Art. 4/)
    expect(confirmationRefusal('neighbour', defaultMediationParameters)).toBeNull()
  })

  async function accepted() {
    const h = await applied()
    await advanceTo(h.t, '2026-03-26T10:00:00+08:00')
    await h.t.send(h.id, { type: 'COURT_ACCEPT', caseNo: 'x' }, { actor: court })
    return h
  }

  it('decision within 15 days: not overdue at the end of day 15 (Fri 10 Apr), overdue from day 16', async () => {
    const { t, id } = await accepted()
    await advanceTo(t, '2026-04-10T23:59:59+08:00')
    expect((await ctx(t, id)).confirmation.decideOverdue).toBe(false)
    await advanceTo(t, '2026-04-11T00:00:00+08:00')
    expect((await ctx(t, id)).confirmation.decideOverdue).toBe(true)
    expect((await t.system.tasks({ instanceId: id, role: 'court' })).items[0]?.colour).toBe('red')
  })

  it('the president extends by at most 10 days, once: 25 days end on Mon 20 Apr', async () => {
    const { t, id } = await accepted()
    await expect(
      t.send(id, { type: 'COURT_EXTEND', days: 11, reason: '案情复杂' }, { actor: president }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(id, { type: 'COURT_EXTEND', days: 10, reason: '案情复杂' }, { actor: president })
    await expect(
      t.send(id, { type: 'COURT_EXTEND', days: 1, reason: '再次延长' }, { actor: president }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    expect((await ctx(t, id)).confirmation.extendedDays).toBe(10)
    expect((await t.system.tasks({ instanceId: id, role: 'court' })).items[0]?.dueAt?.toISOString()).toBe(
      new Date('2026-04-21T00:00:00+08:00').toISOString(),
    )
    await advanceTo(t, '2026-04-20T23:59:59+08:00')
    expect((await ctx(t, id)).confirmation.decideOverdue).toBe(false)
    await advanceTo(t, '2026-04-21T00:00:00+08:00')
    expect((await ctx(t, id)).confirmation.decideOverdue).toBe(true)
  })

  it('decide + extension may not exceed the 30-day outer bound of MS Art. 187', () => {
    expect(() => resolveParameters({ court: { confirmDecideDays: 25 } })).toThrow(/MS Art. 187/)
    expect(resolveParameters({ court: { confirmDecideDays: 20 } }).court).toMatchObject({
      confirmDecideDays: 20,
      confirmExtendDays: 10,
    })
  })

  it('rejected → the parties mediate anew (a new round, the old agreement recorded as an attempt) or sue', async () => {
    const { t, id } = await accepted()
    await t.send(id, { type: 'COURT_REJECT', reason: '协议内容违反法律规定' }, { actor: court })
    expect((await t.system.get(id)).stateKey).toBe('agreed.rejected')
    await expect(t.send(id, { type: 'MEDIATE_ANEW', agreedBy: ['zhang'] }, { actor: mediator })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.send(id, { type: 'MEDIATE_ANEW', agreedBy: ['zhang', 'li'] }, { actor: mediator })
    const v = await t.system.get(id)
    expect(v.stateKey).toBe('open.grade.green.owned|open.procedure.handling.mediating')
    expect((v.context as PeoplesContext).agreement).toBeNull()
    expect((v.context as PeoplesContext).attempts).toEqual([
      { kind: 'peoples', caseId: null, result: 'confirmationRejected', outcome: null, note: '协议内容违反法律规定' },
    ])
    // The new round may end in a new agreement at once (the checklist was done).
    await t.send(
      id,
      { type: 'RECORD_ORAL_AGREEMENT', terms: '新协议', record: 'r', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    expect((await t.system.get(id)).stateKey).toBe('agreed.supervising')

    const other = await accepted()
    await other.t.send(other.id, { type: 'COURT_REJECT', reason: '违法' }, { actor: court })
    await other.t.send(other.id, { type: 'SUE', party: 'zhang' }, { actor: zhang })
    expect(await other.t.system.get(other.id)).toMatchObject({
      state: 'litigation',
      output: { agreed: true, confirmed: false, routes: ['litigation'] },
    })
  })
})
