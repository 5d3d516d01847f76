/**
 * The petition rules that decide between paths, as pure functions: the machine's guards call
 * them, and hosts can call them too (at the counter, before registering a petition).
 *
 * @module
 */
import { createHash } from 'node:crypto'
import { stateIn } from '@fengqiao/core'
import type { StateValue } from 'xstate'
import {
  AdminLevel,
  type Accused,
  type Finality,
  type LowerLevelCase,
  type Petitioner,
  type PriorFinal,
  type VisitLevels,
} from './schemas.js'

/**
 * The endings after which the same facts and reasons are not accepted again: a re-review decision
 * (XF Art. 36), and — because docs/domain-rules.md#6-petition-handling makes them FINAL the same way — an opinion or a review
 * decision whose request window lapsed unused. Suggestions answered, accusations transferred,
 * mediation agreements and leads do not bar a new petition.
 */
export const BARRED_FINALITIES: readonly Finality[] = ['opinionFinal', 'reviewFinal', 'rereviewDecided']

/** The result of a screening rule: refuse (with the article and a reason) or go on. */
export type RuleDecision =
  | { readonly refuse: true; readonly article: string; readonly reason: string }
  | { readonly refuse: false; readonly reason: string }

/**
 * Whether a petition can be answered in writing: it names the petitioner and an address and is not
 * anonymous. Without both, XF Art. 23 sets no notice clock, and this package registers it as a lead.
 *
 * @param petition - the petitioner particulars and the anonymous flag
 * @returns true when name and address are known
 */
export function isIdentified(petition: {
  readonly petitioner?: Petitioner | undefined
  readonly anonymous?: boolean | undefined
}): boolean {
  return (
    petition.anonymous !== true && petition.petitioner?.name !== undefined && petition.petitioner.address !== undefined
  )
}

/**
 * XF Art. 36: after the re-review, a petition on the same facts and reasons is not accepted by any
 * organ. Decides from a FINAL earlier case on the same matter (see {@link BARRED_FINALITIES}).
 *
 * @param prior - the earlier case on the same matter, if any
 * @returns refuse, citing XF Art. 36, when the earlier case ended in a barring way
 * @example
 * ```ts
 * isRepeatOfFinal({ caseId: 'p1', finality: 'rereviewDecided' }).refuse // true
 * ```
 */
export function isRepeatOfFinal(prior: PriorFinal | undefined): RuleDecision {
  if (prior === undefined) return { refuse: false, reason: 'No final case on the same facts and reasons.' }
  if (!BARRED_FINALITIES.includes(prior.finality)) {
    return {
      refuse: false,
      reason: `Case ${prior.caseId} ended as ${prior.finality}, which does not bar a new petition.`,
    }
  }
  return {
    refuse: true,
    article: 'XF Art. 36',
    reason: `XF Art. 36: the same facts and reasons were finally handled in case ${prior.caseId} (${prior.finality}); the petition is not accepted.`,
  }
}

/**
 * XF Art. 19: a higher organ does not accept a matter that a lower one is handling within its time
 * limit. The lower case is within its limit while it is in a pre-opinion stage and its current
 * step's due time (`dueAt`) is still ahead of the new petition's receipt; a step without a running
 * clock (`dueAt: null`) has not run out either. Once the lower step is overdue, the higher level
 * may accept (and supervise).
 *
 * @param lower - the lower-level case on the same matter, if any
 * @param receivedAt - when the higher organ received the new petition (ISO date-time)
 * @returns refuse, citing XF Art. 19, while the lower level is within its time limit
 * @example
 * ```ts
 * checkUpwardDuplicate({ caseId: 'p1', stage: 'handling', dueAt: '2026-05-02T00:00:00+08:00' }, '2026-04-01T09:00:00+08:00').refuse // true
 * ```
 */
export function checkUpwardDuplicate(lower: LowerLevelCase | undefined, receivedAt: string): RuleDecision {
  if (lower === undefined) return { refuse: false, reason: 'No lower-level case on the same matter.' }
  const received = Date.parse(receivedAt)
  const due = lower.dueAt === null ? Number.POSITIVE_INFINITY : Date.parse(lower.dueAt)
  if (!(received < due)) {
    return {
      refuse: false,
      reason: `The lower-level case ${lower.caseId} ran past its time limit (${String(lower.dueAt)}); the higher level may accept.`,
    }
  }
  return {
    refuse: true,
    article: 'XF Art. 19',
    reason: `XF Art. 19: the same matter is being handled at a lower level (case ${lower.caseId}, ${lower.stage}) within its time limit${lower.dueAt === null ? '' : ` (due ${lower.dueAt})`}; the petition is not accepted.`,
  }
}

/** The result of {@link checkVisitLevel}: where the visitor should go when refused. */
export type VisitLevelDecision =
  | {
      readonly refuse: true
      readonly article: 'XF Art. 20'
      readonly reason: string
      readonly goTo: readonly AdminLevel[]
    }
  | { readonly refuse: false; readonly reason: string }

