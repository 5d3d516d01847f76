/**
 * The figures grid management is judged by, as pure, typed functions over counts: the
 * urban-management closing, on-time and rework rates (docs/domain-rules.md#3-digital-urban-management),
 * and the hotline's response, resolution and satisfaction rates with their composite
 * (BJ Arts. 32–33, formulas [U]: docs/domain-rules.md#4-hotline-handling-on-receipt), in
 * pluggable metric sets, assessed for both the handling unit and the whistling street (双考核).
 *
 * Counting functions ({@link urbanCounts}, {@link hotlineCounts}) read cases' contexts; the rate
 * functions take only counts, so a report can feed them from store aggregates.
 *
 * @module
 */
import { FengqiaoError } from '@fengqiao/core'
import type { HotlineTicketContext } from './hotline-setup.js'
import { defaultHotlineParameters, type HotlineParameters } from './parameters.js'
import type { UrbanCaseContext } from './urban-process.js'

/**
 * A rate: numerator over denominator, and the share (`null` when nothing was due, so an empty
 * period is not scored 0 % or 100 %).
 */
export interface Rate {
  readonly numerator: number
  readonly denominator: number
  readonly value: number | null
}

/**
 * A rate from two counts.
 *
 * @param numerator - the cases that count
 * @param denominator - the cases due
 * @returns the rate; `value` is `null` when `denominator` is 0
 * @throws {FengqiaoError} INVALID_INPUT for a negative or non-integer count, or a numerator above
 *   the denominator (counts from a broken aggregate must not print as a plausible rate)
 */
export function rate(numerator: number, denominator: number): Rate {
  for (const n of [numerator, denominator])
    if (!Number.isInteger(n) || n < 0)
      throw new FengqiaoError(
        'INVALID_INPUT',
        `A rate is counted in whole cases: ${String(n)} is not a non-negative integer. Pass the counts of cases, not shares.`,
        { numerator, denominator },
      )
  if (numerator > denominator)
    throw new FengqiaoError(
      'INVALID_INPUT',
      `A rate's numerator (${numerator}) cannot exceed its denominator (${denominator}): count the numerator among the cases of the denominator.`,
      { numerator, denominator },
    )
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator }
}

/**
 * A share as a percentage rounded to two places, the way the accounts print it (93.72 %).
 *
 * @param r - the rate
 * @returns the percentage, or `null` for an empty rate
 */
export const percent = (r: Rate): number | null => (r.value === null ? null : Math.round(r.value * 10_000) / 100)

/** What the urban rates are counted from. Cancelled (void) cases are never in these counts. */
export interface UrbanCounts {
  /** Cases due to close in the period (应结案). */
  readonly due: number
  /** Of those, closed (结案). */
  readonly closed: number
  /** Of those, closed within their period (按期结案). */
  readonly closedOnTime: number
  /** Feedbacks given, and checks that failed (返工). */
  readonly feedbacks: number
  readonly failedChecks: number
}

/** The urban-management rates. */
export interface UrbanRates {
  /** 结案率 = closed ÷ due. */
  readonly closing: Rate
  /** 按期结案率 = closed on time ÷ due. */
  readonly onTime: Rate
  /** 返工率 = failed checks ÷ feedbacks. */
  readonly rework: Rate
}

/**
 * The urban-management rates (docs/domain-rules.md#3-digital-urban-management).
 *
 * @param c - the counts
 * @returns closing, on-time and rework rates
 * @example
 * ```ts
 * percent(urbanRates({ due: 972, closed: 911, closedOnTime: 737, feedbacks: 0, failedChecks: 0 }).closing) // 93.72
 * ```
 */
export function urbanRates(c: UrbanCounts): UrbanRates {
  return {
    closing: rate(c.closed, c.due),
    onTime: rate(c.closedOnTime, c.due),
    rework: rate(c.failedChecks, c.feedbacks),
  }
}

/** An urban case as {@link urbanCounts} reads it: its context and how it ended. */
export interface UrbanCaseRecord {
  readonly context: UrbanCaseContext
  /** The final state's outcome (`'resolved'`, `'void'`), `null` while open. */
  readonly outcome: string | null
}

/**
 * Counts urban cases due in a period. A cancelled case (outcome `'void'`) is left out entirely.
 *
 * @param cases - the cases due to close in the period
 * @returns the counts {@link urbanRates} takes
 */
