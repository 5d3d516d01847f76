import { describe, expect, it } from 'vitest'
import { DiversionChannel } from '../src/index.js'
import {
  acceptedClaim,
  at,
  bureau,
  claim,
  context,
  deadlines,
  effectsOf,
  organ,
  opinion,
  petitionEngine,
  refused,
  stage,
  townOrgan,
} from './helpers.js'

describe('suggestions (建议意见, XF Art. 29)', () => {
  it('are studied without a handling clock and answered; the answer is FINAL', async () => {
    const t = petitionEngine()
    const { id } = await t.start(
      'petition',
      claim({ type: 'suggestion', request: '建议增设村级便民服务点', reasons: '方便群众办事' }),
      { actor: bureau, orgUnit: 'county' },
    )
    await t.send(id, { type: 'TRANSFER', organ: '县政务服务中心' }, { actor: bureau })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    expect(await stage(t, id)).toBe('studying')
    expect(deadlines(t, id)).toEqual({})
    await refused(t.send(id, opinion(t), { actor: organ }), 'EVENT_NOT_ACCEPTED')
    await refused(
      t.send(id, { type: 'EXTEND', days: 10, reason: '研究论证' }, { actor: { id: 'h', roles: ['organHead'] } }),
      'EVENT_NOT_ACCEPTED',
    )
    const done = await t.send(
      id,
      { type: 'ANSWER_SUGGESTION', adopted: true, reply: '已采纳，年内在各村设点', reward: '通报表扬' },
      { actor: organ },
    )
    expect(done.status).toBe('completed')
    expect(await context(t, id)).toMatchObject({
      finality: 'suggestionAnswered',
      suggestionReply: { adopted: true, reward: '通报表扬' },
    })
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPetitioner')).toContainEqual({ notice: 'suggestionReply', article: 'XF Art. 29' })
  })

  it('a claim is not answered as a suggestion', async () => {
    const t = petitionEngine()
    const id = await acceptedClaim(t)
    await refused(
      t.send(id, { type: 'ANSWER_SUGGESTION', adopted: false, reply: 'x' }, { actor: organ }),
      'EVENT_NOT_ACCEPTED',
    )
  })
})

describe('accusations (检举控告, XF Arts. 22, 30)', () => {
  const accusation = claim({
    type: 'accusation',
    request: '反映某镇农经站站长截留补贴',
    accused: { name: '王五', unit: '某镇农经站' },
  })

  it('go to discipline inspection, not to a competent organ, and never to the accused', async () => {
    const t = petitionEngine()
    const { id } = await t.start('petition', accusation, { actor: bureau, orgUnit: 'county' })
    await refused(t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau }), 'EVENT_NOT_ACCEPTED')
    await refused(
      t.send(id, { type: 'ASSIGN', organ: '县农业农村局', reportDue: '2026-04-01' }, { actor: bureau }),
      'EVENT_NOT_ACCEPTED',
    )
    await refused(
      t.send(id, { type: 'DIVERT', channel: 'litigation', reason: 'x' }, { actor: bureau }),
      'EVENT_NOT_ACCEPTED',
    )
    await refused(
      t.send(id, { type: 'REFER_TO_DISCIPLINE', body: '某镇 农经站' }, { actor: bureau }),
      'EVENT_NOT_ACCEPTED',
    )
    await refused(t.send(id, { type: 'REFER_TO_DISCIPLINE', body: '王五' }, { actor: bureau }), 'EVENT_NOT_ACCEPTED')
    const done = await t.send(id, { type: 'REFER_TO_DISCIPLINE', body: '县纪委监委' }, { actor: bureau })
    expect(done.status).toBe('completed')
    expect(await context(t, id)).toMatchObject({ finality: 'accusationTransferred', referral: { body: '县纪委监委' } })
    expect((await t.system.get(id)).output).toMatchObject({ finality: 'accusationTransferred' })
  })

  it('an organ that receives one directly does not accept it into the petition procedure; it refers it', async () => {
    const t = petitionEngine()
    const { id } = await t.start(
      'petition',
      { ...accusation, receivedBy: 'organ' },
      { actor: organ, orgUnit: 'county' },
    )
    await refused(t.send(id, { type: 'ACCEPT' }, { actor: organ }), 'EVENT_NOT_ACCEPTED')
    await t.send(id, { type: 'REFER_TO_DISCIPLINE', body: '县纪委监委' }, { actor: organ })
    expect(await stage(t, id)).toBe('final')
  })

  it('a claim or a suggestion is not referred to discipline inspection', async () => {
    const t = petitionEngine()
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await refused(
      t.send(id, { type: 'REFER_TO_DISCIPLINE', body: '县纪委监委' }, { actor: bureau }),
      'EVENT_NOT_ACCEPTED',
    )
  })
})

