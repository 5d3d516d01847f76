// The docs site's layout rules, used by build-docs.ts: page order in the navigation, heading
// anchors, links between pages (and to the repository for files the site does not hold), links
// from the guides into the API reference, and the style sheet. Kept apart from build-docs.ts so
// each rule can be read (and changed) on its own.
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'

/** Where files the site does not publish (packages, examples, sources) are read. */
export const REPOSITORY = 'https://github.com/fengqiao-dev/fengqiao'

/** One page of the site: its Markdown source (repository path) and its output (site path). */
export interface Page {
  readonly src: string
  readonly out: string
  readonly title: string
}

// The reading order: Getting started first, then the overview and the guides, the procedures,
// the reference material. Pages not named here follow, alphabetically.
const ORDER = [
  'getting-started.html',
  'index.html',
  'concepts.html',
  'writing-a-process-plugin.html',
  'time-and-deadlines.html',
  'storage-and-scaling.html',
  'errors.html',
  'processes/mediation.html',
  'processes/petition.html',
  'processes/deliberation.html',
  'glossary.html',
  'architecture.html',
  'domain-rules.html',
  'decisions/index.html',
]

/** Folders whose pages the navigation reaches through the folder's index only. */
const COLLAPSED = new Set(['decisions'])

/** The navigation: pages in reading order; the pages of a collapsed folder are reached through its index. */
export function navigation(pages: readonly Page[], folderIndexes: readonly Page[]): Page[] {
  const listed = [...pages, ...folderIndexes.filter((p) => COLLAPSED.has(posix.dirname(p.out)))].filter(
    (p) => p.out.endsWith('/index.html') || !COLLAPSED.has(posix.dirname(p.out)),
  )
  const rank = (p: Page) => {
    const i = ORDER.indexOf(p.out)
    return i === -1 ? ORDER.length - 1 : i // unknown pages go before the decisions
  }
  return listed.sort((a, b) => rank(a) - rank(b) || a.out.localeCompare(b.out))
}

/** GitHub's anchor for a heading's text (lower case, punctuation dropped, spaces to hyphens). */
export function slug(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-')
}

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" }
const textOf = (html: string) =>
  html.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e] ?? e)

/** Gives every heading the id GitHub would give it, and a ¶ link to itself. */
export function headingAnchors(html: string): string {
  const seen = new Map<string, number>()
  return html.replace(/<h([1-6])>([\s\S]*?)<\/h\1>/g, (_m, level: string, inner: string) => {
    const base = slug(textOf(inner)) || 'section'
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    const id = n === 0 ? base : `${base}-${n}`
    return `<h${level} id="${id}">${inner} <a class="anchor" href="#${id}" aria-label="Link to this section">¶</a></h${level}>`
  })
}

/**
 * Rewrites the links of one page: a Markdown file the site publishes becomes its page, a folder
 * of pages its index, and any other file of the repository (a package, an example, a source file)
 * an absolute link to the repository, so no link of the site points to nothing.
 *
 * @param html - the page's body
 * @param page - the page
 * @param byRepoPath - site path of every published Markdown file, by repository path
 * @param root - the repository's directory on disk
 */
export function resolveLinks(html: string, page: Page, byRepoPath: ReadonlyMap<string, string>, root: string): string {
  const srcDir = posix.dirname(page.src)
  const outDir = posix.dirname(page.out)
  return html.replace(/href="([^"#]*)(#[^"]*)?"/g, (whole, target: string, hash: string | undefined) => {
    if (target === '' || /^[a-z][a-z0-9+.-]*:/i.test(target)) return whole
    const repoPath = posix.normalize(posix.join(srcDir, decodeURI(target))).replace(/\/$/, '')
    const published = byRepoPath.get(repoPath)
    if (published !== undefined)
      return `href="${posix.relative(outDir, published) || posix.basename(published)}${hash ?? ''}"`
    const onDisk = join(root, repoPath)
    if (!repoPath.startsWith('..') && existsSync(onDisk)) {
      const kind = statSync(onDisk).isDirectory() ? 'tree' : 'blob'
      return `href="${REPOSITORY}/${kind}/main/${repoPath}${hash ?? ''}"`
    }
    return whole // left for the link checker to report
  })
}

/** Every page of the API reference, by the name of the symbol it documents (core's first). */
export function apiPages(apiDir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const kind of ['functions', 'classes', 'interfaces', 'types', 'variables']) {
    const dir = join(apiDir, kind)
    if (!existsSync(dir)) continue
    const files = readdirSync(dir).sort(
      (a, b) => Number(b.startsWith('_fengqiao_core.')) - Number(a.startsWith('_fengqiao_core.')) || a.localeCompare(b),
    )
    for (const file of files) {
      const name = /\.([A-Za-z_$][\w$]*)\.html$/.exec(file)?.[1]
      if (name !== undefined && !out.has(name)) out.set(name, `api/${kind}/${file}`)
    }
  }
  return out
}

/** Links inline code that names an exported symbol (`createEngine`, `createEngine()`) to its API page. */
export function linkApi(html: string, page: Page, api: ReadonlyMap<string, string>): string {
  const up = '../'.repeat(page.out.split('/').length - 1)
  // Only outside existing links and code blocks.
  return html
    .split(/(<a\b[\s\S]*?<\/a>|<pre\b[\s\S]*?<\/pre>)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/<code>([A-Za-z_$][\w$]*)(\(\))?<\/code>/g, (whole, name: string) => {
            const target = api.get(name)
            return target === undefined ? whole : `<a href="${up}${target}">${whole}</a>`
          }),
    )
    .join('')
}

/** The site's style: code and tables wrap or scroll inside the column; headings show their anchor on hover. */
export const STYLE = [
  'body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:0;display:flex;line-height:1.5}',
  'nav{flex:0 0 16rem;padding:1rem;background:#f5f5f4;min-height:100vh;box-sizing:border-box}',
  'nav ul{padding-left:1rem}',
  'main{flex:1;min-width:0;max-width:56rem;padding:1rem 2rem}',
  'pre{background:#f5f5f4;padding:.75rem;white-space:pre-wrap;overflow-wrap:anywhere}',
  'code{font-size:.9em;overflow-wrap:anywhere}',
  'table{border-collapse:collapse;display:block;overflow-x:auto;max-width:100%}',
  'td,th{border:1px solid #ddd;padding:.25rem .5rem;vertical-align:top}',
  'img,svg{max-width:100%;height:auto}',
  'a.anchor{visibility:hidden;text-decoration:none;margin-left:.25rem;color:#999}',
  'h1:hover a.anchor,h2:hover a.anchor,h3:hover a.anchor,h4:hover a.anchor,h5:hover a.anchor,h6:hover a.anchor{visibility:visible}',
].join('')
