/**
 * The command runner: `start` and `send`, from the caller's options to one atomic commit.
 *
 * A `send` is a loop over one decision at a time. Each attempt reads the case (a row this node
 * remembers from its own last commit, or the store's), decides on it, and ends in one explicit
 * outcome: `done`; `fresh-read` (a remembered row proved stale: decide again on the stored one);
 * `catch-up` (the case has an overdue timer: fire it first, as its own command, and decide
 * again — a failure there stops the command, so an event never runs on a row whose timer did
 * not fire); or `retry` (the commit lost a race with another writer: decide again).
 *
 * Before the loop, a caller's command is checked without the store: its shape and size
 * (`input-limits.ts`) and its actor. One attempt runs: load → validate the event against the case's process version → authorize →
 * idempotency → catch up overdue timers → expected version → pure step → plan → one commit.
 *
 * @module
 * @internal
 */
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import type { Actor, HistoryKind, Json, PendingTimer, TimerRow } from '../store/types.js'
import { canonicalJson, sha256 } from '../util/canonical.js'
import { authorizeEvent, authorizeStart, checkCaller, eventRefusal } from './authorize.js'
import { committed, ensureOpen, loadInstance, planContext, type EngineCore } from './core.js'
import {
  DEADLINE_EVENT,
  expireDeadline,
  newInstanceRow,
  plan,
  summaryOf,
  type Plan,
  type PlanCommand,
} from './plan/index.js'
import { checkSend, checkStart } from './input-limits.js'
import { notAccepted } from './refusals.js'
import { interpret, restore, stepEvent, stepStart, type StepOutcome } from './step.js'
import type { InstanceSummary, SendOptions, StartOptions } from './types.js'
import { parseStartInput, validateEvent, type ValidEvent } from './validate.js'

/** The actor the engine acts as for timers and other automatic events. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ id: 'system', roles: Object.freeze(['system']) })

/** A command sent by a caller, or one the engine sends itself (a timer, a linked case's result). */
export interface SendRequest {
  /**
   * `'caller'`: checked and authorized. `'engine'`: the engine's own command, as the system actor
   * — never reachable from a public method.
   */
  readonly origin: 'caller' | 'engine'
  readonly instanceId: string
  readonly event: unknown
  readonly options: SendOptions
  readonly kind: HistoryKind
  /** The claimed timer being fired (for `kind: 'timer'`). */
  readonly timer?: TimerRow | undefined
}

/** The result of a send: the case after it, and whether this command changed it. */
export interface SendResult {
  readonly summary: InstanceSummary
  readonly applied: boolean
}

/** How one attempt of a send ended. */
type Attempt =
  | { readonly next: 'done'; readonly result: SendResult }
  | { readonly next: 'fresh-read' }
  | { readonly next: 'catch-up'; readonly timer: PendingTimer }
  | { readonly next: 'retry'; readonly error: FengqiaoError }

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/**
 * Checks a caller's options object and actor.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS; FORBIDDEN for an actor claiming to be the system
 */
export function checkOptions(options: unknown, op: string): asserts options is { actor: Actor } {
  if (typeof options !== 'object' || options === null)
    throw new FengqiaoError('INVALID_OPTIONS', `${op}() needs options with at least { actor }.`)
  checkCaller((options as { actor?: unknown }).actor, op)
}

async function idempotent(core: EngineCore, key: string, fingerprint: string): Promise<InstanceSummary | undefined> {
  const rec = await core.store.findIdempotent(key)
  if (rec === undefined) return undefined
  if (rec.fingerprint !== fingerprint) {
    throw new FengqiaoError(
      'IDEMPOTENCY_KEY_REUSED',
      `The idempotency key was already used for a different command (${key}). Use a fresh key for each distinct command.`,
      { key },
    )
  }
  return rec.result as unknown as InstanceSummary
}

/**
 * Starts a case.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, PROCESS_NOT_REGISTERED, INVALID_EVENT, FORBIDDEN,
 *   IDEMPOTENCY_KEY_REUSED, or the store's errors
 */
