// XF Arts. 35, 36 and the petitioner's own case: only the petitioner of a case withdraws it or
// asks for its review and re-review (issue 13 §2, "Parties own their own case").
//
// NEEDS ENGINE ENFORCEMENT of EventPolicy.parties and EventPolicy.system: these tests fail until
// the engine checks the party binding and refuses system events from callers.
import { describe, expect, it } from 'vitest'
import type { Actor } from '@fengqiao/core'
import { petitionEventSchemas } from '../src/index.js'
import {
  acceptedClaim,
  context,
  opinion,
  organ,
  petitionEngine,
  petitioner,
  refused,
  reviewer,
  stage,
} from './helpers.js'

const mar12 = '2026-03-12T09:00:00+08:00'
/** Another petitioner: the role is right, the case is not theirs. */
const stranger: Actor = { id: 'li', roles: ['petitioner'] }

async function accepted() {
  const t = petitionEngine({ start: mar12 })
  const id = await acceptedClaim(t)
  return { t, id }
}

async function opinionServed() {
  const { t, id } = await accepted()
  t.clock.set('2026-03-27T10:00:00+08:00')
  await t.send(id, opinion(t), { actor: organ })
  return { t, id }
}

async function reviewDecided() {
  const { t, id } = await opinionServed()
  t.clock.set('2026-04-01T09:00:00+08:00')
  await t.send(id, { type: 'REQUEST_REVIEW', reasons: '对处理意见不服', reviewOrgUnit: 'city' }, { actor: petitioner })
  t.clock.set('2026-05-06T10:00:00+08:00')
  await t.send(
    id,
    {
      type: 'DECIDE_REVIEW',
      result: 'uphold',
      opinion: '维持原处理意见',
      legalBasis: '《信访工作条例》第三十五条',
      servedAt: '2026-05-06T10:00:00+08:00',
    },
    { actor: reviewer },
  )
  return { t, id }
}

describe('a petition belongs to its petitioner (petitioner.id)', () => {
  const cases = [
    {
      type: 'WITHDRAW',
      rule: 'the petitioner withdraws',
      at: accepted,
      payload: { reason: '已自行协商解决' },
      then: 'withdrawn',
    },
    {
      type: 'REQUEST_REVIEW',
      rule: 'XF Art. 35: the petitioner asks for review',
      at: opinionServed,
      payload: { reasons: '对处理意见不服' },
      then: 'reviewRequested',
    },
    {
      type: 'REQUEST_REREVIEW',
      rule: 'XF Art. 36: the petitioner asks for re-review',
      at: reviewDecided,
      payload: { reasons: '对复查意见不服' },
      then: 'rereviewRequested.deciding',
    },
  ] as const

  for (const c of cases) {
    it(`${c.type} (${c.rule}): another petitioner is refused and nothing is written; the petitioner is heard`, async () => {
      const { t, id } = await c.at()
      const before = await t.system.get(id)
      await refused(t.send(id, { type: c.type, ...c.payload }, { actor: stranger }), 'FORBIDDEN')
      expect((await t.system.get(id)).version).toBe(before.version)
      expect(await context(t, id)).toEqual(before.context)
      await t.send(id, { type: c.type, ...c.payload }, { actor: petitioner })
      expect(await stage(t, id)).toBe(c.then)
    })
  }

  it('a petition registered without petitioner.id has no petitioner who can act on it', async () => {
    const t = petitionEngine({ start: mar12 })
    const id = await acceptedClaim(t, { petitioner: { name: '张三', address: '某县某镇某村1号' } })
    await refused(t.send(id, { type: 'WITHDRAW' }, { actor: petitioner }), 'FORBIDDEN')
    expect(await stage(t, id)).toBe('handling.accepted')
  })
})

describe('events only the engine sends cannot be forged', () => {
  it('the policies mark exactly the deadline and linked-case events as system events', () => {
    const events = petitionEventSchemas()
    const system = Object.entries(events)
      .filter(([, p]) => 'system' in p && p.system === true)
      .map(([type]) => type)
    expect(system.sort()).toEqual([
      'HANDLING_OVERDUE',
      'MEDIATION_DONE',
      'NOTICE_OVERDUE',
      'OBJECTION_WINDOW_CLOSED',
      'REREVIEW_OVERDUE',
      'REREVIEW_WINDOW_CLOSED',
      'REVIEW_OVERDUE',
      'REVIEW_WINDOW_CLOSED',
      'ROUTING_OVERDUE',
    ])
  })

  for (const type of [
    'ROUTING_OVERDUE',
    'NOTICE_OVERDUE',
    'HANDLING_OVERDUE',
    'REVIEW_OVERDUE',
    'REREVIEW_OVERDUE',
    'OBJECTION_WINDOW_CLOSED',
    'REVIEW_WINDOW_CLOSED',
    'REREVIEW_WINDOW_CLOSED',
    'MEDIATION_DONE',
  ]) {
    it(`${type} from a caller claiming the role "system" is refused`, async () => {
      const { t, id } = await accepted()
      const before = await t.system.get(id)
      await refused(
        t.send(id, { type } as never, { actor: { id: 'mallory', roles: ['system'], orgUnit: 'county' } }),
        'FORBIDDEN',
      )
      expect((await t.system.get(id)).version).toBe(before.version)
    })
  }
})
