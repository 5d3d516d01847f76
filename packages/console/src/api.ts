/**
 * The console's JSON API (under `api/`) and its static single-page app, as one Hono app: a
 * Fetch-API handler that the node:http and Fastify mounts wrap.
 *
 * Every route resolves the actor through the host's `resolveActor` and reads or commands through
 * the engine as that actor — never through `engine.system` — so the engine's scope and role
 * checks are the console's; a refusal comes back as the engine's own error.
 *
 * @module
 */
import { Hono, type Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { secureHeaders } from 'hono/secure-headers'
import {
  FengqiaoError,
  httpStatusFor,
  isFengqiaoError,
  type Actor,
  type AnyEvent,
  type AnyProcessDefinition,
  type Engine,
  type IncidentQuery,
  type InstanceQuery,
  type TaskQuery,
} from '@fengqiao/core'
import { buildCatalog, offeredEvents } from './catalog.js'
import { CSRF_COOKIE, CSRF_HEADER, csrfMatches, newCsrfToken } from './csrf.js'
import type { ConsoleOptions } from './options.js'
import { serveApp } from './static.js'
import { bpmnOf } from './diagram.js'

/** What the mounts pass to the app with each request: the host's own request object. */
export interface ConsoleBindings {
  /** The request as the host's server knows it, handed to `resolveActor`. */
  readonly request: unknown
}

type Env = { Bindings: ConsoleBindings; Variables: { actor: Actor } }

/**
 * The console's own refusals, before the engine is asked (the engine's come as its codes):
 * `UNAUTHENTICATED` (401) — `resolveActor` returned no actor; `CSRF_TOKEN_INVALID` (403) — a
 * command without the session's token; `BAD_REQUEST` (400) — a body that is not a JSON object;
 * `NOT_FOUND` (404) — no such route.
 */
export type ConsoleErrorCode = 'UNAUTHENTICATED' | 'CSRF_TOKEN_INVALID' | 'BAD_REQUEST' | 'NOT_FOUND' | 'INTERNAL'

const refuse = (c: Context<Env>, status: 400 | 401 | 403 | 404 | 500, code: ConsoleErrorCode, message: string) =>
  c.json({ code, message, details: null }, status)

const BOOLEAN_KEYS = new Set(['overdue', 'escalated', 'closedOnTime', 'breached', 'mine'])
const NUMBER_KEY = /(From|Before)$|^(limit|processVersion|from|to)$/

/**
 * A list query from URL parameters: `true`/`false` for the boolean filters, numbers for ranges
 * (epoch ms), page size and version, text for the rest. A repeated parameter is a list. The engine
 * checks every field and refuses a bad one with `INVALID_OPTIONS`.
 */
function queryOf(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const key of new Set(url.searchParams.keys())) {
    if (key === 'actor') continue
    const all = url.searchParams.getAll(key)
    const one = (v: string): unknown => {
      if (BOOLEAN_KEYS.has(key)) return v === 'true' ? true : v === 'false' ? false : v
      if (NUMBER_KEY.test(key)) return /^-?\d+$/.test(v) ? Number(v) : Date.parse(v)
      return v
    }
    out[key] = all.length > 1 ? all.map(one) : one(all[0] as string)
  }
  return out
}

async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  let body: unknown
  try {
    body = await c.req.json()
  } catch {
    throw new FengqiaoError('INVALID_INPUT', 'The request body must be a JSON object.')
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new FengqiaoError('INVALID_INPUT', 'The request body must be a JSON object.')
  return body as Record<string, unknown>
}

/**
 * Builds the console's Hono app.
 *
 * @param options - the host's engine, `resolveActor` and processes
 * @returns the app; call `app.fetch(request, { request: hostRequest })`
 */
