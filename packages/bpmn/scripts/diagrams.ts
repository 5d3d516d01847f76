/**
 * Writes the docs' diagrams: every shipped process (and the BPMN example) exported with `toBpmn`
 * to `docs/diagrams/<id>.bpmn`, and rendered by bpmn-js in Chromium to `docs/diagrams/<id>.svg`.
 * Each SVG records the SHA-256 of the BPMN it was drawn from, so `test/diagrams.test.ts` can tell
 * a stale picture without a browser.
 *
 *     pnpm --filter @fengqiao/bpmn diagrams
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { AnyProcessDefinition } from '@fengqiao/core'
import { toBpmn } from '../src/index.js'
import { openRenderer } from './render.js'
import { shippedProcesses } from './shipped.js'

/** Where the diagrams live. */
export const diagramsDir = fileURLToPath(new URL('../../../docs/diagrams/', import.meta.url))

/** The processes the docs draw. */
export async function documentedProcesses(): Promise<AnyProcessDefinition[]> {
  const { licenceProcess } = await import('../../../examples/bpmn-process/src/licence.js')
  return [...shippedProcesses(), await licenceProcess()]
}

/** The marker an SVG carries: the hash of the BPMN it was rendered from. */
export function sourceMark(xml: string): string {
  return `<!-- fengqiao: rendered from BPMN sha256=${createHash('sha256').update(xml).digest('hex')} -->`
}

/** The BPMN the docs keep for a process (English names). */
export function diagramXml(def: AnyProcessDefinition): Promise<string> {
  return toBpmn(def, { lang: 'en' })
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(diagramsDir, { recursive: true })
  const renderer = await openRenderer()
  try {
    for (const def of await documentedProcesses()) {
      const xml = await diagramXml(def)
      const svgPath = `${diagramsDir}${def.id}.svg`
      // bpmn-js draws markers with random ids: an SVG already drawn from this BPMN is kept as it is.
      if (existsSync(svgPath) && readFileSync(svgPath, 'utf8').includes(sourceMark(xml))) continue
      const { svg, warnings } = await renderer.render(xml)
      if (warnings.length > 0) throw new Error(`${def.id}: bpmn-js warned: ${warnings.join('; ')}`)
      // The mark goes after the XML declaration, where a comment is allowed.
      const marked = svg.replace(/^(<\?xml[^>]*\?>\s*)?/, (decl) => `${decl}${sourceMark(xml)}\n`)
      writeFileSync(`${diagramsDir}${def.id}.bpmn`, xml)
      writeFileSync(svgPath, marked)
      process.stdout.write(`docs/diagrams/${def.id}.svg\n`)
    }
  } finally {
    await renderer.close()
  }
}
