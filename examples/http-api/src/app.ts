// An HTTP API over the engine: start a case, send an event, list tasks, read a case and its history.
// The engine's typed errors map to status codes in one place.
import Fastify, { type FastifyInstance } from 'fastify'
import { httpStatusFor, isFengqiaoError, type Actor, type Engine, type FengqiaoErrorCode } from '@fengqiao/core'

/** HTTP status for each error code: core's table (the console uses the same one). */
export const statusFor: Readonly<Record<FengqiaoErrorCode, number>> = httpStatusFor

// Demo authentication: the caller's identity comes from headers. Put your real auth here.
function actorOf(headers: Record<string, string | string[] | undefined>): Actor {
  const one = (h: string) => (Array.isArray(headers[h]) ? headers[h][0] : headers[h]) as string | undefined
  const id = one('x-user')
  const roles = (one('x-roles') ?? '')
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
  const orgUnit = one('x-org-unit')
  return orgUnit === undefined ? { id: id ?? '', roles } : { id: id ?? '', roles, orgUnit }
}

/**
 * Builds the Fastify app around an engine.
 *
 * @param engine - a Fengqiao engine
 * @returns the app (call `listen` or `inject`)
 */
export function buildApp(engine: Engine): FastifyInstance {
  const app = Fastify({ logger: false })

  app.setErrorHandler((error, _request, reply) => {
    if (isFengqiaoError(error)) {
      void reply
        .status(statusFor[error.code])
        .send({ code: error.code, message: error.message, details: error.details })
      return
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500
    void reply
      .status(status)
      .send({ code: status === 500 ? 'INTERNAL' : 'BAD_REQUEST', message: (error as Error).message })
  })

  app.post<{ Params: { processId: string }; Body: { input?: unknown; orgUnit?: string; businessKey?: string } }>(
    '/processes/:processId/cases',
    async (req, reply) => {
      const body = req.body ?? {}
      const idempotencyKey = req.headers['idempotency-key'] as string | undefined
      const started = await engine.start(req.params.processId, body.input, {
        actor: actorOf(req.headers),
        orgUnit: body.orgUnit,
        businessKey: body.businessKey,
        idempotencyKey,
      })
      return reply.status(201).send(started)
    },
  )

  app.post<{ Params: { id: string }; Body: { type: string; [k: string]: unknown } }>(
    '/cases/:id/events',
    async (req) => {
      const ifMatch = req.headers['if-match']
      const expectedVersion = typeof ifMatch === 'string' && /^\d+$/.test(ifMatch) ? Number(ifMatch) : undefined
      const idempotencyKey = req.headers['idempotency-key'] as string | undefined
      return engine.send(req.params.id, req.body, { actor: actorOf(req.headers), expectedVersion, idempotencyKey })
    },
  )

  // Administrators' commands (docs/operations.md#admin-commands): the engine checks the admin
  // role, the scope and the reason; the reason travels in the body.
  app.post<{ Params: { id: string }; Body: { reason: string; children?: 'cancel' | 'detach' } }>(
    '/cases/:id/cancel',
    async (req) => engine.cancel(req.params.id, { actor: actorOf(req.headers), ...req.body }),
  )
  app.post<{ Params: { id: string; op: string }; Body: { reason: string } }>('/cases/:id/:op', async (req, reply) => {
    const { id, op } = req.params
    const options = { actor: actorOf(req.headers), reason: req.body?.reason }
    if (op === 'suspend') return engine.suspend(id, options)
    if (op === 'resume') return engine.resume(id, options)
    return reply.status(404).send({ code: 'NOT_FOUND', message: `No operation ${op} on a case.` })
  })

  // Tasks change hands: claim and unclaim by the task's role holders, assign by administrators,
  // delegate by the holder.
  app.post<{
    Params: { id: string; taskId: string; op: string }
    Body: { assignee?: string | null; to?: string; reason?: string }
  }>('/cases/:id/tasks/:taskId/:op', async (req, reply) => {
    const { id, taskId, op } = req.params
    const actor = actorOf(req.headers)
    const body = req.body ?? {}
    if (op === 'claim') return engine.claim(id, taskId, { actor })
    if (op === 'unclaim') return engine.unclaim(id, taskId, { actor })
    if (op === 'assign')
      return engine.assign(id, taskId, { actor, assignee: body.assignee ?? null, reason: body.reason as string })
    if (op === 'delegate')
      return engine.delegate(id, taskId, { actor, to: body.to as string, reason: body.reason as string })
    return reply.status(404).send({ code: 'NOT_FOUND', message: `No operation ${op} on a task.` })
  })

  app.get<{ Params: { id: string } }>('/cases/:id', async (req) =>
    engine.get(req.params.id, { actor: actorOf(req.headers) }),
  )
  app.get<{ Params: { id: string } }>('/cases/:id/history', async (req) =>
    engine.history(req.params.id, { actor: actorOf(req.headers) }),
  )
  app.get<{
    Querystring: {
      role?: string
      orgUnit?: string
      assignee?: string
      colour?: 'red' | 'yellow' | 'green'
      cursor?: string
      limit?: string
    }
  }>('/tasks', async (req) => {
    const q = req.query
    return engine.tasks({
      actor: actorOf(req.headers),
      ...(q.role === undefined ? {} : { role: q.role }),
      ...(q.orgUnit === undefined ? {} : { orgUnit: q.orgUnit }),
      ...(q.assignee === undefined ? {} : { assignee: q.assignee }),
      ...(q.colour === undefined ? {} : { colour: q.colour }),
      ...(q.limit === undefined ? {} : { limit: Number(q.limit) }),
      cursor: q.cursor,
    })
  })
  return app
}
