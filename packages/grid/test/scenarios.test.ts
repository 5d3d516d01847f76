// docs/domain-rules.md §10, scenarios 1–4 (grid event) end to end; 5–9 are in urban.test.ts and
// hotline.test.ts. Each test is named after the rule it checks.
import { describe, expect, it } from 'vitest'
import { accepted, centre, context, effectsOf, gridEngine, member, resident, water, where } from './helpers.js'

describe('docs/domain-rules.md §10 scenarios 1–4: the grid event', () => {
  it('1. micro matter: 微事不出格 — claimed, handled and verified at L0, then struck off the ledger', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(id, { type: 'CLAIM', member: 'wang' }, { actor: member })
    await t.send(id, { type: 'FEEDBACK', result: '已疏通排水沟，双方和解', photos: ['after.jpg'] }, { actor: member })
    await t.send(id, { type: 'VERIFY', ok: true }, { actor: resident })
    expect((await t.system.get(id)).state).toMatchObject({ procedure: 'closed' })
    const view = await t.send(id, { type: 'STRIKE_OFF', ledgerRef: 'TZ-2026-031' }, { actor: centre })
    expect(view.status).toBe('completed')
    const c = await context(t, id)
    expect(c).toMatchObject({
      level: 'grid',
      colour: 'green',
      reworks: 0,
      ledger: { status: 'struckOff', ref: 'TZ-2026-031' },
    })
    await t.runOutbox()
    expect(effectsOf(t, 'strikeOffLedger')).toEqual([{ ledgerRef: 'TZ-2026-031', reworks: 0 }])
  })

  it('2. whistle with rework: 街乡吹哨、部门报到 — a failed check goes back to the department; closed with one rework', async () => {
    const t = gridEngine()
    const id = await accepted(t, { category: 'drainage', source: 'gridMember', reporter: {} })
    await t.send(
      id,
      { type: 'WHISTLE', departments: ['water'], leadLeader: '张副镇长', measures: '清淤并修复涵管' },
      { actor: centre },
    )
    await t.send(
      id,
      { type: 'REPORT_FOR_DUTY', department: 'water', arrivedAt: '2026-03-02T09:40:00+08:00' },
      { actor: water },
    )
    await t.send(id, { type: 'FEEDBACK', result: '已清淤' }, { actor: water })
    await t.send(id, { type: 'VERIFY', ok: false, note: '涵管仍漏水' }, { actor: member })
    expect(await where(t, id)).toMatchObject({ procedure: 'inProgress' })
    await t.send(id, { type: 'FEEDBACK', result: '已更换涵管', photos: ['after.jpg'] }, { actor: water })
    await t.send(id, { type: 'VERIFY', ok: true }, { actor: member })
    expect(await where(t, id)).toMatchObject({ procedure: 'closed', ladder: 'settled' })
    expect(await context(t, id)).toMatchObject({
      reworks: 1,
      feedback: [{ result: '已清淤' }, { result: '已更换涵管' }],
    })
  })

  it('3. village SLA expiry: 小事不出村 — the village’s time runs out, ESCALATED to L2, green → yellow, bulletin logged', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(id, { type: 'ESCALATE', reason: 'beyondCompetence', note: '网格员无法协调' }, { actor: member })
    expect(await where(t, id)).toMatchObject({ ladder: 'village' })
    await t.advance('6d')
    expect(await where(t, id)).toMatchObject({ ladder: 'village' })
    await t.advance('3d')
    expect(await where(t, id)).toMatchObject({ ladder: 'township' })
    expect(await context(t, id)).toMatchObject({ level: 'township', colour: 'yellow' })
    expect((await t.system.get(id)).orgUnit).toBe('town')
    await t.runOutbox()
    expect(effectsOf(t, 'issueBulletin')).toContainEqual({ level: 'township', colour: 'yellow', reason: 'overdue' })
  })

  it('4. criminal risk (RT Art. 25): flagged — police notified at once, red, a county case owner, daily reports', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(
      id,
      { type: 'FLAG_CRIMINAL_RISK', note: '一方扬言报复，持有刀具', caseOwner: '刘副县长' },
      { actor: member },
    )
    expect(await where(t, id)).toMatchObject({ ladder: { county: 'owned' } })
    expect(await context(t, id)).toMatchObject({
      level: 'county',
      colour: 'red',
      caseOwner: '刘副县长',
      policeNotified: true,
    })
    await t.runOutbox()
    expect(effectsOf(t, 'notifyPolice')).toEqual([
      { grid: 'grid-3', location: '幸福村3组12号旁', category: 'neighbourDispute', note: '一方扬言报复，持有刀具' },
    ])
    await t.advance('23h')
    await t.runOutbox()
    expect(effectsOf(t, 'redDailyReport')).toEqual([])
    await t.advance('2h')
    await t.runOutbox()
    expect(effectsOf(t, 'redDailyReport')).toEqual([{ level: 'county', caseOwner: '刘副县长' }])
    await t.advance('24h')
    await t.runOutbox()
    expect(effectsOf(t, 'redDailyReport')).toHaveLength(2)
  })
})
