import { describe, expect, it } from 'vitest'
import { defineProcess, isFengqiaoError, rule, startProcess, type EventsOf } from '@fengqiao/core'
import { setup } from 'xstate'
import { z } from 'zod'
import { exportBpmn, parseIsoDuration, toBpmn, toIsoDuration } from '../src/index.js'
import { createModdle } from '../src/moddle.js'
import { shippedProcesses } from '../scripts/shipped.js'

async function read(xml: string) {
  return createModdle().fromXML(xml)
}

describe('toBpmn: every shipped process', () => {
  for (const def of shippedProcesses()) {
    it(`${def.id} exports to BPMN that bpmn-moddle reads back with no warnings, every state drawn and laid out`, async () => {
      const { xml, counts } = await exportBpmn(def)
      const { warnings, elementsById } = await read(xml)
      expect(warnings).toEqual([])
      const all = Object.values(elementsById)
      // One flow node per state of the machine (fq:state), and DI for every flow node and flow.
      const stateIds = [...def.states.keys()].filter((id) => def.states.get(id)?.parent !== null)
      const drawnStates = all.filter(
        (e) => e.$attrs?.['fq:state'] !== undefined || (e.get('fq:state') as string | undefined) !== undefined,
      )
      expect(new Set(drawnStates.map((e) => e.get('fq:state') as string))).toEqual(
        new Set([...stateIds, ...(drawnStates.length > stateIds.length ? [def.machine.root.id] : [])]),
      )
      expect(counts.states).toBe(stateIds.length)
      const shapes = all.filter((e) => e.$type === 'bpmndi:BPMNShape')
      const edges = all.filter((e) => e.$type === 'bpmndi:BPMNEdge')
      expect(shapes).toHaveLength(counts.shapes)
      expect(edges).toHaveLength(counts.flows)
      for (const e of edges) expect((e.get('waypoint') as unknown[]).length).toBeGreaterThanOrEqual(2)
      // The event catalogue names every event with its roles.
      expect(xml).toContain(`fq:version="${def.version}"`)
      for (const type of Object.keys(def.events)) expect(xml).toContain(`type="${type}"`)
    })
  }

  it('maps deadlines to timer boundary events with ISO durations and the clock named', async () => {
    const grid = shippedProcesses().find((d) => d.id === 'grid-event')
    const xml = await toBpmn(grid as never)
    expect(xml).toMatch(
      /<bpmn:timerEventDefinition[^>]*fq:clock="workingDays"[^>]*>\s*<bpmn:timeDuration[^>]*>P1D<\/bpmn:timeDuration>/,
    )
    expect(xml).toMatch(/fq:clock="hours"[^>]*>\s*<bpmn:timeDuration[^>]*>PT1H</)
    expect(xml).toContain('camunda:candidateGroups="operator"')
    expect(xml).toContain('name="1 working day"')
    const zh = await toBpmn(grid as never, { lang: 'zh-CN' })
    expect(zh).toContain('name="受理 (ACCEPT)"')
    expect(zh).toContain('name="1个工作日"')
    const bad = await toBpmn(grid as never, { lang: 'fr' as never }).catch((e: unknown) => e)
    expect(isFengqiaoError(bad, 'INVALID_OPTIONS')).toBe(true)
  })

  it('names a limit of less than an hour in minutes (the grid package’s 10-minute whistle)', async () => {
    const grid = shippedProcesses().find((d) => d.id === 'grid-event')
    const xml = await toBpmn(grid as never)
    expect(xml).toContain('name="10 minutes"')
    expect(xml).toMatch(/fq:deadline="route"[^>]*>\s*<bpmn:timeDuration[^>]*>PT10M</)
    expect(xml).not.toMatch(/name="0\.1666/)
    expect(await toBpmn(grid as never, { lang: 'zh-CN' })).toContain('name="10分钟"')
  })

  it('maps compound states to subprocesses, linked cases to call activities, guards to conditions', async () => {
    const events = {
      GO: { schema: z.object({ ok: z.boolean() }), roles: ['clerk'] },
      DONE: { schema: z.object({}), roles: ['system'] },
    }
    const machine = setup({
      types: { events: {} as EventsOf<typeof events> },
      guards: { ok: ({ event }) => event.type === 'GO' && event.ok },
    }).createMachine({
      id: 'm',
      initial: 'outer',
      states: {
        outer: {
          initial: 'a',
          states: {
            a: {
              meta: { task: { role: 'clerk' } },
              on: {
                GO: [
                  { guard: 'ok', target: 'b', actions: startProcess('child', { onDone: 'DONE' }) },
                  { target: '#m.out' },
                ],
              },
            },
            b: { on: { DONE: 'c' } },
            c: { type: 'final' },
          },
          onDone: 'out',
        },
        out: { type: 'final', meta: { outcome: 'resolved' } },
      },
    })
    const xml = await toBpmn(defineProcess({ id: 'm', version: 3, machine, events }))
    const { warnings, elementsById } = await read(xml)
    expect(warnings).toEqual([])
    const types = Object.values(elementsById).map((e) => e.$type)
    expect(types).toContain('bpmn:SubProcess')
    expect(types).toContain('bpmn:CallActivity')
    expect(types.filter((t) => t === 'bpmn:ExclusiveGateway')).toHaveLength(1)
    // a → out leaves the subprocess: an escalation end event inside, caught on the subprocess's border.
    expect(types).toContain('bpmn:BoundaryEvent')
    expect(xml).toContain('<bpmn:escalationEventDefinition')
    expect(xml).toMatch(/<bpmn:conditionExpression[^>]*>ok<\/bpmn:conditionExpression>/)
    expect(xml).toContain('calledElement="child"')
    expect(xml).toContain('fq:outcome="resolved"')
  })

  it("names a gateway branch after an inline rule() guard's rule", async () => {
    const events = { GO: { schema: z.object({ n: z.number() }), roles: ['clerk'] } }
    const inTime = rule<{ event: { type: string; n?: number } }>(
      'withinPeriod',
      'Art. 9',
      ({ event }) => (event.n ?? 0) < 3 || 'too late',
    )
    const machine = setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
      id: 'r',
      initial: 'a',
      states: {
        a: { on: { GO: [{ guard: inTime, target: 'b' }, { target: 'c' }] } },
        b: { type: 'final' },
        c: { type: 'final' },
      },
    })
    const xml = await toBpmn(defineProcess({ id: 'r', version: 1, machine, events }))
    expect(xml).toMatch(/<bpmn:conditionExpression[^>]*>withinPeriod<\/bpmn:conditionExpression>/)
  })

  it('refuses what is not a process definition with a typed error', async () => {
    const e = await toBpmn({ id: 'x' } as never).catch((x: unknown) => x)
    expect(isFengqiaoError(e, 'INVALID_OPTIONS')).toBe(true)
  })

  it('writes and reads ISO 8601 durations', () => {
    expect(toIsoDuration(5 * 86_400_000)).toBe('P5D')
    expect(toIsoDuration(90 * 60_000)).toBe('PT1H30M')
    expect(toIsoDuration(0)).toBe('PT0S')
    expect(parseIsoDuration('P1W2D')).toBe(9 * 86_400_000)
    expect(parseIsoDuration('PT2H')).toBe(7_200_000)
    expect(parseIsoDuration('P1M')).toBeUndefined()
    expect(parseIsoDuration('P')).toBeUndefined()
  })
})
