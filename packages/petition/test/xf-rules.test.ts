// The four XF rules added after the first release: several organs (Art. 24), visit levels
// (Art. 20), re-handling ordered by a review (Arts. 34, 35), follow-up after finality (Art. 37).
import { describe, expect, it } from 'vitest'
import { checkVisitLevel, commonSuperior, stageOf, type AdminLevel } from '../src/index.js'
import {
  acceptedClaim,
  at,
  bureau,
  cityBureau,
  claim,
  conference,
  context,
  deadlines,
  effectsOf,
  organ,
  opinion,
  orgUnits,
  petitionEngine,
  petitioner,
  refused,
  rereviewer,
  reviewer,
  stage,
  superior,
} from './helpers.js'

const townOrganB = { id: 'organ-town-b', roles: ['organ'], orgUnit: 'town' }

/** Transferred to organ A (county), objected naming organ B (town); re-routed to B, which objects too. */
async function disputed(plugin: Parameters<typeof petitionEngine>[0] = { plugin: { orgUnits } }) {
  const t = petitionEngine(plugin)
  const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
  await t.send(id, { type: 'TRANSFER', organ: '县农业农村局', organUnit: 'county' }, { actor: bureau })
  await t.send(
    id,
    { type: 'OBJECT', reason: '属水利工程补偿，不属本局职权', competentOrgan: '某镇水利站' },
    { actor: organ },
  )
  expect(await stage(t, id)).toBe('notOurs')
  await t.send(id, { type: 'TRANSFER', organ: '某镇水利站', organUnit: 'town' }, { actor: bureau })
  await t.send(
    id,
    { type: 'OBJECT', reason: '属耕地补贴，应由农业农村部门办理', competentOrgan: '县农业农村局' },
    { actor: townOrganB },
  )
  return { t, id }
}

