/**
 * `@fengqiao/mediation` — dispute mediation as Fengqiao process plugins:
 *
 * - people's mediation (人民调解法, process `'mediation'`) with five-heart mediation (五心调解)
 *   inside it, three-colour grading and the escalation ladder beside it, and judicial confirmation
 *   (RT Art. 33, SJ11) as a sub-flow of the agreement;
 * - police mediation (ZA Art. 9, `'policeMediation'`) and court mediation (MS Arts. 96–102,
 *   125–126, `'courtMediation'`), linked with people's mediation in both directions (三调联动);
 * - the resolution rate (化解率) per org unit and period.
 *
 * Start with {@link mediationPlugin}; the rules are in `docs/processes/mediation.md`.
 *
 * @module
 */
export { COURT_MEDIATION, PEOPLES_MEDIATION, POLICE_MEDIATION } from './ids.js'
export {
  colours,
  defaultMediationParameters,
  fiveHeartCoreSteps,
  fiveHeartSteps,
  resolveParameters,
  type Colour,
  type FiveHeartStep,
  type MediationParameterOverrides,
  type MediationParameters,
} from './parameters.js'
export {
  agreementContentsSchema,
  attemptKinds,
  attemptSchema,
  courtInputSchema,
  linkedOutcomeSchema,
  origins,
  partiesSchema,
  partySchema,
  peoplesInputSchema,
  policeInputSchema,
  readLinkedOutput,
  routes,
  routesAfterFailure,
  venues,
  type AgreementContents,
  type Attempt,
  type AttemptKind,
  type CourtMediationInput,
  type MediationOutput,
  type Party,
  type PeoplesMediationInput,
  type PoliceMediationInput,
  type Route,
} from './schemas.js'
export {
  agreementRefusal,
  committeeRefusal,
  confirmationApplicationRefusal,
  confirmationRefusal,
  coversAllParties,
  heartStepRefusal,
  higherLevel,
  isParty,
  lowerColour,
  lowerColourRefusal,
  missingHeartSteps,
  nextColour,
  policeMediationRefusal,
  type AgreementForm,
  type CommitteeComposition,
  type HeartStepRecord,
} from './rules.js'
export { roleLabels, roles, type Role } from './roles.js'
export {
  courtEventLabels,
  courtStateLabels,
  peoplesEventLabels,
  peoplesStateLabels,
  policeEventLabels,
  policeStateLabels,
} from './labels.js'
export {
  peoplesEvents,
  peoplesMediationProcess,
  peoplesStage,
  type Agreement,
  type Confirmation,
  type GradeChange,
  type GradeReason,
  type GradeState,
  type Mediator,
  type PeoplesContext,
  type PeoplesEvent,
  type PeoplesMediationProcess,
  type PeoplesOutput,
} from './peoples.js'
export {
  policeEvents,
  policeMediationProcess,
  type PoliceContext,
  type PoliceEvent,
  type PoliceMediationProcess,
} from './police.js'
export {
  courtEvents,
  courtMediationProcess,
  type CourtContext,
  type CourtEvent,
  type CourtMediationProcess,
} from './court.js'
export {
  bindPartyToActor,
  mediationEffects,
  mediationPlugin,
  type MediationEffect,
  type MediationPlugin,
  type MediationPluginOptions,
} from './plugin.js'
export { resolutionRate, type ResolutionFigures, type ResolutionReport } from './report.js'
export { peoplesGuards } from './peoples-guards.js'
export { peoplesSetup, type PeoplesSetup, type RegradeParams } from './peoples-setup.js'
export { initialPeoplesContext } from './peoples-context.js'
export { partiesOfDispute, type PeoplesInput } from './schemas.js'
export { mediationParameters } from './parameters.js'
export { mediationPersonal } from './personal.js'
