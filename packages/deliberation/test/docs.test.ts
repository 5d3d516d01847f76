// The committed doc's generated sections (state diagrams from the machines, the parameter table)
// must match the code. Regenerate with `pnpm --filter @fengqiao/deliberation diagram`.
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DOC_PATH, generatedSections, renderDoc } from '../scripts/diagram.js'

describe('docs/processes/deliberation.md', () => {
  const doc = readFileSync(DOC_PATH, 'utf8')

  it('has fresh generated sections (run the diagram script if this fails)', () => {
    expect(renderDoc(doc)).toBe(doc)
  })

  it('shows the machine and every parameter', () => {
    const s = generatedSections()
    for (const [section, id] of [
      ['diagram', 'deliberation'],
      ['complaint-diagram', 'deliberation-complaint'],
    ] as const) {
      expect(s[section]).toContain(`](../diagrams/${id}.svg)`)
      expect(doc).toContain(s[section])
      expect(existsSync(new URL(`../../../docs/diagrams/${id}.svg`, import.meta.url))).toBe(true)
    }
    expect(doc).toContain('| `representativeMeetingQuorum` | ≥ 2/3 | CW Art. 26 | V |')
  })

  it('a stale diagram is detected', () => {
    const stale = doc.replace('../diagrams/deliberation.svg', '../diagrams/old.svg')
    expect(stale).not.toBe(doc)
    expect(renderDoc(stale)).not.toBe(stale)
  })
})