describe('several organs dispute competence (XF Art. 24)', () => {
  it('commonSuperior is the nearest common ancestor (a unit is its own ancestor); unknown units give null', () => {
    const tree = [
      { id: 'p' },
      { id: 'c1', parent: 'p' },
      { id: 'c2', parent: 'p' },
      { id: 'k1', parent: 'c1' },
      { id: 'k2', parent: 'c1' },
      { id: 'k3', parent: 'c2' },
    ]
    expect(commonSuperior(['k1', 'k2'], tree)).toBe('c1')
    expect(commonSuperior(['k1', 'k3'], tree)).toBe('p')
    expect(commonSuperior(['k1', 'c1'], tree)).toBe('c1')
    expect(commonSuperior(['k1', 'k1'], tree)).toBe('k1')
    expect(commonSuperior(['k1', 'nowhere'], tree)).toBe(null)
    expect(commonSuperior([], tree)).toBe(null)
  })

  it('one objection goes back to the bureau; a second organ objecting opens the dispute, with the bureau’s task', async () => {
    const { t, id } = await disputed()
    expect(await stage(t, id)).toBe('competenceDispute.consulting')
    expect((await context(t, id)).dispute).toMatchObject({
      organs: [
        { organ: '县农业农村局', organUnit: 'county', named: '某镇水利站' },
        { organ: '某镇水利站', organUnit: 'town', named: '县农业农村局' },
      ],
      decidedBy: null,
    })
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => k.role)).toEqual(['bureau'])
    // The superior and the conference do not act before their turn.
    await refused(
      t.send(id, { type: 'SUPERIOR_DECIDES', organ: '某镇水利站', reason: 'x' }, { actor: superior }),
      'EVENT_NOT_ACCEPTED',
    )
    await refused(
      t.send(id, { type: 'CONFERENCE_DECIDES', organ: '某镇水利站', reason: 'x' }, { actor: conference }),
      'EVENT_NOT_ACCEPTED',
    )
    await refused(t.send(id, { type: 'ORGANS_AGREE', organ: '某镇水利站' }, { actor: organ }), 'FORBIDDEN')
  })

  it('the organs agree: the case goes to the agreed organ, which may no longer object', async () => {
    const { t, id } = await disputed()
    await t.send(
      id,
      { type: 'ORGANS_AGREE', organ: '县农业农村局', organUnit: 'county', note: '经协商由县农业农村局办理' },
      { actor: bureau },
    )
    expect(await stage(t, id)).toBe('transferred.objectionClosed')
    expect(await context(t, id)).toMatchObject({
      routing: { organ: '县农业农村局', organUnit: 'county' },
      dispute: { decidedBy: 'agreement', organ: '县农业农村局' },
    })
    await refused(t.send(id, { type: 'OBJECT', reason: '再次异议' }, { actor: organ }), 'EVENT_NOT_ACCEPTED')
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    expect(await stage(t, id)).toBe('handling.accepted')
  })

  it('failing agreement the common superior (nearest common ancestor of the organs’ units) decides', async () => {
    const { t, id } = await disputed()
    await t.send(id, { type: 'ORGANS_DISAGREE', note: '协商不成' }, { actor: bureau })
    expect(await stage(t, id)).toBe('competenceDispute.superiorDeciding')
    expect((await context(t, id)).dispute?.superiorUnit).toBe('county')
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => [k.role, k.orgUnit])).toEqual([
      ['superiorOrgan', 'county'],
    ])
    await refused(
      t.send(id, { type: 'SUPERIOR_DECIDES', organ: '某镇水利站', reason: 'x' }, { actor: bureau }),
      'FORBIDDEN',
    )
    await refused(
      t.send(
        id,
        { type: 'SUPERIOR_DECIDES', organ: '某镇水利站', reason: 'x' },
        { actor: { id: 's-town', roles: ['superiorOrgan'], orgUnit: 'town' } },
      ),
      'FORBIDDEN',
    )
    await refused(
      t.send(id, { type: 'SUPERIOR_DECIDES', organ: '某镇水利站' } as never, { actor: superior }),
      'INVALID_EVENT',
    )
    await refused(
      t.send(id, { type: 'CONFERENCE_DECIDES', organ: '某镇水利站', reason: 'x' }, { actor: conference }),
      'EVENT_NOT_ACCEPTED',
    )
    await t.send(
      id,
      { type: 'SUPERIOR_DECIDES', organ: '某镇水利站', organUnit: 'town', reason: '水利工程补偿属水利站职责' },
      { actor: superior },
    )
    expect(await stage(t, id)).toBe('transferred.objectionClosed')
    expect(await context(t, id)).toMatchObject({
      routing: { organ: '某镇水利站', organUnit: 'town' },
      dispute: { decidedBy: 'superior', reason: '水利工程补偿属水利站职责' },
    })
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => [k.role, k.orgUnit])).toEqual([
      ['organ', 'town'],
    ])
  })

  it('failing that, the joint conference decides', async () => {
    const { t, id } = await disputed()
    await t.send(id, { type: 'ORGANS_DISAGREE' }, { actor: bureau })
    await refused(t.send(id, { type: 'REFER_TO_CONFERENCE' }, { actor: conference }), 'FORBIDDEN')
    await t.send(id, { type: 'REFER_TO_CONFERENCE', note: '争议较大' }, { actor: superior })
    expect(await stage(t, id)).toBe('competenceDispute.conference')
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => [k.role, k.orgUnit])).toEqual([
      ['jointConference', 'county'],
    ])
    await refused(
      t.send(id, { type: 'CONFERENCE_DECIDES', organ: '县农业农村局', reason: 'x' }, { actor: superior }),
      'FORBIDDEN',
    )
    await refused(
      t.send(id, { type: 'SUPERIOR_DECIDES', organ: '县农业农村局', reason: 'x' }, { actor: superior }),
      'EVENT_NOT_ACCEPTED',
    )
    await t.send(
      id,
      {
        type: 'CONFERENCE_DECIDES',
        organ: '县农业农村局',
        organUnit: 'county',
        reason: '联席会议明确由县农业农村局牵头办理',
      },
      { actor: conference },
    )
    expect(await context(t, id)).toMatchObject({
      routing: { organ: '县农业农村局' },
      dispute: { decidedBy: 'conference' },
    })
    expect(await stage(t, id)).toBe('transferred.objectionClosed')
  })

  it('without the org-unit tree the superior’s unit comes from the payload, else the case’s unit', async () => {
    const a = await disputed({})
    await a.t.send(a.id, { type: 'ORGANS_DISAGREE', superiorUnit: 'city' }, { actor: bureau })
    expect((await a.t.system.tasks({ instanceId: a.id })).items.map((k) => k.orgUnit)).toEqual(['city'])
    const b = await disputed({})
    await b.t.send(b.id, { type: 'ORGANS_DISAGREE' }, { actor: bureau })
    expect((await context(b.t, b.id)).dispute?.superiorUnit).toBe(null)
    expect((await b.t.system.tasks({ instanceId: b.id })).items.map((k) => k.orgUnit)).toEqual(['county'])
  })

  it('the second organ objects only within its 5 working days; after them the dispute is closed', async () => {
    const t = petitionEngine({ plugin: { orgUnits } })
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    await t.send(id, { type: 'OBJECT', reason: '不属本局' }, { actor: organ })
    await t.send(id, { type: 'TRANSFER', organ: '某镇水利站', organUnit: 'town' }, { actor: bureau })
    await t.advance('10d')
    await refused(t.send(id, { type: 'OBJECT', reason: '也不属本站' }, { actor: townOrganB }), 'EVENT_NOT_ACCEPTED')
    expect(await stage(t, id)).toBe('transferred.objectionClosed')
  })
})

