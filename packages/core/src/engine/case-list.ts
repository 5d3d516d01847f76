/**
 * Case lists (`engine.instances`): a caller's query checked and turned into the store's filter,
 * and a stored row turned into a list item. The filtering itself happens in the store, on indexes
 * (docs/operations.md, "Finding cases").
 *
 * @module
 * @internal
 */
import { FengqiaoError } from '../errors.js'
import { caseColourOf } from '../store/instance-filter.js'
import { INSTANCE_STATUSES, type InstanceFilter, type StoredInstance } from '../store/types.js'
import type { EngineCore } from './core.js'
import { summaryOf } from './plan/index.js'
import type { CaseColour, InstanceListItem, InstanceQuery } from './types.js'

// Every field of the query, typed as a record so that a field added to InstanceQuery must be
// added here too (and so get its check) before the engine compiles.
const QUERY_FIELDS = Object.keys({
  processId: true,
  processVersion: true,
  status: true,
  state: true,
  orgUnit: true,
  orgUnitSubtree: true,
  businessKey: true,
  parentId: true,
  colour: true,
  overdue: true,
  createdFrom: true,
  createdBefore: true,
  updatedFrom: true,
  updatedBefore: true,
  completedFrom: true,
  completedBefore: true,
  dueFrom: true,
  dueBefore: true,
  outcome: true,
  outcomeNot: true,
  breached: true,
  closedOnTime: true,
  escalated: true,
  escalatedFrom: true,
  escalatedBefore: true,
  limit: true,
  cursor: true,
} satisfies Record<keyof InstanceQuery, true>)

const COLOURS: readonly CaseColour[] = ['red', 'yellow', 'green']

function refuse(field: string, value: unknown, want: string): never {
  const shown = value instanceof Date ? value.toString() : typeof value === 'string' ? `"${value}"` : String(value)
  throw new FengqiaoError('INVALID_OPTIONS', `instances(): "${field}" must be ${want}; got ${shown}.`, {
    field,
    value: shown,
  })
}

const isText = (v: unknown): v is string => typeof v === 'string' && v !== ''

function textOrList(field: string, v: unknown): string | readonly string[] | undefined {
  if (v === undefined || isText(v)) return v
  if (Array.isArray(v) && v.every(isText)) return v
  return refuse(field, v, 'a non-empty string or an array of them')
}

function text(field: string, v: unknown): string | undefined {
  return v === undefined || isText(v) ? v : refuse(field, v, 'a non-empty string')
}

function flag(field: string, v: unknown): boolean | undefined {
  return v === undefined || typeof v === 'boolean' ? v : refuse(field, v, 'true or false')
}

function time(field: string, v: unknown): number | undefined {
  if (v === undefined) return undefined
  const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Number.NaN
  return Number.isFinite(ms) ? ms : refuse(field, v, 'a valid Date or epoch milliseconds')
}

function range(name: string, fromV: unknown, beforeV: unknown): { from?: number; before?: number } {
  const from = time(`${name}From`, fromV)
  const before = time(`${name}Before`, beforeV)
  if (from !== undefined && before !== undefined && from >= before) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `instances(): ${name}From must be before ${name}Before (the range is from inclusive, before exclusive); got ${new Date(from).toISOString()} and ${new Date(before).toISOString()}.`,
      { field: `${name}From`, from, before },
    )
  }
  return { ...(from === undefined ? {} : { from }), ...(before === undefined ? {} : { before }) }
}

/**
 * Checks a case-list query (a caller's, or a report figure's drill-down) and turns it into the
 * store's filter: org-unit subtrees become unit lists (from the engine's org tree), times epoch
 * milliseconds, colours and overdue judged at the engine's now.
 *
 * @param query - the caller's query without the actor
 * @throws {FengqiaoError} INVALID_OPTIONS naming the first bad field
 */
