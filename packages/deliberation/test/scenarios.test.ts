// docs/domain-rules.md#10-example-scenarios scenarios 18–21, end to end on the manual clock.
import { createTestEngine } from '@fengqiao/core/testing'
import { isFengqiaoError } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import { deliberationProcess, type DeliberationContext } from '../src/index.js'
import {
  START,
  at,
  committee,
  court,
  disclosure,
  engine,
  homesteadInput,
  meeting,
  orgUnits,
  party,
  partyMeeting,
  repMeeting,
  supervision,
  toImplementing,
  toResolved,
  township,
  twoCommittees,
} from './fixtures.js'

const ctx = async (t: ReturnType<typeof engine>, id: string) => (await t.system.get(id)).context as DeliberationContext

describe('scenario 18: the happy path (homestead plan)', () => {
  it('party meeting 30/40 with 25 for; representative meeting 36/50 with 20 for; both disclosures → archived', async () => {
    const t = engine()
    const { id } = await t.start('deliberation', homesteadInput(), { actor: party, orgUnit: 'fengyuan' })
    expect((await t.system.get(id)).stateKey).toBe('draft')

    // Step 1, Mar 2: the party organisation proposes; the 20-day deliberation clock starts.
    await t.send(id, { type: 'PROPOSE', date: '2026-03-02', summary: '提议制定宅基地使用方案' }, { actor: party })
    expect((await t.system.get(id)).stateKey).toBe('deliberating.proposed')
    const deliberation = (await t.system.get(id)).deadlines.find((d) => d.name === 'deliberation')
    // Day 20 is Sun Mar 22: rolled to Mon Mar 23, the period ends at its 24:00.
    expect(deliberation?.dueAt.getTime()).toBe(at('2026-03-24T00:00:00+08:00'))

    // Step 2, Mar 4: the two-committee meeting.
    t.clock.set('2026-03-04T09:00:00+08:00')
    await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-04'), plan: '方案（草案）' }, { actor: party })
    expect((await t.system.get(id)).stateKey).toBe('deliberating.consulted')

    // Step 3, Mar 9: party members' meeting, 30 of 40 attend (> 20), 25 for (> 40/2 = 20).
    t.clock.set('2026-03-09T09:00:00+08:00')
    await t.send(
      id,
      { type: 'REVIEW', meeting: partyMeeting('2026-03-09', { shouldAttend: 40, attended: 30, for: 25 }) },
      { actor: party },
    )
    expect((await t.system.get(id)).stateKey).toBe('deliberating.partyReviewed')

    // Step 4, Mar 13: representative meeting, 36 of 50 attend (36·3 = 108 ≥ 100), 20 for (20·2 = 40 > 36).
    t.clock.set('2026-03-13T09:00:00+08:00')
    await t.send(
      id,
      { type: 'RESOLVE', meeting: repMeeting('2026-03-13', { shouldAttend: 50, attended: 36, for: 20 }) },
      { actor: committee },
    )
    expect((await t.system.get(id)).stateKey).toBe('resolved')
    let c = await ctx(t, id)
    expect(c.meetings.map((m) => [m.step, m.body, m.outcome, m.rule])).toEqual([
      ['consultation', 'twoCommittees', 'passed', 'docs/domain-rules.md#7-four-deliberations-two-disclosures step 2'],
      ['review', 'partyMembers', 'passed', 'ZB Art. 11'],
      ['resolution', 'representativeMeeting', 'passed', 'CW Art. 26'],
    ])
    expect(c.resolution).toMatchObject({ date: '2026-03-13', rule: 'CW Art. 26' })
    expect(c.plan).toBe('方案（草案）')
    // The deliberation clock stopped in time; the resolution-disclosure clock runs (3 days: Mar 16).
    const row = await t.system.get(id)
    expect(row.deadlines.map((d) => [d.name, d.dueAt.getTime()])).toEqual([
      ['resolutionDisclosure', at('2026-03-17T00:00:00+08:00')],
    ])
    expect(row.breached).toBe(false)
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => [k.role, k.colour])).toEqual([
      ['villagersCommittee', 'green'],
    ])

    // Step 5, Mar 14: resolution disclosure, posted at least 7 days (to Mar 21, 24:00).
    t.clock.set('2026-03-14T10:00:00+08:00')
    await t.send(
      id,
      { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-14T10:00:00+08:00', '决议：宅基地使用方案') },
      { actor: committee },
    )
    expect((await t.system.get(id)).stateKey).toBe('resolutionPublished.posting')
    await t.advance('7d') // Mar 21 10:00: still posted
    await expect(
      t.send(id, { type: 'START_IMPLEMENTATION', date: '2026-03-21' }, { actor: committee }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.advance('14h') // Mar 22 00:00
    expect((await t.system.get(id)).stateKey).toBe('resolutionPublished.posted')

    // Implementation, Mar 23, with a progress disclosure in April.
    t.clock.set('2026-03-23T09:00:00+08:00')
    await t.send(id, { type: 'START_IMPLEMENTATION', date: '2026-03-23' }, { actor: committee })
    expect((await t.system.get(id)).stateKey).toBe('implementing.quarterlyOdd')
    await t.advance('30d')
    await t.send(
      id,
      { type: 'DISCLOSE_PROGRESS', ...disclosure('2026-04-22T09:00:00+08:00', '一季度实施情况') },
      { actor: committee },
    )
    expect((await t.system.get(id)).stateKey).toBe('implementing.quarterlyEven')
    await t.advance('20d')
    await t.send(
      id,
      { type: 'COMPLETE_IMPLEMENTATION', date: '2026-05-12', summary: '已完成宅基地分配' },
      { actor: committee },
    )
    expect((await t.system.get(id)).stateKey).toBe('implemented')

    // Step 6: result disclosure, posted 7 days, then the supervision committee archives.
    t.clock.set('2026-05-13T09:00:00+08:00')
    await t.send(
      id,
      { type: 'PUBLISH_RESULT', ...disclosure('2026-05-13T09:00:00+08:00', '实施结果') },
      { actor: committee },
    )
    await expect(t.send(id, { type: 'ARCHIVE', opinion: '程序合规' }, { actor: supervision })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.advance('7d') // May 20 09:00: day 7 is not over
    expect((await t.system.get(id)).stateKey).toBe('resultPublished.posting')
    await t.advance('15h') // May 21 00:00
    expect((await t.system.get(id)).stateKey).toBe('resultPublished.posted')
    const done = await t.send(
      id,
      { type: 'ARCHIVE', opinion: '程序合规', reference: '档案2026-07' },
      { actor: supervision },
    )
    expect(done).toMatchObject({ stateKey: 'archived', status: 'completed' })

    c = await ctx(t, id)
    expect(c.resolutionDisclosure?.content).toBe('决议：宅基地使用方案')
    expect(c.progressDisclosures).toHaveLength(1)
    expect(c.resultDisclosure).toMatchObject({ content: '实施结果', revocation: null })
    expect(c.archive).toEqual({ opinion: '程序合规', reference: '档案2026-07' })
    expect(await t.system.get(id)).toMatchObject({ outcome: 'resolved', breached: false })
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
    expect(await t.system.replay(id)).toMatchObject({ ok: true, state: 'archived' })
  })

  it('the same numbers fail where the representative meeting counts all members (> 1/2 of 50 needs 26): back to consultation', async () => {
    const t = engine({ representativeMeetingPassBase: 'all' })
    const id = await toResolved(t)
    expect((await t.system.get(id)).stateKey).toBe('deliberating.consulted')
    const c = await ctx(t, id)
    expect(c.meetings.at(-1)).toMatchObject({ step: 'resolution', outcome: 'rejected', rule: 'CW Art. 26' })
    expect(c.reconsultationRequired).toBe(true)
  })
})

describe('scenario 19: village rules through the representative meeting', () => {
  const rules = homesteadInput({
    matter: { class: 'villageRules', title: '修订村规民约' },
    resolutionBody: 'representativeMeeting',
  })

  it('is refused under the default config, with an error naming CW Art. 27; nothing is stored', async () => {
    const t = engine()
    let caught: unknown
    try {
      await t.start('deliberation', rules, { actor: party, orgUnit: 'fengyuan' })
    } catch (e) {
      caught = e
    }
    expect(isFengqiaoError(caught, 'EVENT_NOT_ACCEPTED')).toBe(true)
    const e = caught as { message: string; details: Record<string, unknown> }
    expect(e.message).toContain('CW Art. 27')
    expect(e.message).toContain('village charter and rules')
    expect(e.details).toMatchObject({
      rule: 'CW Art. 27',
      matterClass: 'villageRules',
      resolutionBody: 'representativeMeeting',
      allowed: ['villagersMeeting'],
    })
    expect((await t.system.instances()).items).toHaveLength(0)
  })

  it('without the plugin interceptor the input schema refuses it too (INVALID_EVENT naming the rule)', async () => {
    const t = createTestEngine({ processes: [deliberationProcess()], orgUnits, start: START })
    await expect(t.start('deliberation', rules, { actor: party, orgUnit: 'fengyuan' })).rejects.toMatchObject({
      code: 'INVALID_EVENT',
      message: expect.stringContaining('CW Art. 27'),
    })
  })

  it("goes through the villagers' meeting (10 days' notice) under the default config", async () => {
    const t = engine()
    const { id } = await t.start(
      'deliberation',
      { ...rules, resolutionBody: 'villagersMeeting' },
      { actor: party, orgUnit: 'fengyuan' },
    )
    await t.send(id, { type: 'PROPOSE', date: '2026-03-02', summary: '修订村规民约' }, { actor: party })
    await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-02') }, { actor: party })
    await t.send(id, { type: 'REVIEW', meeting: partyMeeting('2026-03-03') }, { actor: party })
    t.clock.set('2026-03-13T19:00:00+08:00')
    await t.send(
      id,
      {
        type: 'RESOLVE',
        meeting: meeting({ date: '2026-03-13', noticeDate: '2026-03-03', shouldAttend: 800, attended: 401, for: 201 }),
      },
      { actor: committee },
    )
    expect((await t.system.get(id)).stateKey).toBe('resolved')
    expect((await ctx(t, id)).resolution).toMatchObject({ rule: 'CW Art. 22' })
  })

  it('is accepted where the deployment makes village rules delegable', async () => {
    const t = engine({ villageRulesDelegable: true })
    const id = await toResolved(t, rules)
    expect((await t.system.get(id)).stateKey).toBe('resolved')
  })

  it('every other wrong body is refused before the engine with its own rule', async () => {
    const t = engine()
    const cases = [
      [{ class: 'removeCommitteeMember', title: '罢免' }, 'villagersMeeting', 'CW Art. 16'],
      [{ class: 'groupAffairs', title: '三组鱼塘承包' }, 'representativeMeeting', 'CW Art. 28'],
      [{ class: 'jjHomesteadPlan', title: '宅基地使用方案' }, 'membersRepresentativeAssembly', 'JJ Art. 28'],
      [{ class: 'jjCharter', title: '章程' }, 'villagersMeeting', 'JJ Art. 28'],
    ] as const
    for (const [matter, body, rule] of cases) {
      await expect(
        t.start('deliberation', homesteadInput({ matter, resolutionBody: body }), {
          actor: party,
          orgUnit: 'fengyuan',
        }),
      ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED', details: { rule } })
    }
    const undelegated = engine({ delegateReservedMatters: false })
    await expect(
      undelegated.start('deliberation', homesteadInput(), { actor: party, orgUnit: 'fengyuan' }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED', details: { rule: 'CW Art. 24' } })
  })
})

describe('scenario 20: a one-person village (一肩挑)', () => {
  const oneHolder = homesteadInput({ village: { name: '枫源村', oneHolder: true, township: 'fengqiao' } })

  it('merges steps 1 and 2: the joint meeting takes the proposal straight to consulted', async () => {
    const t = engine()
    const { id } = await t.start('deliberation', oneHolder, { actor: party, orgUnit: 'fengyuan' })
    expect((await ctx(t, id)).merged).toBe(true)
    await t.send(
      id,
      { type: 'PROPOSE', date: '2026-03-02', summary: '提议并商议', consultation: twoCommittees('2026-03-02') },
      { actor: party },
    )
    expect((await t.system.get(id)).stateKey).toBe('deliberating.consulted')
    const c = await ctx(t, id)
    expect(c.proposal).toEqual({ date: '2026-03-02', summary: '提议并商议' })
    expect(c.meetings).toMatchObject([{ step: 'proposal', body: 'twoCommittees', outcome: 'passed' }])
    expect((await t.system.history(id)).map((h) => h.to)).toEqual(['draft', 'deliberating.consulted']) // proposed never entered
    await t.send(id, { type: 'REVIEW', meeting: partyMeeting('2026-03-09') }, { actor: party })
    await t.send(id, { type: 'RESOLVE', meeting: repMeeting('2026-03-13') }, { actor: committee })
    expect((await t.system.get(id)).stateKey).toBe('resolved')
  })

  it('a one-person village may still hold the two steps separately', async () => {
    const t = engine()
    const id = await toResolved(t, oneHolder)
    expect((await t.system.get(id)).stateKey).toBe('resolved')
  })

  it('a failed joint meeting leaves the case in draft, recorded', async () => {
    const t = engine()
    const { id } = await t.start('deliberation', oneHolder, { actor: party, orgUnit: 'fengyuan' })
    await t.send(
      id,
      {
        type: 'PROPOSE',
        date: '2026-03-02',
        summary: '提议并商议',
        consultation: twoCommittees('2026-03-02', { attended: 3, for: 3 }),
      },
      { actor: party },
    )
    expect((await t.system.get(id)).stateKey).toBe('draft')
    expect((await ctx(t, id)).meetings).toMatchObject([{ step: 'proposal', outcome: 'quorumFailed' }])
    await t.send(
      id,
      {
        type: 'PROPOSE',
        date: '2026-03-03',
        summary: '提议并商议',
        consultation: twoCommittees('2026-03-03', { attended: 7, for: 3 }),
      },
      { actor: party },
    )
    expect((await t.system.get(id)).stateKey).toBe('draft')
    expect((await ctx(t, id)).meetings.at(-1)).toMatchObject({ outcome: 'rejected' })
    expect((await ctx(t, id)).proposal).toBe(null)
  })

  it('is refused where two people hold the posts, or where the deployment turns merging off', async () => {
    const joint = {
      type: 'PROPOSE',
      date: '2026-03-02',
      summary: '提议并商议',
      consultation: twoCommittees('2026-03-02'),
    } as const
    const t = engine()
    const { id } = await t.start('deliberation', homesteadInput(), { actor: party, orgUnit: 'fengyuan' })
    await expect(t.send(id, joint, { actor: party })).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    const off = engine({ mergeWhenOneHolder: false })
    const { id: id2 } = await off.start('deliberation', oneHolder, { actor: party, orgUnit: 'fengyuan' })
    expect((await off.system.get(id2)).context).toMatchObject({ merged: false })
    await expect(off.send(id2, joint, { actor: party })).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    expect((await off.system.get(id2)).version).toBe(1)
  })
})

describe('scenario 21: revoked', () => {
  it('a township correction order (CW Art. 27) → revoked; the revocation is noted in the result disclosure', async () => {
    const t = engine()
    const id = await toImplementing(t)
    t.clock.set('2026-04-01T09:00:00+08:00')
    await t.send(
      id,
      {
        type: 'ORDER_CORRECTION',
        date: '2026-04-01',
        reference: '枫政〔2026〕12号',
        reason: '方案违反宅基地“一户一宅”规定',
      },
      { actor: township },
    )
    expect((await t.system.get(id)).stateKey).toBe('revoked')
    let c = await ctx(t, id)
    expect(c.revocation).toEqual({
      by: 'township',
      rule: 'CW Art. 27',
      date: '2026-04-01',
      reference: '枫政〔2026〕12号',
      reason: '方案违反宅基地“一户一宅”规定',
      suitWindow: null,
    })
    // The committee must disclose it at once (3 days), in the result disclosure. Day 3 is Sat
    // Apr 4, inside the Qingming holiday (Apr 4–6): the period rolls to Tue Apr 7.
    const [task] = (await t.system.tasks({ instanceId: id })).items
    expect(task).toMatchObject({ role: 'villagersCommittee', dueAt: new Date(at('2026-04-08T00:00:00+08:00')) })
    await expect(
      t.send(id, { type: 'COMPLETE_IMPLEMENTATION', date: '2026-04-02', summary: 'x' }, { actor: committee }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    t.clock.set('2026-04-02T09:00:00+08:00')
    await t.send(
      id,
      { type: 'PUBLISH_RESULT', ...disclosure('2026-04-02T09:00:00+08:00', '决议已被镇政府责令改正，停止实施') },
      { actor: committee },
    )
    c = await ctx(t, id)
    expect(c.resultDisclosure?.revocation).toMatchObject({
      by: 'township',
      rule: 'CW Art. 27',
      reference: '枫政〔2026〕12号',
    })
    await t.advance('8d')
    const done = await t.send(id, { type: 'ARCHIVE', opinion: '已纠正' }, { actor: supervision })
    expect(done).toMatchObject({ stateKey: 'archivedRevoked', status: 'completed' })
    expect((await t.system.get(id)).outcome).toBe('revoked')
  })

  it('a court ruling (CW Art. 36) revokes too, also after the result was published', async () => {
    const t = engine()
    const id = await toImplementing(t)
    await t.send(id, { type: 'COMPLETE_IMPLEMENTATION', date: '2026-03-24', summary: '完成' }, { actor: committee })
    await t.send(id, { type: 'PUBLISH_RESULT', ...disclosure('2026-03-24T10:00:00+08:00') }, { actor: committee })
    await t.send(
      id,
      { type: 'COURT_REVOCATION', date: '2026-03-25', reference: '(2026)浙0681民初1号', reason: '侵害村民合法权益' },
      { actor: court },
    )
    expect((await t.system.get(id)).stateKey).toBe('revoked')
    expect((await ctx(t, id)).revocation).toMatchObject({ by: 'court', rule: 'CW Art. 36', suitWindow: null })
    await t.send(
      id,
      { type: 'PUBLISH_RESULT', ...disclosure('2026-03-26T10:00:00+08:00', '法院判决撤销') },
      { actor: committee },
    )
    expect((await ctx(t, id)).resultDisclosure).toMatchObject({ content: '法院判决撤销', revocation: { by: 'court' } })
  })

  it("a collective economic organisation's decision revoked by a court records the JJ Art. 57 window", async () => {
    const t = engine()
    const input = homesteadInput({
      matter: { class: 'jjOtherMajor', title: '集体厂房出租' },
      resolutionBody: 'membersAssembly',
    })
    const { id } = await t.start('deliberation', input, { actor: party, orgUnit: 'fengyuan' })
    await t.send(id, { type: 'PROPOSE', date: '2026-03-02', summary: '出租' }, { actor: party })
    await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-02') }, { actor: party })
    await t.send(id, { type: 'REVIEW', meeting: partyMeeting('2026-03-03') }, { actor: party })
    const assembly = meeting({
      date: '2026-03-13',
      noticeDate: '2026-03-03',
      shouldAttend: 60,
      attended: 45,
      for: 40,
      remote: { online: 4, proxies: 6 },
    })
    await t.send(id, { type: 'RESOLVE', meeting: assembly }, { actor: committee })
    expect((await ctx(t, id)).resolution).toMatchObject({ rule: 'JJ Art. 27' })
    await t.send(
      id,
      {
        type: 'COURT_REVOCATION',
        date: '2027-08-01',
        reference: '(2027)民初2号',
        reason: '程序违法',
        knewOn: '2026-06-10',
        suitFiledOn: '2027-06-10',
      },
      { actor: court },
    )
    expect((await ctx(t, id)).revocation).toMatchObject({
      rule: 'JJ Art. 57',
      suitWindow: { lastDay: '2027-06-10', limitedBy: 'knowledge', filedInTime: true },
    })
  })

  it('is refused before there is a resolution', async () => {
    const t = engine()
    const { id } = await t.start('deliberation', homesteadInput(), { actor: party, orgUnit: 'fengyuan' })
    await expect(
      t.send(id, { type: 'ORDER_CORRECTION', date: '2026-03-02', reference: 'x', reason: 'y' }, { actor: township }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
  })
})
