/**
 * `@fengqiao/core/store` — the storage port, for adapter authors.
 *
 * @module
 */
export type {
  Actor,
  ChainHead,
  ChangeSet,
  DeadlineState,
  HistoryEntry,
  HistoryKind,
  HistoryRange,
  IdempotencyRecord,
  IncidentClose,
  IncidentFilter,
  IncidentKind,
  IncidentRow,
  IncidentStatus,
  InstanceFilter,
  InstanceStatus,
  InstanceWrite,
  Json,
  OpenTaskRef,
  OutboxMessage,
  Page,
  PageRequest,
  PendingTimer,
  ReportCounts,
  ReportFilter,
  ReportWindow,
  Store,
  StoredInstance,
  TaskFilter,
  TaskRow,
  TimerRow,
} from './types.js'
export { INSTANCE_STATUSES } from './types.js'
export { memoryStore } from './memory-store.js'
export {
  caseColourOf,
  checkInstanceFilter,
  colourOf,
  emptyReportCounts,
  isOpen,
  matchesInstanceFilter,
  matchesState,
  OPEN_STATUSES,
} from './instance-filter.js'
export type { Colour } from './instance-filter.js'
export type { MemoryStore, MemoryTables } from './memory-store.js'
export { encodeCursor, decodeCursor, checkLimit, checkTime, NO_DUE_SORT, INCIDENT_HOLD } from './page.js'
export { FengqiaoError, isFengqiaoError } from '../errors.js'
export type { FengqiaoErrorCode } from '../errors.js'
