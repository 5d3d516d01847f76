/**
 * Matter classes and the bodies that may resolve them (CW Arts. 16, 24, 26–28; JJ Arts. 26–28, 64).
 *
 * @module
 */
import type { DeliberationParameters } from './parameters.js'

/** The bodies that may resolve a matter at step 4 (决议). */
export const resolutionBodies = [
  'villagersMeeting',
  'representativeMeeting',
  'groupMeeting',
  'membersAssembly',
  'membersRepresentativeAssembly',
] as const

/**
 * A body that resolves at step 4: the villagers' meeting (村民会议, CW 21–22), the villagers'
 * representative meeting (村民代表会议, CW 25–26), a villagers' group meeting (村民小组会议, CW 28),
 * a collective economic organisation's members' assembly (成员大会, JJ 27) or its members'
 * representative assembly (成员代表大会, JJ 28).
 */
export type ResolutionBody = (typeof resolutionBodies)[number]

/** Every meeting the process records: the resolution bodies, the two-committee meeting (村“两委”会议) and the party members' meeting (党员大会). */
export type MeetingBody = ResolutionBody | 'twoCommittees' | 'partyMembers'

/** Every meeting body, in procedure order. */
export const meetingBodies: readonly MeetingBody[] = ['twoCommittees', 'partyMembers', ...resolutionBodies]

/** The matter classes a deliberation can be about. */
export const matterClasses = [
  // CW Art. 24: reserved to the villagers' meeting, which may delegate them.
  'workSubsidy',
  'collectiveIncome',
  'publicWelfare',
  'landContracting',
  'collectiveEconomicProject',
  'homesteadPlan',
  'requisitionCompensation',
  'propertyDisposal',
  'otherReserved',
  // CW Art. 27: village charter and rules.
  'villageRules',
  // CW Art. 16: removal is by direct vote.
  'removeCommitteeMember',
  // CW Art. 28: the group's own collective property and public affairs.
  'groupAffairs',
  // Other important village matters (not reserved by Art. 24).
  'otherVillageAffairs',
  // JJ Arts. 26–28: the collective economic organisation.
  'jjCharter',
  'jjMembership',
  'jjLandContractPlan',
  'jjHomesteadPlan',
  'jjSharePlan',
  'jjCompensationDistribution',
  'jjMergerDivision',
  'jjOtherMajor',
] as const

/** A matter class (see {@link matterInfo}). */
export type MatterClass = (typeof matterClasses)[number]

/** How a matter class is resolved. */
export type MatterKind =
  /** CW Art. 24: reserved to the villagers' meeting; delegable to the representative meeting. */
  | 'reserved'
  /** CW Art. 27: village charter and rules; delegation is a deployment choice. */
  | 'villageRules'
  /** CW Art. 16: by direct vote of the registered voters, never by a meeting. */
  | 'directVote'
  /** CW Art. 28: by the villagers' group meeting. */
  | 'group'
  /** Other important village matters: villagers' meeting or representative meeting. */
  | 'ordinary'
  /** JJ Art. 28: only the members' assembly. */
  | 'jjReserved'
  /** JJ Arts. 27–28: the members' assembly or the members' representative assembly. */
  | 'jjOrdinary'

/** What the law says about one matter class. */
export interface MatterInfo {
  /** CW: village self-government; JJ: the collective economic organisation (also binding a villagers' committee acting for it, JJ Art. 64). */
  readonly regime: 'CW' | 'JJ'
  readonly kind: MatterKind
  /** The article that allocates the matter. */
  readonly rule: string
}

/** The rule allocating each matter class. */
export const matterInfo: { readonly [K in MatterClass]: MatterInfo } = {
  workSubsidy: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  collectiveIncome: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  publicWelfare: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  landContracting: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  collectiveEconomicProject: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  homesteadPlan: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  requisitionCompensation: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  propertyDisposal: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  otherReserved: { regime: 'CW', kind: 'reserved', rule: 'CW Art. 24' },
  villageRules: { regime: 'CW', kind: 'villageRules', rule: 'CW Art. 27' },
  removeCommitteeMember: { regime: 'CW', kind: 'directVote', rule: 'CW Art. 16' },
  groupAffairs: { regime: 'CW', kind: 'group', rule: 'CW Art. 28' },
  otherVillageAffairs: { regime: 'CW', kind: 'ordinary', rule: 'CW Art. 26' },
  jjCharter: { regime: 'JJ', kind: 'jjReserved', rule: 'JJ Art. 28' },
  jjMembership: { regime: 'JJ', kind: 'jjReserved', rule: 'JJ Art. 28' },
  jjLandContractPlan: { regime: 'JJ', kind: 'jjReserved', rule: 'JJ Art. 28' },
  jjHomesteadPlan: { regime: 'JJ', kind: 'jjReserved', rule: 'JJ Art. 28' },
  jjSharePlan: { regime: 'JJ', kind: 'jjReserved', rule: 'JJ Art. 28' },
  jjCompensationDistribution: { regime: 'JJ', kind: 'jjReserved', rule: 'JJ Art. 28' },
  jjMergerDivision: { regime: 'JJ', kind: 'jjReserved', rule: 'JJ Art. 28' },
  jjOtherMajor: { regime: 'JJ', kind: 'jjOrdinary', rule: 'JJ Art. 27' },
}

