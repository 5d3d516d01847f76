// The package READMEs' ```ts snippets type-check as pasted (strict, node16 modules). A long test
// (one tsc over every package's sources per host folder): `pnpm test:long`, run by CI. They are run
// in package-readmes.test.ts.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const packages = [
  'packages/adapters/sql',
  'packages/petition',
  'packages/mediation',
  'packages/deliberation',
  'packages/bpmn',
]
// Where each snippet's imports resolve (as in package-readmes.test.ts).
const hostOf = (pkg: string) => (pkg === 'packages/bpmn' ? join(root, pkg) : join(root, 'examples', 'demo'))
const dirs = new Map<string, string>()
afterAll(() => {
  for (const d of dirs.values()) rmSync(d, { recursive: true, force: true })
})

it('the package README snippets type-check as pasted (strict, node16 modules)', () => {
  for (const pkg of packages) {
    const host = hostOf(pkg)
    if (!dirs.has(host)) dirs.set(host, mkdtempSync(join(host, '.readme-')))
    const dir = dirs.get(host) ?? ''
    const md = readFileSync(join(root, pkg, 'README.md'), 'utf8')
    ;[...md.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].forEach((m, i) =>
      writeFileSync(join(dir, `${pkg.replaceAll('/', '-')}-${i + 1}.mts`), m[1] ?? ''),
    )
  }
  for (const dir of dirs.values()) {
    // The bpmn package's declarations for its untyped dependencies come along with its sources.
    const include = ['*.mts', relative(dir, join(root, 'packages/bpmn/src/types'))]
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        extends: relative(dir, join(root, 'tsconfig.base.json')),
        compilerOptions: { noEmit: true },
        include,
      }),
    )
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], {
      encoding: 'utf8',
    })
    expect(r.stdout + r.stderr).toBe('')
    expect(r.status).toBe(0)
  }
}, 240_000)
