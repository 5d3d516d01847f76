// The repository stands on its own: comments, tests and docs cite docs/architecture.md and
// docs/domain-rules.md by section, never the design documents they were written from, and every
// cited section exists. `node scripts/fix-citations.mjs` rewrites old-style citations.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\0')
  .filter((f) => /\.(ts|mts|cts|js|mjs|cjs|md|json|sh|ya?ml)$/.test(f) && f !== 'pnpm-lock.yaml')
const read = (f: string): string => {
  try {
    return readFileSync(join(root, f), 'utf8')
  } catch {
    return '' // listed, but deleted in the working tree
  }
}

// Built from parts so that this file does not match itself.
const outside = new RegExp(['\\b(SP', 'EC|ARCHIT', 'ECTURE)(\\.md)?\\s?§'].join(''))
const sharedPath = ['/work', 'shared'].join('/')

/** GitHub's heading anchors of a Markdown page (the docs site uses the same ones). */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>()
  for (const m of markdown.matchAll(/^#{1,6} (.+)$/gm)) {
    out.add(
      (m[1] ?? '')
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, '')
        .replace(/\s/g, '-'),
    )
  }
  return out
}

describe('citations', () => {
  it('no file cites the design documents kept outside the repository', () => {
    const offenders = files.filter(
      (f) => f !== 'scripts/fix-citations.mjs' && (outside.test(read(f)) || read(f).includes(sharedPath)),
    )
    expect(offenders, 'run node scripts/fix-citations.mjs').toEqual([])
  })

  it('fix-citations finds nothing left to rewrite', () => {
    const r = spawnSync(process.execPath, ['scripts/fix-citations.mjs', '--check'], { cwd: root, encoding: 'utf8' })
    expect(r.stdout).toContain('No citations of outside documents.')
    expect(r.status).toBe(0)
  })

  it('every cited section of docs/architecture.md and docs/domain-rules.md exists', () => {
    const targets = {
      'architecture.md': anchors(read('docs/architecture.md')),
      'domain-rules.md': anchors(read('docs/domain-rules.md')),
    }
    const missing: string[] = []
    for (const f of files) {
      for (const m of read(f).matchAll(/(architecture|domain-rules)\.md#([\p{L}\p{N}_-]+)/gu)) {
        const page = `${m[1]}.md` as keyof typeof targets
        if (!targets[page].has(m[2] ?? '')) missing.push(`${f}: ${m[0]}`)
      }
    }
    expect(missing).toEqual([])
  })

  it('rewrites a citation into a link in Markdown prose and a path in code, and leaves generated sections plain', () => {
    const dir = join(root, 'scripts')
    const script = `
      import { rewrite, sectionAnchors } from ${JSON.stringify(join(dir, 'fix-citations.mjs'))}
      import { readFileSync } from 'node:fs'
      const s = 'SP' + 'EC'
      const anchors = { [s]: sectionAnchors(readFileSync('docs/domain-rules.md', 'utf8')), ARCHITECTURE: sectionAnchors(readFileSync('docs/architecture.md', 'utf8')) }
      const md = 'see (' + s + ' §2.1–§2.2)\\n<!-- BEGIN GENERATED: x -->\\n| ' + s + ' §7 step 2 |\\n<!-- END GENERATED: x -->\\n'
      console.log(JSON.stringify([rewrite(md, 'docs/processes/x.md', anchors).text, rewrite('// ' + s + ' §7 and §9; the ' + s + ' names it', 'a.ts', anchors).text]))
    `
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' })
    const [md, ts] = JSON.parse(out) as [string, string]
    expect(md).toBe(
      'see ([domain rules §2.1](../domain-rules.md#21-escalation-ladder)–[§2.2](../domain-rules.md#22-colour-grading))\n' +
        '<!-- BEGIN GENERATED: x -->\n| docs/domain-rules.md#7-four-deliberations-two-disclosures step 2 |\n<!-- END GENERATED: x -->\n',
    )
    expect(ts).toBe(
      '// docs/domain-rules.md#7-four-deliberations-two-disclosures and docs/domain-rules.md#9-configurable-parameters; the docs/domain-rules.md names it',
    )
  })
})
