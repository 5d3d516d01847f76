/**
 * Meetings as data, rules as pure functions: the record of a meeting and the quorum, pass,
 * notice and composition rules of each body.
 *
 * @module
 */
import { daysBetween, isCivilDate } from '@fengqiao/core'
import { z } from 'zod'
import type { MeetingBody, ResolutionBody, RuleCheck } from './matters.js'
import type { DeliberationParameters, PassBase } from './parameters.js'
import { describeThreshold, meets, minimumToMeet, type Threshold } from './thresholds.js'

/** A civil date `'YYYY-MM-DD'` (an existing day). */
export const CivilDateSchema = z.string().refine((v) => isCivilDate(v), { message: 'expected a civil date YYYY-MM-DD' })

const count = z.number().int().nonnegative()

/**
 * The record of one meeting (会议记录): date, notice date, should-attend (应到), attended (实到),
 * votes, minutes and signatures; households for the villagers' and group meetings' alternative
 * quorum; the composition of a representative meeting (CW Art. 25); online and proxy attendance
 * of a members' assembly (JJ Art. 27, included in `attended`).
 */
export const MeetingRecordSchema = z
  .object({
    /** The day the meeting was held. */
    date: CivilDateSchema,
    /** The day notice (with the agenda, or the plan) was given. */
    noticeDate: CivilDateSchema,
    /** 应到: members entitled to attend (adults for a villagers' meeting, voting members for the party). */
    shouldAttend: z.number().int().positive(),
    /** 实到: how many attended. */
    attended: count,
    votes: z.object({ for: count, against: count, abstain: count }).strict(),
    /** Villagers' and group meetings: households in the village (group) and households represented. */
    households: z.object({ total: z.number().int().positive(), represented: count }).strict().optional(),
    /** Representative meeting (CW Art. 25): its members, the villagers' representatives and women among them, and the households they represent. */
    composition: z
      .object({
        members: z.number().int().positive(),
        villagerRepresentatives: count,
        womenRepresentatives: count,
        households: z.number().int().positive(),
      })
      .strict()
      .optional(),
    /** Members' assembly (JJ Art. 27): attendance online and by same-household proxy, included in `attended`. */
    remote: z.object({ online: count, proxies: count }).strict().optional(),
    /** The minutes (会议记录). */
    minutes: z.string().min(1),
    /** Who signed the record. */
    signatures: z.array(z.string().min(1)).min(1),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.attended > m.shouldAttend)
      ctx.addIssue({
        code: 'custom',
        path: ['attended'],
        message: `attended (${m.attended}) exceeds shouldAttend (${m.shouldAttend})`,
      })
    const cast = m.votes.for + m.votes.against + m.votes.abstain
    if (cast > m.attended)
      ctx.addIssue({
        code: 'custom',
        path: ['votes'],
        message: `for + against + abstain (${cast}) exceeds attended (${m.attended})`,
      })
    if (m.households !== undefined && m.households.represented > m.households.total)
      ctx.addIssue({ code: 'custom', path: ['households', 'represented'], message: 'exceeds households.total' })
    if (m.remote !== undefined && m.remote.online + m.remote.proxies > m.attended)
      ctx.addIssue({ code: 'custom', path: ['remote'], message: 'online + proxies exceeds attended' })
    if (m.composition !== undefined && m.composition.villagerRepresentatives > m.composition.members)
      ctx.addIssue({
        code: 'custom',
        path: ['composition', 'villagerRepresentatives'],
        message: 'exceeds composition.members',
      })
    if (m.composition !== undefined && m.composition.womenRepresentatives > m.composition.villagerRepresentatives)
      ctx.addIssue({
        code: 'custom',
        path: ['composition', 'womenRepresentatives'],
        message: 'exceeds composition.villagerRepresentatives',
      })
    if (isCivilDate(m.date) && isCivilDate(m.noticeDate) && daysBetween(m.noticeDate, m.date) < 0)
      ctx.addIssue({ code: 'custom', path: ['noticeDate'], message: 'is after the meeting date' })
  })

/** A meeting record (see {@link MeetingRecordSchema}). */
export type MeetingRecord = z.output<typeof MeetingRecordSchema>

/** One alternative way to reach a quorum. */
export interface QuorumAlternative {
  /** Count attendance against `shouldAttend` (`'members'`) or households represented against households (`'households'`). */
  readonly basis: 'members' | 'households'
  readonly threshold: Threshold
}

