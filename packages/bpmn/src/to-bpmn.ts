/**
 * Export: a process definition as BPMN 2.0 XML with diagram interchange, built and serialized by
 * bpmn-moddle and laid out by ELK.
 *
 * @module
 */
import { FengqiaoError, type AnyProcessDefinition } from '@fengqiao/core'
import type { ModdleElement } from 'bpmn-moddle'
import { z } from 'zod'
import { buildGraph, type GraphNode, type GraphOptions, type ProcessGraph } from './graph.js'
import { layoutGraph } from './layout.js'
import { createModdle, FENGQIAO_NS } from './moddle.js'

/** Options of {@link toBpmn}. */
export interface ToBpmnOptions extends GraphOptions {
  /** Indent the XML. @defaultValue true */
  readonly format?: boolean
}

/** How many elements one export mapped, for reports and tests. */
export interface BpmnCounts {
  /** State nodes of the machine (the root not counted). */
  readonly states: number
  /** Flow nodes drawn: events, tasks, gateways, subprocesses, boundary events. */
  readonly shapes: number
  /** Sequence flows. */
  readonly flows: number
}

/** What {@link exportBpmn} returns. */
export interface BpmnExport {
  readonly xml: string
  readonly counts: BpmnCounts
}

const TYPES: Record<GraphNode['kind'], string> = {
  startEvent: 'bpmn:StartEvent',
  endEvent: 'bpmn:EndEvent',
  escalationEnd: 'bpmn:EndEvent',
  userTask: 'bpmn:UserTask',
  task: 'bpmn:Task',
  callActivity: 'bpmn:CallActivity',
  messageCatch: 'bpmn:IntermediateCatchEvent',
  timerCatch: 'bpmn:IntermediateCatchEvent',
  exclusiveGateway: 'bpmn:ExclusiveGateway',
  parallelGateway: 'bpmn:ParallelGateway',
  subProcess: 'bpmn:SubProcess',
  boundaryTimer: 'bpmn:BoundaryEvent',
  boundaryMessage: 'bpmn:BoundaryEvent',
  boundaryEscalation: 'bpmn:BoundaryEvent',
}

const ncName = (s: string): string => {
  const clean = s.replace(/[^A-Za-z0-9_.-]/g, '_')
  return /^[A-Za-z_]/.test(clean) ? clean : `_${clean}`
}