/**
 * XF Art. 20: a visit goes to the organ competent to handle it, at its level or at the level
 * directly above. A visit received at any other level is not taken in; the visitor is told which
 * levels to go to. Petitions by other channels are not affected.
 *
 * @param channel - the petition's channel
 * @param levels - the competent level and the receiving level (omit when unknown: not refused)
 * @returns refuse, citing XF Art. 20 and naming the levels to go to, or go on
 * @example
 * ```ts
 * checkVisitLevel('visit', { competent: 'county', receiving: 'province' }) // refuse; goTo ['county', 'city']
 * ```
 */
export function checkVisitLevel(channel: string, levels: VisitLevels | undefined): VisitLevelDecision {
  if (channel !== 'visit' || levels === undefined) return { refuse: false, reason: 'Not a visit, or levels unknown.' }
  const order = AdminLevel.options
  const c = order.indexOf(levels.competent)
  const r = order.indexOf(levels.receiving)
  if (r === c || r === c + 1)
    return {
      refuse: false,
      reason: `XF Art. 20: a visit received at the ${levels.receiving} level, competent level ${levels.competent}.`,
    }
  const goTo = order.slice(c, c + 2)
  return {
    refuse: true,
    article: 'XF Art. 20',
    goTo,
    reason: `XF Art. 20: the matter is for the ${levels.competent} level; visit the competent organ at the ${goTo.join(' or the ')} level, not the ${levels.receiving} level.`,
  }
}

/**
 * XF Art. 24: the common superior of several organs, as the nearest common ancestor of their org
 * units in the org-unit tree. A unit counts as its own ancestor: two departments of the same
 * county have the county (its people's government) as their common superior.
 *
 * @param units - the organs' org units
 * @param orgUnits - the org-unit tree (ids and parents)
 * @returns the nearest unit above or at all of them, or `null` when there is none (or a unit is unknown)
 * @example
 * ```ts
 * commonSuperior(['town', 'county'], [{ id: 'city' }, { id: 'county', parent: 'city' }, { id: 'town', parent: 'county' }]) // 'county'
 * ```
 */
export function commonSuperior(
  units: readonly string[],
  orgUnits: readonly { readonly id: string; readonly parent?: string | undefined | null }[],
): string | null {
  if (units.length === 0) return null
  const parent = new Map(orgUnits.map((u) => [u.id, u.parent ?? null]))
  const chain = (unit: string): string[] | null => {
    if (!parent.has(unit)) return null
    const out: string[] = []
    for (let u: string | null = unit; u !== null && !out.includes(u); u = parent.get(u) ?? null) out.push(u)
    return out
  }
  const chains = units.map(chain)
  if (chains.some((c) => c === null)) return null
  const [first, ...rest] = chains as string[][]
  return first?.find((u) => rest.every((c) => c.includes(u))) ?? null
}

const normalize = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s\p{P}\p{S}]/gu, '')
    .toLowerCase()

/**
 * XF Art. 30: accusation materials never go to the person accused. Whether a recipient is the
 * accused person or their unit (compared ignoring spaces, punctuation and width).
 *
 * @param accused - who the accusation is about
 * @param recipient - the body the materials would go to
 * @returns true when the recipient is the accused or the accused's unit
 */
export function sendsToAccused(accused: Accused | undefined, recipient: string): boolean {
  if (accused === undefined) return false
  const r = normalize(recipient)
  return r === normalize(accused.name) || (accused.unit !== undefined && r === normalize(accused.unit))
}

/**
 * A stable key for "the same facts and reasons" from the same petitioner (XF Arts. 19, 36): a
 * SHA-256 over the texts with whitespace, punctuation and character width normalized. Hosts with
 * a better notion of sameness (a case officer's decision, a matter number) pass their own key.
 *
 * @param matter - the petitioner's identity (name or id number), the facts and the reasons
 * @returns a hex digest prefixed with `m:`
 */
export function matterKeyOf(matter: {
  readonly petitioner: string
  readonly facts: string
  readonly reasons: string
}): string {
  const body = JSON.stringify([normalize(matter.petitioner), normalize(matter.facts), normalize(matter.reasons)])
  return `m:${createHash('sha256').update(body).digest('hex')}`
}

/**
 * The procedure's stage from a petition's state value: the path inside the `procedure` region
 * (`'handling.extended'`, `'final'`), leaving out the parallel supervision region.
 *
 * @param state - an instance's `state` (from `engine.get`, `start` or `send`)
 * @returns the stage path, or `''` when the value has no procedure region
 * @deprecated Use `stateIn(view, 'procedure')` or `matches(view, 'procedure.handling')` from
 *   `@fengqiao/core`, which read every process's state the same way.
 */
export function stageOf(state: StateValue): string {
  return typeof state === 'string' ? '' : stateIn(state, 'procedure')
}

/**
 * Whether the petition bureau has an open supervision (督办) on the case, from its state value.
 *
 * @param state - an instance's `state`
 * @returns true while an overdue step awaits the bureau's supervision
 */
export function isUnderSupervision(state: StateValue): boolean {
  return typeof state !== 'string' && state.supervision === 'supervising'
}
