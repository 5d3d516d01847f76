/**
 * The engine: every command runs validate → authorize → load → idempotency → pure step →
 * derive effects → one atomic commit → publish (docs/architecture.md#3-executing-a-command).
 *
 * @module
 */
import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'eventemitter3'
import type { AnyMachineSnapshot, StateValue } from 'xstate'
import type { BusinessCalendar } from '../calendar/business-calendar.js'
import { chineseCalendar } from '../calendar/chinese-calendar.js'
import { parseDuration, systemClock, type Clock } from '../clock.js'
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import type { AnyProcessDefinition, EventPolicy } from '../process/define-process.js'
import { colourOf, memoryStore } from '../store/memory-store.js'
import type { Actor, ChangeSet, DeadlineState, HistoryEntry, HistoryKind, Json, Page, Store, StoredInstance, TaskRow, TimerRow } from '../store/types.js'
import { canonicalJson, sha256 } from '../util/canonical.js'
import { DEFAULT_INSTANCE_CACHE, InstanceCache } from './instance-cache.js'
import { commitResolutionOf, commitSettled } from './ambiguous-commit.js'
import { checkSend, checkStart, inputLimitsOf, type InputLimits } from './input-limits.js'
import { OrgTree } from './org-tree.js'
import { DEADLINE_EVENT, NOTIFY_PARENT, entryBody, newInstanceRow, plan, summaryOf, type Plan, type PlanCommand, type PlanContext } from './planner.js'
import { buildReport, type Report, type ReportQuery } from './report.js'
import { acceptedEvents, afterTimers, interpret, restore, stateKeyOf, stepEvent, stepStart, type StepOutcome } from './step.js'
import type {
  AnyEvent,
  BatchOptions,
  Command,
  CommandInterceptor,
  EffectHandler,
  Engine,
  EngineEvents,
  EngineOptions,
  InstanceQuery,
  InstanceSummary,
  InstanceView,
  MigrateOptions,
  ProcessClient,
  PruneOptions,
  ReplayResult,
  SafeResult,
  SendOptions,
  StartOptions,
  TaskQuery,
  TaskView,
  VerifyResult,
  Worker,
  WorkerOptions,
} from './types.js'

/** The actor the engine acts as for timers and other automatic events. */
export const SYSTEM_ACTOR: Actor = Object.freeze({ id: 'system', roles: Object.freeze(['system']) })

const DEFAULT_LEASE_MS = 30_000
const DEFAULT_BATCH = 100
// How many claimed timers one node fires at once.
const FIRE_CONCURRENCY = 8

interface Registry {
  byKey: Map<string, AnyProcessDefinition>
  latest: Map<string, AnyProcessDefinition>
}

function buildRegistry(defs: readonly AnyProcessDefinition[]): Registry {
  const byKey = new Map<string, AnyProcessDefinition>()
  const latest = new Map<string, AnyProcessDefinition>()
  for (const d of defs) {
    if (d?.kind !== 'fengqiao.process') {
      throw new FengqiaoError('INVALID_OPTIONS', 'Every entry of `processes` must come from defineProcess().', { got: typeof d })
    }
    const key = `${d.id}@${d.version}`
    if (byKey.has(key) && byKey.get(key) !== d) {
      throw new FengqiaoError('INVALID_OPTIONS', `Process "${d.id}" version ${d.version} is registered twice with different definitions.`, { processId: d.id, version: d.version })
    }
    byKey.set(key, d)
    const cur = latest.get(d.id)
    if (cur === undefined || cur.version < d.version) latest.set(d.id, d)
  }
  return { byKey, latest }
}

