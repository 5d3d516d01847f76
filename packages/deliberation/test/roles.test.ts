// Every event refuses every actor without one of its roles (FORBIDDEN, nothing written), and
// actors outside the case's org-unit scope; then the right actor succeeds.
import type { Actor, AnyEvent } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import { complaintEvents, deliberationEvents, roles } from '../src/index.js'
import {
  committee,
  court,
  disclosure,
  engine,
  homesteadInput,
  otherTownship,
  otherVillageParty,
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
const humans: Actor[] = [party, committee, supervision, township, court, villager]

async function draft(t: T): Promise<string> {
  return (await t.start('deliberation', homesteadInput(), { actor: party, orgUnit: 'fengyuan' })).id
}
async function proposed(t: T): Promise<string> {
  const id = await draft(t)
  await t.send(id, { type: 'PROPOSE', date: '2026-03-02', summary: '提议' }, { actor: party })
  return id
}
async function consulted(t: T): Promise<string> {
  const id = await proposed(t)
  await t.send(id, { type: 'CONSULT', meeting: twoCommittees('2026-03-04') }, { actor: party })
  return id
}
async function posted(t: T): Promise<string> {
  const id = await toResolved(t)
  await t.send(id, { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-14T10:00:00+08:00') }, { actor: committee })
  await t.advance('9d')
  return id
}
async function implemented(t: T): Promise<string> {
  const id = await toImplementing(t)
  await t.send(id, { type: 'COMPLETE_IMPLEMENTATION', date: '2026-03-24', summary: '完成' }, { actor: committee })
  return id
}
async function resultPosted(t: T): Promise<string> {
  const id = await implemented(t)
  await t.send(id, { type: 'PUBLISH_RESULT', ...disclosure('2026-03-24T10:00:00+08:00') }, { actor: committee })
  await t.advance('9d')
  return id
}

interface Case {
  readonly event: AnyEvent
  readonly allowed: Actor
  /** An actor with the right role but outside the case's scope, for scoped events. */
  readonly outsider?: Actor
  readonly setup: (t: T) => Promise<string>
}

const cases: Record<keyof typeof deliberationEvents, Case | null> = {
  PROPOSE: {
    event: { type: 'PROPOSE', date: '2026-03-02', summary: '提议' },
    allowed: party,
    outsider: otherVillageParty,
    setup: draft,
  },
  CONSULT: {
    event: { type: 'CONSULT', meeting: twoCommittees('2026-03-04') },
    allowed: party,
    outsider: otherVillageParty,
    setup: proposed,
  },
  REVIEW: {
    event: { type: 'REVIEW', meeting: partyMeeting('2026-03-09') },
    allowed: party,
    outsider: otherVillageParty,
    setup: consulted,
  },
  RESOLVE: {
    event: { type: 'RESOLVE', meeting: repMeeting('2026-03-13') },
    allowed: committee,
    outsider: { ...committee, id: 'other-committee', orgUnit: 'othervillage' },
    setup: toPartyReviewed,
  },
  PUBLISH_RESOLUTION: {
    event: { type: 'PUBLISH_RESOLUTION', ...disclosure('2026-03-14T10:00:00+08:00') },
    allowed: committee,
    outsider: { ...committee, id: 'x', orgUnit: 'othervillage' },
    setup: toResolved,
  },
  START_IMPLEMENTATION: {
    event: { type: 'START_IMPLEMENTATION', date: '2026-03-23' },
    allowed: committee,
    outsider: { ...committee, id: 'x', orgUnit: 'othervillage' },
    setup: posted,
  },
  DISCLOSE_PROGRESS: {
    event: { type: 'DISCLOSE_PROGRESS', ...disclosure('2026-04-01T10:00:00+08:00') },
    allowed: committee,
    outsider: { ...committee, id: 'x', orgUnit: 'othervillage' },
    setup: toImplementing,
  },
  COMPLETE_IMPLEMENTATION: {
    event: { type: 'COMPLETE_IMPLEMENTATION', date: '2026-04-01', summary: '完成' },
    allowed: committee,
    outsider: { ...committee, id: 'x', orgUnit: 'othervillage' },
    setup: toImplementing,
  },
  PUBLISH_RESULT: {
    event: { type: 'PUBLISH_RESULT', ...disclosure('2026-03-25T10:00:00+08:00') },
    allowed: committee,
    outsider: { ...committee, id: 'x', orgUnit: 'othervillage' },
    setup: implemented,
  },
  ARCHIVE: {
    event: { type: 'ARCHIVE', opinion: '同意' },
    allowed: supervision,
    outsider: { ...supervision, id: 'x', orgUnit: 'othervillage' },
    setup: resultPosted,
  },
  ORDER_CORRECTION: {
    event: { type: 'ORDER_CORRECTION', date: '2026-03-14', reference: '令', reason: '违法' },
    allowed: township,
    outsider: otherTownship,
    setup: toResolved,
  },
  COURT_REVOCATION: {
    event: { type: 'COURT_REVOCATION', date: '2026-03-14', reference: '判', reason: '侵权' },
    allowed: court,
    setup: toResolved,
  },
  COMPLAIN: {
    event: { type: 'COMPLAIN', complainant: '张三', kind: 'notDisclosed', statement: '未公开' },
    allowed: villager,
    setup: toResolved,
  },
  WITHDRAW: { event: { type: 'WITHDRAW', reason: '撤回' }, allowed: party, outsider: otherVillageParty, setup: draft },
  // Sent by the engine only (a linked case's result): see the next test.
  COMPLAINT_HANDLED: null,
}

describe('roles and scope: a refusal test for every event', () => {
  for (const [type, c] of Object.entries(cases)) {
    if (c === null) continue
    it(`${type}: only ${c.allowed.roles.join(', ')}${c.outsider === undefined ? ' (any org unit)' : ' of this village'}`, async () => {
      const t = engine()
      const id = await c.setup(t)
      const before = (await t.system.get(id)).version
      const policy = deliberationEvents[type as keyof typeof deliberationEvents]
      const wrong = humans.filter((a) => !a.roles.some((r) => (policy.roles as readonly string[]).includes(r)))
      // Also an actor with every other role at once.
      const others = Object.values(roles).filter(
        (r) => !(policy.roles as readonly string[]).includes(r) && r !== 'system',
      )
      wrong.push({ id: 'many-hats', roles: others, orgUnit: 'fengyuan' })
      expect(wrong.length).toBeGreaterThanOrEqual(5)
      for (const actor of wrong) {
        await expect(t.send(id, c.event, { actor }), `${type} by ${actor.id}`).rejects.toMatchObject({
          code: 'FORBIDDEN',
        })
      }
      if (c.outsider !== undefined)
        await expect(t.send(id, c.event, { actor: c.outsider })).rejects.toMatchObject({ code: 'FORBIDDEN' })
      expect((await t.system.get(id)).version).toBe(before)
      const after = await t.send(id, c.event, { actor: c.allowed })
      expect(after.version).toBe(before + 1)
    })
  }

  it('COMPLAINT_HANDLED: no human actor may send it, whatever their roles', async () => {
    const t = engine()
    const id = await toResolved(t)
    const all: Actor = {
      id: 'everyone',
      roles: Object.values(roles).filter((r) => r !== 'system'),
      orgUnit: 'fengyuan',
    }
    for (const actor of [...humans, all]) {
      await expect(t.send(id, { type: 'COMPLAINT_HANDLED' }, { actor })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    }
  })

  it('every event has a case above', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(deliberationEvents).sort())
  })

  it('starting a deliberation needs the party organisation or the committee', async () => {
    const t = engine()
    for (const actor of [supervision, township, court, villager]) {
      await expect(t.start('deliberation', homesteadInput(), { actor, orgUnit: 'fengyuan' })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      })
    }
    await expect(
      t.start('deliberation', homesteadInput(), { actor: committee, orgUnit: 'fengyuan' }),
    ).resolves.toMatchObject({ stateKey: 'draft' })
  })

  it('a complaint case cannot be started directly by a villager', async () => {
    const t = engine()
    const input = {
      village: '枫源村',
      township: 'fengqiao',
      matter: 'x',
      about: 'resolution',
      complainant: '张三',
      kind: 'notDisclosed',
      statement: 'y',
    }
    await expect(t.start('deliberation-complaint', input, { actor: villager })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
  })
})

describe('the complaint process: township only, and only the right township', () => {
  for (const type of Object.keys(complaintEvents) as Array<keyof typeof complaintEvents>) {
    it(type, async () => {
      const t = engine()
      const id = await toResolved(t)
      await t.send(
        id,
        { type: 'COMPLAIN', complainant: '张三', kind: 'notDisclosed', statement: '未公开' },
        { actor: villager },
      )
      const childId = (await t.system.tasks({ role: 'township' })).items[0]?.instanceId ?? ''
      const event: AnyEvent =
        type === 'ORDER_DISCLOSURE' ? { type, finding: '属实', reference: '令' } : { type, finding: '不属实' }
      for (const actor of [party, committee, supervision, court, villager, otherTownship]) {
        await expect(t.send(childId, event, { actor })).rejects.toMatchObject({ code: 'FORBIDDEN' })
      }
      await expect(t.send(childId, event, { actor: township })).resolves.toMatchObject({ status: 'completed' })
    })
  }
})
