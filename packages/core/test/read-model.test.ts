// The read model: engine.get shows a case whole (deadlines with their colours, tasks, outcome,
// linked cases) and engine.instances lists cases by every filter a console needs, through the
// public API only.
import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, isFengqiaoError, startProcess, type EventsOf, type InstanceQuery } from '../src/index.js'
import { memoryStore } from '../src/store/memory-store.js'
import { createTestEngine } from '../src/testing/test-engine.js'
import { head, organ, petitioner, petitionLite } from './fixtures/petition-lite.js'

// 2024-09-16 is a Monday; National Day 2024 is Oct 1–7.
const start = '2024-09-16T10:00:00+08:00'
const at = (iso: string) => Date.parse(iso)

const orgUnits = [
  { id: 'county', level: 'county' },
  { id: 'county-bureau', parent: 'county' },
  { id: 'town-a', parent: 'county' },
  { id: 'village-a1', parent: 'town-a' },
  { id: 'town-b', parent: 'county' },
  { id: 'other-county' },
]

// A parallel process: two regions, and a linked case started from one of them.
const parallelEvents = {
  NEXT: { schema: z.object({}), roles: ['organ'] },
  SPAWN: { schema: z.object({}), roles: ['organ'] },
} as const
const parallel = defineProcess({
  id: 'par',
  version: 1,
  events: parallelEvents,
  machine: setup({ types: { events: {} as EventsOf<typeof parallelEvents> } }).createMachine({
    id: 'par',
    type: 'parallel',
    states: {
      review: { initial: 'reading', states: { reading: { on: { NEXT: 'done' } }, done: {} } },
      visit: {
        initial: 'planned',
        states: {
          planned: {
            on: { SPAWN: { target: 'handling', actions: startProcess('pl', { input: null }) } },
          },
          handling: {},
        },
      },
    },
  }),
})

/** An official of the county: every case of the county is in their scope. */
const county = { id: 'c1', roles: ['organ', 'head'], orgUnit: 'county' }

function engine() {
  return createTestEngine({ processes: [petitionLite, parallel], start, orgUnits })
}

const ids = (page: { items: readonly { id: string }[] }) => page.items.map((c) => c.id)

