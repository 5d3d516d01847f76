/**
 * Operating cases: the administrator's commands — cancel, suspend, resume, modify — and the task
 * commands — claim, unclaim, assign, delegate. Each is one planned change set and one commit (a
 * cancel with its linked cases included), recorded as a history entry with the actor (and, for
 * the administrator's commands, the reason), and told to listeners. Decision 0015 gives the
 * model: the statuses, what suspension does to timers and deadlines, who may move a task.
 *
 * @module
 * @internal
 */
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import { PAUSE_DEADLINE, RESUME_DEADLINE } from '../process/actions.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import type { Actor, ChangeSet, Json, OpenTaskRef, StoredInstance } from '../store/types.js'
import { authorizeAdmin, checkReason } from './authorize.js'
import { catchUp, checkOptions, suspendedRefusal } from './commands.js'
import { committed, ensureOpen, loadInstance, planContext, type EngineCore } from './core.js'
import { planMigration } from './migrate.js'
import { isClosed, plan, summaryOf, type Plan, type PlanCommand } from './plan/index.js'
import { CANCELLED_EFFECT } from './plan/types.js'
import { interpret, restore, type StepOutcome } from './step.js'
import type {
  AdminOptions,
  AssignOptions,
  CancelOptions,
  DelegateOptions,
  InstanceSummary,
  ModifyOptions,
  TaskCommandOptions,
} from './types.js'

export { CANCELLED_EFFECT } from './plan/types.js'

// Checks the options of an administrator's command before the store is touched.
function checkAdmin(adminRoles: readonly string[], options: unknown, op: string): asserts options is AdminOptions {
  checkOptions(options, op)
  authorizeAdmin(adminRoles, options.actor, op)
  checkReason((options as { reason?: unknown }).reason, op)
}

