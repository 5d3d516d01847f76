// Each published package's README is read on the npm registry's page: its links must be absolute
// (relative ones lead nowhere there), and each ```ts snippet must type-check and run as pasted.
// Snippets tagged ```ts fragment are parts of a larger program and are not run. The type check of
// the snippets (one tsc over every package's sources, ~40 s) is package-readmes.long.test.ts.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const packages = ['packages/core', 'packages/adapters/sql', 'packages/petition', 'packages/mediation', 'packages/deliberation']

function snippets(markdown: string): string[] {
  return [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '')
}

// The snippets run where every package resolves: the demo example depends on all of them (and on
// the SQLite driver), and the `@fengqiao/source` condition serves their sources.
const host = join(root, 'examples', 'demo')
const dir = mkdtempSync(join(host, '.readme-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const files: Array<{ pkg: string; file: string }> = []
for (const pkg of packages) {
  snippets(readFileSync(join(root, pkg, 'README.md'), 'utf8')).forEach((code, i) => {
    const file = join(dir, `${pkg.replaceAll('/', '-')}-${i + 1}.mts`)
    writeFileSync(file, code)
    files.push({ pkg, file })
  })
}

describe('package READMEs', () => {
  it.each(packages)('%s links only to absolute URLs', (pkg) => {
    const md = readFileSync(join(root, pkg, 'README.md'), 'utf8')
    const relativeLinks = [...md.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '').filter((href) => !/^(https?:|mailto:|#)/.test(href))
    expect(relativeLinks).toEqual([])
  })

  it('every package README has a snippet to run', () => {
    expect(new Set(files.map((f) => f.pkg))).toEqual(new Set(packages.filter((p) => p !== 'packages/core')))
  })

  it.each(files.map((f) => [relative(root, f.file), f.file] as const))('%s runs', (_name, file) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@fengqiao/source', file], { cwd: dir, encoding: 'utf8', timeout: 60_000 })
    expect(out).toBeDefined()
  }, 90_000)
})
