// Three-colour grading and the escalation ladder (docs/domain-rules.md#21-escalation-ladder – docs/domain-rules.md#22-colour-grading), and the criminal-risk flag
// (RT Art. 25): overdue raises the colour and moves the case up, audited; a colour is lowered only
// after a verified fix.
import { describe, expect, it } from 'vitest'
import {
  higherLevel,
  lowerColour,
  lowerColourRefusal,
  nextColour,
  defaultMediationParameters,
  type PeoplesContext,
} from '../src/index.js'
import {
  acceptAndAssign,
  advanceTo,
  committee,
  county,
  gradeStep,
  gridMember,
  harness,
  heartSteps,
  mediator,
  register,
  township,
  townCommittee,
  townMediator,
} from './helpers.js'

type T = ReturnType<typeof harness>['t']
const grade = async (t: T, id: string) => ((await t.system.get(id)).context as PeoplesContext).grade
const where = async (t: T, id: string) => {
  const v = await t.system.get(id)
  return { orgUnit: v.orgUnit, grade: gradeStep(v.stateKey), colour: (v.context as PeoplesContext).grade.colour }
}

async function mediatingAt(orgUnit = 'v1', parameters = {}, input = {}) {
  const h = harness({ parameters })
  const id = await register(h.t, input, orgUnit)
  await acceptAndAssign(h.t, id)
  return { ...h, id }
}

