// Who may act on whose case: the reporter verifies only their own report (parties), and the
// events the engine sends cannot be sent by a caller (systemEvent).
import { describe, expect, it } from 'vitest'
import { gridEventSchemas, hotlineEventSchemas, urbanEventSchemas } from '../src/index.js'
import { accepted, centre, context, gridEngine, member, police, refused, resident, stranger, water } from './helpers.js'

async function fedBack() {
  const t = gridEngine()
  const id = await accepted(t)
  await t.send(id, { type: 'CLAIM', member: 'wang' }, { actor: member })
  await t.send(id, { type: 'FEEDBACK', result: '已协调' }, { actor: member })
  return { t, id }
}

describe('a report belongs to its reporter (reporter.id)', () => {
  it('the reporter verifies the fix of their own report', async () => {
    const { t, id } = await fedBack()
    await t.send(id, { type: 'VERIFY', ok: true }, { actor: resident })
    expect((await context(t, id)).fixVerified).toBe(true)
  })

  it('another reporter may not', async () => {
    const { t, id } = await fedBack()
    await refused(t.send(id, { type: 'VERIFY', ok: true }, { actor: stranger }), 'FORBIDDEN')
  })

  it('a report without reporter.id has no reporter who can verify; a grid member still can', async () => {
    const t = gridEngine()
    const id = await accepted(t, { source: 'sensor', reporter: {} })
    await t.send(id, { type: 'CLAIM', member: 'wang' }, { actor: member })
    await t.send(id, { type: 'FEEDBACK', result: '已清理' }, { actor: member })
    await refused(t.send(id, { type: 'VERIFY', ok: true }, { actor: resident }), 'FORBIDDEN')
    await t.send(id, { type: 'VERIFY', ok: true }, { actor: member })
  })
})

describe('the whistled departments are the parties of a whistle', () => {
  it('only a called department feeds back as a department; a grid member is not bound', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await t.send(
      id,
      { type: 'WHISTLE', departments: ['water'], leadLeader: '张副镇长', measures: '清淤' },
      { actor: centre },
    )
    await t.send(
      id,
      { type: 'REPORT_FOR_DUTY', department: 'water', arrivedAt: '2026-03-02T09:30:00+08:00' },
      { actor: water },
    )
    await refused(t.send(id, { type: 'FEEDBACK', result: '已处理' }, { actor: police }), 'FORBIDDEN')
    await t.send(id, { type: 'FEEDBACK', result: '已清淤' }, { actor: water })
    expect((await context(t, id)).feedback).toEqual([{ result: '已清淤', photos: [] }])
  })
})

describe('system events', () => {
  it.each(
    [
      ...Object.entries(gridEventSchemas),
      ...Object.entries(urbanEventSchemas),
      ...Object.entries(hotlineEventSchemas),
    ].filter(([type]) => type.endsWith('_OVERDUE')),
  )('%s is sent only by the engine', (_type, policy) => {
    expect(policy).toMatchObject({ system: true, roles: ['system'] })
  })

  it('a caller claiming the system role cannot send an expiry', async () => {
    const t = gridEngine()
    const id = await accepted(t)
    await refused(
      t.send(id, { type: 'ROUTE_OVERDUE' }, { actor: { id: 'x', roles: ['system'], orgUnit: 'county' } }),
      'FORBIDDEN',
    )
  })
})