/** The statutory rules of one meeting body. */
export interface BodyRules {
  readonly body: MeetingBody
  /** Met when any alternative is met. */
  readonly quorum: readonly QuorumAlternative[]
  readonly pass: { readonly threshold: Threshold; readonly base: PassBase }
  /** Minimum notice in calendar days, with its source; `null` when the body has none. */
  readonly notice: { readonly days: number; readonly source: string } | null
}

/**
 * The quorum, pass and notice rules of a body under the parameters.
 *
 * @param body - the meeting body
 * @param p - the parameters
 * @returns its rules
 */
export function bodyRules(body: MeetingBody, p: DeliberationParameters): BodyRules {
  switch (body) {
    case 'twoCommittees':
      return {
        body,
        quorum: [{ basis: 'members', threshold: p.twoCommitteesQuorum }],
        pass: { threshold: p.twoCommitteesPass, base: 'present' },
        notice: null,
      }
    case 'partyMembers':
      return {
        body,
        quorum: [{ basis: 'members', threshold: p.partyMeetingQuorum }],
        pass: { threshold: p.partyMeetingPass, base: 'all' },
        notice:
          p.partyMeetingNoticeDays > 0
            ? { days: p.partyMeetingNoticeDays, source: 'local rule (plan sent ahead)' }
            : null,
      }
    case 'villagersMeeting':
      return {
        body,
        quorum: [
          { basis: 'members', threshold: p.villagersMeetingQuorumAdults },
          { basis: 'households', threshold: p.villagersMeetingQuorumHouseholds },
        ],
        pass: { threshold: p.villagersMeetingPass, base: 'present' },
        notice: { days: p.villagersMeetingNoticeDays, source: 'CW Art. 21' },
      }
    case 'representativeMeeting':
      return {
        body,
        quorum: [{ basis: 'members', threshold: p.representativeMeetingQuorum }],
        pass: { threshold: p.representativeMeetingPass, base: p.representativeMeetingPassBase },
        notice: null,
      }
    case 'groupMeeting':
      return {
        body,
        quorum: [
          { basis: 'members', threshold: p.groupMeetingQuorumAdults },
          { basis: 'households', threshold: p.groupMeetingQuorumHouseholds },
        ],
        pass: { threshold: p.groupMeetingPass, base: 'present' },
        notice: null,
      }
    case 'membersAssembly':
      return {
        body,
        quorum: [{ basis: 'members', threshold: p.assemblyQuorum }],
        pass: { threshold: p.assemblyPass, base: 'all' },
        notice: { days: p.assemblyNoticeDays, source: 'JJ Art. 27' },
      }
    case 'membersRepresentativeAssembly':
      return {
        body,
        quorum: [{ basis: 'members', threshold: p.representativeAssemblyQuorum }],
        pass: { threshold: p.representativeAssemblyPass, base: 'all' },
        notice: null,
      }
  }
}

const fraction = (count: number, total: number, t: Threshold): string =>
  `${count} of ${total} (needs ${describeThreshold(t)}: at least ${minimumToMeet(total, t)})`

/**
 * Whether the meeting was notified far enough ahead: the calendar days from the notice date to
 * the meeting date (the notice day not counted) reach the body's notice period.
 *
 * @param body - the meeting body
 * @param m - the meeting record
 * @param p - the parameters
 * @returns the check; always ok for a body without a notice rule
 */
export function checkNotice(
  body: MeetingBody,
  m: Pick<MeetingRecord, 'date' | 'noticeDate'>,
  p: DeliberationParameters,
): RuleCheck {
  const rule = bodyRules(body, p).notice
  if (rule === null) return { ok: true, rule: 'none', reason: `the ${body} has no notice rule.` }
  const given = daysBetween(m.noticeDate, m.date)
  const reason = `notice given on ${m.noticeDate} for a meeting on ${m.date}: ${given} days; the ${body} needs ${rule.days} days' notice.`
  return given >= rule.days ? { ok: true, rule: rule.source, reason } : { ok: false, rule: rule.source, reason }
}

/**
 * The composition rules of a representative meeting (CW Art. 25): villagers' representatives at
 * least 4/5 of its members, women at least 1/3 of its members, one representative per 5–15
 * households. Checked only when the record carries a composition.
 *
 * @param m - the meeting record
 * @param p - the parameters
 * @returns the first failed rule, or ok
 */