export function instanceFilterOf(core: EngineCore, query: InstanceQuery): InstanceFilter {
  if (typeof query !== 'object' || query === null) refuse('query', query, 'an object')
  for (const k of Object.keys(query)) {
    if (!QUERY_FIELDS.includes(k) && (query as Record<string, unknown>)[k] !== undefined)
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `instances(): unknown query field "${k}". Known fields: ${QUERY_FIELDS.join(', ')}.`,
        { field: k },
      )
  }
  const q = query as Record<keyof InstanceQuery, unknown>
  const now = core.clock.now()
  const processId = textOrList('processId', q.processId)
  const processVersion = q.processVersion
  if (processVersion !== undefined && !(Number.isInteger(processVersion) && (processVersion as number) >= 1))
    refuse('processVersion', processVersion, 'a whole number from 1')
  const status = q.status
  if (status !== undefined && !(INSTANCE_STATUSES as readonly unknown[]).includes(status))
    refuse('status', status, `one of ${INSTANCE_STATUSES.join(', ')}`)
  const state = text('state', q.state)
  if (state !== undefined && (state.includes('|') || state.startsWith('.') || state.endsWith('.')))
    refuse('state', state, "a state path such as 'handling' or 'handling.extended' (one region, no '|')")
  const units = textOrList('orgUnit', q.orgUnit)
  const subtreeOf = text('orgUnitSubtree', q.orgUnitSubtree)
  let orgUnit = units
  if (subtreeOf !== undefined) {
    const subtree = core.orgs.subtree(subtreeOf)
    const asked = units === undefined ? undefined : typeof units === 'string' ? [units] : units
    orgUnit = asked === undefined ? subtree : asked.filter((u) => subtree.includes(u))
  }
  const businessKey = text('businessKey', q.businessKey)
  const parentId = text('parentId', q.parentId)
  const colour = q.colour
  if (colour !== undefined && !COLOURS.includes(colour as CaseColour)) refuse('colour', colour, 'red, yellow or green')
  const overdue = flag('overdue', q.overdue)
  const created = range('created', q.createdFrom, q.createdBefore)
  const updated = range('updated', q.updatedFrom, q.updatedBefore)
  const completed = range('completed', q.completedFrom, q.completedBefore)
  const due = range('due', q.dueFrom, q.dueBefore)
  const escalatedIn = range('escalated', q.escalatedFrom, q.escalatedBefore)
  const outcome = textOrList('outcome', q.outcome)
  const outcomeNot = textOrList('outcomeNot', q.outcomeNot)
  const breached = flag('breached', q.breached)
  const closedOnTime = flag('closedOnTime', q.closedOnTime)
  const escalated = flag('escalated', q.escalated)
  return {
    ...(processId === undefined ? {} : { processId }),
    ...(processVersion === undefined ? {} : { processVersion: processVersion as number }),
    ...(status === undefined ? {} : { status: status as InstanceFilter['status'] & string }),
    ...(state === undefined ? {} : { state }),
    ...(orgUnit === undefined ? {} : { orgUnit }),
    ...(businessKey === undefined ? {} : { businessKey }),
    ...(parentId === undefined ? {} : { parentId }),
    ...(colour === undefined ? {} : { colour: { colour: colour as CaseColour, now } }),
    ...(overdue === undefined ? {} : { overdue: { overdue, now } }),
    ...(created.from === undefined ? {} : { createdFrom: created.from }),
    ...(created.before === undefined ? {} : { createdBefore: created.before }),
    ...(updated.from === undefined ? {} : { updatedFrom: updated.from }),
    ...(updated.before === undefined ? {} : { updatedBefore: updated.before }),
    ...(completed.from === undefined ? {} : { completedFrom: completed.from }),
    ...(completed.before === undefined ? {} : { completedBefore: completed.before }),
    ...(due.from === undefined ? {} : { dueFrom: due.from }),
    ...(due.before === undefined ? {} : { dueBefore: due.before }),
    ...(outcome === undefined ? {} : { outcome }),
    ...(outcomeNot === undefined ? {} : { outcomeNot }),
    ...(breached === undefined ? {} : { breached }),
    ...(closedOnTime === undefined ? {} : { closedOnTime }),
    ...(escalated === undefined ? {} : { escalated }),
    ...(escalatedIn.from === undefined ? {} : { escalatedFrom: escalatedIn.from }),
    ...(escalatedIn.before === undefined ? {} : { escalatedBefore: escalatedIn.before }),
  }
}

const dateOrNull = (ms: number | null): Date | null => (ms === null ? null : new Date(ms))

/**
 * A stored case as a list shows it, coloured at `now`.
 *
 * @param row - the stored case
 * @param now - the engine's now
 */
export function listItemOf(row: StoredInstance, now: number): InstanceListItem {
  return {
    ...summaryOf(row),
    orgUnit: row.orgUnit,
    businessKey: row.businessKey,
    parentId: row.parentId,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
    dueAt: dateOrNull(row.dueAt),
    warnAt: dateOrNull(row.warnAt),
    colour: caseColourOf(row, now),
    breached: row.breached,
    escalations: row.escalations,
    completedAt: dateOrNull(row.completedAt),
    outcome: row.outcome,
  }
}
