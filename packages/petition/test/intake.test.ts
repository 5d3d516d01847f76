import { describe, expect, it } from 'vitest'
import { at, bureau, claim, context, deadlines, organ, petitionEngine, petitioner, refused, stage } from './helpers.js'

describe('registration (XF Arts. 19–23)', () => {
  it('registers a petition received by the bureau with its particulars, filed under its matter key', async () => {
    const t = petitionEngine()
    const { id } = await t.start('petition', claim({ attachments: ['补贴发放名册.pdf'] }), {
      actor: bureau,
      orgUnit: 'county',
    })
    expect(await stage(t, id)).toBe('registered')
    const v = await t.system.get(id)
    expect(v.businessKey).toBe('matter-zhang-subsidy')
    expect((await context(t, id)).petition).toMatchObject({
      type: 'claim',
      channel: 'letter',
      receivedBy: 'bureau',
      petitioner: { name: '张三' },
      attachments: ['补贴发放名册.pdf'],
      matterKey: 'matter-zhang-subsidy',
    })
    const tasks = (await t.system.tasks({ instanceId: id })).items
    expect(tasks.map((k) => [k.role, k.orgUnit])).toEqual([['bureau', 'county']])
    expect(await t.system.verify(id)).toEqual({ ok: true, entries: 1 })
  })

  it('keeps a host business key when one is given', async () => {
    const t = petitionEngine()
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county', businessKey: 'XF-2026-001' })
    expect((await t.system.get(id)).businessKey).toBe('XF-2026-001')
  })

  it('runs the registration clock from receipt, not from registration (XF Art. 22)', async () => {
    // Received Thursday Feb 26, registered Monday Mar 2: 15 days from Feb 26 is Mar 13 (a Friday).
    const t = petitionEngine()
    const { id } = await t.start('petition', claim({ receivedAt: '2026-02-26T16:00:00+08:00' }), {
      actor: bureau,
      orgUnit: 'county',
    })
    expect(deadlines(t, id)).toEqual({ routing: at('2026-03-14T00:00:00+08:00') })
  })

  it('is registered by whoever received it: the bureau for bureau receipts, the organ for direct receipts', async () => {
    const t = petitionEngine()
    await refused(
      t.start('petition', claim({ receivedBy: 'bureau' }), { actor: organ, orgUnit: 'county' }),
      'FORBIDDEN',
      /registered by the role "bureau"/,
    )
    await refused(
      t.start('petition', claim({ receivedBy: 'organ' }), { actor: bureau, orgUnit: 'county' }),
      'FORBIDDEN',
      /registered by the role "organ"/,
    )
    await refused(t.start('petition', claim(), { actor: petitioner, orgUnit: 'county' }), 'FORBIDDEN')
    expect((await t.system.instances()).items).toHaveLength(0)
    const { id } = await t.start('petition', claim({ receivedBy: 'organ' }), { actor: organ, orgUnit: 'county' })
    expect(await stage(t, id)).toBe('received')
  })

  it('a registering actor must belong to the case’s unit or above', async () => {
    const t = petitionEngine()
    await refused(
      t.start('petition', claim(), { actor: { id: 'b-town', roles: ['bureau'], orgUnit: 'town' }, orgUnit: 'county' }),
      'FORBIDDEN',
    )
  })

  it('refuses malformed registrations: an accused on a non-accusation, the simplified procedure on a suggestion', async () => {
    const t = petitionEngine()
    await refused(
      t.start('petition', claim({ accused: { name: '李四' } }), { actor: bureau, orgUnit: 'county' }),
      'INVALID_EVENT',
      /accused/,
    )
    await refused(
      t.start('petition', claim({ type: 'suggestion', simpleProcedure: true }), { actor: bureau, orgUnit: 'county' }),
      'INVALID_EVENT',
      /simplified procedure/,
    )
    await refused(
      t.start('petition', claim({ facts: '  ' }), { actor: bureau, orgUnit: 'county' }),
      'INVALID_EVENT',
      /facts/,
    )
    await refused(
      t.start('petition', claim({ receivedAt: '2026-03-02 09:00' }), { actor: bureau, orgUnit: 'county' }),
      'INVALID_EVENT',
      /receivedAt/,
    )
    // XF Art. 17: internet, letter, phone, fax or visit.
    await refused(
      t.start('petition', claim({ channel: 'email' as 'letter' }), { actor: bureau, orgUnit: 'county' }),
      'INVALID_EVENT',
      /channel/,
    )
    await refused(
      t.start('petition', claim({ type: 'complaint' as 'claim' }), { actor: bureau, orgUnit: 'county' }),
      'INVALID_EVENT',
      /type/,
    )
    expect((await t.system.instances()).items).toHaveLength(0)
  })
})

