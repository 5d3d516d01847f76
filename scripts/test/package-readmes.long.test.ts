// The package READMEs' ```ts snippets type-check as pasted (strict, node16 modules). A long test
// (one tsc over every package's sources): `pnpm test:long`, run by CI. They are run in
// package-readmes.test.ts.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const packages = ['packages/adapters/sql', 'packages/petition', 'packages/mediation', 'packages/deliberation']
// Inside the demo example, which depends on every package.
const dir = mkdtempSync(join(root, 'examples', 'demo', '.readme-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

it('the package README snippets type-check as pasted (strict, node16 modules)', () => {
  for (const pkg of packages) {
    const md = readFileSync(join(root, pkg, 'README.md'), 'utf8')
    ;[...md.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].forEach((m, i) => writeFileSync(join(dir, `${pkg.replaceAll('/', '-')}-${i + 1}.mts`), m[1] ?? ''))
  }
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: relative(dir, join(root, 'tsconfig.base.json')), compilerOptions: { noEmit: true }, include: ['*.mts'] }),
  )
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' })
  expect(r.stdout + r.stderr).toBe('')
  expect(r.status).toBe(0)
}, 120_000)

