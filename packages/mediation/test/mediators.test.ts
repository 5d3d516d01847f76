// RT Arts. 15, 19, 20, 23: mediators assigned or chosen, recusal, helpers only with consent, public
// or private sessions.
import { describe, expect, it } from 'vitest'
import { acceptAndAssign, committee, harness, li, mediator, register, stepOf, zhang } from './helpers.js'

async function accepted() {
  const h = harness()
  const id = await register(h.t)
  await h.t.send(id, { type: 'CONSENT', party: 'li' }, { actor: li })
  await h.t.send(id, { type: 'ACCEPT' }, { actor: committee })
  return { ...h, id }
}

describe('mediators (RT Art. 19)', () => {
  it('the committee assigns one or more mediators; the task goes to the first', async () => {
    const { t, id } = await accepted()
    await t.send(
      id,
      {
        type: 'ASSIGN_MEDIATOR',
        mediators: [
          { id: 'm1', name: '王调解' },
          { id: 'm3', name: '赵调解' },
        ],
      },
      { actor: committee },
    )
    expect(await stepOf(t, id)).toBe('handling.mediating')
    expect((await t.system.get(id)).context).toMatchObject({
      mediators: [
        { id: 'm1', by: 'committee' },
        { id: 'm3', by: 'committee' },
      ],
    })
    expect((await t.system.tasks({ instanceId: id, role: 'mediator' })).items[0]?.assignee).toBe('m1')
  })

  it('the parties choose a mediator: it takes effect only when every party chose the same one', async () => {
    const { t, id } = await accepted()
    await t.send(
      id,
      { type: 'CHOOSE_MEDIATOR', party: 'zhang', mediator: { id: 'm1', name: '王调解' } },
      { actor: zhang },
    )
    expect(await stepOf(t, id)).toBe('handling.assigning')
    await t.send(id, { type: 'CHOOSE_MEDIATOR', party: 'li', mediator: { id: 'm3', name: '赵调解' } }, { actor: li })
    expect(await stepOf(t, id)).toBe('handling.assigning')
    // Li changes his mind and agrees on m1.
    await t.send(id, { type: 'CHOOSE_MEDIATOR', party: 'li', mediator: { id: 'm1', name: '王调解' } }, { actor: li })
    expect(await stepOf(t, id)).toBe('handling.mediating')
    expect((await t.system.get(id)).context).toMatchObject({ mediators: [{ id: 'm1', name: '王调解', by: 'parties' }] })
  })

  it('a non-party cannot choose', async () => {
    const { t, id } = await accepted()
    await expect(
      t.send(
        id,
        { type: 'CHOOSE_MEDIATOR', party: 'wang', mediator: { id: 'm1', name: '王' } },
        { actor: { id: 'wang', roles: ['party'] } },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'parties' } })
  })
})

