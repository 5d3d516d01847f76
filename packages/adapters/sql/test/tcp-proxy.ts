/**
 * A TCP proxy (node:net) in front of a database that can drop the reply to a chosen request and
 * cut the connection: the commit reached the server, the answer never reaches the client.
 */
import { createServer, connect, type Server, type Socket } from 'node:net'

/** What to drop: the reply to the first request containing `marker` — or, with `then`, to the next request on that connection matching it (MySQL's COMMIT after the transaction's statements). */
export interface DropRule {
  readonly marker: string
  readonly then?: RegExp
}

/** A running proxy. */
export interface TcpProxy {
  readonly port: number
  /** Arms the proxy to drop one reply. */
  drop(rule: DropRule): void
  /** How many replies were dropped. */
  readonly dropped: number
  close(): Promise<void>
}

/** Starts a proxy on a free port of 127.0.0.1 to `host:port`. */
export async function startProxy(host: string, port: number): Promise<TcpProxy> {
  let rule: DropRule | undefined
  let dropped = 0
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = connect(port, host)
    sockets.add(client).add(upstream)
    let state: 'pass' | 'seen' | 'drop' = 'pass'
    const cut = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('data', (chunk) => {
      const text = chunk.toString('latin1')
      if (rule !== undefined && state === 'pass' && text.includes(rule.marker))
        state = rule.then === undefined ? 'drop' : 'seen'
      else if (rule?.then !== undefined && state === 'seen' && rule.then.test(text)) state = 'drop'
      if (state === 'drop') rule = undefined
      upstream.write(chunk)
    })
    upstream.on('data', (chunk) => {
      if (state === 'drop') {
        dropped++
        state = 'pass'
        cut()
        return
      }
      client.write(chunk)
    })
    client.on('error', cut).on('close', cut)
    upstream.on('error', cut).on('close', cut)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (typeof address !== 'object' || address === null) throw new Error('proxy has no port')
  return {
    port: address.port,
    drop: (r) => {
      rule = r
    },
    get dropped() {
      return dropped
    },
    close: async () => {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
