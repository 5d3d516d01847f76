// Every state and event has a Chinese and an English label; so do roles, matter classes, bodies
// and outcomes. Fails when a state or event is added without labels.
import type { AnyProcessDefinition, Labels } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import {
  bodyLabels,
  complaintEventLabels,
  complaintProcess,
  complaintStateLabels,
  deliberationProcess,
  eventLabels,
  matterClasses,
  matterLabels,
  meetingBodies,
  outcomeLabels,
  roleLabels,
  roles,
  stateLabels,
} from '../src/index.js'

const complete = (l: Labels | undefined, what: string) => {
  expect(l, what).toBeDefined()
  expect(l?.['zh-CN'].trim(), `${what} zh-CN`).not.toBe('')
  expect(l?.en.trim(), `${what} en`).not.toBe('')
  expect(l?.['zh-CN'], `${what}: the Chinese label is Chinese`).toMatch(/[\u4e00-\u9fff]/)
}

function statePaths(def: AnyProcessDefinition): Map<string, Labels | undefined> {
  const out = new Map<string, Labels | undefined>()
  const root = def.machine.root as unknown as { id: string }
  for (const id of def.states.keys()) {
    if (id === root.id) continue
    const node = def.machine.getStateNodeById(id) as unknown as { meta?: { label?: Labels } }
    out.set(id.slice(root.id.length + 1), node.meta?.label)
  }
  return out
}

describe('labels', () => {
  it('every state of the deliberation has a zh-CN and an en label, and stateLabels has no stray entries', () => {
    const paths = statePaths(deliberationProcess())
    expect(paths.size).toBe(22)
    for (const [path, label] of paths) complete(label, path)
    expect(Object.keys(stateLabels).sort()).toEqual([...paths.keys()].sort())
  })

  it('every state of the complaint process is labelled', () => {
    const paths = statePaths(complaintProcess())
    for (const [path, label] of paths) complete(label, path)
    expect(Object.keys(complaintStateLabels).sort()).toEqual([...paths.keys()].sort())
  })

  it('every event is labelled, in its policy and in the label table', () => {
    for (const [def, table] of [
      [deliberationProcess(), eventLabels],
      [complaintProcess(), complaintEventLabels],
    ] as const) {
      for (const [type, policy] of Object.entries(def.events)) {
        complete(policy.label, type)
        expect(policy.label).toBe((table as Record<string, Labels>)[type])
      }
      expect(Object.keys(table).sort()).toEqual(Object.keys(def.events).sort())
    }
  })

  it('every task title is given in both languages', () => {
    for (const def of [deliberationProcess(), complaintProcess()]) {
      for (const [id, info] of def.states) {
        if (info.task === undefined) continue
        expect(typeof info.task.title, id).toBe('object')
        complete(info.task.title as Labels, `${id} task`)
      }
    }
  })

  it('roles, matter classes, bodies and outcomes are labelled', () => {
    for (const r of Object.values(roles)) complete(roleLabels[r], r)
    for (const m of matterClasses) complete(matterLabels[m], m)
    for (const b of meetingBodies) complete(bodyLabels[b], b)
    for (const o of ['passed', 'rejected', 'quorumFailed', 'noticeTooShort', 'invalidComposition'] as const)
      complete(outcomeLabels[o], o)
    expect(Object.keys(matterLabels).sort()).toEqual([...matterClasses].sort())
  })
})
