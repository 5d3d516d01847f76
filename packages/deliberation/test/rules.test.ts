// The pure rules, both sides of every boundary: quorum, pass, notice, composition, convocation,
// matter classes and bodies, the JJ Art. 57 window and the posting period.
import { chineseCalendar } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import {
  addYears,
  bodyRules,
  checkBodyFor,
  checkComposition,
  checkConvocationRequest,
  checkNotice,
  checkPassed,
  checkQuorum,
  defaultDeliberationParameters as defaults,
  evaluateMeeting,
  matterClasses,
  MeetingRecordSchema,
  postingEndsAt,
  requiredBody,
  resolutionBodies,
  resolveParameters,
  revocationWindow,
  type MatterClass,
  type ResolutionBody,
} from '../src/index.js'
import { meeting } from './fixtures.js'

const D = '2026-03-20'
const m = (
  shouldAttend: number,
  attended: number,
  yes: number,
  over: Parameters<typeof meeting>[0] extends infer T ? Partial<T> : never = {},
) => meeting({ date: D, noticeDate: '2026-03-01', shouldAttend, attended, for: yes, ...over })

describe("villagers' meeting (CW Arts. 21–22)", () => {
  it('quorum: adults more than half — 51 of 100 meets, exactly 50 does not', () => {
    expect(checkQuorum('villagersMeeting', m(100, 51, 30), defaults)).toMatchObject({ ok: true, rule: 'CW Art. 22' })
    expect(checkQuorum('villagersMeeting', m(100, 50, 30), defaults)).toMatchObject({ ok: false, rule: 'CW Art. 22' })
    expect(checkQuorum('villagersMeeting', m(101, 51, 30), defaults).ok).toBe(true)
    expect(checkQuorum('villagersMeeting', m(101, 50, 30), defaults).ok).toBe(false)
  })

  it('quorum (alternative): households at least 2/3 — 40 of 60 meets, 39 does not, when adults fall short', () => {
    expect(
      checkQuorum('villagersMeeting', m(300, 40, 30, { households: { total: 60, represented: 40 } }), defaults),
    ).toMatchObject({ ok: true, rule: 'CW Art. 22' })
    const short = checkQuorum(
      'villagersMeeting',
      m(300, 39, 30, { households: { total: 60, represented: 39 } }),
      defaults,
    )
    expect(short).toMatchObject({ ok: false, rule: 'CW Art. 22' })
    expect(short.reason).toContain('households represented 39 of 60 (needs ≥ 2/3: at least 40)')
    // Without a household count only the adults' rule can be met.
    expect(checkQuorum('villagersMeeting', m(300, 40, 30), defaults).reason).toContain('households not recorded')
  })

  it('pass: more than half of those present — 26 of 51 present passes, 25 does not', () => {
    expect(checkPassed('villagersMeeting', m(100, 51, 26), defaults)).toMatchObject({ ok: true, rule: 'CW Art. 22' })
    expect(checkPassed('villagersMeeting', m(100, 51, 25), defaults)).toMatchObject({ ok: false, rule: 'CW Art. 22' })
    expect(checkPassed('villagersMeeting', m(100, 52, 26), defaults).ok).toBe(false) // exactly half
  })

  it('notice: 10 days — notice on Mar 1 allows a meeting on Mar 11, not Mar 10', () => {
    expect(checkNotice('villagersMeeting', { noticeDate: '2026-03-01', date: '2026-03-11' }, defaults)).toMatchObject({
      ok: true,
      rule: 'CW Art. 21',
    })
    expect(checkNotice('villagersMeeting', { noticeDate: '2026-03-01', date: '2026-03-10' }, defaults)).toMatchObject({
      ok: false,
      rule: 'CW Art. 21',
    })
    // Calendar days across a month end and a leap-free February.
    expect(checkNotice('villagersMeeting', { noticeDate: '2026-02-19', date: '2026-03-01' }, defaults).ok).toBe(true)
    expect(checkNotice('villagersMeeting', { noticeDate: '2026-02-20', date: '2026-03-01' }, defaults).ok).toBe(false)
    const e = evaluateMeeting(
      'villagersMeeting',
      meeting({ date: '2026-03-10', noticeDate: '2026-03-01', shouldAttend: 100, attended: 80, for: 70 }),
      defaults,
    )
    expect(e).toMatchObject({ outcome: 'noticeTooShort', rule: 'CW Art. 21' })
  })
})

