/**
 * `@fengqiao/bpmn` — BPMN 2.0 in and out.
 *
 * - {@link toBpmn} writes any process as BPMN 2.0 XML with diagram interchange, laid out, so it
 *   opens in bpmn.io, Camunda Modeler and any BPMN viewer.
 * - {@link fromBpmn} compiles a documented subset of BPMN 2.0, drawn in a modeler, into a process
 *   definition that `defineProcess` accepts.
 *
 * The mapping and the subset: `docs/bpmn.md`.
 *
 * @module
 */
export { exportBpmn, toBpmn } from './to-bpmn.js'
export type { BpmnCounts, BpmnExport, ToBpmnOptions } from './to-bpmn.js'
export { FENGQIAO_NS } from './moddle.js'
export { parseIsoDuration, toIsoDuration } from './duration.js'
export { fromBpmn } from './from-bpmn.js'
export type { BpmnGuard, FromBpmnOptions, UnsupportedElement } from './from-bpmn.js'
