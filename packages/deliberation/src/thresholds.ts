/**
 * Exact rational thresholds ("more than half", "at least two thirds") and the one comparison
 * every quorum and pass rule goes through. Integer arithmetic only: never a float.
 *
 * @module
 */
import { FengqiaoError } from '@fengqiao/core'

/**
 * A statutory fraction with its comparison and legal source.
 *
 * Chinese statutes say 过半数 / 超过 (more than: `strict: true`) or 以上 (at least, the number
 * itself included: `strict: false`, as 民法典 Art. 1259 reads 以上).
 *
 * @example
 * ```ts
 * const moreThanHalf: Threshold = { num: 1, den: 2, strict: true, source: 'CW Art. 22' }
 * const atLeastTwoThirds: Threshold = { num: 2, den: 3, strict: false, source: 'CW Art. 26' }
 * ```
 */
export interface Threshold {
  /** Numerator, a non-negative integer. */
  readonly num: number
  /** Denominator, a positive integer. */
  readonly den: number
  /** `true`: the count must exceed the fraction (过半数); `false`: reach it (以上). */
  readonly strict: boolean
  /** Where the rule comes from, for example `'CW Art. 22'`. */
  readonly source: string
}

/** The comparison part of a {@link Threshold}. */
export type Fraction = Pick<Threshold, 'num' | 'den' | 'strict'>

function integer(name: string, v: number): bigint {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new FengqiaoError('INVALID_OPTIONS', `${name} must be a non-negative integer; got ${String(v)}.`, {
      [name]: v,
    })
  }
  return BigInt(v)
}

function fraction(t: Fraction): { num: bigint; den: bigint } {
  const num = integer('num', t.num)
  const den = integer('den', t.den)
  if (den === 0n)
    throw new FengqiaoError('INVALID_OPTIONS', 'A threshold needs a positive denominator.', { den: t.den })
  return { num, den }
}

/**
 * Whether `count` out of `total` meets a threshold, in exact integer arithmetic:
 * `count × den > num × total` (strict) or `≥` (not strict).
 *
 * @param count - how many (attended, voted for, …), a non-negative integer
 * @param total - out of how many, a non-negative integer
 * @param t - the threshold
 * @returns whether the threshold is met
 * @throws {FengqiaoError} INVALID_OPTIONS for a negative or fractional count, or a zero denominator
 * @example
 * ```ts
 * meets(34, 50, { num: 2, den: 3, strict: false }) // true: 102 ≥ 100
 * meets(34, 52, { num: 2, den: 3, strict: false }) // false: 102 < 104
 * meets(20, 40, { num: 1, den: 2, strict: true })  // false: exactly half is not more than half
 * ```
 */
export function meets(count: number, total: number, t: Fraction): boolean {
  const c = integer('count', count)
  const n = integer('total', total)
  const { num, den } = fraction(t)
  return t.strict ? c * den > num * n : c * den >= num * n
}

/**
 * The smallest count that meets a threshold out of `total` (for messages: "needs at least 34").
 *
 * @param total - out of how many
 * @param t - the threshold
 * @returns the least `c` with `meets(c, total, t)`; it may exceed `total` when the threshold is
 *   unreachable (for example more than 1/1)
 */
export function minimumToMeet(total: number, t: Fraction): number {
  const n = integer('total', total)
  const { num, den } = fraction(t)
  const p = num * n
  const least = t.strict ? p / den + 1n : (p + den - 1n) / den
  return Number(least)
}

/**
 * A threshold in words, for messages and docs: `'> 1/2'`, `'≥ 2/3'`.
 *
 * @param t - the threshold
 * @returns the short form
 */
export function describeThreshold(t: Fraction): string {
  return `${t.strict ? '>' : '≥'} ${t.num}/${t.den}`
}