/** The bodies that may resolve a matter, and the rule that says so. */
export interface BodyRequirement {
  /** Allowed bodies; empty when no meeting may decide the matter. */
  readonly bodies: readonly ResolutionBody[]
  readonly rule: string
  readonly reason: string
}

/**
 * The result of a rule check: `ok`, and always the rule applied and a reason in words.
 */
export type RuleCheck =
  | { readonly ok: true; readonly rule: string; readonly reason: string }
  | { readonly ok: false; readonly rule: string; readonly reason: string }

/**
 * Which bodies may resolve a matter class under the parameters (delegation choices).
 *
 * @param matter - the matter class
 * @param params - the deployment's parameters
 * @returns the allowed bodies with the governing rule
 * @example
 * ```ts
 * requiredBody('villageRules', defaultDeliberationParameters).bodies // ['villagersMeeting']
 * ```
 */
export function requiredBody(
  matter: MatterClass,
  params: Pick<DeliberationParameters, 'delegateReservedMatters' | 'villageRulesDelegable'>,
): BodyRequirement {
  const info = matterInfo[matter]
  switch (info.kind) {
    case 'reserved':
      return params.delegateReservedMatters
        ? {
            bodies: ['villagersMeeting', 'representativeMeeting'],
            rule: info.rule,
            reason: "reserved to the villagers' meeting, which has authorised the representative meeting to decide it",
          }
        : {
            bodies: ['villagersMeeting'],
            rule: info.rule,
            reason:
              "reserved to the villagers' meeting, which has not delegated it to the representative meeting (parameter delegateReservedMatters)",
          }
    case 'villageRules':
      return params.villageRulesDelegable
        ? {
            bodies: ['villagersMeeting', 'representativeMeeting'],
            rule: info.rule,
            reason:
              'the village charter and rules; this deployment allows the representative meeting to adopt them (parameter villageRulesDelegable)',
          }
        : {
            bodies: ['villagersMeeting'],
            rule: info.rule,
            reason:
              "the village charter and rules are adopted by the villagers' meeting and filed with the township; delegating them to the representative meeting is not allowed (parameter villageRulesDelegable, default false)",
          }
    case 'directVote':
      return {
        bodies: [],
        rule: info.rule,
        reason:
          "removing a villagers' committee member is decided by direct vote of the registered voters, not by any meeting",
      }
    case 'group':
      return {
        bodies: ['groupMeeting'],
        rule: info.rule,
        reason:
          "the management of a villagers' group's own collective land, enterprises and property, and its public affairs, are decided by the group meeting",
      }
    case 'ordinary':
      return {
        bodies: ['villagersMeeting', 'representativeMeeting'],
        rule: info.rule,
        reason: "an important village matter for the villagers' meeting or the representative meeting",
      }
    case 'jjReserved':
      return {
        bodies: ['membersAssembly'],
        rule: info.rule,
        reason:
          "a members' representative assembly cannot decide the charter, membership, land-contract, homestead or share plans, compensation distribution, or merger and division: only the members' assembly can (a villagers' committee acting for the collective convenes it under the same rules, JJ Art. 64)",
      }
    case 'jjOrdinary':
      return {
        bodies: ['membersAssembly', 'membersRepresentativeAssembly'],
        rule: info.rule,
        reason:
          "a collective-asset matter for the members' assembly or, where it has one, the members' representative assembly",
      }
  }
}

/**
 * Whether a body may resolve a matter class; a refusal names the rule and says why.
 *
 * @param matter - the matter class
 * @param body - the body the matter is sent to
 * @param params - the deployment's parameters
 * @returns `{ ok: true }` or `{ ok: false, rule: 'CW Art. 27', reason }`
 * @example
 * ```ts
 * checkBodyFor('villageRules', 'representativeMeeting', defaultDeliberationParameters)
 * // { ok: false, rule: 'CW Art. 27', reason: 'the village charter and rules are adopted by …' }
 * ```
 */
export function checkBodyFor(
  matter: MatterClass,
  body: ResolutionBody,
  params: Pick<DeliberationParameters, 'delegateReservedMatters' | 'villageRulesDelegable'>,
): RuleCheck {
  const req = requiredBody(matter, params)
  if (req.bodies.includes(body)) return { ok: true, rule: req.rule, reason: `${matter}: ${req.reason}.` }
  const allowed = req.bodies.length === 0 ? 'no meeting' : req.bodies.join(' or ')
  return {
    ok: false,
    rule: req.rule,
    reason: `${matter} cannot be resolved by the ${body}: ${req.reason} (allowed: ${allowed}).`,
  }
}

/**
 * Type guard for a matter class.
 *
 * @param v - anything
 * @returns whether `v` is a {@link MatterClass}
 */
export function isMatterClass(v: unknown): v is MatterClass {
  return typeof v === 'string' && (matterClasses as readonly string[]).includes(v)
}

/**
 * Type guard for a resolution body.
 *
 * @param v - anything
 * @returns whether `v` is a {@link ResolutionBody}
 */
export function isResolutionBody(v: unknown): v is ResolutionBody {
  return typeof v === 'string' && (resolutionBodies as readonly string[]).includes(v)
}
