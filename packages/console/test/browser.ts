// Real Chromium for the console's end-to-end tests (Debian's chromium through playwright-core):
// the app is built once with Vite into dist/app, the page may reach only the console's server.
import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'vite'
import { chromium, type Browser, type Page } from 'playwright-core'

export const CHROMIUM = process.env.FENGQIAO_CHROMIUM ?? '/usr/bin/chromium'
export const artifacts = fileURLToPath(new URL('../../../artifacts/console/', import.meta.url))

let built: Promise<unknown> | undefined
/** Builds the app (once per test run). */
export function buildApp(): Promise<unknown> {
  built ??= build({ configFile: fileURLToPath(new URL('../app/vite.config.ts', import.meta.url)), logLevel: 'warn' })
  return built
}

export async function launch(): Promise<Browser> {
  mkdirSync(artifacts, { recursive: true })
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
}

/**
 * A page signed in as `user` (the test host's resolveActor reads the `x-test-user` header), that
 * records every script error, dialog and console error, and may load nothing but the console.
 */
export async function pageAs(
  browser: Browser,
  origin: string,
  user: string,
  lang: 'zh-CN' | 'en' = 'zh-CN',
): Promise<{ page: Page; problems: string[]; dialogs: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    extraHTTPHeaders: { 'x-test-user': user },
    locale: lang,
  })
  await context.route('**/*', (route) => (route.request().url().startsWith(origin) ? route.continue() : route.abort()))
  const page = await context.newPage()
  const problems: string[] = []
  const dialogs: string[] = []
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`))
  page.on('console', (m) => {
    // A refused request (a 403 the test provokes) is logged by the browser too; script errors are not that.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`)
  })
  page.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  await page.addInitScript(
    (l) =>
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
        'fq-console-lang',
        l,
      ),
    lang,
  )
  return { page, problems, dialogs }
}
