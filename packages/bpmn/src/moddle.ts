/**
 * The moddle instance both directions use: BPMN 2.0 plus the Fengqiao extension namespace and
 * Camunda's (for `candidateGroups`, which modelers show as the task's groups).
 *
 * @module
 */
import { createRequire } from 'node:module'
import BpmnModdle from 'bpmn-moddle'

// Read with require: JSON import attributes do not survive every bundler and loader this
// package is built for (ESM and CommonJS).
const camunda = createRequire(import.meta.url)('camunda-bpmn-moddle/resources/camunda.json') as Record<string, unknown>

/** The XML namespace of Fengqiao's extension attributes and elements. */
export const FENGQIAO_NS = 'urn:fengqiao:bpmn:1'

const attr = (name: string, type = 'String') => ({ name, isAttr: true, type })

/**
 * The `fq:` descriptor. Attributes extend standard elements (so modelers keep them on save); the
 * event catalogue is an extension element under the process.
 */
export const fengqiaoDescriptor = {
  name: 'Fengqiao',
  prefix: 'fq',
  uri: FENGQIAO_NS,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    { name: 'ProcessInfo', extends: ['bpmn:Process'], properties: [attr('version', 'Integer')] },
    {
      name: 'NodeInfo',
      extends: ['bpmn:FlowNode'],
      properties: [
        attr('state'),
        attr('role'),
        attr('orgUnit'),
        attr('outcome'),
        attr('target'),
        attr('onDone'),
        attr('escalateTo'),
      ],
    },
    { name: 'FlowInfo', extends: ['bpmn:SequenceFlow'], properties: [attr('event'), attr('target'), attr('actions')] },
    {
      name: 'TimerInfo',
      extends: ['bpmn:TimerEventDefinition'],
      properties: [attr('clock'), attr('deadline'), attr('event'), attr('kind'), attr('warnAt', 'Real'), attr('delay')],
    },
    { name: 'Events', superClass: ['Element'], properties: [{ name: 'events', type: 'Event', isMany: true }] },
    {
      name: 'Event',
      superClass: ['Element'],
      properties: [
        attr('type'),
        attr('roles'),
        attr('scope'),
        attr('system', 'Boolean'),
        { name: 'schema', isBody: true, type: 'String' },
      ],
    },
  ],
}

/** A fresh moddle that knows BPMN, `fq:` and `camunda:`. */
export function createModdle(): BpmnModdle {
  return new BpmnModdle({ fq: fengqiaoDescriptor, camunda })
}
