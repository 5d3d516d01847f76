// zh-CN and en labels for every state and event, read from the definitions themselves.
import type { AnyProcessDefinition } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import {
  courtMediationProcess,
  peoplesMediationProcess,
  policeMediationProcess,
  roleLabels,
  roles,
} from '../src/index.js'

interface NodeLike {
  id: string
  meta?: { label?: Record<string, unknown> }
  states: Record<string, NodeLike>
}

function nodes(def: AnyProcessDefinition): NodeLike[] {
  const out: NodeLike[] = []
  const walk = (n: NodeLike) => {
    out.push(n)
    for (const c of Object.values(n.states)) walk(c)
  }
  for (const c of Object.values((def.machine.root as unknown as NodeLike).states)) walk(c)
  return out
}

const complete = (l: unknown) =>
  typeof l === 'object' &&
  l !== null &&
  typeof (l as Record<string, unknown>)['zh-CN'] === 'string' &&
  (l as Record<string, string>)['zh-CN'] !== '' &&
  typeof (l as Record<string, unknown>).en === 'string' &&
  (l as Record<string, string>).en !== ''

describe('labels', () => {
  for (const def of [peoplesMediationProcess(), policeMediationProcess(), courtMediationProcess()]) {
    it(`${def.id}: every state has a zh-CN and an en label`, () => {
      const all = nodes(def)
      expect(all.length).toBeGreaterThan(5)
      const missing = all.filter((n) => !complete(n.meta?.label)).map((n) => n.id)
      expect(missing).toEqual([])
    })

    it(`${def.id}: every event has a zh-CN and an en label, and so does the process`, () => {
      const missing = Object.entries(def.events)
        .filter(([, p]) => !complete(p.label))
        .map(([type]) => type)
      expect(missing).toEqual([])
      expect(complete(def.label)).toBe(true)
    })
  }

  it('every role has labels', () => {
    for (const r of Object.values(roles)) expect(complete(roleLabels[r]), r).toBe(true)
  })

  it('labels are distinct within a process (no copy-paste slips)', () => {
    for (const def of [peoplesMediationProcess(), policeMediationProcess(), courtMediationProcess()]) {
      const en = Object.values(def.events).map((p) => p.label?.en)
      expect(new Set(en).size).toBe(en.length)
    }
  })
})
