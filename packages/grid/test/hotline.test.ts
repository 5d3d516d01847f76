// The hotline ticket (接诉即办, BJ; docs/domain-rules.md#4-hotline-handling-on-receipt): a test per
// rule, and docs/domain-rules.md §10 scenarios 7–9.
import { describe, expect, it } from 'vitest'
import type { TestEngine } from '@fengqiao/core/testing'
import {
  assessBoth,
  hotlineCounts,
  hotlineParameters,
  score,
  type HotlineTicketContext,
  type HotlineTicketInputArg,
} from '../src/index.js'
import { bureau, district, effectsOf, gridEngine, hotline, refused, refusedBy, street, unit } from './helpers.js'

const ticket = (overrides: Partial<HotlineTicketInputArg> = {}): HotlineTicketInputArg => ({
  receivedAt: '2026-03-02T09:00:00+08:00',
  kind: 'complaint',
  matter: '小区楼道灯长期不亮',
  category: 'propertyManagement',
  caller: { name: '王五', phone: '13700000000' },
  ...overrides,
})
const housing = { ...unit, id: 'unit-housing' }
const street2 = { ...unit, id: 'unit-street' }

async function received(t: TestEngine, overrides: Partial<HotlineTicketInputArg> = {}) {
  const { id } = await t.start('hotline-ticket', ticket(overrides), { actor: hotline, orgUnit: 'county' })
  return id
}
async function dispatched(t: TestEngine, overrides: Partial<HotlineTicketInputArg> = {}) {
  const id = await received(t, overrides)
  await t.send(id, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: hotline })
  return id
}
const now = (t: TestEngine) => new Date(t.clock.now()).toISOString()
async function ctx(t: TestEngine, id: string) {
  return (await t.system.get(id)).context as HotlineTicketContext
}
const state = async (t: TestEngine, id: string) => (await t.system.get(id)).state

/** Signs for and feeds back, then the hotline calls back with the given answer. */
async function handled(
  t: TestEngine,
  id: string,
  callback: {
    resolved: boolean
    satisfaction: 'satisfied' | 'basicallySatisfied' | 'unsatisfied'
    unreasonable?: boolean
  },
) {
  await t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing })
  await t.send(
    id,
    { type: 'FEED_BACK', result: callback.resolved ? 'resolved' : 'explained', reply: '已处理' },
    { actor: housing },
  )
  await t.send(id, { type: 'CALLBACK', reached: true, ...callback }, { actor: hotline })
}

describe('BJ Art. 11: classification on receipt', () => {
  it('7. hotline consultation: answered on the call → CLOSED, and not counted in the dispatch rates', async () => {
    const t = gridEngine()
    const id = await received(t, { kind: 'consultation', matter: '办理居住证需要什么材料' })
    const view = await t.send(
      id,
      { type: 'ANSWER', answer: '携带身份证、租房合同到社区服务站办理' },
      { actor: hotline },
    )
    expect(view.status).toBe('completed')
    expect(t.store.tables.instances.get(id)?.outcome).toBe('void')
    const counts = hotlineCounts([await ctx(t, id)])
    expect(counts.dispatched).toBe(0)
    expect(score(counts).figures.response).toMatchObject({ denominator: 0, value: null })
  })

  it('8. hotline diversions: an emergency goes to 110; a matter in litigation is DIVERTED; a repeat without new facts gets a progress notice', async () => {
    const t = gridEngine()
    const fight = await received(t, { kind: 'help', matter: '楼下有人持刀打架' })
    await t.send(fight, { type: 'TRANSFER_EMERGENCY', line: '110' }, { actor: hotline })
    const lawsuit = await received(t, { matter: '对法院判决不服' })
    await t.send(lawsuit, { type: 'DIVERT', channel: 'litigation', note: '已告知依法上诉' }, { actor: hotline })
    const repeat = await received(t, { repeatOf: { ticketId: 'T-100', newFacts: false } })
    await refusedBy(t.send(repeat, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: hotline }), 'notARepeat')
    await t.send(
      repeat,
      { type: 'NOTIFY_PROGRESS', progress: '已派区住建委办理，预计3月9日前答复' },
      { actor: hotline },
    )
    expect([await state(t, fight), await state(t, lawsuit), await state(t, repeat)]).toEqual([
      'emergency',
      'diverted',
      'progressNotified',
    ])
    await t.runOutbox()
    expect(effectsOf(t, 'transferEmergency')).toEqual([{ line: '110' }])
    expect(effectsOf(t, 'notifyCaller')).toEqual([
      { notice: 'channel', article: 'BJ Art. 11' },
      { notice: 'progress', article: 'BJ Art. 11' },
    ])
  })

  it('repeatWithoutNewFacts: a progress notice is for a repeat without new facts only; a repeat with new facts is dispatched', async () => {
    const t = gridEngine()
    const fresh = await received(t)
    await refusedBy(
      t.send(fresh, { type: 'NOTIFY_PROGRESS', progress: '…' }, { actor: hotline }),
      'repeatWithoutNewFacts',
    )
    const newFacts = await received(t, { repeatOf: { ticketId: 'T-100', newFacts: true } })
    await t.send(newFacts, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: hotline })
    expect(await state(t, newFacts)).toEqual({ dispatched: 'ordinary' })
  })

  it('beyond any unit’s duty or unlawful: declined with advice', async () => {
    const t = gridEngine()
    const id = await received(t, { kind: 'help', matter: '请帮忙找装修队' })
    await t.send(id, { type: 'DECLINE', reason: 'beyondDuty', advice: '可通过市场渠道解决' }, { actor: hotline })
    expect(await state(t, id)).toBe('declined')
  })
})

