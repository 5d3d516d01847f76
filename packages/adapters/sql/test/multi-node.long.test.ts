/**
 * Several engine *processes* on one database (PostgreSQL, and separately MySQL/MariaDB): events
 * and timers are applied exactly once, history stays contiguous and verified, and a process
 * killed with SIGKILL while holding timer leases loses nothing. The suite is multi-node-suite.ts;
 * galera.long.test.ts runs it on a cluster.
 */
import { describe } from 'vitest'
import { describeMultiNode } from './multi-node-suite.js'
import { serverUrl } from './servers.js'

for (const [dialect, variable] of [
  ['postgres', 'FENGQIAO_PG_URL'],
  ['mysql', 'FENGQIAO_MYSQL_URL'],
] as const) {
  const server = serverUrl(variable)
  describe.skipIf(server === undefined)(dialect, () => {
    describeMultiNode({
      label: dialect,
      dialect,
      server: () => server ?? '',
      nodes: 4,
      noteInstances: 500,
      timerOnlyInstances: 1500,
      events: 20_000,
    })
  })
}
