// `pnpm docs`: the API reference (typedoc, zero warnings) plus every guide in docs/ rendered into
// a static site in docs/site/. Open docs/site/index.html.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import { marked } from 'marked'
import { apiPages, headingAnchors, linkApi, navigation, resolveLinks, STYLE, type Page } from './site.js'
import { unrenderedDiagrams } from './diagram-source.js'

const root = join(import.meta.dirname, '..')
const docs = join(root, 'docs')
const site = join(docs, 'site')

function markdownFiles(dir: string): string[] {
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (['site', 'api'].includes(name) && dir === docs) continue
    if (statSync(p).isDirectory()) out.push(...markdownFiles(p))
    else if (name.endsWith('.md')) out.push(p)
  }
  return out.sort()
}

const title = (md: string, fallback: string) => /^#\s+(.+)$/m.exec(md)?.[1]?.trim() ?? fallback
const escape = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)

rmSync(site, { recursive: true, force: true })
mkdirSync(site, { recursive: true })
execFileSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc')], { cwd: root, stdio: 'inherit' })
cpSync(join(docs, 'api'), join(site, 'api'), { recursive: true })
cpSync(join(docs, 'diagrams'), join(site, 'diagrams'), { recursive: true })
// The console guide's screenshots (docs/console/*.png), linked from console.html.
cpSync(join(docs, 'console'), join(site, 'console'), { recursive: true })
// The API reference's links back to the guides (typedoc.json writes them as `__SITE__/…`).
for (const file of readdirSync(join(site, 'api'), { recursive: true, encoding: 'utf8' }).filter((f) =>
  f.endsWith('.html'),
)) {
  const path = join(site, 'api', file)
  const up = '../'.repeat(file.split('/').length)
  writeFileSync(path, readFileSync(path, 'utf8').replaceAll('__SITE__/', up))
}
const api = apiPages(join(site, 'api'))

const sources = [join(root, 'README.md'), ...markdownFiles(docs)]
const pages: Page[] = sources.map((src) => {
  const out = src === join(root, 'README.md') ? 'index.html' : relative(docs, src).replace(/\.md$/, '.html')
  return {
    src: relative(root, src),
    out,
    title: out === 'index.html' ? 'Overview' : title(readFileSync(src, 'utf8'), out),
  }
})
// A folder of pages without an index.md (docs/decisions/) gets a generated index listing them.
const folders = [...new Set(pages.map((p) => posix.dirname(p.out)).filter((d) => d !== '.'))]
const folderIndexes: Page[] = folders
  .filter((d) => !pages.some((p) => p.out === `${d}/index.html`))
  .map((d) => ({
    src: `docs/${d}/index.md`,
    out: `${d}/index.html`,
    title: d === 'decisions' ? 'Decisions' : d[0]!.toUpperCase() + d.slice(1),
  }))
const byRepoPath = new Map<string, string>([
  ...pages.map((p) => [p.src, p.out] as const),
  ...folderIndexes.map((p) => [posix.dirname(p.src), p.out] as const),
])
const nav = navigation(pages, folderIndexes)

function render(page: Page, md: string): void {
  const depth = page.out.split('/').length - 1
  const up = '../'.repeat(depth)
  let body = marked.parse(md, { async: false }) as string
  body = resolveLinks(body, page, byRepoPath, root)
  body = headingAnchors(body)
  if (!page.out.startsWith('decisions/')) body = linkApi(body, page, api)
  // Pages show diagrams as pictures: diagram source text in a built page is a build error.
  const source = unrenderedDiagrams(body)
  if (source.length > 0) throw new Error(`${page.src} has unrendered diagram source: ${source.join(', ')}`)
  const links = nav
    .map(
      (n) =>
        `<li><a href="${up}${n.out}"${n.out === page.out ? ' aria-current="page"' : ''}>${escape(n.title)}</a></li>`,
    )
    .join('')
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>${escape(title(md, 'Fengqiao'))} — Fengqiao</title>
<style>${STYLE}</style></head>
<body><nav><strong>Fengqiao 枫桥</strong><ul>${links}<li><a href="${up}api/index.html">API reference</a></li></ul></nav><main>${body}</main></body></html>\n`
  const out = join(site, page.out)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, html)
}

for (const page of pages) render(page, readFileSync(join(root, page.src), 'utf8'))
for (const index of folderIndexes) {
  const dir = posix.dirname(index.out)
  const items = pages.filter((p) => posix.dirname(p.out) === dir).map((p) => `- [${p.title}](${posix.basename(p.src)})`)
  render(index, `# ${index.title}\n\n${items.join('\n')}\n`)
}
console.log(`docs/site: ${pages.length + folderIndexes.length} pages and the API reference`)
