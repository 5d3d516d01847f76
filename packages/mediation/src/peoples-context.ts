/**
 * What a people's mediation case holds: its context (plain JSON), its output, and the small pure
 * functions the machine's actions use.
 *
 * @module
 */
import type { Json } from '@fengqiao/core'
import { COURT_MEDIATION, POLICE_MEDIATION } from './ids.js'
import type { Colour, MediationParameters } from './parameters.js'
import { higherLevel } from './rules.js'
import type { PeoplesEvent } from './peoples-events.js'
import type { HeartStepRecord } from './rules.js'
import type {
  AgreementContents,
  Attempt,
  AttemptKind,
  MediationOutput,
  Party,
  PeoplesInput,
  Route,
  origins,
  venues,
} from './schemas.js'

/** A mediator on the case (RT Art. 19: assigned by the committee or chosen by the parties). */
export type Mediator = { id: string; name: string; by: 'committee' | 'parties' }

/** Why the grade changed. */
export type GradeReason = 'overdue' | 'late' | 'ceiling' | 'upgrade' | 'referredUp' | 'criminalRisk' | 'lowered'

/** One change of colour or ladder level, kept in context (the engine's history has the when and who). */
export type GradeChange = {
  from: Colour
  to: Colour
  fromLevel: string
  toLevel: string
  reason: GradeReason
  note: string | null
}

/** The three-colour grade and ladder position of a case (docs/domain-rules.md#21-escalation-ladder – docs/domain-rules.md#22-colour-grading). */
export type GradeState = {
  colour: Colour
  /** The ladder level the case is owned at (mirrors the engine's org unit). */
  level: string
  /** The named responsible leader (yellow) or county case owner (red, 包案). */
  leader: string | null
  /** Whether a fix was verified since the last change: lowering needs it. */
  fixVerified: boolean
  changes: GradeChange[]
}

/** A mediation agreement (RT Arts. 28–30). */
export type Agreement = {
  form: 'written' | 'oral'
  terms: string
  /** Written: the RT Art. 29 contents. */
  contents: AgreementContents | null
  /** Oral: the mediator's record of it (RT Art. 28). */
  record: string | null
  /** Oral: the parties who agreed. */
  agreedBy: string[]
  signatures: Array<{ party: string; mark: 'signature' | 'seal' | 'fingerprint' }>
  mediatorSignature: string | null
  committeeSeal: boolean
  /** Written: once every party, the mediator and the committee's seal are on it (RT Art. 29). Oral: at once (RT Art. 30). */
  effective: boolean
}

/** Judicial confirmation of the agreement (RT Art. 33; MS Arts. 205–206; SJ11). */
export type Confirmation = {
  status: 'none' | 'applying' | 'accepting' | 'deciding' | 'confirmed' | 'rejected' | 'declined' | 'windowClosed'
  applications: Array<{ party: string; court: string; venue: (typeof venues)[number] }>
  caseNo: string | null
  extendedDays: number
  acceptOverdue: boolean
  decideOverdue: boolean
  ruling: string | null
  reason: string | null
}

/** The context of a people's mediation case. Plain JSON. */
export type PeoplesContext = {
  parties: Party[]
  disputeType: string
  facts: string
  request: string
  origin: (typeof origins)[number]
  /** Parties who agreed to mediation (RT Art. 17). */
  consents: string[]
  mediators: Mediator[]
  /** Each party's choice of mediator (RT Arts. 19, 23). */
  choices: Array<{ party: string; mediator: { id: string; name: string } }>
  recusals: Array<{ mediatorId: string; by: 'party' | 'committee'; reason: string }>
  /** Relatives, neighbours, experts… who joined with every party's consent (RT Art. 20). */
  helpers: Array<{ name: string; relation: string; consentedBy: string[] }>
  /** Public or private session (RT Art. 23): private as soon as any party asks for it. */
  session: { mode: 'public' | 'private'; requests: Array<{ party: string; mode: 'public' | 'private' }> }
  /** The five-heart checklist, in order: step, who, when, notes. */
  checklist: HeartStepRecord[]
  agreement: Agreement | null
  /** The one-month target (RT02 Art. 33) ran out. */
  targetOverdue: boolean
  criminalRisk: Array<{ by: string; note: string }>
  grade: GradeState
  /** Supervision of performance (RT Art. 31). */
  performance: Array<{ by: string; note: string }>
  confirmation: Confirmation
  /** Routes open to the parties, set when the case ends. */
  routes: Route[]
  attempts: Attempt[]
  transfer: {
    to: 'police' | 'court'
    reason: string
    childId: string | null
    state: string | null
    outcome: string | null
    agreed: boolean
    terms: string | null
  } | null
  ending: { by: 'party' | 'mediator' | 'committee' | 'court'; party: string | null; reason: string | null } | null
}

