// docs/domain-rules.md#10-example-scenarios, scenarios 14–17, end to end on the manual clock; and the whole review chain to finality.
import { describe, expect, it } from 'vitest'
import { screenPetition, type PetitionInput } from '../src/index.js'
import {
  at,
  bureau,
  cityBureau,
  claim,
  context,
  deadlines,
  effectsOf,
  organ,
  orgUnits,
  petitionEngine,
  petitioner,
  refused,
  rereviewer,
  reviewer,
  stage,
} from './helpers.js'

const day = (n: number) => at('2026-03-02T09:00:00+08:00') + n * 86_400_000

describe('docs/domain-rules.md#10-example-scenarios scenario 14: the normal path', () => {
  it('acceptance notice day 10 → opinion day 55 → no review request within 30 days → FINAL', async () => {
    const t = petitionEngine({ start: '2026-03-02T09:00:00+08:00' })
    const { id } = await t.start('petition', claim({ receivedBy: 'organ' }), { actor: organ, orgUnit: 'county' })
    expect(deadlines(t, id)).toEqual({ notice: at('2026-03-18T00:00:00+08:00') }) // day 15: Tue Mar 17
    await t.advance(day(10) - t.clock.now())
    await t.send(id, { type: 'ACCEPT', notice: '已受理' }, { actor: organ })
    expect(deadlines(t, id)).toEqual({ handling: at('2026-05-12T00:00:00+08:00') }) // 60 days from Mar 12
    await t.advance(day(55) - t.clock.now()) // Sunday Apr 26
    await t.send(
      id,
      {
        type: 'ISSUE_OPINION',
        outcome: 'notSupport',
        finding: '补贴已发放',
        legalBasis: '补贴办法第八条',
        servedAt: new Date(t.clock.now()).toISOString(),
      },
      { actor: organ },
    )
    const may27 = at('2026-05-27T00:00:00+08:00') // Apr 26 + 30 = Tuesday May 26
    expect(deadlines(t, id)).toEqual({ reviewWindow: may27 })
    await t.advance(may27 - 1 - t.clock.now())
    expect(await stage(t, id)).toBe('opinionIssued')
    await t.advance(1)
    const v = await t.system.get(id)
    expect(v).toMatchObject({
      status: 'completed',
      state: { procedure: 'final', supervision: 'closed' },
      output: { finality: 'opinionFinal', opinion: 'notSupport' },
    })
    expect((await t.system.get(id)).outcome).toBe('concluded')
    // The lapsed review window is the normal course (a 'window' deadline), not a breach: every
    // limit the organ had was met, so the case counts as closed on time.
    expect((await t.system.get(id)).breached).toBe(false)
    expect((await context(t, id)).supervision).toEqual({ overdue: [], notices: [] })
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPetitioner')).toEqual([
      { notice: 'accepted', article: 'XF Art. 23' },
      { notice: 'opinion', article: 'XF Art. 32' },
    ])
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
    expect(await t.system.replay(id)).toMatchObject({ ok: true, state: 'procedure.final|supervision.closed' })
  })
})

describe('docs/domain-rules.md#10-example-scenarios scenario 15: a litigation claim', () => {
  it('a claim about a civil judgment is DIVERTED to the political-legal organs; no 60-day clock ever runs', async () => {
    const t = petitionEngine()
    const { id } = await t.start(
      'petition',
      claim({ request: '要求撤销县法院(2025)民初123号判决', facts: '法院判决认定事实错误' }),
      { actor: bureau, orgUnit: 'county' },
    )
    await t.advance('2d')
    const done = await t.send(
      id,
      {
        type: 'DIVERT',
        channel: 'politicalLegal',
        organ: '县人民法院',
        reason: '涉诉事项，依法通过诉讼程序解决（诉访分离）',
      },
      { actor: bureau },
    )
    expect(done).toMatchObject({ status: 'completed', state: { procedure: 'diverted' } })
    expect((await t.system.get(id)).output).toMatchObject({ diversion: 'politicalLegal' })
    const started = (await t.system.history(id)).flatMap((h) =>
      ((h.detail as { deadlines?: Array<{ name: string; op: string }> } | null)?.deadlines ?? [])
        .filter((d) => d.op === 'started')
        .map((d) => d.name),
    )
    expect(started).toEqual(['routing'])
    expect(await t.advance('90d')).toBe(0)
    expect((await t.system.tasks({ instanceId: id })).items).toEqual([])
  })
})