describe('representative meeting (CW Arts. 25–26)', () => {
  it('quorum at least 2/3 of members: 34 of 50 and of 51 meet; 35 of 52 meets; each one below does not', () => {
    for (const [members, least] of [
      [50, 34],
      [51, 34],
      [52, 35],
    ] as const) {
      expect(checkQuorum('representativeMeeting', m(members, least, least), defaults)).toMatchObject({
        ok: true,
        rule: 'CW Art. 26',
      })
      expect(checkQuorum('representativeMeeting', m(members, least - 1, least - 1), defaults)).toMatchObject({
        ok: false,
        rule: 'CW Art. 26',
      })
    }
  })

  it('pass: more than half of those present — 19 of 36 passes, 18 does not', () => {
    expect(checkPassed('representativeMeeting', m(50, 36, 19), defaults)).toMatchObject({
      ok: true,
      rule: 'CW Art. 26',
    })
    expect(checkPassed('representativeMeeting', m(50, 36, 18), defaults)).toMatchObject({
      ok: false,
      rule: 'CW Art. 26',
    })
  })

  it('option: more than half of all members — 26 of 50 passes, 25 does not, however many attended', () => {
    const all = resolveParameters({ representativeMeetingPassBase: 'all' })
    expect(checkPassed('representativeMeeting', m(50, 36, 26), all).ok).toBe(true)
    expect(checkPassed('representativeMeeting', m(50, 36, 25), all).ok).toBe(false)
    expect(checkPassed('representativeMeeting', m(50, 36, 20), all).ok).toBe(false) // scenario 18's 20 votes
  })

  it('composition: representatives at least 4/5, women at least 1/3 of members, 5–15 households each', () => {
    const c = (members: number, reps: number, women: number, households: number) =>
      m(members, 40, 30, {
        composition: { members, villagerRepresentatives: reps, womenRepresentatives: women, households },
      })
    expect(checkComposition(c(50, 40, 17, 400), defaults)).toMatchObject({ ok: true, rule: 'CW Art. 25' })
    expect(checkComposition(c(50, 39, 17, 400), defaults)).toMatchObject({ ok: false, rule: 'CW Art. 25' }) // 39 < 40 = 4/5 of 50
    expect(checkComposition(c(50, 40, 16, 400), defaults)).toMatchObject({ ok: false, rule: 'CW Art. 25' }) // 16 < 16.67
    expect(checkComposition(c(51, 41, 17, 400), defaults).ok).toBe(true) // 17 = 1/3 of 51 exactly
    expect(checkComposition(c(51, 40, 17, 400), defaults).ok).toBe(false) // 40 < 40.8
    expect(checkComposition(c(50, 40, 17, 200), defaults).ok).toBe(true) // 5 households each
    expect(checkComposition(c(50, 40, 17, 199), defaults).ok).toBe(false)
    expect(checkComposition(c(50, 40, 17, 600), defaults).ok).toBe(true) // 15 each
    expect(checkComposition(c(50, 40, 17, 601), defaults).ok).toBe(false)
    expect(checkComposition({ ...c(50, 40, 17, 400), shouldAttend: 49 }, defaults).ok).toBe(false) // members ≠ should attend
    expect(checkComposition(m(50, 40, 30), defaults).ok).toBe(true) // not recorded: not checked
    expect(evaluateMeeting('representativeMeeting', c(50, 39, 17, 400), defaults)).toMatchObject({
      outcome: 'invalidComposition',
      rule: 'CW Art. 25',
    })
  })

  it('has no statutory notice period', () => {
    expect(bodyRules('representativeMeeting', defaults).notice).toBe(null)
    expect(checkNotice('representativeMeeting', { noticeDate: D, date: D }, defaults).ok).toBe(true)
  })
})

