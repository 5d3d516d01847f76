// The heavy fault runs (pnpm test:long): several engines on one throwaway server, several
// restarts in both stop modes, on PostgreSQL and MariaDB; and a hanging server with the default
// timeouts. Each run prints what it measured: acknowledged, lost, doubled, recovery times.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_TIMEOUTS } from '../src/index.js'
import { runHang } from './hang-scenario.js'
import { runRestart } from './restart-scenario.js'
import { startThrowaway, throwawayAvailable, type ThrowawayServer } from './throwaway-servers.js'

for (const kind of ['postgres', 'mysql'] as const) {
  describe.runIf(throwawayAvailable(kind) || process.env.CI === 'true')(`${kind}: restarts under four engines`, () => {
    let server: ThrowawayServer | undefined
    beforeAll(async () => {
      server = await startThrowaway(kind)
    }, 180_000)
    afterAll(async () => {
      await server?.destroy()
    }, 60_000)

    for (const mode of ['immediate', 'fast'] as const) {
      it(`three ${mode} restarts: no crash, nothing lost or doubled, every engine recovers`, async () => {
        const report = await runRestart(server as ThrowawayServer, {
          engines: 4,
          restarts: 3,
          mode,
          downMs: 2_000,
          betweenMs: 2_000,
        })
        console.log(`[faults:long] ${kind} ${mode} x3, 4 engines:`, JSON.stringify(report))
        expect(report.acknowledged).toBeGreaterThan(0)
        expect(report.lost).toBe(0)
        expect(report.doubled).toBe(0)
        expect(report.recoveryMs).toHaveLength(3)
        expect(report.workerAlive).toBe(true)
      }, 300_000)
    }

    it('a server frozen for longer than the default timeouts: a typed error, bounded by them', async () => {
      const report = await runHang(server as ThrowawayServer, {}, 30_000)
      console.log(`[faults:long] ${kind} frozen server, default timeouts:`, JSON.stringify(report))
      expect(['STORE_UNAVAILABLE', 'OUTCOME_UNKNOWN']).toContain(report.code)
      expect(report.failedAfterMs).toBeLessThan(DEFAULT_TIMEOUTS.statementMs + 5_000 + 30_000 + 5_000)
      expect(report.comments.filter((c) => c === 'during the freeze').length).toBeLessThanOrEqual(1)
      expect(report.comments.at(-1)).toBe('after the thaw')
    }, 300_000)
  })
}