describe('BJ Art. 12: dispatch, the district, objections', () => {
  it('an unclear ticket goes to the district government, which dispatches it', async () => {
    const t = gridEngine()
    const id = await received(t)
    await t.send(id, { type: 'SEND_TO_DISTRICT', district: '某区' }, { actor: hotline })
    await refused(t.send(id, { type: 'DISPATCH', unit: 'unit-housing' }, { actor: hotline }), 'EVENT_NOT_ACCEPTED')
    await refused(t.send(id, { type: 'DISTRICT_DISPATCH', unit: 'unit-housing' }, { actor: hotline }), 'FORBIDDEN')
    await t.send(id, { type: 'DISTRICT_DISPATCH', unit: 'unit-housing' }, { actor: district })
    expect((await ctx(t, id)).dispatch).toMatchObject({ unit: 'unit-housing', via: 'district', count: 1 })
  })

  it('a ticket for a street or township is copied to the district', async () => {
    const t = gridEngine()
    const id = await received(t)
    await t.send(id, { type: 'DISPATCH', unit: '某街道', streetOrTownship: true }, { actor: hotline })
    const direct = await dispatched(t)
    await t.runOutbox()
    expect(effectsOf(t, 'notifyDistrict')).toEqual([{ unit: '某街道' }])
    expect((await ctx(t, direct)).dispatch?.streetOrTownship).toBe(false)
  })

  it('objectionUpheld: an upheld objection names the new unit; a rejected one keeps the unit', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await t.send(id, { type: 'OBJECT', reason: '不属于本单位职责' }, { actor: housing })
    await refusedBy(
      t.send(id, { type: 'SETTLE_OBJECTION', upheld: true, reason: '异议成立' }, { actor: bureau }),
      'objectionUpheld',
    )
    await refused(
      t.send(id, { type: 'SETTLE_OBJECTION', upheld: false, reason: '驳回' }, { actor: housing }),
      'FORBIDDEN',
    )
    await t.send(id, { type: 'SETTLE_OBJECTION', upheld: false, reason: '属于物业监管职责' }, { actor: bureau })
    expect((await ctx(t, id)).dispatch).toMatchObject({ unit: 'unit-housing', count: 1 })
    expect(await state(t, id)).toEqual({ dispatched: 'ordinary' })
  })

  it('firstReceiverKeeps (BJ Art. 14): once signed for, the unit may not pass the ticket on', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing })
    await refusedBy(t.send(id, { type: 'OBJECT', reason: '转其他单位' }, { actor: housing }), 'firstReceiverKeeps')
  })

  it('only the unit the ticket was dispatched to signs for it, and after an upheld objection only the new one', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await refused(t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: street2 }), 'FORBIDDEN')
    await t.send(id, { type: 'OBJECT', reason: '属于街道职责' }, { actor: housing })
    await t.send(
      id,
      { type: 'SETTLE_OBJECTION', upheld: true, unit: 'unit-street', reason: '异议成立' },
      { actor: bureau },
    )
    await refused(t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing }), 'FORBIDDEN')
    await t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: street2 })
  })
})