describe('claims (申诉求决) that belong to a statutory channel are diverted (XF Arts. 28, 31)', () => {
  it('every channel ends the case with the channel named, no clock running and the petitioner told', async () => {
    for (const channel of DiversionChannel.options) {
      const t = petitionEngine()
      const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
      await t.send(id, { type: 'TRANSFER', organ: '县人社局' }, { actor: bureau })
      const done = await t.send(
        id,
        { type: 'DIVERT', channel, organ: '县人民法院', reason: '属于法定途径解决的事项' },
        { actor: organ },
      )
      expect(done).toMatchObject({ status: 'completed', state: { procedure: 'diverted' } })
      expect((await context(t, id)).diversion).toEqual({
        channel,
        organ: '县人民法院',
        reason: '属于法定途径解决的事项',
      })
      expect((await t.system.get(id)).output).toMatchObject({ diversion: channel, finality: null })
      expect(await t.system.get(id)).toMatchObject({ deadlines: [], timers: [], outcome: 'void' })
      await t.runOutbox()
      expect(effectsOf(t, 'notifyPetitioner')).toEqual([{ notice: 'diverted', article: 'XF Arts. 28, 31' }])
    }
  })

  it('a diversion after acceptance stops the 60-day clock', async () => {
    const t = petitionEngine()
    const id = await acceptedClaim(t)
    expect(Object.keys(deadlines(t, id))).toEqual(['handling'])
    await t.send(id, { type: 'DIVERT', channel: 'arbitration', reason: '劳动争议，应申请劳动仲裁' }, { actor: organ })
    expect(t.store.tables.timers.size).toBe(0)
    expect(await t.advance('90d')).toBe(0)
  })

  it('only claims are diverted, to a known channel', async () => {
    const t = petitionEngine()
    const s = await t.start('petition', claim({ type: 'suggestion' }), { actor: bureau, orgUnit: 'county' })
    await refused(
      t.send(s.id, { type: 'DIVERT', channel: 'litigation', reason: 'x' }, { actor: bureau }),
      'EVENT_NOT_ACCEPTED',
    )
    const c = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await refused(
      t.send(c.id, { type: 'DIVERT', channel: 'court' as 'litigation', reason: 'x' }, { actor: bureau }),
      'INVALID_EVENT',
    )
  })
})

describe('transfer and assignment (转送、交办, XF Art. 22)', () => {
  it('an assigned case reports its result to the bureau; a transferred one does not', async () => {
    const t = petitionEngine()
    const a = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(
      a.id,
      { type: 'ASSIGN', organ: '县农业农村局', reportDue: '2026-05-15', note: '请于5月15日前报送结果' },
      { actor: bureau },
    )
    await t.send(a.id, { type: 'ACCEPT' }, { actor: organ })
    await t.send(a.id, opinion(t), { actor: organ })
    const b = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(b.id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    await t.send(b.id, { type: 'ACCEPT' }, { actor: organ })
    await t.send(b.id, opinion(t), { actor: organ })
    const c = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(c.id, { type: 'ASSIGN', organ: '县人社局', reportDue: '2026-04-30' }, { actor: bureau })
    await t.send(c.id, { type: 'DIVERT', channel: 'arbitration', reason: '劳动争议' }, { actor: organ })
    await t.runOutbox()
    expect(t.effects.filter((m) => m.type === 'reportToBureau').map((m) => [m.instanceId, m.params])).toEqual([
      [a.id, { result: 'opinion', organ: '县农业农村局', reportDue: '2026-05-15' }],
      [c.id, { result: 'diverted', organ: '县人社局', reportDue: '2026-04-30' }],
    ])
  })

  it('a transfer down the tree puts the organ’s task at the organ’s unit, where its staff act on it', async () => {
    const t = petitionEngine()
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(id, { type: 'TRANSFER', organ: '某镇人民政府', organUnit: 'town' }, { actor: bureau })
    expect((await t.system.tasks({ orgUnit: 'town' })).items.map((k) => k.instanceId)).toEqual([id])
    await t.send(id, { type: 'ACCEPT' }, { actor: townOrgan })
    const [task] = (await t.system.tasks({ instanceId: id })).items
    expect(task).toMatchObject({ role: 'organ', orgUnit: 'town', dueAt: new Date(at('2026-05-07T00:00:00+08:00')) }) // Mar 2 + 60 = May 1, Labour Day: rolls to May 6
  })
})