function schemaText(schema: z.ZodType): string {
  try {
    return JSON.stringify(z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' }))
  } catch {
    // Some schemas (custom refinements over unknown types) have no JSON Schema; the catalogue still names the event.
    return '{}'
  }
}

async function serialize(definition: AnyProcessDefinition, graph: ProcessGraph, format: boolean): Promise<string> {
  const moddle = createModdle()
  const layout = await layoutGraph(graph)
  const messages = new Map<string, ModdleElement>()
  const messageOf = (type: string): ModdleElement => {
    let m = messages.get(type)
    if (m === undefined) {
      m = moddle.create('bpmn:Message', { id: ncName(`Message_${type}`), name: type })
      messages.set(type, m)
    }
    return m
  }
  const escalations = new Map<string, ModdleElement>()
  const escalationOf = (code: string): ModdleElement => {
    let e = escalations.get(code)
    if (e === undefined) {
      e = moddle.create('bpmn:Escalation', {
        id: ncName(`Escalation_${escalations.size + 1}`),
        name: code,
        escalationCode: code,
      })
      escalations.set(code, e)
    }
    return e
  }
  const catalogue = moddle.create('fq:Events', {
    events: Object.entries(definition.events).map(([type, policy]) =>
      moddle.create('fq:Event', {
        type,
        roles: policy.roles.join(' '),
        ...(policy.scope === undefined ? {} : { scope: policy.scope }),
        ...(policy.system === true ? { system: true } : {}),
        schema: schemaText(policy.schema),
      }),
    ),
  })
  const process = moddle.create('bpmn:Process', {
    id: ncName(graph.processId),
    name: graph.name,
    isExecutable: true,
    'fq:version': graph.version,
    extensionElements: moddle.create('bpmn:ExtensionElements', { values: [catalogue] }),
    flowElements: [],
  })
  const elements = new Map<string, ModdleElement>()
  const containerOf = (scope: string | null): ModdleElement =>
    scope === null ? process : (elements.get(scope) as ModdleElement)
  const timerDef = (n: GraphNode): ModdleElement => {
    const t = n.timer
    const attrs: Record<string, unknown> = {}
    if (t?.duration !== undefined) attrs.timeDuration = moddle.create('bpmn:FormalExpression', { body: t.duration })
    if (t !== undefined) {
      attrs['fq:clock'] = t.clock
      if (t.deadline !== undefined) attrs['fq:deadline'] = t.deadline
      if (t.event !== undefined) attrs['fq:event'] = t.event
      if (t.kind !== undefined) attrs['fq:kind'] = t.kind
      if (t.warnAt !== undefined) attrs['fq:warnAt'] = t.warnAt
      if (t.delay !== undefined) attrs['fq:delay'] = t.delay
    }
    return moddle.create('bpmn:TimerEventDefinition', attrs)
  }
  // Containers first, so children find them whatever order the graph lists nodes in.
  const ordered = [...graph.nodes].sort((a, b) => Number(b.kind === 'subProcess') - Number(a.kind === 'subProcess'))
  for (const n of ordered) {
    const attrs: Record<string, unknown> = { id: n.id }
    if (n.name !== undefined && n.name !== '') attrs.name = n.name
    if (n.state !== undefined) attrs['fq:state'] = n.state
    if (n.outcome !== undefined) attrs['fq:outcome'] = n.outcome
    if (n.role !== undefined) {
      attrs['fq:role'] = n.role
      attrs['camunda:candidateGroups'] = n.role
    }
    if (n.orgUnit !== undefined) attrs['fq:orgUnit'] = n.orgUnit
    if (n.onDone !== undefined) attrs['fq:onDone'] = n.onDone
    if (n.calledElement !== undefined) attrs.calledElement = n.calledElement
    if (n.documentation !== undefined)
      attrs.documentation = [moddle.create('bpmn:Documentation', { text: n.documentation })]
    if (n.kind === 'subProcess') attrs.flowElements = []
    if (n.kind === 'messageCatch' || n.kind === 'boundaryMessage')
      attrs.eventDefinitions = [
        moddle.create('bpmn:MessageEventDefinition', { messageRef: messageOf(n.message as string) }),
      ]
    if (n.kind === 'timerCatch' || n.kind === 'boundaryTimer') attrs.eventDefinitions = [timerDef(n)]
    if (n.kind === 'escalationEnd' || n.kind === 'boundaryEscalation')
      attrs.eventDefinitions = [
        moddle.create('bpmn:EscalationEventDefinition', { escalationRef: escalationOf(n.escalation as string) }),
      ]
    if (n.interrupting !== undefined) attrs.cancelActivity = n.interrupting
    const el = moddle.create(TYPES[n.kind], attrs)
    elements.set(n.id, el)
  }
  for (const n of graph.nodes) {
    const el = elements.get(n.id) as ModdleElement
    if (n.attachedTo !== undefined) el.attachedToRef = elements.get(n.attachedTo)
    ;(containerOf(n.scope).flowElements as ModdleElement[]).push(el)
  }
  const flowEls = new Map<string, ModdleElement>()
  for (const f of graph.flows) {
    const source = elements.get(f.source) as ModdleElement
    const target = elements.get(f.target) as ModdleElement
    const attrs: Record<string, unknown> = { id: f.id, sourceRef: source, targetRef: target }
    if (f.name !== undefined) attrs.name = f.name
    if (f.event !== undefined) attrs['fq:event'] = f.event
    if (f.targetState !== undefined) attrs['fq:target'] = f.targetState
    if (f.actions !== undefined) attrs['fq:actions'] = f.actions.join(' ')
    if (f.guard !== undefined) attrs.conditionExpression = moddle.create('bpmn:FormalExpression', { body: f.guard })
    const el = moddle.create('bpmn:SequenceFlow', attrs)
    flowEls.set(f.id, el)
    ;(containerOf(f.scope).flowElements as ModdleElement[]).push(el)
    source.outgoing = [...((source.outgoing as ModdleElement[] | undefined) ?? []), el]
    target.incoming = [...((target.incoming as ModdleElement[] | undefined) ?? []), el]
    if (f.isDefault === true && (source.$type === 'bpmn:ExclusiveGateway' || source.$type === 'bpmn:ParallelGateway'))
      source.default = el
  }

  const planeElement: ModdleElement[] = []
  for (const n of graph.nodes) {
    const b = layout.shapes.get(n.id)
    if (b === undefined) continue
    planeElement.push(
      moddle.create('bpmndi:BPMNShape', {
        id: `${n.id}_di`,
        bpmnElement: elements.get(n.id),
        ...(n.kind === 'subProcess' ? { isExpanded: true } : {}),
        bounds: moddle.create('dc:Bounds', { ...b }),
      }),
    )
  }
  for (const f of graph.flows) {
    const points = layout.edges.get(f.id) ?? []
    planeElement.push(
      moddle.create('bpmndi:BPMNEdge', {
        id: `${f.id}_di`,
        bpmnElement: flowEls.get(f.id),
        waypoint: points.map((p) => moddle.create('dc:Point', p)),
      }),
    )
  }
  const diagram = moddle.create('bpmndi:BPMNDiagram', {
    id: `${ncName(graph.processId)}_diagram`,
    plane: moddle.create('bpmndi:BPMNPlane', {
      id: `${ncName(graph.processId)}_plane`,
      bpmnElement: process,
      planeElement,
    }),
  })
  const definitions = moddle.create('bpmn:Definitions', {
    id: `${ncName(graph.processId)}_definitions`,
    targetNamespace: FENGQIAO_NS,
    exporter: 'Fengqiao',
    exporterVersion: '1',
    rootElements: [...messages.values(), ...escalations.values(), process],
    diagrams: [diagram],
  })
  const { xml } = await moddle.toXML(definitions, { format })
  return xml
}

/**
 * Exports a process as BPMN 2.0 XML with diagram interchange, and says how many elements it
 * mapped.
 *
 * @param definition - a process from `defineProcess`
 * @param options - label language, formatting
 * @returns the XML and the element counts
 * @throws {FengqiaoError} INVALID_OPTIONS when `definition` is not a process definition
 */
export async function exportBpmn(definition: AnyProcessDefinition, options: ToBpmnOptions = {}): Promise<BpmnExport> {
  if ((definition as { kind?: unknown } | undefined)?.kind !== 'fengqiao.process') {
    throw new FengqiaoError('INVALID_OPTIONS', 'toBpmn takes a process definition made by defineProcess().', {})
  }
  if (options.lang !== undefined && options.lang !== 'en' && options.lang !== 'zh-CN') {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `toBpmn: lang must be 'en' or 'zh-CN'; got ${JSON.stringify(options.lang)}.`,
      { lang: options.lang },
    )
  }
  const graph = buildGraph(definition, options)
  try {
    const xml = await serialize(definition, graph, options.format ?? true)
    return { xml, counts: { states: graph.states, shapes: graph.nodes.length, flows: graph.flows.length } }
  } catch (e) {
    throw new FengqiaoError(
      'INVALID_DEFINITION',
      `Process "${definition.id}" could not be written as BPMN: ${(e as Error).message}`,
      { processId: definition.id },
      { cause: e },
    )
  }
}

/**
 * A process as BPMN 2.0 XML with diagram interchange (DI): it opens laid out in bpmn.io, Camunda
 * Modeler and any BPMN viewer. The mapping is documented in `docs/bpmn.md`.
 *
 * @param definition - a process from `defineProcess`
 * @param options - label language (`'en'` or `'zh-CN'`), formatting
 * @returns the XML text
 * @throws {FengqiaoError} INVALID_OPTIONS when `definition` is not a process definition
 * @example
 * ```ts
 * writeFileSync('petition.bpmn', await toBpmn(petitionProcess(), { lang: 'zh-CN' }))
 * ```
 */
export async function toBpmn(definition: AnyProcessDefinition, options: ToBpmnOptions = {}): Promise<string> {
  return (await exportBpmn(definition, options)).xml
}