export function urbanCounts(cases: readonly UrbanCaseRecord[]): UrbanCounts {
  const due = cases.filter((c) => c.outcome !== 'void')
  const closed = due.filter((c) => c.outcome === 'resolved')
  return {
    due: due.length,
    closed: closed.length,
    closedOnTime: closed.filter((c) => !c.context.late).length,
    feedbacks: due.reduce((n, c) => n + c.context.feedbacks, 0),
    failedChecks: due.reduce((n, c) => n + c.context.failedChecks, 0),
  }
}

/** What the hotline rates are counted from (dispatched tickets only). */
export interface HotlineCounts {
  /** Tickets dispatched to a unit. Tickets closed at intake (answered, diverted, …) are not. */
  readonly dispatched: number
  /** Of those, signed for with the caller contacted within the limit. */
  readonly respondedInTime: number
  /** Callbacks that reached the caller. */
  readonly callbacks: number
  /** Of those, the caller said "resolved". */
  readonly resolved: number
  /** Callbacks with a satisfaction rating. */
  readonly evaluated: number
  readonly satisfied: number
  readonly basicallySatisfied: number
  /** Callbacks on requests reviewed as unreasonable, and how many of them were resolved, rated, satisfied. */
  readonly unreasonable: {
    readonly callbacks: number
    readonly resolved: number
    readonly evaluated: number
    readonly satisfied: number
    readonly basicallySatisfied: number
  }
  /** Tickets signed for at all, closed within the period, objections upheld (回退), redone (重办). */
  readonly signedFor: number
  readonly closedOnTime: number
  readonly returned: number
  readonly redone: number
}

/**
 * Counts hotline tickets. Tickets that never reached a unit are left out.
 *
 * @param tickets - the tickets' contexts
 * @returns the counts the metric sets take
 */
export function hotlineCounts(tickets: readonly HotlineTicketContext[]): HotlineCounts {
  const dispatched = tickets.filter((t) => t.dispatch !== null)
  const reached = dispatched.filter((t) => t.callback?.reached === true)
  const rated = reached.filter((t) => t.callback?.satisfaction != null)
  const unreasonable = reached.filter((t) => t.callback?.unreasonable === true)
  const sat = (ts: readonly HotlineTicketContext[], s: string) =>
    ts.filter((t) => t.callback?.satisfaction === s).length
  const ratedUnreasonable = unreasonable.filter((t) => t.callback?.satisfaction != null)
  return {
    dispatched: dispatched.length,
    respondedInTime: dispatched.filter((t) => t.contact?.inTime === true).length,
    callbacks: reached.length,
    resolved: reached.filter((t) => t.callback?.resolved === true).length,
    evaluated: rated.length,
    satisfied: sat(rated, 'satisfied'),
    basicallySatisfied: sat(rated, 'basicallySatisfied'),
    unreasonable: {
      callbacks: unreasonable.length,
      resolved: unreasonable.filter((t) => t.callback?.resolved === true).length,
      evaluated: ratedUnreasonable.length,
      satisfied: sat(ratedUnreasonable, 'satisfied'),
      basicallySatisfied: sat(ratedUnreasonable, 'basicallySatisfied'),
    },
    signedFor: dispatched.filter((t) => t.signedFor).length,
    closedOnTime: dispatched.filter((t) => t.callback !== null && !t.handlingLate).length,
    returned: dispatched.reduce((n, t) => n + t.objections.filter((o) => o.upheld === true).length, 0),
    redone: dispatched.filter((t) => t.ticket.repeatOf?.newFacts === true).length,
  }
}

/** A named figure computed from hotline counts. */
export type Metric = (counts: HotlineCounts, parameters: HotlineParameters) => Rate | number | null

/**
 * A metric set: the figures a city scores its hotline by, and how they combine. Cities that score
 * sign-for, on-time, return and redo rates use another set than Beijing's three rates.
 */
export interface MetricSet {
  readonly name: string
  readonly metrics: Readonly<Record<string, Metric>>
  /** The composite score from the computed figures, or none. */
  readonly composite?: (
    figures: Readonly<Record<string, Rate | number | null>>,
    parameters: HotlineParameters,
  ) => number | null
}

/** The response rate (响应率): signed for and caller contacted within the limit ÷ dispatched. */
export const responseRate: Metric = (c) => rate(c.respondedInTime, c.dispatched)

/** The resolution rate (解决率): "resolved" at callback ÷ valid callbacks; unreasonable requests out when `excludeUnreasonable`. */
export const resolutionRate: Metric = (c, p) =>
  p.excludeUnreasonable
    ? rate(c.resolved - c.unreasonable.resolved, c.callbacks - c.unreasonable.callbacks)
    : rate(c.resolved, c.callbacks)

