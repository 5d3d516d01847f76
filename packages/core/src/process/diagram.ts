/**
 * Diagrams of process definitions, generated from the machine itself (never drawn by hand).
 *
 * @module
 */
import type { AnyProcessDefinition } from './define-process.js'

interface DiagramNode {
  id: string
  key: string
  type: string
  states: Record<string, DiagramNode>
  initial?: { target: Array<{ id: string }> } | undefined
  transitions: Map<string, Array<{ target?: Array<{ id: string }> | undefined; guard?: unknown }>>
  always?: Array<{ target?: Array<{ id: string }> | undefined; guard?: unknown }>
  meta?: unknown
}

/** Options of {@link toMermaid}. */
export interface DiagramOptions {
  /** Label states with `meta.label` / task titles in this language when present. @defaultValue `'en'` */
  readonly lang?: 'zh-CN' | 'en'
}

const safe = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, '_')

function eventLabel(type: string): string {
  const after = /^xstate\.after\.([^.]+)\./.exec(type)
  if (after !== null) {
    const ms = Number(after[1])
    if (!Number.isFinite(ms)) return `after ${after[1]}`
    return ms % 86_400_000 === 0
      ? `after ${ms / 86_400_000}d`
      : ms % 3_600_000 === 0
        ? `after ${ms / 3_600_000}h`
        : `after ${ms}ms`
  }
  if (type.startsWith('xstate.done.state.')) return 'done'
  return type
}

/**
 * Renders a process as a Mermaid `stateDiagram-v2`: states (nested ones as composite states),
 * transitions labelled with their event (guarded ones marked `[guard]`), final states, and the
 * statutory deadline of each state as a note.
 *
 * @param definition - a process from `defineProcess`
 * @param options - label language
 * @returns Mermaid source text, ending with a newline
 * @example
 * ```ts
 * writeFileSync('docs/processes/petition.mmd', toMermaid(petition))
 * ```
 */
export function toMermaid(definition: AnyProcessDefinition, options: DiagramOptions = {}): string {
  const lang = options.lang ?? 'en'
  const lines: string[] = ['stateDiagram-v2']
  const root = definition.machine.root as unknown as DiagramNode
  const label = (n: DiagramNode): string => {
    const meta = (n.meta ?? {}) as {
      label?: Record<string, string>
      task?: { title?: string | Record<string, string> }
    }
    const l = meta.label?.[lang]
    return l === undefined ? n.key : `${n.key}: ${l}`
  }
  const emit = (node: DiagramNode, indent: string): void => {
    if (node.type === 'parallel') {
      // Regions of a parallel state are drawn side by side, separated by Mermaid's `--`.
      Object.values(node.states).forEach((region, i) => {
        if (i > 0) lines.push(`${indent}--`)
        emit(region, indent)
      })
      return
    }
    const children = Object.values(node.states)
    const initial = node.initial?.target[0]
    if (initial !== undefined) lines.push(`${indent}[*] --> ${safe(initial.id)}`)
    for (const child of children) {
      if (Object.keys(child.states).length > 0) {
        lines.push(`${indent}state "${label(child)}" as ${safe(child.id)} {`)
        emit(child, `${indent}  `)
        lines.push(`${indent}}`)
      } else {
        lines.push(`${indent}state "${label(child)}" as ${safe(child.id)}`)
      }
      if (child.type === 'final') lines.push(`${indent}${safe(child.id)} --> [*]`)
      const deadline = definition.states.get(child.id)?.deadline
      if (deadline !== undefined) {
        const unit = deadline.unit === 'workingDays' ? 'working days' : deadline.unit
        lines.push(
          `${indent}note right of ${safe(child.id)}: ${deadline.amount} ${unit}${deadline.onExpire === undefined ? '' : ` → ${deadline.onExpire}`}`,
        )
      }
    }
    for (const child of children) {
      for (const [type, list] of child.transitions) {
        for (const t of list) {
          for (const target of t.target ?? []) {
            lines.push(
              `${indent}${safe(child.id)} --> ${safe(target.id)}: ${eventLabel(type)}${t.guard === undefined ? '' : ' [guard]'}`,
            )
          }
        }
      }
      for (const t of child.always ?? []) {
        for (const target of t.target ?? [])
          lines.push(
            `${indent}${safe(child.id)} --> ${safe(target.id)}: always${t.guard === undefined ? '' : ' [guard]'}`,
          )
      }
    }
  }
  emit(root, '  ')
  // Transitions on the machine itself apply in every state.
  const anywhere = [...root.transitions].flatMap(([type, list]) =>
    list.flatMap((t) => (t.target ?? []).map((target) => ({ type, target, guard: t.guard }))),
  )
  if (anywhere.length > 0) {
    lines.push('  state "(any state)" as __any')
    for (const a of anywhere)
      lines.push(`  __any --> ${safe(a.target.id)}: ${eventLabel(a.type)}${a.guard === undefined ? '' : ' [guard]'}`)
  }
  return `${lines.join('\n')}\n`
}
