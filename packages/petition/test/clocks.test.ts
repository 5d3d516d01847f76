import { describe, expect, it } from 'vitest'
import { at, bureau, claim, context, deadlines, effectsOf, organ, petitionEngine, refused, stage } from './helpers.js'

// Received Sunday 2026-09-20: day 15 is Oct 5, inside National Day (Oct 1–7), so the period rolls
// to Thursday Oct 8 and ends at its 24:00.
const sep20 = '2026-09-20T10:00:00+08:00'
const oct9 = at('2026-10-09T00:00:00+08:00')

describe('the petition bureau transfers or assigns within 15 days (XF Art. 22)', () => {
  it('computes the period on the calendar, rolling past National Day', async () => {
    const t = petitionEngine({ start: sep20 })
    const { id } = await t.start('petition', claim({ receivedAt: sep20 }), { actor: bureau, orgUnit: 'county' })
    expect(deadlines(t, id)).toEqual({ routing: oct9 })
    expect((await t.system.tasks({ instanceId: id })).items[0]?.dueAt?.getTime()).toBe(oct9)
  })

  it('a transfer on the last day is on time: no supervision, the clock stops', async () => {
    const t = petitionEngine({ start: sep20 })
    const { id } = await t.start('petition', claim({ receivedAt: sep20 }), { actor: bureau, orgUnit: 'county' })
    expect(await t.advance(oct9 - 1 - t.clock.now())).toBe(0)
    await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    expect(await stage(t, id)).toBe('transferred.objectionOpen')
    expect(Object.keys(deadlines(t, id))).not.toContain('routing')
    await t.advance('1d')
    expect((await t.system.get(id)).state).toMatchObject({ supervision: 'watching' })
    expect((await t.system.get(id)).breached).toBe(false)
  })

  it('past the period the bureau’s task turns red and a supervision task opens for the bureau', async () => {
    const t = petitionEngine({ start: sep20 })
    const { id } = await t.start('petition', claim({ receivedAt: sep20 }), { actor: bureau, orgUnit: 'county' })
    await t.advance(oct9 - t.clock.now())
    const v = await t.system.get(id)
    expect(v.state).toEqual({ procedure: 'registered', supervision: 'supervising' })
    const tasks = (await t.system.tasks({ instanceId: id })).items
    expect(tasks.map((k) => [k.stateNode, k.role, k.colour])).toEqual([
      ['petition.procedure.registered', 'bureau', 'red'],
      ['petition.supervision.supervising', 'bureau', 'green'],
    ])
    expect((await t.system.tasks({ overdue: true })).items.map((k) => k.instanceId)).toEqual([id])
    expect((await context(t, id)).supervision.overdue).toEqual(['routing'])
    // The overdue step can still be done.
    await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    expect(await stage(t, id)).toBe('transferred.objectionOpen')
  })
})

describe('supervision (督办, XF Art. 40)', () => {
  it('only the bureau supervises, only while a step is overdue; the notice is recorded and issued', async () => {
    const t = petitionEngine({ start: sep20 })
    const { id } = await t.start('petition', claim({ receivedAt: sep20 }), { actor: bureau, orgUnit: 'county' })
    await refused(t.send(id, { type: 'SUPERVISE', instructions: '限期转送' }, { actor: bureau }), 'EVENT_NOT_ACCEPTED')
    await t.advance(oct9 - t.clock.now())
    await refused(t.send(id, { type: 'SUPERVISE', instructions: '限期转送' }, { actor: organ }), 'FORBIDDEN')
    await t.send(id, { type: 'SUPERVISE', instructions: '限3日内转送', reportDue: '2026-10-12' }, { actor: bureau })
    expect((await t.system.get(id)).state).toMatchObject({ supervision: 'watching' })
    expect((await context(t, id)).supervision.notices).toEqual([
      { step: 'routing', instructions: '限3日内转送', reportDue: '2026-10-12' },
    ])
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => k.stateNode)).toEqual([
      'petition.procedure.registered',
    ])
    await t.runOutbox()
    expect(effectsOf(t, 'issueSupervisionNotice')).toEqual([{ step: 'routing' }])
  })
})

describe('the organ notifies acceptance within 15 days (XF Art. 23)', () => {
  it('direct receipt: notice on the last day is on time', async () => {
    const t = petitionEngine({ start: sep20 })
    const { id } = await t.start('petition', claim({ receivedBy: 'organ', receivedAt: sep20 }), {
      actor: organ,
      orgUnit: 'county',
    })
    expect(deadlines(t, id)).toEqual({ notice: oct9 })
    await t.advance(oct9 - 1 - t.clock.now())
    await t.send(id, { type: 'ACCEPT', notice: '已受理，按申诉求决类事项办理' }, { actor: organ })
    expect(await stage(t, id)).toBe('handling.accepted')
    expect((await t.system.get(id)).state).toMatchObject({ supervision: 'watching' })
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPetitioner')).toEqual([{ notice: 'accepted', article: 'XF Art. 23' }])
  })

  it('direct receipt: a day late opens supervision', async () => {
    const t = petitionEngine({ start: sep20 })
    const { id } = await t.start('petition', claim({ receivedBy: 'organ', receivedAt: sep20 }), {
      actor: organ,
      orgUnit: 'county',
    })
    await t.advance(oct9 - t.clock.now())
    expect((await t.system.get(id)).state).toEqual({ procedure: 'received', supervision: 'supervising' })
    expect((await context(t, id)).supervision.overdue).toEqual(['notice'])
  })

  it('a transfer: 15 days from the transfer, on both sides of the last day', async () => {
    for (const late of [false, true]) {
      const t = petitionEngine({ start: '2026-03-02T09:00:00+08:00' })
      const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
      await t.advance('3d') // Thu Mar 5
      await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
      const due = at('2026-03-21T00:00:00+08:00') // Mar 5 + 15 = Fri Mar 20
      expect(deadlines(t, id).transferNotice).toBe(due)
      await t.advance(due - t.clock.now() - (late ? 0 : 1))
      expect((await t.system.get(id)).state).toMatchObject({ supervision: late ? 'supervising' : 'watching' })
    }
  })
})

