import { describe, expect, it } from 'vitest'
import { createTestEngine } from '@fengqiao/core/testing'
import { exportBpmn, fromBpmn } from '@fengqiao/bpmn'
import { actions, events, guards, licenceProcess, licenceXml } from '../src/licence.js'

// What a machine does, as data: every state with its type, meta and transitions (event, target,
// guard, named actions). Two machines with equal shapes behave the same.
function shape(node: {
  key: string
  type: string
  meta?: unknown
  states: Record<string, never>
  transitions: Map<string, Array<{ target?: Array<{ id: string }>; guard?: unknown; actions: unknown[] }>>
  always?: Array<{ target?: Array<{ id: string }>; guard?: unknown }>
  entry: unknown[]
}): unknown {
  const t = (list: Array<{ target?: Array<{ id: string }>; guard?: unknown; actions?: unknown[] }>) =>
    list.map((x) => ({
      target: x.target?.map((g) => g.id),
      guard: (x.guard as { type?: string } | undefined)?.type ?? x.guard,
      actions: (x.actions ?? []).map((a) => (a as { type?: string }).type ?? a),
    }))
  return {
    key: node.key,
    type: node.type,
    meta: node.meta,
    entry: node.entry.map((a) => [(a as { type?: string }).type, (a as { processId?: string }).processId]),
    on: Object.fromEntries([...node.transitions].map(([k, v]) => [k, t(v)])),
    always: t(node.always ?? []),
    states: Object.values(node.states).map((c) => shape(c)),
  }
}

describe('examples/bpmn-process: a licence procedure drawn in BPMN', () => {
  it('imports into the machine the drawing shows', async () => {
    const def = await licenceProcess()
    expect(def.id).toBe('licence')
    expect(def.version).toBe(1)
    expect([...def.states.keys()].sort()).toEqual([
      'licence',
      'licence.accept',
      'licence.awaitingMaterial',
      'licence.decision',
      'licence.granted',
      'licence.refused',
      'licence.review',
      'licence.supervised',
    ])
    expect(def.states.get('licence.review')?.task?.role).toBe('reviewer')
    expect(def.states.get('licence.review')?.deadline).toMatchObject({
      unit: 'workingDays',
      amount: 20,
      onExpire: 'REVIEW_OVERDUE',
      warnAt: 0.75,
    })
    expect(def.states.get('licence.granted')?.outcome).toBe('resolved')
  })

  it('runs on the engine: the review period counts working days across the National Day holiday, then the director decides', async () => {
    const licence = await licenceProcess()
    const engine = createTestEngine({ start: '2026-09-25T09:00:00+08:00', processes: [licence] })
    const cases = engine.process(licence)
    const clerk = { id: 'c1', roles: ['clerk'] }
    const { id } = await cases.start(undefined, { actor: clerk })
    await cases.send(id, { type: 'ACCEPT' }, { actor: clerk })
    const [task] = (await engine.system.tasks({ role: 'reviewer' })).items
    // 20 working days from Fri 25 Sep 2026, Oct 1–8 off and Sun 27 Sep / Sat 10 Oct worked (调休): ends 24:00 on 29 Oct.
    expect(task?.dueAt?.toISOString()).toBe('2026-10-29T16:00:00.000Z')
    await cases.send(id, { type: 'REQUEST_MATERIAL', items: ['lease'] }, { actor: { id: 'r1', roles: ['reviewer'] } })
    expect((await engine.system.get(id)).state).toBe('awaitingMaterial')
    await cases.send(
      id,
      { type: 'SUPPLEMENT', documents: ['lease.pdf'] },
      { actor: { id: 'a1', roles: ['applicant'] } },
    )
    expect((await engine.system.get(id)).state).toBe('review')
    await engine.advance('40d')
    expect((await engine.system.get(id)).state).toBe('supervised')
    const refused = await engine.safeSend(
      id,
      { type: 'DECIDE', approved: true },
      { actor: { id: 'r1', roles: ['clerk'] } },
    )
    expect(refused.ok).toBe(false)
    const done = await cases.send(id, { type: 'DECIDE', approved: false }, { actor: { id: 'd1', roles: ['director'] } })
    expect([done.state, done.status]).toEqual(['refused', 'completed'])
    await engine.close()
  })

  it('the gateway picks the guarded branch when the reviewer approves', async () => {
    const licence = await licenceProcess()
    const engine = createTestEngine({ processes: [licence] })
    const cases = engine.process(licence)
    const { id } = await cases.start(undefined, { actor: { id: 'c1', roles: ['clerk'] } })
    await cases.send(id, { type: 'ACCEPT' }, { actor: { id: 'c1', roles: ['clerk'] } })
    const done = await cases.send(id, { type: 'DECIDE', approved: true }, { actor: { id: 'r1', roles: ['reviewer'] } })
    expect(done.state).toBe('granted')
    await engine.close()
  })

  it('round-trips: import → export → import gives the same machine', async () => {
    const first = await licenceProcess()
    const { xml, counts } = await exportBpmn(first)
    expect(counts).toEqual({ states: 7, shapes: 9, flows: 10 })
    const second = await licenceProcess(xml)
    expect(shape(second.machine.root as never)).toEqual(shape(first.machine.root as never))
    expect(second.version).toBe(first.version)
    // And once more: the exported drawing is stable.
    const again = await exportBpmn(second)
    expect(again.xml).toBe(xml)
  })

  it('refuses the drawing when the guard its gateway names is not supplied', async () => {
    const error = await fromBpmn(licenceXml, { events, actions, guards: {} }).catch((e: unknown) => e)
    expect(error).toMatchObject({
      code: 'UNSUPPORTED_BPMN',
      details: { unsupported: [{ id: 'Flow_granted', type: 'bpmn:SequenceFlow' }] },
    })
    void guards
  })
})
