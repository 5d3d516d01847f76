import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { createTestEngine } from '@fengqiao/core/testing'
import { buildApp } from '../src/app.js'
import { request } from '../src/process.js'

const citizen = { 'x-user': 'c1', 'x-roles': 'citizen' }
const clerk = { 'x-user': 'k1', 'x-roles': 'clerk', 'x-org-unit': 'town' }
let app: FastifyInstance

beforeEach(() => {
  app = buildApp(createTestEngine({ processes: [request], adminRoles: ['admin'] }))
})
afterEach(async () => {
  await app.close()
})

async function startCase(): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/processes/request/cases',
    headers: citizen,
    payload: { input: { text: '路灯不亮' }, orgUnit: 'town' },
  })
  expect(res.statusCode).toBe(201)
  return (res.json() as { id: string }).id
}

describe('HTTP API', () => {
  it('starts a case, lists tasks, sends events and reads history', async () => {
    const id = await startCase()
    const tasks = await app.inject({ method: 'GET', url: '/tasks?role=clerk', headers: clerk })
    expect(tasks.json()).toMatchObject({ items: [{ instanceId: id, role: 'clerk', colour: 'green' }] })
    const accepted = await app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: clerk,
      payload: { type: 'ACCEPT' },
    })
    expect(accepted.statusCode).toBe(200)
    expect(accepted.json()).toMatchObject({ state: 'handling', version: 2 })
    const answered = await app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: { ...clerk, 'if-match': '2' },
      payload: { type: 'ANSWER', answer: '已报修' },
    })
    expect(answered.json()).toMatchObject({ state: 'answered', status: 'completed' })
    const history = await app.inject({ method: 'GET', url: `/cases/${id}/history`, headers: clerk })
    expect((history.json() as unknown[]).length).toBe(3)
    expect((await app.inject({ method: 'GET', url: `/cases/${id}`, headers: clerk })).json()).toMatchObject({
      context: { answer: '已报修' },
    })
  })

  it('reads only for the caller: another unit gets 403, a caller without identity 400', async () => {
    const id = await startCase()
    const elsewhere = { 'x-user': 'k9', 'x-roles': 'clerk', 'x-org-unit': 'other-town' }
    expect((await app.inject({ method: 'GET', url: `/cases/${id}`, headers: elsewhere })).statusCode).toBe(403)
    expect((await app.inject({ method: 'GET', url: `/cases/${id}/history`, headers: elsewhere })).statusCode).toBe(403)
    expect((await app.inject({ method: 'GET', url: '/tasks?role=clerk', headers: elsewhere })).json()).toEqual({
      items: [],
    })
    expect((await app.inject({ method: 'GET', url: `/cases/${id}` })).statusCode).toBe(400)
    // Claiming to be the system is refused at the door.
    expect(
      (await app.inject({ method: 'GET', url: `/cases/${id}`, headers: { 'x-user': 'system', 'x-roles': 'system' } }))
        .statusCode,
    ).toBe(403)
  })

  it('maps typed errors to 400, 403, 404 and 409', async () => {
    const id = await startCase()
    const bad = await app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: clerk,
      payload: { type: 'ANSWER', answer: '' },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ code: 'INVALID_EVENT', details: { issues: [{ path: ['answer'] }] } })
    expect(
      (await app.inject({ method: 'POST', url: `/cases/${id}/events`, headers: citizen, payload: { type: 'ACCEPT' } }))
        .statusCode,
    ).toBe(403)
    expect(
      (await app.inject({ method: 'POST', url: '/cases/nope/events', headers: clerk, payload: { type: 'ACCEPT' } }))
        .statusCode,
    ).toBe(404)
    expect(
      (await app.inject({ method: 'POST', url: '/processes/nope/cases', headers: clerk, payload: {} })).statusCode,
    ).toBe(404)
    const notAccepted = await app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: clerk,
      payload: { type: 'ANSWER', answer: 'x' },
    })
    expect(notAccepted.statusCode).toBe(409)
    expect(notAccepted.json()).toMatchObject({ code: 'EVENT_NOT_ACCEPTED', details: { accepted: ['ACCEPT'] } })
    const stale = await app.inject({
      method: 'POST',
      url: `/cases/${id}/events`,
      headers: { ...clerk, 'if-match': '7' },
      payload: { type: 'ACCEPT' },
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json()).toMatchObject({ code: 'VERSION_CONFLICT' })
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/processes/request/cases',
          headers: { 'x-roles': 'citizen' },
          payload: { input: { text: 'x' } },
        })
      ).statusCode,
    ).toBe(400)
  })

  it('makes retries safe with Idempotency-Key', async () => {
    const headers = { ...citizen, 'idempotency-key': 'form-42' }
    const a = await app.inject({
      method: 'POST',
      url: '/processes/request/cases',
      headers,
      payload: { input: { text: '路灯不亮' } },
    })
    const b = await app.inject({
      method: 'POST',
      url: '/processes/request/cases',
      headers,
      payload: { input: { text: '路灯不亮' } },
    })
    expect(a.json()).toEqual(b.json())
  })

  it('suspends and resumes a case (409 INSTANCE_SUSPENDED meanwhile), and lets a clerk claim a task', async () => {
    const id = await startCase()
    const admin = { 'x-user': 'a1', 'x-roles': 'admin', 'x-org-unit': 'town' }
    const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
      app.inject({ method: 'POST', url, headers, payload })
    expect((await post(`/cases/${id}/suspend`, clerk, { reason: 'hold' })).statusCode).toBe(403)
    expect((await post(`/cases/${id}/suspend`, admin, {})).json()).toMatchObject({ code: 'INVALID_OPTIONS' })
    expect((await post(`/cases/${id}/suspend`, admin, { reason: 'hold' })).json()).toMatchObject({
      status: 'suspended',
    })
    const refused = await post(`/cases/${id}/events`, clerk, { type: 'ACCEPT' })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ code: 'INSTANCE_SUSPENDED' })
    expect((await post(`/cases/${id}/resume`, admin, { reason: 'done' })).json()).toMatchObject({ status: 'active' })
    const task = (await app.inject({ method: 'GET', url: '/tasks?role=clerk', headers: clerk })).json() as {
      items: { id: string }[]
    }
    const taskId = task.items[0]?.id as string
    expect((await post(`/cases/${id}/tasks/${taskId}/claim`, clerk)).statusCode).toBe(200)
    const other = { 'x-user': 'k2', 'x-roles': 'clerk', 'x-org-unit': 'town' }
    const taken = await post(`/cases/${id}/tasks/${taskId}/claim`, other)
    expect(taken.statusCode).toBe(409)
    expect(taken.json()).toMatchObject({ code: 'TASK_CLAIMED' })
    expect((await post(`/cases/${id}/tasks/nope/claim`, clerk)).statusCode).toBe(404)
    expect((await post(`/cases/${id}/cancel`, admin, { reason: 'withdrawn' })).json()).toMatchObject({
      status: 'cancelled',
    })
  })
})
