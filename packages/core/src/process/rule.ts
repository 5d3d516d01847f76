/**
 * Rules as guards that can say why they refuse.
 *
 * XState guards answer yes or no. A procedure's rules answer "no, because of this article", and
 * the engine needs that answer when it refuses a command (`EVENT_NOT_ACCEPTED` names the rule and
 * its article). {@link rule} wraps a rule check into a guard function XState can call, carrying
 * the check alongside so the engine can ask it for the reason.
 *
 * @module
 */

/** Why a rule refused: the rule's name, the article it applies, and a sentence for people. */
export interface Refusal {
  /** The rule's name, as the guard is named in `setup({ guards })`. */
  readonly rule: string
  /** The legal source, for example `'信访工作条例 第三十一条'`; absent for a rule of the house. */
  readonly article?: string
  /** Why the command is refused now, in words an official can act on. */
  readonly reason: string
}

/** A rule check: `true` when the rule allows the transition, else the reason it refuses. */
export type RuleCheck<A> = (args: A, params?: unknown) => true | string

/**
 * A guard made by {@link rule}: callable by XState as a boolean guard, and able to explain a
 * refusal to the engine.
 */
export interface RuleGuard<A> {
  (args: A, params?: unknown): boolean
  /** The rule's name and article. */
  readonly rule: { readonly name: string; readonly article?: string }
  /** The refusal for these arguments, or undefined when the rule allows the transition. */
  explain(args: A, params?: unknown): Refusal | undefined
}

/**
 * Makes a named guard from a rule check.
 *
 * @param name - the rule's name (use the same key in `setup({ guards })`)
 * @param article - the legal source the rule applies, or undefined for a rule of the house
 * @param check - returns `true` when allowed, else the reason it refuses
 * @returns a guard function carrying its explanation
 * @example
 * ```ts
 * const machine = setup({
 *   guards: { withinReviewTime: rule('withinReviewTime', '信访工作条例 第三十五条', ({ context }) => context.days <= 30 || 'the 30 days to ask for review have passed') },
 * }).createMachine({ on: { REQUEST_REVIEW: { guard: 'withinReviewTime', target: 'review' } } })
 * ```
 */
export function rule<A>(name: string, article: string | undefined, check: RuleCheck<A>): RuleGuard<A> {
  const explain = (args: A, params?: unknown): Refusal | undefined => {
    const r = check(args, params)
    if (r === true) return undefined
    return article === undefined ? { rule: name, reason: r } : { rule: name, article, reason: r }
  }
  const guard = ((args: A, params?: unknown) => check(args, params) === true) as RuleGuard<A>
  Object.defineProperty(guard, 'rule', {
    value: Object.freeze(article === undefined ? { name } : { name, article }),
    enumerable: true,
  })
  Object.defineProperty(guard, 'explain', { value: explain, enumerable: true })
  return guard
}

/**
 * Whether a guard implementation was made by {@link rule}.
 *
 * @param guard - a value from `machine.implementations.guards`
 * @returns true when it can explain its refusals
 */
export function isRuleGuard(guard: unknown): guard is RuleGuard<unknown> {
  return (
    typeof guard === 'function' &&
    typeof (guard as { explain?: unknown }).explain === 'function' &&
    typeof (guard as { rule?: unknown }).rule === 'object'
  )
}
