/**
 * CSRF protection for the console's commands: a double-submit token.
 *
 * `GET api/session` sets a random token in a `SameSite=Strict`, `HttpOnly` cookie scoped to the
 * console's path and returns the same token in its JSON body. Every command (`POST`) must carry
 * it back in the `X-Fengqiao-CSRF` header, and the two must match. Another site can neither read
 * the body (no CORS), nor set the custom header on a cross-site request without a preflight the
 * console never grants, nor (with `SameSite=Strict`) send the cookie along. See docs/console.md.
 *
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'

/** The cookie holding the token. */
export const CSRF_COOKIE = 'fq_console_csrf'
/** The header a command carries the token in. */
export const CSRF_HEADER = 'x-fengqiao-csrf'

/** A fresh token: 32 random bytes, base64url. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url')
}

/**
 * Whether a command's header token matches its cookie token, compared in constant time.
 *
 * @param cookie - the cookie's value, if any
 * @param header - the header's value, if any
 * @returns true only for two equal, non-empty tokens
 */
export function csrfMatches(cookie: string | undefined, header: string | undefined): boolean {
  if (cookie === undefined || header === undefined || cookie.length < 16) return false
  const a = Buffer.from(cookie)
  const b = Buffer.from(header)
  return a.length === b.length && timingSafeEqual(a, b)
}
