// The machine's rules on the manual clock: reschedules and failed votes, notice, chronology,
// deadlines and their colours, the posting period, the disclosure cadence, complaints, withdrawal.
import { describe, expect, it } from 'vitest'
import { checkStep, defaultDeliberationParameters, type DeliberationContext } from '../src/index.js'
import {
  at,
  committee,
  disclosure,
  engine,
  homesteadInput,
  meeting,
  otherTownship,
  party,
  partyMeeting,
  repMeeting,
  supervision,
  toImplementing,
  toPartyReviewed,
  toResolved,
  township,
  twoCommittees,
  villager,
} from './fixtures.js'

type T = ReturnType<typeof engine>
const ctx = async (t: T, id: string) => (await t.system.get(id)).context as DeliberationContext
const state = async (t: T, id: string) => (await t.system.get(id)).stateKey
const dueOf = async (t: T, id: string, name: string) =>
  (await t.system.get(id)).deadlines.find((d) => d.name === name)?.dueAt.getTime()

async function proposed(t: T, input = homesteadInput()): Promise<string> {
  const { id } = await t.start('deliberation', input, { actor: party, orgUnit: 'fengyuan' })
  await t.send(id, { type: 'PROPOSE', date: '2026-03-02', summary: '提议' }, { actor: party })
  return id
}

describe('failed quorum: the same step is held again', () => {
  it('at consultation, review and resolution, recorded with the rule; the deliberation clock keeps running', async () => {
    const t = engine()
    const id = await proposed(t)
    const due = await dueOf(t, id, 'deliberation')
    await t.send(
      id,
      { type: 'CONSULT', meeting: twoCommittees('2026-03-03', { attended: 3, for: 3 }) },
      { actor: party },
    )
    expect(await state(t, id)).toBe('deliberating.proposed')
    await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-04') }, { actor: party })
    await t.send(
      id,
      { type: 'REVIEW', meeting: partyMeeting('2026-03-05', { attended: 20, for: 20, abstain: 0 }) },
      { actor: party },
    ) // 20 of 40 is not more than half
    expect(await state(t, id)).toBe('deliberating.consulted')
    expect((await ctx(t, id)).reconsultationRequired).toBe(false)
    await t.send(
      id,
      { type: 'REVIEW', meeting: partyMeeting('2026-03-09', { attended: 21, for: 21, abstain: 0 }) },
      { actor: party },
    )
    expect(await state(t, id)).toBe('deliberating.partyReviewed')
    await t.send(
      id,
      { type: 'RESOLVE', meeting: repMeeting('2026-03-12', { attended: 33, for: 30, abstain: 0 }) },
      { actor: committee },
    ) // 33 < 34 of 50
    expect(await state(t, id)).toBe('deliberating.partyReviewed')
    await t.send(
      id,
      { type: 'RESOLVE', meeting: repMeeting('2026-03-13', { attended: 34, for: 18 }) },
      { actor: committee },
    ) // 34 meets; 18 > 17
    expect(await state(t, id)).toBe('resolved')
    const c = await ctx(t, id)
    expect(c.meetings.map((m) => [m.step, m.outcome, m.rule])).toEqual([
      ['consultation', 'quorumFailed', 'local practice'],
      ['consultation', 'passed', 'docs/domain-rules.md#7-four-deliberations-two-disclosures step 2'],
      ['review', 'quorumFailed', 'ZB Art. 11'],
      ['review', 'passed', 'ZB Art. 11'],
      ['resolution', 'quorumFailed', 'CW Art. 26'],
      ['resolution', 'passed', 'CW Art. 26'],
    ])
    expect(c.meetings[4]?.reason).toContain('attended 33 of 50 (needs ≥ 2/3: at least 34)')
    const h = await t.system.history(id)
    expect(h.filter((e) => e.from === e.to).map((e) => e.to)).toEqual([
      'deliberating.proposed',
      'deliberating.consulted',
      'deliberating.partyReviewed',
    ])
    expect(h.at(-1)?.detail).toMatchObject({
      deadlines: [
        { name: 'deliberation', op: 'stopped' },
        { name: 'resolutionDisclosure', op: 'started' },
      ],
    })
    expect(due).toBe(at('2026-03-24T00:00:00+08:00'))
  })

  it("a villagers' meeting with short notice (CW Art. 21) is held again; exactly 10 days' notice is enough", async () => {
    const t = engine()
    const id = await toPartyReviewed(t, homesteadInput({ resolutionBody: 'villagersMeeting' }))
    const vm = (noticeDate: string, date: string) =>
      meeting({
        date,
        noticeDate,
        shouldAttend: 800,
        attended: 401,
        for: 201,
        households: { total: 300, represented: 150 },
      })
    await t.send(id, { type: 'RESOLVE', meeting: vm('2026-03-10', '2026-03-19') }, { actor: committee })
    expect(await state(t, id)).toBe('deliberating.partyReviewed')
    expect((await ctx(t, id)).meetings.at(-1)).toMatchObject({ outcome: 'noticeTooShort', rule: 'CW Art. 21' })
    await t.send(id, { type: 'RESOLVE', meeting: vm('2026-03-10', '2026-03-20') }, { actor: committee })
    expect(await state(t, id)).toBe('resolved')
    expect((await ctx(t, id)).resolution).toMatchObject({ rule: 'CW Art. 22' })
  })

  it('a representative meeting composed against CW Art. 25 is held again', async () => {
    const t = engine()
    const id = await toPartyReviewed(t)
    const composition = { members: 50, villagerRepresentatives: 40, womenRepresentatives: 16, households: 400 }
    await t.send(id, { type: 'RESOLVE', meeting: repMeeting('2026-03-13', { composition }) }, { actor: committee })
    expect((await ctx(t, id)).meetings.at(-1)).toMatchObject({ outcome: 'invalidComposition', rule: 'CW Art. 25' })
    await t.send(
      id,
      {
        type: 'RESOLVE',
        meeting: repMeeting('2026-03-14', { composition: { ...composition, womenRepresentatives: 17 } }),
      },
      { actor: committee },
    )
    expect(await state(t, id)).toBe('resolved')
  })
})

