// RT Arts. 28–32 and RT02 Art. 33: written and oral agreements, performance supervised, disputes
// over performance, and the one-month target with its colours.
import { describe, expect, it } from 'vitest'
import { agreementRefusal, type PeoplesContext } from '../src/index.js'
import {
  acceptAndAssign,
  advanceTo,
  committee,
  contents,
  harness,
  heartSteps,
  li,
  mediator,
  parties,
  register,
  stepOf,
  toAgreement,
  zhang,
} from './helpers.js'

async function mediatingWithSteps(parameters = {}) {
  const h = harness({ parameters })
  const id = await register(h.t)
  await acceptAndAssign(h.t, id)
  await heartSteps(h.t, id)
  return { ...h, id }
}
const ctx = async (t: ReturnType<typeof harness>['t'], id: string) => (await t.system.get(id)).context as PeoplesContext

describe('a written agreement (RT Art. 29)', () => {
  it('needs every required content: a draft missing one is an invalid payload', async () => {
    const { t, id } = await mediatingWithSteps()
    for (const missing of ['parties', 'facts', 'issues', 'responsibilities', 'terms', 'performance'] as const) {
      const { [missing]: _gone, ...rest } = contents
      await expect(
        t.send(id, { type: 'DRAFT_AGREEMENT', contents: rest } as never, { actor: mediator }),
      ).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    }
    await expect(
      t.send(
        id,
        { type: 'DRAFT_AGREEMENT', contents: { ...contents, performance: { method: '付款', deadline: '下月' } } },
        { actor: mediator },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    await expect(
      t.send(id, { type: 'DRAFT_AGREEMENT', contents: { ...contents, terms: '' } }, { actor: mediator }),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT' })
  })

  it('must name exactly the parties to the dispute', async () => {
    const { t, id } = await mediatingWithSteps()
    await expect(
      t.send(
        id,
        { type: 'DRAFT_AGREEMENT', contents: { ...contents, parties: ['zhang', 'wang'] } },
        { actor: mediator },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    expect(agreementRefusal({ ...contents, parties: ['zhang', 'li', 'wang'] }, parties)).toMatch(/RT Art. 29/)
    expect(agreementRefusal(contents, parties)).toBeNull()
  })

  it('takes effect only once every party signed, sealed or fingerprinted it, the mediator signed and the committee sealed it', async () => {
    const { t, id } = await mediatingWithSteps()
    await t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })
    const effective = async () => (await ctx(t, id)).agreement?.effective
    await t.send(id, { type: 'SIGN_AGREEMENT', party: 'zhang', mark: 'seal' }, { actor: zhang })
    await t.send(id, { type: 'MEDIATOR_SIGN', mediatorId: 'm1' }, { actor: mediator })
    await t.send(id, { type: 'COMMITTEE_SEAL' }, { actor: committee })
    expect(await effective()).toBe(false)
    expect(await stepOf(t, id)).toBe('handling.signing')
    // Nobody signs twice; only a mediator on the case signs as mediator; the seal goes on once.
    await expect(
      t.send(id, { type: 'SIGN_AGREEMENT', party: 'zhang', mark: 'signature' }, { actor: zhang }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(t.send(id, { type: 'MEDIATOR_SIGN', mediatorId: 'm1' }, { actor: mediator })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await expect(t.send(id, { type: 'COMMITTEE_SEAL' }, { actor: committee })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.send(id, { type: 'SIGN_AGREEMENT', party: 'li', mark: 'fingerprint' }, { actor: li })
    const c = await ctx(t, id)
    expect((await t.system.get(id)).stateKey).toBe('agreed.supervising')
    expect(c.agreement).toMatchObject({
      form: 'written',
      effective: true,
      terms: contents.terms,
      signatures: [
        { party: 'zhang', mark: 'seal' },
        { party: 'li', mark: 'fingerprint' },
      ],
      mediatorSignature: 'm1',
      committeeSeal: true,
    })
  })

  it('without the committee seal it never takes effect', async () => {
    const { t, id } = await mediatingWithSteps()
    await t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })
    await t.send(id, { type: 'SIGN_AGREEMENT', party: 'zhang', mark: 'signature' }, { actor: zhang })
    await t.send(id, { type: 'SIGN_AGREEMENT', party: 'li', mark: 'signature' }, { actor: li })
    await t.send(id, { type: 'MEDIATOR_SIGN', mediatorId: 'm1' }, { actor: mediator })
    expect(await stepOf(t, id)).toBe('handling.signing')
    expect((await ctx(t, id)).agreement?.effective).toBe(false)
  })

  it('a draft can be revised: signatures are dropped and mediation resumes', async () => {
    const { t, id } = await mediatingWithSteps()
    await t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })
    await t.send(id, { type: 'SIGN_AGREEMENT', party: 'zhang', mark: 'signature' }, { actor: zhang })
    await t.send(id, { type: 'REVISE_AGREEMENT', reason: '李四要求修改补偿金额' }, { actor: mediator })
    expect(await stepOf(t, id)).toBe('handling.mediating')
    expect((await ctx(t, id)).agreement).toBeNull()
  })
})

describe('an oral agreement (RT Arts. 28, 30)', () => {
  it('is recorded by the mediator and effective at once', async () => {
    const { t, id } = await mediatingWithSteps()
    await t.send(
      id,
      {
        type: 'RECORD_ORAL_AGREEMENT',
        terms: '当场赔偿200元',
        record: '双方当场达成口头协议，已当面付清',
        agreedBy: ['zhang', 'li'],
      },
      { actor: mediator },
    )
    expect((await t.system.get(id)).stateKey).toBe('agreed.supervising')
    expect((await ctx(t, id)).agreement).toMatchObject({
      form: 'oral',
      effective: true,
      terms: '当场赔偿200元',
      record: '双方当场达成口头协议，已当面付清',
    })
  })

  it('is not available for a dispute handed over from a petition: XF Art. 33 asks for a written agreement', async () => {
    const h = harness()
    const { id } = await h.t.start(
      'mediation',
      { parties, facts: '信访事项中的赔偿争议', origin: 'petition' },
      { actor: committee, orgUnit: 'v1' },
    )
    await h.t.send(id, { type: 'CONSENT', party: 'zhang' }, { actor: zhang })
    await acceptAndAssign(h.t, id)
    await heartSteps(h.t, id)
    await expect(
      h.t.send(
        id,
        { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
        { actor: mediator },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await h.t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })
    expect(await stepOf(h.t, id)).toBe('handling.signing')
  })

  it('needs every party to agree', async () => {
    const { t, id } = await mediatingWithSteps()
    await expect(
      t.send(id, { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang'] }, { actor: mediator }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
  })
})

describe('after the agreement (RT Arts. 31–32)', () => {
  it('the committee supervises performance; performed → resolved, with the terms in the output', async () => {
    const { t } = harness()
    const id = await toAgreement(t)
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => k.role)).toEqual(['committee'])
    await t.send(id, { type: 'RECORD_PERFORMANCE', by: '调委会', note: '围墙已拆除一半' }, { actor: committee })
    await t.send(id, { type: 'RECORD_PERFORMANCE', by: '王调解', note: '补偿款已付' }, { actor: mediator })
    await t.send(id, { type: 'PERFORMED', note: '全部履行' }, { actor: committee })
    const v = await t.system.get(id)
    expect(v).toMatchObject({
      state: 'performed',
      status: 'completed',
      output: { agreed: true, terms: contents.terms, form: 'written', confirmed: false, routes: [] },
    })
    expect((v.context as PeoplesContext).performance).toHaveLength(3)
    expect((await t.system.get(id)).outcome).toBe('resolved')
  })

  it('a dispute over performance or content goes to court (RT Art. 32); a non-party cannot start it', async () => {
    const { t } = harness()
    const id = await toAgreement(t)
    await expect(
      t.send(
        id,
        { type: 'PERFORMANCE_DISPUTE', party: 'wang', note: 'x' },
        { actor: { id: 'wang', roles: ['party'] } },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'parties' } })
    await t.send(id, { type: 'PERFORMANCE_DISPUTE', party: 'li', note: '张三未拆除围墙' }, { actor: li })
    expect((await t.system.get(id)).output).toMatchObject({ agreed: true, routes: ['litigation'] })
    expect((await t.system.get(id)).outcome).toBe('unresolved')
  })
})

describe('the one-month target (RT02 Art. 33)', () => {
  // Green's 7-day target would move the case to the township first; lengthen it so that this test
  // watches the one-month target alone.
  const parameters = { colour: { greenDays: 60 } }

  it('runs 30 days from acceptance: still on time at the end of day 30, overdue at the start of day 31, task colours on the way', async () => {
    const { t, id } = await mediatingWithSteps(parameters)
    // Accepted Mon 2 Mar 2026 09:00; day 30 is Wed 1 Apr: due at 2 Apr 00:00.
    const task = async () => (await t.system.tasks({ instanceId: id, role: 'mediator' })).items[0]
    expect((await task())?.dueAt?.toISOString()).toBe(new Date('2026-04-02T00:00:00+08:00').toISOString())
    expect((await task())?.colour).toBe('green')
    await advanceTo(t, '2026-03-27T12:00:00+08:00') // past 80 % of the period
    expect((await task())?.colour).toBe('yellow')
    await advanceTo(t, '2026-04-01T23:59:59+08:00')
    expect((await ctx(t, id)).targetOverdue).toBe(false)
    expect((await task())?.colour).toBe('yellow')
    await advanceTo(t, '2026-04-02T00:00:00+08:00')
    expect((await ctx(t, id)).targetOverdue).toBe(true)
    expect((await task())?.colour).toBe('red')
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'deadline',
      detail: { deadline: 'mediationTarget', sent: 'MEDIATION_OVERDUE' },
    })
    // Overdue does not end the mediation: an agreement may still be recorded.
    await t.send(
      id,
      { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    expect((await t.system.get(id)).stateKey).toBe('agreed.supervising')
  })

  it('an agreement within the month stops the clock', async () => {
    const { t, id } = await mediatingWithSteps(parameters)
    await advanceTo(t, '2026-03-20T10:00:00+08:00')
    await t.send(
      id,
      { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    await advanceTo(t, '2026-04-10T00:00:00+08:00')
    expect((await ctx(t, id)).targetOverdue).toBe(false)
    expect((await t.system.get(id)).breached).toBe(false)
  })

  it('the period is a parameter', async () => {
    const { t, id } = await mediatingWithSteps({ ...parameters, rt: { mediationTargetDays: 10 } })
    // Day 10 from Mon 2 Mar is Thu 12 Mar.
    await advanceTo(t, '2026-03-12T23:59:59+08:00')
    expect((await ctx(t, id)).targetOverdue).toBe(false)
    await advanceTo(t, '2026-03-13T00:00:00+08:00')
    expect((await ctx(t, id)).targetOverdue).toBe(true)
  })
})
