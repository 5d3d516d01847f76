import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// Core must be deterministic: time only from the injected clock, no randomness in engine paths.
// The only allowed wall-clock read is `systemClock` in clock.ts.
const root = join(import.meta.dirname, '..', '..')
const FORBIDDEN = [/\bDate\.now\s*\(/, /\bMath\.random\s*\(/, /\bnew Date\(\s*\)/, /\bperformance\.now\s*\(/]
const ALLOWED = new Set(['core/src/clock.ts'])

function sources(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (name === 'node_modules' || name === 'dist') continue
    if (statSync(p).isDirectory()) out.push(...sources(p))
    else if (p.endsWith('.ts')) out.push(p)
  }
  return out
}

describe('determinism', () => {
  const packageSrcDirs = ['core', 'mediation', 'petition', 'deliberation']
    .map((p) => join(root, p, 'src'))
    .filter((d) => {
      try {
        return statSync(d).isDirectory()
      } catch {
        return false
      }
    })

  it('finds the sources it checks', () => {
    expect(packageSrcDirs.length).toBeGreaterThan(0)
    expect(sources(join(root, 'core', 'src')).length).toBeGreaterThan(10)
  })

  it('reads no wall clock and no randomness outside clock.ts', () => {
    const offenders: string[] = []
    for (const file of packageSrcDirs.flatMap(sources)) {
      const rel = relative(root, file).replaceAll('\\', '/')
      if (ALLOWED.has(rel)) continue
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.trim().startsWith('*') || line.trim().startsWith('//')) return
          if (FORBIDDEN.some((re) => re.test(line))) offenders.push(`${rel}:${i + 1}: ${line.trim()}`)
        })
    }
    expect(offenders).toEqual([])
  })
})
