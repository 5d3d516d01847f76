import { describe, expect, it } from 'vitest'
import { createTestEngine } from '@fengqiao/core/testing'
import { defineProcess, isFengqiaoError } from '@fengqiao/core'
import { z } from 'zod'
import { fromBpmn, toBpmn } from '../src/index.js'

const NS =
  'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:fq="urn:fengqiao:bpmn:1" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"'
const doc = (body: string, extra = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions ${NS} id="d" targetNamespace="t">${extra}<bpmn:process id="permit" isExecutable="true">${body}</bpmn:process></bpmn:definitions>`

const events = {
  SUBMIT: { schema: z.object({ text: z.string() }), roles: ['clerk'] },
  CANCEL: { schema: z.object({}), roles: ['applicant'], scope: 'any' },
  CHILD_DONE: { schema: z.object({ outcome: z.string().nullable().optional() }), roles: ['system'], system: true },
} as const

const nested = doc(
  `<bpmn:startEvent id="s"/>
   <bpmn:subProcess id="work">
     <bpmn:startEvent id="s2"/>
     <bpmn:userTask id="draft" camunda:candidateGroups="clerk, senior"/>
     <bpmn:callActivity id="check" calledElement="inspection" fq:onDone="CHILD_DONE"/>
     <bpmn:endEvent id="checked"/>
     <bpmn:sequenceFlow id="f1" sourceRef="s2" targetRef="draft"/>
     <bpmn:sequenceFlow id="f2" name="SUBMIT" sourceRef="draft" targetRef="check"/>
     <bpmn:sequenceFlow id="f3" sourceRef="check" targetRef="checked"/>
   </bpmn:subProcess>
   <bpmn:boundaryEvent id="cancel" attachedToRef="work"><bpmn:messageEventDefinition messageRef="m"/></bpmn:boundaryEvent>
   <bpmn:intermediateCatchEvent id="cooling"><bpmn:timerEventDefinition><bpmn:timeDuration>PT2H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
   <bpmn:endEvent id="done" fq:outcome="resolved"/>
   <bpmn:endEvent id="cancelled" fq:outcome="void"/>
   <bpmn:sequenceFlow id="g0" sourceRef="s" targetRef="work"/>
   <bpmn:sequenceFlow id="g1" sourceRef="work" targetRef="cooling"/>
   <bpmn:sequenceFlow id="g2" sourceRef="cooling" targetRef="done"/>
   <bpmn:sequenceFlow id="g3" sourceRef="cancel" targetRef="cancelled"/>`,
  '<bpmn:message id="m" name="CANCEL"/>',
)

describe('fromBpmn: the subset', () => {
  it('compiles subprocesses, candidate groups, call activities, message boundary events and timers into a machine the engine runs', async () => {
    const config = await fromBpmn(nested, { events })
    const permit = defineProcess(config)
    expect(permit.states.get('permit.work.draft')?.task?.role).toBe('clerk')
    const child = defineProcess({
      ...(await fromBpmn(
        doc('<bpmn:startEvent id="s"/><bpmn:endEvent id="e"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="e"/>'),
        { events: {} as const },
      )),
      id: 'inspection',
    })
    const engine = createTestEngine({ processes: [permit, child] })
    const cases = engine.process(permit)
    const { id } = await cases.start(undefined, { actor: { id: 'c', roles: ['clerk'] } })
    expect((await engine.system.get(id)).stateKey).toBe('work.draft')
    await cases.send(id, { type: 'SUBMIT', text: 'x' }, { actor: { id: 'c', roles: ['clerk'] } })
    // The linked inspection case starts and ends at once; its result event reaches the parent
    // through the outbox and completes the subprocess.
    expect((await engine.system.get(id)).stateKey).toBe('work.check')
    await engine.runOutbox()
    expect((await engine.system.get(id)).stateKey).toBe('cooling')
    await engine.advance('3h')
    expect((await engine.system.get(id)).stateKey).toBe('done')
    await engine.close()
  })

  it('a message boundary event on a subprocess interrupts it', async () => {
    const permit = defineProcess(await fromBpmn(nested, { events }))
    const engine = createTestEngine({ processes: [permit] })
    const cases = engine.process(permit)
    const { id } = await cases.start(undefined, { actor: { id: 'c', roles: ['clerk'] } })
    const done = await cases.send(id, { type: 'CANCEL' }, { actor: { id: 'a', roles: ['applicant'] } })
    expect([done.state, done.status]).toEqual(['cancelled', 'completed'])
    await engine.close()
  })

  it('refuses everything outside the subset at once, listing each element by id and type with what to use instead', async () => {
    const xml = doc(
      `<bpmn:startEvent id="s"/>
       <bpmn:serviceTask id="callApi"/>
       <bpmn:parallelGateway id="fork"/>
       <bpmn:task id="plain"/>
       <bpmn:userTask id="nobody"/>
       <bpmn:intermediateThrowEvent id="shout"/>
       <bpmn:endEvent id="e"><bpmn:terminateEventDefinition/></bpmn:endEvent>
       <bpmn:sequenceFlow id="f0" sourceRef="s" targetRef="callApi"/>
       <bpmn:sequenceFlow id="f1" name="NOPE" sourceRef="nobody" targetRef="e"/>`,
    )
    const error = await fromBpmn(xml, { events }).catch((e: unknown) => e)
    expect(isFengqiaoError(error, 'UNSUPPORTED_BPMN')).toBe(true)
    const list = (error as { details: { unsupported: Array<{ id: string; type: string; use: string }> } }).details
      .unsupported
    expect(list.map((u) => `${u.id}:${u.type}`).sort()).toEqual(
      [
        'callApi:bpmn:ServiceTask',
        'e:bpmn:EndEvent',
        'f1:bpmn:SequenceFlow',
        'fork:bpmn:ParallelGateway',
        'nobody:bpmn:UserTask',
        'plain:bpmn:Task',
        'shout:bpmn:IntermediateThrowEvent',
      ].sort(),
    )
    expect(list.find((u) => u.id === 'callApi')?.use).toMatch(/fq:actions/)
    expect((error as Error).message).toContain('callApi (bpmn:ServiceTask)')
  })

  it('refuses timers it cannot count and unknown messages', async () => {
    const xml = doc(
      `<bpmn:startEvent id="s"/>
       <bpmn:intermediateCatchEvent id="t"><bpmn:timerEventDefinition><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
       <bpmn:intermediateCatchEvent id="m1"><bpmn:messageEventDefinition messageRef="mx"/></bpmn:intermediateCatchEvent>
       <bpmn:endEvent id="e"/>
       <bpmn:sequenceFlow id="a" sourceRef="s" targetRef="t"/><bpmn:sequenceFlow id="b" sourceRef="t" targetRef="m1"/><bpmn:sequenceFlow id="c" sourceRef="m1" targetRef="e"/>`,
      '<bpmn:message id="mx" name="PING"/>',
    )
    const error = await fromBpmn(xml, { events }).catch((e: unknown) => e)
    expect(
      (error as { details: { unsupported: Array<{ id: string }> } }).details.unsupported.map((u) => u.id).sort(),
    ).toEqual(['m1', 't'])
  })

  it('refuses XML that is not BPMN, and XML with dangling references, with typed errors', async () => {
    expect(isFengqiaoError(await fromBpmn('<not-bpmn', { events }).catch((e: unknown) => e), 'UNSUPPORTED_BPMN')).toBe(
      true,
    )
    const dangling = doc('<bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="missing"/>')
    const error = await fromBpmn(dangling, { events }).catch((e: unknown) => e)
    expect(isFengqiaoError(error, 'UNSUPPORTED_BPMN')).toBe(true)
    expect((error as { details: { warnings: string[] } }).details.warnings.join(' ')).toMatch(/missing/)
    expect(
      isFengqiaoError(await fromBpmn(nested, undefined as never).catch((e: unknown) => e), 'UNSUPPORTED_BPMN'),
    ).toBe(true)
  })

  it('round-trips a nested drawing: import → export → import gives the same states and transitions', async () => {
    const first = defineProcess(await fromBpmn(nested, { events }))
    const second = defineProcess(await fromBpmn(await toBpmn(first), { events }))
    const flat = (d: typeof first) =>
      [...d.states.values()].map((s) => [s.id, s.task?.role, s.outcome, s.deadline?.amount])
    expect(flat(second)).toEqual(flat(first))
    const on = (d: typeof first) => JSON.stringify((d.machine.root as unknown as { definition: unknown }).definition)
    expect(on(second)).toBe(on(first))
  })
})
