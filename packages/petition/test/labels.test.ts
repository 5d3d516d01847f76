import { describe, expect, it } from 'vitest'
import {
  eventLabels,
  followUpLabels,
  labels,
  petitionFollowUpProcess,
  petitionProcess,
  stateLabels,
} from '../src/index.js'

interface Node {
  readonly path: readonly string[]
  readonly meta?: { label?: { 'zh-CN'?: string; en?: string } }
  readonly states: Record<string, Node>
}

function nodes(root: Node): Node[] {
  const out: Node[] = []
  const walk = (n: Node) => {
    out.push(n)
    Object.values(n.states).forEach(walk)
  }
  walk(root)
  return out
}

const filled = (l: { 'zh-CN'?: string; en?: string } | undefined) =>
  typeof l?.['zh-CN'] === 'string' && l['zh-CN'].trim() !== '' && typeof l.en === 'string' && l.en.trim() !== ''

describe('labels', () => {
  const def = petitionProcess()

  it('every state node has a Chinese and an English label, in the table and on the node', () => {
    const all = nodes(def.machine.root as unknown as Node).filter((n) => n.path.length > 0)
    expect(all.length).toBeGreaterThan(25)
    for (const n of all) {
      const key = n.path.join('.')
      expect([key, filled((stateLabels as Record<string, { 'zh-CN': string; en: string }>)[key])]).toEqual([key, true])
      expect([key, n.meta?.label]).toEqual([key, (stateLabels as Record<string, unknown>)[key]])
    }
    // No label for a state that does not exist.
    expect(Object.keys(stateLabels).sort()).toEqual(all.map((n) => n.path.join('.')).sort())
  })

  it('every event has a Chinese and an English label, in the table and on its policy', () => {
    expect(Object.keys(eventLabels).sort()).toEqual(Object.keys(def.events).sort())
    for (const [type, policy] of Object.entries(def.events)) {
      expect([type, filled(policy.label)]).toEqual([type, true])
      expect(policy.label).toBe((eventLabels as Record<string, unknown>)[type])
    }
  })

  it('the process and its tasks are named in both languages', () => {
    expect(def.label).toEqual(labels.process)
    for (const [node, info] of def.states) {
      if (info.task === undefined) continue
      expect([node, filled(info.task.title as { 'zh-CN'?: string; en?: string })]).toEqual([node, true])
    }
  })
})

describe('labels of the follow-up process (XF Art. 37)', () => {
  it('every state and event has a Chinese and an English label', () => {
    const def = petitionFollowUpProcess()
    const all = nodes(def.machine.root as unknown as Node).filter((n) => n.path.length > 0)
    expect(all.map((n) => n.path.join('.')).sort()).toEqual(Object.keys(followUpLabels.states).sort())
    for (const n of all) expect([n.path.join('.'), filled(n.meta?.label)]).toEqual([n.path.join('.'), true])
    expect(Object.keys(def.events)).toEqual(Object.keys(followUpLabels.events))
    for (const policy of Object.values(def.events)) expect(filled(policy.label)).toBe(true)
    expect(filled(def.label)).toBe(true)
    expect(def.events.CONCLUDE_FOLLOW_UP.roles).toEqual(['organ'])
  })
})
