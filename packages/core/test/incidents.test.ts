/**
 * Incidents (docs/operations.md "Incidents"): an outbox message whose handler, or a timer whose
 * firing, keeps failing stops being tried after `incidents.afterAttempts`, is listed for the
 * officials of its case and for administrators, and waits until an administrator retries or
 * resolves it — with a reason, recorded on the incident and reported as an `admin` event.
 */
import { describe, expect, it } from 'vitest'
import { assign, setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, isFengqiaoError, type EngineEvents, type EventsOf } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'town-a', parent: 'county', level: 'township' },
  { id: 'town-b', parent: 'county', level: 'township' },
]
const clerk = { id: 'clerk-a', roles: ['clerk'], orgUnit: 'town-a' }
const otherClerk = { id: 'clerk-b', roles: ['clerk'], orgUnit: 'town-b' }
const admin = { id: 'ops-1', roles: ['ops'] }

// The SMS gateway (outbox) and the stamp on the reminder timer (a context value) can be broken
// and repaired by the test, as a deployment's would be.
const broken = { sms: true, stamp: true }

const events = {
  SUBMIT: {
    schema: z.object({ party: z.string() }),
    roles: ['clerk', 'party'],
    parties: { roles: ['party'], ids: (c: { party?: string }) => (c.party === undefined ? [] : [c.party]) },
  },
} as const
const machine = setup({
  types: { events: {} as EventsOf<typeof events>, context: {} as { party?: string; stampedAt?: unknown } },
  actions: {
    notifyParty: () => {},
    // A broken stamp puts a Date into the context, which the engine refuses (INVALID_DEFINITION).
    stamp: assign(() => ({ stampedAt: broken.stamp ? new Date(0) : 'stamped' })),
  },
}).createMachine({
  id: 'filing',
  context: {},
  initial: 'draft',
  states: {
    draft: {
      on: {
        SUBMIT: { target: 'submitted', actions: [assign(({ event }) => ({ party: event.party })), 'notifyParty'] },
      },
    },
    submitted: { after: { 3_600_000: { target: 'reminded', actions: 'stamp' } } },
    reminded: {},
  },
})
const filing = defineProcess({ id: 'filing', version: 1, machine, events, read: { roles: ['clerk', 'party'] } })

function engine() {
  const calls: number[] = []
  const t = createTestEngine({
    processes: [filing],
    orgUnits,
    adminRoles: ['ops'],
    incidents: { afterAttempts: 3 },
    plugins: [
      {
        name: 'sms',
        effects: {
          notifyParty: (m) => {
            calls.push(m.attempt)
            if (broken.sms) throw new Error('SMS gateway refused the message')
          },
        },
      },
    ],
  })
  const seen: { incident: EngineEvents['incident'][0][]; admin: EngineEvents['admin'][0][] } = {
    incident: [],
    admin: [],
  }
  t.on('incident', (e) => seen.incident.push(e))
  t.on('admin', (e) => seen.admin.push(e))
  return { t, calls, seen }
}

async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected a refusal')
}

