/**
 * One wording for zod validation issues in error messages.
 *
 * @module
 * @internal
 */

/** The part of a zod issue the message needs. */
export interface IssueLike {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

/**
 * Renders zod issues as `path: message; path: message`, `(root)` for the value itself.
 *
 * @param issues - `error.issues` of a failed `safeParse`
 * @returns one line for an error message
 */
export function formatIssues(issues: readonly IssueLike[]): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')
}
