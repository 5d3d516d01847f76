// Every shipped process, exported, read back by bpmn-moddle and rendered by bpmn-js in a real
// Chromium: the rendered shapes are counted against the definition's states, and a screenshot of
// each lands in artifacts/bpmn/ (a CI artifact).
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportBpmn } from '../src/index.js'
import { createModdle } from '../src/moddle.js'
import { openRenderer, type Renderer } from '../scripts/render.js'
import { shippedProcesses } from '../scripts/shipped.js'

const artifacts = fileURLToPath(new URL('../../../artifacts/bpmn/', import.meta.url))

describe('every shipped process renders in bpmn-js in Chromium', () => {
  let renderer: Renderer
  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true })
    renderer = await openRenderer()
  }, 60_000)
  afterAll(async () => {
    await renderer?.close()
  })

  for (const def of shippedProcesses()) {
    it(`${def.id}: no warnings, one shape per element, one per state`, async () => {
      const { xml, counts } = await exportBpmn(def)
      expect((await createModdle().fromXML(xml)).warnings).toEqual([])
      const shot = `${artifacts}${def.id}.png`
      const rendered = await renderer.render(xml, shot)
      expect(rendered.warnings).toEqual([])
      expect(rendered.shapes).toBe(counts.shapes)
      expect(rendered.connections).toBe(counts.flows)
      // Every state but the root is a shape; a root that handles events itself is drawn too, as
      // the subprocess whose boundary events catch them.
      const rootHandles = (def.machine.root as unknown as { transitions: Map<string, unknown> }).transitions.size > 0
      expect(rendered.stateShapes).toBe(def.states.size - 1 + (rootHandles ? 1 : 0))
      expect(rendered.svg).toContain('<svg')
    })
  }
})
