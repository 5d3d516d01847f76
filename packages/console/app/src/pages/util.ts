// What the pages share: loading state, error display, colour badges, case links.
import { html, nothing, type TemplateResult } from 'lit-html'
import { ApiError } from '../api.js'
import { t } from '../i18n.js'
import { colourName } from '../labels.js'
import type { Colour } from '../types.js'
import type { PageContext } from '../main.js'

/** A page's data, loaded once per visit. */
export interface Loaded<T> {
  visit: number
  data?: T
  error?: string
}

/**
 * Loads a page's data once per visit (and again when `key` changes), redrawing when it arrives.
 */
export function load<T>(
  slot: { current?: (Loaded<T> & { key?: string }) | undefined },
  ctx: PageContext,
  key: string,
  fetcher: () => Promise<T>,
): Loaded<T> {
  const cur = slot.current
  if (cur === undefined || cur.visit !== ctx.visit || cur.key !== key) {
    const fresh: Loaded<T> & { key?: string } = { visit: ctx.visit, key }
    slot.current = fresh
    fetcher().then(
      (data) => {
        fresh.data = data
        if (slot.current === fresh) ctx.update()
      },
      (e: unknown) => {
        fresh.error = e instanceof ApiError ? `${e.code}: ${e.message}` : String(e)
        if (slot.current === fresh) ctx.update()
      },
    )
    return fresh
  }
  return cur
}

/** Loading or error text, or nothing once the data is there. */
export function status<T>(l: Loaded<T>): TemplateResult | typeof nothing {
  if (l.error !== undefined) return html`<p class="error" role="alert">${l.error}</p>`
  if (l.data === undefined) return html`<p class="loading">${t('loading')}</p>`
  return nothing
}

/** A text field of a submitted form ('' when absent). */
export function fieldOf(f: FormData, name: string): string {
  const v = f.get(name)
  return typeof v === 'string' ? v : ''
}

/** A colour badge with its word (not colour alone). */
export function badge(c: Colour | null | undefined): TemplateResult {
  if (c === null || c === undefined) return html`<span class="badge none">—</span>`
  return html`<span class=${`badge ${c}`} data-colour=${c}>${colourName(c)}</span>`
}

/** The link to a case page: built from the id, so no data can make it a `javascript:` URL. */
export function caseHref(id: string): string {
  return `#/cases/${encodeURIComponent(id)}`
}

/** A `#/…?query` link from parameters. */
export function hashHref(path: string, params: Record<string, string | undefined>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v)
  const s = q.toString()
  return `#/${path}${s === '' ? '' : `?${s}`}`
}