describe("villagers' group meeting (CW Art. 28)", () => {
  it('quorum: 2/3 of adults — 20 of 30 meets, 19 does not; or 2/3 of households — 21 of 31 meets, 20 does not', () => {
    expect(checkQuorum('groupMeeting', m(30, 20, 15), defaults)).toMatchObject({ ok: true, rule: 'CW Art. 28' })
    expect(checkQuorum('groupMeeting', m(30, 19, 15), defaults)).toMatchObject({ ok: false, rule: 'CW Art. 28' })
    expect(
      checkQuorum('groupMeeting', m(90, 21, 15, { households: { total: 31, represented: 21 } }), defaults).ok,
    ).toBe(true)
    expect(
      checkQuorum('groupMeeting', m(90, 20, 15, { households: { total: 31, represented: 20 } }), defaults).ok,
    ).toBe(false)
  })

  it('pass: more than half of those present — 11 of 20 passes, 10 does not', () => {
    expect(checkPassed('groupMeeting', m(30, 20, 11), defaults)).toMatchObject({ ok: true, rule: 'CW Art. 28' })
    expect(checkPassed('groupMeeting', m(30, 20, 10), defaults)).toMatchObject({ ok: false, rule: 'CW Art. 28' })
  })
})

describe("party members' meeting (ZB Art. 11)", () => {
  it('quorum: more than half of the voting members — 21 of 40 meets, 20 does not', () => {
    expect(checkQuorum('partyMembers', m(40, 21, 21), defaults)).toMatchObject({ ok: true, rule: 'ZB Art. 11' })
    expect(checkQuorum('partyMembers', m(40, 20, 20), defaults)).toMatchObject({ ok: false, rule: 'ZB Art. 11' })
  })

  it('pass: more than half of those who should attend, not of those present — 21 of 40 passes, 20 does not even with 30 present', () => {
    expect(checkPassed('partyMembers', m(40, 30, 21), defaults)).toMatchObject({ ok: true, rule: 'ZB Art. 11' })
    const twenty = checkPassed('partyMembers', m(40, 30, 20), defaults)
    expect(twenty).toMatchObject({ ok: false, rule: 'ZB Art. 11' })
    expect(twenty.reason).toContain('who should attend')
    expect(evaluateMeeting('partyMembers', m(40, 30, 25), defaults).outcome).toBe('passed') // scenario 18
  })

  it('the local rule (≥ 2/3 attendance; plan sent 3 days ahead) is a parameter', () => {
    const local = resolveParameters({
      partyMeetingQuorum: { num: 2, den: 3, strict: false, source: 'county rule' },
      partyMeetingNoticeDays: 3,
    })
    expect(checkQuorum('partyMembers', m(40, 27, 27), local)).toMatchObject({ ok: true, rule: 'county rule' })
    expect(checkQuorum('partyMembers', m(40, 26, 26), local).ok).toBe(false)
    expect(checkNotice('partyMembers', { noticeDate: '2026-03-17', date: D }, local).ok).toBe(true)
    expect(checkNotice('partyMembers', { noticeDate: '2026-03-18', date: D }, local).ok).toBe(false)
    expect(checkNotice('partyMembers', { noticeDate: D, date: D }, defaults).ok).toBe(true) // ZB sets none
  })
})

describe('two-committee meeting (docs/domain-rules.md#7-four-deliberations-two-disclosures step 2)', () => {
  it('quorum more than half of members (4 of 7, not 3); majority of those present (4 of 6, not 3)', () => {
    expect(checkQuorum('twoCommittees', m(7, 4, 4), defaults).ok).toBe(true)
    expect(checkQuorum('twoCommittees', m(7, 3, 3), defaults).ok).toBe(false)
    expect(checkPassed('twoCommittees', m(7, 6, 4), defaults).ok).toBe(true)
    expect(checkPassed('twoCommittees', m(7, 6, 3), defaults).ok).toBe(false)
  })
})

