// A form generated from an event's JSON Schema (made by the server from the event's zod schema):
// objects become fieldsets, arrays lists with add/remove, enums selects, booleans checkboxes,
// numbers number fields, strings text fields; anything else a JSON text box. The server's
// validation issues (zod's, with their paths) are shown next to the field they concern.
import { html, nothing, type TemplateResult } from 'lit-html'
import { t } from './i18n.js'
import type { JsonSchema } from './types.js'

type Path = readonly (string | number)[]

/** The form's values and the server's messages, kept between renders. */
export interface FormState {
  value: Record<string, unknown>
  /** Messages by field path (`'mediators.0.name'`); `''` for the whole form. */
  errors: Map<string, string>
  /** A refusal of the whole event (a rule, with its article). */
  refusal: string | null
  ok: string | null
  busy: boolean
}

const key = (path: Path) => path.join('.')

function typeOf(s: JsonSchema): string {
  if (s.enum !== undefined) return 'enum'
  if (s.const !== undefined) return 'const'
  const alt = s.anyOf ?? s.oneOf
  if (alt !== undefined) {
    const nonNull = alt.filter((a) => a.type !== 'null')
    if (nonNull.length === 1 && nonNull[0] !== undefined) return typeOf(nonNull[0])
    return 'json'
  }
  const ty: unknown = Array.isArray(s.type) ? (s.type as readonly string[]).find((x) => x !== 'null') : s.type
  return typeof ty === 'string' ? ty : 'json'
}

function unwrap(s: JsonSchema): JsonSchema {
  const alt = s.anyOf ?? s.oneOf
  const nonNull = alt?.filter((a) => a.type !== 'null')
  return nonNull?.length === 1 && nonNull[0] !== undefined ? nonNull[0] : s
}

/** The empty value a new field (or array item) starts with. */
export function initialValue(s: JsonSchema): unknown {
  const u = unwrap(s)
  switch (typeOf(u)) {
    case 'object':
      return Object.fromEntries(
        Object.entries(u.properties ?? {})
          .filter(([k]) => (u.required ?? []).includes(k))
          .map(([k, p]) => [k, initialValue(p)]),
      )
    case 'array':
      return Array.from({ length: u.minItems ?? 0 }, () => initialValue(u.items ?? {}))
    case 'boolean':
      return false
    case 'const':
      return u.const
    default:
      return undefined
  }
}

function getAt(root: unknown, path: Path): unknown {
  let v: unknown = root
  for (const p of path) v = v === null || typeof v !== 'object' ? undefined : (v as Record<string, unknown>)[p]
  return v
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  let v: Record<string | number, unknown> = root
  for (const [i, p] of path.entries()) {
    if (i === path.length - 1) {
      if (value === undefined && !Array.isArray(v)) delete v[p]
      else v[p] = value
      return
    }
    v = v[p] as Record<string | number, unknown>
  }
}

