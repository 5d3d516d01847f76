/**
 * Serves the built single-page app: `index.html` at the console's root and its hashed assets
 * under `assets/`, read from disk once and kept.
 *
 * @module
 */
import { readFileSync, existsSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Context, Hono } from 'hono'

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
}

/** The package's own build of the app (`vite build` writes it; `src` and `dist` both find it). */
export function defaultAppDir(): string {
  return fileURLToPath(new URL('../dist/app/', import.meta.url))
}

/**
 * Adds the app's routes: `/` (and `/index.html`) and `/assets/*`.
 *
 * @param app - the console's Hono app
 * @param appDir - where the build is; the package's own by default
 * @param base - the mount path, for the redirect to the trailing slash the app's relative URLs need
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any Hono env
export function serveApp(app: Hono<any>, appDir: string | undefined, base: string): void {
  const dir = appDir ?? defaultAppDir()
  const cache = new Map<string, Buffer | null>()
  const read = (rel: string): Buffer | null => {
    if (cache.has(rel)) return cache.get(rel) ?? null
    const file = normalize(join(dir, rel))
    // Never outside the app's folder.
    const inside = file.startsWith(normalize(dir.endsWith(sep) ? dir : dir + sep))
    const data = inside && existsSync(file) ? readFileSync(file) : null
    cache.set(rel, data)
    return data
  }
  const index = (c: Context) => {
    const html = read('index.html')
    if (html === null)
      return c.text('The console app is not built: run `pnpm --filter @fengqiao/console build:app`.', 503)
    return c.body(new Uint8Array(html), 200, { 'Content-Type': TYPES['.html'] as string, 'Cache-Control': 'no-cache' })
  }
  // The app's URLs are relative: it is served at the mount path with its trailing slash.
  if (base !== '') app.get(base, (c: Context) => c.redirect(`${base}/`, 308))
  app.get(`${base}/`, index)
  app.get(`${base}/index.html`, index)
  app.get(`${base}/assets/:file{.+}`, (c: Context) => {
    const name = c.req.param('file') ?? ''
    const data = /^[\w.-]+$/.test(name) ? read(`assets/${name}`) : null
    if (data === null) return c.text('Not found', 404)
    return c.body(new Uint8Array(data), 200, {
      'Content-Type': TYPES[extname(name)] ?? 'application/octet-stream',
      'Cache-Control': 'public, max-age=31536000, immutable',
    })
  })
}
