// The console in a real Chromium: a mediator finds a red task, opens the case, sends events
// through the forms generated from the event schemas (one refused with its rule shown, one
// accepted), and sees the timeline grow and the colour change; a township head sees only the
// township's cases; script payloads in case fields never run. Screenshots of each page go to
// artifacts/console/ (a CI artifact).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import type { Actor } from '@fengqiao/core'
import { artifacts, buildApp, launch, pageAs } from './browser.js'
import { baseInput, consoleOptions, makeWorld, openIncident, serve, users, type World } from './fixture.js'

const DAY = 86_400_000
// The page's globals, for the functions that run in it (the repo's type-check knows no DOM).
type Dom = { document: { querySelectorAll(selector: string): { length: number } } }
const km: Actor = { id: 'km', roles: ['mediator'], orgUnit: 'county' }
users.km = km

describe('the console in Chromium', () => {
  let browser: Browser
  beforeAll(async () => {
    await buildApp()
    browser = await launch()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
  })

  describe('a township head', () => {
    let world: World
    let server: Awaited<ReturnType<typeof serve>>
    beforeAll(async () => {
      world = await makeWorld('memory')
      server = await serve({ ...consoleOptions(world), basePath: '/console' })
    })
    afterAll(async () => {
      await server?.close()
      await world?.close()
    })

    it("sees only the township's cases, and is refused a case of another township", async () => {
      const { page, problems } = await pageAs(browser, server.url, 'head')
      await page.goto(`${server.url}/#/cases`)
      await page.waitForSelector('table.cases tbody tr')
      const shown = await page.$$eval('table.cases tbody tr', (rows) => rows.map((r) => r.getAttribute('data-case')))
      const { v1a, v1b, v2a, v3a } = world.cases as Record<string, string>
      expect(shown.sort()).toEqual([v1a, v1b, v2a].sort())
      expect(shown).not.toContain(v3a)
      await page.screenshot({ path: `${artifacts}cases.png`, fullPage: true })
      await page.goto(`${server.url}/#/cases/${v3a}`)
      await page.waitForSelector('p.error')
      expect(await page.textContent('p.error')).toContain('FORBIDDEN')
      await page.goto(`${server.url}/#/processes`)
      await page.waitForSelector('.diagram[data-rendered]')
      await page.waitForSelector('table.parameters')
      await page.screenshot({ path: `${artifacts}processes.png`, fullPage: true })
      await page.goto(`${server.url}/#/reports?month=2026-03`)
      await page.waitForSelector('table.report tbody tr')
      await page.waitForTimeout(300)
      await page.screenshot({ path: `${artifacts}reports.png`, fullPage: true })
      // Each figure opens the cases behind it: the township's 3 opened cases.
      const opened = page.locator('tr[data-unit="town"] a[data-figure="opened"]')
      expect(await opened.textContent()).toBe('3')
      await opened.click()
      await page.waitForSelector('p.drill')
      await page.waitForSelector('table.cases tbody tr')
      const behind = await page.$$eval('table.cases tbody tr', (rows) => rows.map((r) => r.getAttribute('data-case')))
      expect(behind.sort()).toEqual([v1a, v1b, v2a].sort())
      expect(problems).toEqual([])
    })
  })

  describe('a mediator with an overdue case', () => {
    let world: World
    let server: Awaited<ReturnType<typeof serve>>
    let id: string
    beforeAll(async () => {
      world = await makeWorld('memory')
      id = world.cases.v1a as string
      await world.engine.send(
        id,
        { type: 'ASSIGN_MEDIATOR', mediators: [{ id: 'km', name: '周敏' }] },
        {
          actor: users.c1 as Actor,
        },
      )
      // A month passes: the case moves up to the county, and the mediation's 30 days run out.
      for (let d = 0; d < 31; d++) {
        world.clock.set(world.clock.now() + DAY)
        await world.engine.runDueTimers()
      }
      server = await serve(consoleOptions(world))
    }, 60_000)
    afterAll(async () => {
      await server?.close()
      await world?.close()
    })

    it('finds the red task, is refused with the rule shown, is accepted, and sees the timeline grow and the colour change', async () => {
      const { page, problems } = await pageAs(browser, server.url, 'km')
      await page.goto(`${server.url}/#/worklist`)
      const red = page.locator(`tr[data-case="${id}"][data-colour="red"]`)
      await red.waitFor()
      await page.screenshot({ path: `${artifacts}worklist.png`, fullPage: true })
      await red.locator('a').click()
      await page.waitForSelector('ol.timeline li')
      await page.waitForSelector('.diagram[data-rendered]')
      const entries = await page.locator('ol.timeline li').count()
      expect(await page.getAttribute('.verify', 'data-verify')).toBe('ok')

      // The five-heart checklist is ordered: "goodFaith" first is refused, with the rule's reason.
      const form = page.locator('details[data-event="HEART_STEP"]')
      await form.locator('summary').click()
      await form.locator('input[name="step"]').fill('goodFaith')
      await form.locator('input[name="by"]').fill('周敏')
      await form.locator('input[name="at"]').fill('2026-04-02T10:00:00+08:00')
      await form.locator('input[name="notes"]').fill('耐心倾听双方陈述')
      await form.locator('button[type="submit"]').click()
      const refusal = form.locator('.refusal')
      await refusal.waitFor()
      expect(await refusal.textContent()).toContain('heartStepInOrder')
      expect(await page.locator('ol.timeline li').count()).toBe(entries)
      await page.screenshot({ path: `${artifacts}case-refused.png`, fullPage: true })

      // In order, it is accepted and the timeline grows by one entry.
      await form.locator('input[name="step"]').fill('patientListening')
      await form.locator('button[type="submit"]').click()
      await page.waitForFunction(
        (n) => (globalThis as unknown as Dom).document.querySelectorAll('ol.timeline li').length === n + 1,
        entries,
      )
      expect(await page.textContent('ol.timeline li:last-child')).toContain('patientListening')

      // A field the schema requires, left empty, is refused next to the field.
      const end = page.locator('details[data-event="END_MEDIATION"]')
      await end.locator('summary').click()
      await end.locator('button[type="submit"]').click()
      await end.locator('.field-error').waitFor()

      // Ending the mediation closes the red task: the case is no longer red.
      expect(await page.getAttribute('h1 .badge', 'data-colour')).toBe('red')
      expect(await page.locator('ul.case-tasks li[data-colour="red"]').count()).toBe(1)
      await end.locator('input[name="reason"]').fill('双方分歧过大，调解不成')
      await end.locator('button[type="submit"]').click()
      await page.waitForFunction(
        (n) => (globalThis as unknown as Dom).document.querySelectorAll('ol.timeline li').length === n + 2,
        entries,
      )
      expect(await page.getAttribute('h1 .badge', 'data-colour')).toBeNull()
      expect(await page.locator('ul.case-tasks li[data-colour="red"]').count()).toBe(0)
      await page.screenshot({ path: `${artifacts}case.png`, fullPage: true })
      await page.goto(`${server.url}/#/worklist`)
      await page.waitForSelector('main[data-page="worklist"] table, main[data-page="worklist"] p')
      expect(await page.locator(`tr[data-case="${id}"][data-colour="red"]`).count()).toBe(0)
      expect(problems).toEqual([])
    })

    it('switches to English with the labels from the label tables', async () => {
      const { page } = await pageAs(browser, server.url, 'km', 'en')
      await page.goto(`${server.url}/#/cases/${id}`)
      await page.waitForSelector('ol.timeline li')
      expect(await page.textContent('nav')).toContain('Worklist')
      await page.click('#lang')
      expect(await page.textContent('nav')).toContain('待办')
    })
  })

  describe('an administrator', () => {
    let world: World
    let server: Awaited<ReturnType<typeof serve>>
    beforeAll(async () => {
      world = await makeWorld('sqlite')
      await openIncident(world, world.cases.v1b as string)
      server = await serve(consoleOptions(world))
    })
    afterAll(async () => {
      await server?.close()
      await world?.close()
    })

    it('retries an incident with a reason, and the police are notified', async () => {
      const { page, problems } = await pageAs(browser, server.url, 'admin')
      await page.goto(`${server.url}/#/incidents`)
      const row = page.locator('tr[data-incident][data-status="open"]')
      await row.waitFor()
      expect(await row.textContent()).toContain('公安接口超时')
      await page.screenshot({ path: `${artifacts}incidents.png`, fullPage: true })
      // Without a reason the engine refuses, and says why.
      await row.locator('button[data-op="retry"]').click()
      await page.locator('p.error').waitFor()
      world.policeDown = false
      await row.locator('input[name="reason"]').fill('公安接口已恢复')
      await row.locator('button[data-op="retry"]').click()
      await page.locator('text=没有异常。').waitFor()
      expect(await world.engine.runOutbox()).toBe(1)
      expect(problems).toEqual([])
    })
  })

  describe('script payloads in case fields', () => {
    let world: World
    let server: Awaited<ReturnType<typeof serve>>
    let id: string
    beforeAll(async () => {
      world = await makeWorld('memory')
      const evil = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
      id = (
        await world.engine.start(
          'mediation',
          {
            ...baseInput,
            parties: [
              { id: 'zhang', name: evil },
              { id: 'li', name: 'javascript:window.__xss=3' },
            ],
            facts: evil,
            request: 'javascript:window.__xss=4',
          },
          { actor: users.zhang as Actor, orgUnit: 'v1', businessKey: `javascript:window.__xss=5//${evil}` },
        )
      ).id
      await world.engine.send(id, { type: 'CONSENT', party: 'li' }, { actor: users.li as Actor })
      await world.engine.send(id, { type: 'ACCEPT', note: evil }, { actor: users.c1 as Actor })
      server = await serve(consoleOptions(world))
    })
    afterAll(async () => {
      await server?.close()
      await world?.close()
    })

    it('renders them as text: nothing runs, no javascript: link, no injected element', async () => {
      const { page, dialogs } = await pageAs(browser, server.url, 'c1')
      for (const route of ['#/cases', `#/cases/${id}`, '#/worklist']) {
        await page.goto(`${server.url}/${route}`)
        await page.waitForSelector('main table, main ol.timeline, main p')
        await page.waitForTimeout(200)
      }
      await page.goto(`${server.url}/#/cases/${id}`)
      await page.waitForSelector('ol.timeline li')
      await page.click('details.context summary')
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined()
      expect(dialogs).toEqual([])
      expect(await page.locator('main script, main img[src="x"]').count()).toBe(0)
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href') ?? ''))
      expect(hrefs.filter((h) => /^\s*javascript:/i.test(h))).toEqual([])
      // The payload is on the page, as text.
      expect(await page.textContent('main')).toContain('<script>window.__xss = 1</script>')
      // The file number too, as the case's title.
      expect(await page.textContent('h1')).toContain('javascript:window.__xss=5')
      expect(await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).toBeUndefined()
    })
  })
})