describe('visits go to the competent level or the level above (XF Art. 20)', () => {
  it('checkVisitLevel: the competent level and the one above are right; every other level is refused with where to go', () => {
    const levels: AdminLevel[] = ['township', 'county', 'city', 'province', 'central']
    for (const receiving of levels) {
      const d = checkVisitLevel('visit', { competent: 'county', receiving })
      expect([receiving, d.refuse]).toEqual([receiving, !(receiving === 'county' || receiving === 'city')])
      if (d.refuse) expect(d).toMatchObject({ article: 'XF Art. 20', goTo: ['county', 'city'] })
    }
    expect(checkVisitLevel('letter', { competent: 'county', receiving: 'province' }).refuse).toBe(false)
    expect(checkVisitLevel('visit', undefined).refuse).toBe(false)
    expect(checkVisitLevel('visit', { competent: 'province', receiving: 'central' }).refuse).toBe(false)
  })

  it('a visit at the level above is registered', async () => {
    const t = petitionEngine()
    const { id } = await t.start(
      'petition',
      claim({ channel: 'visit', visitLevels: { competent: 'county', receiving: 'city' } }),
      { actor: cityBureau, orgUnit: 'city' },
    )
    expect(await stage(t, id)).toBe('registered')
    expect((await context(t, id)).visitRedirect).toBe(null)
  })

  it('a visit two levels up is registered as redirected: no task, no clock, the visitor told where to go', async () => {
    const t = petitionEngine()
    const v = await t.start(
      'petition',
      claim({ channel: 'visit', visitLevels: { competent: 'county', receiving: 'province' } }),
      { actor: { id: 'bureau-province', roles: ['bureau'], orgUnit: 'province' }, orgUnit: 'province' },
    )
    expect(v).toMatchObject({ status: 'completed' })
    expect(await stage(t, v.id)).toBe('visitRedirected')
    expect((await context(t, v.id)).visitRedirect).toMatchObject({ article: 'XF Art. 20', goTo: ['county', 'city'] })
    expect((await t.system.get(v.id)).output).toMatchObject({ rejection: 'XF Art. 20', finality: null })
    expect(await t.system.get(v.id)).toMatchObject({ deadlines: [], timers: [], outcome: 'void' })
    expect((await t.system.tasks({ instanceId: v.id })).items).toEqual([])
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPetitioner')).toEqual([{ notice: 'visitRedirected', article: 'XF Art. 20' }])
  })

  it('visit levels belong to visits only', async () => {
    const t = petitionEngine()
    await refused(
      t.start('petition', claim({ channel: 'letter', visitLevels: { competent: 'county', receiving: 'province' } }), {
        actor: bureau,
        orgUnit: 'county',
      }),
      'INVALID_EVENT',
      /visit/,
    )
  })
})

