// A database restart under a running engine, on a throwaway PostgreSQL cluster and a throwaway
// MariaDB (never the shared servers): the process must not crash, no acknowledged event may be
// lost or doubled, and the engine and its worker recover by themselves. One restart each here;
// the heavier runs (several engines, several restarts, both stop modes) are faults.long.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runHang } from './hang-scenario.js'
import { runRestart } from './restart-scenario.js'
import { startThrowaway, throwawayAvailable, type ThrowawayServer } from './throwaway-servers.js'

for (const kind of ['postgres', 'mysql'] as const) {
  describe.runIf(throwawayAvailable(kind) || process.env.CI === 'true')(
    `a ${kind} restart under a running engine`,
    () => {
      let server: ThrowawayServer | undefined
      beforeAll(async () => {
        server = await startThrowaway(kind)
      }, 180_000)
      afterAll(async () => {
        await server?.destroy()
      }, 60_000)

      it('immediate stop and start: no crash, nothing lost or doubled, the worker recovers', async () => {
        const report = await runRestart(server as ThrowawayServer, {
          engines: 1,
          restarts: 1,
          mode: 'immediate',
          downMs: 1_000,
          betweenMs: 1_500,
        })
        console.log(`[faults] ${kind} immediate restart, 1 engine:`, JSON.stringify(report))
        expect(report.acknowledged).toBeGreaterThan(0)
        expect(report.lost).toBe(0)
        expect(report.doubled).toBe(0)
        expect(report.recoveryMs).toHaveLength(1)
        expect(report.workerAlive).toBe(true)
      }, 90_000)

      it('a frozen server: a typed error within the timeouts, nothing half done, and recovery after the thaw', async () => {
        const report = await runHang(
          server as ThrowawayServer,
          { connectMs: 1_000, statementMs: 1_000, lockMs: 1_000 },
          1_000,
        )
        console.log(`[faults] ${kind} frozen server:`, JSON.stringify(report))
        expect(['STORE_UNAVAILABLE', 'OUTCOME_UNKNOWN']).toContain(report.code)
        // statementMs + the client's 5 s grace + the 1 s resolution window + its attempts' connect timeouts.
        expect(report.failedAfterMs).toBeLessThan(12_000)
        // The frozen command took effect at most once, and the engine works again.
        expect(report.comments.filter((c) => c === 'during the freeze').length).toBeLessThanOrEqual(1)
        expect(report.comments.at(-1)).toBe('after the thaw')
      }, 90_000)
    },
  )
}