// An administrator acts on the cases of their own org unit and the units below it (a case with
// no org unit is any administrator's).
function authorizeScope(core: EngineCore, actor: Actor, row: StoredInstance, op: string): void {
  if (!core.orgs.allows('subtree', actor.orgUnit, row.orgUnit)) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) may not ${op} case ${row.id} (org unit ${row.orgUnit ?? 'none'}): it is outside their unit and the units below it.`,
      { instanceId: row.id, rule: 'scope', operation: op, orgUnit: row.orgUnit, actorOrgUnit: actor.orgUnit ?? null },
    )
  }
}

function closedRefusal(row: StoredInstance, op: string): FengqiaoError {
  return new FengqiaoError(
    'EVENT_NOT_ACCEPTED',
    `Instance ${row.id} is ${row.status}; ${op}() applies only to a case that is still open.`,
    {
      instanceId: row.id,
      state: row.stateKey,
      status: row.status,
      type: `fengqiao.${op}`,
      reason: 'closed',
      accepted: [],
    },
  )
}

// The case's state as it stands, with no step: what an administrative command plans from.
function standing(def: AnyProcessDefinition, row: StoredInstance): StepOutcome {
  return interpret(def.machine, restore(def.machine, row.snapshot), [])
}

function adminCommand(
  row: StoredInstance,
  actor: Actor,
  event: Json,
  reason: string,
  extra: Partial<PlanCommand>,
): PlanCommand {
  return {
    kind: 'admin',
    event,
    actor,
    fingerprint: '',
    expectedVersion: row.version,
    detail: { reason },
    ...extra,
  }
}

// Commits the plans as one change set, retrying the whole decision when it lost a race.
async function commitPlans(core: EngineCore, instanceId: string, decide: () => Promise<Plan[]>): Promise<Plan[]> {
  for (let retries = 0; ; retries++) {
    const plans = await decide()
    if (plans.length === 0) return plans
    const change: ChangeSet = plans.length === 1 ? (plans[0] as Plan).change : merge(plans.map((p) => p.change))
    try {
      await core.commit(change)
    } catch (e) {
      for (const p of plans) for (const r of p.rows) core.cache.delete(r.id)
      core.cache.delete(instanceId)
      if (isFengqiaoError(e, 'VERSION_CONFLICT') && retries < core.maxRetries) continue
      throw e
    }
    return plans
  }
}

function merge(changes: readonly ChangeSet[]): ChangeSet {
  return {
    instances: changes.flatMap((c) => c.instances),
    history: changes.flatMap((c) => c.history),
    timers: {
      insert: changes.flatMap((c) => c.timers?.insert ?? []),
      delete: changes.flatMap((c) => c.timers?.delete ?? []),
    },
    tasks: {
      open: changes.flatMap((c) => c.tasks?.open ?? []),
      close: changes.flatMap((c) => c.tasks?.close ?? []),
    },
    outbox: changes.flatMap((c) => c.outbox ?? []),
  }
}

// Every linked case below a case, breadth first (children of cases not yet closed only).
async function linkedCases(core: EngineCore, parentId: string, deep: boolean): Promise<StoredInstance[]> {
  const out: StoredInstance[] = []
  const queue = [parentId]
  while (queue.length > 0) {
    const id = queue.shift() as string
    let cursor: string | undefined
    do {
      const page = await core.store.findInstances({ parentId: id }, { limit: 500, cursor })
      for (const r of page.items) {
        if (isClosed(r.status)) continue
        out.push(r)
        if (deep) queue.push(r.id)
      }
      cursor = page.nextCursor
    } while (cursor !== undefined)
  }
  return out
}

/**
 * Cancels a case: its timers deleted, its tasks closed, its deadlines stopped, its status
 * `cancelled`; its open linked cases cancelled with it (or detached), all in one commit; a
 * `fengqiao.cancelled` message for the plugins that handle it.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, EVENT_NOT_ACCEPTED for a closed case
 */
export async function runCancel(
  core: EngineCore,
  adminRoles: readonly string[],
  instanceId: string,
  options: CancelOptions,
): Promise<InstanceSummary> {
  ensureOpen(core)
  checkAdmin(adminRoles, options, 'cancel')
  const children = options.children ?? 'cancel'
  if (children !== 'cancel' && children !== 'detach') {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      `cancel() takes children: 'cancel' (the default: open linked cases are cancelled too) or 'detach' (they run on, no longer linked); got ${JSON.stringify(children)}.`,
      { children: String(children) },
    )
  }
  const { actor, reason } = options
  const plans = await commitPlans(core, instanceId, async () => {
    const row = await loadInstance(core, instanceId)
    authorizeScope(core, actor, row, 'cancel')
    if (isClosed(row.status)) throw closedRefusal(row, 'cancel')
    const below = await linkedCases(core, row.id, children === 'cancel')
    const ctx = planContext(core, core.clock.now())
    const cancelOne = (r: StoredInstance, cascade: boolean): Plan => {
      const def = core.registry.definition(r.processId, r.processVersion)
      const params: Json = { reason, actor: actor.id, ...(cascade ? { cancelledWith: row.id } : {}) }
      const outcome: StepOutcome = { ...standing(def, r), actions: [{ type: CANCELLED_EFFECT, params }] }
      const event: Json = cascade
        ? { type: 'fengqiao.cancel', children, cancelledWith: row.id }
        : { type: 'fengqiao.cancel', children }
      return plan(
        ctx,
        def,
        r,
        outcome,
        adminCommand(r, actor, event, reason, {
          status: 'cancelled',
          // Cancelled with its parent: the parent is closing too and waits for no result.
          notifyParent: !cascade,
        }),
      )
    }
    const detachOne = (r: StoredInstance): Plan => {
      const def = core.registry.definition(r.processId, r.processVersion)
      const event: Json = { type: 'fengqiao.detach', parentId: row.id }
      return plan(ctx, def, r, standing(def, r), adminCommand(r, actor, event, reason, { detach: true }))
    }
    return [cancelOne(row, false), ...below.map((r) => (children === 'cancel' ? cancelOne(r, true) : detachOne(r)))]
  })
  for (const p of plans) {
    committed(core, p, actor)
    if (p.row.status === 'cancelled') core.events.emit('cancelled', { instance: p.summary, actor, reason })
  }
  core.events.emit('admin', { operation: 'cancel', actor, reason, instanceId })
  return (plans[0] as Plan).summary
}

/**
 * Suspends a running case: it takes no event until resumed; its `after` timers wait on its row;
 * its deadlines run on, or pause where the process's `suspension` policy says so.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, EVENT_NOT_ACCEPTED for a case
 *   that is closed or already suspended
 */
export async function runSuspend(
  core: EngineCore,
  adminRoles: readonly string[],
  instanceId: string,
  options: AdminOptions,
): Promise<InstanceSummary> {
  ensureOpen(core)
  checkAdmin(adminRoles, options, 'suspend')
  const { actor, reason } = options
  const [planned] = await commitPlans(core, instanceId, async () => {
    const row = await loadInstance(core, instanceId)
    authorizeScope(core, actor, row, 'suspend')
    if (row.status === 'suspended') {
      throw new FengqiaoError('EVENT_NOT_ACCEPTED', `Instance ${row.id} is already suspended.`, {
        instanceId: row.id,
        state: row.stateKey,
        status: row.status,
        type: 'fengqiao.suspend',
        reason: 'suspended',
        accepted: [],
      })
    }
    if (isClosed(row.status)) throw closedRefusal(row, 'suspend')
    const def = core.registry.definition(row.processId, row.processVersion)
    const policy = def.suspension?.pausesDeadlines ?? false
    const pauses = row.deadlines.filter(
      (d) =>
        d.pausedAt === null && !d.expired && (policy === true || (Array.isArray(policy) && policy.includes(d.name))),
    )
    const outcome: StepOutcome = {
      ...standing(def, row),
      actions: pauses.map((d) => ({ type: PAUSE_DEADLINE, params: { name: d.name, bySuspension: true } })),
    }
    const ctx = planContext(core, core.clock.now())
    return [
      plan(
        ctx,
        def,
        row,
        outcome,
        adminCommand(row, actor, { type: 'fengqiao.suspend' }, reason, { status: 'suspended' }),
      ),
    ]
  })
  const p = planned as Plan
  committed(core, p, actor)
  core.events.emit('admin', { operation: 'suspend', actor, reason, instanceId })
  return p.summary
}

/**
 * Resumes a suspended case: deadlines its suspension paused run again (their due dates moved by
 * the suspended time), its waiting timers get their rows back, and those that came due while it
 * was suspended fire at once, each as of its own due time, oldest first.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, EVENT_NOT_ACCEPTED for a case
 *   that is not suspended
 */
export async function runResume(
  core: EngineCore,
  adminRoles: readonly string[],
  instanceId: string,
  options: AdminOptions,
): Promise<InstanceSummary> {
  ensureOpen(core)
  checkAdmin(adminRoles, options, 'resume')
  const { actor, reason } = options
  const [planned] = await commitPlans(core, instanceId, async () => {
    const row = await loadInstance(core, instanceId)
    authorizeScope(core, actor, row, 'resume')
    if (row.status !== 'suspended') {
      throw new FengqiaoError(
        'EVENT_NOT_ACCEPTED',
        `Instance ${row.id} is ${row.status}, not suspended; there is nothing to resume.`,
        {
          instanceId: row.id,
          state: row.stateKey,
          status: row.status,
          type: 'fengqiao.resume',
          reason: isClosed(row.status) ? 'closed' : 'not-suspended',
          accepted: [],
        },
      )
    }
    const def = core.registry.definition(row.processId, row.processVersion)
    const outcome: StepOutcome = {
      ...standing(def, row),
      actions: [{ type: RESUME_DEADLINE, params: { bySuspension: true } }],
    }
    const ctx = planContext(core, core.clock.now())
    return [
      plan(ctx, def, row, outcome, adminCommand(row, actor, { type: 'fengqiao.resume' }, reason, { status: 'active' })),
    ]
  })
  const p = planned as Plan
  committed(core, p, actor)
  core.events.emit('admin', { operation: 'resume', actor, reason, instanceId })
  // What came due while the case waited fires now, oldest first, as the system's commands. A
  // failure is reported and left to the worker, which finds the timer's row due.
  let summary = p.summary
  const fired = new Set<string>()
  for (;;) {
    const row = core.cache.get(instanceId) ?? (await loadInstance(core, instanceId))
    summary = summaryOf(row)
    if (row.status !== 'active') break
    const now = core.clock.now()
    const due = row.timers
      .filter((t) => t.dueAt <= now && t.event !== undefined && !fired.has(t.id))
      .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))[0]
    if (due === undefined) break
    fired.add(due.id)
    try {
      await catchUp(core, instanceId, due)
    } catch (error) {
      core.events.emit('error', { source: `timer:${due.id}`, error })
      break
    }
  }
  return summary
}

/**
 * Moves a running case to a given state of its own version, for the rare repair: the migration
 * machinery on the same version. Timers, deadlines and tasks are re-derived: those of states the
 * case stays in are kept, those of states it enters start now.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, EVENT_NOT_ACCEPTED for a case
 *   that is not running, MIGRATION_REFUSED for a state that does not exist
 */
export async function runModify(
  core: EngineCore,
  adminRoles: readonly string[],
  instanceId: string,
  options: ModifyOptions,
): Promise<InstanceSummary> {
  ensureOpen(core)
  checkAdmin(adminRoles, options, 'modify')
  const target: unknown = options.state
  if (typeof target !== 'string' && (typeof target !== 'object' || target === null || Array.isArray(target))) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      "modify() needs { state, actor, reason }: state is a state value, such as 'review' or { handling: 'hearing' }.",
    )
  }
  const { actor, reason } = options
  const [planned] = await commitPlans(core, instanceId, async () => {
    const row = await loadInstance(core, instanceId)
    authorizeScope(core, actor, row, 'modify')
    if (row.status === 'suspended') throw suspendedRefusal(row.id, 'fengqiao.modify')
    return [
      planMigration(
        core,
        row,
        {
          toVersion: row.processVersion,
          stateMap: { [row.stateKey]: options.state },
          actor,
          reason,
          ...(options.context === undefined ? {} : { context: options.context }),
        },
        'modify',
      ),
    ]
  })
  const p = planned as Plan
  committed(core, p, actor)
  core.events.emit('admin', { operation: 'modify', actor, reason, instanceId })
  return p.summary
}

/** Which task command. */
export type TaskOperation = 'claim' | 'unclaim' | 'assign' | 'delegate'

function taskNotFound(instanceId: string, taskId: string): FengqiaoError {
  return new FengqiaoError(
    'TASK_NOT_FOUND',
    `Case ${instanceId} has no open task ${taskId}: it was closed, or belongs to another case. Read the worklist again (engine.tasks).`,
    { instanceId, taskId },
  )
}

// May the actor take the task as their own: one of its role, in its org unit's scope.
function authorizeTaskHolder(core: EngineCore, actor: Actor, task: OpenTaskRef, instanceId: string, op: string): void {
  if (!actor.roles.includes(task.role)) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `${op}() of task ${task.id} needs its role ${task.role}; actor ${actor.id} has ${actor.roles.join(', ') || 'none'}.`,
      {
        instanceId,
        taskId: task.id,
        rule: 'roles',
        operation: op,
        required: [task.role],
        actorRoles: [...actor.roles],
      },
    )
  }
  if (!core.orgs.allows('subtree', actor.orgUnit, task.orgUnit)) {
    throw new FengqiaoError(
      'FORBIDDEN',
      `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) is outside the scope of task ${task.id} (org unit ${task.orgUnit ?? 'none'}).`,
      {
        instanceId,
        taskId: task.id,
        rule: 'scope',
        operation: op,
        orgUnit: task.orgUnit,
        actorOrgUnit: actor.orgUnit ?? null,
      },
    )
  }
}

function claimedBy(task: OpenTaskRef, instanceId: string, actor: Actor, op: string): FengqiaoError {
  return new FengqiaoError(
    'TASK_CLAIMED',
    `Task ${task.id} is held by ${task.assignee ?? 'nobody'}, not by ${actor.id}; ${op}() is theirs to do (or an administrator's assign()).`,
    { instanceId, taskId: task.id, assignee: task.assignee, operation: op },
  )
}