describe('re-handling ordered by a review that revokes or varies the opinion (XF Arts. 34, 35)', () => {
  // Opinion served Fri Mar 27; review requested Apr 1 and decided Thu Apr 16: day 60 is Mon Jun 15.
  const jun16 = at('2026-06-16T00:00:00+08:00')
  const order = (result: 'revoke' | 'vary' | 'uphold', rehandle: boolean) => ({
    type: 'DECIDE_REVIEW' as const,
    result,
    opinion: '原处理意见认定事实不清',
    legalBasis: '《信访工作条例》第三十五条',
    servedAt: '2026-04-16T10:00:00+08:00',
    rehandle,
  })

  async function reviewRequested(plugin: Parameters<typeof petitionEngine>[0] = {}) {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00', ...plugin })
    const id = await acceptedClaim(t)
    t.clock.set('2026-03-27T10:00:00+08:00')
    await t.send(id, opinion(t), { actor: organ })
    t.clock.set('2026-04-01T09:00:00+08:00')
    await t.send(id, { type: 'REQUEST_REVIEW', reasons: '事实不清', reviewOrgUnit: 'city' }, { actor: petitioner })
    t.clock.set('2026-04-16T10:00:00+08:00')
    return { t, id }
  }

  it('the order sends the case back to the organ with a fresh handling period from the decision’s service', async () => {
    for (const late of [false, true]) {
      const { t, id } = await reviewRequested()
      await t.send(id, order('revoke', true), { actor: reviewer })
      expect(await stage(t, id)).toBe('rehandling')
      expect(deadlines(t, id)).toEqual({ rehandling: jun16 })
      expect((await t.system.tasks({ instanceId: id })).items.map((k) => [k.role, k.orgUnit])).toEqual([
        ['organ', 'county'],
      ])
      expect((await context(t, id)).rehandlings).toEqual([
        {
          result: 'revoke',
          opinion: '原处理意见认定事实不清',
          legalBasis: '《信访工作条例》第三十五条',
          servedAt: '2026-04-16T10:00:00+08:00',
          rehandle: true,
        },
      ])
      await t.advance(jun16 - t.clock.now() - (late ? 0 : 1))
      expect((await t.system.get(id)).state).toMatchObject({ supervision: late ? 'supervising' : 'watching' })
      if (late) expect((await context(t, id)).supervision.overdue).toEqual(['handling'])
    }
  })

  it('the new opinion opens a new review window', async () => {
    const { t, id } = await reviewRequested()
    await t.send(id, order('vary', true), { actor: reviewer })
    await refused(
      t.send(id, { type: 'REQUEST_REREVIEW', reasons: '不服' }, { actor: petitioner }),
      'EVENT_NOT_ACCEPTED',
    )
    t.clock.set('2026-05-20T10:00:00+08:00')
    await t.send(id, opinion(t, 'support'), { actor: organ })
    expect(await stage(t, id)).toBe('opinionIssued')
    expect(Object.keys(deadlines(t, id))).toEqual(['reviewWindow'])
    expect((await context(t, id)).opinion?.outcome).toBe('support')
  })

  it('the period is a parameter', async () => {
    const { t, id } = await reviewRequested({ plugin: { parameters: { rehandleDays: 30 } } })
    await t.send(id, order('revoke', true), { actor: reviewer })
    expect(deadlines(t, id)).toEqual({ rehandling: at('2026-05-19T00:00:00+08:00') }) // day 30 is Sat May 16, rolled to Mon May 18
  })

  it('an upheld opinion orders nothing; a revocation without the order goes to the re-review window', async () => {
    const a = await reviewRequested()
    await refused(a.t.send(a.id, order('uphold', true), { actor: reviewer }), 'INVALID_EVENT')
    await refused(a.t.send(a.id, order('revoke', true), { actor: organ }), 'FORBIDDEN')
    await a.t.send(a.id, order('revoke', false), { actor: reviewer })
    expect(await stage(a.t, a.id)).toBe('reviewDecided')
    expect((await context(a.t, a.id)).rehandlings).toEqual([])
  })
})

