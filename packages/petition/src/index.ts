/**
 * `@fengqiao/petition` — petition handling (信访) under the 2022 Regulations on Petition Work
 * (信访工作条例), as a Fengqiao process plugin.
 *
 * A quick tour:
 * - {@link petitionPlugin} registers the petition process, its start rule and screening; pass it
 *   to `createEngine({ plugins })` and use `engine.process(plugin.process)` for a typed client.
 * - Every statutory period is a named parameter ({@link defaultPetitionParameters},
 *   {@link parameterSources}) that a deployment may override.
 * - The rules that decide between paths are pure functions ({@link isRepeatOfFinal},
 *   {@link checkUpwardDuplicate}, {@link sendsToAccused}, {@link isIdentified}); the engine-level
 *   {@link screenPetition} gathers the facts they need.
 * - {@link labels} names every state and event in Chinese and English.
 *
 * The procedure is explained, with its diagram and parameter table, in
 * `docs/processes/petition.md`.
 *
 * @module
 */
export { labels, eventLabels, stateLabels } from './labels.js'
export type { PetitionStatePath } from './labels.js'
export { defaultPetitionParameters, parameterSources, petitionParameters, resolveParameters } from './parameters.js'
export type { ParameterSource, PetitionParameterName, PetitionParameters } from './parameters.js'
export {
  defaultMediationInput,
  followUpInput,
  petitionProcess,
  PETITION_FOLLOWUP_PROCESS_ID,
  PETITION_PROCESS_ID,
  PETITION_PROCESS_VERSION,
} from './petition-process.js'
export type {
  BureauReport,
  CompetenceDispute,
  Objector,
  MediationHandoverArgs,
  OverdueStep,
  PetitionContext,
  PetitionerNotice,
  PetitionOutput,
  PetitionProcess,
  PetitionProcessOptions,
  PetitionRecord,
  ReviewDecision,
} from './petition-process.js'
export { petitionPlugin } from './plugin.js'
export type { PetitionPlugin, PetitionPluginOptions } from './plugin.js'
export { petitionRoles, roleLabels } from './roles.js'
export type { PetitionRole } from './roles.js'
export {
  BARRED_FINALITIES,
  checkUpwardDuplicate,
  checkVisitLevel,
  commonSuperior,
  isIdentified,
  isRepeatOfFinal,
  isUnderSupervision,
  matterKeyOf,
  sendsToAccused,
  stageOf,
} from './rules.js'
export type { RuleDecision, VisitLevelDecision } from './rules.js'
export {
  Accused,
  AdminLevel,
  Channel,
  DiversionChannel,
  Finality,
  HandlingStage,
  IsoDate,
  IsoDateTime,
  LowerLevelCase,
  OpinionOutcome,
  Petitioner,
  PetitionType,
  PriorFinal,
  ReceivedBy,
  ReviewResult,
  VisitLevels,
  petitionEventSchemas,
  petitionInputSchema,
} from './schemas.js'
export type { PetitionEventSchemas, PetitionInput, PetitionInputArg } from './schemas.js'
export { screenPetition } from './screening.js'
export type { ScreeningFacts, ScreeningQuery } from './screening.js'
export { followUpLabels, FollowUpInput, petitionFollowUpProcess } from './followup-process.js'
export type { FollowUpContext } from './followup-process.js'
export { petitionGuards } from './setup.js'
export type { PetitionEvent, PetitionEnvironment, PetitionSetup } from './setup.js'
export type { PetitionLinks } from './transitions.js'
export { petitionerOfCase } from './schemas.js'
export { followUpPersonal, petitionPersonal } from './personal.js'
