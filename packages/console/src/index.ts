/**
 * `@fengqiao/console` — the operators' web console, mounted in the host's HTTP server.
 *
 * The host passes its engine, its processes and a `resolveActor(request)`; the console serves a
 * single-page app (worklist, cases, case timeline, processes, incidents, reports) and a JSON API
 * that reads and commands through the engine as that actor. Mount it as a Fetch-API handler
 * ({@link createConsole}), a `node:http` listener ({@link createConsole}`(…).node`) or a Fastify
 * plugin (`@fengqiao/console/fastify`). See docs/console.md.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { getRequestListener } from '@hono/node-server'
import { buildConsoleApp } from './api.js'
import type { ConsoleOptions } from './options.js'

export type { ConsoleOptions, ParameterTable, ResolveActor } from './options.js'
export type { ConsoleErrorCode, ConsoleBindings } from './api.js'
export type { Catalog, EventDescription, ProcessDescription, StateDescription } from './catalog.js'
export { CSRF_COOKIE, CSRF_HEADER } from './csrf.js'
export { buildConsoleApp } from './api.js'

/** A mounted console. */
export interface Console<R> {
  /**
   * The Fetch-API handler: give it the request and the host's own request object (passed to
   * `resolveActor`; the Fetch `Request` itself for a Fetch-API host).
   */
  fetch(request: Request, hostRequest?: R): Promise<Response>
}

/**
 * Creates the console as a Fetch-API handler (Deno, Bun, edge runtimes, or any framework that
 * speaks `Request`/`Response`).
 *
 * @param options - the engine, `resolveActor`, the processes
 * @returns the console; `console.fetch(request)` answers
 * @example
 * ```ts
 * const console = createConsole({ engine, processes, resolveActor: (req) => actorFromSession(req) })
 * Bun.serve({ fetch: (req) => console.fetch(req) })
 * ```
 */
export function createConsole(options: ConsoleOptions<Request>): Console<Request> {
  const app = buildConsoleApp(options)
  return {
    fetch: async (request, hostRequest) => app.fetch(request, { request: hostRequest ?? request }),
  }
}

/**
 * Creates the console as a `node:http` request listener, with `resolveActor` given the
 * `IncomingMessage`.
 *
 * @param options - the engine, `resolveActor`, the processes
 * @returns a listener for `http.createServer(listener)`, or to call from the host's own router
 * @example
 * ```ts
 * http.createServer(consoleListener({ engine, processes, basePath: '/console', resolveActor: (req) => actorOf(req) }))
 * ```
 */
export function consoleListener(
  options: ConsoleOptions<IncomingMessage>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const app = buildConsoleApp(options)
  const listener = getRequestListener((request, env) => app.fetch(request, { request: env.incoming }))
  return async (req, res) => {
    await listener(req, res)
  }
}