export function buildConsoleApp<R>(options: ConsoleOptions<R>): Hono<Env> {
  const engine: Engine = options.engine
  const base = (options.basePath ?? '').replace(/\/+$/, '')
  const catalog = buildCatalog(options)
  const definitions = new Map<string, AnyProcessDefinition>(options.processes.map((d) => [`${d.id}@${d.version}`, d]))
  // The units at or below each unit, from the host's org-unit tree.
  const children = new Map<string, string[]>()
  for (const u of options.orgUnits ?? []) {
    if (u.parent === null || u.parent === undefined) continue
    children.set(u.parent, [...(children.get(u.parent) ?? []), u.id])
  }
  const below = (unit: string): string[] => [unit, ...(children.get(unit) ?? []).flatMap(below)]
  /**
   * An official's lists default to their own unit and those below it, filtered by the store
   * (without it, the engine pages through every case and keeps those in scope, so a village's
   * first page could be empty at a county's size). `scope=all` lists every case the engine lets
   * the actor read (also cases without an org unit).
   */
  const defaultUnits = (actor: Actor, q: Record<string, unknown>): Record<string, unknown> => {
    const { scope, ...rest } = q
    if (scope === 'all' || actor.orgUnit === undefined || options.orgUnits === undefined) return rest
    if (rest.orgUnit !== undefined || rest.orgUnitSubtree !== undefined || rest.instanceId !== undefined) return rest
    return { ...rest, orgUnit: below(actor.orgUnit) }
  }
  // Routes carry the mount path themselves (Hono's basePath would fold `/console/` into `/console`).
  const app = new Hono<Env>()

  // Security headers on every answer: a CSP that allows no inline script and nothing from other
  // origins, no MIME sniffing, no framing, no referrer.
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // bpmn-js and Chart.js set style attributes on the elements they draw.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'no-referrer',
      crossOriginEmbedderPolicy: false,
    }),
  )

  app.onError((error, c) => {
    if (isFengqiaoError(error)) {
      return c.json(
        { code: error.code, message: error.message, details: error.details ?? null },
        httpStatusFor[error.code] as 400,
      )
    }
    return refuse(c, 500, 'INTERNAL', 'The console failed to answer; the host’s log has the error.')
  })

  // Who is asking: the host says, or nobody is.
  app.use(`${base}/api/*`, async (c: Context<Env>, next) => {
    const actor = await options.resolveActor(c.env?.request as R)
    if (actor === null || actor === undefined)
      return refuse(c, 401, 'UNAUTHENTICATED', 'Sign in first: the host did not recognise this request’s user.')
    c.set('actor', actor)
    // Commands carry the session's token (docs/console.md, "CSRF").
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (!csrfMatches(getCookie(c, CSRF_COOKIE), c.req.header(CSRF_HEADER)))
        return refuse(
          c,
          403,
          'CSRF_TOKEN_INVALID',
          `Commands need the token from GET api/session in the ${CSRF_HEADER} header; reload the console.`,
        )
    }
    c.header('Cache-Control', 'no-store')
    await next()
  })

  app.get(`${base}/api/session`, (c) => {
    const token = getCookie(c, CSRF_COOKIE) ?? newCsrfToken()
    setCookie(c, CSRF_COOKIE, token, {
      path: base === '' ? '/' : base,
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
    })
    const actor = c.get('actor')
    return c.json({ actor, csrfToken: token, now: engine.clock.now(), demoUsers: options.demoUsers ?? null })
  })

  app.get(`${base}/api/catalog`, (c) => c.json(catalog))

  app.get(`${base}/api/processes/:id/:version/bpmn`, async (c) => {
    const def = definitions.get(`${c.req.param('id')}@${c.req.param('version')}`)
    if (def === undefined) return refuse(c, 404, 'NOT_FOUND', 'No such process version is registered.')
    return c.body(await bpmnOf(def, c.req.query('lang') === 'en' ? 'en' : 'zh-CN'), 200, {
      'Content-Type': 'application/xml; charset=utf-8',
    })
  })

  app.get(`${base}/api/tasks`, async (c) => {
    const actor = c.get('actor')
    const q = defaultUnits(actor, queryOf(new URL(c.req.url)))
    const { mine, ...rest } = q
    const query = { ...rest, ...(mine === true ? { assignee: actor.id } : {}) } as TaskQuery
    return c.json(await engine.tasks({ ...query, actor }))
  })

  app.get(`${base}/api/cases`, async (c) => {
    const actor = c.get('actor')
    const query = defaultUnits(actor, queryOf(new URL(c.req.url))) as InstanceQuery
    return c.json(await engine.instances({ ...query, actor }))
  })

  app.get(`${base}/api/cases/:id`, async (c) => {
    const actor = c.get('actor')
    const id = c.req.param('id')
    const view = await engine.get(id, { actor })
    const [history, verify] = await Promise.all([engine.history(id, { actor }), engine.verify(id, { actor })])
    const def = definitions.get(`${view.processId}@${view.processVersion}`)
    const linked = async (linkedId: string) => {
      try {
        const l = await engine.get(linkedId, { actor })
        return { id: l.id, processId: l.processId, stateKey: l.stateKey, status: l.status, readable: true }
      } catch (e) {
        if (isFengqiaoError(e, 'FORBIDDEN') || isFengqiaoError(e, 'NOT_FOUND')) return { id: linkedId, readable: false }
        throw e
      }
    }
    const view2 = view as typeof view & { childIds?: readonly string[] }
    const [parent, children, incidents, tasks] = await Promise.all([
      view.parentId === null ? null : linked(view.parentId),
      Promise.all((view2.childIds ?? []).map(linked)),
      engine.incidents({ instanceId: id, actor, limit: 100 }),
      // The case's open tasks the actor may see, coloured at the engine's now.
      engine.tasks({ instanceId: id, actor, limit: 100 }),
    ])
    const events = view.status === 'active' && def !== undefined ? offeredEvents(def, view.state, actor) : []
    return c.json({
      case: view,
      history,
      verify,
      parent,
      children,
      events,
      incidents: incidents.items,
      tasks: tasks.items,
    })
  })

  app.post(`${base}/api/cases/:id/events`, async (c) => {
    const actor = c.get('actor')
    const body = await jsonBody(c)
    const { expectedVersion, ...event } = body
    if (typeof event.type !== 'string')
      throw new FengqiaoError('INVALID_INPUT', 'The event needs a "type": the event to send.')
    const summary = await engine.send(c.req.param('id'), event as AnyEvent, {
      actor,
      ...(typeof expectedVersion === 'number' ? { expectedVersion } : {}),
    })
    return c.json(summary)
  })

  // Tasks: claim and release one's own; assign and delegate (audited, with a reason).
  app.post(`${base}/api/cases/:id/tasks/:taskId/:op{claim|unclaim|assign|delegate}`, async (c) => {
    const actor = c.get('actor')
    const id = c.req.param('id')
    const taskId = c.req.param('taskId')
    const body = await jsonBody(c)
    const reason = typeof body.reason === 'string' ? body.reason : ''
    switch (c.req.param('op')) {
      case 'claim':
        return c.json(await engine.claim(id, taskId, { actor }))
      case 'unclaim':
        return c.json(await engine.unclaim(id, taskId, { actor }))
      case 'assign': {
        const assignee = body.assignee
        if (assignee !== null && typeof assignee !== 'string')
          throw new FengqiaoError('INVALID_INPUT', 'Assign needs "assignee": a user id, or null for nobody.')
        return c.json(await engine.assign(id, taskId, { actor, assignee, reason }))
      }
      default: {
        if (typeof body.to !== 'string')
          throw new FengqiaoError('INVALID_INPUT', 'Delegate needs "to": the user id who takes the task over.')
        return c.json(await engine.delegate(id, taskId, { actor, to: body.to, reason }))
      }
    }
  })

  // Administrators' commands on a case (the engine checks adminRoles, scope and the reason).
  app.post(`${base}/api/cases/:id/:op{cancel|suspend|resume}`, async (c) => {
    const actor = c.get('actor')
    const body = await jsonBody(c)
    const reason = typeof body.reason === 'string' ? body.reason : ''
    const id = c.req.param('id')
    const op = c.req.param('op')
    if (op === 'cancel') return c.json(await engine.cancel(id, { actor, reason }))
    if (op === 'suspend') return c.json(await engine.suspend(id, { actor, reason }))
    return c.json(await engine.resume(id, { actor, reason }))
  })

  // Incidents: outbox messages and timers that kept failing. Officials see their cases'; an
  // administrator retries or resolves one, with a reason.
  app.get(`${base}/api/incidents`, async (c) => {
    const actor = c.get('actor')
    return c.json(await engine.incidents({ ...(queryOf(new URL(c.req.url)) as IncidentQuery), actor }))
  })

  app.post(`${base}/api/incidents/:id/:op{retry|resolve}`, async (c) => {
    const actor = c.get('actor')
    const body = await jsonBody(c)
    const reason = typeof body.reason === 'string' ? body.reason : ''
    const id = c.req.param('id')
    return c.json(
      c.req.param('op') === 'retry'
        ? await engine.retryIncident(id, { actor, reason })
        : await engine.resolveIncident(id, { actor, reason }),
    )
  })

  app.get(`${base}/api/report`, async (c) => {
    const actor = c.get('actor')
    const q = queryOf(new URL(c.req.url))
    return c.json(await engine.report({ ...(q as { from: number; to: number }), actor }))
  })

  app.all(`${base}/api/*`, (c) => refuse(c, 404, 'NOT_FOUND', `No console API at ${c.req.path}.`))

  serveApp(app, options.appDir, base)
  return app
}