describe('engine.get: a case whole, without touching the store', () => {
  it('shows a running deadline with its due and warning dates and its colour turning yellow then red', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ, orgUnit: 'county-bureau', businessKey: 'XF-1' })
    const due = at('2024-10-09T00:00:00+08:00')
    const warn = Math.floor(at(start) + 0.8 * (due - at(start)))
    const view = await t.get(id, { actor: organ })
    expect(view).toMatchObject({
      id,
      businessKey: 'XF-1',
      orgUnit: 'county-bureau',
      colour: 'green',
      dueAt: new Date(due),
      warnAt: new Date(warn),
      breached: false,
      escalations: 0,
      outcome: null,
      completedAt: null,
      parentId: null,
      childIds: [],
    })
    expect(view.deadlines).toEqual([
      {
        name: 'acceptNotice',
        stateNode: 'pl.registered',
        unit: 'days',
        amount: 15,
        startedAt: new Date(at(start)),
        dueAt: new Date(due),
        warnAt: new Date(warn),
        pausedAt: null,
        extensions: 0,
        status: 'running',
        colour: 'green',
      },
    ])
    // The open task, as the worklist shows it.
    expect(view.tasks).toEqual((await t.tasks({ actor: organ, instanceId: id })).items)
    expect(view.tasks[0]).toMatchObject({ title: '受理告知', role: 'organ', colour: 'green', dueAt: new Date(due) })
    t.clock.set(warn)
    const yellow = await t.get(id, { actor: organ })
    expect([yellow.colour, yellow.deadlines[0]?.colour, yellow.tasks[0]?.colour]).toEqual([
      'yellow',
      'yellow',
      'yellow',
    ])
    t.clock.set(due)
    const red = await t.get(id, { actor: organ })
    expect([red.colour, red.deadlines[0]?.colour, red.tasks[0]?.colour]).toEqual(['red', 'red', 'red'])
    // The expiry moves the case on; the breach stays on the record.
    await t.runDueTimers()
    expect(await t.get(id, { actor: organ })).toMatchObject({ stateKey: 'supervised', breached: true, deadlines: [] })
  })

  it('shows a paused deadline with the colour it had when paused, and an extended one with its count', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ, orgUnit: 'county-bureau' })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ }) // 60 days → Nov 16, 00:00
    await t.advance('50d') // Nov 5: past 75 %, yellow
    await t.send(id, { type: 'HEARING_START' }, { actor: organ })
    const pausedAt = t.clock.now()
    await t.advance('20d') // the paused clock does not turn red
    const paused = await t.get(id, { actor: organ })
    expect(paused.deadlines[0]).toMatchObject({ status: 'paused', colour: 'yellow', pausedAt: new Date(pausedAt) })
    // A paused deadline has no due time on the case: the case is green, its task undated.
    expect(paused).toMatchObject({ colour: 'green', dueAt: null, warnAt: null })
    expect(paused.tasks[0]).toMatchObject({ dueAt: null, colour: 'green' })
    await t.send(id, { type: 'HEARING_END' }, { actor: organ })
    await t.send(id, { type: 'EXTEND', days: 30, reason: 'complex' }, { actor: head })
    const extended = await t.get(id, { actor: organ })
    expect(extended.deadlines[0]).toMatchObject({ status: 'running', extensions: 1, amount: 110, pausedAt: null })
    expect(extended.dueAt).toEqual(extended.deadlines[0]?.dueAt)
    expect(extended.colour).toBe(extended.deadlines[0]?.colour)
  })

  it('shows an expired deadline whose state is still active as expired and red', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ, orgUnit: 'county-bureau' })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    await t.send(id, { type: 'OPINION', result: 'explain', servedAt: '2024-09-16' }, { actor: organ })
    // The review window (30 days from service) expires without an event: the state stays.
    await t.advance('40d')
    const view = await t.get(id, { actor: organ })
    expect(view.stateKey).toBe('answered')
    expect(view.deadlines).toEqual([
      expect.objectContaining({ name: 'reviewWindow', status: 'expired', colour: 'red' }),
    ])
    expect(view.colour).toBe('red')
  })

  it('shows the outcome and completion time of a closed case, which has no colour', async () => {
    const t = engine()
    const { id } = await t.start('pl', undefined, { actor: organ, orgUnit: 'county-bureau' })
    await t.advance('2d')
    await t.send(id, { type: 'VOID' }, { actor: organ })
    const view = await t.get(id, { actor: organ })
    expect(view).toMatchObject({ status: 'completed', outcome: 'void', colour: null, tasks: [], deadlines: [] })
    expect(view.completedAt).toEqual(new Date(t.clock.now()))
  })

  it('lists the linked cases a case started, and each child names its parent', async () => {
    const t = engine()
    const { id } = await t.start('par', undefined, { actor: organ, orgUnit: 'town-a' })
    await t.send(id, { type: 'SPAWN' }, { actor: county })
    const parent = await t.get(id, { actor: county })
    expect(parent.childIds).toHaveLength(1)
    const child = await t.system.get(parent.childIds[0] as string)
    expect(child).toMatchObject({ processId: 'pl', parentId: id, orgUnit: 'town-a' })
    // Typed client: the same view.
    expect(await t.process(petitionLite).get(child.id, { actor: county })).toEqual(child)
  })
})

