// `pnpm docs`: the API reference (typedoc, zero warnings) plus every guide in docs/ rendered into
// a static site in docs/site/. Open docs/site/index.html.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { marked } from 'marked'
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
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)

rmSync(site, { recursive: true, force: true })
mkdirSync(site, { recursive: true })
execFileSync(process.execPath, [join(root, 'node_modules/typedoc/bin/typedoc')], { cwd: root, stdio: 'inherit' })
cpSync(join(docs, 'api'), join(site, 'api'), { recursive: true })
cpSync(join(docs, 'diagrams'), join(site, 'diagrams'), { recursive: true })

const pages = [{ src: join(root, 'README.md'), out: 'index.html' }, ...markdownFiles(docs).map((src) => ({ src, out: relative(docs, src).replace(/\.md$/, '.html') }))]
const nav = pages.map((p) => ({ href: p.out, label: p.out === 'index.html' ? 'Home' : title(readFileSync(p.src, 'utf8'), p.out) }))

for (const page of pages) {
  const md = readFileSync(page.src, 'utf8')
  const depth = page.out.split('/').length - 1
  const up = '../'.repeat(depth)
  // Links between markdown files become links between pages.
  const body = (marked.parse(md, { async: false }) as string)
    .replace(/href="(?!https?:|#)([^"]+?)\.md(#[^"]*)?"/g, (_m, p: string, h: string | undefined) => `href="${p.replace(/^docs\//, '')}.html${h ?? ''}"`)
    .replace(/href="\.\.\/\.\.\/docs\//g, 'href="')
  // Pages show diagrams as pictures: diagram source text in a built page is a build error.
  const source = unrenderedDiagrams(body)
  if (source.length > 0) throw new Error(`${relative(root, page.src)} has unrendered diagram source: ${source.join(', ')}`)
  const links = nav.map((n) => `<li><a href="${up}${n.href}">${escape(n.label)}</a></li>`).join('')
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escape(title(md, 'Fengqiao'))} — Fengqiao</title>
<style>body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;display:flex}nav{width:16rem;padding:1rem;background:#f5f5f4;min-height:100vh}main{max-width:52rem;padding:1rem 2rem}pre{background:#f5f5f4;padding:.75rem;overflow:auto}table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem}img{max-width:100%}code{font-size:.9em}</style></head>
<body><nav><strong>Fengqiao 枫桥</strong><ul>${links}<li><a href="${up}api/index.html">API reference</a></li></ul></nav><main>${body}</main></body></html>\n`
  const out = join(site, page.out)
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, html)
}
console.log(`docs/site: ${pages.length} pages and the API reference`)
