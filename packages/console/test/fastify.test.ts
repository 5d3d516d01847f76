// The Fastify plugin: the same console under the plugin's prefix, with resolveActor given the
// FastifyRequest, bodies handed over as bytes, cookies and CSRF as on node:http.
import Fastify, { type FastifyRequest } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fengqiaoConsole } from '../src/fastify.js'
import { consoleOptions, makeWorld, users, type World } from './fixture.js'

describe('the Fastify plugin', () => {
  let world: World
  const app = Fastify()
  beforeAll(async () => {
    world = await makeWorld('memory')
    const { resolveActor: _, basePath: __, ...rest } = consoleOptions(world)
    await app.register(fengqiaoConsole, {
      ...rest,
      prefix: '/console',
      resolveActor: (req: FastifyRequest) => {
        const name = req.headers['x-test-user']
        return typeof name === 'string' ? users[name] : undefined
      },
    })
    // The host's own routes keep their JSON body parsing.
    app.post('/echo', async (req) => req.body)
  })
  afterAll(async () => {
    await app.close()
    await world?.close()
  })

  it('answers under its prefix, as the resolved actor, with the CSRF check on commands', async () => {
    expect((await app.inject({ url: '/console/api/cases' })).statusCode).toBe(401)
    const session = await app.inject({ url: '/console/api/session', headers: { 'x-test-user': 'c1' } })
    expect(session.statusCode).toBe(200)
    const token = (session.json() as { csrfToken: string }).csrfToken
    const cookie = String(session.headers['set-cookie']).split(';')[0] as string
    expect(String(session.headers['set-cookie'])).toContain('Path=/console')
    expect(session.headers['content-security-policy']).toContain("script-src 'self'")
    const cases = await app.inject({ url: '/console/api/cases', headers: { 'x-test-user': 'c1' } })
    expect((cases.json() as { items: unknown[] }).items).toHaveLength(2)
    const event = { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm1', name: '王调解' }] }
    const url = `/console/api/cases/${world.cases.v1a}/events`
    const refused = await app.inject({ method: 'POST', url, headers: { 'x-test-user': 'c1' }, payload: event })
    expect(refused.statusCode).toBe(403)
    expect((refused.json() as { code: string }).code).toBe('CSRF_TOKEN_INVALID')
    const sent = await app.inject({
      method: 'POST',
      url,
      headers: { 'x-test-user': 'c1', cookie, 'x-fengqiao-csrf': token, 'content-type': 'application/json' },
      payload: JSON.stringify(event),
    })
    expect(sent.statusCode).toBe(200)
    expect((sent.json() as { stateKey: string }).stateKey).toContain('mediating')
    expect((await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } })).json()).toEqual({ a: 1 })
  })

  it('serves the page at the prefix with its trailing slash', async () => {
    const r = await app.inject({ url: '/console' })
    expect(r.statusCode).toBe(308)
    expect(r.headers.location).toBe('/console/')
  })
})
