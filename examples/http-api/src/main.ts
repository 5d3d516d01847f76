// Serves the example on 127.0.0.1:3000 (PORT to change). Stop with Ctrl-C.
import { createEngine } from '@fengqiao/core'
import { buildApp } from './app.js'
import { request } from './process.js'

const engine = createEngine({ processes: [request] })
const worker = engine.startWorker({ pollMs: 1000 })
const app = buildApp(engine)
const port = Number(process.env.PORT ?? 3000)
await app.listen({ host: '127.0.0.1', port })
console.log(`Fengqiao HTTP example on http://127.0.0.1:${port}`)
const stop = async () => {
  await app.close()
  await worker.stop()
  await engine.close()
}
process.once('SIGINT', () => void stop())
process.once('SIGTERM', () => void stop())
