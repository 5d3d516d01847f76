// Every quorum, pass and notice boundary of every body, driven through the engine: the record
// exactly at the threshold moves the case on; one below holds the step again (quorum, notice) or
// sends it back to consultation (vote).
import { describe, expect, it } from 'vitest'
import type {
  DeliberationContext,
  DeliberationInput,
  MatterClass,
  MeetingOutcome,
  MeetingRecord,
  ResolutionBody,
} from '../src/index.js'
import { committee, engine, homesteadInput, meeting, party, toPartyReviewed, twoCommittees } from './fixtures.js'

type Expect = { state: string; outcome: MeetingOutcome; rule: string }
const advanced = (rule: string): Expect => ({ state: 'resolved', outcome: 'passed', rule })
const heldAgain = (outcome: MeetingOutcome, rule: string): Expect => ({
  state: 'deliberating.partyReviewed',
  outcome,
  rule,
})
const backToConsultation = (rule: string): Expect => ({ state: 'deliberating.consulted', outcome: 'rejected', rule })

const DATE = '2026-03-20'
const NOTICE_10 = '2026-03-10'
const NOTICE_9 = '2026-03-11'
const rec = (shouldAttend: number, attended: number, yes: number, over: Partial<MeetingRecord> = {}): MeetingRecord =>
  meeting({ date: DATE, noticeDate: NOTICE_10, shouldAttend, attended, for: yes, abstain: 0, ...over })

interface Case {
  readonly name: string
  readonly matter: MatterClass
  readonly body: ResolutionBody
  readonly record: MeetingRecord
  readonly expect: Expect
}

