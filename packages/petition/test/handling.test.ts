import { describe, expect, it } from 'vitest'
import {
  acceptedClaim,
  at,
  context,
  deadlines,
  effectsOf,
  head,
  organ,
  opinion,
  petitionEngine,
  refused,
  stage,
} from './helpers.js'

// Accepted Thursday 2026-03-12: 60 days is Monday May 11; 90 days is Wednesday Jun 10.
const mar12 = '2026-03-12T09:00:00+08:00'
const may12 = at('2026-05-12T00:00:00+08:00')
const jun11 = at('2026-06-11T00:00:00+08:00')

describe('handling within 60 days of acceptance (XF Art. 34)', () => {
  it('an opinion on day 60 is on time', async () => {
    const t = petitionEngine({ start: mar12 })
    const id = await acceptedClaim(t)
    expect(deadlines(t, id)).toEqual({ handling: may12 })
    await t.advance(may12 - 1 - t.clock.now())
    expect((await t.system.tasks({ instanceId: id })).items[0]?.colour).toBe('green')
    await t.send(id, opinion(t), { actor: organ })
    expect(await stage(t, id)).toBe('opinionIssued')
    expect((await t.system.get(id)).breached).toBe(false)
  })

  it('on day 61 the organ’s task is red and the bureau supervises', async () => {
    const t = petitionEngine({ start: mar12 })
    const id = await acceptedClaim(t)
    await t.advance(may12 - t.clock.now())
    expect((await t.system.get(id)).state).toEqual({ procedure: { handling: 'accepted' }, supervision: 'supervising' })
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => [k.role, k.colour])).toEqual([
      ['organ', 'red'],
      ['bureau', 'green'],
    ])
    expect((await context(t, id)).supervision.overdue).toEqual(['handling'])
  })

  it('an opinion before acceptance is refused', async () => {
    const t = petitionEngine()
    const { id } = await t.start(
      'petition',
      {
        type: 'claim',
        channel: 'letter',
        receivedBy: 'organ',
        receivedAt: '2026-03-02T09:00:00+08:00',
        petitioner: { name: '张三', address: '某村' },
        request: 'r',
        facts: 'f',
      },
      { actor: organ, orgUnit: 'county' },
    )
    await refused(t.send(id, opinion(t), { actor: organ }), 'EVENT_NOT_ACCEPTED')
  })
})

describe('one extension of at most 30 days, approved by the organ’s head, the petitioner told why (XF Art. 34)', () => {
  it('the head extends by 30 days: the clock moves on the calendar and the petitioner is told the reason', async () => {
    const t = petitionEngine({ start: mar12 })
    const id = await acceptedClaim(t)
    await t.advance('50d')
    await t.send(id, { type: 'EXTEND', days: 30, reason: '需现场核实承包地面积' }, { actor: head })
    expect(await stage(t, id)).toBe('handling.extended')
    expect(deadlines(t, id)).toEqual({ handling: jun11 })
    expect((await context(t, id)).extension).toEqual({ days: 30, reason: '需现场核实承包地面积' })
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPetitioner')).toContainEqual({ notice: 'extended', article: 'XF Art. 34' })
    const extension = t.effects.find(
      (m) => m.type === 'notifyPetitioner' && (m.params as { notice: string }).notice === 'extended',
    )
    expect(extension?.context).toMatchObject({ extension: { reason: '需现场核实承包地面积' } })
  })

  it('the extended period: on time on its last day, overdue the day after', async () => {
    for (const late of [false, true]) {
      const t = petitionEngine({ start: mar12 })
      const id = await acceptedClaim(t)
      await t.send(id, { type: 'EXTEND', days: 30, reason: '情况复杂' }, { actor: head })
      await t.advance(jun11 - t.clock.now() - (late ? 0 : 1))
      expect((await t.system.get(id)).state).toMatchObject({ supervision: late ? 'supervising' : 'watching' })
    }
  })

  it('the organ itself may not extend; the head must', async () => {
    const t = petitionEngine({ start: mar12 })
    const id = await acceptedClaim(t)
    await refused(t.send(id, { type: 'EXTEND', days: 10, reason: '情况复杂' }, { actor: organ }), 'FORBIDDEN')
  })

  it('refuses 31 days, a second extension, and an extension without a reason', async () => {
    const t = petitionEngine({ start: mar12 })
    const id = await acceptedClaim(t)
    await refused(
      t.send(id, { type: 'EXTEND', days: 31, reason: '情况复杂' }, { actor: head }),
      'INVALID_EVENT',
      /XF Art\. 34: an extension is at most 30 days/,
    )
    await refused(t.send(id, { type: 'EXTEND', days: 10, reason: ' ' }, { actor: head }), 'INVALID_EVENT', /reason/)
    await t.send(id, { type: 'EXTEND', days: 10, reason: '情况复杂' }, { actor: head })
    await refused(t.send(id, { type: 'EXTEND', days: 5, reason: '仍需核实' }, { actor: head }), 'EVENT_NOT_ACCEPTED')
    expect(deadlines(t, id)).toEqual({ handling: at('2026-05-22T00:00:00+08:00') }) // 70 days: Thu May 21
  })

  it('follows a deployment’s extension limit', async () => {
    const t = petitionEngine({ start: mar12, plugin: { parameters: { maxExtensionDays: 20 } } })
    const id = await acceptedClaim(t)
    await refused(
      t.send(id, { type: 'EXTEND', days: 21, reason: '情况复杂' }, { actor: head }),
      'INVALID_EVENT',
      /at most 20 days/,
    )
    await t.send(id, { type: 'EXTEND', days: 20, reason: '情况复杂' }, { actor: head })
    expect(await stage(t, id)).toBe('handling.extended')
  })
})

