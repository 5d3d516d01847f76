// Shared fixtures: the org-unit tree, actors, meeting records and a case driven to each step.
import { createTestEngine, type TestEngine } from '@fengqiao/core/testing'
import {
  deliberationPlugin,
  type DeliberationInput,
  type DeliberationParameters,
  type MeetingRecord,
} from '../src/index.js'

/** Monday 2 March 2026, 09:00 in Beijing. */
export const START = '2026-03-02T09:00:00+08:00'
export const at = (iso: string): number => Date.parse(iso)

export const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'fengqiao', parent: 'county', level: 'township', name: '枫桥镇' },
  { id: 'fengyuan', parent: 'fengqiao', level: 'village', name: '枫源村' },
  { id: 'othertown', parent: 'county', level: 'township' },
  { id: 'othervillage', parent: 'othertown', level: 'village' },
]

export const party = { id: 'party-secretary', roles: ['partyOrganisation'], orgUnit: 'fengyuan' }
export const committee = { id: 'committee-director', roles: ['villagersCommittee'], orgUnit: 'fengyuan' }
export const supervision = { id: 'supervision-chair', roles: ['supervisionCommittee'], orgUnit: 'fengyuan' }
export const township = { id: 'township-officer', roles: ['township'], orgUnit: 'fengqiao' }
export const otherTownship = { id: 'other-township-officer', roles: ['township'], orgUnit: 'othertown' }
export const court = { id: 'county-court', roles: ['court'] }
export const villager = { id: 'villager-zhang', roles: ['villager'] }
export const otherVillageParty = { id: 'other-secretary', roles: ['partyOrganisation'], orgUnit: 'othervillage' }

/** A meeting record; counts and dates as given, the rest filled in. */
export function meeting(
  m: Partial<Omit<MeetingRecord, 'votes'>> & {
    date: string
    shouldAttend: number
    attended: number
    for: number
    against?: number
    abstain?: number
  },
): MeetingRecord {
  const { for: yes, against, abstain, ...rest } = m
  const abstentions = abstain ?? 0
  return {
    noticeDate: m.date,
    minutes: '会议记录',
    signatures: ['主持人', '记录人'],
    ...rest,
    votes: { for: yes, against: against ?? Math.max(0, m.attended - yes - abstentions), abstain: abstentions },
  }
}

/** The scenario-18 village: a homestead plan resolved by the representative meeting. */
export function homesteadInput(over: Partial<DeliberationInput> = {}): DeliberationInput {
  return {
    village: { name: '枫源村', oneHolder: false, township: 'fengqiao' },
    matter: { class: 'homesteadPlan', title: '2026年宅基地使用方案' },
    resolutionBody: 'representativeMeeting',
    ...over,
  }
}

export function engine(parameters: Partial<DeliberationParameters> = {}, start: string = START): TestEngine {
  return createTestEngine({ plugins: [deliberationPlugin({ parameters })], orgUnits, start })
}

export const twoCommittees = (date: string, over: Partial<Parameters<typeof meeting>[0]> = {}) =>
  meeting({ date, shouldAttend: 7, attended: 7, for: 6, ...over })
export const partyMeeting = (date: string, over: Partial<Parameters<typeof meeting>[0]> = {}) =>
  meeting({ date, noticeDate: date, shouldAttend: 40, attended: 30, for: 25, abstain: 2, ...over })
export const repMeeting = (date: string, over: Partial<Parameters<typeof meeting>[0]> = {}) =>
  meeting({ date, shouldAttend: 50, attended: 36, for: 20, abstain: 6, ...over })

/** A disclosure posted at the given instant. */
export const disclosure = (postedAt: string, content = '公开内容') => ({ postedAt, channels: ['村务公开栏'], content })

/** Starts a case and drives it to partyReviewed (Mar 2 propose, Mar 4 consult, Mar 9 review). */
export async function toPartyReviewed(t: TestEngine, input: DeliberationInput = homesteadInput()): Promise<string> {
  const { id } = await t.start('deliberation', input, { actor: party, orgUnit: 'fengyuan' })
  await t.send(id, { type: 'PROPOSE', date: '2026-03-02', summary: '提议制定宅基地使用方案' }, { actor: party })
  t.clock.set('2026-03-04T09:00:00+08:00')
  await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-04') }, { actor: party })
  t.clock.set('2026-03-09T09:00:00+08:00')
  await t.send(id, { type: 'REVIEW', meeting: partyMeeting('2026-03-09') }, { actor: party })
  return id
}

/** Drives a case to resolved (Mar 13 representative meeting: 36 of 50, 20 for). */
export async function toResolved(t: TestEngine, input: DeliberationInput = homesteadInput()): Promise<string> {
  const id = await toPartyReviewed(t, input)
  t.clock.set('2026-03-13T09:00:00+08:00')
  await t.send(id, { type: 'RESOLVE', meeting: repMeeting('2026-03-13') }, { actor: committee })
  return id
}

/** Drives a case to implementing (resolution posted Mar 14 10:00, posting ends Mar 22 00:00, started Mar 23). */
export async function toImplementing(t: TestEngine, input: DeliberationInput = homesteadInput()): Promise<string> {
  const id = await toResolved(t, input)
  t.clock.set('2026-03-14T10:00:00+08:00')
  await t.send(id, { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-14T10:00:00+08:00') }, { actor: committee })
  await t.advance('9d') // Mar 23 10:00
  await t.send(id, { type: 'START_IMPLEMENTATION', date: '2026-03-23' }, { actor: committee })
  return id
}