describe('docs/domain-rules.md#10-example-scenarios scenario 16: an upward duplicate', () => {
  it('a visit to the city while the county is within its 60 days is not accepted', async () => {
    const ref: { engine?: ReturnType<typeof petitionEngine> } = {}
    const screen = (input: PetitionInput, options: { orgUnit?: string | undefined }) =>
      ref.engine === undefined || input.matterKey === undefined
        ? {}
        : screenPetition(ref.engine, {
            matterKey: input.matterKey,
            orgUnit: options.orgUnit ?? '',
            orgUnits,
            receivedAt: input.receivedAt,
          })
    const t = petitionEngine({ plugin: { screen } })
    ref.engine = t
    const { id: lower } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(lower, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    await t.send(lower, { type: 'ACCEPT' }, { actor: organ })
    await t.advance('30d')
    const higher = await t.start(
      'petition',
      claim({ channel: 'visit', receivedAt: new Date(t.clock.now()).toISOString() }),
      { actor: cityBureau, orgUnit: 'city' },
    )
    expect(higher.state).toEqual({ procedure: 'rejectedDuplicate', supervision: 'closed' })
    expect((await context(t, higher.id)).rejection).toMatchObject({ article: 'XF Art. 19', caseId: lower })
    expect((await t.system.get(higher.id)).businessKey).toBe('matter-zhang-subsidy')
    // The lower case goes on untouched.
    expect(await stage(t, lower)).toBe('handling.accepted')
  })
})

describe('docs/domain-rules.md#10-example-scenarios scenario 17: an anonymous accusation', () => {
  it('is registered as a lead and referred to discipline inspection, with no notice clock', async () => {
    const t = petitionEngine()
    const { id } = await t.start(
      'petition',
      claim({
        type: 'accusation',
        anonymous: true,
        petitioner: undefined,
        request: '举报某村干部虚报冒领补贴',
        matterKey: undefined,
      }),
      { actor: bureau, orgUnit: 'county' },
    )
    expect(await stage(t, id)).toBe('lead.atBureau')
    expect(deadlines(t, id)).toEqual({})
    await t.advance('60d')
    expect((await t.system.get(id)).state).toEqual({ procedure: { lead: 'atBureau' }, supervision: 'watching' })
    const done = await t.send(
      id,
      { type: 'REFER_TO_DISCIPLINE', body: '县纪委监委', note: '作为问题线索移送' },
      { actor: bureau },
    )
    expect(done.status).toBe('completed')
    expect(await context(t, id)).toMatchObject({ finality: 'leadReferred', referral: { body: '县纪委监委' } })
    // No review chain and no notices for an anonymous lead.
    await t.runOutbox()
    expect(t.effects).toEqual([])
  })
})

describe('the whole chain to finality (XF Arts. 35, 36)', () => {
  it('opinion → review → re-review with a hearing → FINAL; the same matter is then refused', async () => {
    const t = petitionEngine({ start: '2026-03-02T09:00:00+08:00' })
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    await t.advance('5d')
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    await t.advance('40d')
    await t.send(
      id,
      {
        type: 'ISSUE_OPINION',
        outcome: 'notSupport',
        finding: '补贴已发放',
        legalBasis: '补贴办法第八条',
        servedAt: new Date(t.clock.now()).toISOString(),
      },
      { actor: organ },
    )
    await t.advance('20d')
    await t.send(id, { type: 'REQUEST_REVIEW', reasons: '未收到补贴' }, { actor: petitioner })
    await t.advance('25d')
    await t.send(
      id,
      {
        type: 'DECIDE_REVIEW',
        result: 'uphold',
        opinion: '维持',
        legalBasis: 'XF 35',
        servedAt: new Date(t.clock.now()).toISOString(),
      },
      { actor: reviewer },
    )
    await t.advance('29d')
    await t.send(id, { type: 'REQUEST_REREVIEW', reasons: '仍未收到' }, { actor: petitioner })
    await t.advance('10d')
    await t.send(id, { type: 'START_HEARING' }, { actor: rereviewer })
    await t.advance('3d')
    await t.send(id, { type: 'END_HEARING' }, { actor: rereviewer })
    await t.advance('20d')
    await t.send(
      id,
      {
        type: 'DECIDE_REREVIEW',
        result: 'uphold',
        opinion: '维持',
        legalBasis: 'XF 36',
        servedAt: new Date(t.clock.now()).toISOString(),
      },
      { actor: rereviewer },
    )
    expect(await context(t, id)).toMatchObject({ finality: 'rereviewDecided', supervision: { overdue: [] } })
    expect((await t.system.get(id)).breached).toBe(false)
    expect(await t.system.replay(id)).toMatchObject({ ok: true })

    const facts = await screenPetition(t, { matterKey: 'matter-zhang-subsidy', orgUnit: 'city', orgUnits })
    const again = await t.start('petition', claim({ receivedAt: new Date(t.clock.now()).toISOString(), ...facts }), {
      actor: cityBureau,
      orgUnit: 'city',
    })
    expect(again.state).toEqual({ procedure: 'rejectedDuplicate', supervision: 'closed' })
    expect((await context(t, again.id)).rejection).toMatchObject({ article: 'XF Art. 36', caseId: id })
    await refused(t.send(again.id, { type: 'TRANSFER', organ: 'x' }, { actor: cityBureau }), 'EVENT_NOT_ACCEPTED')
  })
})
