import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'

// The README's embedding example must run as pasted and print what its comments promise.
it('runs the README quickstart', () => {
  const dir = join(import.meta.dirname, '..')
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=@fengqiao/source', 'src/quickstart.ts'],
    { cwd: dir, encoding: 'utf8' },
  )
  expect(out).toContain("[ 'mediation.applied' ]")
  expect(out).toContain("agreed completed { parties: [ '张三', '李四' ], terms: '赔偿500元' }")
  expect(out).toContain('{ ok: true, entries: 3 }')
})
