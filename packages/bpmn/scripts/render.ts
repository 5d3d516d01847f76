/**
 * Renders BPMN XML in bpmn-js inside a real Chromium (Debian's, driven by playwright-core), with
 * bpmn-js's own bundle and styles read from node_modules: no network. Used by the browser test
 * and by `scripts/diagrams.ts`, which writes the docs' SVGs.
 *
 * @module
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'

const require = createRequire(import.meta.url)
const dist = join(dirname(require.resolve('bpmn-js/package.json')), 'dist')

/** Where Debian installs Chromium (`apt-get install chromium`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** What one rendering found. */
export interface Rendered {
  /** Warnings bpmn-js reported while importing. */
  readonly warnings: readonly string[]
  /** Flow-node shapes drawn (labels, flows and the process plane not counted). */
  readonly shapes: number
  /** Shapes that stand for a state of the machine (they carry `fq:state`). */
  readonly stateShapes: number
  /** Sequence flows drawn. */
  readonly connections: number
  /** The diagram as SVG (bpmn-js `saveSVG`). */
  readonly svg: string
}

/** A browser page with bpmn-js loaded, reused for many diagrams. */
export interface Renderer {
  /** Renders one diagram; with `screenshot`, saves a PNG of it to that path. */
  render(xml: string, screenshot?: string): Promise<Rendered>
  close(): Promise<void>
}

/**
 * Starts Chromium with a page that has the bpmn-js viewer.
 *
 * @returns a renderer; close it when done
 */
export async function openRenderer(): Promise<Renderer> {
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  })
  const page: Page = await browser.newPage({ viewport: { width: 1800, height: 1100 } })
  // Nothing may come from the network: every request but the inline page is refused.
  await page.route('**/*', (route) => route.abort())
  await page.setContent(
    '<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0"><div id="canvas" style="width:1800px;height:1100px"></div></body></html>',
  )
  await page.addStyleTag({ path: join(dist, 'assets', 'diagram-js.css') })
  await page.addStyleTag({ path: join(dist, 'assets', 'bpmn-js.css') })
  await page.addScriptTag({ path: join(dist, 'bpmn-navigated-viewer.production.min.js') })
  return {
    async render(xml, screenshot) {
      const result = await page.evaluate(async (text: string) => {
        // Runs in the page; the repo's type-check knows no DOM, so the page's globals are typed here.
        const w = globalThis as unknown as {
          BpmnJS: new (o: unknown) => BpmnViewer
          viewer?: BpmnViewer
          document: { querySelectorAll(selector: string): ArrayLike<{ getAttribute(name: string): string | null }> }
        }
        interface BpmnViewer {
          importXML(xml: string): Promise<{ warnings: Array<{ message: string }> }>
          saveSVG(): Promise<{ svg: string }>
          get(name: 'canvas'): { zoom(to: string): void }
          get(name: 'elementRegistry'): {
            filter(
              f: (e: {
                waypoints?: unknown
                type: string
                businessObject?: { $attrs?: Record<string, string> }
              }) => boolean,
            ): unknown[]
          }
          destroy(): void
        }
        w.viewer?.destroy()
        const viewer = new w.BpmnJS({ container: '#canvas' })
        w.viewer = viewer
        const { warnings } = await viewer.importXML(text)
        viewer.get('canvas').zoom('fit-viewport')
        const shapes = Array.from(w.document.querySelectorAll('#canvas g.djs-element.djs-shape')).filter(
          (g) => !(g.getAttribute('data-element-id') ?? '').endsWith('_label'),
        )
        const stateShapes = viewer
          .get('elementRegistry')
          .filter(
            (e) =>
              e.waypoints === undefined && e.type !== 'label' && e.businessObject?.$attrs?.['fq:state'] !== undefined,
          ).length
        const connections = w.document.querySelectorAll('#canvas g.djs-element.djs-connection').length
        const { svg } = await viewer.saveSVG()
        return { warnings: warnings.map((x) => x.message), shapes: shapes.length, stateShapes, connections, svg }
      }, xml)
      if (screenshot !== undefined) await page.screenshot({ path: screenshot })
      return result
    },
    async close() {
      await browser.close()
    },
  }
}