export function checkComposition(
  m: Pick<MeetingRecord, 'composition' | 'shouldAttend'>,
  p: DeliberationParameters,
): RuleCheck {
  const c = m.composition
  const rule = p.representativeShare.source
  if (c === undefined) return { ok: true, rule, reason: 'no composition recorded.' }
  if (c.members !== m.shouldAttend)
    return {
      ok: false,
      rule,
      reason: `the meeting has ${c.members} members but the record says ${m.shouldAttend} should attend.`,
    }
  if (!meets(c.villagerRepresentatives, c.members, p.representativeShare)) {
    return {
      ok: false,
      rule: p.representativeShare.source,
      reason: `villagers' representatives are ${fraction(c.villagerRepresentatives, c.members, p.representativeShare)} members.`,
    }
  }
  if (!meets(c.womenRepresentatives, c.members, p.womenRepresentativeShare)) {
    return {
      ok: false,
      rule: p.womenRepresentativeShare.source,
      reason: `women representatives are ${fraction(c.womenRepresentatives, c.members, p.womenRepresentativeShare)} members.`,
    }
  }
  const reps = c.villagerRepresentatives
  if (
    reps === 0 ||
    c.households < reps * p.householdsPerRepresentativeMin ||
    c.households > reps * p.householdsPerRepresentativeMax
  ) {
    return {
      ok: false,
      rule,
      reason: `${reps} representatives for ${c.households} households: one representative per ${p.householdsPerRepresentativeMin}–${p.householdsPerRepresentativeMax} households allows ${Math.ceil(c.households / p.householdsPerRepresentativeMax)}–${Math.floor(c.households / p.householdsPerRepresentativeMin)}.`,
    }
  }
  return {
    ok: true,
    rule,
    reason: `${reps} of ${c.members} members are villagers' representatives, ${c.womenRepresentatives} women, for ${c.households} households.`,
  }
}

/**
 * Whether the meeting reached its quorum (any alternative of the body).
 *
 * @param body - the meeting body
 * @param m - the meeting record
 * @param p - the parameters
 * @returns the check, naming the rule
 * @example
 * ```ts
 * checkQuorum('representativeMeeting', { shouldAttend: 50, attended: 33, … }, params).ok // false: 33 < 34
 * ```
 */
export function checkQuorum(
  body: MeetingBody,
  m: Pick<MeetingRecord, 'shouldAttend' | 'attended' | 'households'>,
  p: DeliberationParameters,
): RuleCheck {
  const rules = bodyRules(body, p)
  const parts: string[] = []
  let rule = rules.quorum[0]?.threshold.source ?? 'none'
  for (const alt of rules.quorum) {
    if (alt.basis === 'members') {
      const ok = meets(m.attended, m.shouldAttend, alt.threshold)
      parts.push(`attended ${fraction(m.attended, m.shouldAttend, alt.threshold)}`)
      if (ok) return { ok: true, rule: alt.threshold.source, reason: `quorum met: ${parts.at(-1) ?? ''}.` }
    } else if (m.households !== undefined) {
      const ok = meets(m.households.represented, m.households.total, alt.threshold)
      parts.push(`households represented ${fraction(m.households.represented, m.households.total, alt.threshold)}`)
      if (ok) return { ok: true, rule: alt.threshold.source, reason: `quorum met: ${parts.at(-1) ?? ''}.` }
    } else {
      parts.push('households not recorded')
    }
    rule = alt.threshold.source
  }
  return { ok: false, rule, reason: `quorum not met: ${parts.join('; ')}.` }
}

/**
 * Whether the motion passed: votes for against those present or against all who should attend,
 * as the body's rule says.
 *
 * @param body - the meeting body
 * @param m - the meeting record
 * @param p - the parameters
 * @returns the check, naming the rule
 */
export function checkPassed(
  body: MeetingBody,
  m: Pick<MeetingRecord, 'shouldAttend' | 'attended' | 'votes'>,
  p: DeliberationParameters,
): RuleCheck {
  const { threshold, base } = bodyRules(body, p).pass
  const total = base === 'present' ? m.attended : m.shouldAttend
  const ok = meets(m.votes.for, total, threshold)
  const reason = `${ok ? 'passed' : 'not passed'}: ${fraction(m.votes.for, total, threshold)} ${base === 'present' ? 'present' : 'who should attend'} voted for.`
  return { ok, rule: threshold.source, reason }
}

