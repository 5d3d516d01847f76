/**
 * `@fengqiao/deliberation` — the four deliberations and two disclosures (四议两公开) as a Fengqiao
 * process plugin.
 *
 * - {@link deliberationPlugin} registers the process, its linked non-disclosure complaint
 *   process (CW Art. 31), and an interceptor refusing a matter sent to the wrong body.
 * - Every quorum and pass rule is an exact {@link Threshold} compared in integer arithmetic by
 *   {@link meets}; every statutory number is a named parameter ({@link defaultDeliberationParameters},
 *   {@link parameterInfo}).
 * - The rules are pure functions ({@link evaluateMeeting}, {@link checkQuorum}, {@link checkPassed},
 *   {@link checkNotice}, {@link checkComposition}, {@link requiredBody}, {@link checkBodyFor}) that the
 *   machine's guards call and callers can use to explain a refusal.
 *
 * @module
 */
export { describeThreshold, meets, minimumToMeet } from './thresholds.js'
export type { Fraction, Threshold } from './thresholds.js'
export {
  DeliberationParametersSchema,
  defaultDeliberationParameters,
  parameterInfo,
  parameterTable,
  resolveParameters,
} from './parameters.js'
export type { DeliberationParameters, ParameterInfo, ParameterRow, PassBase, SourceTag } from './parameters.js'
export {
  checkBodyFor,
  isMatterClass,
  isResolutionBody,
  matterClasses,
  matterInfo,
  meetingBodies,
  requiredBody,
  resolutionBodies,
} from './matters.js'
export type {
  BodyRequirement,
  MatterClass,
  MatterInfo,
  MatterKind,
  MeetingBody,
  ResolutionBody,
  RuleCheck,
} from './matters.js'
export {
  CivilDateSchema,
  MeetingRecordSchema,
  bodyRules,
  checkComposition,
  checkConvocationRequest,
  checkNotice,
  checkPassed,
  checkQuorum,
  evaluateMeeting,
} from './meetings.js'
export type {
  BodyRules,
  Initiative,
  MeetingEvaluation,
  MeetingOutcome,
  MeetingRecord,
  QuorumAlternative,
} from './meetings.js'
export { addYears, postingEndsAt, revocationWindow } from './periods.js'
export type { RevocationWindow } from './periods.js'
export {
  ComplaintInputSchema,
  ComplaintOutputSchema,
  DeliberationInputBaseSchema,
  DisclosureSchema,
  InitiativeSchema,
  complaintEvents,
  deliberationEvents,
  deliberationInputSchema,
  roles,
} from './schemas.js'
export type { DeliberationInput, DeliberationInputParsed, DeliberationRole } from './schemas.js'
export { COMPLAINT_PROCESS_ID, DELIBERATION_PROCESS_ID, checkStep, deliberationProcess } from './process.js'
export type {
  ComplaintRecord,
  DeliberationContext,
  DeliberationProcess,
  Disclosure,
  MeetingLogEntry,
  MeetingStep,
  ResultDisclosure,
  Revocation,
  StepCheck,
} from './process.js'
export { complaintProcess } from './complaint.js'
export type { ComplaintContext, ComplaintProcess } from './complaint.js'
export { deliberationPlugin, resolutionBodyInterceptor } from './plugin.js'
export type { DeliberationPluginOptions } from './plugin.js'
export {
  bodyLabels,
  complaintEventLabels,
  complaintStateLabels,
  eventLabels,
  matterLabels,
  outcomeLabels,
  roleLabels,
  stateLabels,
} from './labels.js'
export type { DeliberationStatePath } from './labels.js'
export { DELIBERATION_PROCESS_VERSION } from './process.js'
export { initialContext, resultOf } from './context.js'
export type { DeliberationEvent, MeetingResult } from './context.js'
export { deliberationGuards, deliberationSetup } from './setup.js'
export type { DeliberationSetup, MeetingParams } from './setup.js'
export { deliberationParameters } from './parameters.js'