describe('collective economic organisation (JJ Arts. 27–28)', () => {
  it("members' assembly: 10 days' notice, quorum ≥ 2/3 of members, pass ≥ 2/3 of all members", () => {
    const a = (attended: number, yes: number, noticeDate = '2026-03-10') =>
      meeting({ date: D, noticeDate, shouldAttend: 60, attended, for: yes, remote: { online: 5, proxies: 3 } })
    expect(evaluateMeeting('membersAssembly', a(40, 40), defaults)).toMatchObject({
      outcome: 'passed',
      rule: 'JJ Art. 27',
    })
    expect(evaluateMeeting('membersAssembly', a(39, 39), defaults)).toMatchObject({
      outcome: 'quorumFailed',
      rule: 'JJ Art. 27',
    })
    expect(evaluateMeeting('membersAssembly', a(45, 39), defaults)).toMatchObject({
      outcome: 'rejected',
      rule: 'JJ Art. 27',
    }) // 39 < 40 of all 60
    expect(evaluateMeeting('membersAssembly', a(45, 40, '2026-03-11'), defaults)).toMatchObject({
      outcome: 'noticeTooShort',
      rule: 'JJ Art. 27',
    })
  })

  it("members' representative assembly: ≥ 2/3 of all representatives, both sides", () => {
    expect(evaluateMeeting('membersRepresentativeAssembly', m(30, 20, 20), defaults)).toMatchObject({
      outcome: 'passed',
      rule: 'JJ Art. 28',
    })
    expect(evaluateMeeting('membersRepresentativeAssembly', m(30, 19, 19), defaults)).toMatchObject({
      outcome: 'quorumFailed',
      rule: 'JJ Art. 28',
    })
    expect(evaluateMeeting('membersRepresentativeAssembly', m(30, 25, 19), defaults)).toMatchObject({
      outcome: 'rejected',
      rule: 'JJ Art. 28',
    })
  })
})

describe('evaluateMeeting: order of the checks', () => {
  it('notice before quorum, quorum before the vote', () => {
    const short = meeting({ date: '2026-03-05', noticeDate: '2026-03-01', shouldAttend: 100, attended: 10, for: 1 })
    expect(evaluateMeeting('villagersMeeting', short, defaults).outcome).toBe('noticeTooShort')
    expect(evaluateMeeting('representativeMeeting', short, defaults).outcome).toBe('quorumFailed')
    const e = evaluateMeeting('representativeMeeting', m(50, 36, 18), defaults)
    expect(e.outcome).toBe('rejected')
    expect(e.checks.map((c) => c.ok)).toEqual([true, true, true, false]) // notice, composition, quorum, pass
  })
})

describe('meeting records (schema)', () => {
  it('refuses impossible counts and dates', () => {
    const ok = m(50, 36, 20)
    expect(MeetingRecordSchema.safeParse(ok).success).toBe(true)
    expect(MeetingRecordSchema.safeParse({ ...ok, attended: 51 }).success).toBe(false)
    expect(MeetingRecordSchema.safeParse({ ...ok, votes: { for: 30, against: 7, abstain: 0 } }).success).toBe(false) // 37 > 36
    expect(MeetingRecordSchema.safeParse({ ...ok, noticeDate: '2026-03-21' }).success).toBe(false) // after the meeting
    expect(MeetingRecordSchema.safeParse({ ...ok, date: '2026-02-30' }).success).toBe(false)
    expect(MeetingRecordSchema.safeParse({ ...ok, households: { total: 10, represented: 11 } }).success).toBe(false)
    expect(MeetingRecordSchema.safeParse({ ...ok, signatures: [] }).success).toBe(false)
    expect(MeetingRecordSchema.safeParse({ ...ok, minutes: '' }).success).toBe(false)
    expect(MeetingRecordSchema.safeParse({ ...ok, attended: 2.5 }).success).toBe(false)
  })
})

