/**
 * The store as the engine sees it when personal data is protected: personal values sealed on
 * the way in, instance rows and outbox messages opened on the way out. History is returned as
 * stored — sealed — because `verify` checks the chain over the sealed form and reads decide for
 * themselves what a reader may see opened.
 *
 * @module
 * @internal
 */
import type { Store } from '../store/types.js'
import type { Privacy } from './privacy.js'

/**
 * Wraps a store so that no personal value reaches it in clear.
 *
 * @param inner - the host's store
 * @param privacy - the engine's sealing rules and keys
 */
export function sealedStore(inner: Store, privacy: Privacy): Store {
  return {
    name: inner.name,
    getInstance: async (id) => {
      const row = await inner.getInstance(id)
      return row === undefined ? undefined : privacy.openRow(row)
    },
    commit: (change) => inner.commit(privacy.sealChange(change)),
    history: (id, range) => inner.history(id, range),
    // Lists carry summaries only; the context stays sealed there.
    findInstances: (filter, page) => inner.findInstances(filter, page),
    findTasks: (filter, page) => inner.findTasks(filter, page),
    reportFigures: (filter, window) => inner.reportFigures(filter, window),
    claimDueTimers: (now, limit, owner, leaseMs) => inner.claimDueTimers(now, limit, owner, leaseMs),
    deleteTimers: (ids) => inner.deleteTimers(ids),
    nextTimerDue: () => inner.nextTimerDue(),
    retryTimer: (id, at, error) => inner.retryTimer(id, at, error),
    // Incidents hold ids, an action type or timer key and an error message: nothing sealed.
    openIncident: (incident) => inner.openIncident(incident),
    getIncident: (id) => inner.getIncident(id),
    findIncidents: (filter, page) => inner.findIncidents(filter, page),
    closeIncident: (id, close) => inner.closeIncident(id, close),
    claimOutbox: async (now, limit, owner, leaseMs) =>
      (await inner.claimOutbox(now, limit, owner, leaseMs)).map((m) => privacy.openMessage(m)),
    ackOutbox: (ids) => inner.ackOutbox(ids),
    retryOutbox: (id, at, error) => inner.retryOutbox(id, at, error),
    findIdempotent: (key) => inner.findIdempotent(key),
    pruneIdempotency: (before, limit) => inner.pruneIdempotency(before, limit),
    chainHeads: (page) => inner.chainHeads(page),
    rewritePersonal: (instanceId, entries, change) =>
      inner.rewritePersonal(instanceId, entries, privacy.sealChange(change)),
    purge: (completedBefore, limit) => inner.purge(completedBefore, limit),
    close: () => inner.close(),
  }
}
