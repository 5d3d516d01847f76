// A database restart under a running engine, on a throwaway PostgreSQL cluster and a throwaway
// MariaDB (never the shared servers): the process must not crash, no acknowledged event may be
// lost or doubled, and the engine and its worker recover by themselves. One restart each here;
// the heavier runs (several engines, several restarts, both stop modes) are faults.long.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runRestart } from './restart-scenario.js'
import { startThrowaway, throwawayAvailable, type ThrowawayServer } from './throwaway-servers.js'

for (const kind of ['postgres', 'mysql'] as const) {
  describe.runIf(throwawayAvailable(kind) || process.env.CI === 'true')(`a ${kind} restart under a running engine`, () => {
    let server: ThrowawayServer | undefined
    beforeAll(async () => {
      server = await startThrowaway(kind)
    }, 180_000)
    afterAll(async () => {
      await server?.destroy()
    }, 60_000)

    it('immediate stop and start: no crash, nothing lost or doubled, the worker recovers', async () => {
      const report = await runRestart(server as ThrowawayServer, { engines: 1, restarts: 1, mode: 'immediate', downMs: 1_000, betweenMs: 1_500 })
      console.log(`[faults] ${kind} immediate restart, 1 engine:`, JSON.stringify(report))
      expect(report.acknowledged).toBeGreaterThan(0)
      expect(report.lost).toBe(0)
      expect(report.doubled).toBe(0)
      expect(report.recoveryMs).toHaveLength(1)
      expect(report.workerAlive).toBe(true)
    }, 90_000)
  })
}