/**
 * The satisfaction rate (满意率): (satisfied + w × basically satisfied) ÷ evaluated, `w` the
 * `basicallySatisfiedWeight`; unreasonable requests out when `excludeUnreasonable`. A weighted
 * numerator need not be whole, so this is a number, not a {@link Rate}.
 */
export const satisfactionRate: Metric = (c, p) => {
  const u = p.excludeUnreasonable ? c.unreasonable : { evaluated: 0, satisfied: 0, basicallySatisfied: 0 }
  const evaluated = c.evaluated - u.evaluated
  if (evaluated === 0) return null
  return (
    (c.satisfied - u.satisfied + p.basicallySatisfiedWeight * (c.basicallySatisfied - u.basicallySatisfied)) / evaluated
  )
}

/**
 * A figure's value as a number: a {@link Rate}'s share, a weighted figure as it is, `null` for
 * an empty rate or a figure the set does not have.
 *
 * @param f - a figure of {@link Scores.figures}
 * @returns the value in [0, 1], or `null`
 */
export const figureValue = (f: Rate | number | null | undefined): number | null =>
  f === null || f === undefined ? null : typeof f === 'number' ? f : f.value
const valueOf = figureValue

/**
 * Beijing's three rates and their weighted composite (BJ Arts. 32–33; formulas and weights [U]).
 * A rate with nothing to count leaves the composite `null`.
 */
export const threeRates: MetricSet = {
  name: 'beijing',
  metrics: { response: responseRate, resolution: resolutionRate, satisfaction: satisfactionRate },
  composite: (f, p) => {
    const [r, s, t] = [valueOf(f.response), valueOf(f.resolution), valueOf(f.satisfaction)]
    if (r === null || s === null || t === null) return null
    return p.weights.response * r + p.weights.resolution * s + p.weights.satisfaction * t
  },
}

/** Sign-for, on-time, return and redo rates (及时签收率/按时办结率/回退率/重办率), as other cities score. */
export const processRates: MetricSet = {
  name: 'process',
  metrics: {
    signFor: (c) => rate(c.signedFor, c.dispatched),
    onTime: (c) => rate(c.closedOnTime, c.dispatched),
    returned: (c) => rate(Math.min(c.returned, c.dispatched), c.dispatched),
    redone: (c) => rate(c.redone, c.dispatched),
  },
}

/** The figures of one metric set for one set of counts. */
export interface Scores {
  readonly set: string
  readonly figures: Readonly<Record<string, Rate | number | null>>
  readonly composite: number | null
}

/**
 * Scores counts with a metric set.
 *
 * @param counts - the hotline counts
 * @param set - the metric set @defaultValue {@link threeRates}
 * @param parameters - the hotline parameters @defaultValue the defaults
 * @returns every figure of the set and its composite
 */
export function score(
  counts: HotlineCounts,
  set: MetricSet = threeRates,
  parameters: HotlineParameters = defaultHotlineParameters,
): Scores {
  const figures = Object.fromEntries(Object.entries(set.metrics).map(([k, m]) => [k, m(counts, parameters)]))
  return { set: set.name, figures, composite: set.composite?.(figures, parameters) ?? null }
}

/** The scores of every handling unit and every whistling street (双考核, BJ Arts. 32–33). */
export interface DualAssessment {
  readonly units: Readonly<Record<string, Scores>>
  readonly streets: Readonly<Record<string, Scores>>
}

/**
 * Assesses both sides of a whistle (双考核): each ticket counts for the unit that handled it and,
 * when a street or township whistled on it, for that street too.
 *
 * @param tickets - the tickets' contexts
 * @param set - the metric set @defaultValue {@link threeRates}
 * @param parameters - the hotline parameters @defaultValue the defaults
 * @returns scores per unit and per street
 */
export function assessBoth(
  tickets: readonly HotlineTicketContext[],
  set: MetricSet = threeRates,
  parameters: HotlineParameters = defaultHotlineParameters,
): DualAssessment {
  const group = (key: (t: HotlineTicketContext) => string | null) => {
    const by = new Map<string, HotlineTicketContext[]>()
    for (const t of tickets) {
      const k = key(t)
      if (k !== null) by.set(k, [...(by.get(k) ?? []), t])
    }
    return Object.fromEntries([...by].map(([k, ts]) => [k, score(hotlineCounts(ts), set, parameters)]))
  }
  return { units: group((t) => t.dispatch?.unit ?? null), streets: group((t) => t.whistle?.street ?? null) }
}