describe('the organ objects to a transfer within 5 working days (XF Art. 23)', () => {
  // Transfer Monday Sep 28: working days Sep 29, Sep 30, Oct 8, Oct 9 and Saturday Oct 10 (调休).
  const sep28 = '2026-09-28T09:00:00+08:00'
  const oct11 = at('2026-10-11T00:00:00+08:00')

  async function transferred() {
    const t = petitionEngine({ start: sep28 })
    const { id } = await t.start('petition', claim({ receivedAt: sep28 }), { actor: bureau, orgUnit: 'county' })
    await t.send(id, { type: 'TRANSFER', organ: '县住建局' }, { actor: bureau })
    return { t, id }
  }

  it('counts working days on the calendar: the window ends with the worked Saturday Oct 10', async () => {
    const { t, id } = await transferred()
    expect(deadlines(t, id).objection).toBe(oct11)
  })

  it('an objection on the last working day is in time; the case goes back to the bureau', async () => {
    const { t, id } = await transferred()
    await t.advance(oct11 - 1 - t.clock.now())
    await t.send(id, { type: 'OBJECT', reason: '耕地补贴不属本局职责' }, { actor: organ })
    expect(await stage(t, id)).toBe('notOurs')
    expect((await t.system.tasks({ instanceId: id })).items.map((k) => k.role)).toEqual(['bureau'])
    expect((await context(t, id)).objection).toEqual({
      organ: '县住建局',
      reason: '耕地补贴不属本局职责',
      overruledBecause: null,
    })
  })

  it('after the window the objection is refused, and the acceptance clock keeps running', async () => {
    const { t, id } = await transferred()
    await t.advance(oct11 - t.clock.now())
    expect(await stage(t, id)).toBe('transferred.objectionClosed')
    await refused(t.send(id, { type: 'OBJECT', reason: '不属本局职责' }, { actor: organ }), 'EVENT_NOT_ACCEPTED')
    expect(Object.keys(deadlines(t, id))).toEqual(['transferNotice'])
  })

  it('the bureau agrees by routing elsewhere (not back to the objector), or overrules', async () => {
    const { t, id } = await transferred()
    await t.send(id, { type: 'OBJECT', reason: '不属本局职责' }, { actor: organ })
    await refused(t.send(id, { type: 'TRANSFER', organ: '县住建局' }, { actor: bureau }), 'EVENT_NOT_ACCEPTED')
    await t.send(id, { type: 'TRANSFER', organ: '县农业农村局' }, { actor: bureau })
    expect(await stage(t, id)).toBe('transferred.objectionOpen')
    expect((await context(t, id)).routing).toMatchObject({ organ: '县农业农村局' })

    const other = await transferred()
    await other.t.send(other.id, { type: 'OBJECT', reason: '不属本局职责' }, { actor: organ })
    await refused(
      other.t.send(other.id, { type: 'OVERRULE_OBJECTION', reason: '属本局职责' }, { actor: organ }),
      'FORBIDDEN',
    )
    await other.t.send(
      other.id,
      { type: 'OVERRULE_OBJECTION', reason: '补贴发放涉及住房保障，属本局职责' },
      { actor: bureau },
    )
    expect(await stage(other.t, other.id)).toBe('transferred.objectionClosed')
    await refused(
      other.t.send(other.id, { type: 'OBJECT', reason: '再次异议' }, { actor: organ }),
      'EVENT_NOT_ACCEPTED',
    )
    expect((await context(other.t, other.id)).objection?.overruledBecause).toBe('补贴发放涉及住房保障，属本局职责')
  })

  it('an objection left undecided runs the bureau’s re-routing clock into supervision', async () => {
    for (const late of [false, true]) {
      const { t, id } = await transferred()
      await t.send(id, { type: 'OBJECT', reason: '不属本局职责' }, { actor: organ })
      const due = at('2026-10-14T00:00:00+08:00') // Sep 28 + 15 = Tue Oct 13
      expect(deadlines(t, id).reroute).toBe(due)
      await t.advance(due - t.clock.now() - (late ? 0 : 1))
      expect((await t.system.get(id)).state).toEqual({
        procedure: 'notOurs',
        supervision: late ? 'supervising' : 'watching',
      })
    }
  })
})
