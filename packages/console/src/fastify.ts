/**
 * The console as a Fastify plugin: register it under a prefix and it answers everything below.
 *
 * ```ts
 * await app.register(fengqiaoConsole, { prefix: '/console', engine, processes, resolveActor: (req) => req.user })
 * ```
 *
 * `resolveActor` receives the `FastifyRequest`, so the host's own authentication (decorators,
 * hooks) is what identifies the user. The plugin is encapsulated: its raw-body content parser
 * does not leak into the host's other routes.
 *
 * @module
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { buildConsoleApp } from './api.js'
import type { ConsoleOptions } from './options.js'

/** Options of the Fastify plugin: the console's, with the `FastifyRequest` given to `resolveActor`. */
export type FastifyConsoleOptions = Omit<ConsoleOptions<FastifyRequest>, 'basePath'>

/**
 * The Fastify plugin. The mount path is the plugin's `prefix`.
 *
 * @param fastify - the encapsulated instance
 * @param options - the console's options
 */
export const fengqiaoConsole: FastifyPluginAsync<FastifyConsoleOptions> = async (
  fastify: FastifyInstance,
  options: FastifyConsoleOptions,
) => {
  const app = buildConsoleApp<FastifyRequest>({ ...options, basePath: fastify.prefix })
  // The console reads its own bodies: keep them as bytes.
  fastify.removeAllContentTypeParsers()
  fastify.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body))
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const headers = new Headers()
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined) continue
      for (const one of Array.isArray(v) ? v : [v]) headers.append(k, one)
    }
    const url = `${req.protocol}://${req.host}${req.url}`
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && Buffer.isBuffer(req.body)
    const request = new Request(url, {
      method: req.method,
      headers,
      ...(hasBody ? { body: new Uint8Array(req.body as Buffer) } : {}),
    })
    const response = await app.fetch(request, { request: req })
    void reply.status(response.status)
    response.headers.forEach((value, key) => {
      if (key !== 'set-cookie') void reply.header(key, value)
    })
    const cookies = response.headers.getSetCookie()
    if (cookies.length > 0) void reply.header('set-cookie', cookies)
    return reply.send(Buffer.from(await response.arrayBuffer()))
  }
  fastify.all('/', handler)
  fastify.all('/*', handler)
}
