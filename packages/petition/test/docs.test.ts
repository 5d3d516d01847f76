import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { defaultPetitionParameters } from '../src/index.js'
import { diagramBlock, docPath, parameterTable, updateDoc } from '../scripts/diagram.js'

describe('docs/processes/petition.md', () => {
  const page = readFileSync(docPath, 'utf8')

  it('carries the current diagram and parameter table (run `pnpm --filter @fengqiao/petition diagram` if not)', () => {
    expect(updateDoc(page)).toBe(page)
  })

  it('the generated blocks hold what they claim', () => {
    for (const id of ['petition', 'petition-followup']) {
      expect(diagramBlock()).toContain(`](../diagrams/${id}.svg)`)
      expect(existsSync(new URL(`../../../docs/diagrams/${id}.svg`, import.meta.url))).toBe(true)
    }
    for (const name of Object.keys(defaultPetitionParameters)) expect(parameterTable()).toContain(`| \`${name}\` |`)
    expect(page).toContain(diagramBlock())
    expect(page).toContain(parameterTable())
  })

  it('detects a stale page', () => {
    const stale = page.replace('../diagrams/petition.svg', '../diagrams/old.svg')
    expect(stale).not.toBe(page)
    expect(updateDoc(stale)).toBe(page)
  })
})
