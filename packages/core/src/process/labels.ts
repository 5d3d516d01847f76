/**
 * Label tables: the Chinese and English names of a process, its states and its events, declared
 * once and checked for completeness against the process they name.
 *
 * @module
 */
import type { AnyStateMachine } from 'xstate'
import { FengqiaoError } from '../errors.js'
import type { AnyProcessDefinition, EventPolicies, Labels } from './define-process.js'

/** What {@link defineLabels} takes: the process's name, and its states and events by key. */
export interface LabelTableInput {
  /** The process's name. */
  readonly process: Labels
  /** State labels keyed by the state's path below the machine root (`'procedure.handling'`). */
  readonly states: { readonly [path: string]: Labels }
  /** Event labels keyed by event type. */
  readonly events: { readonly [type: string]: Labels }
}

/** A checked label table, made by {@link defineLabels}. */
export type LabelTable<T extends LabelTableInput> = T & {
  /**
   * Adds each event's label to its policy (the policies an engine shows in worklists and errors).
   *
   * @throws {FengqiaoError} INVALID_DEFINITION when an event has no label
   */
  withEventLabels<E extends EventPolicies>(events: E): { [K in keyof E]: E[K] & { readonly label: Labels } }
}

/** What is missing or left over between a label table and a process. */
export interface LabelGaps {
  /** State paths of the machine without a label. */
  readonly states: readonly string[]
  /** Event types the process declares without a label. */
  readonly events: readonly string[]
  /** Labelled state paths the machine does not have (a renamed state whose label stayed behind). */
  readonly unknownStates: readonly string[]
  /** Labelled event types the process does not declare. */
  readonly unknownEvents: readonly string[]
}

const complete = (l: unknown): l is Labels =>
  typeof l === 'object' &&
  l !== null &&
  typeof (l as Record<string, unknown>)['zh-CN'] === 'string' &&
  (l as Record<string, string>)['zh-CN'] !== '' &&
  typeof (l as Record<string, unknown>).en === 'string' &&
  (l as Record<string, string>).en !== ''

/**
 * Declares a process's label table, refusing an empty or one-language label at once.
 *
 * @param table - the process's, its states' and its events' labels
 * @returns the same table, frozen, with `withEventLabels(events)`
 * @throws {FengqiaoError} INVALID_DEFINITION naming every label without both zh-CN and en text
 * @example
 * ```ts
 * export const labels = defineLabels({
 *   process: { 'zh-CN': '信访事项办理', en: 'Petition handling' },
 *   states: { open: { 'zh-CN': '办理中', en: 'Open' } },
 *   events: { CLOSE: { 'zh-CN': '办结', en: 'Close' } },
 * })
 * ```
 */
export function defineLabels<const T extends LabelTableInput>(table: T): LabelTable<T> {
  const bad = [
    ...(complete(table?.process) ? [] : ['process']),
    ...Object.entries(table?.states ?? {})
      .filter(([, l]) => !complete(l))
      .map(([k]) => `states.${k}`),
    ...Object.entries(table?.events ?? {})
      .filter(([, l]) => !complete(l))
      .map(([k]) => `events.${k}`),
  ]
  if (bad.length > 0)
    throw new FengqiaoError(
      'INVALID_DEFINITION',
      `Labels need a non-empty zh-CN and en text; incomplete: ${bad.join(', ')}.`,
      { labels: bad },
    )
  const withEventLabels = <E extends EventPolicies>(events: E) => {
    const out: Record<string, unknown> = {}
    for (const [type, policy] of Object.entries(events)) {
      const label = Object.hasOwn(table.events, type) ? table.events[type] : undefined
      if (label === undefined)
        throw new FengqiaoError(
          'INVALID_DEFINITION',
          `Event "${type}" has no label; add it to the label table's \`events\`.`,
          { event: type },
        )
      out[type] = { ...policy, label }
    }
    return out as { [K in keyof E]: E[K] & { readonly label: Labels } }
  }
  return Object.freeze({ ...table, withEventLabels })
}

interface NodeLike {
  readonly path: readonly string[]
  readonly states: Record<string, NodeLike>
}

/**
 * The state paths of a machine below its root, in document order (`'procedure'`,
 * `'procedure.intake'`, …).
 *
 * @param machine - an XState machine
 * @returns every state node's path, dot-separated
 */
export function statePaths(machine: AnyStateMachine): string[] {
  const out: string[] = []
  const walk = (n: NodeLike): void => {
    for (const c of Object.values(n.states)) {
      out.push(c.path.join('.'))
      walk(c)
    }
  }
  walk(machine.root)
  return out
}

/**
 * Compares a label table with a process: states and events without a label, and labels of states
 * or events the process does not have.
 *
 * @param definition - the process
 * @param table - its label table (states by path, events by type)
 * @returns the gaps; all four lists are empty when the table is complete and exact
 * @example
 * ```ts
 * expect(labelGaps(petitionProcess(), labels)).toEqual({ states: [], events: [], unknownStates: [], unknownEvents: [] })
 * ```
 */
export function labelGaps(
  definition: AnyProcessDefinition,
  table: Pick<LabelTableInput, 'states' | 'events'>,
): LabelGaps {
  const paths = statePaths(definition.machine)
  const types = Object.keys(definition.events)
  return {
    states: paths.filter((p) => !complete(Object.hasOwn(table.states, p) ? table.states[p] : undefined)),
    events: types.filter((t) => !complete(Object.hasOwn(table.events, t) ? table.events[t] : undefined)),
    unknownStates: Object.keys(table.states).filter((p) => !paths.includes(p)),
    unknownEvents: Object.keys(table.events).filter((t) => !types.includes(t)),
  }
}
