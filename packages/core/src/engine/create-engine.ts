/**
 * The engine: `createEngine` wires the parts, each in its own module — the registry, the command
 * runner (`commands.ts`: load → validate → authorize → idempotency → catch-up → pure step → plan
 * → one atomic commit → publish), timers, the outbox and worker, migration, audit and the views.
 *
 * @module
 */
import { randomUUID } from 'node:crypto'
import { chineseCalendar } from '../calendar/chinese-calendar.js'
import { parseDuration, systemClock, type Clock } from '../clock.js'
import { FengqiaoError, isFengqiaoError } from '../errors.js'
import type { AnyProcessDefinition } from '../process/define-process.js'
import { memoryStore } from '../store/memory-store.js'
import type { HistoryEntry, Page, Store } from '../store/types.js'
import type { Checkpoint } from '../integrity/checkpoint.js'
import { Integrity, type VerifyAllOptions, type VerifyAllResult } from '../integrity/engine-integrity.js'
import { authorizeAdmin, checkReason } from './authorize.js'
import { checkOptions, runSend, runStart } from './commands.js'
import { ensureOpen, type EngineCore } from './core.js'
import { commitResolutionOf, commitSettled } from './ambiguous-commit.js'
import { CalendarWatch } from './calendar-watch.js'
import { DEFAULT_INSTANCE_CACHE, InstanceCache } from './instance-cache.js'
import { inputLimitsOf } from './input-limits.js'
import { closeIncident, findIncidents, incidentAfterOf } from './incidents.js'
import { runMigrate } from './migrate.js'
import { OrgTree } from './org-tree.js'
import { OutboxRunner } from './outbox.js'
import { Publisher } from './publish.js'
import { collectPlugins, Registry } from './registry.js'
import type { Report, ReportQuery } from './report.js'
import { runDueTimers } from './timers.js'
import { runCancel, runModify, runResume, runSuspend, runTask } from './admin.js'
import type {
  AdminOptions,
  AnyEvent,
  AssignOptions,
  CancelOptions,
  DelegateOptions,
  ModifyOptions,
  TaskCommandOptions,
  BatchOptions,
  Command,
  CommandInterceptor,
  Engine,
  EngineEvents,
  EngineOptions,
  IncidentOptions,
  IncidentQuery,
  IncidentView,
  InstanceQuery,
  InstanceSummary,
  InstanceView,
  MigrateOptions,
  ProcessClient,
  PruneOptions,
  ReadOptions,
  ReplayOptions,
  ReplayResult,
  SafeResult,
  SendOptions,
  StartOptions,
  SystemReads,
  TaskQuery,
  TaskView,
  VerifyResult,
  Worker,
  WorkerOptions,
} from './types.js'
import {
  buildScopedReport,
  caseHistory,
  caseReplay,
  caseView,
  findInstances,
  findTasks,
  readCase,
  reportScope,
  systemReads,
} from './views.js'
import { Keyring } from '../privacy/keyring.js'
import { retentionOf, runErase, runPurge, runRekey, type PrivacyRules } from '../privacy/operations.js'
import { Privacy } from '../privacy/privacy.js'
import { sealedStore } from '../privacy/sealed-store.js'
import type { EraseOptions, PurgeOptions, RekeyOptions } from '../privacy/types.js'
import { startWorker } from './worker.js'

export { SYSTEM_ACTOR } from './commands.js'

class FengqiaoEngine implements Engine {
  readonly store: Store
  readonly clock: Clock
  /** The host's own reads: no actor, no scope (see SystemReads). */
  readonly system: SystemReads
  readonly #core: EngineCore
  readonly #interceptors: readonly CommandInterceptor[]
  readonly #outbox: OutboxRunner
  readonly #workers = new Set<Worker>()
  readonly #ownsStore: boolean
  readonly #adminRoles: readonly string[]
  readonly #privacyRules: PrivacyRules
  #closed = false