describe('convocation on request (CW Arts. 21, 26)', () => {
  it("villagers' meeting: 1/10 of villagers (80 of 800, not 79) or 1/3 of representatives (15 of 45, not 14)", () => {
    expect(
      checkConvocationRequest('villagersMeeting', { by: 'villagers', requesters: 80, adults: 800 }, defaults),
    ).toMatchObject({ ok: true, rule: 'CW Art. 21' })
    expect(
      checkConvocationRequest('villagersMeeting', { by: 'villagers', requesters: 79, adults: 800 }, defaults),
    ).toMatchObject({ ok: false, rule: 'CW Art. 21' })
    expect(
      checkConvocationRequest(
        'villagersMeeting',
        { by: 'representatives', requesters: 15, representatives: 45 },
        defaults,
      ),
    ).toMatchObject({ ok: true, rule: 'CW Art. 21' })
    expect(
      checkConvocationRequest(
        'villagersMeeting',
        { by: 'representatives', requesters: 14, representatives: 45 },
        defaults,
      ).ok,
    ).toBe(false)
  })

  it('representative meeting: 1/5 of representatives (9 of 45, not 8); other bodies are never obliged', () => {
    expect(
      checkConvocationRequest(
        'representativeMeeting',
        { by: 'representatives', requesters: 9, representatives: 45 },
        defaults,
      ),
    ).toMatchObject({ ok: true, rule: 'CW Art. 26' })
    expect(
      checkConvocationRequest(
        'representativeMeeting',
        { by: 'representatives', requesters: 8, representatives: 45 },
        defaults,
      ).ok,
    ).toBe(false)
    expect(
      checkConvocationRequest('representativeMeeting', { by: 'villagers', requesters: 500, adults: 800 }, defaults).ok,
    ).toBe(false)
    expect(
      checkConvocationRequest(
        'membersAssembly',
        { by: 'representatives', requesters: 45, representatives: 45 },
        defaults,
      ).ok,
    ).toBe(false)
    expect(checkConvocationRequest('villagersMeeting', { by: 'partyOrganisation' }, defaults).ok).toBe(false)
  })
})

