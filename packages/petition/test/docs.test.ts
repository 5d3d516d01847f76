import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultPetitionParameters } from '../src/index.js'
import { diagramBlock, docPath, parameterTable, updateDoc } from '../scripts/diagram.js'

describe('docs/processes/petition.md', () => {
  const page = readFileSync(docPath, 'utf8')

  it('carries the current diagram and parameter table (run `pnpm --filter @fengqiao/petition diagram` if not)', () => {
    expect(updateDoc(page)).toBe(page)
  })

  it('the generated blocks hold what they claim', () => {
    expect(diagramBlock()).toMatch(/^```mermaid\nstateDiagram-v2\n/)
    expect(diagramBlock()).toContain('note right of petition_procedure_handling: 60 days → HANDLING_OVERDUE')
    for (const name of Object.keys(defaultPetitionParameters)) expect(parameterTable()).toContain(`| \`${name}\` |`)
    expect(page).toContain(diagramBlock())
    expect(page).toContain(parameterTable())
  })

  it('detects a stale page', () => {
    const stale = page.replace('60 days → HANDLING_OVERDUE', '90 days → HANDLING_OVERDUE')
    expect(stale).not.toBe(page)
    expect(updateDoc(stale)).toBe(page)
  })
})
