import { describe, expect, it } from 'vitest'
import {
  BARRED_FINALITIES,
  checkUpwardDuplicate,
  Finality,
  isRepeatOfFinal,
  matterKeyOf,
  screenPetition,
  sendsToAccused,
  type PetitionInput,
  type ScreeningFacts,
} from '../src/index.js'
import {
  acceptedClaim,
  at,
  bureau,
  cityBureau,
  claim,
  context,
  effectsOf,
  organ,
  opinion,
  orgUnits,
  petitionEngine,
  petitioner,
  refused,
  stage,
} from './helpers.js'

describe('pure rules', () => {
  it('XF Art. 36: only a final opinion, review or re-review bars the same facts and reasons', () => {
    expect(isRepeatOfFinal(undefined).refuse).toBe(false)
    for (const finality of Finality.options) {
      const d = isRepeatOfFinal({ caseId: 'p1', finality })
      expect(d.refuse).toBe(BARRED_FINALITIES.includes(finality))
    }
    expect(BARRED_FINALITIES).toEqual(['opinionFinal', 'reviewFinal', 'rereviewDecided'])
    expect(isRepeatOfFinal({ caseId: 'p1', finality: 'rereviewDecided' })).toEqual({
      refuse: true,
      article: 'XF Art. 36',
      reason: expect.stringContaining('case p1') as unknown,
    })
  })

  it('XF Art. 19: a lower case within its limit refuses; at its due time it no longer does', () => {
    const lower = { caseId: 'p1', stage: 'handling' as const, dueAt: '2026-05-12T00:00:00+08:00' }
    expect(checkUpwardDuplicate(lower, '2026-05-11T23:59:59.999+08:00')).toMatchObject({
      refuse: true,
      article: 'XF Art. 19',
    })
    expect(checkUpwardDuplicate(lower, '2026-05-12T00:00:00+08:00').refuse).toBe(false)
    expect(checkUpwardDuplicate({ ...lower, dueAt: null }, '2030-01-01T00:00:00+08:00').refuse).toBe(true)
    expect(checkUpwardDuplicate(undefined, '2026-05-01T00:00:00+08:00').refuse).toBe(false)
  })

  it('XF Art. 30: recipients are compared with the accused ignoring spacing, punctuation and width', () => {
    const accused = { name: '王五', unit: '某镇农经站' }
    expect(sendsToAccused(accused, '王 五')).toBe(true)
    expect(sendsToAccused(accused, '某镇农经站。')).toBe(true)
    expect(sendsToAccused(accused, '县纪委监委')).toBe(false)
    expect(sendsToAccused(undefined, '王五')).toBe(false)
    expect(sendsToAccused({ name: '王五' }, '某镇农经站')).toBe(false)
  })

  it('matter keys: the same facts and reasons, however punctuated, give the same key; other facts do not', () => {
    const a = matterKeyOf({ petitioner: '张三', facts: '本人承包耕地5亩，2025年补贴未发放', reasons: '符合条件' })
    expect(a).toMatch(/^m:[0-9a-f]{64}$/)
    expect(
      matterKeyOf({ petitioner: '张三 ', facts: '本人承包耕地５亩, 2025年补贴未发放。', reasons: '符合条件！' }),
    ).toBe(a)
    expect(
      matterKeyOf({ petitioner: '张三', facts: '本人承包耕地6亩，2025年补贴未发放', reasons: '符合条件' }),
    ).not.toBe(a)
    expect(
      matterKeyOf({ petitioner: '李四', facts: '本人承包耕地5亩，2025年补贴未发放', reasons: '符合条件' }),
    ).not.toBe(a)
  })
})

