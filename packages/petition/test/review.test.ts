import { describe, expect, it } from 'vitest'
import {
  acceptedClaim,
  at,
  context,
  deadlines,
  effectsOf,
  organ,
  opinion,
  petitionEngine,
  petitioner,
  refused,
  rereviewer,
  reviewer,
  stage,
} from './helpers.js'

const mar12 = '2026-03-12T09:00:00+08:00'

/** An accepted claim whose opinion was served on Friday Mar 27 at 10:00. */
async function opinionServed(): Promise<{ t: ReturnType<typeof petitionEngine>; id: string }> {
  const t = petitionEngine({ start: mar12 })
  const id = await acceptedClaim(t)
  t.clock.set('2026-03-27T10:00:00+08:00')
  await t.send(id, opinion(t), { actor: organ })
  return { t, id }
}

const decision = (servedAt: string) => ({
  result: 'uphold' as const,
  opinion: '维持原处理意见',
  legalBasis: '《信访工作条例》第三十五条',
  servedAt,
})

async function reviewDecided() {
  const { t, id } = await opinionServed()
  t.clock.set('2026-04-01T09:00:00+08:00')
  await t.send(id, { type: 'REQUEST_REVIEW', reasons: '对处理意见不服', reviewOrgUnit: 'city' }, { actor: petitioner })
  t.clock.set('2026-05-06T10:00:00+08:00')
  await t.send(id, { type: 'DECIDE_REVIEW', ...decision('2026-05-06T10:00:00+08:00') }, { actor: reviewer })
  return { t, id }
}

async function rereviewRequested() {
  const { t, id } = await reviewDecided()
  t.clock.set('2026-06-01T09:00:00+08:00')
  await t.send(
    id,
    { type: 'REQUEST_REREVIEW', reasons: '对复查意见不服', rereviewOrgUnit: 'province' },
    { actor: petitioner },
  )
  return { t, id }
}

describe('review (复查): asked within 30 days of service (XF Art. 35)', () => {
  // Served Mar 27: day 30 is Sunday Apr 26, rolled to Monday Apr 27.
  const apr28 = at('2026-04-28T00:00:00+08:00')

  it('the window runs from the service date', async () => {
    const { t, id } = await opinionServed()
    expect(deadlines(t, id)).toEqual({ reviewWindow: apr28 })
  })

  it('a request on the last day is in time and goes to the organ above', async () => {
    const { t, id } = await opinionServed()
    await t.advance(apr28 - 1 - t.clock.now())
    await t.send(
      id,
      { type: 'REQUEST_REVIEW', reasons: '对处理意见不服', reviewOrgUnit: 'city' },
      { actor: petitioner },
    )
    expect(await stage(t, id)).toBe('reviewRequested')
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => [k.role, k.orgUnit])).toEqual([
      ['reviewOrgan', 'city'],
    ])
  })

  it('no request within the window: the opinion is FINAL and a late request is refused', async () => {
    const { t, id } = await opinionServed()
    await t.advance(apr28 - t.clock.now())
    expect((await t.system.get(id)).status).toBe('completed')
    expect(await stage(t, id)).toBe('final')
    expect((await context(t, id)).finality).toBe('opinionFinal')
    await refused(t.send(id, { type: 'REQUEST_REVIEW', reasons: '不服' }, { actor: petitioner }), 'EVENT_NOT_ACCEPTED')
  })

  it('only the petitioner requests a review', async () => {
    const { t, id } = await opinionServed()
    await refused(t.send(id, { type: 'REQUEST_REVIEW', reasons: '不服' }, { actor: organ }), 'FORBIDDEN')
  })
})

describe('the review is decided within 30 days (XF Art. 35)', () => {
  // Requested Apr 1: day 30 is May 1 (Labour Day, May 1–5), rolled to Wednesday May 6.
  const may7 = at('2026-05-07T00:00:00+08:00')

  async function requested() {
    const { t, id } = await opinionServed()
    t.clock.set('2026-04-01T09:00:00+08:00')
    await t.send(id, { type: 'REQUEST_REVIEW', reasons: '对处理意见不服' }, { actor: petitioner })
    return { t, id }
  }

  it('a decision on the last day is on time and served', async () => {
    const { t, id } = await requested()
    expect(deadlines(t, id)).toEqual({ reviewDecision: may7 })
    await t.advance(may7 - 1 - t.clock.now())
    await t.send(id, { type: 'DECIDE_REVIEW', ...decision(new Date(t.clock.now()).toISOString()) }, { actor: reviewer })
    expect(await stage(t, id)).toBe('reviewDecided')
    expect((await t.system.get(id)).state).toMatchObject({ supervision: 'watching' })
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPetitioner')).toContainEqual({ notice: 'reviewDecision', article: 'XF Art. 35' })
  })

  it('an undecided review is supervised from the day after', async () => {
    const { t, id } = await requested()
    await t.advance(may7 - t.clock.now())
    expect((await t.system.get(id)).state).toEqual({ procedure: 'reviewRequested', supervision: 'supervising' })
    expect((await context(t, id)).supervision.overdue).toEqual(['reviewDecision'])
  })

  it('only a reviewing organ at the case’s level or above decides', async () => {
    const { t, id } = await requested()
    await refused(
      t.send(id, { type: 'DECIDE_REVIEW', ...decision('2026-04-10T10:00:00+08:00') }, { actor: organ }),
      'FORBIDDEN',
    )
    await refused(
      t.send(
        id,
        { type: 'DECIDE_REVIEW', ...decision('2026-04-10T10:00:00+08:00') },
        { actor: { id: 'r-town', roles: ['reviewOrgan'], orgUnit: 'town' } },
      ),
      'FORBIDDEN',
    )
    await refused(
      t.send(
        id,
        { type: 'DECIDE_REVIEW', ...decision('2026-04-10T10:00:00+08:00'), legalBasis: '' },
        { actor: reviewer },
      ),
      'INVALID_EVENT',
    )
  })
})

