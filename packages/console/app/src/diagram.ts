// The process diagram: the server's BPMN export drawn by bpmn-js's NavigatedViewer (pan and
// zoom, no editing), with the case's current states marked.
import { html, type TemplateResult } from 'lit-html'
import { ref } from 'lit-html/directives/ref.js'
import { getText } from './api.js'
import { currentLang } from './i18n.js'
import 'bpmn-js/dist/assets/diagram-js.css'
import 'bpmn-js/dist/assets/bpmn-js.css'

const drawn = new WeakMap<Element, string>()

interface Shape {
  id: string
  type: string
  businessObject?: { $attrs?: Record<string, string> }
}

interface Viewer {
  importXML(xml: string): Promise<unknown>
  get(name: 'canvas'): {
    zoom(to: string | number): void
    addMarker(id: string, cls: string): void
    scrollToElement(element: unknown): void
  }
  get(name: 'elementRegistry'): {
    filter(f: (e: Shape) => boolean): Shape[]
  }
  destroy(): void
}

/**
 * Whether a BPMN element's `fq:state` (the state node's id, `<machine>.<path>`) is one of the
 * active state paths or an ancestor of one.
 */
function pathOf(stateId: string): string {
  return stateId.includes('.') ? stateId.slice(stateId.indexOf('.') + 1) : ''
}

/**
 * The diagram of a process version; with `active`, the states of the case marked.
 *
 * @param active - active state paths (`'handling.mediating'`), one per parallel region
 */
export function diagram(processId: string, version: number, active: readonly string[] = []): TemplateResult {
  const key = `${processId}@${version}:${currentLang()}:${active.join('|')}`
  return html`<div
    class="diagram"
    data-diagram=${processId}
    ${ref((el) => {
      if (el === undefined || drawn.get(el) === key) return
      drawn.set(el, key)
      void (async () => {
        const [{ default: NavigatedViewer }, xml] = await Promise.all([
          import('bpmn-js/lib/NavigatedViewer'),
          getText(`processes/${encodeURIComponent(processId)}/${version}/bpmn?lang=${currentLang()}`),
        ])
        if (drawn.get(el) !== key) return
        el.replaceChildren()
        const viewer = new NavigatedViewer({ container: el as HTMLElement }) as unknown as Viewer
        await viewer.importXML(xml)
        const canvas = viewer.get('canvas')
        canvas.zoom('fit-viewport')
        const states = viewer
          .get('elementRegistry')
          .filter((e) => e.type !== 'label' && typeof e.businessObject?.$attrs?.['fq:state'] === 'string')
          .map((e) => ({ e, path: pathOf(e.businessObject?.$attrs?.['fq:state'] ?? '') }))
        // Per region, the deepest drawn state on the active path (not its enclosing subprocesses).
        const marked = active.flatMap((a) => {
          const on = states.filter((s) => s.path !== '' && (a === s.path || a.startsWith(`${s.path}.`)))
          const deepest = on.sort((x, y) => y.path.length - x.path.length)[0]
          return deepest === undefined ? [] : [deepest.e]
        })
        for (const e of marked) canvas.addMarker(e.id, 'fq-current')
        if (marked[0] !== undefined) {
          canvas.zoom(0.9)
          canvas.scrollToElement(marked[0])
        }
        el.setAttribute('data-rendered', String(marked.length))
      })().catch((e: unknown) => {
        el.textContent = String(e)
      })
    })}
  ></div>`
}
