// Three-way linkage (三调联动, docs/domain-rules.md#53-three-way-linkage; XF Art. 37): transfers between people's, police (ZA Art. 9)
// and court mediation (MS Arts. 125–126) as linked cases carrying the parties, facts and the
// history of attempts; the source records the transfer and receives the outcome back.
import { createEngine, manualClock, memoryStore } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import {
  defaultMediationParameters,
  mediationPlugin,
  policeMediationRefusal,
  type CourtContext,
  type PeoplesContext,
  type PoliceContext,
} from '../src/index.js'
import {
  acceptAndAssign,
  advanceTo,
  committee,
  court,
  harness,
  heartSteps,
  li,
  mediator,
  orgUnits,
  police,
  register,
  START,
  stepOf,
  zhang,
} from './helpers.js'

type T = ReturnType<typeof harness>['t']
const fight = { disputeType: 'fight', facts: '酒后口角引发推搡，损坏手机一部' }

async function child(t: T, parentId: string): Promise<string> {
  const items = (await t.system.instances({ parentId })).items
  expect(items).toHaveLength(1)
  return items[0]?.id as string
}

async function failingPeoples(t: T, input = fight) {
  const id = await register(t, input)
  await acceptAndAssign(t, id)
  await heartSteps(t, id, 2)
  return id
}

describe("docs/domain-rules.md#10-example-scenarios scenario 12: people's → police mediation", () => {
  it("people's mediation fails → TRANSFERRED → police mediation → agreement → performed → no penalty; the outcome flows back", async () => {
    const { t } = harness()
    const id = await failingPeoples(t)
    await t.send(id, { type: 'TRANSFER', to: 'police', reason: '涉及治安违法，调解未果' }, { actor: mediator })
    expect((await t.system.get(id)).state).toBe('transferred')
    const pid = await child(t, id)
    const police1 = await t.system.get(pid)
    // The linked case carries the parties, the facts and the history of attempts.
    expect(police1).toMatchObject({ processId: 'policeMediation', parentId: id, orgUnit: 'v1', state: 'mediating' })
    expect(police1.context).toMatchObject({
      parties: [
        { id: 'zhang', name: '张三' },
        { id: 'li', name: '李四' },
      ],
      disputeType: 'fight',
      facts: fight.facts,
      origin: 'peoples',
      attempts: [
        { kind: 'peoples', caseId: null, result: 'transferred', outcome: null, note: '涉及治安违法，调解未果' },
      ],
    })
    await t.send(pid, { type: 'AGREE', terms: '李四赔偿手机800元' }, { actor: police })
    await t.send(pid, { type: 'PERFORMED', note: '已当场赔付' }, { actor: police })
    expect(await t.system.get(pid)).toMatchObject({
      state: 'noPenalty',
      output: { agreed: true, terms: '李四赔偿手机800元', penalty: false, routes: [] },
    })
    expect((await t.system.get(id)).state).toBe('transferred') // the notice waits in the outbox
    await t.runOutbox()
    const v = await t.system.get(id)
    expect(v).toMatchObject({
      state: 'transferredResolved',
      status: 'completed',
      output: { agreed: true, terms: '李四赔偿手机800元' },
    })
    expect((v.context as PeoplesContext).transfer).toMatchObject({
      to: 'police',
      childId: pid,
      state: 'noPenalty',
      outcome: 'resolved',
      agreed: true,
    })
    expect((v.context as PeoplesContext).attempts).toEqual([
      { kind: 'peoples', caseId: null, result: 'transferred', outcome: null, note: '涉及治安违法，调解未果' },
      { kind: 'police', caseId: pid, result: 'noPenalty', outcome: 'resolved', note: null },
    ])
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'child',
      actor: { id: 'system' },
      event: { type: 'TRANSFER_OUTCOME', childId: pid, processId: 'policeMediation' },
    })
    expect((await t.system.get(id)).outcome).toBe('resolved')
  })

  it('variant: the agreement is not performed → penalty and notice of the right to sue on the civil part (ZA Art. 9)', async () => {
    const { t, delivered } = harness()
    const id = await failingPeoples(t)
    await t.send(id, { type: 'TRANSFER', to: 'police', reason: '调解未果' }, { actor: committee })
    const pid = await child(t, id)
    await t.send(pid, { type: 'AGREE', terms: '赔偿800元' }, { actor: police })
    await t.send(pid, { type: 'NON_PERFORMANCE', note: '逾期未赔偿' }, { actor: police })
    expect((await t.system.get(pid)).state).toBe('penalty')
    await t.send(pid, { type: 'PENALIZE', decision: '罚款200元' }, { actor: police })
    expect(await t.system.get(pid)).toMatchObject({
      state: 'penalized',
      output: { agreed: false, penalty: true, routes: ['litigation'] },
    })
    expect(await delivered('notifyRightToSue')).toEqual([
      {
        parties: [
          { id: 'zhang', name: '张三' },
          { id: 'li', name: '李四' },
        ],
        decision: '罚款200元',
      },
    ])
    expect(await t.system.get(id)).toMatchObject({
      state: 'transferredUnresolved',
      output: { agreed: false, routes: ['litigation'] },
    })
    expect((await t.system.get(id)).outcome).toBe('unresolved')
  })

  it('police mediation is only for minor fights and property damage (ZA Art. 9): a neighbour dispute is not transferred there', async () => {
    const { t } = harness()
    const id = await failingPeoples(t, { disputeType: 'neighbour', facts: '宅基地纠纷' })
    await expect(
      t.send(id, { type: 'TRANSFER', to: 'police', reason: 'x' }, { actor: mediator }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    expect((await t.system.instances({ parentId: id })).items).toHaveLength(0)
    expect(policeMediationRefusal('neighbour', defaultMediationParameters)).toMatch(/ZA Art. 9/)
    expect(policeMediationRefusal('propertyDamage', defaultMediationParameters)).toBeNull()
    await expect(
      t.start('policeMediation', { parties: ['zhang', 'li'], disputeType: 'contract', facts: 'f' }, { actor: police }),
    ).rejects.toMatchObject({ code: 'INVALID_EVENT' })
  })
})