const cases: Case[] = [
  // Villagers' meeting (CW Arts. 21–22).
  {
    name: 'adults 51 of 100 (> 1/2)',
    matter: 'homesteadPlan',
    body: 'villagersMeeting',
    record: rec(100, 51, 26),
    expect: advanced('CW Art. 22'),
  },
  {
    name: 'adults 50 of 100',
    matter: 'homesteadPlan',
    body: 'villagersMeeting',
    record: rec(100, 50, 26),
    expect: heldAgain('quorumFailed', 'CW Art. 22'),
  },
  {
    name: 'households 40 of 60 (≥ 2/3)',
    matter: 'homesteadPlan',
    body: 'villagersMeeting',
    record: rec(300, 40, 21, { households: { total: 60, represented: 40 } }),
    expect: advanced('CW Art. 22'),
  },
  {
    name: 'households 39 of 60',
    matter: 'homesteadPlan',
    body: 'villagersMeeting',
    record: rec(300, 39, 21, { households: { total: 60, represented: 39 } }),
    expect: heldAgain('quorumFailed', 'CW Art. 22'),
  },
  {
    name: '26 of 51 present for (> 1/2)',
    matter: 'homesteadPlan',
    body: 'villagersMeeting',
    record: rec(100, 51, 26),
    expect: advanced('CW Art. 22'),
  },
  {
    name: '25 of 51 present for',
    matter: 'homesteadPlan',
    body: 'villagersMeeting',
    record: rec(100, 51, 25),
    expect: backToConsultation('CW Art. 22'),
  },
  {
    name: "10 days' notice",
    matter: 'homesteadPlan',
    body: 'villagersMeeting',
    record: rec(100, 60, 40, { noticeDate: NOTICE_10 }),
    expect: advanced('CW Art. 22'),
  },
  {
    name: "9 days' notice",
    matter: 'homesteadPlan',
    body: 'villagersMeeting',
    record: rec(100, 60, 40, { noticeDate: NOTICE_9 }),
    expect: heldAgain('noticeTooShort', 'CW Art. 21'),
  },
  // Representative meeting (CW Art. 26): 2/3 of 50, 51 and 52.
  {
    name: '34 of 50 attend (≥ 2/3)',
    matter: 'homesteadPlan',
    body: 'representativeMeeting',
    record: rec(50, 34, 18),
    expect: advanced('CW Art. 26'),
  },
  {
    name: '33 of 50 attend',
    matter: 'homesteadPlan',
    body: 'representativeMeeting',
    record: rec(50, 33, 18),
    expect: heldAgain('quorumFailed', 'CW Art. 26'),
  },
  {
    name: '34 of 51 attend (exactly 2/3)',
    matter: 'homesteadPlan',
    body: 'representativeMeeting',
    record: rec(51, 34, 18),
    expect: advanced('CW Art. 26'),
  },
  {
    name: '33 of 51 attend',
    matter: 'homesteadPlan',
    body: 'representativeMeeting',
    record: rec(51, 33, 18),
    expect: heldAgain('quorumFailed', 'CW Art. 26'),
  },
  {
    name: '35 of 52 attend',
    matter: 'homesteadPlan',
    body: 'representativeMeeting',
    record: rec(52, 35, 18),
    expect: advanced('CW Art. 26'),
  },
  {
    name: '34 of 52 attend',
    matter: 'homesteadPlan',
    body: 'representativeMeeting',
    record: rec(52, 34, 18),
    expect: heldAgain('quorumFailed', 'CW Art. 26'),
  },
  {
    name: '19 of 36 present for',
    matter: 'homesteadPlan',
    body: 'representativeMeeting',
    record: rec(50, 36, 19),
    expect: advanced('CW Art. 26'),
  },
  {
    name: '18 of 36 present for (exactly half)',
    matter: 'homesteadPlan',
    body: 'representativeMeeting',
    record: rec(50, 36, 18),
    expect: backToConsultation('CW Art. 26'),
  },
  // Villagers' group meeting (CW Art. 28).
  {
    name: 'group: 20 of 30 adults',
    matter: 'groupAffairs',
    body: 'groupMeeting',
    record: rec(30, 20, 11),
    expect: advanced('CW Art. 28'),
  },
  {
    name: 'group: 19 of 30 adults',
    matter: 'groupAffairs',
    body: 'groupMeeting',
    record: rec(30, 19, 11),
    expect: heldAgain('quorumFailed', 'CW Art. 28'),
  },
  {
    name: 'group: 21 of 31 households',
    matter: 'groupAffairs',
    body: 'groupMeeting',
    record: rec(90, 21, 11, { households: { total: 31, represented: 21 } }),
    expect: advanced('CW Art. 28'),
  },
  {
    name: 'group: 20 of 31 households',
    matter: 'groupAffairs',
    body: 'groupMeeting',
    record: rec(90, 20, 11, { households: { total: 31, represented: 20 } }),
    expect: heldAgain('quorumFailed', 'CW Art. 28'),
  },
  {
    name: 'group: 11 of 20 present for',
    matter: 'groupAffairs',
    body: 'groupMeeting',
    record: rec(30, 20, 11),
    expect: advanced('CW Art. 28'),
  },
  {
    name: 'group: 10 of 20 present for',
    matter: 'groupAffairs',
    body: 'groupMeeting',
    record: rec(30, 20, 10),
    expect: backToConsultation('CW Art. 28'),
  },
  // Members' assembly (JJ Art. 27).
  {
    name: 'assembly: 40 of 60 attend, 40 of all 60 for',
    matter: 'jjCharter',
    body: 'membersAssembly',
    record: rec(60, 40, 40),
    expect: advanced('JJ Art. 27'),
  },
  {
    name: 'assembly: 39 of 60 attend',
    matter: 'jjCharter',
    body: 'membersAssembly',
    record: rec(60, 39, 39),
    expect: heldAgain('quorumFailed', 'JJ Art. 27'),
  },
  {
    name: 'assembly: 39 of all 60 for (45 present)',
    matter: 'jjCharter',
    body: 'membersAssembly',
    record: rec(60, 45, 39),
    expect: backToConsultation('JJ Art. 27'),
  },
  {
    name: "assembly: 9 days' notice",
    matter: 'jjCharter',
    body: 'membersAssembly',
    record: rec(60, 45, 45, { noticeDate: NOTICE_9 }),
    expect: heldAgain('noticeTooShort', 'JJ Art. 27'),
  },
  // Members' representative assembly (JJ Art. 28).
  {
    name: 'rep. assembly: 20 of 30',
    matter: 'jjOtherMajor',
    body: 'membersRepresentativeAssembly',
    record: rec(30, 20, 20),
    expect: advanced('JJ Art. 28'),
  },
  {
    name: 'rep. assembly: 19 of 30 attend',
    matter: 'jjOtherMajor',
    body: 'membersRepresentativeAssembly',
    record: rec(30, 19, 19),
    expect: heldAgain('quorumFailed', 'JJ Art. 28'),
  },
  {
    name: 'rep. assembly: 19 of all 30 for',
    matter: 'jjOtherMajor',
    body: 'membersRepresentativeAssembly',
    record: rec(30, 25, 19),
    expect: backToConsultation('JJ Art. 28'),
  },
]