/**
 * Claims, releases, assigns or delegates an open task; see `docs/security.md` for who may.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, FORBIDDEN, NOT_FOUND, TASK_NOT_FOUND, TASK_CLAIMED,
 *   INSTANCE_SUSPENDED
 */
export async function runTask(
  core: EngineCore,
  adminRoles: readonly string[],
  op: TaskOperation,
  instanceId: string,
  taskId: string,
  options: TaskCommandOptions | AssignOptions | DelegateOptions,
): Promise<InstanceSummary> {
  ensureOpen(core)
  checkOptions(options, op)
  if (typeof taskId !== 'string' || taskId === '')
    throw new FengqiaoError('INVALID_OPTIONS', `${op}() needs the task's id (TaskView.id) as a non-empty string.`)
  const actor = options.actor
  const isAdmin = adminRoles.some((r) => actor.roles.includes(r))
  let to: string | null = actor.id
  if (op === 'unclaim') to = null
  if (op === 'assign') {
    authorizeAdmin(adminRoles, actor, 'assign')
    checkReason((options as AssignOptions).reason, 'assign')
    const a: unknown = (options as AssignOptions).assignee
    if (a !== null && (typeof a !== 'string' || a === '' || a === 'system'))
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        'assign() needs { assignee }: a user id, or null to leave the task unassigned.',
      )
    to = a
  }
  if (op === 'delegate') {
    checkReason((options as DelegateOptions).reason, 'delegate')
    const a: unknown = (options as DelegateOptions).to
    if (typeof a !== 'string' || a === '' || a === 'system')
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        'delegate() needs { to }: the user id of the person taking the task over.',
      )
    to = a
  }
  const reason = (options as { reason?: unknown }).reason
  let previous: string | null = null
  const plans = await commitPlans(core, instanceId, async () => {
    const row = await loadInstance(core, instanceId)
    const task = row.tasks.find((t) => t.id === taskId)
    if (task === undefined) throw taskNotFound(row.id, taskId)
    if (row.status === 'suspended') throw suspendedRefusal(row.id, `fengqiao.task.${op}`)
    previous = task.assignee
    if (op === 'claim' || op === 'unclaim') {
      authorizeTaskHolder(core, actor, task, row.id, op)
      if (op === 'claim' && task.assignee !== null && task.assignee !== actor.id)
        throw claimedBy(task, row.id, actor, op)
      if (op === 'unclaim' && task.assignee !== actor.id) {
        if (task.assignee === null) return [] // nothing held: nothing to release
        throw claimedBy(task, row.id, actor, op)
      }
    } else if (op === 'assign') {
      authorizeScope(core, actor, row, 'assign')
    } else if (!isAdmin || task.assignee === actor.id) {
      // Delegation is the holder's: they hand their task on (an administrator may do it for them).
      authorizeTaskHolder(core, actor, task, row.id, op)
      if (task.assignee !== actor.id) throw claimedBy(task, row.id, actor, op)
    } else {
      authorizeScope(core, actor, row, 'delegate')
    }
    if (task.assignee === to) return [] // already so: nothing to write
    const def = core.registry.definition(row.processId, row.processVersion)
    const event: Json = {
      type: `fengqiao.task.${op}`,
      taskId,
      stateNode: task.stateNode,
      assignee: to,
      previous: task.assignee,
    }
    const cmd: PlanCommand = {
      kind: 'task',
      event,
      actor,
      fingerprint: '',
      expectedVersion: row.version,
      assign: { taskId, assignee: to },
      ...(typeof reason === 'string' ? { detail: { reason } } : {}),
    }
    return [plan(planContext(core, core.clock.now()), def, row, standing(def, row), cmd)]
  })
  if (plans.length === 0) return summaryOf(core.cache.get(instanceId) ?? (await loadInstance(core, instanceId)))
  const p = plans[0] as Plan
  committed(core, p, actor)
  core.events.emit('taskAssigned', { instanceId, taskId, operation: op, assignee: to, previous, actor })
  if (op === 'assign' || (op === 'delegate' && previous !== actor.id))
    core.events.emit('admin', { operation: op, actor, reason: reason as string, instanceId })
  return p.summary
}
