// The docs show every shipped process as a rendered picture, never as diagram source; the
// pictures are current. Regenerate with `pnpm --filter @fengqiao/bpmn diagrams`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { marked } from 'marked'
import { describe, expect, it } from 'vitest'
import { exportBpmn } from '../src/index.js'
import { diagramsDir, diagramXml, documentedProcesses, sourceMark } from '../scripts/diagrams.js'
import { shippedProcesses } from '../scripts/shipped.js'
import { unrenderedDiagrams } from '../../../scripts/diagram-source.js'

const docs = fileURLToPath(new URL('../../../docs/', import.meta.url))
const root = fileURLToPath(new URL('../../../', import.meta.url))

function pages(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (['site', 'api'].includes(name) && dir === docs) return []
    if (statSync(p).isDirectory()) return pages(p)
    return name.endsWith('.md') ? [p] : []
  })
}

describe('docs/diagrams', () => {
  it('holds the current BPMN of every documented process, and an SVG rendered from exactly that BPMN', async () => {
    for (const def of await documentedProcesses()) {
      const bpmn = `${diagramsDir}${def.id}.bpmn`
      const svg = `${diagramsDir}${def.id}.svg`
      expect(existsSync(bpmn) && existsSync(svg), `${def.id}: run pnpm --filter @fengqiao/bpmn diagrams`).toBe(true)
      const xml = await diagramXml(def)
      expect(readFileSync(bpmn, 'utf8'), `${def.id}.bpmn is stale: run pnpm --filter @fengqiao/bpmn diagrams`).toBe(xml)
      const picture = readFileSync(svg, 'utf8')
      expect(picture, `${def.id}.svg is stale: run pnpm --filter @fengqiao/bpmn diagrams`).toContain(sourceMark(xml))
      expect(picture).toContain('<svg')
    }
  })

  it('every process page shows its processes as pictures', () => {
    const wanted: Record<string, string[]> = {
      'processes/petition.md': ['petition', 'petition-followup'],
      'processes/mediation.md': ['mediation', 'policeMediation', 'courtMediation'],
      'processes/deliberation.md': ['deliberation', 'deliberation-complaint'],
      'processes/grid.md': ['grid-event', 'urban-case'],
      'processes/hotline.md': ['hotline-ticket'],
      'bpmn.md': ['grid-event', 'licence'],
    }
    for (const [page, ids] of Object.entries(wanted)) {
      const text = readFileSync(join(docs, page), 'utf8')
      for (const id of ids)
        expect(text, `${page} shows ${id}`).toMatch(new RegExp(`!\\[[^\\]]*\\]\\((\\.\\./)?diagrams/${id}\\.svg\\)`))
    }
  })

  it("docs/bpmn.md's table of mapped elements matches what the export maps", async () => {
    const text = readFileSync(join(docs, 'bpmn.md'), 'utf8')
    for (const def of shippedProcesses()) {
      const { counts } = await exportBpmn(def)
      const row = new RegExp(`^\\| \`${def.id}\`[^|]*\\| (\\d+) \\| (\\d+) \\| (\\d+) \\|$`, 'm').exec(text)
      expect(row, `docs/bpmn.md has a row for ${def.id}`).not.toBeNull()
      expect(row?.slice(1).map(Number), def.id).toEqual([counts.states, counts.shapes, counts.flows])
    }
  })

  it('no built page carries unrendered diagram source', () => {
    for (const file of [join(root, 'README.md'), ...pages(docs)]) {
      const html = marked.parse(readFileSync(file, 'utf8'), { async: false }) as string
      expect(unrenderedDiagrams(html), file).toEqual([])
    }
  })

  it('the check catches diagram source', () => {
    const html = marked.parse(
      '# x\n\n```mermaid\nstateDiagram-v2\n  a --> b\n```\n\n```plantuml\n@startuml\n@enduml\n```\n',
      { async: false },
    ) as string
    expect(unrenderedDiagrams(html)).toHaveLength(2)
    expect(unrenderedDiagrams('<pre><code>stateDiagram-v2\n</code></pre>')).toHaveLength(1)
    expect(unrenderedDiagrams('<p><img src="diagrams/a.svg"></p>')).toEqual([])
  })
})
