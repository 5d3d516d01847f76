// The adapter's layout (docs/decisions/0009-sql-adapter-modules.md) kept by a test: what only
// one database does lives in its folder, the shared modules choose by capability flags and never
// by the dialect's name, no module imports itself back through others, and every file reads in
// a sitting. The checker runs on the real sources and, to show it can fail, on small samples
// that break each rule.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/** Lines a source file may have. */
const MAX_LINES = 400
/** The folders that may know which database they are on. */
const DIALECT_FOLDERS = ['postgres/', 'mysql/', 'sqlite/']

const NAME = String.raw`(?:postgres|postgresql|mysql|mariadb|sqlite)`
const Q = '[\'"`]'
/** A comparison with a database's name, in either order, or a `case` on it. */
const NAME_CHECK = new RegExp(
  String.raw`[=!]==?\s*${Q}${NAME}${Q}|${Q}${NAME}${Q}\s*[=!]==?|case\s+${Q}${NAME}${Q}|instanceof\s+(?:Postgres|Mysql|Sqlite)\w*`,
  'i',
)
/** Relative imports and re-exports, static or dynamic, type-only included (a type cycle is still a cycle to a reader). */
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)'(\.{1,2}\/[^']+)'/g

/** Source text without comments, so that prose naming a database is not taken for a check. */
function code(text: string): string {
  // Block comments keep their line breaks, so that line numbers stay right.
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, '')).replace(/(^|[^:])\/\/.*$/gm, '$1')
}

/** The files `file` imports, as keys of `files` (`./x.js` → `x.ts`). */
function importsOf(file: string, text: string): string[] {
  const out: string[] = []
  for (const m of code(text).matchAll(IMPORT)) {
    const target = normalize(join(dirname(file), (m[1] as string).replace(/\.js$/, '.ts')))
    out.push(target)
  }
  return out
}

/** One cycle through the import graph, as a path that ends where it starts, or undefined. */
function findCycle(files: ReadonlyMap<string, string>): string[] | undefined {
  const graph = new Map([...files].map(([file, text]) => [file, importsOf(file, text).filter((t) => files.has(t))]))
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string): string[] | undefined => {
    state.set(file, 'open')
    stack.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next]
      if (state.get(next) === undefined) {
        const found = visit(next)
        if (found !== undefined) return found
      }
    }
    stack.pop()
    state.set(file, 'done')
    return undefined
  }
  for (const file of [...files.keys()].sort()) {
    if (state.get(file) !== undefined) continue
    const found = visit(file)
    if (found !== undefined) return found
  }
  return undefined
}

/** Everything wrong with a source tree (paths relative to `src/`), one line each. */
function structureProblems(files: ReadonlyMap<string, string>): string[] {
  const problems: string[] = []
  for (const [file, text] of files) {
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0)
    if (lines > MAX_LINES) problems.push(`${file}: ${lines} lines (at most ${MAX_LINES})`)
    if (DIALECT_FOLDERS.some((folder) => file.startsWith(folder))) continue
    code(text)
      .split('\n')
      .forEach((line, i) => {
        if (NAME_CHECK.test(line))
          problems.push(
            `${file}:${i + 1}: checks the database's name (use a capability flag of the dialect): ${line.trim()}`,
          )
      })
  }
  const cycle = findCycle(files)
  if (cycle !== undefined) problems.push(`import cycle: ${cycle.join(' → ')}`)
  return problems
}

function sources(root: string): Map<string, string> {
  const files = new Map<string, string>()
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const path = join(entry.parentPath, entry.name)
    files.set(relative(root, path), readFileSync(path, 'utf8'))
  }
  return files
}

describe('the adapter source tree', () => {
  const src = join(dirname(fileURLToPath(import.meta.url)), '../src')
  const files = sources(src)

  it('has one folder per database, each with its dialect and store', () => {
    for (const folder of DIALECT_FOLDERS) {
      expect([folder, files.has(`${folder}dialect.ts`), files.has(`${folder}store.ts`)]).toEqual([folder, true, true])
    }
  })

  it('checks no dialect name outside the dialect folders, has no import cycle, and no file over the size limit', () => {
    expect(files.size).toBeGreaterThan(20)
    expect(structureProblems(files)).toEqual([])
  })
})

describe('the structure check', () => {
  const ok = "import { a } from './a.js'\nexport const b = a\n"

  it('finds a name check outside the dialect folders, in either order or as a case', () => {
    const files = new Map([
      ['queries.ts', "if (dialect.name === 'mysql') run()\n"],
      ['claims.ts', "const x = 'sqlite' !== store.name\n"],
      ['commit.ts', "switch (name) {\n  case 'postgres':\n}\n"],
      ['rows.ts', '// MySQL returns BIGINT as a string: a comment, not a check\n'],
      ['mysql/dialect.ts', "if (flavour === 'mariadb') run()\n"],
    ])
    expect(structureProblems(files)).toEqual([
      "queries.ts:1: checks the database's name (use a capability flag of the dialect): if (dialect.name === 'mysql') run()",
      "claims.ts:1: checks the database's name (use a capability flag of the dialect): const x = 'sqlite' !== store.name",
      "commit.ts:2: checks the database's name (use a capability flag of the dialect): case 'postgres':",
    ])
  })

  it('finds an import cycle, type-only imports included', () => {
    const files = new Map([
      ['a.ts', "import type { B } from './b.js'\nexport type A = B\n"],
      ['b.ts', "import { c } from './postgres/c.js'\nexport type B = string\n"],
      ['postgres/c.ts', "import type { A } from '../a.js'\nexport const c = 1\n"],
      ['d.ts', ok],
    ])
    expect(structureProblems(files)).toEqual(['import cycle: a.ts → b.ts → postgres/c.ts → a.ts'])
  })

  it('finds a file over the size limit', () => {
    const files = new Map([
      ['big.ts', 'x\n'.repeat(MAX_LINES + 1)],
      ['fits.ts', 'x\n'.repeat(MAX_LINES)],
    ])
    expect(structureProblems(files)).toEqual([`big.ts: ${MAX_LINES + 1} lines (at most ${MAX_LINES})`])
  })
})
