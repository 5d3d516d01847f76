// The console's JSON API as the page calls it: relative URLs (the page lives at the mount path),
// the session's CSRF token on every command, the engine's errors as ApiError.

/** An error answer: the engine's (or the console's) code, message and details. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message)
  }
}

let csrfToken = ''

/** Remembers the session's CSRF token for commands. */
export function setCsrfToken(token: string): void {
  csrfToken = token
}

async function answer<T>(r: Response): Promise<T> {
  const text = await r.text()
  let body: unknown = null
  try {
    body = text === '' ? null : JSON.parse(text)
  } catch {
    body = { code: 'INTERNAL', message: text }
  }
  if (!r.ok) {
    const b = (body ?? {}) as { code?: string; message?: string; details?: unknown }
    throw new ApiError(r.status, b.code ?? 'INTERNAL', b.message ?? r.statusText, b.details ?? null)
  }
  return body as T
}

/** GET api/<path>, with query parameters (undefined and '' left out). */
export async function get<T>(path: string, params: Record<string, unknown> = {}): Promise<T> {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one))
  }
  const qs = q.toString()
  return answer<T>(await fetch(`api/${path}${qs === '' ? '' : `?${qs}`}`, { credentials: 'same-origin' }))
}

/** GET api/<path> as text (the BPMN XML). */
export async function getText(path: string): Promise<string> {
  const r = await fetch(`api/${path}`, { credentials: 'same-origin' })
  if (!r.ok) throw new ApiError(r.status, 'INTERNAL', r.statusText, null)
  return r.text()
}

/** POST api/<path> with a JSON body and the CSRF token. */
export async function post<T>(path: string, body: unknown): Promise<T> {
  return answer<T>(
    await fetch(`api/${path}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-fengqiao-csrf': csrfToken },
      body: JSON.stringify(body),
    }),
  )
}
