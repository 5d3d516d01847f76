#!/usr/bin/env node
// Rewrites citations of the design documents that live outside this repository ("SPEC §7",
// "ARCHITECTURE §3") into citations of their in-repo counterparts, section by section:
//
//   SPEC §2.1          → docs/domain-rules.md#21-escalation-ladder
//   ARCHITECTURE §3    → docs/architecture.md#3-executing-a-command
//
// In Markdown prose the citation becomes a relative link ([domain rules §2.1](../domain-rules.md#…));
// everywhere else (source, tests, code blocks, and the generated sections of docs, which must equal
// what the code renders) it becomes the plain repository path with its anchor. Anchors are taken
// from the headings of docs/domain-rules.md and docs/architecture.md, so the script and the pages
// cannot disagree. Safe to run again: rewritten text no longer matches.
//
// Usage: node scripts/fix-citations.mjs [--check]
//   --check  change nothing; list the citations that would be rewritten and exit 1 if any.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

/** The in-repo document for each outside one: its path and the name a Markdown link shows. */
const targets = {
  SPEC: { path: 'docs/domain-rules.md', name: 'domain rules' },
  ARCHITECTURE: { path: 'docs/architecture.md', name: 'architecture' },
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

/** Section number → anchor, read from a document's numbered headings ("## 2. …", "### 2.1 …"). */
export function sectionAnchors(markdown) {
  const anchors = new Map()
  for (const line of markdown.split('\n')) {
    const m = /^#{2,4} (\d+(?:\.\d+)*)\.? (.+)$/.exec(line)
    if (m) anchors.set(m[1], slug(`${m[1]} ${m[2]}`.replace(/^(\d+(?:\.\d+)*)\./, '$1')))
  }
  return anchors
}

// "SPEC §2.1", "SPEC §2.1–§2.2", "SPEC §2.1–2.2", "SPEC §7 and §9", "(SPEC §7, §9)".
const citation =
  /\b(SPEC|ARCHITECTURE)(?:\.md)? ?§ ?(\d+(?:\.\d+)?)((?:\s*[–-]\s*§?\d+(?:\.\d+)?|\s*,\s*§\d+(?:\.\d+)?|\s+(?:and|or)\s+§\d+(?:\.\d+)?)*)/g
const further = /(\s*[–-]\s*|\s*,\s*|\s+(?:and|or)\s+)§?(\d+(?:\.\d+)?)/g

function anchorsFor(doc) {
  return sectionAnchors(readFileSync(join(root, targets[doc].path), 'utf8'))
}

/**
 * Rewrites every citation in one file's text.
 *
 * @param {string} text - the file's content
 * @param {string} file - its path from the repository root
 * @param {Record<string, Map<string, string>>} anchors - section anchors per outside document
 * @returns {{ text: string, found: string[] }}
 */
export function rewrite(text, file, anchors) {
  const found = []
  const markdown = file.endsWith('.md')
  const fileDir = posix.dirname(file)
  const cite = (doc, section, asLink, label) => {
    const anchor = anchors[doc].get(section)
    if (anchor === undefined) throw new Error(`${file}: ${doc} §${section} has no section in ${targets[doc].path}`)
    const path = targets[doc].path
    if (!asLink) return `${path}#${anchor}`
    return `[${label}](${posix.relative(fileDir, path)}#${anchor})`
  }
  const replaceIn = (chunk, asLink) =>
    chunk
      .replace(citation, (match, doc, first, rest) => {
        found.push(match)
        let out = cite(doc, first, asLink, `${targets[doc].name} §${first}`)
        for (const [, sep, section] of rest.matchAll(further)) {
          out += asLink
            ? `${sep}${cite(doc, section, true, `§${section}`)}`
            : `${sep.trim() === ',' ? ', ' : ` ${sep.trim()} `}${cite(doc, section, false)}`
        }
        return out
      })
      // The document named without a section ("the SPEC names it", "SPEC tags").
      .replace(/\bSPEC\b(?! ?§)/g, (match) => {
        found.push(match)
        return targets.SPEC.path
      })
  // A citation wrapped across two lines of a paragraph or comment.
  text = text.replace(/\b(SPEC|ARCHITECTURE)\n(\s*(?:\*|\/\/)?\s*)§/g, '$1 §')
  if (!markdown) return { text: replaceIn(text, false), found }
  // Markdown: links in prose; plain paths in code fences and in generated sections.
  const lines = text.split('\n')
  let fence = false
  let generated = false
  const out = lines.map((line) => {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence
    if (/<!--\s*(BEGIN GENERATED|diagrams?:start)/.test(line)) generated = true
    const result = replaceIn(line, !fence && !generated)
    if (/<!--\s*(END GENERATED|diagrams?:end)/.test(line)) generated = false
    return result
  })
  return { text: out.join('\n'), found }
}

/** Every tracked or new (not ignored) text file of the repository, except the targets themselves. */
export function repositoryFiles() {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
  })
  const skip = new Set([...Object.values(targets).map((t) => t.path), 'scripts/fix-citations.mjs', 'pnpm-lock.yaml'])
  return listed
    .split('\0')
    .filter(
      (f) => f !== '' && !skip.has(f) && /\.(ts|mts|cts|js|mjs|cjs|md|json|sh|yaml|yml|html|css)$|^\.ci\/run$/.test(f),
    )
}

function main() {
  const check = process.argv.includes('--check')
  const anchors = { SPEC: anchorsFor('SPEC'), ARCHITECTURE: anchorsFor('ARCHITECTURE') }
  let total = 0
  for (const file of repositoryFiles()) {
    let text
    try {
      text = readFileSync(join(root, file), 'utf8')
    } catch {
      continue // listed but deleted in the working tree
    }
    const { text: next, found } = rewrite(text, file, anchors)
    if (found.length === 0) continue
    total += found.length
    if (check) console.log(`${file}: ${found.join('; ')}`)
    else writeFileSync(join(root, file), next)
  }
  const where = relative(process.cwd(), root) || '.'
  if (check) {
    console.log(
      total === 0
        ? 'No citations of outside documents.'
        : `${total} citations of outside documents (run node scripts/fix-citations.mjs in ${where}).`,
    )
    process.exitCode = total === 0 ? 0 : 1
  } else {
    console.log(`Rewrote ${total} citations.`)
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main()