  constructor(options: EngineOptions) {
    if (typeof options !== 'object' || options === null)
      throw new FengqiaoError('INVALID_OPTIONS', 'createEngine() takes an options object.')
    const contributed = collectPlugins(options)
    this.#interceptors = contributed.interceptors
    const adminRoles: unknown = options.adminRoles ?? []
    if (!Array.isArray(adminRoles) || adminRoles.some((r) => typeof r !== 'string' || r === '' || r === 'system')) {
      throw new FengqiaoError('INVALID_OPTIONS', 'adminRoles must be a list of role names (not "system").', {
        adminRoles: String(adminRoles),
      })
    }
    this.#adminRoles = Object.freeze([...(adminRoles as string[])])
    this.#ownsStore = options.store === undefined
    this.store = options.store ?? memoryStore()
    this.clock = options.clock ?? systemClock
    const registry = new Registry(contributed.definitions)
    const privacy =
      options.privacy === undefined
        ? undefined
        : new Privacy(new Keyring(options.privacy), (id, version) => registry.find(id, version))
    this.#privacyRules = {
      adminRoles: options.privacy?.adminRoles ?? this.#adminRoles,
      retentionMs: retentionOf(options.privacy?.retention),
    }
    const cacheSize = options.instanceCache ?? DEFAULT_INSTANCE_CACHE
    if (!Number.isInteger(cacheSize) || cacheSize < 0) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `instanceCache must be a whole number of instances (0 to turn the cache off); got ${String(cacheSize)}.`,
        { instanceCache: String(cacheSize) },
      )
    }
    const calendar = options.calendar ?? chineseCalendar({ outOfRange: 'weekends-only' })
    const calendarFor = typeof calendar === 'function' ? calendar : () => calendar
    const logger = options.logger ?? console
    if (typeof logger !== 'object' || logger === null || typeof logger.warn !== 'function') {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        'logger must be an object with a warn(message, detail) method, such as console.',
        {
          logger: logger === null ? 'null' : typeof logger,
        },
      )
    }
    const events = new Publisher()
    const calendarWatch = new CalendarWatch(calendarFor, logger, events)
    const deliverAfterCommit = options.deliverAfterCommit ?? true
    const limits = inputLimitsOf(options.limits)
    const incidentAfter = incidentAfterOf(options.incidents)
    const settleWithinMs = commitResolutionOf(options.commitResolution)
    // With personal data protected, the engine's parts see the store through the sealing layer.
    const store = privacy === undefined ? this.store : sealedStore(this.store, privacy)
    this.#core = {
      store,
      clock: this.clock,
      registry,
      privacy,
      orgs: new OrgTree(options.orgUnits ?? []),
      effects: contributed.effects,
      cache: new InstanceCache(cacheSize),
      events,
      ids: options.ids ?? randomUUID,
      nodeId: options.nodeId ?? `node-${randomUUID()}`,
      maxRetries: options.maxRetries ?? 100,
      incidentAfter,
      limits,
      commit: (change) => commitSettled(store, change, settleWithinMs),
      calendarFor,
      calendarWatch,
      integrity: new Integrity(
        options.integrity,
        privacy === undefined
          ? undefined
          : {
              row: (r) => privacy.openRow(r),
              entries: (es) => es.map((h) => ({ ...h, event: privacy.openAll(h.instanceId, h.event) })),
            },
      ),
      engine: this,
      outboxWritten: () => {
        if (deliverAfterCommit) this.#outbox.kick()
      },
      closed: () => this.#closed,
    }
    this.#outbox = new OutboxRunner(this.#core)
    const reads = systemReads(this.#core)
    this.system = {
      ...reads,
      incidents: async (query = {}) => findIncidents(this.#core, this.#adminRoles, query, null),
    }
    calendarWatch.atStart(this.clock.now(), contributed.definitions)
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
    const core = this.#core
    const run = (c: Command): Promise<InstanceSummary> =>
      c.kind === 'start'
        ? runStart(core, c.processId, c.input, c.options)
        : runSend(core, {
            origin: 'caller',
            instanceId: c.instanceId,
            event: c.event,
            options: c.options,
            kind: 'event',
          }).then((r) => r.summary)
    const tools = { engine: this as Engine }
    const chain = this.#interceptors.reduceRight<(c: Command) => Promise<InstanceSummary>>(
      (next, interceptor) => (c) => interceptor(c, next, tools),
      run,
    )
    return chain(command)
  }

  async migrate(instanceId: string, options: MigrateOptions): Promise<InstanceSummary> {
    return runMigrate(this.#core, this.#adminRoles, instanceId, options)
  }

  async cancel(instanceId: string, options: CancelOptions): Promise<InstanceSummary> {
    return runCancel(this.#core, this.#adminRoles, instanceId, options)
  }

  async suspend(instanceId: string, options: AdminOptions): Promise<InstanceSummary> {
    return runSuspend(this.#core, this.#adminRoles, instanceId, options)
  }

  async resume(instanceId: string, options: AdminOptions): Promise<InstanceSummary> {
    return runResume(this.#core, this.#adminRoles, instanceId, options)
  }

  async modify(instanceId: string, options: ModifyOptions): Promise<InstanceSummary> {
    return runModify(this.#core, this.#adminRoles, instanceId, options)
  }

  async claim(instanceId: string, taskId: string, options: TaskCommandOptions): Promise<InstanceSummary> {
    return runTask(this.#core, this.#adminRoles, 'claim', instanceId, taskId, options)
  }

  async unclaim(instanceId: string, taskId: string, options: TaskCommandOptions): Promise<InstanceSummary> {
    return runTask(this.#core, this.#adminRoles, 'unclaim', instanceId, taskId, options)
  }

  async assign(instanceId: string, taskId: string, options: AssignOptions): Promise<InstanceSummary> {
    return runTask(this.#core, this.#adminRoles, 'assign', instanceId, taskId, options)
  }

  async delegate(instanceId: string, taskId: string, options: DelegateOptions): Promise<InstanceSummary> {
    return runTask(this.#core, this.#adminRoles, 'delegate', instanceId, taskId, options)
  }

  async erase(instanceId: string, options: EraseOptions): Promise<InstanceSummary> {
    return runErase(this.#core, this.#privacyRules, instanceId, options)
  }

  async purge(options: PurgeOptions): Promise<number> {
    return runPurge(this.#core, this.#privacyRules, options)
  }

  async rekey(options: RekeyOptions): Promise<number> {
    return runRekey(this.#core, this.#privacyRules, options)
  }

  // ---------------------------------------------------------------- reads

  async get(instanceId: string, options: ReadOptions): Promise<InstanceView> {
    return caseView(await readCase(this.#core, instanceId, options, 'get'), options.actor)
  }

  async history(instanceId: string, options: ReadOptions): Promise<HistoryEntry[]> {
    return caseHistory(this.#core, await readCase(this.#core, instanceId, options, 'history'), options.actor)
  }

  async verify(instanceId: string, options: ReadOptions): Promise<VerifyResult> {
    const { row } = await readCase(this.#core, instanceId, options, 'verify')
    return this.#core.integrity.verify(
      row,
      await this.#core.store.history(instanceId),
      this.#core.registry.machineOf(row),
    )
  }

  // Integrity (docs/security.md): the work lives in ../integrity; the engine lends its store and
  // clock. Both are host operations over every case, like the worker: no actor, not for users.
  async verifyAll(options?: VerifyAllOptions): Promise<VerifyAllResult> {
    ensureOpen(this.#core)
    return this.#core.integrity.verifyAll(this.store, options, (row) => this.#core.registry.machineOf(row))
  }

  async checkpoint(): Promise<Checkpoint> {
    ensureOpen(this.#core)
    return this.#core.integrity.checkpoint(this.store, () => this.clock.now(), this.#core.nodeId)
  }

  async replay(instanceId: string, options: ReplayOptions): Promise<ReplayResult> {
    const { row } = await readCase(this.#core, instanceId, options, 'replay')
    return caseReplay(this.#core, row, options.version)
  }

  async tasks(query: TaskQuery & ReadOptions): Promise<Page<TaskView>> {
    ensureOpen(this.#core)
    checkOptions(query, 'tasks')
    const { actor, ...filter } = query
    return findTasks(this.#core, filter, actor)
  }

  async instances(query: InstanceQuery & ReadOptions): Promise<Page<InstanceSummary>> {
    ensureOpen(this.#core)
    checkOptions(query, 'instances')
    const { actor, ...filter } = query
    return findInstances(this.#core, filter, actor)
  }

  async report(query: ReportQuery & ReadOptions): Promise<Report> {
    ensureOpen(this.#core)
    checkOptions(query, 'report')
    const { actor, ...rest } = query
    return buildScopedReport(this.#core, { ...rest, orgUnit: reportScope(this.#core, actor, rest.orgUnit) })
  }

  // Incidents (docs/operations.md#incidents): an official reads those of the cases in their scope,
  // an administrator every one; closing one is an administrative operation.
  async incidents(query: IncidentQuery & ReadOptions): Promise<Page<IncidentView>> {
    ensureOpen(this.#core)
    checkOptions(query, 'incidents')
    const { actor, ...filter } = query
    return findIncidents(this.#core, this.#adminRoles, filter, actor)
  }

  async retryIncident(incidentId: string, options: IncidentOptions): Promise<IncidentView> {
    const view = await closeIncident(this.#core, this.#adminRoles, incidentId, options, 'retried')
    // A message put back is delivered at once, like one just committed.
    if (view.kind === 'outbox') this.#core.outboxWritten()
    return view
  }

  async resolveIncident(incidentId: string, options: IncidentOptions): Promise<IncidentView> {
    return closeIncident(this.#core, this.#adminRoles, incidentId, options, 'resolved')
  }

  process<P extends AnyProcessDefinition>(definition: P): ProcessClient<P> {
    const registered = this.#core.registry.definition(definition?.id, definition?.version)
    if (registered !== definition) {
      throw new FengqiaoError(
        'PROCESS_NOT_REGISTERED',
        `A different definition of "${definition.id}" version ${definition.version} is registered with this engine.`,
        { processId: definition.id },
      )
    }
    return {
      definition,
      start: (input, options) => this.start(definition.id, input, { ...options, version: definition.version }),
      send: (id, event, options) => this.send(id, event, options),
      get: async (id, options) => {
        const view = await this.get(id, options)
        if (view.processId !== definition.id) {
          throw new FengqiaoError(
            'NOT_FOUND',
            `Instance ${id} is a case of "${view.processId}", not of "${definition.id}".`,
            { instanceId: id, processId: view.processId, expected: definition.id },
          )
        }
        return view as never
      },
    }
  }

  on<K extends keyof EngineEvents>(event: K, listener: (...args: EngineEvents[K]) => void): () => void {
    return this.#core.events.on(event, listener)
  }

  // ---------------------------------------------------------------- background work

  async runDueTimers(options: BatchOptions = {}): Promise<number> {
    return runDueTimers(this.#core, options)
  }

  async runOutbox(options: BatchOptions = {}): Promise<number> {
    ensureOpen(this.#core)
    return this.#outbox.run(options)
  }

  startWorker(options: WorkerOptions = {}): Worker {
    const worker = startWorker(this.#core, this.#outbox, options, (w) => this.#workers.delete(w))
    this.#workers.add(worker)
    return worker
  }

  async pruneIdempotencyKeys(options: PruneOptions): Promise<number> {
    ensureOpen(this.#core)
    if (
      typeof options !== 'object' ||
      options === null ||
      (typeof options.olderThan !== 'number' && typeof options.olderThan !== 'string')
    ) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        'pruneIdempotencyKeys() needs { olderThan, actor, reason }, for example { olderThan: "30d", actor, reason: "monthly upkeep" }.',
      )
    }
    checkOptions(options, 'pruneIdempotencyKeys')
    authorizeAdmin(this.#adminRoles, options.actor, 'pruneIdempotencyKeys')
    checkReason(options.reason, 'pruneIdempotencyKeys')
    const age = parseDuration(options.olderThan)
    if (!(age > 0))
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `olderThan must be a positive duration; got ${String(options.olderThan)}.`,
        { olderThan: String(options.olderThan) },
      )
    const batch = options.batchSize ?? 1000
    if (!Number.isInteger(batch) || batch < 1 || batch > 1000) {
      throw new FengqiaoError(
        'INVALID_OPTIONS',
        `batchSize must be a whole number from 1 to 1000; got ${String(batch)}.`,
        { batchSize: String(batch) },
      )
    }
    const before = this.clock.now() - age
    let pruned = 0
    for (;;) {
      const n = await this.store.pruneIdempotency(before, batch)
      pruned += n
      if (n < batch) break
    }
    this.#core.events.emit('admin', {
      operation: 'pruneIdempotencyKeys',
      actor: options.actor,
      reason: options.reason,
      instanceId: null,
    })
    return pruned
  }

  async close(): Promise<void> {
    if (this.#closed) return
    await Promise.all([...this.#workers].map((w) => w.stop()))
    await this.#outbox.settled()
    this.#closed = true
    this.#core.events.clear()
    this.#core.cache.clear()
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
