import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'

// `pnpm demo` is the README's main job: it must run and end with a verified history.
it('runs the demo to a completed, verified case', () => {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@fengqiao/source', 'src/main.ts'], { cwd: join(import.meta.dirname, '..'), encoding: 'utf8' })
  expect(out).toMatch(/timer: 20d\s+mediating\s+→ mediating/)
  expect(out).toContain('提醒调解员')
  expect(out).toContain('status: completed, state: performed, version 9')
  expect(out).toContain('open tasks: 0')
  expect(out).toContain('history verified: {"ok":true,"entries":9}')
})
