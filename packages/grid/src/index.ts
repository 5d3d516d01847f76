/**
 * `@fengqiao/grid` — grid management (网格化) as a Fengqiao process plugin: the grid event's
 * closed loop with whistle-and-report (吹哨报到), the escalation ladder and colour grading; the
 * digital urban-management case; and the hotline ticket handled on receipt (接诉即办), with the
 * rates each is judged by as pure functions over counts.
 *
 * The processes are explained, with their diagrams and parameter tables, in
 * `docs/processes/grid.md` and `docs/processes/hotline.md`.
 *
 * @module
 */
export * from './grid-context.js'
export * from './grid-event-process.js'
export { gridEventLabels, gridLabels, gridStateLabels, type GridStatePath } from './grid-labels.js'
export * from './grid-schemas.js'
export {
  gridGuards,
  nextColour,
  type Bulletin,
  type GridEvent,
  type GridSetup,
  type PoliceNotice,
} from './grid-setup.js'
export * from './hotline-process.js'
export {
  dispatchedUnit,
  EmergencyLine,
  HOTLINE_TICKET_PROCESS_ID,
  HotlineChannel,
  hotlineEventSchemas,
  hotlineGuards,
  hotlineLabels,
  hotlineStateLabels,
  hotlineTicketInputSchema,
  RequestKind,
  Satisfaction,
  type HotlineEvent,
  type HotlineStatePath,
  type HotlineTicketContext,
  type HotlineTicketInput,
  type HotlineTicketInputArg,
} from './hotline-setup.js'
export * from './hotline-report.js'
export * from './metrics.js'
export * from './parameters.js'
export { gridPersonal, hotlinePersonal, urbanPersonal } from './personal.js'
export * from './plugin.js'
export * from './roles.js'
export * from './urban-process.js'