function checkActor(actor: unknown): asserts actor is Actor {
  const a = actor as Partial<Actor> | undefined
  if (
    typeof a !== 'object' ||
    a === null ||
    typeof a.id !== 'string' ||
    a.id === '' ||
    !Array.isArray(a.roles) ||
    a.roles.some((r) => typeof r !== 'string') ||
    (a.orgUnit !== undefined && typeof a.orgUnit !== 'string')
  ) {
    throw new FengqiaoError('INVALID_OPTIONS', 'options.actor must be { id: string, roles: string[], orgUnit?: string }.', { actor: typeof a === 'object' && a !== null ? String(a.id) : null })
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

class FengqiaoEngine implements Engine {
  readonly store: Store
  readonly clock: Clock
  readonly #ownsStore: boolean
  readonly #registry: Registry
  readonly #effects = new Map<string, EffectHandler>()
  readonly #interceptors: CommandInterceptor[] = []
  readonly #orgs: OrgTree
  readonly #ids: () => string
  readonly #nodeId: string
  readonly #deliverAfterCommit: boolean
  readonly #maxRetries: number
  readonly #commit: (change: ChangeSet) => Promise<void>
  readonly #limits: Required<InputLimits>
  readonly #cache: InstanceCache
  readonly #calendarFor: (orgUnit: string | null) => BusinessCalendar
  readonly #emitter = new EventEmitter<EngineEvents>()
  readonly #workers = new Set<Worker>()
  #outboxRun: Promise<number> | undefined
  #outboxAgain = false
  #closed = false

  constructor(options: EngineOptions) {
    if (typeof options !== 'object' || options === null) throw new FengqiaoError('INVALID_OPTIONS', 'createEngine() takes an options object.')
    const plugins = options.plugins ?? []
    const names = new Set<string>()
    const defs: AnyProcessDefinition[] = [...(options.processes ?? [])]
    for (const p of plugins) {
      if (typeof p?.name !== 'string' || p.name === '') throw new FengqiaoError('INVALID_OPTIONS', 'Every plugin needs a non-empty `name`.')
      if (names.has(p.name)) throw new FengqiaoError('INVALID_OPTIONS', `Plugin "${p.name}" is given twice.`, { plugin: p.name })
      names.add(p.name)
      defs.push(...(p.processes ?? []))
      for (const [type, handler] of Object.entries(p.effects ?? {})) {
        if (type.startsWith('fengqiao.')) throw new FengqiaoError('INVALID_OPTIONS', `Plugin "${p.name}" may not handle "${type}": action names starting with "fengqiao." belong to the engine.`, { action: type })
        if (this.#effects.has(type)) throw new FengqiaoError('INVALID_OPTIONS', `Two plugins handle the action "${type}"; exactly one may.`, { action: type, plugin: p.name })
        if (typeof handler !== 'function') throw new FengqiaoError('INVALID_OPTIONS', `Plugin "${p.name}": the handler for "${type}" is not a function.`, { action: type })
        this.#effects.set(type, handler)
      }
      this.#interceptors.push(...(p.interceptors ?? []))
    }
    this.#registry = buildRegistry(defs)
    this.#orgs = new OrgTree(options.orgUnits ?? [])
    this.#ownsStore = options.store === undefined
    this.store = options.store ?? memoryStore()
    this.clock = options.clock ?? systemClock
    this.#ids = options.ids ?? randomUUID
    this.#nodeId = options.nodeId ?? `node-${randomUUID()}`
    this.#deliverAfterCommit = options.deliverAfterCommit ?? true
    this.#maxRetries = options.maxRetries ?? 100
    this.#limits = inputLimitsOf(options.limits)
    const settleWithinMs = commitResolutionOf(options.commitResolution)
    this.#commit = (change) => commitSettled(this.store, change, settleWithinMs)
    const cacheSize = options.instanceCache ?? DEFAULT_INSTANCE_CACHE
    if (!Number.isInteger(cacheSize) || cacheSize < 0) {
      throw new FengqiaoError('INVALID_OPTIONS', `instanceCache must be a whole number of instances (0 to turn the cache off); got ${String(cacheSize)}.`, { instanceCache: String(cacheSize) })
    }
    this.#cache = new InstanceCache(cacheSize)
    const calendar = options.calendar ?? chineseCalendar({ outOfRange: 'weekends-only' })
    this.#calendarFor = typeof calendar === 'function' ? calendar : () => calendar
  }

  // ---------------------------------------------------------------- registry

  #definition(processId: string, version?: number): AnyProcessDefinition {
    const def = version === undefined ? this.#registry.latest.get(processId) : this.#registry.byKey.get(`${processId}@${version}`)
    if (def === undefined) {
      const known = [...this.#registry.byKey.keys()].sort()
      throw new FengqiaoError(
        'PROCESS_NOT_REGISTERED',
        `No process "${processId}"${version === undefined ? '' : ` version ${version}`} is registered with this engine (registered: ${known.join(', ') || 'none'}). Pass it to createEngine({ processes }) or through a plugin.`,
        { processId, version: version ?? null, registered: known },
      )
    }
    return def
  }

  // ---------------------------------------------------------------- commands

  // Async so that an interceptor that throws synchronously still yields a rejected promise.
  async start(processId: string, input: unknown, options: StartOptions): Promise<InstanceSummary> {
    return this.#intercept({ kind: 'start', processId, input, options })
  }

  async send(instanceId: string, event: AnyEvent, options: SendOptions): Promise<InstanceSummary> {
    return this.#intercept({ kind: 'send', instanceId, event, options })
  }

  async safeSend(instanceId: string, event: AnyEvent, options: SendOptions): Promise<SafeResult<InstanceSummary>> {
    try {
      return { ok: true, value: await this.send(instanceId, event, options) }
    } catch (error) {
      if (isFengqiaoError(error)) return { ok: false, error }
      throw error
    }
  }

  #intercept(command: Command): Promise<InstanceSummary> {
    const run = (c: Command): Promise<InstanceSummary> => (c.kind === 'start' ? this.#start(c.processId, c.input, c.options) : this.#send(c.instanceId, c.event, c.options, 'event').then((r) => r.summary))
    const tools = { engine: this as Engine }
    const chain = this.#interceptors.reduceRight<(c: Command) => Promise<InstanceSummary>>((next, interceptor) => (c) => interceptor(c, next, tools), run)
    return chain(command)
  }

  #open(): void {
    if (this.#closed) throw new FengqiaoError('CLOSED', 'This engine has been closed.')
  }

  async #start(processId: string, input: unknown, options: StartOptions): Promise<InstanceSummary> {
    this.#open()
    checkStart(input, options, this.#limits, this.#orgs.isEmpty ? undefined : (u) => this.#orgs.has(u))
    checkActor(options.actor)
    const def = this.#definition(processId, options.version)
    let parsedInput: unknown = input
    if (def.input !== undefined) {
      const r = def.input.safeParse(input)
      if (!r.success) {
        throw new FengqiaoError('INVALID_EVENT', `The start input of "${processId}" is invalid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}.`, { processId, issues: r.error.issues })
      }
      parsedInput = r.data
    }
    const actor = options.actor
    const policy = def.start ?? {}
    if (actor !== SYSTEM_ACTOR) {
      if (policy.roles !== undefined && !policy.roles.some((r) => actor.roles.includes(r))) {
        throw new FengqiaoError('FORBIDDEN', `Starting "${processId}" needs one of the roles ${policy.roles.join(', ')}; actor ${actor.id} has ${actor.roles.join(', ') || 'none'}.`, { processId, required: [...policy.roles], actorRoles: [...actor.roles] })
      }
      if (!this.#orgs.allows(policy.scope ?? 'any', actor.orgUnit, options.orgUnit ?? null)) {
        throw new FengqiaoError('FORBIDDEN', `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) may not start a case for org unit ${options.orgUnit ?? 'none'}.`, { processId, orgUnit: options.orgUnit ?? null })
      }
    }
    const idemKey = options.idempotencyKey === undefined ? undefined : `start:${processId}:${options.idempotencyKey}`
    const fingerprint = idemKey === undefined ? '' : sha256(canonicalJson({ op: 'start', processId, version: def.version, input: parsedInput ?? null, orgUnit: options.orgUnit ?? null, businessKey: options.businessKey ?? null }))
    for (let attempt = 0; ; attempt++) {
      if (idemKey !== undefined) {
        const earlier = await this.#idempotent(idemKey, fingerprint)
        if (earlier !== undefined) return earlier
      }
      const now = this.clock.now()
      const outcome = stepStart(def.machine, parsedInput)
      const base = newInstanceRow(this.#ids(), def, now, { orgUnit: options.orgUnit ?? null, businessKey: options.businessKey ?? null, parentId: null, parentDoneEvent: null })
      const planned = plan(this.#planContext(now), def, base, outcome, {
        kind: 'started',
        event: { type: 'xstate.init', input: (parsedInput ?? null) as Json },
        actor,
        idemKey,
        fingerprint,
        expectedVersion: null,
      })
      try {
        await this.#commit(planned.change)
      } catch (e) {
        if (isFengqiaoError(e, 'VERSION_CONFLICT') && idemKey !== undefined && attempt < this.#maxRetries) continue
        throw e
      }
      this.#remember(planned)
      this.#publish(planned, actor)
      return planned.summary
    }
  }

  #planContext(now: number): PlanContext {
    return {
      now,
      calendarFor: this.#calendarFor,
      definition: (id, version) => this.#definition(id, version),
      handles: (type) => this.#effects.has(type),
      newId: this.#ids,
    }
  }

  async #idempotent(key: string, fingerprint: string): Promise<InstanceSummary | undefined> {
    const rec = await this.store.findIdempotent(key)
    if (rec === undefined) return undefined
    if (rec.fingerprint !== fingerprint) {
      throw new FengqiaoError('IDEMPOTENCY_KEY_REUSED', `The idempotency key was already used for a different command (${key}). Use a fresh key for each distinct command.`, { key })
    }
    return rec.result as unknown as InstanceSummary
  }

  #validate(def: AnyProcessDefinition, event: unknown): { type: string; [k: string]: unknown } {
    if (typeof event !== 'object' || event === null || typeof (event as { type?: unknown }).type !== 'string') {
      throw new FengqiaoError('INVALID_EVENT', 'An event must be an object with a string `type`, like { type: "SUBMIT", ...payload }.', { processId: def.id })
    }
    const { type, ...payload } = event as { type: string; [k: string]: unknown }
    const policy: EventPolicy | undefined = Object.hasOwn(def.events, type) ? def.events[type] : undefined
    if (policy === undefined) {
      throw new FengqiaoError('INVALID_EVENT', `Process "${def.id}" has no event "${type}" (known: ${Object.keys(def.events).join(', ')}).`, { processId: def.id, type, known: Object.keys(def.events) })
    }
    const r = policy.schema.safeParse(payload)
    if (!r.success) {
      throw new FengqiaoError('INVALID_EVENT', `Event ${type} is invalid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}.`, { processId: def.id, type, issues: r.error.issues })
    }
    if (typeof r.data !== 'object' || r.data === null || Array.isArray(r.data)) {
      throw new FengqiaoError('INVALID_DEFINITION', `The schema of event ${type} must produce an object payload.`, { processId: def.id, type })
    }
    return { ...(r.data as Record<string, unknown>), type }
  }

  #authorize(def: AnyProcessDefinition, type: string, actor: Actor, row: StoredInstance): void {
    if (actor === SYSTEM_ACTOR) return
    const policy = def.events[type] as EventPolicy
    if (!policy.roles.some((r) => actor.roles.includes(r))) {
      throw new FengqiaoError('FORBIDDEN', `Event ${type} of "${def.id}" needs one of the roles ${policy.roles.join(', ')}; actor ${actor.id} has ${actor.roles.join(', ') || 'none'}.`, {
        instanceId: row.id,
        type,
        required: [...policy.roles],
        actorRoles: [...actor.roles],
      })
    }
    if (!this.#orgs.allows(policy.scope ?? 'subtree', actor.orgUnit, row.orgUnit)) {
      throw new FengqiaoError('FORBIDDEN', `Actor ${actor.id} (org unit ${actor.orgUnit ?? 'none'}) is outside the scope of case ${row.id} (org unit ${row.orgUnit ?? 'none'}) for event ${type}.`, {
        instanceId: row.id,
        type,
        orgUnit: row.orgUnit,
        actorOrgUnit: actor.orgUnit ?? null,
      })
    }
  }

  async #load(instanceId: string): Promise<StoredInstance> {
    if (typeof instanceId !== 'string' || instanceId === '') throw new FengqiaoError('INVALID_OPTIONS', 'An instance id must be a non-empty string.')
    const row = await this.store.getInstance(instanceId)
    if (row === undefined) throw new FengqiaoError('NOT_FOUND', `No instance with id ${instanceId}.`, { instanceId })
    return row
  }

  async #send(instanceId: string, rawEvent: unknown, options: SendOptions, kind: HistoryKind, timer?: TimerRow): Promise<{ summary: InstanceSummary; applied: boolean }> {
    this.#open()
    if (timer === undefined) checkSend(instanceId, rawEvent, options, this.#limits)
    else if (typeof options !== 'object' || options === null) throw new FengqiaoError('INVALID_OPTIONS', 'send() needs options with at least { actor }.')
    checkActor(options.actor)
    const actor = options.actor
    const caughtUp = new Set<string>()
    // A row remembered from this engine's last commit on the case, until it proves stale.
    let trustCache = true
    for (let attempt = 0; ; attempt++) {
      const cached = trustCache ? this.#cache.get(instanceId) : undefined
      const row = cached ?? (await this.#load(instanceId))
      let planned: Plan | undefined
      try {
        const def = this.#definition(row.processId, row.processVersion)
        const event = timer === undefined ? this.#validate(def, rawEvent) : (rawEvent as { type: string })
        if (timer === undefined) this.#authorize(def, event.type, actor, row)
        const idemKey = options.idempotencyKey === undefined ? undefined : `send:${instanceId}:${options.idempotencyKey}`
        const fingerprint = idemKey === undefined ? '' : sha256(canonicalJson({ op: 'send', instanceId, event }))
        if (idemKey !== undefined) {
          const earlier = await this.#idempotent(idemKey, fingerprint)
          if (earlier !== undefined) return { summary: earlier, applied: false }
        }
        if (timer === undefined && row.status === 'active') {
          // Time has passed for this case: fire its overdue timers (earliest first) before the
          // event, so that the outcome never depends on how promptly a worker polls.
          const now = this.clock.now()
          const overdue = row.timers
            .filter((t) => t.dueAt <= now && t.event !== undefined && !caughtUp.has(t.id))
            .sort((a, b) => a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1))[0]
          if (overdue !== undefined) {
            caughtUp.add(overdue.id)
            await this.#fire({ id: overdue.id, instanceId, key: overdue.key, dueAt: overdue.dueAt, event: overdue.event as Json })
            attempt--
            continue
          }
        }
        if (options.expectedVersion !== undefined && options.expectedVersion !== row.version) {
          throw new FengqiaoError('VERSION_CONFLICT', `Instance ${instanceId} is at version ${row.version}, not the expected ${options.expectedVersion}. Reload it and decide again.`, {
            instanceId,
            expectedVersion: options.expectedVersion,
            actualVersion: row.version,
          })
        }
        if (timer !== undefined && !row.timers.some((t) => t.id === timer.id)) {
          // Not on a remembered row: it may be stale. Decide on the stored one.
          if (cached !== undefined) {
            this.#forget(instanceId)
            trustCache = false
            attempt--
            continue
          }
          // The timer was cancelled (its state was left) after it was claimed: nothing to do.
          await this.store.deleteTimers([timer.id])
          return { summary: summaryOf(row), applied: false }
        }
        const now = this.clock.now()
        const snapshot = row.status === 'active' ? restore(def.machine, row.snapshot) : undefined
        let cmd: PlanCommand = { kind, event: event, actor, idemKey, fingerprint, expectedVersion: row.version, firedTimer: timer?.id }
        let outcome: StepOutcome | undefined
        if (timer !== undefined && event.type === DEADLINE_EVENT) {
          ;({ cmd, outcome } = this.#expire(def, row, snapshot as AnyMachineSnapshot, (event as { name?: unknown }).name, cmd))
        } else {
          outcome = snapshot === undefined ? undefined : stepEvent(def.machine, snapshot, event)
        }
        if (outcome === undefined) {
          if (timer === undefined) {
            const accepted = snapshot === undefined ? [] : acceptedEvents(snapshot)
            throw new FengqiaoError(
              'EVENT_NOT_ACCEPTED',
              row.status === 'active'
                ? `Instance ${instanceId} is in state "${row.stateKey}", which does not accept ${event.type} now (it accepts: ${accepted.join(', ') || 'nothing'}).`
                : `Instance ${instanceId} is ${row.status}; it accepts no more events.`,
              { instanceId, state: row.stateKey, status: row.status, type: event.type, accepted },
            )
          }
          // A due timer whose transition's guard refused it: record that it fired, change nothing else.
          outcome = interpret(def.machine, snapshot as AnyMachineSnapshot, [])
        }
        planned = plan(this.#planContext(now), def, row, outcome, cmd)
        await this.#commit(planned.change)
      } catch (e) {
        // Whatever went wrong, a remembered row of this case is no longer to be trusted.
        this.#forget(instanceId)
        // A remembered row led nowhere: decide again on the stored row (not counted as a retry).
        // Errors from the stored row itself are the caller's answer, and so is a failed commit
        // other than a lost race: it may have been written after all.
        if (cached !== undefined && (planned === undefined || isFengqiaoError(e, 'VERSION_CONFLICT'))) {
          trustCache = false
          attempt--
          continue
        }
        if (isFengqiaoError(e, 'VERSION_CONFLICT') && options.expectedVersion === undefined && attempt < this.#maxRetries) {
          if (attempt >= 3) await sleep(Math.min(attempt, 20))
          continue
        }
        throw e
      }
      this.#remember(planned)
      this.#publish(planned, actor, timer)
      return { summary: planned.summary, applied: true }
    }
  }

  #forget(instanceId: string): void {
    this.#cache.delete(instanceId)
  }

  /** Keeps the rows just committed for the next command on them. */
  #remember(planned: Plan): void {
    for (const r of planned.rows) this.#cache.set(r)
  }

  // A deadline expired: mark it, escalate the case up the org-unit ladder if the state says so,
  // and send the state's expiry (or escalation) event if it accepts one.
  #expire(def: AnyProcessDefinition, row: StoredInstance, snapshot: AnyMachineSnapshot, name: unknown, base: PlanCommand): { cmd: PlanCommand; outcome: StepOutcome } {
    const d = row.deadlines.find((x) => x.name === name)
    const deadlines: DeadlineState[] = row.deadlines.map((x) => (x === d ? { ...x, expired: true, timerId: null } : x))
    const info = d === undefined ? undefined : def.states.get(d.stateNode)
    let orgUnit = row.orgUnit
    const detail: Record<string, Json> = { deadline: String(name), dueAt: d?.dueAt ?? null }
    if (info?.escalate !== undefined && row.orgUnit !== null) {
      const target = this.#orgs.ancestorAt(row.orgUnit, info.escalate.to)
      if (target !== undefined && target !== row.orgUnit) {
        orgUnit = target
        detail.escalatedFrom = row.orgUnit
        detail.escalatedTo = target
      }
    }
    const send = info?.escalate?.event ?? info?.deadline?.onExpire
    let outcome: StepOutcome | undefined
    if (send !== undefined && row.status === 'active') {
      const escalation = detail.escalatedTo === undefined ? {} : { from: detail.escalatedFrom, to: detail.escalatedTo }
      outcome = stepEvent(def.machine, snapshot, { type: send, deadline: String(name), ...escalation })
      if (outcome !== undefined) detail.sent = send
    }
    const cmd: PlanCommand = {
      ...base,
      kind: 'deadline',
      event: { type: 'fengqiao.deadline.expired', deadline: String(name) },
      orgUnit,
      deadlines,
      breached: row.breached || info?.deadline?.kind !== 'window',
      escalated: orgUnit !== row.orgUnit,
      detail,
    }
    return { cmd, outcome: outcome ?? interpret(def.machine, snapshot, []) }
  }

  // ---------------------------------------------------------------- observation

  #emit<K extends keyof EngineEvents>(event: K, ...args: EngineEvents[K]): void {
    try {
      ;(this.#emitter.emit as (e: K, ...a: EngineEvents[K]) => boolean)(event, ...args)
    } catch (error) {
      if (event !== 'error') this.#emit('error', { source: `listener:${event}`, error })
    }
  }

  #publish(planned: Plan, actor: Actor, timer?: TimerRow): void {
    const { summary, entry } = planned
    if (entry.kind === 'started') this.#emit('started', { instance: summary, actor })
    else {
      if (timer !== undefined) this.#emit('timerFired', { instanceId: summary.id, timerId: timer.id, event: timer.event })
      this.#emit('transitioned', { instance: summary, from: planned.from ?? '', event: entry.event, actor })
    }
    for (const child of planned.rows.slice(1)) this.#emit('started', { instance: summaryOf(child), actor })
    const now = this.clock.now()
    for (const closed of planned.closedTasks) this.#emit('taskClosed', closed)
    for (const t of planned.openedTasks) this.#emit('taskOpened', this.#taskView(t, now))
    for (const r of planned.rows) if (r.status === 'completed') this.#emit('completed', { instance: summaryOf(r) })
    if (planned.hasOutbox && this.#deliverAfterCommit) this.#kickOutbox()
  }

  on<K extends keyof EngineEvents>(event: K, listener: (...args: EngineEvents[K]) => void): () => void {
    const l = listener as (...args: unknown[]) => void
    ;(this.#emitter.on as (e: K, l: (...a: unknown[]) => void) => unknown)(event, l)
    return () => {
      ;(this.#emitter.off as (e: K, l: (...a: unknown[]) => void) => unknown)(event, l)
    }
  }

  // ---------------------------------------------------------------- reads

  async get(instanceId: string): Promise<InstanceView> {
    this.#open()
    const row = await this.#load(instanceId)
    const snap = row.snapshot as { context?: unknown; output?: unknown }
    return {
      ...summaryOf(row),
      context: snap.context,
      output: snap.output,
      orgUnit: row.orgUnit,
      businessKey: row.businessKey,
      parentId: row.parentId,
      createdAt: new Date(row.createdAt),
      updatedAt: new Date(row.updatedAt),
      timers: row.timers.map((t) => ({ id: t.id, key: t.key, dueAt: new Date(t.dueAt) })),
    }
  }

  async history(instanceId: string): Promise<HistoryEntry[]> {
    this.#open()
    await this.#load(instanceId)
    return this.store.history(instanceId)
  }

  async verify(instanceId: string): Promise<VerifyResult> {
    this.#open()
    const row = await this.#load(instanceId)
    const entries = await this.store.history(instanceId)
    let prevHash = ''
    for (let i = 0; i < entries.length; i++) {
      const h = entries[i] as HistoryEntry
      const seq = i + 1
      if (h.seq !== seq) return { ok: false, entries: entries.length, brokenAt: seq, reason: 'sequence-gap' }
      if (h.prevHash !== prevHash) return { ok: false, entries: entries.length, brokenAt: seq, reason: 'chain-broken' }
      const { hash, ...body } = h
      if (sha256(prevHash + entryBody(body)) !== hash) return { ok: false, entries: entries.length, brokenAt: seq, reason: 'hash-mismatch' }
      prevHash = hash
    }
    if (entries.length !== row.historySeq || prevHash !== row.historyHash) {
      return { ok: false, entries: entries.length, brokenAt: Math.min(entries.length + 1, row.historySeq), reason: 'truncated' }
    }
    return { ok: true, entries: entries.length }
  }

  #taskView(t: TaskRow, now: number): TaskView {
    return {
      id: t.id,
      instanceId: t.instanceId,
      processId: t.processId,
      stateNode: t.stateNode,
      role: t.role,
      orgUnit: t.orgUnit,
      assignee: t.assignee,
      title: t.title,
      dueAt: t.dueAt === null ? null : new Date(t.dueAt),
      warnAt: t.warnAt === null ? null : new Date(t.warnAt),
      createdAt: new Date(t.createdAt),
      colour: colourOf(t, now),
      overdue: colourOf(t, now) === 'red',
    }
  }

  async tasks(query: TaskQuery = {}): Promise<Page<TaskView>> {
    this.#open()
    const now = this.clock.now()
    const page = await this.store.findTasks(
      {
        ...(query.role === undefined ? {} : { role: query.role }),
        ...(query.orgUnit === undefined ? {} : { orgUnit: query.orgUnit }),
        ...(query.assignee === undefined ? {} : { assignee: query.assignee }),
        ...(query.processId === undefined ? {} : { processId: query.processId }),
        ...(query.instanceId === undefined ? {} : { instanceId: query.instanceId }),
        ...(query.colour !== undefined ? { colour: { colour: query.colour, now } } : query.overdue === true ? { colour: { colour: 'red' as const, now } } : {}),
      },
      { limit: query.limit ?? 100, cursor: query.cursor },
    )
    const items = page.items.map((t) => this.#taskView(t, now))
    return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor }
  }

  async instances(query: InstanceQuery = {}): Promise<Page<InstanceSummary>> {
    this.#open()
    const { limit, cursor, ...filter } = query
    const page = await this.store.findInstances(filter, { limit: limit ?? 100, cursor })
    const items = page.items.map(summaryOf)
    return page.nextCursor === undefined ? { items } : { items, nextCursor: page.nextCursor }
  }

  process<P extends AnyProcessDefinition>(definition: P): ProcessClient<P> {
    const registered = this.#definition(definition?.id, definition?.version)
    if (registered !== definition) {
      throw new FengqiaoError('PROCESS_NOT_REGISTERED', `A different definition of "${definition.id}" version ${definition.version} is registered with this engine.`, { processId: definition.id })
    }
    return {
      definition,
      start: (input, options) => this.start(definition.id, input, { ...options, version: definition.version }),
      send: (id, event, options) => this.send(id, event, options),
      get: (id) => this.get(id) as never,
    }
  }

  // ---------------------------------------------------------------- versions

  async migrate(instanceId: string, options: MigrateOptions): Promise<InstanceSummary> {
    this.#open()
    if (typeof options !== 'object' || options === null || typeof options.stateMap !== 'object' || options.stateMap === null) {
      throw new FengqiaoError('INVALID_OPTIONS', 'migrate() needs { toVersion, stateMap, actor }.')
    }
    checkActor(options.actor)
    for (let attempt = 0; ; attempt++) {
      const row = await this.#load(instanceId)
      if (row.status !== 'active') {
        throw new FengqiaoError('EVENT_NOT_ACCEPTED', `Instance ${instanceId} is ${row.status}; only running instances are migrated.`, { instanceId, status: row.status })
      }
      const fromDef = this.#definition(row.processId, row.processVersion)
      const toDef = this.#definition(row.processId, options.toVersion)
      const refuse = (why: string, cause?: unknown) =>
        new FengqiaoError('MIGRATION_REFUSED', `Instance ${instanceId} cannot move from version ${fromDef.version} to ${toDef.version}: ${why}`, { instanceId, state: row.stateKey, toVersion: toDef.version }, cause === undefined ? undefined : { cause })
      if (!Object.hasOwn(options.stateMap, row.stateKey)) {
        throw refuse(`its state "${row.stateKey}" has no entry in stateMap (mapped: ${Object.keys(options.stateMap).join(', ') || 'none'}).`)
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
      const now = this.clock.now()
      // `after` timers: the new states' delays, keeping the due time of an old timer with the same delay.
      const segment = (key: string) => key.split('.')[2]
      const oldAfter = row.timers.filter((t) => !t.key.startsWith('deadline:'))
      const schedule = afterTimers(toDef.machine, snapshot).map((t) => {
        const match = oldAfter.find((o) => segment(o.key) === segment(t.key))
        return match === undefined ? t : { ...t, delayMs: Math.max(0, match.dueAt - now) }
      })
      const outcome: StepOutcome = { ...interpret(toDef.machine, snapshot, []), schedule, cancel: oldAfter.map((t) => t.key) }
      // Deadlines: kept by name (moved to the new state node); one unmatched old deadline carries
      // over to one unmatched new one.
      const specs = outcome.activeNodes.flatMap((n) => {
        const d = toDef.states.get(n)?.deadline
        return d === undefined ? [] : [d]
      })
      let deadlines: DeadlineState[] = row.deadlines.map((d) => {
        const spec = specs.find((x) => x.name === d.name)
        return spec === undefined ? d : { ...d, stateNode: spec.stateNode }
      })
      const unmatchedOld = deadlines.filter((d) => !specs.some((x) => x.name === d.name))
      const unmatchedNew = specs.filter((x) => !deadlines.some((d) => d.name === x.name))
      if (unmatchedOld.length === 1 && unmatchedNew.length === 1) {
        const [o, n] = [unmatchedOld[0] as DeadlineState, unmatchedNew[0] as (typeof specs)[number]]
        deadlines = deadlines.map((d) => (d === o ? { ...d, name: n.name, stateNode: n.stateNode } : d))
      }
      const planned = plan(this.#planContext(now), toDef, row, outcome, {
        kind: 'migrated',
        event: { type: 'fengqiao.migrate', fromVersion: fromDef.version, toVersion: toDef.version, from: row.stateKey, to: outcome.stateKey },
        actor: options.actor,
        fingerprint: '',
        expectedVersion: row.version,
        processVersion: toDef.version,
        deadlines,
      })
      try {
        await this.#commit(planned.change)
      } catch (e) {
        this.#forget(instanceId)
        if (isFengqiaoError(e, 'VERSION_CONFLICT') && attempt < this.#maxRetries) continue
        throw e
      }
      this.#remember(planned)
      this.#publish(planned, options.actor)
      return planned.summary
    }
  }

  async replay(instanceId: string, options: { readonly version?: number } = {}): Promise<ReplayResult> {
    this.#open()
    const row = await this.#load(instanceId)
    const def = this.#definition(row.processId, options.version ?? row.processVersion)
    const entries = await this.store.history(instanceId)
    let snapshot: AnyMachineSnapshot | undefined
    let replayed = 0
    for (const h of entries) {
      if (h.kind === 'migrated') return { ok: true, version: def.version, replayed, state: h.from ?? '', stoppedAt: h.seq }
      if (h.kind === 'started') {
        const input = (h.event as { input?: unknown }).input
        snapshot = stepStart(def.machine, input ?? undefined).snapshot
      } else if (snapshot !== undefined) {
        const sent = (h.detail as { sent?: unknown } | null)?.sent
        const d = (h.detail ?? {}) as { escalatedFrom?: unknown; escalatedTo?: unknown }
        const escalation = d.escalatedTo === undefined ? {} : { from: d.escalatedFrom, to: d.escalatedTo }
        const deadline = (h.event as { deadline?: unknown }).deadline
        const event = h.kind === 'deadline' ? (typeof sent === 'string' ? { type: sent, deadline, ...escalation } : undefined) : (h.event as { type: string })
        if (event !== undefined) snapshot = stepEvent(def.machine, snapshot, event)?.snapshot ?? snapshot
      }
      const actual = snapshot === undefined ? '' : stateKeyOf(snapshot.value as StateValue)
      if (actual !== h.to) return { ok: false, version: def.version, replayed, divergedAt: h.seq, expected: h.to, actual }
      replayed++
    }
    return { ok: true, version: def.version, replayed, state: snapshot === undefined ? '' : stateKeyOf(snapshot.value as StateValue) }
  }

  // ---------------------------------------------------------------- reports

  async report(query: ReportQuery): Promise<Report> {
    this.#open()
    const ms = (t: unknown): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Number.NaN)
    const from = ms(query?.from)
    const to = ms(query?.to)
    if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
      throw new FengqiaoError('INVALID_OPTIONS', 'report() needs a window { from, to } of Dates or epoch milliseconds with from < to.', { from: String(query?.from), to: String(query?.to) })
    }
    const units = query.orgUnit === undefined ? undefined : this.#orgs.subtree(query.orgUnit)
    const processes = query.processId === undefined ? undefined : typeof query.processId === 'string' ? [query.processId] : [...query.processId]
    const instances: StoredInstance[] = []
    let cursor: string | undefined
    do {
      const page = await this.store.findInstances({ ...(processes === undefined ? {} : { processId: processes }), ...(units === undefined ? {} : { orgUnit: units }) }, { limit: 1000, cursor })
      instances.push(...page.items)
      cursor = page.nextCursor
    } while (cursor !== undefined)
    const tasks: TaskRow[] = []
    cursor = undefined
    do {
      const page = await this.store.findTasks(units === undefined ? {} : { orgUnit: units }, { limit: 1000, cursor })
      tasks.push(...page.items.filter((t) => processes === undefined || processes.includes(t.processId)))
      cursor = page.nextCursor
    } while (cursor !== undefined)
    return buildReport({ from, to, now: this.clock.now(), scope: query.orgUnit, instances, tasks, orgs: this.#orgs })
  }

  // ---------------------------------------------------------------- timers and outbox

  async runDueTimers(options: BatchOptions = {}): Promise<number> {
    this.#open()
    let fired = 0
    for (;;) {
      const batch = await this.store.claimDueTimers(this.clock.now(), options.batchSize ?? DEFAULT_BATCH, this.#nodeId, options.leaseMs ?? DEFAULT_LEASE_MS)
      if (batch.length === 0) return fired
      // Fire with bounded concurrency; timers of one instance serialize on its version check.
      let next = 0
      const lane = async () => {
        while (next < batch.length) {
          const timer = batch[next++] as TimerRow
          if (await this.#fire(timer)) fired++
        }
      }
      await Promise.all(Array.from({ length: Math.min(FIRE_CONCURRENCY, batch.length) }, lane))
    }
  }

  // Fires one claimed timer as a command of the system actor. Exactly once in effect: the commit
  // removes the timer from the instance under its compare-and-swap, and a timer the instance no
  // longer lists (its state was left, or another node fired it) is deleted without effect.
  async #fire(timer: TimerRow): Promise<boolean> {
    try {
      return (await this.#send(timer.instanceId, timer.event, { actor: SYSTEM_ACTOR }, 'timer', timer)).applied
    } catch (error) {
      if (isFengqiaoError(error, 'NOT_FOUND')) {
        await this.store.deleteTimers([timer.id])
        return false
      }
      this.#emit('error', { source: `timer:${timer.id}`, error })
      return false
    }
  }

  #kickOutbox(): void {
    if (this.#outboxRun !== undefined) {
      this.#outboxAgain = true
      return
    }
    this.#outboxRun = (async () => {
      let total = 0
      try {
        do {
          this.#outboxAgain = false
          total += await this.#deliverOutbox(DEFAULT_LEASE_MS, DEFAULT_BATCH)
        } while (this.#outboxAgain && !this.#closed)
      } catch (error) {
        this.#emit('error', { source: 'outbox', error })
      } finally {
        this.#outboxRun = undefined
      }
      return total
    })()
  }

  async pruneIdempotencyKeys(options: PruneOptions): Promise<number> {
    this.#open()
    if (typeof options !== 'object' || options === null || (typeof options.olderThan !== 'number' && typeof options.olderThan !== 'string')) {
      throw new FengqiaoError('INVALID_OPTIONS', 'pruneIdempotencyKeys() needs { olderThan }, for example { olderThan: "30d" }.')
    }
    const age = parseDuration(options.olderThan)
    if (!(age > 0)) throw new FengqiaoError('INVALID_OPTIONS', `olderThan must be a positive duration; got ${String(options.olderThan)}.`, { olderThan: String(options.olderThan) })
    const before = this.clock.now() - age
    const batch = options.batchSize ?? 1000
    if (!Number.isInteger(batch) || batch < 1 || batch > 1000) {
      throw new FengqiaoError('INVALID_OPTIONS', `batchSize must be a whole number from 1 to 1000; got ${String(batch)}.`, { batchSize: String(batch) })
    }
    let pruned = 0
    for (;;) {
      const n = await this.store.pruneIdempotency(before, batch)
      pruned += n
      if (n < batch) return pruned
    }
  }

  async runOutbox(options: BatchOptions = {}): Promise<number> {
    this.#open()
    if (this.#outboxRun !== undefined) await this.#outboxRun
    return this.#deliverOutbox(options.leaseMs ?? DEFAULT_LEASE_MS, options.batchSize ?? DEFAULT_BATCH)
  }

  async #deliverOutbox(leaseMs: number, batchSize: number): Promise<number> {
    let delivered = 0
    for (;;) {
      if (this.#closed) return delivered
      const batch = await this.store.claimOutbox(this.clock.now(), batchSize, this.#nodeId, leaseMs)
      if (batch.length === 0) return delivered
      for (const m of batch) {
        const handler = this.#effects.get(m.type)
        const attempt = m.attempts + 1
        if (m.type === NOTIFY_PARENT) {
          if (await this.#notifyParent(m.instanceId, m.params as { parentId: string; event: AnyEvent }, m.id)) delivered++
          continue
        }
        try {
          if (handler === undefined) throw new FengqiaoError('INVALID_OPTIONS', `No plugin on this node handles the action "${m.type}".`, { action: m.type })
          await handler({ id: m.id, type: m.type, params: m.params, instanceId: m.instanceId, processId: m.processId, event: m.event, context: m.context, attempt }, { engine: this })
          await this.store.ackOutbox([m.id])
          delivered++
          this.#emit('effectDelivered', { id: m.id, type: m.type, instanceId: m.instanceId })
        } catch (error) {
          const retryAt = this.clock.now() + Math.min(1000 * 2 ** (attempt - 1), 3_600_000)
          await this.store.retryOutbox(m.id, retryAt, error instanceof Error ? error.message : String(error))
          this.#emit('effectFailed', { id: m.id, type: m.type, instanceId: m.instanceId, error, attempt, retryAt: new Date(retryAt) })
        }
      }
    }
  }

  // A linked case ended: send its result to the parent as the system actor, once (idempotency
  // key per child). A parent that no longer takes the event is reported, not retried forever.
  async #notifyParent(childId: string, p: { parentId: string; event: AnyEvent }, messageId: string): Promise<boolean> {
    try {
      await this.#send(p.parentId, p.event, { actor: SYSTEM_ACTOR, idempotencyKey: `child:${childId}` }, 'child')
      await this.store.ackOutbox([messageId])
      return true
    } catch (error) {
      if (isFengqiaoError(error) && ['EVENT_NOT_ACCEPTED', 'INVALID_EVENT', 'NOT_FOUND', 'PROCESS_NOT_REGISTERED'].includes(error.code)) {
        await this.store.ackOutbox([messageId])
        this.#emit('error', { source: `notifyParent:${p.parentId}`, error })
        return false
      }
      const retryAt = this.clock.now() + 5_000
      await this.store.retryOutbox(messageId, retryAt, error instanceof Error ? error.message : String(error))
      this.#emit('error', { source: `notifyParent:${p.parentId}`, error })
      return false
    }
  }

  startWorker(options: WorkerOptions = {}): Worker {
    this.#open()
    const pollMs = options.pollMs ?? 1000
    if (!Number.isFinite(pollMs) || pollMs < 1) throw new FengqiaoError('INVALID_OPTIONS', `pollMs must be a positive number of milliseconds; got ${pollMs}.`)
    const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS
    const batchSize = options.batchSize ?? DEFAULT_BATCH
    let stopped = false
    let timeout: ReturnType<typeof setTimeout> | undefined
    let current: Promise<void> = Promise.resolve()
    const tick = (): void => {
      current = (async () => {
        try {
          await this.runDueTimers({ leaseMs, batchSize })
          await this.#deliverOutbox(leaseMs, batchSize)
        } catch (error) {
          this.#emit('error', { source: 'worker', error })
        }
        if (!stopped) timeout = setTimeout(tick, pollMs)
      })()
    }
    tick()
    const worker: Worker = {
      stop: async () => {
        stopped = true
        if (timeout !== undefined) clearTimeout(timeout)
        await current
        this.#workers.delete(worker)
      },
    }
    this.#workers.add(worker)
    return worker
  }

  async close(): Promise<void> {
    if (this.#closed) return
    await Promise.all([...this.#workers].map((w) => w.stop()))
    if (this.#outboxRun !== undefined) await this.#outboxRun
    this.#closed = true
    this.#emitter.removeAllListeners()
    this.#cache.clear()
    if (this.#ownsStore) await this.store.close()
  }
}

/**
 * Creates an engine.
 *
 * @param options - processes, store, clock, plugins, org units
 * @returns the {@link Engine}
 * @throws {FengqiaoError} INVALID_OPTIONS for malformed options, duplicate plugins or effect
 *   handlers, or a broken org-unit tree
 * @example
 * ```ts
 * const engine = createEngine({ processes: [ticket] })   // in-memory store, system clock
 * const { id } = await engine.start('ticket', undefined, { actor: { id: 'u1', roles: ['clerk'] } })
 * ```
 */
export function createEngine(options: EngineOptions = {}): Engine {
  return new FengqiaoEngine(options)
}