describe('docs/domain-rules.md#10-example-scenarios scenario 3: village SLA expiry', () => {
  it('green at the village for 7 days: on time through day 7, on day 8 ESCALATED to the township (L2) and yellow; bulletin logged', async () => {
    const { t, id, delivered } = await mediatingAt()
    expect(await where(t, id)).toEqual({ orgUnit: 'v1', grade: 'green.owned', colour: 'green' })
    // Mon 2 Mar + 7 days = Mon 9 Mar; due at 10 Mar 00:00.
    await advanceTo(t, '2026-03-09T23:59:59+08:00')
    expect(await where(t, id)).toEqual({ orgUnit: 'v1', grade: 'green.owned', colour: 'green' })
    await advanceTo(t, '2026-03-10T00:00:00+08:00')
    expect(await where(t, id)).toEqual({ orgUnit: 'town', grade: 'yellow.owned', colour: 'yellow' })
    expect(await grade(t, id)).toMatchObject({
      level: 'township',
      changes: [{ from: 'green', to: 'yellow', fromLevel: 'village', toLevel: 'township', reason: 'overdue' }],
    })
    // Audited: the engine's history entry names the deadline and both org units.
    const entry = (await t.system.history(id)).find((h) => h.kind === 'deadline')
    expect(entry).toMatchObject({
      actor: { id: 'system' },
      detail: { deadline: 'gradeGreen', escalatedFrom: 'v1', escalatedTo: 'town', sent: 'GRADE_OVERDUE' },
    })
    expect(await delivered('gradeBulletin')).toEqual([
      { from: 'green', to: 'yellow', fromLevel: 'village', toLevel: 'township', reason: 'overdue', note: null },
    ])
    // The township now owns the case: its task, its scope.
    expect((await t.system.tasks({ instanceId: id, role: 'township' })).items.map((k) => k.orgUnit)).toEqual(['town'])
    expect((await t.system.tasks({ instanceId: id, role: 'mediator' })).items.map((k) => k.orgUnit)).toEqual(['town'])
    await expect(
      t.send(
        id,
        { type: 'HEART_STEP', step: 'patientListening', by: '王', at: '2026-03-10T09:00:00+08:00', notes: 'n' },
        { actor: mediator },
      ),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await t.send(
      id,
      { type: 'HEART_STEP', step: 'patientListening', by: '镇调解员', at: '2026-03-10T09:00:00+08:00', notes: 'n' },
      { actor: townMediator },
    )
    // The township committee re-assigns the case to its own mediator.
    await t.send(id, { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm2', name: '镇调解员' }] }, { actor: townCommittee })
    expect((await t.system.tasks({ instanceId: id, role: 'mediator' })).items[0]).toMatchObject({
      orgUnit: 'town',
      assignee: 'm2',
    })
    const r = await t.system.report({
      processId: 'mediation',
      from: Date.parse('2026-03-01T00:00:00+08:00'),
      to: Date.parse('2026-04-01T00:00:00+08:00'),
    })
    expect(r.total.escalated).toBe(1)
    // A missed target is late: it counts against the on-time closing rate.
    expect((await t.system.instances({ breached: true })).items.map((x) => x.id)).toEqual([id])
    expect(r.total.escalatedInWindow).toBe(1)
  })

  it('climbs the whole ladder: yellow for 15 days at the township, then red at the county (L3), the ceiling', async () => {
    const { t, id, delivered } = await mediatingAt()
    await advanceTo(t, '2026-03-10T00:00:00+08:00')
    // Tue 10 Mar + 15 days = Wed 25 Mar; due at 26 Mar 00:00.
    await advanceTo(t, '2026-03-25T23:59:59+08:00')
    expect(await where(t, id)).toEqual({ orgUnit: 'town', grade: 'yellow.owned', colour: 'yellow' })
    await advanceTo(t, '2026-03-26T00:00:00+08:00')
    expect(await where(t, id)).toEqual({ orgUnit: 'county', grade: 'red.owned', colour: 'red' })
    expect((await t.system.tasks({ instanceId: id, role: 'county' })).items.map((k) => k.orgUnit)).toEqual(['county'])
    // Thu 26 Mar + 30 days = Sat 25 Apr, rolled to Mon 27 Apr; due at 28 Apr 00:00.
    await advanceTo(t, '2026-04-27T23:59:59+08:00')
    expect((await grade(t, id)).changes.map((c) => c.reason)).toEqual(['overdue', 'overdue'])
    await advanceTo(t, '2026-04-28T00:00:00+08:00')
    // Past L3 nothing moves: the overrun is recorded and reported, the case stays red at the county.
    expect(await where(t, id)).toEqual({ orgUnit: 'county', grade: 'red.owned', colour: 'red' })
    expect((await grade(t, id)).changes.at(-1)).toMatchObject({
      from: 'red',
      to: 'red',
      fromLevel: 'county',
      toLevel: 'county',
      reason: 'ceiling',
    })
    expect((await delivered('gradeBulletin')).map((b) => (b as { reason: string }).reason)).toEqual([
      'overdue',
      'overdue',
      'ceiling',
    ])
    expect(t.store.tables.instances.get(id)).toMatchObject({ escalations: 2, breached: true })
  })

  it('a micro matter at the grid (微事不出格) goes to the village when its target passes, still green; from there the ladder climbs as usual', async () => {
    const h = harness()
    const id = (
      await h.t.start(
        'mediation',
        { parties: ['zhang', 'li'], facts: '邻里噪音', applicants: ['zhang'], level: 'grid' },
        { actor: { id: 'zhang', roles: ['party'] }, orgUnit: 'g1' },
      )
    ).id
    expect(await where(h.t, id)).toEqual({ orgUnit: 'g1', grade: 'micro', colour: 'green' })
    await advanceTo(h.t, '2026-03-09T23:59:59+08:00')
    expect(await where(h.t, id)).toEqual({ orgUnit: 'g1', grade: 'micro', colour: 'green' })
    await advanceTo(h.t, '2026-03-10T00:00:00+08:00')
    expect(await where(h.t, id)).toEqual({ orgUnit: 'v1', grade: 'green.owned', colour: 'green' })
    expect((await grade(h.t, id)).changes).toEqual([
      { from: 'green', to: 'green', fromLevel: 'grid', toLevel: 'village', reason: 'overdue', note: null },
    ])
    // Tue 10 Mar + 7 = Tue 17 Mar: due at 18 Mar 00:00.
    await advanceTo(h.t, '2026-03-18T00:00:00+08:00')
    expect(await where(h.t, id)).toEqual({ orgUnit: 'town', grade: 'yellow.owned', colour: 'yellow' })
  })

  it('with autoUpgradeOnOverdue off, overdue moves the case up but keeps its colour', async () => {
    const { t, id } = await mediatingAt('v1', { colour: { autoUpgradeOnOverdue: false } })
    await advanceTo(t, '2026-03-10T00:00:00+08:00')
    expect(await where(t, id)).toEqual({ orgUnit: 'town', grade: 'green.owned', colour: 'green' })
    expect((await grade(t, id)).changes).toEqual([
      { from: 'green', to: 'green', fromLevel: 'village', toLevel: 'township', reason: 'late', note: null },
    ])
  })

  it('the colour targets are parameters', async () => {
    const { t, id } = await mediatingAt('v1', { colour: { greenDays: 3 } })
    // Mon 2 Mar + 3 = Thu 5 Mar: due at 6 Mar 00:00.
    await advanceTo(t, '2026-03-05T23:59:59+08:00')
    expect((await where(t, id)).colour).toBe('green')
    await advanceTo(t, '2026-03-06T00:00:00+08:00')
    expect((await where(t, id)).colour).toBe('yellow')
  })

  it("a case registered yellow or red starts with that colour at its owner's level", async () => {
    const h = harness()
    const y = (
      await h.t.start(
        'mediation',
        { parties: ['zhang', 'li'], facts: 'f', applicants: ['zhang'], colour: 'yellow' },
        { actor: { id: 'zhang', roles: ['party'] }, orgUnit: 'town' },
      )
    ).id
    expect(await where(h.t, y)).toEqual({ orgUnit: 'town', grade: 'yellow.owned', colour: 'yellow' })
    expect(await grade(h.t, y)).toMatchObject({ level: 'township' })
    const r = (
      await h.t.start(
        'mediation',
        { parties: ['zhang', 'li'], facts: 'f', applicants: ['zhang'], colour: 'red' },
        { actor: { id: 'zhang', roles: ['party'] }, orgUnit: 'county' },
      )
    ).id
    expect(await where(h.t, r)).toEqual({ orgUnit: 'county', grade: 'red.owned', colour: 'red' })
  })
})

describe('docs/domain-rules.md#10-example-scenarios scenario 4: criminal risk (RT Art. 25)', () => {
  it('flagged → police notified; red; the county owns the case; daily reports', async () => {
    const { t, id, delivered } = await mediatingAt()
    await heartSteps(t, id, 1)
    await t.send(id, { type: 'FLAG_CRIMINAL_RISK', by: '王调解', note: '李四扬言报复，持刀' }, { actor: mediator })
    expect(await grade(t, id)).toMatchObject({
      colour: 'red',
      level: 'county',
      changes: [{ from: 'green', to: 'red', reason: 'criminalRisk', note: '李四扬言报复，持刀' }],
    })
    expect((await t.system.get(id)).context).toMatchObject({
      criminalRisk: [{ by: '王调解', note: '李四扬言报复，持刀' }],
    })
    expect(await delivered('reportToPolice')).toEqual([
      {
        parties: [
          { id: 'zhang', name: '张三' },
          { id: 'li', name: '李四' },
        ],
        disputeType: 'neighbour',
        facts: '宅基地边界围墙纠纷',
        by: '王调解',
        note: '李四扬言报复，持刀',
      },
    ])
    // The move to the county happens on the next timer run (an immediate, audited escalation).
    expect(await t.runDueTimers()).toBe(1)
    expect(await where(t, id)).toEqual({ orgUnit: 'county', grade: 'red.owned', colour: 'red' })
    expect((await t.system.history(id)).find((h) => h.kind === 'deadline')).toMatchObject({
      detail: { deadline: 'routeRed', escalatedFrom: 'v1', escalatedTo: 'county', sent: 'GRADE_ROUTED' },
    })
    // Moving up on a flag is not lateness: the case is not marked as having missed a deadline.
    expect(t.store.tables.instances.get(id)?.breached).toBe(false)
    // The county names the leader who owns the case (包案); the task is theirs.
    await t.send(id, { type: 'ASSIGN_LEADER', leader: '县委副书记' }, { actor: county })
    expect((await t.system.tasks({ instanceId: id, role: 'county' })).items).toMatchObject([
      { orgUnit: 'county', assignee: '县委副书记' },
    ])
    // Daily reports: one per day while red.
    await t.advance('3d')
    expect(await delivered('redDailyReport')).toEqual([
      { level: 'county', leader: '县委副书记' },
      { level: 'county', leader: '县委副书记' },
      { level: 'county', leader: '县委副书记' },
    ])
    // Mediation goes on at the county; the procedure was not interrupted.
    expect((await t.system.get(id)).stateKey).toBe('open.grade.red.owned|open.procedure.handling.mediating')
  })

  it('a second flag reports again but the colour stays red; a committee may flag too', async () => {
    const { t, id, delivered } = await mediatingAt()
    await t.send(id, { type: 'FLAG_CRIMINAL_RISK', by: '调委会', note: '矛盾激化' }, { actor: committee })
    await t.runDueTimers()
    const county2 = { id: 'm9', roles: ['mediator'], orgUnit: 'county' }
    await t.send(id, { type: 'FLAG_CRIMINAL_RISK', by: '县调解员', note: '再次报告' }, { actor: county2 })
    expect(await delivered('reportToPolice')).toHaveLength(2)
    expect((await grade(t, id)).changes).toHaveLength(1)
  })

  it('may be flagged before acceptance as well', async () => {
    const h = harness()
    const id = await register(h.t)
    await h.t.send(id, { type: 'FLAG_CRIMINAL_RISK', by: '调委会', note: '有打架迹象' }, { actor: committee })
    expect((await grade(h.t, id)).colour).toBe('red')
    expect(await h.delivered('reportToPolice')).toHaveLength(1)
  })
})

describe('manual upgrades and lowering (docs/domain-rules.md#21-escalation-ladder – docs/domain-rules.md#22-colour-grading)', () => {
  it("an upgrade moves the case to the new colour's owner at once; upgrading to the same or a lower colour is refused", async () => {
    const { t, id } = await mediatingAt()
    await t.send(id, { type: 'UPGRADE_COLOUR', to: 'yellow', reason: '涉及人数增多' }, { actor: committee })
    await t.runDueTimers()
    expect(await where(t, id)).toEqual({ orgUnit: 'town', grade: 'yellow.owned', colour: 'yellow' })
    await expect(
      t.send(id, { type: 'UPGRADE_COLOUR', to: 'yellow', reason: 'x' }, { actor: township }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(id, { type: 'UPGRADE_COLOUR', to: 'red', reason: '群体性风险' }, { actor: township })
    await t.runDueTimers()
    expect(await where(t, id)).toEqual({ orgUnit: 'county', grade: 'red.owned', colour: 'red' })
    await expect(
      t.send(id, { type: 'UPGRADE_COLOUR', to: 'red', reason: 'x' }, { actor: county }),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    expect((await grade(t, id)).changes.map((c) => [c.reason, c.to, c.toLevel])).toEqual([
      ['upgrade', 'yellow', 'township'],
      ['upgrade', 'red', 'county'],
    ])
  })

  it("a matter beyond the level's competence is referred up one level (docs/domain-rules.md#21-escalation-ladder): grid → village → township → county, then the ceiling", async () => {
    const h = harness()
    const id = (
      await h.t.start(
        'mediation',
        { parties: ['zhang', 'li'], facts: '邻里纠纷', applicants: ['zhang'], level: 'grid' },
        { actor: { id: 'zhang', roles: ['party'] }, orgUnit: 'g1' },
      )
    ).id
    await h.t.send(id, { type: 'REFER_UP', reason: '网格无法处理' }, { actor: gridMember })
    await h.t.runDueTimers()
    expect(await where(h.t, id)).toEqual({ orgUnit: 'v1', grade: 'green.owned', colour: 'green' })
    await h.t.send(id, { type: 'REFER_UP', reason: '涉及土地权属' }, { actor: committee })
    await h.t.runDueTimers()
    expect(await where(h.t, id)).toEqual({ orgUnit: 'town', grade: 'yellow.owned', colour: 'yellow' })
    await h.t.send(id, { type: 'REFER_UP', reason: '跨乡镇' }, { actor: township })
    await h.t.runDueTimers()
    expect(await where(h.t, id)).toEqual({ orgUnit: 'county', grade: 'red.owned', colour: 'red' })
    await expect(h.t.send(id, { type: 'REFER_UP', reason: 'x' }, { actor: county })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    expect((await grade(h.t, id)).changes.map((c) => [c.reason, c.fromLevel, c.toLevel, c.note])).toEqual([
      ['referredUp', 'grid', 'village', '网格无法处理'],
      ['referredUp', 'village', 'township', '涉及土地权属'],
      ['referredUp', 'township', 'county', '跨乡镇'],
    ])
    const moves = (await h.t.system.history(id))
      .filter((e) => e.kind === 'deadline')
      .map((e) => [
        (e.detail as { escalatedFrom?: string }).escalatedFrom,
        (e.detail as { escalatedTo?: string }).escalatedTo,
      ])
    expect(moves).toEqual([
      ['g1', 'v1'],
      ['v1', 'town'],
      ['town', 'county'],
    ])
  })

  it('green jumps straight to red on request', async () => {
    const { t, id } = await mediatingAt()
    await t.send(id, { type: 'UPGRADE_COLOUR', to: 'red', reason: '重大' }, { actor: committee })
    await t.runDueTimers()
    expect(await where(t, id)).toEqual({ orgUnit: 'county', grade: 'red.owned', colour: 'red' })
  })

  it('a colour is lowered only after a verified fix (转绿); the owner stays', async () => {
    const { t, id, delivered } = await mediatingAt()
    await advanceTo(t, '2026-03-10T00:00:00+08:00') // yellow at the township
    await expect(t.send(id, { type: 'LOWER_COLOUR', reason: '矛盾缓和' }, { actor: township })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.send(id, { type: 'VERIFY_FIX', by: '镇综治中心', note: '现场核实围墙已拆' }, { actor: township })
    expect((await grade(t, id)).fixVerified).toBe(true)
    await t.send(id, { type: 'LOWER_COLOUR', reason: '矛盾缓和' }, { actor: township })
    expect(await where(t, id)).toEqual({ orgUnit: 'town', grade: 'green.owned', colour: 'green' })
    expect(await grade(t, id)).toMatchObject({ fixVerified: false, level: 'township' })
    expect((await delivered('gradeBulletin')).at(-1)).toMatchObject({
      from: 'yellow',
      to: 'green',
      reason: 'lowered',
      note: '矛盾缓和',
    })
    // Green is the floor.
    await t.send(id, { type: 'VERIFY_FIX', by: 'x', note: 'y' }, { actor: township })
    await expect(t.send(id, { type: 'LOWER_COLOUR', reason: 'x' }, { actor: township })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
  })

  it('red is lowered to yellow after a verified fix; a grid member may verify at the grid', async () => {
    const { t, id } = await mediatingAt()
    await t.send(id, { type: 'FLAG_CRIMINAL_RISK', by: '王', note: '风险' }, { actor: mediator })
    await t.runDueTimers()
    await t.send(id, { type: 'VERIFY_FIX', by: '县综治中心', note: '风险已排除' }, { actor: county })
    await t.send(id, { type: 'LOWER_COLOUR', reason: '风险已排除' }, { actor: county })
    expect(await where(t, id)).toEqual({ orgUnit: 'county', grade: 'yellow.owned', colour: 'yellow' })

    const g = harness()
    const gid = (
      await g.t.start(
        'mediation',
        { parties: ['zhang', 'li'], facts: 'f', applicants: ['zhang'], level: 'grid' },
        { actor: { id: 'zhang', roles: ['party'] }, orgUnit: 'g1' },
      )
    ).id
    await g.t.send(gid, { type: 'VERIFY_FIX', by: '网格员', note: '已核实' }, { actor: gridMember })
    expect((await grade(g.t, gid)).fixVerified).toBe(true)
  })

  it('a responsible leader is named only for yellow and red cases', async () => {
    const { t, id } = await mediatingAt()
    await expect(t.send(id, { type: 'ASSIGN_LEADER', leader: '镇长' }, { actor: township })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await advanceTo(t, '2026-03-10T00:00:00+08:00')
    await t.send(id, { type: 'ASSIGN_LEADER', leader: '副镇长' }, { actor: township })
    expect((await t.system.tasks({ instanceId: id, role: 'township' })).items[0]?.assignee).toBe('副镇长')
  })

  it('grading stops when the dispute is settled: no escalation after an agreement', async () => {
    const { t, id } = await mediatingAt()
    await heartSteps(t, id)
    await t.send(
      id,
      { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    await advanceTo(t, '2026-03-20T00:00:00+08:00')
    expect((await t.system.get(id)).orgUnit).toBe('v1')
  })

  it('explains the rules as pure helpers', () => {
    const p = defaultMediationParameters
    expect([nextColour('green'), nextColour('yellow'), nextColour('red')]).toEqual(['yellow', 'red', 'red'])
    expect([lowerColour('red'), lowerColour('yellow'), lowerColour('green')]).toEqual(['yellow', 'green', 'green'])
    expect(higherLevel('village', 'township', p)).toBe('township')
    expect(higherLevel('county', 'township', p)).toBe('county')
    expect(lowerColourRefusal('yellow', false)).toMatch(/verified fix/)
    expect(lowerColourRefusal('green', true)).toMatch(/lowest/)
    expect(lowerColourRefusal('red', true)).toBeNull()
  })
})