/** The form for one event, re-rendered by `rerender` after each change. */
export function eventForm(
  id: string,
  schema: JsonSchema | null,
  state: FormState,
  rerender: () => void,
  onSubmit: () => void,
): TemplateResult {
  const root = schema === null ? {} : unwrap(schema)
  const message = (path: Path) => {
    const m = state.errors.get(key(path))
    return m === undefined ? nothing : html`<div class="field-error" role="alert">${m}</div>`
  }
  const field = (s: JsonSchema, path: Path, name: string, required: boolean): TemplateResult => {
    const u = unwrap(s)
    const kind = typeOf(u)
    const fid = `${id}-${key(path)}`
    const v = getAt(state.value, path)
    const change = (x: unknown) => {
      setAt(state.value, path, x)
      state.errors.delete(key(path))
      rerender()
    }
    const labelEl = html`<label for=${fid}>${name}${required ? html`<span class="req">*</span>` : nothing}</label>`
    if (kind === 'object') {
      return html`<fieldset class="obj" data-path=${key(path)}>
        ${path.length > 0 ? html`<legend>${name}</legend>` : nothing}
        ${Object.entries(u.properties ?? {}).map(([k, p]) =>
          field(p, [...path, k], p.description ?? k, (u.required ?? []).includes(k)),
        )}
        ${message(path)}
      </fieldset>`
    }
    if (kind === 'array') {
      const items = Array.isArray(v) ? v : []
      return html`<fieldset class="arr" data-path=${key(path)}>
        <legend>${name}${required ? html`<span class="req">*</span>` : nothing}</legend>
        ${items.map(
          (_, i) =>
            html`<div class="arr-item">
              ${field(u.items ?? {}, [...path, i], `${name} ${i + 1}`, true)}
              <button
                type="button"
                class="small"
                @click=${() => {
                  items.splice(i, 1)
                  rerender()
                }}
              >
                ${t('remove')}
              </button>
            </div>`,
        )}
        <button
          type="button"
          class="small"
          data-add=${key(path)}
          @click=${() => {
            if (!Array.isArray(getAt(state.value, path))) setAt(state.value, path, [])
            ;(getAt(state.value, path) as unknown[]).push(initialValue(u.items ?? {}))
            rerender()
          }}
        >
          ${t('add')}
        </button>
        ${message(path)}
      </fieldset>`
    }
    if (kind === 'enum') {
      return html`<div class="field">
        ${labelEl}
        <select
          id=${fid}
          name=${key(path)}
          @change=${(e: Event) => {
            const sel = (e.target as HTMLSelectElement).value
            change(sel === '' ? undefined : (u.enum ?? []).find((x) => String(x) === sel))
          }}
        >
          <option value="" ?selected=${v === undefined}>—</option>
          ${(u.enum ?? []).map((x) => html`<option value=${String(x)} ?selected=${x === v}>${String(x)}</option>`)}
        </select>
        ${message(path)}
      </div>`
    }
    if (kind === 'const') return html``
    if (kind === 'boolean') {
      return html`<div class="field">
        <label
          ><input
            type="checkbox"
            id=${fid}
            name=${key(path)}
            .checked=${v === true}
            @change=${(e: Event) => change((e.target as HTMLInputElement).checked)}
          />
          ${name}</label
        >
        ${message(path)}
      </div>`
    }
    if (kind === 'number' || kind === 'integer') {
      return html`<div class="field">
        ${labelEl}
        <input
          type="number"
          id=${fid}
          name=${key(path)}
          step=${kind === 'integer' ? '1' : 'any'}
          .value=${typeof v === 'number' ? String(v) : ''}
          @input=${(e: Event) => {
            const raw = (e.target as HTMLInputElement).value
            setAt(state.value, path, raw === '' ? undefined : Number(raw))
          }}
          @change=${() => rerender()}
        />
        ${message(path)}
      </div>`
    }
    if (kind === 'string') {
      return html`<div class="field">
        ${labelEl}
        <input
          type="text"
          id=${fid}
          name=${key(path)}
          placeholder=${u.format ?? ''}
          .value=${typeof v === 'string' ? v : ''}
          @input=${(e: Event) => {
            const raw = (e.target as HTMLInputElement).value
            setAt(state.value, path, raw === '' && !required ? undefined : raw)
          }}
        />
        ${message(path)}
      </div>`
    }
    // Anything the generator does not draw: JSON typed by hand, checked by the server.
    return html`<div class="field">
      ${labelEl}
      <textarea
        id=${fid}
        name=${key(path)}
        rows="3"
        .value=${v === undefined ? '' : JSON.stringify(v)}
        @change=${(e: Event) => {
          const raw = (e.target as HTMLTextAreaElement).value
          try {
            change(raw === '' ? undefined : JSON.parse(raw))
          } catch {
            state.errors.set(key(path), 'JSON')
            rerender()
          }
        }}
      ></textarea>
      ${message(path)}
    </div>`
  }
  return html`<form
    class="event-form"
    data-form=${id}
    @submit=${(e: Event) => {
      e.preventDefault()
      onSubmit()
    }}
  >
    ${field(root, [], '', false)}
    ${state.refusal === null ? nothing : html`<div class="refusal" role="alert">${state.refusal}</div>`}
    ${state.ok === null ? nothing : html`<div class="sent">${state.ok}</div>`}
    <button type="submit" ?disabled=${state.busy}>${t('send')}</button>
  </form>`
}

/**
 * Puts the server's answer on the form: zod's issues next to their fields, a rule's refusal (or
 * any other refusal) under the form.
 */
export function showRefusal(
  state: FormState,
  error: { code: string; message: string; details: unknown },
  lang: 'zh-CN' | 'en',
): void {
  state.errors.clear()
  state.refusal = null
  const d = (error.details ?? {}) as {
    issues?: { path?: (string | number)[]; message?: string }[]
    refusal?: string
    rule?: string
    article?: string | null
  }
  if (error.code === 'INVALID_EVENT' && Array.isArray(d.issues)) {
    for (const issue of d.issues) {
      const path = (issue.path ?? []).filter((p) => p !== 'type')
      state.errors.set(key(path), issue.message ?? error.message)
    }
    if (!d.issues.some((i) => (i.path ?? []).length > 0)) state.refusal = error.message
    return
  }
  if (error.code === 'EVENT_NOT_ACCEPTED' && typeof d.refusal === 'string') {
    const cite = [d.rule, d.article].filter(Boolean).join(lang === 'en' ? ', ' : '，')
    state.refusal = `${d.refusal}${cite === '' ? '' : ` (${cite})`}`
    return
  }
  state.refusal = error.message
}
