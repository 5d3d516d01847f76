/**
 * `@fengqiao/core` — run government case procedures as typed, durable XState v5 machines.
 *
 * A quick tour:
 * - {@link defineProcess} pairs an XState machine with zod schemas and event policies (roles,
 *   org-unit scope) and checks it once.
 * - {@link createEngine} runs processes on a {@link Store} (in memory by default): every command
 *   is validated, authorized, stepped purely with XState's `transition` and committed atomically
 *   with its history entry, timers, tasks and outbox messages.
 * - `after` delays become durable timers; `engine.runDueTimers()` or `engine.startWorker()` fires
 *   them exactly once in effect, across restarts and nodes.
 * - {@link update} changes context through an immer draft.
 * - Errors are {@link FengqiaoError}s with string codes; see `docs/errors.md`.
 *
 * Tests use `@fengqiao/core/testing` (`createTestEngine`, `manualClock`; no test runner needed) and
 * store authors `@fengqiao/core/testing/conformance` (the Store conformance suite); storage
 * adapters implement the port in `@fengqiao/core/store`.
 *
 * @module
 */
export { createEngine, SYSTEM_ACTOR } from './engine/create-engine.js'
export type {
  Actor,
  AnyEvent,
  BatchOptions,
  PruneOptions,
  Command,
  CommandInterceptor,
  CommandOptions,
  EffectHandler,
  EffectMessage,
  Engine,
  CalendarGap,
  EngineEvents,
  EngineLogger,
  EngineOptions,
  FengqiaoPlugin,
  CaseColour,
  DeadlineStatus,
  DeadlineView,
  InstanceListItem,
  IncidentOptions,
  IncidentPolicy,
  IncidentQuery,
  IncidentView,
  InstanceQuery,
  InstanceReportFilter,
  InstanceSummary,
  InstanceView,
  MigrateOptions,
  AdminOptions,
  AssignOptions,
  CancelOptions,
  DelegateOptions,
  ModifyOptions,
  TaskCommandOptions,
  OrgUnit,
  ProcessClient,
  SafeResult,
  SendOptions,
  ReplayResult,
  StartOptions,
  TaskColour,
  TaskQuery,
  TaskView,
  TimerView,
  VerifyResult,
  Worker,
  WorkerOptions,
  ReadOptions,
  ReplayOptions,
  SystemReads,
} from './engine/types.js'
export { stateKeyOf } from './engine/step.js'
export type { TaskMeta } from './engine/step.js'
export { formatRate } from './engine/report.js'
export { REPORT_DEFINITIONS, reportDefinitionsTable } from './engine/report.js'
export type {
  CaseFigure,
  DrillDown,
  OrgUnitReport,
  Report,
  ReportDefinition,
  ReportFigures,
  ReportQuery,
} from './engine/report.js'
export type { DeadlineMeta, EscalateMeta } from './engine/deadlines.js'
export { extendDeadline, pauseDeadline, resumeDeadline, startProcess } from './process/actions.js'
export type { Extension, StartProcessOptions } from './process/actions.js'
export { defineProcess } from './process/define-process.js'
export type {
  AnyProcessDefinition,
  ContextOf,
  EventOf,
  EventPolicies,
  EventPolicy,
  EventsOf,
  FlatEvent,
  InputOf,
  Labels,
  ProcessConfig,
  ProcessDefinition,
  PartyBinding,
  ProcessStateMeta,
  ScopeRule,
  StartPolicy,
  ReadPolicy,
  SuspensionPolicy,
} from './process/define-process.js'
export { CANCELLED_EFFECT } from './engine/admin.js'
export { definePlugin } from './process/define-plugin.js'
export { isRuleGuard, rule } from './process/rule.js'
export type { Refusal, RuleCheck, RuleGuard } from './process/rule.js'
export { toMermaid } from './process/diagram.js'
export type { DiagramOptions } from './process/diagram.js'
export { update } from './process/update.js'
export type { UpdateArgs } from './process/update.js'
export { FengqiaoError, httpStatusFor, isFengqiaoError } from './errors.js'
export type { FengqiaoErrorCode } from './errors.js'
// Business calendar and civil-date arithmetic (docs/time-and-deadlines.md).
export type {
  AddDaysOptions,
  BusinessCalendar,
  BusinessCalendarOptions,
  CalendarCoverage,
  DateInput,
  DayInfo,
  DayReason,
  DaySpec,
  DeadlineOptions,
  NamedDay,
  NextWorkingDayOptions,
  OutOfRangePolicy,
  Period,
} from './calendar/business-calendar.js'
export { createBusinessCalendar } from './calendar/business-calendar.js'
export type { ChineseCalendarOptions, OfficialDay } from './calendar/chinese-calendar.js'
export { chineseCalendar, officialChineseDays } from './calendar/chinese-calendar.js'
export type { HolidaySchedule, HolidayScheduleFestival } from './calendar/holiday-schedule.js'
export { HOLIDAY_SCHEDULE_YEARS, parseHolidaySchedule } from './calendar/holiday-schedule.js'
// Reads a file (Node): kept out of the calendar's own modules, which run anywhere.
export { readHolidaySchedule } from './calendar/holiday-schedule-file.js'
export type { CivilDate, CivilDateFields, IsoWeekday } from './calendar/plain-date.js'
export {
  civilDate,
  compareCivilDates,
  daysBetween,
  daysInMonth,
  fromEpochDay,
  isCivilDate,
  isoWeekday,
  parseCivilDate,
  plusDays,
  toEpochDay,
} from './calendar/plain-date.js'
export type { Instant, InstantAtOptions, TimeOfDay } from './calendar/time-zone.js'
export {
  DEFAULT_TIME_ZONE,
  assertTimeZone,
  civilDateAt,
  endOfDay,
  instantAt,
  startOfDay,
  timeZoneOffset,
  toEpochMs,
} from './calendar/time-zone.js'
export { manualClock, parseDuration, systemClock } from './clock.js'
export type { Clock, ManualClock } from './clock.js'
export { colourOf, memoryStore } from './store/memory-store.js'
export type { MemoryStore } from './store/memory-store.js'
export type {
  ChainHead,
  DeadlineState,
  HistoryEntry,
  HistoryKind,
  InstanceStatus,
  Json,
  Page,
  Store,
} from './store/types.js'
// Integrity of the record: keyed chains, checkpoints, witnesses (docs/security.md).
export {
  checkpointPayload,
  ed25519Signer,
  fileWitness,
  hmacSha256Chain,
  hmacSm3Chain,
  memoryWitness,
  rowDigest,
  sha256Chain,
} from './integrity/index.js'
export type {
  CaseProblem,
  CaseProblemReason,
  ChainKey,
  Checkpoint,
  CheckpointOptions,
  CheckpointSigner,
  DigestedFields,
  HistoryChain,
  IntegrityOptions,
  KeyedChainOptions,
  MemoryWitness,
  PemOrKey,
  VerifyAllOptions,
  VerifyAllResult,
  VerifyReason,
  Witness,
} from './integrity/index.js'
export { SUPPORTED_VERSIONS, assertSupportedRuntime } from './runtime.js'
export type { InstalledVersions } from './runtime.js'
export { DEFAULT_INPUT_LIMITS, type InputLimits } from './engine/input-limits.js'
export { DEFAULT_COMMIT_RESOLUTION_MS, type CommitResolutionOptions } from './engine/ambiguous-commit.js'
// The house style of procedure packages (docs/decisions/0005-procedure-style.md).
export { defineParameters, formatIssues } from './process/parameters.js'
export type {
  DefineParametersOptions,
  ParameterEntry,
  ParameterOverrides,
  ParameterRow,
  ParameterSet,
  ParameterSpec,
  ParameterSpecs,
  ParameterValues,
  VerificationStatus,
} from './process/parameters.js'
export { defineLabels, labelGaps, statePaths } from './process/labels.js'
export type { LabelGaps, LabelTable, LabelTableInput } from './process/labels.js'
export { systemEvent, SYSTEM_ROLE } from './process/system-event.js'
export { matches, stateIn } from './process/state.js'
export type { HasState } from './process/state.js'
export { defineProcedurePlugin } from './process/procedure-plugin.js'
export type { ProcedurePlugin, ProcedurePluginConfig } from './process/procedure-plugin.js'
export type { EngineAction } from './process/actions.js'
export type { EffectWithNeeds } from './engine/types.js'
export type {
  ErasedValue,
  EraseOptions,
  PersonalFields,
  PrivacyCipher,
  PrivacyOptions,
  PurgeOptions,
  RedactedValue,
  RekeyOptions,
  SealedValue,
} from './privacy/types.js'
