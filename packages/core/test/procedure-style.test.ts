// The helpers procedure packages share (docs/decisions/0005-procedure-style.md).
import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import {
  defineLabels,
  defineParameters,
  defineProcedurePlugin,
  defineProcess,
  labelGaps,
  matches,
  stateIn,
  systemEvent,
  type EventsOf,
} from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

function thrown(f: () => unknown): { code?: string; message: string; details?: Record<string, unknown> } {
  try {
    f()
  } catch (e) {
    return e as { code?: string; message: string; details?: Record<string, unknown> }
  }
  throw new Error('did not throw')
}

const days = z.number().int().positive()
const label = (en: string) => ({ 'zh-CN': `${en}（中）`, en })

describe('defineParameters', () => {
  const params = defineParameters(
    'ticket',
    {
      answerDays: {
        default: 15,
        article: 'Art. 1',
        status: 'V',
        schema: days,
        unit: 'calendar days (日)',
        description: label('Answer period'),
      },
      extendDays: { default: 10, article: 'Art. 2', status: 'U', schema: days, description: label('Extension') },
      court: {
        acceptDays: { default: 3, article: 'Art. 4', status: 'S', schema: days, description: label('Accept') },
        excluded: {
          default: ['marriage'] as string[],
          article: 'Art. 5',
          status: 'design',
          schema: z.array(z.string()),
          description: label('Excluded'),
          format: (v: string[]) => v.join(', '),
        },
      },
    },
    {
      check: (p) =>
        p.extendDays > p.answerDays ? [['extendDays', `must not exceed answerDays (${p.answerDays})`]] : [],
    },
  )

  it('gives the defaults, frozen, and applies overrides (groups member by member)', () => {
    expect(params.defaults).toEqual({
      answerDays: 15,
      extendDays: 10,
      court: { acceptDays: 3, excluded: ['marriage'] },
    })
    expect(Object.isFrozen(params.defaults.court)).toBe(true)
    const p = params.resolve({ answerDays: 30, court: { acceptDays: 5 } })
    expect(p).toEqual({ answerDays: 30, extendDays: 10, court: { acceptDays: 5, excluded: ['marriage'] } })
    expect(params.resolve()).toEqual(params.defaults)
  })

  it('refuses a bad value with INVALID_OPTIONS naming the parameter and its article', () => {
    const e = thrown(() => params.resolve({ answerDays: 0 }))
    expect(e.code).toBe('INVALID_OPTIONS')
    expect(e.message).toContain('"answerDays" (Art. 1)')
    expect(e.details).toMatchObject({ parameter: 'answerDays', article: 'Art. 1', value: 0 })
    expect(thrown(() => params.resolve({ court: { acceptDays: 1.5 } })).details).toMatchObject({
      parameter: 'court.acceptDays',
      article: 'Art. 4',
    })
  })

  it('refuses unknown names, a non-object, and a failed cross-parameter check', () => {
    expect(thrown(() => params.resolve({ nope: 1 } as never)).message).toMatch(
      /"nope".*known: answerDays, extendDays, court/,
    )
    expect(thrown(() => params.resolve({ court: { nope: 1 } } as never)).details).toMatchObject({
      parameter: 'court.nope',
    })
    expect(thrown(() => params.resolve({ court: 3 } as never)).code).toBe('INVALID_OPTIONS')
    expect(thrown(() => params.resolve('x' as never)).code).toBe('INVALID_OPTIONS')
    const e = thrown(() => params.resolve({ extendDays: 20 }))
    expect(e.message).toContain('must not exceed answerDays (15)')
    expect(e.details).toMatchObject({ parameter: 'extendDays', article: 'Art. 2' })
  })

  it('refuses a default that fails its own schema when declared', () => {
    const e = thrown(() =>
      defineParameters('bad', { d: { default: -1, article: 'x', status: 'V', schema: days, description: label('d') } }),
    )
    expect(e.code).toBe('INVALID_DEFINITION')
  })

  it('makes the docs table from the declarations, in order, with the formatted value', () => {
    expect(params.rows().map((r) => r.name)).toEqual(['answerDays', 'extendDays', 'court.acceptDays', 'court.excluded'])
    const t = params.table(params.resolve({ answerDays: 20 }))
    expect(t.split('\n')[2]).toBe(
      '| `answerDays` | 20 | calendar days (日) | Art. 1 | verified | Answer period (Answer period（中）) |',
    )
    expect(t).toContain('| `court.excluded` | marriage |  | Art. 5 | design choice |')
    expect(t).toContain('**[U]** unverified')
  })
})