describe('BJ Arts. 13, 15, 16, 23: contact, extension, whistle, callback', () => {
  it('contact within 24 hours (2 for an urgent ticket) [U]: late contact is recorded', async () => {
    const t = gridEngine()
    const ordinary = await dispatched(t)
    const urgent = await dispatched(t, { urgent: true })
    await t.advance('1h')
    await t.send(urgent, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing })
    expect((await ctx(t, urgent)).contact?.inTime).toBe(true)
    await t.advance('22h')
    expect((await ctx(t, ordinary)).contactLate).toBe(false)
    await t.advance('2h')
    await t.send(ordinary, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing })
    expect((await ctx(t, ordinary)).contact?.inTime).toBe(false)
    const late = await dispatched(t, { urgent: true })
    await t.advance('3h')
    expect((await ctx(t, late)).contactLate).toBe(true)
  })

  it('extensionExplained: an extension is explained to the caller and reported to the hotline', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing })
    const extend = { type: 'EXTEND' as const, workingDays: 5, reason: '需物业公司更换线路' }
    await refusedBy(
      t.send(id, { ...extend, explainedToCaller: false, reportedToHotline: true }, { actor: housing }),
      'extensionExplained',
    )
    await refused(
      t.send(id, { ...extend, workingDays: 8, explainedToCaller: true, reportedToHotline: true }, { actor: housing }),
      'EVENT_NOT_ACCEPTED',
      /maxExtension|at most|longest|exceed/i,
    )
    await t.send(id, { ...extend, explainedToCaller: true, reportedToHotline: true }, { actor: housing })
    expect(await state(t, id)).toEqual({ handling: 'extended' })
    await refused(
      t.send(id, { ...extend, explainedToCaller: true, reportedToHotline: true }, { actor: housing }),
      'EVENT_NOT_ACCEPTED',
    )
  })

  it('the hotline calls back when the period runs out, fed back or not (BJ Art. 23)', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing })
    await t.advance('8d')
    expect(await state(t, id)).toEqual({ handling: 'onTime' })
    await t.advance('3d')
    expect(await state(t, id)).toBe('callback')
    expect((await ctx(t, id)).handlingLate).toBe(true)
  })

  it('a street whistles departments in (BJ Art. 16); both the street and the unit are assessed (双考核)', async () => {
    const t = gridEngine()
    const id = await dispatched(t)
    await t.send(id, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: housing })
    await t.send(id, { type: 'WHISTLE', street: '某街道', departments: ['区城管委', '区住建委'] }, { actor: street })
    await t.send(id, { type: 'FEED_BACK', result: 'resolved', reply: '已更换灯具' }, { actor: housing })
    await t.send(id, { type: 'CALLBACK', reached: true, resolved: true, satisfaction: 'satisfied' }, { actor: hotline })
    expect(t.store.tables.instances.get(id)?.outcome).toBe('resolved')
    const both = assessBoth([await ctx(t, id)])
    expect(Object.keys(both.units)).toEqual(['unit-housing'])
    expect(Object.keys(both.streets)).toEqual(['某街道'])
    expect(both.streets['某街道']?.composite).toBe(1)
    await t.runOutbox()
    expect(effectsOf(t, 'notifyDepartments')).toEqual([{ departments: ['区城管委', '区住建委'] }])
  })
})

describe('9. hotline dispute: the three rates and the composite are recomputed', () => {
  it('an objection reassigns the ticket; a late contact and an "unresolved, unsatisfied" callback lower every rate', async () => {
    const t = gridEngine()
    const good = await dispatched(t)
    await handled(t, good, { resolved: true, satisfaction: 'satisfied' })
    const before = score(hotlineCounts([await ctx(t, good)]))
    expect(before.figures).toMatchObject({ response: { value: 1 }, resolution: { value: 1 }, satisfaction: 1 })
    expect(before.composite).toBe(1)

    const disputed = await dispatched(t)
    await t.send(disputed, { type: 'OBJECT', reason: '属于街道职责' }, { actor: housing })
    await t.send(
      disputed,
      { type: 'SETTLE_OBJECTION', upheld: true, unit: 'unit-street', reason: '异议成立' },
      { actor: bureau },
    )
    expect((await ctx(t, disputed)).dispatch).toMatchObject({ unit: 'unit-street', count: 2 })
    await t.advance('25h')
    await t.send(disputed, { type: 'SIGN_FOR', contactedAt: now(t) }, { actor: street2 })
    await t.send(disputed, { type: 'FEED_BACK', result: 'explained', reply: '已解释' }, { actor: street2 })
    await t.send(
      disputed,
      { type: 'CALLBACK', reached: true, resolved: false, satisfaction: 'unsatisfied' },
      { actor: hotline },
    )
    expect(await state(t, disputed)).toBe('closedUnresolved')

    const after = score(hotlineCounts([await ctx(t, good), await ctx(t, disputed)]))
    expect(after.figures).toMatchObject({
      response: { numerator: 1, denominator: 2, value: 0.5 },
      resolution: { numerator: 1, denominator: 2, value: 0.5 },
      satisfaction: 0.5,
    })
    // 0.10 × 0.5 + 0.45 × 0.5 + 0.45 × 0.5 [U]
    expect(after.composite).toBeCloseTo(0.5, 10)
    const weighted = score(
      hotlineCounts([await ctx(t, good), await ctx(t, disputed)]),
      undefined,
      hotlineParameters.resolve({ weights: { response: 0.5, resolution: 0.25, satisfaction: 0.25 } }),
    )
    expect(weighted.composite).toBeCloseTo(0.5, 10)
  })
})
