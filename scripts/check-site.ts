// Checks the built docs site (`pnpm run docs` first), as CI and a reader would meet it:
//
// 1. every link and resource of every page points to a file of the site, and every `#anchor`
//    to an element with that id (links out of the site are not followed);
// 2. no page shows diagram source (a ```mermaid block left as code);
// 3. Chromium opens the index, a process page and an API page with no console error, no failed
//    request and no page error, and saves a screenshot of each to docs/site/.screenshots/.
//
// Usage: tsx scripts/check-site.ts [siteDir]. Chromium: CHROMIUM_PATH or /usr/bin/chromium.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium } from 'playwright-core'

const site = resolve(process.argv[2] ?? join(import.meta.dirname, '..', 'docs', 'site'))
if (!existsSync(join(site, 'index.html'))) {
  console.error(`No site at ${site}: run pnpm run docs first.`)
  process.exit(1)
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html') && !f.startsWith('.'))
    .map((f) => join(dir, f))
}

const ids = new Map<string, Set<string>>()
function idsOf(file: string): Set<string> {
  let set = ids.get(file)
  if (set === undefined) {
    set = new Set([...readFileSync(file, 'utf8').matchAll(/\s(?:id|name)="([^"]+)"/g)].map((m) => m[1] ?? ''))
    ids.set(file, set)
  }
  return set
}

const problems: string[] = []
const pages = htmlFiles(site)
let checked = 0
for (const page of pages) {
  const html = readFileSync(page, 'utf8')
  const where = relative(site, page)
  if (/<code class="language-mermaid">/.test(html))
    problems.push(`${where}: shows diagram source (a mermaid code block)`)
  for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
    const link = (m[1] ?? '').replaceAll('&amp;', '&')
    if (link === '' || /^[a-z][a-z0-9+.-]*:/i.test(link) || link.startsWith('//')) continue // out of the site
    checked++
    const [path = '', hash] = link.split('#', 2)
    let target = path === '' ? page : resolve(dirname(page), decodeURI(path.split('?')[0] ?? ''))
    if (existsSync(target) && statSync(target).isDirectory()) target = join(target, 'index.html')
    if (!target.startsWith(site) || !existsSync(target)) {
      problems.push(`${where}: broken link ${link}`)
      continue
    }
    // TypeDoc's pages set some anchors from script; only check anchors on our own pages and on
    // TypeDoc's pages where the id is written in the HTML.
    if (hash !== undefined && hash !== '' && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(hash))) {
      problems.push(`${where}: no #${hash} in ${relative(site, target)}`)
    }
  }
}
console.log(`${pages.length} pages, ${checked} links within the site checked`)

// A real browser on three kinds of page, served over HTTP as a published site is (a file: URL
// is an origin of its own, which TypeDoc's icon sprite cannot be loaded from).
const types: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css',
  js: 'text/javascript',
  svg: 'image/svg+xml',
  png: 'image/png',
  json: 'application/json',
  woff2: 'font/woff2',
}
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://site').pathname)
  if (path === '/favicon.ico') {
    res.writeHead(204).end() // the browser asks on its own; no page links it
    return
  }
  let file = resolve(site, `.${path}`)
  if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html')
  if (!file.startsWith(site) || !existsSync(file)) {
    res.writeHead(404).end()
    return
  }
  res
    .writeHead(200, { 'content-type': types[file.split('.').pop() ?? ''] ?? 'application/octet-stream' })
    .end(readFileSync(file))
})
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
const screenshots = join(site, '.screenshots')
mkdirSync(screenshots, { recursive: true })
const coreModule = readdirSync(join(site, 'api', 'modules')).find((f) => f === '_fengqiao_core.html') ?? 'index.html'
const inBrowser = ['index.html', 'processes/mediation.html', `api/modules/${coreModule}`]
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
})
try {
  for (const path of inBrowser) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    const errors: string[] = []
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(`console: ${msg.text()}`)
    })
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText ?? ''})`))
    page.on('response', (r) => {
      if (r.status() >= 400) errors.push(`HTTP ${r.status()}: ${r.url()}`)
    })
    await page.goto(base + path, { waitUntil: 'load' })
    await page.waitForTimeout(300) // let the page's scripts run
    const heading = (await page.locator('h1').first().textContent())?.trim() ?? ''
    if (heading === '') errors.push('no h1 heading rendered')
    // Nothing may stick out of the page sideways (long code lines wrap or scroll in their box).
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')
    if (typeof overflow === 'number' && overflow > 1) errors.push(`the page is ${overflow}px wider than the window`)
    const shot = join(screenshots, `${path.replaceAll('/', '_').replace(/\.html$/, '')}.png`)
    await page.screenshot({ path: shot, fullPage: false })
    console.log(`chromium: ${path} — "${heading}" (${relative(site, shot)})`)
    for (const e of errors) problems.push(`${path}: ${e}`)
    await page.close()
  }
} finally {
  await browser.close()
  server.close()
}

if (problems.length > 0) {
  console.error(`\n${problems.length} problems:\n${problems.map((p) => `  ${p}`).join('\n')}`)
  process.exit(1)
}
console.log('site ok')
