/**
 * Migration: a running case moved to another registered version of its process, audited in its
 * history; timers and deadlines re-derived with their due times kept.
 *
 * @module
 * @internal
 */
import type { AnyMachineSnapshot, StateValue } from 'xstate'
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import type { DeadlineState, StoredInstance } from '../store/types.js'
import { authorizeAdmin, checkReason } from './authorize.js'
import { checkOptions } from './commands.js'
import { committed, ensureOpen, loadInstance, planContext, type EngineCore } from './core.js'
import { plan, type Plan } from './plan/index.js'
import { afterTimers, interpret, restore, type StepOutcome } from './step.js'
import type { InstanceSummary, MigrateOptions } from './types.js'

/**
 * Migrates a case, retrying lost races.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN without an admin role, NOT_FOUND,
 *   EVENT_NOT_ACCEPTED for a closed case,
 *   MIGRATION_REFUSED, PROCESS_NOT_REGISTERED
 */
export async function runMigrate(
  core: EngineCore,
  adminRoles: readonly string[],
  instanceId: string,
  options: MigrateOptions,
): Promise<InstanceSummary> {
  ensureOpen(core)
  if (
    typeof options !== 'object' ||
    options === null ||
    typeof options.stateMap !== 'object' ||
    options.stateMap === null
  ) {
    throw new FengqiaoError('INVALID_OPTIONS', 'migrate() needs { toVersion, stateMap, actor, reason }.')
  }
  checkOptions(options, 'migrate')
  authorizeAdmin(adminRoles, options.actor, 'migrate')
  checkReason(options.reason, 'migrate')
  for (let retries = 0; ; retries++) {
    const row = await loadInstance(core, instanceId)
    const planned = planMigration(core, row, options)
    try {
      await core.commit(planned.change)
    } catch (e) {
      core.cache.delete(instanceId)
      if (isFengqiaoError(e, 'VERSION_CONFLICT') && retries < core.maxRetries) continue
      throw e
    }
    committed(core, planned, options.actor)
    core.events.emit('admin', { operation: 'migrate', actor: options.actor, reason: options.reason, instanceId })
    return planned.summary
  }
}

/**
 * Plans a migration — or, with `op: 'modify'` and the case's own version, an administrator's
 * move of the case to another state of its version (`engine.modify`).
 *
 * @throws {FengqiaoError} EVENT_NOT_ACCEPTED for a case that is not running; MIGRATION_REFUSED
 */
export function planMigration(
  core: EngineCore,
  row: StoredInstance,
  options: MigrateOptions,
  op: 'migrate' | 'modify' = 'migrate',
): Plan {
  const instanceId = row.id
  if (row.status !== 'active') {
    throw new FengqiaoError(
      'EVENT_NOT_ACCEPTED',
      `Instance ${instanceId} is ${row.status}; only running instances are migrated.`,
      { instanceId, status: row.status },
    )
  }
  const fromDef = core.registry.definition(row.processId, row.processVersion)
  const toDef = core.registry.definition(row.processId, options.toVersion)
  const refuse = (why: string, cause?: unknown) =>
    new FengqiaoError(
      'MIGRATION_REFUSED',
      op === 'modify'
        ? `Instance ${instanceId} cannot be moved: ${why}`
        : `Instance ${instanceId} cannot move from version ${fromDef.version} to ${toDef.version}: ${why}`,
      { instanceId, state: row.stateKey, toVersion: toDef.version, operation: op },
      cause === undefined ? undefined : { cause },
    )
  if (!Object.hasOwn(options.stateMap, row.stateKey)) {
    throw refuse(
      `its state "${row.stateKey}" has no entry in stateMap (mapped: ${Object.keys(options.stateMap).join(', ') || 'none'}).`,
    )
  }
  const target = options.stateMap[row.stateKey] as StateValue
  const old = restore(fromDef.machine, row.snapshot)
  const oldContext: unknown = old.context
  const context = options.context === undefined ? oldContext : options.context(structuredClone(oldContext))
  let snapshot: AnyMachineSnapshot
  try {
    snapshot = toDef.machine.resolveState({ value: target, context: context }) as AnyMachineSnapshot
  } catch (e) {
    throw refuse(`the state ${JSON.stringify(target)} does not exist in version ${toDef.version}.`, e)
  }
  const now = core.clock.now()
  // `after` timers: the new states' delays, keeping the due time of an old timer with the same
  // delay (a migration: the same state under another version) or the same key (a move within
  // the version: a state the case stays in keeps its timers; a state entered starts afresh).
  const segment = (key: string) => (op === 'modify' ? key : key.split('.')[2])
  const oldAfter = row.timers.filter((t) => !t.key.startsWith('deadline:'))
  const schedule = afterTimers(toDef.machine, snapshot).map((t) => {
    const match = oldAfter.find((o) => segment(o.key) === segment(t.key))
    return match === undefined ? t : { ...t, delayMs: Math.max(0, match.dueAt - now) }
  })
  const outcome: StepOutcome = {
    ...interpret(toDef.machine, snapshot, []),
    schedule,
    cancel: oldAfter.map((t) => t.key),
  }
  return plan(planContext(core, now), toDef, row, outcome, {
    kind: 'migrated',
    event:
      op === 'modify'
        ? { type: 'fengqiao.modify', from: row.stateKey, to: outcome.stateKey }
        : {
            type: 'fengqiao.migrate',
            fromVersion: fromDef.version,
            toVersion: toDef.version,
            from: row.stateKey,
            to: outcome.stateKey,
          },
    actor: options.actor,
    fingerprint: '',
    expectedVersion: row.version,
    processVersion: toDef.version,
    // A move within the version keeps the deadlines of the states it stays in (by node) and
    // starts those of the states it enters, as a transition would.
    deadlines: op === 'modify' ? row.deadlines : carryDeadlines(toDef, row.deadlines, outcome.activeNodes),
    detail: { reason: options.reason },
  })
}

// Deadlines are kept by name (moved to the new state node); one unmatched old deadline carries
// over to one unmatched new one.
function carryDeadlines(
  toDef: AnyProcessDefinition,
  before: readonly DeadlineState[],
  activeNodes: readonly string[],
): DeadlineState[] {
  const specs = activeNodes.flatMap((n) => {
    const d = toDef.states.get(n)?.deadline
    return d === undefined ? [] : [d]
  })
  let deadlines: DeadlineState[] = before.map((d) => {
    const spec = specs.find((x) => x.name === d.name)
    return spec === undefined ? d : { ...d, stateNode: spec.stateNode }
  })
  const unmatchedOld = deadlines.filter((d) => !specs.some((x) => x.name === d.name))
  const unmatchedNew = specs.filter((x) => !deadlines.some((d) => d.name === x.name))
  if (unmatchedOld.length === 1 && unmatchedNew.length === 1) {
    const [o, n] = [unmatchedOld[0] as DeadlineState, unmatchedNew[0] as (typeof specs)[number]]
    deadlines = deadlines.map((d) => (d === o ? { ...d, name: n.name, stateNode: n.stateNode } : d))
  }
  return deadlines
}
