/**
 * The processes as the console shows them: labels, states, events with their payloads' JSON
 * Schema (generated from the zod schemas the engine validates with), roles, parameters.
 *
 * @module
 */
import type { Actor, AnyProcessDefinition, Labels } from '@fengqiao/core'
import type { AnyStateMachine, StateValue } from 'xstate'
import { z } from 'zod'
import type { ConsoleOptions } from './options.js'

/** One state of a process. */
export interface StateDescription {
  /** The state's path below the root (`'procedure.handling'`). */
  readonly path: string
  readonly label: Labels | null
  readonly type: string
  /** The role whose task opens in this state. */
  readonly taskRole: string | null
  /** The statutory deadline's period, as declared (`{ days: 15 }`). */
  readonly deadline: unknown
  readonly outcome: string | null
}

/** One event a caller may send. */
export interface EventDescription {
  readonly type: string
  readonly label: Labels | null
  readonly roles: readonly string[]
  /** Sent by the engine itself (timers, linked cases): no form. */
  readonly system: boolean
  /** The payload's JSON Schema (draft 2020-12), from the event's zod schema; `null` if it has none. */
  readonly schema: unknown
}

/** One registered process version. */
export interface ProcessDescription {
  readonly id: string
  readonly version: number
  readonly label: Labels | null
  readonly states: readonly StateDescription[]
  readonly events: readonly EventDescription[]
  readonly roles: readonly string[]
  readonly parameters: readonly unknown[]
}

/** Everything the pages need to name things. */
export interface Catalog {
  readonly processes: readonly ProcessDescription[]
  readonly roleLabels: Readonly<Record<string, Labels>>
  readonly orgUnits: readonly { readonly id: string; readonly name: string | null; readonly parent: string | null }[]
}

interface NodeLike {
  readonly path: readonly string[]
  readonly meta?: {
    readonly label?: Labels
    readonly task?: { readonly role?: unknown }
    readonly deadline?: unknown
    readonly outcome?: string
  }
  readonly type: string
  readonly states: Readonly<Record<string, NodeLike>>
  readonly ownEvents: readonly string[]
}

function nodesOf(node: NodeLike): NodeLike[] {
  return [node, ...Object.values(node.states).flatMap(nodesOf)]
}

function jsonSchemaOf(schema: unknown): unknown {
  if (!(schema instanceof z.ZodType)) return null
  try {
    return z.toJSONSchema(schema, { unrepresentable: 'any', io: 'input' })
  } catch {
    // A schema zod cannot express (a custom type): the form falls back to a JSON text box.
    return {}
  }
}

function describe(def: AnyProcessDefinition, options: ConsoleOptions<never>): ProcessDescription {
  const root = def.machine.root as unknown as NodeLike
  const states = nodesOf(root)
    .filter((n) => n.path.length > 0)
    .map((n) => ({
      path: n.path.join('.'),
      label: n.meta?.label ?? null,
      type: n.type,
      taskRole: typeof n.meta?.task?.role === 'string' ? n.meta.task.role : null,
      deadline: n.meta?.deadline ?? null,
      outcome: n.meta?.outcome ?? null,
    }))
  const events = Object.entries(def.events).map(([type, p]) => ({
    type,
    label: p.label ?? null,
    roles: [...p.roles],
    system: p.system === true || p.roles.includes('system'),
    schema: jsonSchemaOf(p.schema),
  }))
  const roles = [
    ...new Set([
      ...events.filter((e) => !e.system).flatMap((e) => e.roles),
      ...states.flatMap((s) => (s.taskRole === null ? [] : [s.taskRole])),
    ]),
  ].sort()
  return {
    id: def.id,
    version: def.version,
    label: def.label ?? null,
    states,
    events,
    roles,
    parameters: (options.parameters ?? []).filter((t) => t.processIds.includes(def.id)).flatMap((t) => t.rows),
  }
}

/**
 * Describes the host's processes once, for the Processes page and every label.
 *
 * @param options - the console's options
 * @returns the catalog
 */
export function buildCatalog(options: ConsoleOptions<never>): Catalog {
  return {
    processes: options.processes.map((d) => describe(d, options)),
    roleLabels: options.roleLabels ?? {},
    orgUnits: (options.orgUnits ?? []).map((u) => ({ id: u.id, name: u.name ?? null, parent: u.parent ?? null })),
  }
}

/**
 * The event types a case's state takes now that the actor's roles allow (not the engine's own
 * events): what the case page offers as forms. The engine still decides — a rule may refuse, and
 * the refusal is shown next to the form.
 *
 * @param def - the case's process version
 * @param state - the case's state value
 * @param actor - the reader
 * @returns event types, sorted
 */
export function offeredEvents(def: AnyProcessDefinition, state: StateValue, actor: Actor): string[] {
  const machine = def.machine as AnyStateMachine
  let nodes: NodeLike[]
  try {
    const snapshot = machine.resolveState({ value: state, context: {} }) as unknown as { _nodes: NodeLike[] }
    nodes = snapshot._nodes
  } catch {
    return []
  }
  const types = new Set<string>()
  for (const n of nodes) for (const e of n.ownEvents) if (!e.startsWith('xstate.') && e !== '*') types.add(e)
  return [...types]
    .filter((t) => {
      const p = def.events[t]
      if (p === undefined || p.system === true || p.roles.includes('system')) return false
      return p.roles.some((r) => actor.roles.includes(r))
    })
    .sort()
}