describe('labels, system events, matches and the plugin shape', () => {
  const events = {
    CLOSE: { schema: z.object({}), roles: ['clerk'] },
    OVERDUE: systemEvent(),
    CHILD_DONE: systemEvent({ schema: z.object({ outcome: z.string().optional() }) }),
  }
  const machine = setup({ types: { events: {} as EventsOf<typeof events> } }).createMachine({
    id: 'ticket',
    type: 'parallel',
    states: {
      work: {
        initial: 'open',
        states: {
          open: {
            initial: 'fresh',
            states: { fresh: { on: { CLOSE: 'late' } }, late: {} },
            on: { OVERDUE: '.late', CHILD_DONE: 'closed' },
          },
          closed: { type: 'final' },
        },
      },
      watch: { initial: 'idle', states: { idle: {} } },
    },
  })
  const table = {
    process: label('Ticket'),
    states: {
      work: label('Work'),
      'work.open': label('Open'),
      'work.open.fresh': label('Fresh'),
      'work.open.late': label('Late'),
      'work.closed': label('Closed'),
      watch: label('Watch'),
      'watch.idle': label('Idle'),
    },
    events: { CLOSE: label('Close'), OVERDUE: label('Overdue'), CHILD_DONE: label('Child done') },
  }

  it('systemEvent marks an engine-only event with an empty payload by default', () => {
    expect(events.OVERDUE.system).toBe(true)
    expect(events.OVERDUE.roles).toEqual(['system'])
    expect(events.OVERDUE.schema.safeParse({}).success).toBe(true)
    expect(events.CHILD_DONE.schema.safeParse({ outcome: 3 }).success).toBe(false)
    expect(systemEvent({ label: label('x') }).label).toEqual(label('x'))
  })

  it('defineLabels refuses an incomplete label and labels event policies', () => {
    expect(
      thrown(() => defineLabels({ process: label('p'), states: { a: { 'zh-CN': '', en: 'A' } }, events: {} })).details,
    ).toEqual({ labels: ['states.a'] })
    const l = defineLabels(table)
    const labelled = l.withEventLabels(events)
    expect(labelled.CLOSE.label).toEqual(label('Close'))
    expect(labelled.OVERDUE.system).toBe(true)
    expect(thrown(() => defineLabels({ ...table, events: {} }).withEventLabels(events)).message).toContain(
      '"CLOSE" has no label',
    )
  })

  it('labelGaps finds states and events without labels, and labels left behind', () => {
    const def = defineProcess({ id: 'ticket', version: 1, machine, events })
    expect(labelGaps(def, table)).toEqual({ states: [], events: [], unknownStates: [], unknownEvents: [] })
    const { 'work.open.late': _late, ...states } = table.states
    expect(
      labelGaps(def, {
        states: { ...states, 'work.gone': label('Gone') },
        events: { CLOSE: label('Close'), OLD: label('Old') },
      }),
    ).toEqual({
      states: ['work.open.late'],
      events: ['OVERDUE', 'CHILD_DONE'],
      unknownStates: ['work.gone'],
      unknownEvents: ['OLD'],
    })
  })

  it('matches and stateIn read a live case, region by region', async () => {
    const def = defineProcess({ id: 'ticket', version: 1, machine, events })
    const t = createTestEngine({ processes: [def] })
    const { id } = await t.start('ticket', undefined, { actor: { id: 'c', roles: ['clerk'] } })
    const view = await t.system.get(id)
    expect(matches(view, 'work.open.fresh')).toBe(true)
    expect(matches(view, 'work.open')).toBe(true)
    expect(matches(view, 'watch.idle')).toBe(true)
    expect(matches(view, 'work.open.late')).toBe(false)
    expect(matches(view, 'work.closed')).toBe(false)
    expect(matches(view, '')).toBe(false)
    expect(stateIn(view, 'work')).toBe('open.fresh')
    expect(stateIn(view, 'work.open')).toBe('fresh')
    expect(stateIn(view, 'nope')).toBe('')
    expect(stateIn(view)).toBe('')
    expect(stateIn('a')).toBe('a')
    expect(stateIn({ a: { b: 'c' } })).toBe('a.b.c')
    await t.send(id, { type: 'CLOSE' }, { actor: { id: 'c', roles: ['clerk'] } })
    expect(matches(await t.system.get(id), 'work.open.late')).toBe(true)
  })

  it('defineProcedurePlugin registers every defined process and exposes definitions, parameters, roles', () => {
    const def = defineProcess({ id: 'ticket', version: 1, machine, events })
    const plugin = defineProcedurePlugin({
      name: 'ticket',
      definitions: { ticket: def, optional: undefined },
      parameters: { days: 1 },
      roles: { clerk: 'clerk' },
    })
    expect(plugin.processes).toEqual([def])
    expect(plugin.definitions.ticket).toBe(def)
    expect(plugin.parameters.days).toBe(1)
    expect(plugin.roles.clerk).toBe('clerk')
    expect('effects' in plugin).toBe(false)
    expect(thrown(() => defineProcedurePlugin({ name: 'none', definitions: {}, parameters: {}, roles: {} })).code).toBe(
      'INVALID_DEFINITION',
    )
    expect(
      thrown(() => defineProcedurePlugin({ name: 'bad', definitions: { x: {} as never }, parameters: {}, roles: {} }))
        .message,
    ).toContain('definitions.x')
  })
})
