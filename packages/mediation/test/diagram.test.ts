// The diagrams in docs/processes/mediation.md are generated from the machines; this fails when the
// committed ones are stale (regenerate with: pnpm --filter @fengqiao/mediation diagram).
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { committedDiagrams, docPath, renderDiagrams } from '../scripts/diagram.js'

describe('docs/processes/mediation.md', () => {
  it('holds the current generated diagrams', () => {
    const committed = committedDiagrams(readFileSync(docPath, 'utf8'))
    expect(committed, 'the diagrams section is missing').toBeDefined()
    expect(committed).toBe(renderDiagrams())
  })

  it('draws every process, its deadlines and its linked-case transitions', () => {
    const text = renderDiagrams()
    for (const id of ['mediation', 'policeMediation', 'courtMediation']) expect(text).toContain(`(\`${id}\`)`)
    expect(text).toContain('note right of mediation_open_procedure_handling: 30 days → MEDIATION_OVERDUE')
    expect(text).toContain('mediation_open_procedure_handling --> mediation_transferred: TRANSFER [guard]')
    expect(text).toContain('note right of courtMediation_filing: 7 days → FILING_OVERDUE')
  })
})