export async function runStart(
  core: EngineCore,
  processId: string,
  input: unknown,
  options: StartOptions,
): Promise<InstanceSummary> {
  ensureOpen(core)
  checkStart(input, options, core.limits, core.orgs.isEmpty ? undefined : (u) => core.orgs.has(u))
  checkOptions(options, 'start')
  const actor = options.actor
  const def = core.registry.definition(processId, options.version)
  const parsedInput = parseStartInput(def, input)
  const orgUnit = options.orgUnit ?? null
  authorizeStart(core.orgs, def, actor, orgUnit)
  const idemKey = options.idempotencyKey === undefined ? undefined : `start:${processId}:${options.idempotencyKey}`
  const fingerprint =
    idemKey === undefined
      ? ''
      : sha256(
          canonicalJson({
            op: 'start',
            processId,
            version: def.version,
            input: parsedInput ?? null,
            orgUnit,
            businessKey: options.businessKey ?? null,
          }),
        )
  for (let retries = 0; ; retries++) {
    if (idemKey !== undefined) {
      const earlier = await idempotent(core, idemKey, fingerprint)
      if (earlier !== undefined) return earlier
    }
    const now = core.clock.now()
    const base = newInstanceRow(core.ids(), def, now, {
      orgUnit,
      businessKey: options.businessKey ?? null,
      parentId: null,
      parentDoneEvent: null,
    })
    const cmd: PlanCommand = {
      kind: 'started',
      event: { type: 'xstate.init', input: (parsedInput ?? null) as Json },
      actor,
      idemKey,
      fingerprint,
      expectedVersion: null,
    }
    const planned = plan(planContext(core, now), def, base, stepStart(def.machine, parsedInput), cmd)
    try {
      await core.commit(planned.change)
    } catch (e) {
      // Two starts with one idempotency key raced: the loser returns the winner's result.
      if (isFengqiaoError(e, 'VERSION_CONFLICT') && idemKey !== undefined && retries < core.maxRetries) continue
      throw e
    }
    committed(core, planned, actor)
    return planned.summary
  }
}

/**
 * Sends an event to a case: the loop over attempts described in the module comment.
 *
 * @throws {FengqiaoError} INVALID_OPTIONS, NOT_FOUND, INVALID_EVENT, FORBIDDEN,
 *   EVENT_NOT_ACCEPTED, VERSION_CONFLICT, IDEMPOTENCY_KEY_REUSED, or the store's errors
 */
export async function runSend(core: EngineCore, req: SendRequest): Promise<SendResult> {
  ensureOpen(core)
  if (req.origin === 'caller') {
    checkSend(req.instanceId, req.event, req.options, core.limits)
    checkOptions(req.options, 'send')
  }
  const caughtUp = new Set<string>()
  let source: 'cache' | 'store' = 'cache'
  let retries = 0
  for (;;) {
    const attempt = await attemptSend(core, req, source, caughtUp)
    switch (attempt.next) {
      case 'done':
        return attempt.result
      case 'fresh-read':
        source = 'store'
        break
      case 'catch-up':
        caughtUp.add(attempt.timer.id)
        await catchUp(core, req.instanceId, attempt.timer)
        break
      case 'retry':
        if (req.options.expectedVersion !== undefined || retries >= core.maxRetries) throw attempt.error
        if (retries >= 3) await sleep(Math.min(retries, 20))
        retries++
        break
    }
  }
}

// Time has passed for this case: its overdue timer fires first, as the system's own command, so
// that the outcome never depends on how promptly a worker polls. Its failure is the caller's.
/**
 * Fires one of a case's pending timers now, as the system's own command.
 *
 * @throws {FengqiaoError} whatever the firing throws
 */
export async function catchUp(core: EngineCore, instanceId: string, t: PendingTimer): Promise<void> {
  const timer: TimerRow = { id: t.id, instanceId, key: t.key, dueAt: t.dueAt, event: t.event as Json }
  await runSend(core, {
    origin: 'engine',
    instanceId,
    event: timer.event,
    options: { actor: SYSTEM_ACTOR },
    kind: 'timer',
    timer,
  })
}

/** The refusal of an event to a suspended case. */
export function suspendedRefusal(instanceId: string, type: string): FengqiaoError {
  return new FengqiaoError(
    'INSTANCE_SUSPENDED',
    `Instance ${instanceId} is suspended and takes no event (${type} refused) until an administrator resumes it (engine.resume).`,
    { instanceId, type },
  )
}

// Whether timer `a` comes due before timer `b` (ties broken by id, as claims order them).
function before(a: { dueAt: number; id: string }, b: { dueAt: number; id: string }): boolean {
  return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.id < b.id)
}

