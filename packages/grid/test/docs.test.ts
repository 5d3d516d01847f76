import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { gridParameters, hotlineFiguresTable, hotlineParameters } from '../src/index.js'
import { pages, updateDoc } from '../scripts/diagram.js'

describe.each(['grid', 'hotline'] as const)('docs/processes/%s.md', (name) => {
  const page = readFileSync(pages[name].path, 'utf8')

  it('carries the current diagrams and parameter table (run `pnpm --filter @fengqiao/grid diagram` if not)', () => {
    expect(updateDoc(name, page)).toBe(page)
  })

  it('the generated blocks hold what they claim', () => {
    for (const id of pages[name].ids) {
      expect(pages[name].diagram()).toContain(`](../diagrams/${id}.svg)`)
      expect(existsSync(new URL(`../../../docs/diagrams/${id}.svg`, import.meta.url))).toBe(true)
    }
    const set = name === 'grid' ? gridParameters : hotlineParameters
    for (const row of set.rows()) expect(pages[name].parameters()).toContain(`| \`${row.name}\` |`)
    expect(page).toContain(pages[name].parameters())
    if (name === 'hotline') expect(page).toContain(hotlineFiguresTable())
  })

  it('detects a stale page', () => {
    const id = pages[name].ids[0]
    const stale = page.replace(`../diagrams/${id}.svg`, '../diagrams/old.svg')
    expect(stale).not.toBe(page)
    expect(updateDoc(name, stale)).toBe(page)
  })
})