/** What people's mediation outputs when it ends: {@link MediationOutput} plus the agreement's form and confirmation. */
export type PeoplesOutput = MediationOutput & { form: 'written' | 'oral' | null; confirmed: boolean }

/** What the case outputs when it ends (a parent process receives it). */
export function outputOf(c: PeoplesContext): PeoplesOutput {
  const viaTransfer = c.transfer !== null && c.transfer.outcome !== null
  return {
    agreed: viaTransfer ? (c.transfer?.agreed ?? false) : (c.agreement?.effective ?? false),
    terms: viaTransfer ? (c.transfer?.terms ?? null) : (c.agreement?.terms ?? null),
    routes: [...c.routes],
    attempts: c.attempts.map((a) => ({ ...a })),
    form: viaTransfer ? null : (c.agreement?.form ?? null),
    confirmed: c.confirmation.status === 'confirmed',
  }
}

/** Records a change of colour or ladder level in the grade (a leader is named anew for a new colour). */
export function regrade(g: GradeState, to: Colour, level: string, reason: GradeReason, note: string | null): void {
  g.changes.push({ from: g.colour, to, fromLevel: g.level, toLevel: level, reason, note })
  if (to !== g.colour) g.leader = null
  g.colour = to
  g.level = level
  g.fixVerified = false
}

/** The reason or note an event carries, if any. */
export function noteOf(e: PeoplesEvent): string | null {
  if ('reason' in e && typeof e.reason === 'string') return e.reason
  if ('note' in e && typeof e.note === 'string') return e.note
  return null
}

/** RT Art. 23: the session is private as soon as any party asks for it (and until some party asks at all). */
export function sessionMode(requests: ReadonlyArray<{ mode: 'public' | 'private' }>): 'public' | 'private' {
  return requests.length === 0 || requests.some((r) => r.mode === 'private') ? 'private' : 'public'
}

/** The kind of mediation a linked process id stands for. */
export function kindOf(processId: string | undefined): AttemptKind {
  return processId === POLICE_MEDIATION ? 'police' : processId === COURT_MEDIATION ? 'court' : 'peoples'
}

/** The start input of a linked police or court mediation: parties, dispute and earlier attempts. */
export function childInput(c: PeoplesContext): Json {
  return {
    parties: c.parties.map((p) => ({ id: p.id, name: p.name })),
    disputeType: c.disputeType,
    facts: c.facts,
    attempts: c.attempts.map((a) => ({ ...a })),
    origin: 'peoples',
  }
}

/**
 * The context a new people's mediation starts with. A yellow or red case starts at least at its
 * colour's owner on the ladder (docs/domain-rules.md#22-colour-grading).
 *
 * @param i - the parsed start input
 * @param p - the parameters in force
 * @returns the initial context
 */
export function initialPeoplesContext(i: PeoplesInput, p: MediationParameters): PeoplesContext {
  const owners = p.colour.owners
  const colour = i.colour
  const level =
    colour === 'green' ? (i.level ?? owners.green) : higherLevel(i.level ?? owners[colour], owners[colour], p)
  return {
    parties: i.parties,
    disputeType: i.disputeType,
    facts: i.facts,
    request: i.request,
    origin: i.origin,
    consents: [...i.applicants],
    mediators: [],
    choices: [],
    recusals: [],
    helpers: [],
    session: { mode: 'private', requests: [] },
    checklist: [],
    agreement: null,
    targetOverdue: false,
    criminalRisk: [],
    grade: { colour, level, leader: null, fixVerified: false, changes: [] },
    performance: [],
    confirmation: {
      status: 'none',
      applications: [],
      caseNo: null,
      extendedDays: 0,
      acceptOverdue: false,
      decideOverdue: false,
      ruling: null,
      reason: null,
    },
    routes: [],
    attempts: i.attempts,
    transfer: null,
    ending: null,
  }
}
