// The console's JSON API over node:http, on the memory store and SQLite: every read and command
// goes through the engine as the actor the host resolved, so each role sees its own scope and an
// out-of-scope case is refused; commands need the CSRF token; errors carry the engine's codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { client, consoleOptions, makeWorld, openIncident, serve, type World } from './fixture.js'

for (const kind of ['memory', 'sqlite'] as const) {
  describe(`console API (${kind})`, () => {
    let world: World
    let server: Awaited<ReturnType<typeof serve>>
    beforeAll(async () => {
      world = await makeWorld(kind)
      server = await serve({ ...consoleOptions(world), basePath: '/console' })
    })
    afterAll(async () => {
      await server?.close()
      await world?.close()
    })

    it('answers 401 without a signed-in user, and reads nothing', async () => {
      const anon = await client(server.url, undefined)
      expect(anon.session.status).toBe(401)
      const r = await anon.get('/api/cases')
      expect(r.status).toBe(401)
      expect(r.body.code).toBe('UNAUTHENTICATED')
    })

    it('sets a CSP without inline script, nosniff and no framing on every answer', async () => {
      const c = await client(server.url, 'c1')
      const r = await c.get('/api/cases')
      const csp = r.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('x-frame-options')).toBe('DENY')
      expect(r.headers.get('cache-control')).toBe('no-store')
    })

    it("a village committee lists its village's cases only; a township head the township's; another township none of them", async () => {
      const ids = async (user: string) =>
        ((await (await client(server.url, user)).get('/api/cases')).body.items as { id: string }[])
          .map((i) => i.id)
          .sort()
      const { v1a, v1b, v2a, v3a } = world.cases as Record<string, string>
      expect(await ids('c1')).toEqual([v1a, v1b].sort())
      expect(await ids('c2')).toEqual([v2a])
      expect(await ids('head')).toEqual([v1a, v1b, v2a].sort())
      expect(await ids('head2')).toEqual([v3a])
    })

    it('refuses an out-of-scope case to each role (FORBIDDEN, 403)', async () => {
      const { v1a, v3a } = world.cases as Record<string, string>
      for (const [user, id] of [
        ['c2', v1a],
        ['c1', v3a],
        ['head', v3a],
        ['head2', v1a],
        ['wang', v1a],
      ] as const) {
        const r = await (await client(server.url, user)).get(`/api/cases/${id}`)
        expect(r.status, `${user} reading ${id}`).toBe(403)
        expect(r.body.code).toBe('FORBIDDEN')
      }
    })

    it("the worklist holds the actor's open tasks in scope", async () => {
      const c1 = await client(server.url, 'c1')
      const tasks = (await c1.get('/api/tasks')).body.items as { instanceId: string; colour: string }[]
      expect(tasks.length).toBeGreaterThan(0)
      expect(tasks.every((t) => [world.cases.v1a, world.cases.v1b].includes(t.instanceId))).toBe(true)
      const head2 = await client(server.url, 'head2')
      const theirs = (await head2.get('/api/tasks')).body.items as { instanceId: string }[]
      expect(theirs.every((t) => t.instanceId === world.cases.v3a)).toBe(true)
    })

    it('a case: view, history, a verified chain, and the events the actor may send now', async () => {
      const r = await (await client(server.url, 'c1')).get(`/api/cases/${world.cases.v1a}`)
      expect(r.status).toBe(200)
      expect(r.body.case.id).toBe(world.cases.v1a)
      expect(r.body.history.map((h: { seq: number }) => h.seq)).toEqual([1, 2, 3])
      expect(r.body.verify.ok).toBe(true)
      expect(r.body.events).toContain('ASSIGN_MEDIATOR')
      expect(r.body.events).not.toContain('CONSENT') // a party's event, not the committee's
    })

    it('refuses a command without the CSRF token, and writes nothing', async () => {
      const c1 = await client(server.url, 'c1')
      const before = (await c1.get(`/api/cases/${world.cases.v1a}`)).body.case.version
      const r = await c1.post(
        `/api/cases/${world.cases.v1a}/events`,
        { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'm1', name: '王调解' }] },
        { csrf: false },
      )
      expect(r.status).toBe(403)
      expect(r.body.code).toBe('CSRF_TOKEN_INVALID')
      expect((await c1.get(`/api/cases/${world.cases.v1a}`)).body.case.version).toBe(before)
    })

    it("a refused payload comes back with zod's issues (400); a good one is applied", async () => {
      const c1 = await client(server.url, 'c1')
      const bad = await c1.post(`/api/cases/${world.cases.v1a}/events`, { type: 'ASSIGN_MEDIATOR', mediators: [] })
      expect(bad.status).toBe(400)
      expect(bad.body.code).toBe('INVALID_EVENT')
      expect(JSON.stringify(bad.body.details)).toContain('mediators')
      const ok = await c1.post(`/api/cases/${world.cases.v1a}/events`, {
        type: 'ASSIGN_MEDIATOR',
        mediators: [{ id: 'm1', name: '王调解' }],
      })
      expect(ok.status).toBe(200)
      const after = await c1.get(`/api/cases/${world.cases.v1a}`)
      expect(after.body.history).toHaveLength(4)
      expect(after.body.history[3].event.type).toBe('ASSIGN_MEDIATOR')
    })

    it('a command outside the actor’s scope is refused by the engine (403) and writes nothing', async () => {
      const c2 = await client(server.url, 'c2')
      const r = await c2.post(`/api/cases/${world.cases.v1b}/events`, { type: 'ACCEPT' })
      expect(r.status).toBe(403)
      expect(r.body.code).toBe('FORBIDDEN')
      const c1 = await client(server.url, 'c1')
      expect((await c1.get(`/api/cases/${world.cases.v1b}`)).body.history).toHaveLength(1)
    })

    it("an event the state does not take is refused with the engine's reason (409)", async () => {
      const c1 = await client(server.url, 'c1')
      const r = await c1.post(`/api/cases/${world.cases.v1b}/events`, { type: 'ACCEPT' })
      expect(r.status).toBe(409)
      expect(r.body.code).toBe('EVENT_NOT_ACCEPTED')
      expect(r.body.message).toContain(world.cases.v1b)
    })

    it('tasks: claimed and released by one holding the role in scope; assigned by an administrator, with a reason, on the record', async () => {
      const { v1b } = world.cases as Record<string, string>
      const c1 = await client(server.url, 'c1')
      const task = ((await c1.get(`/api/tasks?instanceId=${v1b}`)).body.items as { id: string }[])[0] as { id: string }
      const path = `/api/cases/${v1b}/tasks/${task.id}`
      // Another village's committee may not; nor without the CSRF token.
      const c2 = await client(server.url, 'c2')
      expect((await c2.post(`${path}/claim`, {})).status).toBe(403)
      expect((await c1.post(`${path}/claim`, {}, { csrf: false })).body.code).toBe('CSRF_TOKEN_INVALID')
      expect((await c1.post(`${path}/claim`, {})).status).toBe(200)
      const held = async () =>
        ((await c1.get(`/api/tasks?instanceId=${v1b}`)).body.items as { assignee: string | null }[])[0]?.assignee
      expect(await held()).toBe('c1')
      expect((await c1.post(`${path}/unclaim`, {})).status).toBe(200)
      expect(await held()).toBeNull()
      // Assigning is an administrator's: refused to the committee, done by the admin with a reason.
      const refused = await c1.post(`${path}/assign`, { assignee: 'c1', reason: '值班' })
      expect(refused.status).toBe(403)
      const admin = await client(server.url, 'admin')
      expect((await admin.post(`${path}/assign`, { assignee: 'c1', reason: '' })).body.code).toBe('INVALID_OPTIONS')
      expect((await admin.post(`${path}/assign`, { assignee: 'c1', reason: '值班安排' })).status).toBe(200)
      expect(await held()).toBe('c1')
      const history = (await admin.get(`/api/cases/${v1b}`)).body.history as { detail: unknown }[]
      expect(JSON.stringify(history.at(-1)?.detail)).toContain('值班安排')
    })

    it('cancelling a case is an administrator’s, with a reason', async () => {
      const { v2a } = world.cases as Record<string, string>
      const c2 = await client(server.url, 'c2')
      expect((await c2.post(`/api/cases/${v2a}/cancel`, { reason: '重复登记' })).status).toBe(403)
      const admin = await client(server.url, 'admin')
      expect((await admin.post(`/api/cases/${v2a}/suspend`, { reason: '等待鉴定' })).status).toBe(200)
      expect((await admin.get(`/api/cases/${v2a}`)).body.case.status).toBe('suspended')
      expect((await admin.post(`/api/cases/${v2a}/resume`, { reason: '鉴定完成' })).status).toBe(200)
      expect((await admin.get(`/api/cases/${v2a}`)).body.case.status).toBe('active')
    })

    it('incidents: listed in scope; retried and resolved by an administrator only, with a reason', async () => {
      const v1b = world.cases.v1b as string
      await openIncident(world, v1b)
      const c1 = await client(server.url, 'c1')
      const listed = (await c1.get('/api/incidents?status=open')).body.items as { id: string; instanceId: string }[]
      expect(listed.map((i) => i.instanceId)).toEqual([v1b])
      const incident = listed[0] as { id: string }
      expect(((await (await client(server.url, 'c3')).get('/api/incidents')).body.items as unknown[]).length).toBe(0)
      expect((await c1.get(`/api/cases/${v1b}`)).body.incidents).toHaveLength(1)
      expect((await c1.post(`/api/incidents/${incident.id}/retry`, { reason: '接口恢复' })).status).toBe(403)
      const admin = await client(server.url, 'admin')
      expect((await admin.post(`/api/incidents/${incident.id}/retry`, { reason: '' })).body.code).toBe(
        'INVALID_OPTIONS',
      )
      world.policeDown = false
      const retried = await admin.post(`/api/incidents/${incident.id}/retry`, { reason: '公安接口已恢复' })
      expect(retried.status).toBe(200)
      expect(retried.body.resolution).toBe('retried')
      expect(await world.engine.runOutbox()).toBe(1)
      expect((await admin.post(`/api/incidents/${incident.id}/resolve`, { reason: 'x' })).body.code).toBe(
        'INCIDENT_CLOSED',
      )
      expect(((await c1.get('/api/incidents?status=open')).body.items as unknown[]).length).toBe(0)
    })

    it('the catalog gives each event its JSON Schema from zod, labels, roles and parameters with articles', async () => {
      const r = await (await client(server.url, 'c1')).get('/api/catalog')
      const mediation = r.body.processes.find((p: { id: string }) => p.id === 'mediation')
      const assign = mediation.events.find((e: { type: string }) => e.type === 'ASSIGN_MEDIATOR')
      expect(assign.schema.type).toBe('object')
      expect(assign.schema.properties.mediators.type).toBe('array')
      expect(assign.schema.properties.mediators.minItems).toBe(1)
      expect(assign.label['zh-CN']).toBeTruthy()
      expect(mediation.label['zh-CN']).toBeTruthy()
      expect(mediation.roles).toContain('committee')
      expect(mediation.parameters.length).toBeGreaterThan(0)
      expect(mediation.parameters[0].article).toBeTruthy()
      expect(r.body.roleLabels.mediator['zh-CN']).toBe('人民调解员')
    })

    it('the BPMN diagram of a process version, in either language', async () => {
      const r = await fetch(`${server.url}/api/processes/mediation/1/bpmn?lang=en`, {
        headers: { 'x-test-user': 'c1' },
      })
      expect(r.status).toBe(200)
      expect(await r.text()).toContain('bpmndi:BPMNDiagram')
    })

    it('an unknown API path is 404 with a code; the report is scoped to the actor', async () => {
      const c1 = await client(server.url, 'c1')
      expect((await c1.get('/api/nothing')).body.code).toBe('NOT_FOUND')
      const from = Date.parse('2026-03-01T00:00:00+08:00')
      const to = Date.parse('2026-04-01T00:00:00+08:00')
      const head = await client(server.url, 'head')
      const report = await head.get(`/api/report?from=${from}&to=${to}`)
      expect(report.status).toBe(200)
      expect(report.body.total.opened).toBe(3)
      const outside = await head.get(`/api/report?from=${from}&to=${to}&orgUnit=town2`)
      expect(outside.status).toBe(403)
    })
  })
}