describe('follow-up counselling and relief after finality (XF Art. 37)', () => {
  async function followUps(t: ReturnType<typeof petitionEngine>) {
    return (await t.system.instances({ processId: 'petition-followup' })).items
  }

  it('before finality there is none; when the opinion becomes FINAL a linked follow-up case opens for the organ', async () => {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00' })
    const id = await acceptedClaim(t)
    t.clock.set('2026-03-27T10:00:00+08:00')
    await t.send(id, opinion(t), { actor: organ })
    await t.advance(at('2026-04-28T00:00:00+08:00') - 1 - t.clock.now())
    expect(await followUps(t)).toEqual([])
    await t.advance(1)
    expect(await context(t, id)).toMatchObject({
      finality: 'opinionFinal',
      followUp: { processId: 'petition-followup' },
    })
    expect((await t.system.get(id)).status).toBe('completed')
    const [f] = await followUps(t)
    expect(f).toBeDefined()
    const child = await t.system.get(f?.id ?? '')
    expect(child).toMatchObject({
      parentId: id,
      status: 'active',
      context: { source: { finality: 'opinionFinal', matterKey: 'matter-zhang-subsidy' } },
    })
    expect((await t.system.tasks({ instanceId: child.id })).items.map((k) => k.role)).toEqual(['organ'])
    await refused(
      t.send(child.id, { type: 'CONCLUDE_FOLLOW_UP', measures: ['走访'], summary: 'x' }, { actor: bureau }),
      'FORBIDDEN',
    )
    await refused(
      t.send(child.id, { type: 'CONCLUDE_FOLLOW_UP', measures: [], summary: 'x' }, { actor: organ }),
      'INVALID_EVENT',
    )
    const done = await t.send(
      child.id,
      {
        type: 'CONCLUDE_FOLLOW_UP',
        measures: ['上门疏导', '落实临时救助'],
        relief: '临时救助2000元',
        summary: '信访人表示理解',
      },
      { actor: organ },
    )
    expect(done).toMatchObject({ status: 'completed' })
    expect((await t.system.get(id)).status).toBe('completed')
  })

  it('a re-review decision opens one too; a suggestion answered or a diversion does not', async () => {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00' })
    const id = await acceptedClaim(t)
    await t.send(id, opinion(t), { actor: organ })
    await t.send(id, { type: 'REQUEST_REVIEW', reasons: '不服' }, { actor: petitioner })
    await t.send(id, order(), { actor: reviewer })
    await t.send(id, { type: 'REQUEST_REREVIEW', reasons: '不服' }, { actor: petitioner })
    await t.send(
      id,
      {
        type: 'DECIDE_REREVIEW',
        result: 'uphold',
        opinion: '维持',
        legalBasis: '第三十六条',
        servedAt: new Date(t.clock.now()).toISOString(),
      },
      { actor: rereviewer },
    )
    expect((await followUps(t)).map((f) => f.id)).toHaveLength(1)
    const s = await t.start('petition', claim({ type: 'suggestion' }), { actor: bureau, orgUnit: 'county' })
    await t.send(s.id, { type: 'TRANSFER', organ: '县政务服务中心' }, { actor: bureau })
    await t.send(s.id, { type: 'ACCEPT' }, { actor: organ })
    await t.send(s.id, { type: 'ANSWER_SUGGESTION', adopted: false, reply: '暂不采纳' }, { actor: organ })
    const d = await acceptedClaim(t)
    await t.send(d, { type: 'DIVERT', channel: 'litigation', reason: '应诉讼' }, { actor: organ })
    expect(await followUps(t)).toHaveLength(1)
    function order() {
      return {
        type: 'DECIDE_REVIEW' as const,
        result: 'uphold' as const,
        opinion: '维持',
        legalBasis: '第三十五条',
        servedAt: new Date(t.clock.now()).toISOString(),
      }
    }
  })

  it('followUp: false opens none', async () => {
    const t = petitionEngine({ plugin: { followUp: false } })
    const id = await acceptedClaim(t)
    await t.send(id, opinion(t), { actor: organ })
    await t.advance('40d')
    expect(stageOf((await t.system.get(id)).state)).toBe('final')
    expect(await followUps(t)).toEqual([])
  })
})
