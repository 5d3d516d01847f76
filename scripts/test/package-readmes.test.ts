// Each published package's README is read on the npm registry's page: its links must be absolute
// (relative ones lead nowhere there), and each ```ts snippet must type-check and run as pasted.
// Snippets tagged ```ts fragment are parts of a larger program and are not run. The type check of
// the snippets (one tsc over every package's sources, ~40 s) is package-readmes.long.test.ts.
import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const packages = [
  'packages/core',
  'packages/adapters/sql',
  'packages/petition',
  'packages/mediation',
  'packages/deliberation',
  'packages/grid',
  'packages/bpmn',
]

function snippets(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '')
}

// The snippets run where their imports resolve: the demo example depends on every process package
// (and on the SQLite driver); @fengqiao/bpmn's own folder holds what its snippet imports. The
// `@fengqiao/source` condition serves the packages' sources.
const hostOf = (pkg: string) => (pkg === 'packages/bpmn' ? join(root, pkg) : join(root, 'examples', 'demo'))
const dirs = new Map<string, string>()
afterAll(() => {
  for (const d of dirs.values()) rmSync(d, { recursive: true, force: true })
})

const files: Array<{ pkg: string; file: string; dir: string }> = []
for (const pkg of packages) {
  const host = hostOf(pkg)
  if (!dirs.has(host)) dirs.set(host, mkdtempSync(join(host, '.readme-')))
  const dir = dirs.get(host) ?? ''
  snippets(readFileSync(join(root, pkg, 'README.md'), 'utf8')).forEach((code, i) => {
    const file = join(dir, `${pkg.replaceAll('/', '-')}-${i + 1}.mts`)
    writeFileSync(file, code)
    files.push({ pkg, file, dir })
  })
}
// The reader's own drawing, which the bpmn snippet opens: the one examples/bpmn-process runs.
if (dirs.has(join(root, 'packages/bpmn')))
  copyFileSync(
    join(root, 'examples/bpmn-process/src/licence.bpmn'),
    join(dirs.get(join(root, 'packages/bpmn')) ?? '', 'licence.bpmn'),
  )

describe('package READMEs', () => {
  it.each(packages)('%s links only to absolute URLs', (pkg) => {
    const md = readFileSync(join(root, pkg, 'README.md'), 'utf8')
    const relativeLinks = [...md.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => m[1] ?? '')
      .filter((href) => !/^(https?:|mailto:|#)/.test(href))
    expect(relativeLinks).toEqual([])
  })

  it('every package README has a snippet to run', () => {
    expect(new Set(files.map((f) => f.pkg))).toEqual(new Set(packages.filter((p) => p !== 'packages/core')))
  })

  it.each(files.map((f) => [relative(root, f.file), f.file] as const))(
    '%s runs',
    (_name, file) => {
      const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@fengqiao/source', file], {
        cwd: dirname(file),
        encoding: 'utf8',
        timeout: 60_000,
      })
      expect(out).toBeDefined()
    },
    90_000,
  )
})