async function attemptSend(
  core: EngineCore,
  req: SendRequest,
  source: 'cache' | 'store',
  caughtUp: ReadonlySet<string>,
): Promise<Attempt> {
  const { instanceId, options, timer } = req
  const actor = options.actor
  const cached = source === 'cache' ? core.cache.get(instanceId) : undefined
  const row = cached ?? (await loadInstance(core, instanceId))
  let planned: Plan | undefined
  try {
    const def = core.registry.definition(row.processId, row.processVersion)
    const event: ValidEvent = timer === undefined ? validateEvent(def, req.event) : (req.event as ValidEvent)
    const byEngine = req.origin === 'engine'
    if (!byEngine) authorizeEvent(core.orgs, def, event.type, actor, row)
    const idemKey = options.idempotencyKey === undefined ? undefined : `send:${instanceId}:${options.idempotencyKey}`
    const fingerprint = idemKey === undefined ? '' : sha256(canonicalJson({ op: 'send', instanceId, event }))
    if (idemKey !== undefined) {
      const earlier = await idempotent(core, idemKey, fingerprint)
      if (earlier !== undefined) return { next: 'done', result: { summary: earlier, applied: false } }
    }
    if (row.status === 'suspended') {
      // While suspended only resume changes the case (engine.resume). A timer that was claimed
      // before the suspension parked it waits on the row; a deadline runs out as usual.
      if (timer === undefined) throw suspendedRefusal(row.id, event.type)
      if (event.type !== DEADLINE_EVENT) return { next: 'done', result: { summary: summaryOf(row), applied: false } }
    }
    if (row.status === 'active') {
      // Overdue timers fire first, oldest first: before a caller's event, and before a later
      // timer of the same case (a worker may have claimed them out of order), so that the case
      // passes through its states in the order time would have taken it.
      const now = core.clock.now()
      const overdue = row.timers
        .filter(
          (t) =>
            t.dueAt <= now &&
            t.event !== undefined &&
            !caughtUp.has(t.id) &&
            (timer === undefined || (t.id !== timer.id && before(t, timer))),
        )
        .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))[0]
      if (overdue !== undefined) return { next: 'catch-up', timer: overdue }
    }
    if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
      throw new FengqiaoError(
        'VERSION_CONFLICT',
        `Instance ${instanceId} is at version ${row.version}, not the expected ${options.expectedVersion}. Reload it and decide again.`,
        {
          instanceId,
          expectedVersion: options.expectedVersion,
          actualVersion: row.version,
        },
      )
    }
    if (timer !== undefined && !row.timers.some((t) => t.id === timer.id)) {
      // Not on a remembered row: it may be stale. Decide on the stored one.
      if (cached !== undefined) {
        core.cache.delete(instanceId)
        return { next: 'fresh-read' }
      }
      // The timer was cancelled (its state was left) after it was claimed: nothing to do.
      await core.store.deleteTimers([timer.id])
      return { next: 'done', result: { summary: summaryOf(row), applied: false } }
    }
    // A timer acts as of its due time, however late it is processed (docs/architecture.md#4-time):
    // what its transition starts counts from then. Never before the case's last change, so the
    // history stays in order. The time it was processed is recorded beside it.
    const processedAt = core.clock.now()
    const now = timer === undefined ? processedAt : Math.max(Math.min(timer.dueAt, processedAt), row.updatedAt)
    const snapshot =
      row.status === 'active' || row.status === 'suspended' ? restore(def.machine, row.snapshot) : undefined
    let cmd: PlanCommand = {
      kind: req.kind,
      event: event as unknown as Json,
      actor,
      idemKey,
      fingerprint,
      expectedVersion: row.version,
      firedTimer: timer?.id,
    }
    let outcome: StepOutcome | undefined
    if (timer !== undefined && snapshot !== undefined && event.type === DEADLINE_EVENT) {
      ;({ cmd, outcome } = expireDeadline(def, row, snapshot, event.name, cmd, (unit, to) =>
        core.orgs.ancestorAt(unit, to),
      ))
    } else {
      outcome = snapshot === undefined ? undefined : stepEvent(def.machine, snapshot, event)
    }
    if (timer !== undefined && processedAt > now) cmd = { ...cmd, detail: { ...(cmd.detail ?? {}), processedAt } }
    if (outcome === undefined) {
      if (timer === undefined || snapshot === undefined)
        throw notAccepted(
          def,
          row,
          snapshot,
          event,
          (type) => byEngine || eventRefusal(core.orgs, def, type, actor, row) === undefined,
        )
      // A due timer whose transition's guard refused it: record that it fired, change nothing else.
      outcome = interpret(def.machine, snapshot, [])
    }
    planned = plan(planContext(core, now), def, row, outcome, cmd)
    await core.commit(planned.change)
  } catch (e) {
    // Whatever went wrong, a remembered row of this case is no longer to be trusted.
    core.cache.delete(instanceId)
    // A remembered row led nowhere: decide again on the stored row (not counted as a retry).
    // Errors from the stored row itself are the caller's answer, and so is a failed commit
    // other than a lost race: it may have been written after all.
    if (cached !== undefined && (planned === undefined || isFengqiaoError(e, 'VERSION_CONFLICT')))
      return { next: 'fresh-read' }
    if (isFengqiaoError(e, 'VERSION_CONFLICT') && planned !== undefined) return { next: 'retry', error: e }
    throw e
  }
  committed(core, planned, actor, timer)
  return { next: 'done', result: { summary: planned.summary, applied: true } }
}
