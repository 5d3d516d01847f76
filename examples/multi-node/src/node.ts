// One engine node: it shares the database with the others, fires due timers with a worker, and
// reports each timer it fired on stdout. Stops when its parent sends "stop" or goes away.
import { createEngine } from '@fengqiao/core'
import { postgresStore } from '@fengqiao/adapter-sql'
import { reminder } from './process.js'

const [name = 'node', url = process.env.FENGQIAO_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'] =
  process.argv.slice(2)
const store = postgresStore({ connectionString: url }, { tablePrefix: process.env.FENGQIAO_TABLE_PREFIX ?? 'fq_' })
const engine = createEngine({ processes: [reminder], store, nodeId: name })
engine.on('timerFired', ({ instanceId, timerId }) => console.log(JSON.stringify({ node: name, instanceId, timerId })))
const worker = engine.startWorker({ pollMs: 50, leaseMs: 10_000 })
console.log(JSON.stringify({ node: name, ready: true }))

const stop = async () => {
  await worker.stop()
  await engine.close()
  await store.close()
  process.exit(0)
}
process.stdin.on('data', (d) => {
  if (d.toString().includes('stop')) void stop()
})
process.stdin.on('end', () => void stop())