describe('what engine.get costs', () => {
  it('reads the case row and its linked cases by the parent index: two store reads, no history or task read', async () => {
    const inner = memoryStore()
    const calls: string[] = []
    const counting = new Proxy(inner, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver)
        if (typeof v !== 'function') return v
        return (...args: unknown[]) => {
          calls.push(String(prop))
          return (v as (...a: unknown[]) => unknown).apply(target, args)
        }
      },
    })
    const t = createTestEngine({ processes: [petitionLite, parallel], start, orgUnits, store: counting })
    const { id } = await t.start('par', undefined, { actor: county, orgUnit: 'town-a' })
    await t.send(id, { type: 'SPAWN' }, { actor: county })
    calls.length = 0
    const view = await t.get(id, { actor: county })
    expect(view.childIds).toHaveLength(1)
    expect(calls).toEqual(['getInstance', 'findInstances'])
  })
})

describe('engine.instances: finding cases', () => {
  async function world() {
    const t = engine()
    const a = (await t.start('pl', undefined, { actor: organ, orgUnit: 'village-a1', businessKey: 'A' })).id
    await t.advance('1h')
    const b = (await t.start('pl', undefined, { actor: organ, orgUnit: 'town-b', businessKey: 'B' })).id
    await t.advance('1h')
    const c = (await t.start('par', undefined, { actor: organ, orgUnit: 'town-a' })).id
    await t.advance('1h')
    const d = (await t.start('pl', undefined, { actor: organ, orgUnit: 'other-county' })).id
    return { t, a, b, c, d }
  }

  it('filters by process, state path (per parallel region), org-unit subtree and business key', async () => {
    const { t, a, b, c, d } = await world()
    await t.send(a, { type: 'ACCEPT' }, { actor: county })
    await t.send(a, { type: 'HEARING_START' }, { actor: county })
    const find = async (q: InstanceQuery) => ids(await t.system.instances(q))
    expect(await find({})).toEqual([a, b, c, d])
    expect(await find({ processId: 'par' })).toEqual([c])
    expect(await find({ processId: 'pl', processVersion: 1 })).toEqual([a, b, d])
    expect(await find({ processVersion: 2 })).toEqual([])
    expect(await find({ state: 'handling' })).toEqual([a])
    expect(await find({ state: 'handling.hearing' })).toEqual([a])
    expect(await find({ state: 'handling.working' })).toEqual([])
    expect(await find({ state: 'registered' })).toEqual([b, d])
    expect(await find({ state: 'visit' })).toEqual([c])
    expect(await find({ state: 'visit.planned' })).toEqual([c])
    expect(await find({ state: 'review.reading' })).toEqual([c])
    expect(await find({ state: 'regist' })).toEqual([])
    expect(await find({ orgUnitSubtree: 'town-a' })).toEqual([a, c])
    expect(await find({ orgUnitSubtree: 'county' })).toEqual([a, b, c])
    expect(await find({ orgUnitSubtree: 'county', orgUnit: ['town-b', 'other-county'] })).toEqual([b])
    expect(await find({ orgUnit: 'village-a1' })).toEqual([a])
    expect(await find({ businessKey: 'B' })).toEqual([b])
    expect(await find({ status: 'completed' })).toEqual([])
  })

  it('filters by colour and overdue at the engine now, and by created, updated and completed ranges', async () => {
    const { t, a, b, c, d } = await world()
    const find = async (q: InstanceQuery) => ids(await t.system.instances(q))
    t.clock.set('2024-10-05T00:00:00+08:00') // past 80 % of the 15 days: yellow
    expect(await find({ colour: 'yellow' })).toEqual([a, b, d])
    expect(await find({ colour: 'green' })).toEqual([c]) // no deadline: green
    await t.send(b, { type: 'VOID' }, { actor: county })
    const closedAt = t.clock.now()
    expect(await find({ colour: 'yellow' })).toEqual([a, d])
    t.clock.set('2024-10-09T00:00:00+08:00') // due (not yet fired)
    expect(await find({ colour: 'red' })).toEqual([a, d])
    expect(await find({ overdue: true })).toEqual([a, d])
    expect(await find({ overdue: false })).toEqual([b, c])
    const listed = (await t.system.instances({ businessKey: 'A' })).items[0]
    expect(listed).toMatchObject({ id: a, colour: 'red', orgUnit: 'village-a1', breached: false, outcome: null })
    expect(listed?.dueAt).toEqual(new Date(at('2024-10-09T00:00:00+08:00')))
    // Ranges take Dates or epoch ms: from inclusive, before exclusive.
    expect(await find({ createdFrom: new Date(at(start)), createdBefore: at(start) + 2 * 3_600_000 })).toEqual([a, b])
    expect(await find({ createdFrom: at(start) + 3_600_000 })).toEqual([b, c, d])
    expect(await find({ updatedFrom: closedAt })).toEqual([b])
    expect(await find({ completedFrom: closedAt, completedBefore: closedAt + 1 })).toEqual([b])
    expect(await find({ completedBefore: closedAt })).toEqual([])
    expect((await t.system.instances({ status: 'completed' })).items[0]).toMatchObject({
      id: b,
      outcome: 'void',
      colour: null,
      completedAt: new Date(closedAt),
    })
  })

  it("pages in a stable order (creation, then id) while cases change, and keeps the actor's scope", async () => {
    const { t, a, b, c } = await world()
    const first = await t.instances({ actor: county, limit: 2 })
    expect(ids(first)).toEqual([a, b])
    // A change between pages moves nothing: the order is by creation.
    await t.send(a, { type: 'ACCEPT' }, { actor: county })
    const second = await t.instances({ actor: county, limit: 2, cursor: first.nextCursor })
    expect(ids(second)).toEqual([c])
    expect(second.nextCursor).toBeUndefined()
    // A reader of one town sees its subtree only, whatever the query asks.
    const townA = { id: 't1', roles: ['organ'], orgUnit: 'town-a' }
    expect(ids(await t.instances({ actor: townA }))).toEqual([a, c])
    expect(ids(await t.instances({ actor: townA, orgUnitSubtree: 'county' }))).toEqual([a, c])
    // A party (the petitioner) reads only through parties: none here.
    expect(ids(await t.instances({ actor: petitioner }))).toEqual([])
  })

  it('refuses bad query values with INVALID_OPTIONS naming the field, and writes nothing', async () => {
    const { t } = await world()
    const bad: Array<[string, Record<string, unknown>]> = [
      ['processId', { processId: 7 }],
      ['processId', { processId: ['pl', ''] }],
      ['processVersion', { processVersion: 0 }],
      ['status', { status: 'closed' }],
      ['state', { state: '' }],
      ['state', { state: 'a|b' }],
      ['state', { state: 'a.' }],
      ['orgUnitSubtree', { orgUnitSubtree: 3 }],
      ['colour', { colour: 'blue' }],
      ['overdue', { overdue: 'yes' }],
      ['createdFrom', { createdFrom: new Date('nonsense') }],
      ['updatedBefore', { updatedBefore: '2024-01-01' }],
      ['completedFrom', { completedFrom: 10, completedBefore: 10 }],
      ['dueBefore', { dueBefore: Number.NaN }],
      ['escalatedFrom', { escalatedFrom: 20, escalatedBefore: 10 }],
      ['outcome', { outcome: [''] }],
      ['outcomeNot', { outcomeNot: 3 }],
      ['breached', { breached: 1 }],
      ['closedOnTime', { closedOnTime: 'yes' }],
      ['escalated', { escalated: null }],
      ['orgunit', { orgunit: 'town-a' }],
    ]
    for (const [field, query] of bad) {
      let caught: unknown
      try {
        await t.system.instances(query as InstanceQuery)
      } catch (e) {
        caught = e
      }
      expect([field, isFengqiaoError(caught, 'INVALID_OPTIONS')]).toEqual([field, true])
      expect((caught as Error).message).toContain(field)
    }
    await expect(t.instances({ actor: organ, colour: 'blue' as never })).rejects.toMatchObject({
      code: 'INVALID_OPTIONS',
    })
    await expect(t.system.instances({ limit: 0 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
    await expect(t.system.instances({ cursor: 'not-a-cursor' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' })
  })
})
