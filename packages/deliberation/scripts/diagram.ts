// Regenerates the generated sections of docs/processes/deliberation.md from the code: the
// diagrams (rendered BPMN pictures of the machines, docs/diagrams/<id>.svg, drawn by
// `pnpm --filter @fengqiao/bpmn diagrams`) and the parameter table. Run
// `pnpm --filter @fengqiao/deliberation diagram`; test/docs.test.ts fails when the doc is stale.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { COMPLAINT_PROCESS_ID, DELIBERATION_PROCESS_ID, parameterTable } from '../src/index.js'

/** The doc this script maintains. */
export const DOC_PATH = fileURLToPath(new URL('../../../docs/processes/deliberation.md', import.meta.url))

const picture = (id: string, what: string): string => `![${what} (\`${id}\`) as a BPMN diagram](../diagrams/${id}.svg)`

/** The generated sections, by marker name. */
export function generatedSections(): Record<string, string> {
  const rows = parameterTable().map(
    (r) => `| \`${r.name}\` | ${r.value} | ${r.source} | ${r.tag} | ${r.en} | ${r['zh-CN']} |`,
  )
  return {
    diagram: picture(DELIBERATION_PROCESS_ID, 'The deliberation process'),
    'complaint-diagram': picture(COMPLAINT_PROCESS_ID, 'The complaint process'),
    parameters: ['| Parameter | Default | Source | Tag | Meaning | 含义 |', '|---|---|---|---|---|---|', ...rows].join(
      '\n',
    ),
  }
}

/**
 * Replaces every `<!-- BEGIN GENERATED: name -->` … `<!-- END GENERATED: name -->` block of the
 * doc with the current text.
 *
 * @param doc - the doc's text
 * @returns the doc with fresh sections
 * @throws Error when a section's markers are missing
 */
export function renderDoc(doc: string): string {
  let out = doc
  for (const [name, body] of Object.entries(generatedSections())) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`
    const end = `<!-- END GENERATED: ${name} -->`
    const i = out.indexOf(begin)
    const j = out.indexOf(end)
    if (i < 0 || j < i) throw new Error(`${DOC_PATH}: missing the markers of the generated section "${name}".`)
    out = `${out.slice(0, i + begin.length)}\n${body}\n${out.slice(j)}`
  }
  return out
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const before = readFileSync(DOC_PATH, 'utf8')
  const after = renderDoc(before)
  if (after === before) process.stdout.write(`${DOC_PATH} is up to date.\n`)
  else {
    writeFileSync(DOC_PATH, after)
    process.stdout.write(`${DOC_PATH} regenerated.\n`)
  }
}