describe('group visits (XF Art. 20)', () => {
  const visit = (n: number, visitors?: number) =>
    claim({
      channel: 'visit',
      representatives: Array.from({ length: n }, (_, i) => `代表${i + 1}`),
      ...(visitors === undefined ? {} : { visitors }),
    })

  it('accepts at most 5 representatives and refuses a sixth', async () => {
    const t = petitionEngine()
    const ok = await t.start('petition', visit(5, 40), { actor: bureau, orgUnit: 'county' })
    expect((await context(t, ok.id)).petition.representatives).toHaveLength(5)
    await refused(
      t.start('petition', visit(6, 40), { actor: bureau, orgUnit: 'county' }),
      'INVALID_EVENT',
      /XF Art\. 20: a group elects at most 5 representatives/,
    )
  })

  it('a group larger than the limit must elect representatives; a group within it need not', async () => {
    const t = petitionEngine()
    await refused(
      t.start('petition', visit(0, 6), { actor: bureau, orgUnit: 'county' }),
      'INVALID_EVENT',
      /must elect representatives/,
    )
    const small = await t.start('petition', visit(0, 5), { actor: bureau, orgUnit: 'county' })
    expect(await stage(t, small.id)).toBe('registered')
  })

  it('follows a deployment’s representative limit', async () => {
    const t = petitionEngine({ plugin: { parameters: { maxGroupRepresentatives: 3 } } })
    await refused(t.start('petition', visit(4, 40), { actor: bureau, orgUnit: 'county' }), 'INVALID_EVENT', /at most 3/)
    expect(await stage(t, (await t.start('petition', visit(3, 40), { actor: bureau, orgUnit: 'county' })).id)).toBe(
      'registered',
    )
  })
})

describe('unidentified petitions are leads without notice clocks (XF Art. 23)', () => {
  it('an anonymous petition is a lead: no clock, no timer, a task for whoever received it', async () => {
    const t = petitionEngine()
    const a = await t.start('petition', claim({ anonymous: true }), { actor: bureau, orgUnit: 'county' })
    expect(await stage(t, a.id)).toBe('lead.atBureau')
    expect(deadlines(t, a.id)).toEqual({})
    expect((await t.system.get(a.id)).timers).toEqual([])
    const [task] = (await t.system.tasks({ instanceId: a.id })).items
    expect(task).toMatchObject({ role: 'bureau', dueAt: null })
    const b = await t.start('petition', claim({ receivedBy: 'organ', petitioner: undefined }), {
      actor: organ,
      orgUnit: 'county',
    })
    expect(await stage(t, b.id)).toBe('lead.atOrgan')
    expect((await t.system.tasks({ instanceId: b.id })).items.map((k) => k.role)).toEqual(['organ'])
    // Nothing ever comes due.
    await t.advance('400d')
    expect(await stage(t, a.id)).toBe('lead.atBureau')
  })

  it('a name without an address is unidentified too; a name with an address starts the clock', async () => {
    const t = petitionEngine()
    const noAddress = await t.start('petition', claim({ receivedBy: 'organ', petitioner: { name: '张三' } }), {
      actor: organ,
      orgUnit: 'county',
    })
    expect(await stage(t, noAddress.id)).toBe('lead.atOrgan')
    const full = await t.start('petition', claim({ receivedBy: 'organ' }), { actor: organ, orgUnit: 'county' })
    expect(Object.keys(deadlines(t, full.id))).toEqual(['notice'])
  })

  it('an anonymous claim is filed as a lead; an anonymous accusation may not be filed, only referred (XF Art. 30)', async () => {
    const t = petitionEngine()
    const c = await t.start('petition', claim({ anonymous: true }), { actor: bureau, orgUnit: 'county' })
    await refused(
      t.send(c.id, { type: 'REFER_TO_DISCIPLINE', body: '县纪委监委' }, { actor: bureau }),
      'EVENT_NOT_ACCEPTED',
    )
    const done = await t.send(
      c.id,
      { type: 'FILE_LEAD', note: '转县农业农村局参考', forwardedTo: '县农业农村局' },
      { actor: bureau },
    )
    expect(done.status).toBe('completed')
    expect(await context(t, c.id)).toMatchObject({ finality: 'leadFiled', referral: { body: '县农业农村局' } })
    const a = await t.start('petition', claim({ type: 'accusation', anonymous: true, request: '反映某站长贪污补贴' }), {
      actor: bureau,
      orgUnit: 'county',
    })
    await refused(t.send(a.id, { type: 'FILE_LEAD', note: '存档' }, { actor: bureau }), 'EVENT_NOT_ACCEPTED')
  })
})

describe('withdrawal (design addition; XF is silent)', () => {
  it('the petitioner withdraws; every clock stops, every task closes, the case ends', async () => {
    const t = petitionEngine()
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    await refused(t.send(id, { type: 'WITHDRAW' }, { actor: organ }), 'FORBIDDEN')
    const done = await t.send(id, { type: 'WITHDRAW', reason: '已与村委会协商解决' }, { actor: petitioner })
    expect(done).toMatchObject({ status: 'completed', state: { procedure: 'withdrawn', supervision: 'closed' } })
    expect(await t.system.get(id)).toMatchObject({ outcome: 'withdrawn', deadlines: [], timers: [] })
    expect((await t.system.tasks({ instanceId: id })).items).toEqual([])
    expect((await t.system.get(id)).output).toMatchObject({ withdrawn: true, finality: null })
    await refused(t.send(id, { type: 'WITHDRAW' }, { actor: petitioner }), 'EVENT_NOT_ACCEPTED')
  })
})