describe('matter classes and bodies (CW Arts. 16, 24, 27, 28; JJ Art. 28)', () => {
  const allowed = (matter: MatterClass) => resolutionBodies.filter((b) => checkBodyFor(matter, b, defaults).ok)

  it('under the defaults, each class goes to exactly the bodies the law allows', () => {
    const expected: Record<MatterClass, ResolutionBody[]> = {
      workSubsidy: ['villagersMeeting', 'representativeMeeting'],
      collectiveIncome: ['villagersMeeting', 'representativeMeeting'],
      publicWelfare: ['villagersMeeting', 'representativeMeeting'],
      landContracting: ['villagersMeeting', 'representativeMeeting'],
      collectiveEconomicProject: ['villagersMeeting', 'representativeMeeting'],
      homesteadPlan: ['villagersMeeting', 'representativeMeeting'],
      requisitionCompensation: ['villagersMeeting', 'representativeMeeting'],
      propertyDisposal: ['villagersMeeting', 'representativeMeeting'],
      otherReserved: ['villagersMeeting', 'representativeMeeting'],
      villageRules: ['villagersMeeting'],
      removeCommitteeMember: [],
      groupAffairs: ['groupMeeting'],
      otherVillageAffairs: ['villagersMeeting', 'representativeMeeting'],
      jjCharter: ['membersAssembly'],
      jjMembership: ['membersAssembly'],
      jjLandContractPlan: ['membersAssembly'],
      jjHomesteadPlan: ['membersAssembly'],
      jjSharePlan: ['membersAssembly'],
      jjCompensationDistribution: ['membersAssembly'],
      jjMergerDivision: ['membersAssembly'],
      jjOtherMajor: ['membersAssembly', 'membersRepresentativeAssembly'],
    }
    for (const c of matterClasses) expect(allowed(c), c).toEqual(expected[c])
  })

  it('a refusal names the rule and says why', () => {
    expect(checkBodyFor('villageRules', 'representativeMeeting', defaults)).toMatchObject({
      ok: false,
      rule: 'CW Art. 27',
    })
    expect(checkBodyFor('villageRules', 'representativeMeeting', defaults).reason).toContain('villageRulesDelegable')
    expect(checkBodyFor('removeCommitteeMember', 'villagersMeeting', defaults)).toMatchObject({
      ok: false,
      rule: 'CW Art. 16',
    })
    expect(checkBodyFor('removeCommitteeMember', 'villagersMeeting', defaults).reason).toContain('direct vote')
    expect(checkBodyFor('groupAffairs', 'villagersMeeting', defaults)).toMatchObject({ ok: false, rule: 'CW Art. 28' })
    expect(checkBodyFor('jjHomesteadPlan', 'membersRepresentativeAssembly', defaults)).toMatchObject({
      ok: false,
      rule: 'JJ Art. 28',
    })
    expect(checkBodyFor('homesteadPlan', 'membersAssembly', defaults)).toMatchObject({ ok: false, rule: 'CW Art. 24' })
  })

  it("delegation is a parameter: without it, CW Art. 24 matters need the villagers' meeting; village rules may be made delegable", () => {
    const undelegated = resolveParameters({ delegateReservedMatters: false })
    expect(checkBodyFor('homesteadPlan', 'representativeMeeting', undelegated)).toMatchObject({
      ok: false,
      rule: 'CW Art. 24',
    })
    expect(checkBodyFor('homesteadPlan', 'villagersMeeting', undelegated).ok).toBe(true)
    expect(checkBodyFor('otherVillageAffairs', 'representativeMeeting', undelegated).ok).toBe(true)
    const delegable = resolveParameters({ villageRulesDelegable: true })
    expect(checkBodyFor('villageRules', 'representativeMeeting', delegable)).toMatchObject({
      ok: true,
      rule: 'CW Art. 27',
    })
    expect(requiredBody('removeCommitteeMember', delegable).bodies).toEqual([])
  })
})

describe('periods', () => {
  it('a disclosure posted for 7 days ends at 24:00 of the 7th day after the posting day', () => {
    expect(postingEndsAt('2026-03-14T10:00:00+08:00', 7, 'Asia/Shanghai')).toBe(Date.parse('2026-03-22T00:00:00+08:00'))
    expect(postingEndsAt('2026-03-14T23:59:00+08:00', 7, 'Asia/Shanghai')).toBe(Date.parse('2026-03-22T00:00:00+08:00'))
    // 17:00 UTC on Mar 13 is already Mar 14 in Beijing.
    expect(postingEndsAt('2026-03-13T17:00:00Z', 7, 'Asia/Shanghai')).toBe(Date.parse('2026-03-22T00:00:00+08:00'))
  })

  it('JJ Art. 57: one year from knowing, at most five years from the decision', () => {
    const p = defaults
    expect(revocationWindow('2026-03-13', '2026-06-10', p)).toEqual({
      lastDay: '2027-06-10',
      limitedBy: 'knowledge',
      rule: 'JJ Art. 57',
    })
    expect(revocationWindow('2026-03-13', '2030-12-01', p)).toEqual({
      lastDay: '2031-03-13',
      limitedBy: 'decision',
      rule: 'JJ Art. 57',
    })
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28')
    // With a calendar, a last day on a rest day rolls to the next working day: Sat 2026-07-11 → Mon Jul 13;
    // Sat 2026-10-10 is a worked 调休 day and does not roll.
    expect(revocationWindow('2025-07-11', '2025-07-11', p, chineseCalendar()).lastDay).toBe('2026-07-13')
    expect(revocationWindow('2025-10-10', '2025-10-10', p, chineseCalendar()).lastDay).toBe('2026-10-10')
    expect(revocationWindow('2025-07-11', '2025-07-11', p).lastDay).toBe('2026-07-11')
  })
})
