// Two worker processes share one PostgreSQL database: this process starts 20 cases whose
// reminder timers come due 1.5 s later; the two nodes fire them between them, each exactly once.
//   FENGQIAO_PG_URL=postgres://postgres@127.0.0.1:5432/test pnpm --filter @fengqiao/example-multi-node start
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { join } from 'node:path'
import { createEngine } from '@fengqiao/core'
import { postgresStore } from '@fengqiao/adapter-sql'
import { reminder } from './process.js'

const url = process.env.FENGQIAO_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const store = postgresStore({ connectionString: url }, { tablePrefix: 'fq_multinode_' })
await store.migrate()

const fired: Array<{ node: string; instanceId: string; timerId: string }> = []
function startNode(name: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@fengqiao/source', join(import.meta.dirname, 'node.ts'), name, url],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, FENGQIAO_TABLE_PREFIX: 'fq_multinode_' },
    },
  )
  return new Promise((resolve) => {
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const msg = JSON.parse(line) as { node: string; ready?: boolean; instanceId: string; timerId: string }
      if (msg.ready === true) resolve(child)
      else fired.push(msg)
    })
  })
}
const nodes = await Promise.all([startNode('node-a'), startNode('node-b')])

const engine = createEngine({ processes: [reminder], store })
const actor = { id: 'clerk', roles: ['clerk'] }
const ids: string[] = []
for (let i = 0; i < 20; i++) ids.push((await engine.start('reminder', undefined, { actor })).id)
const until = Date.now() + 20_000
while (fired.length < ids.length && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
for (const n of nodes) n.stdin?.end('stop\n')

const states = await Promise.all(ids.map(async (id) => (await engine.get(id, { actor })).stateKey))
const perNode = new Map<string, number>()
for (const f of fired) perNode.set(f.node, (perNode.get(f.node) ?? 0) + 1)
const once = new Set(fired.map((f) => f.timerId)).size === fired.length
console.log(
  `${ids.length} cases; ${fired.length} timers fired ${once ? 'once each' : 'WITH DUPLICATES'} by ${perNode.size} nodes (${[...perNode].map(([n, c]) => `${n}: ${c}`).join(', ')})`,
)
console.log(`states: ${[...new Set(states)].join(', ')}`)
for (const id of ids) await engine.send(id, { type: 'REPLY' }, { actor })
await engine.close()
await store.dropTables()
await store.close()
if (!once || fired.length !== ids.length || states.some((s) => s !== 'reminded')) process.exit(1)