/** How a recorded meeting ended. */
export type MeetingOutcome =
  /** Quorum met and the motion carried. */
  | 'passed'
  /** Quorum met but the motion failed: back to consultation. */
  | 'rejected'
  /** No quorum: the step is held again. */
  | 'quorumFailed'
  /** Not notified far enough ahead (CW Art. 21, JJ Art. 27): the step is held again. */
  | 'noticeTooShort'
  /** A representative meeting not composed as CW Art. 25 requires: the step is held again. */
  | 'invalidComposition'

/** The evaluation of one meeting: its outcome, the deciding rule and every check made. */
export interface MeetingEvaluation {
  readonly body: MeetingBody
  readonly outcome: MeetingOutcome
  /** The rule that decided the outcome. */
  readonly rule: string
  readonly reason: string
  readonly checks: readonly RuleCheck[]
}

/**
 * Evaluates a meeting record against its body's rules, in order: notice, composition, quorum,
 * pass.
 *
 * @param body - the meeting body
 * @param m - the meeting record
 * @param p - the parameters
 * @returns the outcome with the deciding rule
 * @example
 * ```ts
 * evaluateMeeting('partyMembers', { shouldAttend: 40, attended: 30, votes: { for: 25, against: 3, abstain: 2 }, … }, params).outcome // 'passed'
 * ```
 */
export function evaluateMeeting(body: MeetingBody, m: MeetingRecord, p: DeliberationParameters): MeetingEvaluation {
  const checks: RuleCheck[] = []
  const done = (outcome: MeetingOutcome, c: RuleCheck): MeetingEvaluation => ({
    body,
    outcome,
    rule: c.rule,
    reason: c.reason,
    checks,
  })
  const notice = checkNotice(body, m, p)
  checks.push(notice)
  if (!notice.ok) return done('noticeTooShort', notice)
  if (body === 'representativeMeeting') {
    const composition = checkComposition(m, p)
    checks.push(composition)
    if (!composition.ok) return done('invalidComposition', composition)
  }
  const quorum = checkQuorum(body, m, p)
  checks.push(quorum)
  if (!quorum.ok) return done('quorumFailed', quorum)
  const passed = checkPassed(body, m, p)
  checks.push(passed)
  return done(passed.ok ? 'passed' : 'rejected', passed)
}

/** Who asked for the matter to be put to a meeting (CW Arts. 21, 26). */
export type Initiative =
  | { readonly by: 'partyOrganisation' }
  | { readonly by: 'villagers'; readonly requesters: number; readonly adults: number }
  | { readonly by: 'representatives'; readonly requesters: number; readonly representatives: number }

/**
 * Whether a request obliges the committee to convene the body (CW Art. 21: 1/10 of villagers or
 * 1/3 of representatives for a villagers' meeting; CW Art. 26: 1/5 of representatives for a
 * representative meeting).
 *
 * @param body - the body the matter goes to
 * @param initiative - who asked
 * @param p - the parameters
 * @returns `ok: true` when the meeting must be convened, with the rule; `ok: false` otherwise
 */
export function checkConvocationRequest(
  body: ResolutionBody,
  initiative: Initiative,
  p: DeliberationParameters,
): RuleCheck {
  if (initiative.by === 'villagers') {
    const t = p.villagersMeetingRequestByVillagers
    if (body !== 'villagersMeeting')
      return {
        ok: false,
        rule: t.source,
        reason: `a villagers' request obliges only a villagers' meeting, not the ${body}.`,
      }
    const ok = meets(initiative.requesters, initiative.adults, t)
    return {
      ok,
      rule: t.source,
      reason: `${ok ? 'must be convened' : 'not obliged'}: requested by ${fraction(initiative.requesters, initiative.adults, t)} villagers.`,
    }
  }
  if (initiative.by === 'representatives') {
    const t =
      body === 'villagersMeeting'
        ? p.villagersMeetingRequestByRepresentatives
        : body === 'representativeMeeting'
          ? p.representativeMeetingRequest
          : undefined
    if (t === undefined)
      return {
        ok: false,
        rule: p.representativeMeetingRequest.source,
        reason: `a representatives' request obliges only a villagers' or representative meeting, not the ${body}.`,
      }
    const ok = meets(initiative.requesters, initiative.representatives, t)
    return {
      ok,
      rule: t.source,
      reason: `${ok ? 'must be convened' : 'not obliged'}: requested by ${fraction(initiative.requesters, initiative.representatives, t)} representatives.`,
    }
  }
  return { ok: false, rule: 'none', reason: 'proposed by the party organisation: no statutory request.' }
}