describe('the opinion: support / explain / not support, with legal basis and service date (XF Art. 32)', () => {
  it('records the opinion and its service date; the petitioner is served', async () => {
    const t = petitionEngine({ start: mar12 })
    const id = await acceptedClaim(t)
    await t.send(id, { ...opinion(t, 'support'), servedAt: '2026-04-01T10:00:00+08:00' }, { actor: organ })
    expect((await context(t, id)).opinion).toEqual({
      outcome: 'support',
      finding: '经核查，申请人2025年补贴已于12月发放至其社保卡',
      legalBasis: '《耕地地力保护补贴资金管理办法》第八条',
      explanation: null,
      servedAt: '2026-04-01T10:00:00+08:00',
    })
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPetitioner')).toContainEqual({ notice: 'opinion', article: 'XF Art. 32' })
    expect((await t.system.get(id)).context).toMatchObject({ opinion: { outcome: 'support' } })
  })

  it('support and not-support state a legal basis; explain gives an explanation', async () => {
    const t = petitionEngine({ start: mar12 })
    const id = await acceptedClaim(t)
    const base = { type: 'ISSUE_OPINION' as const, finding: '经核查', servedAt: '2026-03-20T10:00:00+08:00' }
    await refused(t.send(id, { ...base, outcome: 'support' }, { actor: organ }), 'INVALID_EVENT', /legal basis/)
    await refused(t.send(id, { ...base, outcome: 'notSupport' }, { actor: organ }), 'INVALID_EVENT', /legal basis/)
    await refused(
      t.send(id, { ...base, outcome: 'explain', legalBasis: '无' }, { actor: organ }),
      'INVALID_EVENT',
      /explanation/,
    )
    await refused(
      t.send(id, { ...base, outcome: 'support', legalBasis: '某条', servedAt: '2026-03-20' }, { actor: organ }),
      'INVALID_EVENT',
      /servedAt/,
    )
    await t.send(id, { ...base, outcome: 'explain', explanation: '诉求合理但无政策依据，已解释' }, { actor: organ })
    expect((await context(t, id)).opinion).toMatchObject({ outcome: 'explain', legalBasis: null })
  })
})

describe('[U] the simplified procedure: an opinion within 10 working days', () => {
  // Accepted Monday Sep 28, 2026: 10 working days are Sep 29, 30, Oct 8, 9, 10 (Sat, worked), 12–16.
  const sep28 = '2026-09-28T09:00:00+08:00'
  const oct17 = at('2026-10-17T00:00:00+08:00')

  it('runs a 10-working-day clock, on both sides of its last day', async () => {
    for (const late of [false, true]) {
      const t = petitionEngine({ start: sep28 })
      const id = await acceptedClaim(t, { simpleProcedure: true })
      expect(await stage(t, id)).toBe('handlingSimple')
      expect(deadlines(t, id)).toEqual({ simpleHandling: oct17 })
      await t.advance(oct17 - t.clock.now() - (late ? 0 : 1))
      expect((await t.system.get(id)).state).toMatchObject({ supervision: late ? 'supervising' : 'watching' })
      if (!late) {
        await t.send(id, opinion(t), { actor: organ })
        expect(await stage(t, id)).toBe('opinionIssued')
      }
    }
  })

  it('is not extended; a matter that proves complex converts to the ordinary 60-day procedure', async () => {
    const t = petitionEngine({ start: sep28 })
    const id = await acceptedClaim(t, { simpleProcedure: true })
    await refused(t.send(id, { type: 'EXTEND', days: 5, reason: '复杂' }, { actor: head }), 'EVENT_NOT_ACCEPTED')
    await t.advance('2d')
    await t.send(id, { type: 'CONVERT_TO_ORDINARY', reason: '涉及多个部门' }, { actor: organ })
    expect(await stage(t, id)).toBe('handling.accepted')
    // Converted Sep 30: 60 days is Sunday Nov 29, rolled to Monday Nov 30, ending at its 24:00.
    expect(deadlines(t, id)).toEqual({ handling: at('2026-12-01T00:00:00+08:00') })
  })

  it('follows a deployment’s simplified period', async () => {
    const t = petitionEngine({ start: sep28, plugin: { parameters: { simpleProcedureWorkingDays: 5 } } })
    const id = await acceptedClaim(t, { simpleProcedure: true })
    expect(deadlines(t, id)).toEqual({ simpleHandling: at('2026-10-11T00:00:00+08:00') })
  })
})