describe('finality: the same facts and reasons are not accepted again (XF Art. 36)', () => {
  it('a petition carrying a barring final case is registered and not accepted, with the petitioner told', async () => {
    const t = petitionEngine()
    const done = await t.start('petition', claim({ priorFinal: { caseId: 'old-1', finality: 'rereviewDecided' } }), {
      actor: bureau,
      orgUnit: 'county',
    })
    expect(done).toMatchObject({
      status: 'completed',
      state: { procedure: 'rejectedDuplicate', supervision: 'closed' },
    })
    expect((await context(t, done.id)).rejection).toEqual({
      article: 'XF Art. 36',
      caseId: 'old-1',
      reason: expect.stringMatching(/^XF Art\. 36: .*old-1/) as unknown,
    })
    expect(await t.system.get(done.id)).toMatchObject({ outcome: 'void', deadlines: [], timers: [] })
    expect((await t.system.get(done.id)).output).toMatchObject({ rejection: 'XF Art. 36' })
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPetitioner')).toEqual([{ notice: 'notAccepted', article: 'XF Arts. 19, 36' }])
  })

  it('an earlier answered suggestion does not bar a new petition', async () => {
    const t = petitionEngine()
    const { id } = await t.start(
      'petition',
      claim({ priorFinal: { caseId: 'old-2', finality: 'suggestionAnswered' } }),
      { actor: bureau, orgUnit: 'county' },
    )
    expect(await stage(t, id)).toBe('registered')
  })

  it('screenPetition finds the final case by matter key; a different matter is not barred', async () => {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00' })
    const first = await acceptedClaim(t)
    await t.send(first, opinion(t), { actor: organ })
    expect(await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'county', orgUnits })).toEqual({})
    await t.advance('35d') // no review request: FINAL (served Mar 12; day 30 is Sat Apr 11, rolled to Mon Apr 13)
    expect(await stage(t, first)).toBe('final')
    const facts = await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'county', orgUnits })
    expect(facts).toEqual({ priorFinal: { caseId: first, finality: 'opinionFinal' } })
    const again = await t.start('petition', claim({ receivedAt: new Date(t.clock.now()).toISOString(), ...facts }), {
      actor: bureau,
      orgUnit: 'county',
    })
    expect(await stage(t, again.id)).toBe('rejectedDuplicate')
    expect(await screenPetition(t, { matterKey: 'matter-other', orgUnit: 'county', orgUnits })).toEqual({})
  })

  it('with the plugin’s screen option every registration is screened automatically', async () => {
    const seen: PetitionInput[] = []
    const ref: { engine?: ReturnType<typeof petitionEngine> } = {}
    const screen = async (input: PetitionInput): Promise<ScreeningFacts> => {
      seen.push(input)
      if (ref.engine === undefined || input.matterKey === undefined) return {}
      return screenPetition(ref.engine, {
        matterKey: input.matterKey,
        orgUnit: 'county',
        orgUnits,
        receivedAt: input.receivedAt,
      })
    }
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00', plugin: { screen } })
    ref.engine = t
    const first = await acceptedClaim(t)
    await t.send(first, opinion(t), { actor: organ })
    await t.advance('35d')
    const again = await t.start('petition', claim({ receivedAt: new Date(t.clock.now()).toISOString() }), {
      actor: bureau,
      orgUnit: 'county',
    })
    expect(await stage(t, again.id)).toBe('rejectedDuplicate')
    expect((await context(t, again.id)).rejection?.caseId).toBe(first)
    expect(seen).toHaveLength(2)
    // Facts the caller supplies win over the screen's.
    const own = await t.start(
      'petition',
      claim({
        receivedAt: new Date(t.clock.now()).toISOString(),
        priorFinal: { caseId: 'elsewhere', finality: 'leadFiled' },
      }),
      { actor: bureau, orgUnit: 'county' },
    )
    expect(await stage(t, own.id)).toBe('registered')
  })
})

describe('upward duplicates: a higher organ does not accept what a lower one handles in time (XF Art. 19)', () => {
  async function lowerCaseAccepted() {
    // The county organ accepts on Mar 12: handling runs to the end of May 11.
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00' })
    const lower = await acceptedClaim(t)
    return { t, lower }
  }

  it('a visit to the city while the county is within its 60 days is not accepted', async () => {
    const { t, lower } = await lowerCaseAccepted()
    await t.advance('40d')
    const facts = await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'city', orgUnits })
    expect(facts).toEqual({
      lowerLevelCase: {
        caseId: lower,
        orgUnit: 'county',
        stage: 'handling',
        dueAt: new Date(at('2026-05-12T00:00:00+08:00')).toISOString(),
      },
    })
    const higher = await t.start(
      'petition',
      claim({ channel: 'visit', receivedAt: new Date(t.clock.now()).toISOString(), ...facts }),
      { actor: cityBureau, orgUnit: 'city' },
    )
    expect(higher.state).toEqual({ procedure: 'rejectedDuplicate', supervision: 'closed' })
    expect((await context(t, higher.id)).rejection).toMatchObject({ article: 'XF Art. 19', caseId: lower })
  })

  it('once the county’s time limit has run out, the city accepts', async () => {
    const { t } = await lowerCaseAccepted()
    await t.advance(at('2026-05-12T00:00:00+08:00') - t.clock.now())
    const facts = await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'city', orgUnits })
    expect(facts.lowerLevelCase?.stage).toBe('handling')
    const higher = await t.start('petition', claim({ receivedAt: new Date(t.clock.now()).toISOString(), ...facts }), {
      actor: cityBureau,
      orgUnit: 'city',
    })
    expect(await stage(t, higher.id)).toBe('registered')
  })

  it('a case at the same level or above, or past its opinion, is not a lower-level duplicate', async () => {
    const { t, lower } = await lowerCaseAccepted()
    expect(await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'county', orgUnits })).toEqual({})
    expect(await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'town', orgUnits })).toEqual({})
    await t.send(lower, opinion(t), { actor: organ })
    expect(await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'city', orgUnits })).toEqual({})
    await t.send(lower, { type: 'REQUEST_REVIEW', reasons: '不服' }, { actor: petitioner })
    expect(await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'province', orgUnits })).toEqual({})
  })

  it('refuses a malformed screening fact', async () => {
    const t = petitionEngine()
    await refused(
      t.start('petition', claim({ lowerLevelCase: { caseId: 'x', stage: 'final' as 'handling', dueAt: null } }), {
        actor: bureau,
        orgUnit: 'county',
      }),
      'INVALID_EVENT',
      /lowerLevelCase/,
    )
  })
})