describe('recusal and removal (RT Arts. 15, 23)', () => {
  it('a party asks for the only mediator to step aside: back to assigning; the recused mediator cannot be chosen again', async () => {
    const { t, id } = await accepted()
    await t.send(id, { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm1', name: '王调解' }] }, { actor: committee })
    await t.send(
      id,
      { type: 'REQUEST_RECUSAL', party: 'li', mediatorId: 'm1', reason: '调解员是张三亲戚' },
      { actor: li },
    )
    expect(await stepOf(t, id)).toBe('handling.assigning')
    expect((await t.system.get(id)).context).toMatchObject({
      mediators: [],
      recusals: [{ mediatorId: 'm1', by: 'party', reason: '调解员是张三亲戚' }],
    })
    await expect(
      t.send(id, { type: 'CHOOSE_MEDIATOR', party: 'zhang', mediator: { id: 'm1', name: '王调解' } }, { actor: zhang }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(
      t.send(id, { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm1', name: '王调解' }] }, { actor: committee }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(id, { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm3', name: '赵调解' }] }, { actor: committee })
    expect(await stepOf(t, id)).toBe('handling.mediating')
    // Re-assigning while mediating is allowed, but not back to the recused mediator.
    await expect(
      t.send(id, { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm1', name: '王调解' }] }, { actor: committee }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(id, { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm4', name: '钱调解' }] }, { actor: committee })
    expect((await t.system.get(id)).context).toMatchObject({ mediators: [{ id: 'm4' }] })
  })

  it('with two mediators, one recusal leaves the other; recusing someone not on the case is refused', async () => {
    const { t, id } = await accepted()
    await t.send(
      id,
      {
        type: 'ASSIGN_MEDIATOR',
        mediators: [
          { id: 'm1', name: '王' },
          { id: 'm3', name: '赵' },
        ],
      },
      { actor: committee },
    )
    await expect(
      t.send(id, { type: 'REQUEST_RECUSAL', party: 'li', mediatorId: 'm9', reason: 'x' }, { actor: li }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(id, { type: 'REQUEST_RECUSAL', party: 'li', mediatorId: 'm1', reason: '偏袒' }, { actor: li })
    expect(await stepOf(t, id)).toBe('handling.mediating')
    expect((await t.system.get(id)).context).toMatchObject({ mediators: [{ id: 'm3' }] })
  })

  it('the committee removes a mediator for bias, insult, bribery or a leak (RT Art. 15)', async () => {
    const { t, id } = await accepted()
    await t.send(
      id,
      {
        type: 'ASSIGN_MEDIATOR',
        mediators: [
          { id: 'm1', name: '王' },
          { id: 'm3', name: '赵' },
        ],
      },
      { actor: committee },
    )
    await t.send(id, { type: 'REMOVE_MEDIATOR', mediatorId: 'm3', ground: 'bribery' }, { actor: committee })
    expect((await t.system.get(id)).context).toMatchObject({
      mediators: [{ id: 'm1' }],
      recusals: [{ mediatorId: 'm3', by: 'committee', reason: 'bribery' }],
    })
    await t.send(id, { type: 'REMOVE_MEDIATOR', mediatorId: 'm1', ground: 'insult' }, { actor: committee })
    expect(await stepOf(t, id)).toBe('handling.assigning')
    await expect(
      t.send(id, { type: 'REMOVE_MEDIATOR', mediatorId: 'm1', ground: 'insult' }, { actor: committee }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(
      t.send(id, { type: 'REMOVE_MEDIATOR', mediatorId: 'm1', ground: 'rudeness' } as never, { actor: committee }),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT' })
  })
})

describe('helpers (RT Art. 20)', () => {
  it("a relative, neighbour or expert joins only with every party's consent", async () => {
    const { t } = harness()
    const id = await register(t)
    await acceptAndAssign(t, id)
    const helper = { name: '村支书老刘', relation: 'neighbour' as const }
    await expect(
      t.send(id, { type: 'ADD_HELPER', helper, consentedBy: ['zhang'] }, { actor: mediator }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(
      t.send(id, { type: 'ADD_HELPER', helper, consentedBy: ['zhang', 'li', 'wang'] }, { actor: mediator }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(id, { type: 'ADD_HELPER', helper, consentedBy: ['zhang', 'li'] }, { actor: mediator })
    expect((await t.system.get(id)).context).toMatchObject({
      helpers: [{ name: '村支书老刘', relation: 'neighbour', consentedBy: ['zhang', 'li'] }],
    })
  })
})

describe('public or private session (RT Art. 23)', () => {
  it('private by default and as soon as any party asks; public only when every request is for public', async () => {
    const { t } = harness()
    const id = await register(t)
    await acceptAndAssign(t, id)
    const mode = async () => ((await t.system.get(id)).context as { session: { mode: string } }).session.mode
    expect(await mode()).toBe('private')
    await t.send(id, { type: 'SET_SESSION', party: 'zhang', mode: 'public' }, { actor: zhang })
    expect(await mode()).toBe('public')
    await t.send(id, { type: 'SET_SESSION', party: 'li', mode: 'private' }, { actor: li })
    expect(await mode()).toBe('private')
    await t.send(id, { type: 'SET_SESSION', party: 'li', mode: 'public' }, { actor: li })
    expect(await mode()).toBe('public')
    await expect(
      t.send(id, { type: 'SET_SESSION', party: 'wang', mode: 'private' }, { actor: { id: 'wang', roles: ['party'] } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'parties' } })
  })
})