describe('re-review (复核): asked within 30 days of the review decision (XF Art. 36)', () => {
  // Review decision served May 6: day 30 is Friday Jun 5.
  const jun6 = at('2026-06-06T00:00:00+08:00')

  it('a request on the last day is in time', async () => {
    const { t, id } = await reviewDecided()
    expect(deadlines(t, id)).toEqual({ rereviewWindow: jun6 })
    await t.advance(jun6 - 1 - t.clock.now())
    await t.send(
      id,
      { type: 'REQUEST_REREVIEW', reasons: '对复查意见不服', rereviewOrgUnit: 'province' },
      { actor: petitioner },
    )
    expect(await stage(t, id)).toBe('rereviewRequested.deciding')
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => [k.role, k.orgUnit])).toEqual([
      ['rereviewOrgan', 'province'],
    ])
  })

  it('no request within the window: the review decision is FINAL', async () => {
    const { t, id } = await reviewDecided()
    await t.advance(jun6 - t.clock.now())
    expect(await context(t, id)).toMatchObject({ finality: 'reviewFinal' })
    await refused(
      t.send(id, { type: 'REQUEST_REREVIEW', reasons: '不服' }, { actor: petitioner }),
      'EVENT_NOT_ACCEPTED',
    )
  })
})

describe('the re-review is decided within 30 days, hearing time not counted (XF Art. 36)', () => {
  // Requested Monday Jun 1: day 30 is Wednesday Jul 1.
  const jul2 = at('2026-07-02T00:00:00+08:00')

  it('without a hearing: on time on day 30, supervised from day 31', async () => {
    for (const late of [false, true]) {
      const { t, id } = await rereviewRequested()
      expect(deadlines(t, id)).toEqual({ rereviewDecision: jul2 })
      await t.advance(jul2 - t.clock.now() - (late ? 0 : 1))
      expect((await t.system.get(id)).state).toMatchObject({ supervision: late ? 'supervising' : 'watching' })
    }
  })

  it('a 7-day hearing stops the clock: no timer while it runs, and the period ends 7 days later', async () => {
    for (const late of [false, true]) {
      const { t, id } = await rereviewRequested()
      t.clock.set('2026-06-11T09:00:00+08:00')
      await t.send(id, { type: 'START_HEARING', note: '公开听证' }, { actor: rereviewer })
      expect(await stage(t, id)).toBe('rereviewRequested.hearing')
      expect((await t.system.get(id)).timers).toEqual([])
      expect((await t.system.tasks({ instanceId: id })).items[0]?.dueAt).toBe(null)
      await refused(
        t.send(id, { type: 'DECIDE_REREVIEW', ...decision('2026-06-12T10:00:00+08:00') }, { actor: rereviewer }),
        'EVENT_NOT_ACCEPTED',
      )
      await t.advance('7d')
      await t.send(id, { type: 'END_HEARING', record: '听证笔录' }, { actor: rereviewer })
      const jul9 = at('2026-07-09T00:00:00+08:00') // 37 days from Jun 1: Wednesday Jul 8
      expect(deadlines(t, id)).toEqual({ rereviewDecision: jul9 })
      expect((await context(t, id)).rereview?.hearings).toBe(1)
      await t.advance(jul9 - t.clock.now() - (late ? 0 : 1))
      expect((await t.system.get(id)).state).toMatchObject({ supervision: late ? 'supervising' : 'watching' })
    }
  })

  it('the decision is FINAL: served, optionally published, and nothing more is accepted', async () => {
    const { t, id } = await rereviewRequested()
    await refused(t.send(id, { type: 'START_HEARING' }, { actor: reviewer }), 'FORBIDDEN')
    await refused(
      t.send(id, { type: 'DECIDE_REREVIEW', ...decision('2026-06-20T10:00:00+08:00') }, { actor: reviewer }),
      'FORBIDDEN',
    )
    const done = await t.send(
      id,
      { type: 'DECIDE_REREVIEW', ...decision('2026-06-20T10:00:00+08:00'), publish: true },
      { actor: rereviewer },
    )
    expect(done).toMatchObject({ status: 'completed', state: { procedure: 'final', supervision: 'closed' } })
    expect(await context(t, id)).toMatchObject({
      finality: 'rereviewDecided',
      rereview: { decision: { result: 'uphold', publish: true } },
    })
    expect((await t.system.get(id)).output).toEqual({
      finality: 'rereviewDecided',
      diversion: null,
      opinion: 'notSupport',
      rejection: null,
      withdrawn: false,
    })
    await t.runOutbox()
    expect(effectsOf(t, 'publishRereview')).toHaveLength(1)
    expect(effectsOf(t, 'notifyPetitioner')).toContainEqual({ notice: 'rereviewDecision', article: 'XF Art. 36' })
    for (const event of [
      { type: 'REQUEST_REVIEW', reasons: '再次不服' },
      { type: 'REQUEST_REREVIEW', reasons: '再次不服' },
      { type: 'WITHDRAW' },
    ] as const) {
      await refused(t.send(id, event, { actor: petitioner }), 'EVENT_NOT_ACCEPTED', /completed/)
    }
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
    expect(await t.system.replay(id)).toMatchObject({ ok: true })
  })

  it('an unpublished decision is not published', async () => {
    const { t, id } = await rereviewRequested()
    await t.send(id, { type: 'DECIDE_REREVIEW', ...decision('2026-06-20T10:00:00+08:00') }, { actor: rereviewer })
    await t.runOutbox()
    expect(effectsOf(t, 'publishRereview')).toEqual([])
  })
})
