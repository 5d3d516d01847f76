/**
 * A database that hangs (its processes stopped with SIGSTOP): a command must fail with a typed
 * error within the configured timeouts instead of waiting forever, leave nothing half done, and
 * the engine must work again once the server thaws.
 */
import { createEngine, isFengqiaoError, type FengqiaoError } from '@fengqiao/core'
import { openStore } from './databases.js'
import { mysqlStore, postgresStore, type StoreTimeouts } from '../src/index.js'
import { caseProcess, mediation, organ, orgUnits } from './case-process.js'
import type { ThrowawayServer } from './throwaway-servers.js'

/** What a hang run found. */
export interface HangReport {
  readonly code: string
  readonly reason: unknown
  readonly failedAfterMs: number
  readonly recoveredAfterThawMs: number
  readonly comments: readonly string[]
}

/** Runs one command against a frozen server, then thaws it. */
export async function runHang(server: ThrowawayServer, timeouts: StoreTimeouts, withinMs: number): Promise<HangReport> {
  const prefix = `h${Date.now() % 100000}_`
  const setup = openStore(server.kind, server.url, prefix)
  await setup.migrate()
  await setup.close()
  const store =
    server.kind === 'postgres'
      ? postgresStore({ connectionString: server.url }, { tablePrefix: prefix, timeouts })
      : mysqlStore({ uri: server.url }, { tablePrefix: prefix, timeouts })
  const engine = createEngine({
    processes: [caseProcess, mediation],
    store,
    orgUnits,
    deliverAfterCommit: false,
    commitResolution: { withinMs },
  })
  const { id } = await engine.start('case', { title: 'hang' }, { actor: organ, orgUnit: 'town' })
  await engine.send(id, { type: 'ACCEPT' }, { actor: organ })
  server.freeze(true)
  let error: unknown
  const t0 = Date.now()
  try {
    await engine.send(id, { type: 'COMMENT', text: 'during the freeze' }, { actor: organ })
  } catch (e) {
    error = e
  }
  const failedAfterMs = Date.now() - t0
  server.freeze(false)
  const t1 = Date.now()
  let recovered = false
  while (!recovered && Date.now() - t1 < 60_000) {
    try {
      await engine.send(id, { type: 'COMMENT', text: 'after the thaw' }, { actor: organ })
      recovered = true
    } catch (e) {
      if (!isFengqiaoError(e, 'STORE_UNAVAILABLE') && !isFengqiaoError(e, 'OUTCOME_UNKNOWN')) throw e
      await new Promise((r) => setTimeout(r, 100))
    }
  }
  const recoveredAfterThawMs = Date.now() - t1
  const comments = ((await engine.system.get(id)).context as { comments: string[] }).comments
  await engine.close()
  await store.dropTables().catch(() => undefined)
  await store.close()
  return {
    code: isFengqiaoError(error) ? error.code : `untyped: ${String(error)}`,
    reason: isFengqiaoError(error) ? ((error as FengqiaoError).details.reason ?? null) : null,
    failedAfterMs,
    recoveredAfterThawMs,
    comments,
  }
}
