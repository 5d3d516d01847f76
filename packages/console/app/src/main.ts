// The console's single-page app: hash routes (#/worklist, #/cases, #/cases/<id>, #/processes,
// #/incidents, #/reports), rendered with lit-html — which writes case data as text, never as
// markup. No page uses innerHTML.
import { html, render, nothing, type TemplateResult } from 'lit-html'
import { ApiError, get, setCsrfToken } from './api.js'
import { currentLang, setLang, t } from './i18n.js'
import { roleName, setCatalog, unitName } from './labels.js'
import type { Catalog, Session } from './types.js'
import { worklistPage } from './pages/worklist.js'
import { casesPage } from './pages/cases.js'
import { casePage } from './pages/case.js'
import { processesPage } from './pages/processes.js'
import { incidentsPage } from './pages/incidents.js'
import { reportsPage } from './pages/reports.js'
import './style.css'

/** What a page gets: where it is, and how to draw itself again. */
export interface PageContext {
  readonly session: Session
  readonly path: readonly string[]
  readonly params: URLSearchParams
  /** Increases with each navigation: a page loads its data again when it changes. */
  readonly visit: number
  /** Draws the current page again (after its data changed). */
  readonly update: () => void
  /** True while this page is still the one shown (a late answer for an old page is dropped). */
  readonly current: () => boolean
}

/** A page: returns its template now, and may call `update` when its data arrives. */
export type PageFn = (ctx: PageContext) => TemplateResult

const root = document.getElementById('app') as HTMLElement
let session: Session | null = null
let generation = 0
// Each page keeps its state between redraws, keyed by the route.
const pages: Record<string, PageFn> = {
  worklist: worklistPage,
  cases: casesPage,
  processes: processesPage,
  incidents: incidentsPage,
  reports: reportsPage,
}

function route(): { path: string[]; params: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '')
  const [p, q] = raw.split('?', 2)
  return { path: (p ?? '').split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(q ?? '') }
}

function nav(s: Session, active: string): TemplateResult {
  const link = (name: string, word: Parameters<typeof t>[0]) =>
    html`<a href=${`#/${name}`} class=${active === name ? 'active' : ''} data-nav=${name}>${t(word)}</a>`
  return html`<header>
    <div class="brand">${t('title')}</div>
    <nav>
      ${link('worklist', 'worklist')} ${link('cases', 'cases')} ${link('processes', 'processes')}
      ${link('incidents', 'incidents')} ${link('reports', 'reports')}
    </nav>
    <div class="who">
      <span class="user" data-user=${s.actor.id}
        >${t('signedInAs')}: ${s.actor.id} ·
        ${s.actor.roles.map(roleName).join('、')}${
          s.actor.orgUnit === undefined ? '' : ` · ${unitName(s.actor.orgUnit)}`
        }</span
      >
      ${
        s.demoUsers === null
          ? nothing
          : html`<label class="demo"
              >${t('demoSwitch')}
              <select
                id="demo-user"
                @change=${(e: Event) => {
                  // Demo only: the demo host's resolveActor reads this cookie. A real host signs users in itself.
                  const id = (e.target as HTMLSelectElement).value
                  document.cookie = `fq_demo_user=${encodeURIComponent(id)}; path=/; SameSite=Strict`
                  location.reload()
                }}
              >
                ${s.demoUsers.map((u) => html`<option value=${u.id} ?selected=${u.id === s.actor.id}>${u.label}</option>`)}
              </select></label
            >`
      }
      <button
        class="lang"
        id="lang"
        @click=${() => {
          setLang(currentLang() === 'en' ? 'zh-CN' : 'en')
          draw()
        }}
      >
        ${currentLang() === 'en' ? '中文' : 'English'}
      </button>
    </div>
  </header>`
}

function draw(): void {
  if (session === null) return
  const s = session
  const { path, params } = route()
  const my = generation
  const name = path[0] ?? 'worklist'
  const ctx: PageContext = {
    session: s,
    path,
    params,
    visit: my,
    update: () => {
      if (my === generation) draw()
    },
    current: () => my === generation,
  }
  const page = name === 'cases' && path[1] !== undefined ? casePage : (pages[name] ?? worklistPage)
  render(
    html`${nav(s, name)}
      <main data-page=${name === 'cases' && path[1] ? 'case' : name}>${page(ctx)}</main>`,
    root,
  )
}

async function boot(): Promise<void> {
  document.documentElement.lang = currentLang()
  try {
    const s = await get<Session>('session')
    setCsrfToken(s.csrfToken)
    setCatalog(await get<Catalog>('catalog'))
    session = s
  } catch (e) {
    const msg = e instanceof ApiError && e.status === 401 ? t('unauthenticated') : String((e as Error).message)
    render(html`<main><p class="error">${msg}</p></main>`, root)
    return
  }
  window.addEventListener('hashchange', () => {
    generation++
    draw()
  })
  draw()
}

void boot()
