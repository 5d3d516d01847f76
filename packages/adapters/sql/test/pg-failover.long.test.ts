/**
 * PostgreSQL with a standby: a primary and a streaming standby under synchronous replication,
 * started on 127.0.0.1 for the run (pg-standby.ts). Engines run with both servers in their
 * stores' list; the primary is killed (no shutdown checkpoint) and the standby promoted while
 * they send. The stores find the new primary by themselves (the standby refused them until then:
 * it does not accept writes), no acknowledged command is lost (the standby flushed each one
 * before it was acknowledged), nothing is doubled, and a commit whose reply was lost at the
 * moment of failover is settled as ambiguous-commit.ts specifies. Prints what it measured.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runClusterFault } from './cluster-fault-scenario.js'
import { pgStandbyAvailable, startPgStandby, type PgStandbyPair } from './pg-standby.js'

describe.runIf(pgStandbyAvailable() || process.env.CI === 'true')(
  'postgres: a primary and a synchronous standby',
  () => {
    let pair: PgStandbyPair | undefined
    beforeAll(async () => {
      pair = await startPgStandby()
    }, 180_000)
    afterAll(async () => {
      await pair?.destroy()
    }, 60_000)

    it('the primary killed and the standby promoted under three engines: they reconnect by themselves, nothing acknowledged is lost or doubled, every timer fires once', async () => {
      const p = pair as PgStandbyPair
      expect(p.replication('sync_state')).toBe('sync')
      const report = await runClusterFault({
        dialect: 'postgres',
        urlsOf: () => [p.primaryUrl, p.standbyUrl],
        engines: 3,
        concurrency: 4,
        noteInstances: 60,
        timerInstances: 240,
        beforeMs: 4_000,
        afterMs: 4_000,
        timersFromMs: 2_000,
        timersToMs: 16_000,
        leaseMs: 5_000,
        fault: async () => {
          const t0 = Date.now()
          p.killPrimary()
          const killedMs = Date.now() - t0
          // The time an operator or a failover manager takes to decide is not the store's: promote at once.
          p.promoteStandby()
          return { killMs: killedMs, promoteMs: Date.now() - t0 - killedMs }
        },
      })
      console.log('[pg-failover] primary killed, standby promoted, 3 engines:', JSON.stringify(report))
      expect(report.failures).toEqual([])
      expect(report.acknowledged).toBeGreaterThan(0)
      expect(report.lost).toBe(0)
      expect(report.doubled).toBe(0)
      expect(report.timers).toEqual({ expected: 300, fired: 300, doubled: 0, missing: 0 })
      expect(report.verified).toEqual({ ok: true, cases: 300, problems: 0 })
      expect(report.recoveryMs.every((ms) => ms >= 0)).toBe(true)
    }, 300_000)
  },
)