describe('police mediation on its own (ZA Art. 9)', () => {
  const start = (t: T) =>
    t.start(
      'policeMediation',
      { parties: ['zhang', 'li'], disputeType: 'fight', facts: '推搡' },
      { actor: police, orgUnit: 'v1' },
    )

  it('no agreement → penalty', async () => {
    const { t } = harness()
    const { id } = await start(t)
    await t.send(id, { type: 'NO_AGREEMENT', reason: '赔偿金额分歧' }, { actor: police })
    expect((await t.system.get(id)).context).toMatchObject({
      penalty: { grounds: 'no agreement: 赔偿金额分歧', decision: null },
    })
    await t.send(id, { type: 'PENALIZE', decision: '警告' }, { actor: police })
    expect((await t.system.get(id)).outcome).toBe('unresolved')
  })

  it('a party refusing mediation → penalty; only a party may refuse', async () => {
    const { t } = harness()
    const { id } = await start(t)
    await expect(
      t.send(id, { type: 'REFUSE_MEDIATION', party: 'wang' }, { actor: { id: 'wang', roles: ['party'] } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', details: { rule: 'parties' } })
    await t.send(id, { type: 'REFUSE_MEDIATION', party: 'li' }, { actor: li })
    expect((await t.system.get(id)).state).toBe('penalty')
  })
})

describe("police → people's mediation (RT Art. 18)", () => {
  it("the police refer the parties to a village committee; the people's agreement comes back and settles the police case", async () => {
    const { t } = harness()
    const { id } = await t.start(
      'policeMediation',
      { parties: ['zhang', 'li'], disputeType: 'propertyDamage', facts: '损坏农具' },
      { actor: police, orgUnit: 'town' },
    )
    await t.send(id, { type: 'REFER_TO_PEOPLES', reason: '民间纠纷，适宜人民调解', orgUnit: 'v1' }, { actor: police })
    expect((await t.system.get(id)).state).toBe('referred')
    const mid = await child(t, id)
    const m = await t.system.get(mid)
    expect(m).toMatchObject({
      processId: 'mediation',
      orgUnit: 'v1',
      parentId: id,
      context: { origin: 'police', consents: [], attempts: [{ kind: 'police', result: 'referred' }] },
    })
    expect(await stepOf(t, mid)).toBe('initiated')
    await t.send(mid, { type: 'CONSENT', party: 'zhang' }, { actor: { id: 'zhang', roles: ['party'] } })
    await acceptAndAssign(t, mid)
    await heartSteps(t, mid)
    await t.send(
      mid,
      { type: 'RECORD_ORAL_AGREEMENT', terms: '照价赔偿农具300元', record: '当场赔付', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    await t.send(mid, { type: 'PERFORMED', note: '已付清' }, { actor: committee })
    await t.runOutbox()
    const v = await t.system.get(id)
    expect(v).toMatchObject({
      state: 'settledByPeoples',
      output: { agreed: true, terms: '照价赔偿农具300元', penalty: false },
    })
    expect((v.context as PoliceContext).attempts).toEqual([
      { kind: 'police', caseId: null, result: 'referred', outcome: null, note: '民间纠纷，适宜人民调解' },
      { kind: 'peoples', caseId: mid, result: 'performed', outcome: 'resolved', note: null },
    ])
  })

  it("a people's mediation that fails sends the case back to the police", async () => {
    const { t } = harness()
    const { id } = await t.start(
      'policeMediation',
      { parties: ['zhang', 'li'], disputeType: 'fight', facts: 'f' },
      { actor: police },
    )
    await t.send(id, { type: 'REFER_TO_PEOPLES', reason: 'r', orgUnit: 'v1' }, { actor: police })
    const mid = await child(t, id)
    await t.send(mid, { type: 'REFUSE', party: 'li' }, { actor: li })
    await t.runOutbox()
    expect((await t.system.get(id)).state).toBe('mediating')
    expect(((await t.system.get(id)).context as PoliceContext).attempts.at(-1)).toEqual({
      kind: 'peoples',
      caseId: mid,
      result: 'refused',
      outcome: 'void',
      note: null,
    })
  })
})

describe("docs/domain-rules.md#10-example-scenarios scenario 13: people's → judicial mediation", () => {
  it('pre-filing mediation 30 days, no agreement → filed within 7 days → a party backs out before service → judgment', async () => {
    const { t } = harness()
    const id = await failingPeoples(t, { disputeType: 'contract', facts: '借款10万元未还' })
    await t.send(id, { type: 'TRANSFER', to: 'court', reason: '当事人要求诉讼解决' }, { actor: mediator })
    const cid = await child(t, id)
    expect(await t.system.get(cid)).toMatchObject({
      processId: 'courtMediation',
      state: 'received',
      context: { claim: '拆除越界围墙', attempts: [{ kind: 'peoples', result: 'transferred' }] },
    })
    // MS Art. 125: the court mediates first.
    await t.send(cid, { type: 'START_PREFILING_MEDIATION' }, { actor: court })
    // 30 days from Mon 2 Mar end on Wed 1 Apr: still mediating then, moved to filing at 2 Apr 00:00.
    await advanceTo(t, '2026-04-01T23:59:59+08:00')
    expect((await t.system.get(cid)).state).toBe('preFiling')
    await advanceTo(t, '2026-04-02T00:00:00+08:00')
    expect((await t.system.get(cid)).state).toBe('filing')
    // MS Art. 126: filed within 7 days (by Thu 9 Apr).
    await advanceTo(t, '2026-04-09T16:00:00+08:00')
    await t.send(cid, { type: 'FILE', caseNo: '（2026）某0101民初100号', procedure: 'ordinary' }, { actor: court })
    expect((await t.system.get(cid)).context).toMatchObject({
      filingOverdue: false,
      caseNo: '（2026）某0101民初100号',
      procedure: 'ordinary',
    })
    // Judicial mediation reaches an agreement; one party signs for the statement, the other backs out.
    await t.send(cid, { type: 'MEDIATE' }, { actor: court })
    await t.send(cid, { type: 'AGREE', terms: '分期还款' }, { actor: court })
    await t.send(cid, { type: 'SIGN_FOR', party: 'zhang' }, { actor: zhang })
    await t.send(cid, { type: 'BACK_OUT', party: 'li', reason: '反悔' }, { actor: li })
    expect((await t.system.get(cid)).state).toBe('awaitingJudgment')
    await t.send(cid, { type: 'JUDGMENT', result: '判决李四偿还借款10万元' }, { actor: court })
    expect(await t.system.get(cid)).toMatchObject({
      state: 'judged',
      output: { agreed: false, judgment: '判决李四偿还借款10万元' },
    })
    expect(((await t.system.get(cid)).context as CourtContext).attempts.map((a) => a.result)).toEqual([
      'transferred',
      'preFilingExpired',
      'backedOut',
    ])
    await t.runOutbox()
    const v = await t.system.get(id)
    expect(v).toMatchObject({ state: 'transferredUnresolved', output: { agreed: false } })
    expect((v.context as PeoplesContext).attempts.at(-1)).toEqual({
      kind: 'court',
      caseId: cid,
      result: 'judged',
      outcome: 'unresolved',
      note: null,
    })
  })

  it('a pre-filing agreement settles it and flows back as resolved', async () => {
    const { t } = harness()
    const id = await failingPeoples(t)
    await t.send(id, { type: 'TRANSFER', to: 'court', reason: 'r' }, { actor: mediator })
    const cid = await child(t, id)
    await t.send(cid, { type: 'START_PREFILING_MEDIATION' }, { actor: court })
    await t.send(cid, { type: 'AGREE', terms: '诉前和解' }, { actor: court })
    await t.runOutbox()
    expect(await t.system.get(id)).toMatchObject({
      state: 'transferredResolved',
      output: { agreed: true, terms: '诉前和解' },
    })
  })
})

describe('court mediation clocks and rules (MS Arts. 96–102, 125–126)', () => {
  const start = (t: T) =>
    t.start('courtMediation', { parties: ['zhang', 'li'], facts: '合同纠纷', claim: '支付货款' }, { actor: court })

  it('a party refusing mediation goes straight to filing (MS Art. 125)', async () => {
    const { t } = harness()
    const { id } = await start(t)
    await t.send(id, { type: 'REFUSE_MEDIATION', party: 'li' }, { actor: li })
    expect((await t.system.get(id)).state).toBe('filing')
  })

  it('filing within 7 days: on time through day 7, overdue from day 8', async () => {
    const { t } = harness()
    const { id } = await start(t)
    await t.send(id, { type: 'REFUSE_MEDIATION', party: 'li' }, { actor: li })
    // Mon 2 Mar + 7 = Mon 9 Mar: due at 10 Mar 00:00.
    await advanceTo(t, '2026-03-09T23:59:59+08:00')
    expect(((await t.system.get(id)).context as CourtContext).filingOverdue).toBe(false)
    await advanceTo(t, '2026-03-10T00:00:00+08:00')
    expect(((await t.system.get(id)).context as CourtContext).filingOverdue).toBe(true)
    expect((await t.system.tasks({ instanceId: id })).items[0]?.colour).toBe('red')
    await t.send(id, { type: 'REJECT_FILING', reason: '不符合起诉条件' }, { actor: court })
    expect(await t.system.get(id)).toMatchObject({
      state: 'notFiled',
      output: { routes: ['arbitration', 'administrative', 'litigation'] },
    })
  })

  it("the pre-filing period extends only with every party's consent", async () => {
    const { t } = harness()
    const { id } = await start(t)
    await t.send(id, { type: 'START_PREFILING_MEDIATION' }, { actor: court })
    await expect(
      t.send(id, { type: 'EXTEND_MEDIATION', days: 10, consentedBy: ['zhang'] }, { actor: court }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(id, { type: 'EXTEND_MEDIATION', days: 10, consentedBy: ['zhang', 'li'] }, { actor: court })
    // 40 days from Mon 2 Mar end on Sat 11 Apr, rolled to Mon 13 Apr.
    await advanceTo(t, '2026-04-13T23:59:59+08:00')
    expect((await t.system.get(id)).state).toBe('preFiling')
    await advanceTo(t, '2026-04-14T00:00:00+08:00')
    expect((await t.system.get(id)).state).toBe('filing')
  })

  it('a mediation statement takes effect when every party has signed for it (MS Art. 100)', async () => {
    const { t } = harness()
    const { id } = await start(t)
    await t.send(id, { type: 'START_PREFILING_MEDIATION' }, { actor: court })
    await t.send(id, { type: 'NO_AGREEMENT', reason: '分歧' }, { actor: court })
    await t.send(id, { type: 'FILE', caseNo: 'n', procedure: 'simple' }, { actor: court })
    await t.send(id, { type: 'MEDIATE' }, { actor: court })
    await t.send(id, { type: 'AGREE', terms: '一次性付清' }, { actor: court })
    await t.send(id, { type: 'SIGN_FOR', party: 'zhang' }, { actor: zhang })
    expect((await t.system.get(id)).state).toBe('statement')
    await expect(t.send(id, { type: 'SIGN_FOR', party: 'zhang' }, { actor: zhang })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.send(id, { type: 'SIGN_FOR', party: 'li' }, { actor: li })
    expect(await t.system.get(id)).toMatchObject({
      state: 'statementEffective',
      output: { agreed: true, terms: '一次性付清' },
    })
    // Backing out is too late now.
    await expect(t.send(id, { type: 'BACK_OUT', party: 'li' }, { actor: li })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
  })

  it('judicial mediation is voluntary: a refusal returns to the suit, which ends in judgment', async () => {
    const { t } = harness()
    const { id } = await start(t)
    await t.send(id, { type: 'REFUSE_MEDIATION', party: 'zhang' }, { actor: zhang })
    await t.send(id, { type: 'FILE', caseNo: 'n', procedure: 'ordinary' }, { actor: court })
    await t.send(id, { type: 'MEDIATE' }, { actor: court })
    await t.send(id, { type: 'REFUSE_MEDIATION', party: 'li' }, { actor: li })
    expect((await t.system.get(id)).state).toBe('filed')
    await t.send(id, { type: 'JUDGMENT', result: '驳回' }, { actor: court })
    expect((await t.system.get(id)).state).toBe('judged')
  })
})

describe("court → people's mediation (诉前委派, 委托调解)", () => {
  it('delegated before filing: the committee settles it; the court case ends settled', async () => {
    const { t } = harness()
    const { id } = await t.start(
      'courtMediation',
      { parties: ['zhang', 'li'], facts: '相邻关系纠纷' },
      { actor: court },
    )
    await t.send(id, { type: 'DELEGATE', committee: '一村人民调解委员会', orgUnit: 'v1' }, { actor: court })
    const mid = await child(t, id)
    expect(await t.system.get(mid)).toMatchObject({
      processId: 'mediation',
      orgUnit: 'v1',
      context: { origin: 'court', attempts: [{ kind: 'court', result: 'delegated', note: '一村人民调解委员会' }] },
    })
    await t.send(mid, { type: 'CONSENT', party: 'zhang' }, { actor: zhang })
    await acceptAndAssign(t, mid)
    await heartSteps(t, mid)
    await t.send(
      mid,
      { type: 'RECORD_ORAL_AGREEMENT', terms: '共用通道', record: 'r', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    await t.send(mid, { type: 'PERFORMED', note: '已履行' }, { actor: committee })
    await t.runOutbox()
    expect(await t.system.get(id)).toMatchObject({ state: 'settled', output: { agreed: true, terms: '共用通道' } })
  })

  it('the delegated period is 30 days: when it runs out the court files, and a late outcome is still recorded', async () => {
    const { t } = harness()
    const { id } = await t.start('courtMediation', { parties: ['zhang', 'li'], facts: 'f' }, { actor: court })
    await t.send(id, { type: 'DELEGATE', committee: '一村', orgUnit: 'v1' }, { actor: court })
    const mid = await child(t, id)
    await advanceTo(t, '2026-04-01T23:59:59+08:00')
    expect((await t.system.get(id)).state).toBe('delegated')
    await advanceTo(t, '2026-04-02T00:00:00+08:00')
    expect((await t.system.get(id)).state).toBe('filing')
    await t.send(mid, { type: 'REFUSE', party: 'li' }, { actor: li })
    await t.runOutbox()
    expect((await t.system.get(id)).state).toBe('filing')
    expect(((await t.system.get(id)).context as CourtContext).attempts.at(-1)).toEqual({
      kind: 'peoples',
      caseId: mid,
      result: 'refused',
      outcome: 'void',
      note: 'reported after its period',
    })
  })

  it('entrusted after filing: 7 days under the simple procedure, 15 under the ordinary one', async () => {
    const { t } = harness()
    const simple = (await t.start('courtMediation', { parties: ['zhang', 'li'], facts: 'f' }, { actor: court })).id
    const ordinary = (await t.start('courtMediation', { parties: ['zhang', 'li'], facts: 'f' }, { actor: court })).id
    for (const [id, procedure] of [
      [simple, 'simple'],
      [ordinary, 'ordinary'],
    ] as const) {
      await t.send(id, { type: 'REFUSE_MEDIATION', party: 'li' }, { actor: li })
      await t.send(id, { type: 'FILE', caseNo: id, procedure }, { actor: court })
      await t.send(id, { type: 'ENTRUST', committee: '一村', orgUnit: 'v1' }, { actor: court })
    }
    expect((await t.system.get(simple)).state).toBe('entrustedSimple')
    expect((await t.system.get(ordinary)).state).toBe('entrustedOrdinary')
    // Simple: Mon 2 Mar + 7 = Mon 9 Mar.
    await advanceTo(t, '2026-03-09T23:59:59+08:00')
    expect((await t.system.get(simple)).state).toBe('entrustedSimple')
    await advanceTo(t, '2026-03-10T00:00:00+08:00')
    expect((await t.system.get(simple)).state).toBe('filed')
    // Ordinary: Mon 2 Mar + 15 = Tue 17 Mar.
    await advanceTo(t, '2026-03-17T23:59:59+08:00')
    expect((await t.system.get(ordinary)).state).toBe('entrustedOrdinary')
    await advanceTo(t, '2026-03-18T00:00:00+08:00')
    expect((await t.system.get(ordinary)).state).toBe('filed')
  })

  it('an entrusted mediation that settles leads to a mediation statement', async () => {
    const { t } = harness()
    const { id } = await t.start('courtMediation', { parties: ['zhang', 'li'], facts: 'f' }, { actor: court })
    await t.send(id, { type: 'REFUSE_MEDIATION', party: 'li' }, { actor: li })
    await t.send(id, { type: 'FILE', caseNo: 'n', procedure: 'ordinary' }, { actor: court })
    await t.send(id, { type: 'ENTRUST', committee: '一村', orgUnit: 'v1' }, { actor: court })
    const mid = await child(t, id)
    await t.send(mid, { type: 'CONSENT', party: 'zhang' }, { actor: zhang })
    await acceptAndAssign(t, mid)
    await heartSteps(t, mid)
    await t.send(
      mid,
      { type: 'RECORD_ORAL_AGREEMENT', terms: '和解', record: 'r', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    await t.send(mid, { type: 'PERFORMED', note: 'ok' }, { actor: committee })
    await t.runOutbox()
    expect(await t.system.get(id)).toMatchObject({ state: 'statement', context: { terms: '和解' } })
  })
})

describe('an outcome arriving after an engine restart', () => {
  it("people's → police: the police case ends while the first engine runs; a second engine on the same store delivers the outcome once", async () => {
    const store = memoryStore()
    const clock = manualClock(START)
    let n = 0
    const first = createEngine({
      plugins: [mediationPlugin()],
      orgUnits,
      store,
      clock,
      deliverAfterCommit: false,
      ids: () => `a${++n}`,
    })
    const id = (
      await first.start(
        'mediation',
        { parties: ['zhang', 'li'], ...fight, applicants: ['zhang'] },
        { actor: zhang, orgUnit: 'v1' },
      )
    ).id
    await first.send(id, { type: 'CONSENT', party: 'li' }, { actor: li })
    await first.send(id, { type: 'ACCEPT' }, { actor: committee })
    await first.send(id, { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm1', name: '王' }] }, { actor: committee })
    await first.send(id, { type: 'TRANSFER', to: 'police', reason: '调解未果' }, { actor: mediator })
    const pid = (await first.system.instances({ parentId: id })).items[0]?.id as string
    await first.send(pid, { type: 'AGREE', terms: '赔偿' }, { actor: police })
    await first.send(pid, { type: 'PERFORMED', note: '已赔' }, { actor: police })
    expect((await first.system.get(id)).state).toBe('transferred')
    await first.close()

    const second = createEngine({ plugins: [mediationPlugin()], orgUnits, store, clock, ids: () => `b${++n}` })
    expect(await second.runOutbox()).toBe(1)
    const v = await second.system.get(id)
    expect(v).toMatchObject({ state: 'transferredResolved', output: { agreed: true, terms: '赔偿' } })
    expect(await second.runOutbox()).toBe(0)
    expect((await second.system.get(id)).version).toBe(v.version)
    expect(await second.system.verify(id)).toMatchObject({ ok: true })
    await second.close()
  })

  it("police → people's: the people's case is finished by a second engine and the police case hears of it", async () => {
    const store = memoryStore()
    const clock = manualClock(START)
    let n = 0
    const first = createEngine({
      plugins: [mediationPlugin()],
      orgUnits,
      store,
      clock,
      deliverAfterCommit: false,
      ids: () => `a${++n}`,
    })
    const pid = (
      await first.start(
        'policeMediation',
        { parties: ['zhang', 'li'], disputeType: 'fight', facts: 'f' },
        { actor: police, orgUnit: 'town' },
      )
    ).id
    await first.send(pid, { type: 'REFER_TO_PEOPLES', reason: 'r', orgUnit: 'v1' }, { actor: police })
    const mid = (await first.system.instances({ parentId: pid })).items[0]?.id as string
    await first.close()

    const second = createEngine({
      plugins: [mediationPlugin()],
      orgUnits,
      store,
      clock,
      deliverAfterCommit: false,
      ids: () => `b${++n}`,
    })
    await second.send(mid, { type: 'REFUSE', party: 'zhang' }, { actor: zhang })
    await second.close()
    const third = createEngine({ plugins: [mediationPlugin()], orgUnits, store, clock, ids: () => `c${++n}` })
    expect(await third.runOutbox()).toBe(1)
    expect((await third.system.get(pid)).state).toBe('mediating')
    await third.close()
  })
})