describe('failed vote: back to consultation', () => {
  it('at the two-committee meeting the proposal stays proposed', async () => {
    const t = engine()
    const id = await proposed(t)
    await t.send(
      id,
      { type: 'CONSULT', meeting: twoCommittees('2026-03-03', { attended: 7, for: 3 }) },
      { actor: party },
    )
    expect(await state(t, id)).toBe('deliberating.proposed')
    expect((await ctx(t, id)).meetings.at(-1)).toMatchObject({ outcome: 'rejected' })
  })

  it('at the party review: consulted, and no new review until the two committees consult again', async () => {
    const t = engine()
    const id = await proposed(t)
    await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-03') }, { actor: party })
    // Re-consulting is refused while nothing failed.
    await expect(
      t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-04') }, { actor: party }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(
      id,
      { type: 'REVIEW', meeting: partyMeeting('2026-03-05', { attended: 30, for: 20 }) },
      { actor: party },
    ) // 20 is not > 40/2
    expect(await state(t, id)).toBe('deliberating.consulted')
    let c = await ctx(t, id)
    expect(c.reconsultationRequired).toBe(true)
    expect(c.meetings.at(-1)).toMatchObject({ step: 'review', outcome: 'rejected', rule: 'ZB Art. 11' })
    const again = { type: 'REVIEW', meeting: partyMeeting('2026-03-06') } as const
    await expect(t.send(id, again, { actor: party })).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    // The pure check says why.
    expect(checkStep('review', c, again.meeting, defaultDeliberationParameters)).toMatchObject({
      ok: false,
      rule: 'docs/domain-rules.md#7-four-deliberations-two-disclosures',
    })
    // A failed re-consultation keeps the requirement; a passed one clears it.
    await t.send(
      id,
      { type: 'CONSULT', meeting: twoCommittees('2026-03-06', { attended: 7, for: 2 }), plan: '修改稿' },
      { actor: party },
    )
    expect((await ctx(t, id)).reconsultationRequired).toBe(true)
    await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-07'), plan: '修改稿二' }, { actor: party })
    c = await ctx(t, id)
    expect(c).toMatchObject({ reconsultationRequired: false, plan: '修改稿二' })
    await t.send(id, { type: 'REVIEW', meeting: partyMeeting('2026-03-09') }, { actor: party })
    expect(await state(t, id)).toBe('deliberating.partyReviewed')
  })

  it('at the resolution: back to consulted, then consult, review and resolve again', async () => {
    const t = engine()
    const id = await toPartyReviewed(t)
    await t.send(
      id,
      { type: 'RESOLVE', meeting: repMeeting('2026-03-13', { attended: 36, for: 18 }) },
      { actor: committee },
    ) // 18 is not > 36/2
    expect(await state(t, id)).toBe('deliberating.consulted')
    expect((await ctx(t, id)).reconsultationRequired).toBe(true)
    await expect(
      t.send(id, { type: 'REVIEW', meeting: partyMeeting('2026-03-14') }, { actor: party }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-14') }, { actor: party })
    await t.send(id, { type: 'REVIEW', meeting: partyMeeting('2026-03-15') }, { actor: party })
    await t.send(
      id,
      { type: 'RESOLVE', meeting: repMeeting('2026-03-16', { attended: 36, for: 19 }) },
      { actor: committee },
    )
    expect(await state(t, id)).toBe('resolved')
  })
})

describe('chronology', () => {
  it('refuses a meeting or a posting dated before the last step on file', async () => {
    const t = engine()
    const id = await proposed(t)
    await expect(
      t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-01') }, { actor: party }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    const t2 = engine()
    const id2 = await toResolved(t2)
    await expect(
      t2.send(id2, { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-12T10:00:00+08:00') }, { actor: committee }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t2.send(id2, { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-13T20:00:00+08:00') }, { actor: committee })
    expect(await state(t2, id2)).toBe('resolutionPublished.posting')
  })
})

describe('deadlines and colours', () => {
  it('the four deliberations: 20 days from the proposal; yellow from 75 %, red when due, breached on expiry', async () => {
    const t = engine()
    const id = await proposed(t) // Mon Mar 2, 09:00; due Mar 24 00:00 (day 20 is a Sunday)
    const colour = async () => (await t.system.tasks({ instanceId: id })).items[0]?.colour
    const task = (await t.system.tasks({ instanceId: id })).items[0]
    expect(task).toMatchObject({
      role: 'partyOrganisation',
      colour: 'green',
      dueAt: new Date(at('2026-03-24T00:00:00+08:00')),
    })
    const warn = task?.warnAt?.getTime() ?? 0
    t.clock.set(warn - 1)
    expect(await colour()).toBe('green')
    t.clock.set(warn)
    expect(await colour()).toBe('yellow')
    await t.advance(at('2026-03-23T23:59:59+08:00') - t.clock.now())
    expect(await colour()).toBe('yellow')
    expect((await t.system.get(id)).breached).toBe(false)
    await t.advance('1s')
    expect(await colour()).toBe('red')
    expect((await t.system.get(id)).breached).toBe(true)
    expect((await t.system.history(id)).at(-1)).toMatchObject({ kind: 'deadline', event: { deadline: 'deliberation' } })
    // The case goes on; the breach stays on record.
    expect(await state(t, id)).toBe('deliberating.proposed')
  })

  it('the resolution is disclosed "immediately" (CW Art. 30): 3 days, then red', async () => {
    const t = engine()
    const id = await toResolved(t) // Fri Mar 13; 3 days → Mon Mar 16, 24:00
    expect(await dueOf(t, id, 'resolutionDisclosure')).toBe(at('2026-03-17T00:00:00+08:00'))
    await t.advance(at('2026-03-16T23:59:59+08:00') - t.clock.now())
    expect((await t.system.tasks({ instanceId: id })).items[0]?.colour).not.toBe('red')
    await t.advance('1s')
    expect((await t.system.tasks({ instanceId: id })).items[0]).toMatchObject({ colour: 'red', overdue: true })
    expect((await t.system.get(id)).breached).toBe(true)
  })

  it('each disclosure stays posted 7 full days: implementation is refused until 24:00 of the 7th day', async () => {
    const t = engine()
    const id = await toResolved(t)
    t.clock.set('2026-03-14T23:30:00+08:00')
    await t.send(id, { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-14T23:30:00+08:00') }, { actor: committee })
    expect((await t.system.get(id)).timers.map((x) => x.dueAt.getTime())).toEqual([at('2026-03-22T00:00:00+08:00')])
    await t.advance(at('2026-03-21T23:59:59.999+08:00') - t.clock.now())
    await expect(
      t.send(id, { type: 'START_IMPLEMENTATION', date: '2026-03-21' }, { actor: committee }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.advance(1)
    await t.send(id, { type: 'START_IMPLEMENTATION', date: '2026-03-22' }, { actor: committee })
    expect(await state(t, id)).toBe('implementing.quarterlyOdd')
  })

  it('a longer posting period is a parameter', async () => {
    const t = engine({ disclosureMinDays: 10 })
    const id = await toResolved(t)
    t.clock.set('2026-03-14T10:00:00+08:00')
    await t.send(id, { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-14T10:00:00+08:00') }, { actor: committee })
    expect((await t.system.get(id)).timers.map((x) => x.dueAt.getTime())).toEqual([at('2026-03-25T00:00:00+08:00')])
  })

  it('during implementation, disclosures at least quarterly (90 days); each disclosure starts a new period', async () => {
    const t = engine()
    const id = await toImplementing(t) // Mar 23 10:00
    const due = await dueOf(t, id, 'progressDisclosure.quarterly.odd')
    // 90 days after Mar 23 is Sun Jun 21: rolled to Mon Jun 22.
    expect(due).toBe(at('2026-06-23T00:00:00+08:00'))
    await t.advance('60d') // May 22
    t.clock.set('2026-05-22T10:00:00+08:00')
    await t.send(id, { type: 'DISCLOSE_PROGRESS', ...disclosure('2026-05-22T10:00:00+08:00') }, { actor: committee })
    expect(await state(t, id)).toBe('implementing.quarterlyEven')
    // A new period from May 22: day 90 is Thu Aug 20.
    expect((await t.system.get(id)).deadlines.map((d) => [d.name, d.dueAt.getTime()])).toEqual([
      ['progressDisclosure.quarterly.even', at('2026-08-21T00:00:00+08:00')],
    ])
    await t.advance(at('2026-08-21T00:00:00+08:00') - t.clock.now())
    expect((await t.system.tasks({ instanceId: id })).items[0]).toMatchObject({ colour: 'red' })
    expect((await t.system.get(id)).breached).toBe(true)
    // A late disclosure restarts the cadence; the breach stays on record.
    await t.send(id, { type: 'DISCLOSE_PROGRESS', ...disclosure('2026-08-21T09:00:00+08:00') }, { actor: committee })
    expect(await state(t, id)).toBe('implementing.quarterlyOdd')
    expect((await t.system.tasks({ instanceId: id })).items[0]).toMatchObject({ colour: 'green' })
  })

  it('where finances are frequent, monthly (30 days)', async () => {
    const t = engine()
    const id = await toImplementing(
      t,
      homesteadInput({ village: { name: '枫源村', oneHolder: false, frequentFinances: true, township: 'fengqiao' } }),
    )
    expect(await state(t, id)).toBe('implementing.monthlyOdd')
    // Mar 23 + 30 days = Wed Apr 22.
    expect(await dueOf(t, id, 'progressDisclosure.monthly.odd')).toBe(at('2026-04-23T00:00:00+08:00'))
    await t.advance('25d')
    await t.send(id, { type: 'DISCLOSE_PROGRESS', ...disclosure('2026-04-17T10:00:00+08:00') }, { actor: committee })
    expect(await state(t, id)).toBe('implementing.monthlyEven')
    expect(await dueOf(t, id, 'progressDisclosure.monthly.even')).toBe(at('2026-05-19T00:00:00+08:00')) // Apr 17 + 30 = Sun May 17 → Mon May 18, 24:00
  })

  it('the result is disclosed within 3 days of completion', async () => {
    const t = engine()
    const id = await toImplementing(t)
    t.clock.set('2026-05-11T18:00:00+08:00')
    await t.send(id, { type: 'COMPLETE_IMPLEMENTATION', date: '2026-05-11', summary: '完成' }, { actor: committee })
    expect(await dueOf(t, id, 'resultDisclosure')).toBe(at('2026-05-15T00:00:00+08:00'))
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => k.role)).toEqual(['villagersCommittee'])
  })
})

describe("a villager's complaint about non-disclosure (CW Art. 31)", () => {
  it('opens a task for the township in a linked case; archiving waits for it; the decision comes back', async () => {
    const t = engine()
    const id = await toResolved(t)
    // The resolution has not been disclosed: a villager (no org unit) complains.
    t.clock.set('2026-03-18T09:00:00+08:00')
    await t.send(
      id,
      { type: 'COMPLAIN', complainant: '张三', kind: 'notDisclosed', statement: '决议未公布' },
      { actor: villager },
    )
    expect((await ctx(t, id)).complaints).toMatchObject({ lodged: 1, open: 1 })
    const tasks = (await t.system.tasks({ role: 'township' })).items
    expect(tasks).toHaveLength(1)
    expect(tasks[0]).toMatchObject({ processId: 'deliberation-complaint', orgUnit: 'fengqiao', dueAt: null })
    const childId = tasks[0]?.instanceId ?? ''
    expect((await t.system.get(childId)).parentId).toBe(id)
    expect((await t.system.get(childId)).context).toMatchObject({
      complaint: { about: 'resolution', kind: 'notDisclosed', complainant: '张三', township: 'fengqiao' },
    })
    // Another township cannot handle it.
    await expect(
      t.send(childId, { type: 'ORDER_DISCLOSURE', finding: 'x', reference: 'y' }, { actor: otherTownship }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })

    // The case goes on meanwhile, but cannot be archived with the complaint open.
    await t.send(id, { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-18T10:00:00+08:00') }, { actor: committee })
    await t.advance('8d')
    await t.send(id, { type: 'START_IMPLEMENTATION', date: '2026-03-26' }, { actor: committee })
    await t.send(id, { type: 'COMPLETE_IMPLEMENTATION', date: '2026-03-27', summary: '完成' }, { actor: committee })
    await t.send(id, { type: 'PUBLISH_RESULT', ...disclosure('2026-03-27T10:00:00+08:00') }, { actor: committee })
    await t.advance('8d')
    expect(await state(t, id)).toBe('resultPublished.posted')
    await expect(t.send(id, { type: 'ARCHIVE', opinion: '同意归档' }, { actor: supervision })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })

    await t.send(
      childId,
      { type: 'ORDER_DISCLOSURE', finding: '决议公开迟延五日', reference: '枫政督〔2026〕3号' },
      { actor: township },
    )
    expect(await t.runOutbox()).toBe(1)
    const c = await ctx(t, id)
    expect(c.complaints).toEqual({
      lodged: 1,
      open: 0,
      records: [{ childId, decision: 'ordered', finding: '决议公开迟延五日', reference: '枫政督〔2026〕3号' }],
    })
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'child',
      actor: { id: 'system' },
      event: { type: 'COMPLAINT_HANDLED' },
    })
    await t.send(id, { type: 'ARCHIVE', opinion: '同意归档' }, { actor: supervision })
    expect(await state(t, id)).toBe('archived')
  })

  it('a dismissed complaint is recorded too; no complaint before there is anything to disclose', async () => {
    const t = engine()
    const { id: draft } = await t.start('deliberation', homesteadInput(), { actor: party, orgUnit: 'fengyuan' })
    await expect(
      t.send(
        draft,
        { type: 'COMPLAIN', complainant: '李四', kind: 'notDisclosed', statement: 'x' },
        { actor: villager },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    const id = await toImplementing(t)
    await t.send(
      id,
      { type: 'COMPLAIN', complainant: '李四', kind: 'untrue', statement: '公开的账目不实' },
      { actor: villager },
    )
    const [task] = (await t.system.tasks({ role: 'township' })).items
    expect((await t.system.get(task?.instanceId ?? '')).context).toMatchObject({
      complaint: { about: 'progress', kind: 'untrue' },
    })
    await t.send(task?.instanceId ?? '', { type: 'DISMISS_COMPLAINT', finding: '经核实账目属实' }, { actor: township })
    await t.runOutbox()
    expect((await ctx(t, id)).complaints.records).toMatchObject([
      { decision: 'dismissed', finding: '经核实账目属实', reference: null },
    ])
    expect((await t.system.get(task?.instanceId ?? '')).status).toBe('completed')
  })
})

describe('withdrawal', () => {
  it('the party organisation may withdraw before the resolution, not after', async () => {
    const t = engine()
    const id = await proposed(t)
    await t.send(id, { type: 'WITHDRAW', reason: '方案不成熟' }, { actor: party })
    expect(await t.system.get(id)).toMatchObject({
      stateKey: 'withdrawn',
      status: 'completed',
      outcome: 'void',
      deadlines: [],
    })
    const id2 = await toResolved(t)
    await expect(t.send(id2, { type: 'WITHDRAW', reason: 'x' }, { actor: party })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
  })

  it("not when a villagers' request obliges the meeting (CW Art. 21: 80 of 800); 79 of 800 does not oblige", async () => {
    const t = engine()
    const vm = { resolutionBody: 'villagersMeeting' as const }
    const { id } = await t.start(
      'deliberation',
      homesteadInput({ ...vm, initiative: { by: 'villagers', requesters: 80, adults: 800 } }),
      { actor: committee, orgUnit: 'fengyuan' },
    )
    expect((await ctx(t, id)).convocation).toMatchObject({ required: true, rule: 'CW Art. 21' })
    await expect(t.send(id, { type: 'WITHDRAW', reason: 'x' }, { actor: party })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    const { id: id2 } = await t.start(
      'deliberation',
      homesteadInput({ ...vm, initiative: { by: 'villagers', requesters: 79, adults: 800 } }),
      { actor: committee, orgUnit: 'fengyuan' },
    )
    expect((await ctx(t, id2)).convocation.required).toBe(false)
    await t.send(id2, { type: 'WITHDRAW', reason: 'x' }, { actor: party })
    expect(await state(t, id2)).toBe('withdrawn')
  })
})

describe('durability', () => {
  it('replays deterministically through timers, deadlines, loops and a revocation', async () => {
    const t = engine()
    const id = await toImplementing(t)
    await t.advance('100d')
    await t.send(id, { type: 'ORDER_CORRECTION', date: '2026-07-01', reference: 'r', reason: 'x' }, { actor: township })
    expect(await t.system.replay(id)).toMatchObject({ ok: true, state: 'revoked' })
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
  })
})