describe('resolution boundaries through the engine', () => {
  for (const c of cases) {
    it(`${c.body}: ${c.name} → ${c.expect.state} (${c.expect.outcome}, ${c.expect.rule})`, async () => {
      const t = engine()
      const input: DeliberationInput = homesteadInput({
        matter: { class: c.matter, title: c.name },
        resolutionBody: c.body,
      })
      const id = await toPartyReviewed(t, input)
      t.clock.set('2026-03-20T19:00:00+08:00')
      await t.send(id, { type: 'RESOLVE', meeting: c.record }, { actor: committee })
      const v = await t.system.get(id)
      expect(v.stateKey).toBe(c.expect.state)
      expect((v.context as DeliberationContext).meetings.at(-1)).toMatchObject({
        step: 'resolution',
        body: c.body,
        outcome: c.expect.outcome,
        rule: c.expect.rule,
      })
    })
  }
})

describe("party members' meeting and two-committee meeting boundaries through the engine", () => {
  const review = async (record: MeetingRecord) => {
    const t = engine()
    const { id } = await t.start('deliberation', homesteadInput(), { actor: party, orgUnit: 'fengyuan' })
    await t.send(id, { type: 'PROPOSE', date: '2026-03-02', summary: 's' }, { actor: party })
    await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-04') }, { actor: party })
    await t.send(id, { type: 'REVIEW', meeting: record }, { actor: party })
    const v = await t.system.get(id)
    return { state: v.stateKey, last: (v.context as DeliberationContext).meetings.at(-1) }
  }
  const consult = async (record: MeetingRecord) => {
    const t = engine()
    const { id } = await t.start('deliberation', homesteadInput(), { actor: party, orgUnit: 'fengyuan' })
    await t.send(id, { type: 'PROPOSE', date: '2026-03-02', summary: 's' }, { actor: party })
    await t.send(id, { type: 'CONSULT', meeting: record }, { actor: party })
    const v = await t.system.get(id)
    return { state: v.stateKey, last: (v.context as DeliberationContext).meetings.at(-1) }
  }

  it('ZB Art. 11 quorum: 21 of 40 attend moves on; 20 of 40 is held again', async () => {
    expect(await review(rec(40, 21, 21))).toMatchObject({
      state: 'deliberating.partyReviewed',
      last: { outcome: 'passed', rule: 'ZB Art. 11' },
    })
    expect(await review(rec(40, 20, 20))).toMatchObject({
      state: 'deliberating.consulted',
      last: { outcome: 'quorumFailed', rule: 'ZB Art. 11' },
    })
  })

  it('ZB Art. 11 pass: 21 of the 40 who should attend moves on; 20 (a majority of the 30 present) goes back to consultation', async () => {
    expect(await review(rec(40, 30, 21))).toMatchObject({
      state: 'deliberating.partyReviewed',
      last: { outcome: 'passed' },
    })
    const r = await review(rec(40, 30, 20))
    expect(r).toMatchObject({ state: 'deliberating.consulted', last: { outcome: 'rejected', rule: 'ZB Art. 11' } })
  })

  it('two-committee meeting: 4 of 7 attend and 4 of 6 present vote for; 3 is not enough either way', async () => {
    expect(await consult(rec(7, 4, 4, { date: '2026-03-04', noticeDate: '2026-03-04' }))).toMatchObject({
      state: 'deliberating.consulted',
    })
    expect(await consult(rec(7, 3, 3, { date: '2026-03-04', noticeDate: '2026-03-04' }))).toMatchObject({
      state: 'deliberating.proposed',
      last: { outcome: 'quorumFailed' },
    })
    expect(await consult(rec(7, 6, 3, { date: '2026-03-04', noticeDate: '2026-03-04' }))).toMatchObject({
      state: 'deliberating.proposed',
      last: { outcome: 'rejected' },
    })
  })
})
