import { describe, expect, it } from 'vitest'
import { createMachine, fromPromise, sendTo, setup, spawnChild } from 'xstate'
import { z } from 'zod'
import { defineProcess } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

const go = { GO: { schema: z.object({}), roles: ['u'] } }
const simple = () => createMachine({ initial: 'a', states: { a: { on: { GO: 'b' } }, b: {} } })

function code(f: () => unknown): string | undefined {
  try {
    f()
  } catch (e) {
    return (e as { code?: string }).code
  }
  return undefined
}

describe('defineProcess', () => {
  it('accepts a well-formed process and freezes it', () => {
    const p = defineProcess({ id: 'ok', version: 1, machine: simple(), events: go })
    expect(p.kind).toBe('fengqiao.process')
    expect(Object.isFrozen(p)).toBe(true)
  })

  it('refuses a machine that invokes an actor', () => {
    const machine = createMachine({
      initial: 'a',
      states: { a: { invoke: { src: fromPromise(async () => 1) }, on: { GO: 'b' } }, b: {} },
    })
    expect(() => defineProcess({ id: 'inv', version: 1, machine, events: go })).toThrow(/invokes an actor/)
  })

  it('refuses spawnChild and sendTo actions', () => {
    const spawn = createMachine({
      initial: 'a',
      states: { a: { entry: spawnChild(fromPromise(async () => 1)), on: { GO: 'b' } }, b: {} },
    })
    expect(() => defineProcess({ id: 's', version: 1, machine: spawn, events: go })).toThrow(/xstate.spawnChild/)
    const send = createMachine({
      initial: 'a',
      states: { a: { on: { GO: { target: 'b', actions: sendTo('other', { type: 'X' }) } } }, b: {} },
    })
    expect(() => defineProcess({ id: 's', version: 1, machine: send, events: go })).toThrow(/xstate.sendTo/)
  })

  it('refuses inline function actions, which a durable engine never runs', () => {
    const machine = createMachine({
      initial: 'a',
      states: { a: { on: { GO: { target: 'b', actions: () => {} } } }, b: {} },
    })
    expect(() => defineProcess({ id: 'inline', version: 1, machine, events: go })).toThrow(/inline function action/)
  })

  it('refuses a text delay the machine does not define, which XState would fire at once, and says how to write one', () => {
    const machine = createMachine({ initial: 'a', states: { a: { after: { '3d': 'b' }, on: { GO: 'b' } }, b: {} } })
    let err: unknown
    try {
      defineProcess({ id: 'late', version: 1, machine, events: go })
    } catch (e) {
      err = e
    }
    expect((err as { code?: string }).code).toBe('INVALID_DEFINITION')
    expect((err as Error).message).toMatch(/"3d".*does not define.*milliseconds.*setup\(\{ delays/)
    expect((err as { details: unknown }).details).toMatchObject({ state: '(machine).a', delay: '3d' })
  })

  it('accepts delays in milliseconds and named delays defined in setup()', async () => {
    const named = setup({ delays: { threeDays: 3 * 24 * 3600 * 1000 } }).createMachine({
      initial: 'a',
      states: { a: { after: { threeDays: 'b' }, on: { GO: 'b' } }, b: {} },
    })
    const ms = createMachine({ initial: 'a', states: { a: { after: { 259200000: 'b' }, on: { GO: 'b' } }, b: {} } })
    const p1 = defineProcess({ id: 'named', version: 1, machine: named, events: go })
    const p2 = defineProcess({ id: 'ms', version: 1, machine: ms, events: go })
    const t = createTestEngine({ processes: [p1, p2] })
    const actor = { id: 'u1', roles: ['u'] }
    const a = await t.start('named', undefined, { actor })
    const b = await t.start('ms', undefined, { actor })
    await t.advance('2d')
    expect((await t.system.get(a.id)).state).toEqual('a')
    await t.advance('1d')
    expect((await t.system.get(a.id)).state).toEqual('b')
    expect((await t.system.get(b.id)).state).toEqual('b')
  })

  it('accepts named actions declared in setup()', () => {
    const machine = setup({ actions: { notify: () => {} } }).createMachine({
      initial: 'a',
      states: { a: { on: { GO: { target: 'b', actions: 'notify' } } }, b: {} },
    })
    expect(() => defineProcess({ id: 'named', version: 1, machine, events: go })).not.toThrow()
  })

  it('refuses an event the machine handles without a policy, and a policy for an event it never handles', () => {
    const machine = createMachine({ initial: 'a', states: { a: { on: { GO: 'b', STOP: 'b' } }, b: {} } })
    expect(() => defineProcess({ id: 'p', version: 1, machine, events: go })).toThrow(
      /"STOP" but `events` has no policy/,
    )
    expect(() =>
      defineProcess({
        id: 'p',
        version: 1,
        machine: simple(),
        events: { ...go, GOO: { schema: z.object({}), roles: ['u'] } },
      }),
    ).toThrow(/"GOO" but no state/)
  })

  it('refuses malformed ids, versions, machines, schemas and roles', () => {
    expect(code(() => defineProcess({ id: '1bad', version: 1, machine: simple(), events: go }))).toBe(
      'INVALID_DEFINITION',
    )
    expect(code(() => defineProcess({ id: 'p', version: 0, machine: simple(), events: go }))).toBe('INVALID_DEFINITION')
    expect(code(() => defineProcess({ id: 'p', version: 1.5, machine: simple(), events: go }))).toBe(
      'INVALID_DEFINITION',
    )
    expect(code(() => defineProcess({ id: 'p', version: 1, machine: {} as never, events: go }))).toBe(
      'INVALID_DEFINITION',
    )
    expect(
      code(() =>
        defineProcess({
          id: 'p',
          version: 1,
          machine: simple(),
          events: { GO: { schema: {} as never, roles: ['u'] } },
        }),
      ),
    ).toBe('INVALID_DEFINITION')
    expect(
      code(() =>
        defineProcess({ id: 'p', version: 1, machine: simple(), events: { GO: { schema: z.object({}), roles: [] } } }),
      ),
    ).toBe('INVALID_DEFINITION')
    expect(
      code(() =>
        defineProcess({
          id: 'p',
          version: 1,
          machine: simple(),
          events: { GO: { schema: z.object({}), roles: ['u'], scope: 'world' as never } },
        }),
      ),
    ).toBe('INVALID_DEFINITION')
  })

  it('refuses registering two different definitions under one id and version', () => {
    const a = defineProcess({ id: 'p', version: 1, machine: simple(), events: go })
    const b = defineProcess({ id: 'p', version: 1, machine: simple(), events: go })
    expect(() => createTestEngine({ processes: [a, b] })).toThrow(/registered twice/)
    expect(() => createTestEngine({ processes: [{ id: 'x' } as never] })).toThrow(/defineProcess/)
  })

  it('refuses at run time a context that is not plain JSON, writing nothing', async () => {
    const machine = setup({ types: { context: {} as { at: unknown } } }).createMachine({
      initial: 'a',
      context: { at: null },
      states: { a: { on: { GO: { target: 'b', actions: setupAssign() } } }, b: {} },
    })
    const p = defineProcess({ id: 'dates', version: 1, machine, events: go })
    const t = createTestEngine({ processes: [p] })
    const { id } = await t.start('dates', undefined, { actor: { id: 'u', roles: ['u'] } })
    await expect(t.send(id, { type: 'GO' }, { actor: { id: 'u', roles: ['u'] } })).rejects.toThrow(
      /context.at holds Date/,
    )
    expect((await t.system.get(id)).version).toBe(1)
  })
})

function setupAssign() {
  // A context value that would not survive a round trip through a JSON column.
  return setup({ types: { context: {} as { at: unknown } } }).assign({ at: () => new Date(0) })
}
