// The diagrams in docs/processes/mediation.md are generated from the machines; this fails when the
// committed ones are stale (regenerate with: pnpm --filter @fengqiao/mediation diagram).
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { committedDiagrams, docPath, renderDiagrams } from '../scripts/diagram.js'

describe('docs/processes/mediation.md', () => {
  it('holds the current generated diagrams', () => {
    const committed = committedDiagrams(readFileSync(docPath, 'utf8'))
    expect(committed, 'the diagrams section is missing').toBeDefined()
    expect(committed).toBe(renderDiagrams())
  })

  it('shows every process as its rendered BPMN picture', () => {
    const text = renderDiagrams()
    for (const id of ['mediation', 'policeMediation', 'courtMediation']) {
      expect(text).toContain(`(\`${id}\`)`)
      expect(text).toContain(`](../diagrams/${id}.svg)`)
      expect(existsSync(new URL(`../../../docs/diagrams/${id}.svg`, import.meta.url))).toBe(true)
    }
  })
})