describe('incidents', () => {
  it('an outbox message that keeps failing becomes an incident, is held, and is delivered again on retry', async () => {
    broken.sms = true
    broken.stamp = false
    const { t, calls, seen } = engine()
    const { id } = await t.start('filing', undefined, { actor: clerk, orgUnit: 'town-a' })
    await t.send(id, { type: 'SUBMIT', party: 'p-1' }, { actor: clerk })
    // Attempts 1 and 2 are retried after 1 s and 2 s; the third opens the incident.
    expect(await t.runOutbox()).toBe(0)
    await t.advance('1s')
    expect(await t.runOutbox()).toBe(0)
    await t.advance('2s')
    expect(await t.runOutbox()).toBe(0)
    expect(calls).toEqual([1, 2, 3])
    expect(seen.incident).toHaveLength(1)
    const [opened] = (await t.incidents({ actor: admin, status: 'open' })).items
    expect(opened).toMatchObject({
      kind: 'outbox',
      instanceId: id,
      processId: 'filing',
      type: 'notifyParty',
      status: 'open',
      attempts: 3,
      error: { message: 'SMS gateway refused the message', code: null },
      closedAt: null,
      closedBy: null,
      resolution: null,
    })
    expect(seen.incident[0]?.incident).toEqual(opened)
    // Held: a day later it has not been tried again.
    await t.advance('1d')
    expect(await t.runOutbox()).toBe(0)
    expect(calls).toHaveLength(3)

    // Retried by an administrator, with a reason: delivered at once, attempts counted afresh.
    broken.sms = false
    const id1 = opened?.id as string
    const retried = await t.retryIncident(id1, { actor: admin, reason: '短信网关已恢复' })
    expect(retried).toMatchObject({
      status: 'resolved',
      resolution: 'retried',
      closedBy: admin,
      reason: '短信网关已恢复',
      closedAt: new Date(t.clock.now()),
    })
    expect(await t.runOutbox()).toBe(1)
    expect(calls).toEqual([1, 2, 3, 1])
    expect(seen.admin).toEqual([{ operation: 'retryIncident', actor: admin, reason: '短信网关已恢复', instanceId: id }])
    expect((await t.incidents({ actor: admin, status: 'open' })).items).toEqual([])
    expect((await t.incidents({ actor: admin, status: 'resolved' })).items).toEqual([retried])
    // Closed once: a second close is refused, writing nothing.
    const again = await refusal(t.resolveIncident(id1, { actor: admin, reason: 'again' }))
    expect(isFengqiaoError(again, 'INCIDENT_CLOSED')).toBe(true)
    expect((isFengqiaoError(again) && again.details) || {}).toMatchObject({ incidentId: id1, resolution: 'retried' })
    expect(seen.admin).toHaveLength(1)
  })

  it('resolving an incident drops its message without another attempt', async () => {
    broken.sms = true
    const { t, calls } = engine()
    const { id } = await t.start('filing', undefined, { actor: clerk, orgUnit: 'town-a' })
    await t.send(id, { type: 'SUBMIT', party: 'p-1' }, { actor: clerk })
    for (const wait of ['0s', '1s', '2s']) {
      await t.advance(wait)
      await t.runOutbox()
    }
    const [open] = (await t.incidents({ actor: admin })).items
    broken.sms = false
    expect(
      await t.resolveIncident(open?.id as string, { actor: admin, reason: 'told the party by phone' }),
    ).toMatchObject({ resolution: 'resolved', reason: 'told the party by phone' })
    await t.advance('1d')
    expect(await t.runOutbox()).toBe(0)
    expect(calls).toEqual([1, 2, 3])
  })

  it('a timer whose firing keeps failing becomes an incident; retried, it fires as of its due time', async () => {
    broken.stamp = true
    const { t, seen } = engine()
    const { id } = await t.start('filing', undefined, { actor: clerk, orgUnit: 'town-a' })
    await t.send(id, { type: 'SUBMIT', party: 'p-1' }, { actor: clerk })
    const dueAt = t.clock.now() + 3_600_000
    // advance() follows the retries (1 s, 2 s later) until the third failure opens the incident.
    await t.advance('2h')
    expect((await t.system.get(id)).stateKey).toBe('submitted')
    const [incident] = (await t.system.incidents({ kind: 'timer' })).items
    expect(incident).toMatchObject({
      kind: 'timer',
      instanceId: id,
      processId: 'filing',
      status: 'open',
      attempts: 3,
      error: { code: 'INVALID_DEFINITION' },
      openedAt: new Date(dueAt + 3000),
    })
    expect(incident?.type).toMatch(/^xstate\.after\.3600000\./)
    expect(seen.incident).toHaveLength(1)
    // Held: the worker no longer fires it.
    await t.advance('1d')
    expect(await t.runDueTimers()).toBe(0)
    expect(seen.incident).toHaveLength(1)

    broken.stamp = false
    await t.retryIncident(incident?.id as string, { actor: admin, reason: 'stamp fixed in release 1.4.2' })
    expect(await t.runDueTimers()).toBe(1)
    const v = await t.system.get(id)
    expect(v).toMatchObject({ stateKey: 'reminded', context: { stampedAt: 'stamped' } })
    const last = (await t.system.history(id)).at(-1)
    expect(last).toMatchObject({ kind: 'timer', at: dueAt, detail: { processedAt: t.clock.now() } })
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
  })

  it('officials see the incidents of cases in their scope, administrators and the host all of them', async () => {
    broken.sms = true
    const { t } = engine()
    const a = await t.start('filing', undefined, { actor: clerk, orgUnit: 'town-a' })
    const b = await t.start('filing', undefined, { actor: otherClerk, orgUnit: 'town-b' })
    await t.send(a.id, { type: 'SUBMIT', party: 'p-a' }, { actor: clerk })
    await t.send(b.id, { type: 'SUBMIT', party: 'p-b' }, { actor: otherClerk })
    for (const wait of ['0s', '1s', '2s']) {
      await t.advance(wait)
      await t.runOutbox()
    }
    const ids = async (q: Parameters<typeof t.incidents>[0]) => (await t.incidents(q)).items.map((i) => i.instanceId)
    expect(await ids({ actor: clerk })).toEqual([a.id])
    expect(await ids({ actor: otherClerk })).toEqual([b.id])
    expect(await ids({ actor: { id: 'county-clerk', roles: ['clerk'], orgUnit: 'county' } })).toEqual([a.id, b.id])
    // A party of the case reads the case, not its incidents.
    expect(await t.system.get(a.id)).toBeDefined()
    expect(await ids({ actor: { id: 'p-a', roles: ['party'] } })).toEqual([])
    expect(await ids({ actor: admin })).toEqual([a.id, b.id])
    expect(await ids({ actor: admin, instanceId: b.id })).toEqual([b.id])
    expect(await ids({ actor: admin, processId: 'other' })).toEqual([])
    expect((await t.system.incidents({ kind: 'outbox', status: 'open' })).items.map((i) => i.instanceId)).toEqual([
      a.id,
      b.id,
    ])
    const page1 = await t.system.incidents({ limit: 1 })
    expect(page1.items).toHaveLength(1)
    const page2 = await t.system.incidents({ limit: 1, cursor: page1.nextCursor })
    expect([...page1.items, ...page2.items].map((i) => i.instanceId)).toEqual([a.id, b.id])
  })

  it('refuses to close an incident without an admin role or a reason, or one that does not exist; writes nothing', async () => {
    broken.sms = true
    const { t, seen } = engine()
    const { id } = await t.start('filing', undefined, { actor: clerk, orgUnit: 'town-a' })
    await t.send(id, { type: 'SUBMIT', party: 'p-1' }, { actor: clerk })
    for (const wait of ['0s', '1s', '2s']) {
      await t.advance(wait)
      await t.runOutbox()
    }
    const [open] = (await t.system.incidents()).items
    const incidentId = open?.id as string
    const codes = async (p: Promise<unknown>) => {
      const e = await refusal(p)
      return isFengqiaoError(e) ? [e.code, (e.details as { rule?: string }).rule] : [String(e)]
    }
    expect(await codes(t.retryIncident(incidentId, { actor: clerk, reason: 'try again' }))).toEqual([
      'FORBIDDEN',
      'admin',
    ])
    expect(await codes(t.resolveIncident(incidentId, { actor: admin, reason: ' ' }))).toEqual([
      'INVALID_OPTIONS',
      undefined,
    ])
    expect(await codes(t.retryIncident(incidentId, { actor: { id: 'system', roles: ['ops'] }, reason: 'x' }))).toEqual([
      'FORBIDDEN',
      'system-actor',
    ])
    expect(await codes(t.retryIncident('no-such-incident', { actor: admin, reason: 'x' }))).toEqual([
      'INCIDENT_NOT_FOUND',
      undefined,
    ])
    expect(await codes(t.incidents({ actor: admin, status: 'closed' as never }))).toEqual([
      'INVALID_OPTIONS',
      undefined,
    ])
    expect(await codes(t.incidents({ actor: admin, kind: 'job' as never }))).toEqual(['INVALID_OPTIONS', undefined])
    expect((await t.system.incidents({ status: 'open' })).items).toEqual([open])
    expect(seen.admin).toEqual([])
    // An engine with no admin roles refuses every close.
    const bare = createTestEngine({ processes: [filing], store: t.store })
    expect(await codes(bare.retryIncident(incidentId, { actor: admin, reason: 'x' }))).toEqual(['FORBIDDEN', 'admin'])
  })

  it('refuses an attempts threshold outside 1 to 1000', () => {
    for (const afterAttempts of [0, 1.5, 1001, Number.NaN]) {
      let error: unknown
      try {
        createTestEngine({ processes: [filing], incidents: { afterAttempts } })
      } catch (e) {
        error = e
      }
      expect(isFengqiaoError(error, 'INVALID_OPTIONS')).toBe(true)
    }
  })
})
