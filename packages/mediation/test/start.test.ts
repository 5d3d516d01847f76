// RT Arts. 17–18, 23: how a people's mediation starts, and how a party's refusal prevents or ends it.
import { describe, expect, it } from 'vitest'
import { peoplesStage } from '../src/index.js'
import { committee, harness, li, mediator, register, stepOf, zhang, acceptAndAssign, baseInput } from './helpers.js'

describe("starting people's mediation (RT Art. 17)", () => {
  it("starts on a party's application: the applicant counts as consenting; the committee registers it", async () => {
    const { t } = harness()
    const id = await register(t)
    const v = await t.system.get(id)
    expect(v).toMatchObject({
      processId: 'mediation',
      orgUnit: 'v1',
      context: { origin: 'party', consents: ['zhang'], grade: { colour: 'green', level: 'village' } },
    })
    expect(await stepOf(t, id)).toBe('applied')
    expect((await t.system.tasks({ instanceId: id, role: 'committee' })).items.map((k) => k.title)).toEqual([
      { 'zh-CN': '当事人申请（待受理）', en: 'Applied by a party' },
    ])
  })

  it("starts on the committee's own initiative with nobody consenting yet", async () => {
    const { t } = harness()
    const { id } = await t.start(
      'mediation',
      { ...baseInput, origin: 'committee', applicants: [] },
      { actor: committee, orgUnit: 'v1' },
    )
    expect(await stepOf(t, id)).toBe('initiated')
    expect((await t.system.get(id)).context).toMatchObject({ consents: [] })
    expect(peoplesStage((await t.system.get(id)).stateKey)).toEqual({ stage: 'initiated', grade: 'green.owned' })
    // Both parties must consent before the committee may accept.
    await t.send(id, { type: 'CONSENT', party: 'zhang' }, { actor: zhang })
    await expect(t.send(id, { type: 'ACCEPT' }, { actor: committee })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.send(id, { type: 'CONSENT', party: 'li' }, { actor: li })
    await t.send(id, { type: 'ACCEPT' }, { actor: committee })
    expect(await stepOf(t, id)).toBe('handling.assigning')
  })

  it("takes the start input a petition case sends (XF Art. 33): bare party names, origin 'petition'", async () => {
    const { t } = harness()
    const { id } = await t.start(
      'mediation',
      { parties: ['王五', '某村民委员会'], facts: '征地补偿款分配争议', request: '补发补偿款', origin: 'petition' },
      { actor: committee, orgUnit: 'v1' },
    )
    expect(await stepOf(t, id)).toBe('initiated')
    expect((await t.system.get(id)).context).toMatchObject({
      parties: [
        { id: '王五', name: '王五' },
        { id: '某村民委员会', name: '某村民委员会' },
      ],
      origin: 'petition',
      consents: [],
    })
    // An anonymous petitioner (no name) cannot be a party.
    await expect(
      t.start(
        'mediation',
        { parties: ['', '某村民委员会'], facts: 'f', origin: 'petition' },
        { actor: committee, orgUnit: 'v1' },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT' })
  })

  it('a case pointed to mediation by the police or a court (RT Art. 18) also waits for consent', async () => {
    const { t } = harness()
    const { id } = await t.start(
      'mediation',
      { ...baseInput, origin: 'police', applicants: [] },
      { actor: committee, orgUnit: 'v1' },
    )
    expect(await stepOf(t, id)).toBe('initiated')
  })

  it('refuses malformed registrations: one party, duplicate parties, an application without an applicant, an unknown applicant or level', async () => {
    const { t } = harness()
    const start = (input: unknown) => t.start('mediation', input, { actor: zhang, orgUnit: 'v1' })
    await expect(start({ ...baseInput, parties: [{ id: 'zhang', name: '张三' }] })).rejects.toMatchObject({
      code: 'INVALID_EVENT',
    })
    await expect(start({ ...baseInput, parties: ['zhang', 'zhang'] })).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    await expect(start({ ...baseInput, applicants: [] })).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    await expect(start({ ...baseInput, applicants: ['wang'] })).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    await expect(start({ ...baseInput, level: 'province' })).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    await expect(start({ ...baseInput, facts: '' })).rejects.toMatchObject({ code: 'INVALID_EVENT' })
    // Bare strings are accepted as parties (id = name).
    const { id } = await start({ ...baseInput, parties: ['zhang', 'li'] })
    expect((await t.system.get(id)).context).toMatchObject({
      parties: [
        { id: 'zhang', name: 'zhang' },
        { id: 'li', name: 'li' },
      ],
    })
  })

  it('accepts only once every party has consented: the refused ACCEPT and the accepted one', async () => {
    const { t } = harness()
    const id = await register(t)
    await expect(t.send(id, { type: 'ACCEPT' }, { actor: committee })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await expect(
      t.send(id, { type: 'CONSENT', party: 'wang' }, { actor: { id: 'wang', roles: ['party'] } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'parties' } })
    await t.send(id, { type: 'CONSENT', party: 'li' }, { actor: li })
    // Consenting twice changes nothing.
    await expect(t.send(id, { type: 'CONSENT', party: 'li' }, { actor: li })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.send(id, { type: 'ACCEPT', note: '登记受理' }, { actor: committee })
    expect(await stepOf(t, id)).toBe('handling.assigning')
  })
})

describe('docs/domain-rules.md#10-example-scenarios scenario 10: mediation refused', () => {
  it('one party refuses → no mediation (RT Art. 17); the other routes are notified (RT Art. 26); the case is void', async () => {
    const { t, delivered } = harness()
    const id = await register(t)
    await t.send(id, { type: 'REFUSE', party: 'li', reason: '不愿调解' }, { actor: li })
    const v = await t.system.get(id)
    expect(v).toMatchObject({
      state: 'refused',
      status: 'completed',
      context: { ending: { by: 'party', party: 'li', reason: '不愿调解' } },
    })
    expect(v.output).toMatchObject({
      agreed: false,
      terms: null,
      routes: ['arbitration', 'administrative', 'litigation'],
    })
    expect(await delivered('notifyRoutes')).toEqual([
      { routes: ['arbitration', 'administrative', 'litigation'], reason: 'RT Art. 17: a party refused mediation' },
    ])
    // It cannot start any more.
    await expect(t.send(id, { type: 'ACCEPT' }, { actor: committee })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    expect((await t.system.get(id)).outcome).toBe('void')
    // No tasks are left open.
    expect((await t.system.tasks({ instanceId: id })).items).toHaveLength(0)
  })

  it('a refusal by someone who is not a party is refused', async () => {
    const { t } = harness()
    const id = await register(t)
    await expect(
      t.send(id, { type: 'REFUSE', party: 'wang' }, { actor: { id: 'wang', roles: ['party'] } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'parties' } })
    expect(await stepOf(t, id)).toBe('applied')
  })

  it('a committee-initiated case is refused the same way', async () => {
    const { t } = harness()
    const { id } = await t.start(
      'mediation',
      { ...baseInput, origin: 'committee', applicants: [] },
      { actor: committee, orgUnit: 'v1' },
    )
    await t.send(id, { type: 'REFUSE', party: 'zhang' }, { actor: zhang })
    expect((await t.system.get(id)).state).toBe('refused')
  })
})

describe('terminating at any time (RT Art. 23) and the committee declining', () => {
  it('any party may end the mediation at any time once it runs: TERMINATED, unresolved, routes notified', async () => {
    const { t, delivered } = harness()
    const id = await register(t)
    await acceptAndAssign(t, id)
    await t.send(id, { type: 'REFUSE', party: 'zhang', reason: '不想继续' }, { actor: zhang })
    const v = await t.system.get(id)
    expect(v).toMatchObject({
      state: 'terminated',
      output: { agreed: false, routes: ['arbitration', 'administrative', 'litigation'] },
    })
    expect((await t.system.get(id)).outcome).toBe('unresolved')
    expect(await delivered('notifyRoutes')).toEqual([
      { routes: ['arbitration', 'administrative', 'litigation'], reason: 'RT Art. 26: mediation terminated' },
    ])
  })

  it('the mediator ends a mediation that fails (RT Art. 26)', async () => {
    const { t } = harness()
    const id = await register(t)
    await acceptAndAssign(t, id)
    await t.send(id, { type: 'END_MEDIATION', reason: '双方分歧过大' }, { actor: mediator })
    expect((await t.system.get(id)).context).toMatchObject({
      ending: { by: 'mediator', reason: '双方分歧过大' },
      routes: ['arbitration', 'administrative', 'litigation'],
    })
  })

  it('the committee declines a matter already in court: void, routes notified', async () => {
    const { t, delivered } = harness()
    const id = await register(t)
    await t.send(id, { type: 'DECLINE', reason: 'inLitigation' }, { actor: committee })
    expect((await t.system.get(id)).state).toBe('declined')
    expect((await t.system.get(id)).outcome).toBe('void')
    expect(await delivered('notifyRoutes')).toHaveLength(1)
  })
})
