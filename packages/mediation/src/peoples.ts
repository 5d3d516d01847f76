/**
 * People's mediation (人民调解, RT) with five-heart mediation (五心调解) inside it, three-colour
 * grading and the escalation ladder (SPEC §2.1–§2.2) running beside it, judicial confirmation
 * (RT Art. 33, MS Arts. 205–206, SJ11) as a sub-flow of the agreement, and transfers to police or
 * court mediation as linked cases (三调联动). Process id `'mediation'`.
 *
 * @module
 */
import { mediationPersonal } from './personal.js'
import { defineProcess, startProcess, update, extendDeadline, type EventsOf, type Json } from '@fengqiao/core'
import { setup } from 'xstate'
import { z } from 'zod'
import { COURT_MEDIATION, PEOPLES_MEDIATION, POLICE_MEDIATION } from './ids.js'
import { peoplesEventLabels as E, peoplesStateLabels as S } from './labels.js'
import { resolveParameters, type Colour, type MediationParameterOverrides, type MediationParameters } from './parameters.js'
import { roles as R } from './roles.js'
import {
  agreementRefusal,
  confirmationApplicationRefusal,
  confirmationRefusal,
  coversAllParties,
  heartStepRefusal,
  higherLevel,
  isParty,
  lowerColourRefusal,
  missingHeartSteps,
  policeMediationRefusal,
  type HeartStepRecord,
} from './rules.js'
import {
  agreementContentsSchema,
  linkedOutcomeSchema,
  peoplesInputSchema,
  readLinkedOutput,
  routesAfterFailure,
  venues,
  type AgreementContents,
  type Attempt,
  type AttemptKind,
  type MediationOutput,
  type Party,
  type Route,
  type origins,
} from './schemas.js'

const HOUR_MS = 3_600_000

const id = z.string().min(1)
const text = z.string().min(1)
const none = z.object({})
const mediatorRef = z.object({ id, name: text })

/**
 * The event policies of people's mediation: payload schema, roles and org-unit scope of every
 * event. Parties, the police and the court act from outside the org-unit tree (scope `'any'`);
 * events the engine sends itself have the role `'system'`.
 */
export const peoplesEvents = {
  CONSENT: { schema: z.object({ party: id }), roles: [R.party], scope: 'any', label: E.CONSENT },
  REFUSE: { schema: z.object({ party: id, reason: z.string().optional() }), roles: [R.party], scope: 'any', label: E.REFUSE },
  ACCEPT: { schema: z.object({ note: z.string().optional() }), roles: [R.committee], label: E.ACCEPT },
  DECLINE: { schema: z.object({ reason: z.enum(['inLitigation', 'inArbitration', 'administrativeMatter', 'notSuitable']), note: z.string().optional() }), roles: [R.committee], label: E.DECLINE },
  ASSIGN_MEDIATOR: { schema: z.object({ mediators: z.array(mediatorRef).min(1) }), roles: [R.committee], label: E.ASSIGN_MEDIATOR },
  CHOOSE_MEDIATOR: { schema: z.object({ party: id, mediator: mediatorRef }), roles: [R.party], scope: 'any', label: E.CHOOSE_MEDIATOR },
  REQUEST_RECUSAL: { schema: z.object({ party: id, mediatorId: id, reason: text }), roles: [R.party], scope: 'any', label: E.REQUEST_RECUSAL },
  REMOVE_MEDIATOR: { schema: z.object({ mediatorId: id, ground: z.enum(['bias', 'insult', 'bribery', 'leak', 'conflictOfInterest']), note: z.string().optional() }), roles: [R.committee], label: E.REMOVE_MEDIATOR },
  ADD_HELPER: {
    schema: z.object({ helper: z.object({ name: text, relation: z.enum(['relative', 'neighbour', 'colleague', 'expert', 'organisation']) }), consentedBy: z.array(id).min(1) }),
    roles: [R.mediator],
    label: E.ADD_HELPER,
  },
  SET_SESSION: { schema: z.object({ party: id, mode: z.enum(['public', 'private']) }), roles: [R.party], scope: 'any', label: E.SET_SESSION },
  HEART_STEP: { schema: z.object({ step: text, by: text, at: z.iso.datetime({ offset: true }), notes: text }), roles: [R.mediator], label: E.HEART_STEP },
  FLAG_CRIMINAL_RISK: { schema: z.object({ by: text, note: text }), roles: [R.mediator, R.committee], label: E.FLAG_CRIMINAL_RISK },
  UPGRADE_COLOUR: { schema: z.object({ to: z.enum(['yellow', 'red']), reason: text }), roles: [R.committee, R.township, R.county], label: E.UPGRADE_COLOUR },
  REFER_UP: { schema: z.object({ reason: text }), roles: [R.gridMember, R.committee, R.township, R.county], label: E.REFER_UP },
  VERIFY_FIX: { schema: z.object({ by: text, note: text }), roles: [R.gridMember, R.township, R.county], label: E.VERIFY_FIX },
  LOWER_COLOUR: { schema: z.object({ reason: text }), roles: [R.township, R.county], label: E.LOWER_COLOUR },
  ASSIGN_LEADER: { schema: z.object({ leader: text }), roles: [R.township, R.county], label: E.ASSIGN_LEADER },
  DRAFT_AGREEMENT: { schema: z.object({ contents: agreementContentsSchema }), roles: [R.mediator], label: E.DRAFT_AGREEMENT },
  SIGN_AGREEMENT: { schema: z.object({ party: id, mark: z.enum(['signature', 'seal', 'fingerprint']) }), roles: [R.party], scope: 'any', label: E.SIGN_AGREEMENT },
  MEDIATOR_SIGN: { schema: z.object({ mediatorId: id }), roles: [R.mediator], label: E.MEDIATOR_SIGN },
  COMMITTEE_SEAL: { schema: none, roles: [R.committee], label: E.COMMITTEE_SEAL },
  REVISE_AGREEMENT: { schema: z.object({ reason: text }), roles: [R.mediator], label: E.REVISE_AGREEMENT },
  RECORD_ORAL_AGREEMENT: { schema: z.object({ terms: text, record: text, agreedBy: z.array(id).min(1) }), roles: [R.mediator], label: E.RECORD_ORAL_AGREEMENT },
  END_MEDIATION: { schema: z.object({ reason: text }), roles: [R.mediator], label: E.END_MEDIATION },
  TRANSFER: { schema: z.object({ to: z.enum(['police', 'court']), reason: text }), roles: [R.mediator, R.committee], label: E.TRANSFER },
  TRANSFER_OUTCOME: { schema: linkedOutcomeSchema, roles: [R.system], label: E.TRANSFER_OUTCOME },
  MEDIATION_OVERDUE: { schema: none, roles: [R.system], label: E.MEDIATION_OVERDUE },
  GRADE_OVERDUE: { schema: none, roles: [R.system], label: E.GRADE_OVERDUE },
  GRADE_LATE: { schema: none, roles: [R.system], label: E.GRADE_LATE },
  GRADE_CEILING: { schema: none, roles: [R.system], label: E.GRADE_CEILING },
  GRADE_ROUTED: { schema: none, roles: [R.system], label: E.GRADE_ROUTED },
  RECORD_PERFORMANCE: { schema: z.object({ by: text, note: text }), roles: [R.mediator, R.committee], label: E.RECORD_PERFORMANCE },
  PERFORMED: { schema: z.object({ note: text }), roles: [R.mediator, R.committee], label: E.PERFORMED },
  PERFORMANCE_DISPUTE: { schema: z.object({ party: id, note: text }), roles: [R.party], scope: 'any', label: E.PERFORMANCE_DISPUTE },
  APPLY_CONFIRMATION: { schema: z.object({ party: id, court: text, venue: z.enum(venues) }), roles: [R.party], scope: 'any', label: E.APPLY_CONFIRMATION },
  CONFIRMATION_WINDOW_CLOSED: { schema: none, roles: [R.system], label: E.CONFIRMATION_WINDOW_CLOSED },
  COURT_ACCEPT: { schema: z.object({ caseNo: text }), roles: [R.court], scope: 'any', label: E.COURT_ACCEPT },
  COURT_DECLINE: { schema: z.object({ reason: text }), roles: [R.court], scope: 'any', label: E.COURT_DECLINE },
  COURT_ACCEPT_OVERDUE: { schema: none, roles: [R.system], label: E.COURT_ACCEPT_OVERDUE },
  COURT_EXTEND: { schema: z.object({ days: z.number().int().positive(), reason: text }), roles: [R.courtPresident], scope: 'any', label: E.COURT_EXTEND },
  COURT_CONFIRM: { schema: z.object({ ruling: text }), roles: [R.court], scope: 'any', label: E.COURT_CONFIRM },
  COURT_REJECT: { schema: z.object({ reason: text }), roles: [R.court], scope: 'any', label: E.COURT_REJECT },
  COURT_DECIDE_OVERDUE: { schema: none, roles: [R.system], label: E.COURT_DECIDE_OVERDUE },
  MEDIATE_ANEW: { schema: z.object({ agreedBy: z.array(id).min(1) }), roles: [R.mediator, R.committee], label: E.MEDIATE_ANEW },
  SUE: { schema: z.object({ party: id }), roles: [R.party], scope: 'any', label: E.SUE },
  APPLY_ENFORCEMENT: { schema: z.object({ party: id, note: text }), roles: [R.party], scope: 'any', label: E.APPLY_ENFORCEMENT },
} as const

/** The events of people's mediation, flat (`{ type, ...payload }`). */
export type PeoplesEvent = EventsOf<typeof peoplesEvents>

/** A mediator on the case (RT Art. 19: assigned by the committee or chosen by the parties). */
export type Mediator = { id: string; name: string; by: 'committee' | 'parties' }

/** Why the grade changed. */
export type GradeReason = 'overdue' | 'late' | 'ceiling' | 'upgrade' | 'referredUp' | 'criminalRisk' | 'lowered'

/** One change of colour or ladder level, kept in context (the engine's history has the when and who). */
export type GradeChange = { from: Colour; to: Colour; fromLevel: string; toLevel: string; reason: GradeReason; note: string | null }

/** The three-colour grade and ladder position of a case (SPEC §2.1–§2.2). */
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
  transfer: { to: 'police' | 'court'; reason: string; childId: string | null; state: string | null; outcome: string | null; agreed: boolean; terms: string | null } | null
  ending: { by: 'party' | 'mediator' | 'committee' | 'court'; party: string | null; reason: string | null } | null
}

/** What people's mediation outputs when it ends: {@link MediationOutput} plus the agreement's form and confirmation. */
export type PeoplesOutput = MediationOutput & { form: 'written' | 'oral' | null; confirmed: boolean }

function outputOf(c: PeoplesContext): PeoplesOutput {
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

function regrade(g: GradeState, to: Colour, level: string, reason: GradeReason, note: string | null): void {
  g.changes.push({ from: g.colour, to, fromLevel: g.level, toLevel: level, reason, note })
  if (to !== g.colour) g.leader = null
  g.colour = to
  g.level = level
  g.fixVerified = false
}

function noteOf(e: PeoplesEvent): string | null {
  if ('reason' in e && typeof e.reason === 'string') return e.reason
  if ('note' in e && typeof e.note === 'string') return e.note
  return null
}

function sessionMode(requests: ReadonlyArray<{ mode: 'public' | 'private' }>): 'public' | 'private' {
  return requests.length === 0 || requests.some((r) => r.mode === 'private') ? 'private' : 'public'
}

function kindOf(processId: string | undefined): AttemptKind {
  return processId === POLICE_MEDIATION ? 'police' : processId === COURT_MEDIATION ? 'court' : 'peoples'
}

function childInput(c: PeoplesContext): Json {
  return {
    parties: c.parties.map((p) => ({ id: p.id, name: p.name })),
    disputeType: c.disputeType,
    facts: c.facts,
    attempts: c.attempts.map((a) => ({ ...a })),
    origin: 'peoples',
  }
}

/**
 * Splits a people's mediation state key into the procedure's stage and the grade. While the case is
 * open the machine runs two parallel regions (`procedure` and `grade`), so its state key reads
 * `'open.grade.green.owned|open.procedure.handling.mediating'`; afterwards it is a single path
 * such as `'agreed.confirming.deciding'` or `'performed'`.
 *
 * @param stateKey - `InstanceView.stateKey` of a people's mediation case
 * @returns the stage (`'handling.mediating'`, `'agreed.supervising'`, `'performed'`, …) and the
 *   grade state (`'green.owned'`, `'red.routing'`, …; `null` once the dispute has left `open`)
 */
export function peoplesStage(stateKey: string): { stage: string; grade: string | null } {
  const parts = stateKey.split('|')
  const proc = parts.find((s) => s.startsWith('open.procedure.'))
  const grade = parts.find((s) => s.startsWith('open.grade.'))
  return { stage: proc === undefined ? stateKey : proc.slice('open.procedure.'.length), grade: grade === undefined ? null : grade.slice('open.grade.'.length) }
}

/**
 * Builds the people's mediation process from parameters.
 *
 * @param overrides - parameter overrides (see {@link MediationParameters})
 * @returns the process definition, id `'mediation'`
 * @throws {FengqiaoError} INVALID_OPTIONS for invalid parameters
 * @example
 * ```ts
 * const engine = createEngine({ processes: [peoplesMediationProcess({ rt: { mediationTargetDays: 20 } })] })
 * ```
 */
export function peoplesMediationProcess(overrides: MediationParameterOverrides = {}) {
  const p: MediationParameters = resolveParameters(overrides)
  const input = peoplesInputSchema(p)
  const owners = p.colour.owners
  const auto = p.colour.autoUpgradeOnOverdue
  // Meta of a colour's own target: overdue moves the case up to `to`, and (by default) one colour up.
  const gradeClock = (daysOf: number, name: string, to: string) => ({
    deadline: { days: daysOf, name, ...(auto ? {} : { onExpire: 'GRADE_LATE' }) },
    escalate: { to, when: 'overdue' as const, ...(auto ? { event: 'GRADE_OVERDUE' } : {}) },
  })
  // An upgrade moves the case to the new colour's owner at once: an immediate deadline whose
  // expiry escalates (the engine has no action that moves a case; see the package README).
  // A zero-hour 'window' deadline: moves the case up the ladder at once, audited, without counting as late.
  const routing = (name: string, to: string) => ({ deadline: { hours: 0, name, kind: 'window' as const }, escalate: { to, when: 'overdue' as const, event: 'GRADE_ROUTED' } })

  // A change of grade, recorded in context: to a colour (null: keep it) and at least up to a level
  // (null: stay), with the event's reason or note.
  const regradeTo = (colour: Colour | null, level: string | null, reason: GradeReason) =>
    update<PeoplesContext, PeoplesEvent, undefined, PeoplesEvent, never>(({ draft, event }) => {
      regrade(draft.grade, colour ?? draft.grade.colour, level === null ? draft.grade.level : higherLevel(draft.grade.level, level, p), reason, noteOf(event))
    })
  const bulletin = { type: 'gradeBulletin', params: ({ context }: { context: PeoplesContext }) => context.grade.changes.at(-1) ?? null } as const

  const machine = setup({
    types: {
      context: {} as PeoplesContext,
      events: {} as PeoplesEvent,
      input: {} as z.output<typeof input>,
      output: {} as PeoplesOutput,
    },
    actions: {
      /** RT Art. 25: report a dispute that may turn into a public-security or criminal case to the police. */
      reportToPolice: (_, _params: { parties: Party[]; disputeType: string; facts: string; by: string; note: string }) => {},
      /** RT Art. 26: tell the parties which other routes are open. */
      notifyRoutes: (_, _params: { routes: Route[]; reason: string }) => {},
      /** SPEC §2.2 / scenario 3: a bulletin on every change of colour or level. */
      gradeBulletin: (_, _params: GradeChange | null) => {},
      /** SPEC §2.2: red cases report daily to the county case owner. */
      redDailyReport: (_, _params: { level: string; leader: string | null }) => {},
    },
    guards: {
      allConsented: ({ context }) => coversAllParties(context.consents, context.parties),
      chosenByAll: ({ context }) => {
        const first = context.choices[0]?.mediator.id
        return first !== undefined && context.parties.every((x) => context.choices.some((c) => c.party === x.id && c.mediator.id === first))
      },
      requiredStepsDone: ({ context }) => missingHeartSteps(context.checklist, p).length === 0,
      fullySigned: ({ context }) => {
        const a = context.agreement
        return a !== null && a.form === 'written' && a.mediatorSignature !== null && a.committeeSeal && context.parties.every((x) => a.signatures.some((s) => s.party === x.id))
      },
      jointApplication: ({ context }) => context.parties.every((x) => context.confirmation.applications.some((a) => a.party === x.id)),
      fixVerified: ({ context }) => lowerColourRefusal(context.grade.colour, context.grade.fixVerified) === null,
    },
  }).createMachine({
    id: 'mediation',
    initial: 'open',
    context: ({ input: i }) => {
      const colour = i.colour
      const level = colour === 'green' ? (i.level ?? owners.green) : higherLevel(i.level ?? owners[colour], owners[colour], p)
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
        confirmation: { status: 'none', applications: [], caseNo: null, extendedDays: 0, acceptOverdue: false, decideOverdue: false, ruling: null, reason: null },
        routes: [],
        attempts: i.attempts,
        transfer: null,
        ending: null,
      }
    },
    output: ({ context }) => outputOf(context),
    states: {
      open: {
        type: 'parallel',
        meta: { label: S.open },
        states: {
          procedure: {
            meta: { label: S.procedure },
            initial: 'entry',
            states: {
              entry: {
                meta: { label: S.entry },
                always: [{ guard: ({ context }) => context.origin === 'party', target: 'applied' }, { target: 'initiated' }],
              },
              applied: {
                meta: { label: S.applied, task: { role: R.committee, title: S.applied } },
                on: {
                  CONSENT: { guard: ({ context, event }) => isParty(context.parties, event.party) && !context.consents.includes(event.party), actions: update(({ draft, event }) => { draft.consents.push(event.party) }) },
                  ACCEPT: { guard: 'allConsented', target: 'handling' },
                  DECLINE: { target: '#mediation.declined', actions: update(({ draft, event }) => { draft.ending = { by: 'committee', party: null, reason: event.reason } }) },
                  REFUSE: { guard: ({ context, event }) => isParty(context.parties, event.party), target: '#mediation.refused', actions: update(({ draft, event }) => { draft.ending = { by: 'party', party: event.party, reason: event.reason ?? null } }) },
                },
              },
              initiated: {
                meta: { label: S.initiated, task: { role: R.committee, title: S.initiated } },
                on: {
                  CONSENT: { guard: ({ context, event }) => isParty(context.parties, event.party) && !context.consents.includes(event.party), actions: update(({ draft, event }) => { draft.consents.push(event.party) }) },
                  ACCEPT: { guard: 'allConsented', target: 'handling' },
                  DECLINE: { target: '#mediation.declined', actions: update(({ draft, event }) => { draft.ending = { by: 'committee', party: null, reason: event.reason } }) },
                  REFUSE: { guard: ({ context, event }) => isParty(context.parties, event.party), target: '#mediation.refused', actions: update(({ draft, event }) => { draft.ending = { by: 'party', party: event.party, reason: event.reason ?? null } }) },
                },
              },
              handling: {
                meta: {
                  label: S.handling,
                  task: { role: R.mediator, title: S.handling, assignee: ({ context }: { context: PeoplesContext }) => context.mediators[0]?.id ?? null },
                  deadline: { days: p.rt.mediationTargetDays, name: 'mediationTarget', warnAt: p.rt.mediationTargetWarnAt, onExpire: 'MEDIATION_OVERDUE' },
                },
                initial: 'assigning',
                states: {
                  assigning: {
                    meta: { label: S.assigning, task: { role: R.committee, title: S.assigning } },
                    always: {
                      guard: 'chosenByAll',
                      target: 'mediating',
                      actions: update(({ draft }) => {
                        const m = draft.choices[0]?.mediator
                        if (m !== undefined) draft.mediators = [{ id: m.id, name: m.name, by: 'parties' }]
                      }),
                    },
                    on: {
                      ASSIGN_MEDIATOR: {
                        guard: ({ context, event }) => !event.mediators.some((m) => context.recusals.some((r) => r.mediatorId === m.id)),
                        target: 'mediating',
                        actions: update(({ draft, event }) => { draft.mediators = event.mediators.map((m) => ({ id: m.id, name: m.name, by: 'committee' as const })) }),
                      },
                      CHOOSE_MEDIATOR: {
                        guard: ({ context, event }) => isParty(context.parties, event.party) && !context.recusals.some((r) => r.mediatorId === event.mediator.id),
                        actions: update(({ draft, event }) => {
                          draft.choices = draft.choices.filter((c) => c.party !== event.party)
                          draft.choices.push({ party: event.party, mediator: { id: event.mediator.id, name: event.mediator.name } })
                        }),
                      },
                    },
                  },
                  mediating: {
                    meta: { label: S.mediating },
                    on: {
                      // The committee may re-assign, e.g. when the case has moved up the ladder.
                      ASSIGN_MEDIATOR: {
                        guard: ({ context, event }) => !event.mediators.some((m) => context.recusals.some((r) => r.mediatorId === m.id)),
                        actions: update(({ draft, event }) => { draft.mediators = event.mediators.map((m) => ({ id: m.id, name: m.name, by: 'committee' as const })) }),
                      },
                      HEART_STEP: {
                        guard: ({ context, event }) => heartStepRefusal(context.checklist, event.step, event.at, p) === null,
                        actions: update(({ draft, event }) => { draft.checklist.push({ step: event.step, by: event.by, at: event.at, notes: event.notes }) }),
                      },
                      ADD_HELPER: {
                        guard: ({ context, event }) => coversAllParties(event.consentedBy, context.parties),
                        actions: update(({ draft, event }) => { draft.helpers.push({ name: event.helper.name, relation: event.helper.relation, consentedBy: [...event.consentedBy] }) }),
                      },
                      REQUEST_RECUSAL: [
                        {
                          guard: ({ context, event }) => isParty(context.parties, event.party) && context.mediators.length === 1 && context.mediators[0]?.id === event.mediatorId,
                          target: 'assigning',
                          actions: update(({ draft, event }) => {
                            draft.recusals.push({ mediatorId: event.mediatorId, by: 'party', reason: event.reason })
                            draft.mediators = []
                            draft.choices = []
                          }),
                        },
                        {
                          guard: ({ context, event }) => isParty(context.parties, event.party) && context.mediators.some((m) => m.id === event.mediatorId),
                          actions: update(({ draft, event }) => {
                            draft.recusals.push({ mediatorId: event.mediatorId, by: 'party', reason: event.reason })
                            draft.mediators = draft.mediators.filter((m) => m.id !== event.mediatorId)
                          }),
                        },
                      ],
                      REMOVE_MEDIATOR: [
                        {
                          guard: ({ context, event }) => context.mediators.length === 1 && context.mediators[0]?.id === event.mediatorId,
                          target: 'assigning',
                          actions: update(({ draft, event }) => {
                            draft.recusals.push({ mediatorId: event.mediatorId, by: 'committee', reason: event.ground })
                            draft.mediators = []
                            draft.choices = []
                          }),
                        },
                        {
                          guard: ({ context, event }) => context.mediators.some((m) => m.id === event.mediatorId),
                          actions: update(({ draft, event }) => {
                            draft.recusals.push({ mediatorId: event.mediatorId, by: 'committee', reason: event.ground })
                            draft.mediators = draft.mediators.filter((m) => m.id !== event.mediatorId)
                          }),
                        },
                      ],
                      DRAFT_AGREEMENT: {
                        guard: ({ context, event }) => missingHeartSteps(context.checklist, p).length === 0 && agreementRefusal(event.contents, context.parties) === null,
                        target: 'signing',
                        actions: update(({ draft, event }) => {
                          draft.agreement = {
                            form: 'written',
                            terms: event.contents.terms,
                            contents: event.contents,
                            record: null,
                            agreedBy: [],
                            signatures: [],
                            mediatorSignature: null,
                            committeeSeal: false,
                            effective: false,
                          }
                        }),
                      },
                      RECORD_ORAL_AGREEMENT: {
                        // XF Art. 33: a dispute handed over from a petition is settled by a written agreement.
                        guard: ({ context, event }) => context.origin !== 'petition' && missingHeartSteps(context.checklist, p).length === 0 && coversAllParties(event.agreedBy, context.parties),
                        target: '#mediation.agreed',
                        actions: update(({ draft, event }) => {
                          draft.agreement = {
                            form: 'oral',
                            terms: event.terms,
                            contents: null,
                            record: event.record,
                            agreedBy: [...event.agreedBy],
                            signatures: [],
                            mediatorSignature: null,
                            committeeSeal: false,
                            effective: true,
                          }
                        }),
                      },
                    },
                  },
                  signing: {
                    meta: { label: S.signing },
                    always: { guard: 'fullySigned', target: '#mediation.agreed', actions: update(({ draft }) => { if (draft.agreement !== null) draft.agreement.effective = true }) },
                    on: {
                      SIGN_AGREEMENT: {
                        guard: ({ context, event }) => isParty(context.parties, event.party) && !(context.agreement?.signatures.some((s) => s.party === event.party) ?? true),
                        actions: update(({ draft, event }) => { draft.agreement?.signatures.push({ party: event.party, mark: event.mark }) }),
                      },
                      MEDIATOR_SIGN: {
                        guard: ({ context, event }) => context.mediators.some((m) => m.id === event.mediatorId) && context.agreement?.mediatorSignature === null,
                        actions: update(({ draft, event }) => { if (draft.agreement !== null) draft.agreement.mediatorSignature = event.mediatorId }),
                      },
                      COMMITTEE_SEAL: { guard: ({ context }) => context.agreement?.committeeSeal === false, actions: update(({ draft }) => { if (draft.agreement !== null) draft.agreement.committeeSeal = true }) },
                      REVISE_AGREEMENT: { target: 'mediating', actions: update(({ draft }) => { draft.agreement = null }) },
                    },
                  },
                },
                on: {
                  SET_SESSION: {
                    guard: ({ context, event }) => isParty(context.parties, event.party),
                    actions: update(({ draft, event }) => {
                      draft.session.requests = draft.session.requests.filter((r) => r.party !== event.party)
                      draft.session.requests.push({ party: event.party, mode: event.mode })
                      draft.session.mode = sessionMode(draft.session.requests)
                    }),
                  },
                  MEDIATION_OVERDUE: { actions: update(({ draft }) => { draft.targetOverdue = true }) },
                  REFUSE: { guard: ({ context, event }) => isParty(context.parties, event.party), target: '#mediation.terminated', actions: update(({ draft, event }) => { draft.ending = { by: 'party', party: event.party, reason: event.reason ?? null } }) },
                  END_MEDIATION: { target: '#mediation.terminated', actions: update(({ draft, event }) => { draft.ending = { by: 'mediator', party: null, reason: event.reason } }) },
                  TRANSFER: [
                    {
                      guard: ({ context, event }) => event.to === 'police' && policeMediationRefusal(context.disputeType, p) === null,
                      target: '#mediation.transferred',
                      actions: [
                        update(({ draft, event }) => {
                          draft.attempts.push({ kind: 'peoples', caseId: null, result: 'transferred', outcome: null, note: event.reason })
                          draft.transfer = { to: 'police', reason: event.reason, childId: null, state: null, outcome: null, agreed: false, terms: null }
                        }),
                        startProcess(POLICE_MEDIATION, { input: ({ context }) => childInput(context), onDone: 'TRANSFER_OUTCOME' }),
                      ],
                    },
                    {
                      guard: ({ event }) => event.to === 'court',
                      target: '#mediation.transferred',
                      actions: [
                        update(({ draft, event }) => {
                          draft.attempts.push({ kind: 'peoples', caseId: null, result: 'transferred', outcome: null, note: event.reason })
                          draft.transfer = { to: 'court', reason: event.reason, childId: null, state: null, outcome: null, agreed: false, terms: null }
                        }),
                        startProcess(COURT_MEDIATION, { input: ({ context }) => ({ ...(childInput(context) as Record<string, Json>), claim: context.request }), onDone: 'TRANSFER_OUTCOME' }),
                      ],
                    },
                  ],
                },
              },
            },
            on: {
              FLAG_CRIMINAL_RISK: {
                actions: [
                  update(({ draft, event }) => { draft.criminalRisk.push({ by: event.by, note: event.note }) }),
                  { type: 'reportToPolice', params: ({ context, event }) => ({ parties: context.parties, disputeType: context.disputeType, facts: context.facts, by: event.by, note: event.note }) },
                ],
              },
            },
          },
          grade: {
            meta: { label: S.grade },
            initial: 'entry',
            states: {
              entry: {
                meta: { label: S.gradeEntry },
                always: [
                  { guard: ({ context }) => context.grade.colour === 'red', target: 'red.owned' },
                  { guard: ({ context }) => context.grade.colour === 'yellow', target: 'yellow.owned' },
                  { guard: ({ context }) => context.grade.level === p.colour.ladder[0], target: 'micro' },
                  { target: 'green.owned' },
                ],
              },
              micro: {
                meta: { label: S.micro, ...gradeClock(p.colour.greenDays, 'gradeMicro', owners.green) },
                on: {
                  // The village owns green: a micro matter overrunning the grid goes there and stays green.
                  GRADE_OVERDUE: { target: 'green.owned', actions: [regradeTo('green', owners.green, 'overdue'), bulletin] },
                  GRADE_LATE: { actions: [regradeTo(null, owners.green, 'late'), bulletin] },
                  REFER_UP: { target: 'green.routing', actions: [regradeTo('green', owners.green, 'referredUp'), bulletin] },
                  UPGRADE_COLOUR: [
                    { guard: ({ event }) => event.to === 'yellow', target: 'yellow.routing', actions: [regradeTo('yellow', owners.yellow, 'upgrade'), bulletin] },
                    { target: 'red.routing', actions: [regradeTo('red', owners.red, 'upgrade'), bulletin] },
                  ],
                  FLAG_CRIMINAL_RISK: { target: 'red.routing', actions: [regradeTo('red', owners.red, 'criminalRisk'), bulletin] },
                },
              },
              green: {
                meta: { label: S.green, ...gradeClock(p.colour.greenDays, 'gradeGreen', owners.yellow) },
                initial: 'owned',
                states: {
                  routing: { meta: { label: S.greenRouting, ...routing('routeGreen', owners.green) }, on: { GRADE_ROUTED: 'owned' } },
                  owned: { meta: { label: S.greenOwned } },
                },
                on: {
                  GRADE_OVERDUE: { target: '#mediation.open.grade.yellow.owned', actions: [regradeTo('yellow', owners.yellow, 'overdue'), bulletin] },
                  GRADE_LATE: { actions: [regradeTo(null, owners.yellow, 'late'), bulletin] },
                  REFER_UP: { target: '#mediation.open.grade.yellow.routing', actions: [regradeTo('yellow', owners.yellow, 'referredUp'), bulletin] },
                  UPGRADE_COLOUR: [
                    { guard: ({ event }) => event.to === 'yellow', target: '#mediation.open.grade.yellow.routing', actions: [regradeTo('yellow', owners.yellow, 'upgrade'), bulletin] },
                    { target: '#mediation.open.grade.red.routing', actions: [regradeTo('red', owners.red, 'upgrade'), bulletin] },
                  ],
                  FLAG_CRIMINAL_RISK: { target: '#mediation.open.grade.red.routing', actions: [regradeTo('red', owners.red, 'criminalRisk'), bulletin] },
                },
              },
              yellow: {
                meta: {
                  label: S.yellow,
                  task: { role: R.township, title: S.yellow, assignee: ({ context }: { context: PeoplesContext }) => context.grade.leader },
                  ...gradeClock(p.colour.yellowDays, 'gradeYellow', owners.red),
                },
                initial: 'owned',
                states: {
                  routing: { meta: { label: S.yellowRouting, ...routing('routeYellow', owners.yellow) }, on: { GRADE_ROUTED: 'owned' } },
                  owned: { meta: { label: S.yellowOwned } },
                },
                on: {
                  GRADE_OVERDUE: { target: '#mediation.open.grade.red.owned', actions: [regradeTo('red', owners.red, 'overdue'), bulletin] },
                  GRADE_LATE: { actions: [regradeTo(null, owners.red, 'late'), bulletin] },
                  REFER_UP: { target: '#mediation.open.grade.red.routing', actions: [regradeTo('red', owners.red, 'referredUp'), bulletin] },
                  UPGRADE_COLOUR: { guard: ({ event }) => event.to === 'red', target: '#mediation.open.grade.red.routing', actions: [regradeTo('red', owners.red, 'upgrade'), bulletin] },
                  FLAG_CRIMINAL_RISK: { target: '#mediation.open.grade.red.routing', actions: [regradeTo('red', owners.red, 'criminalRisk'), bulletin] },
                  LOWER_COLOUR: { guard: 'fixVerified', target: '#mediation.open.grade.green.owned', actions: [regradeTo('green', null, 'lowered'), bulletin] },
                },
              },
              red: {
                meta: {
                  label: S.red,
                  task: { role: R.county, title: S.red, assignee: ({ context }: { context: PeoplesContext }) => context.grade.leader },
                  deadline: { days: p.colour.redDays, name: 'gradeRed', onExpire: 'GRADE_CEILING' },
                },
                initial: 'owned',
                states: {
                  routing: { meta: { label: S.redRouting, ...routing('routeRed', owners.red) }, on: { GRADE_ROUTED: 'owned' } },
                  owned: {
                    meta: { label: S.redOwned },
                    after: {
                      [p.colour.redReportHours * HOUR_MS]: {
                        target: 'owned',
                        reenter: true,
                        actions: { type: 'redDailyReport', params: ({ context }) => ({ level: context.grade.level, leader: context.grade.leader }) },
                      },
                    },
                  },
                },
                on: {
                  // L3 is the ceiling (SPEC §2.1): the overrun is recorded and reported; nothing moves.
                  GRADE_CEILING: { actions: [regradeTo(null, null, 'ceiling'), bulletin] },
                  LOWER_COLOUR: { guard: 'fixVerified', target: '#mediation.open.grade.yellow.owned', actions: [regradeTo('yellow', null, 'lowered'), bulletin] },
                },
              },
            },
            on: {
              VERIFY_FIX: { actions: update(({ draft }) => { draft.grade.fixVerified = true }) },
              ASSIGN_LEADER: { guard: ({ context }) => context.grade.colour !== 'green', actions: update(({ draft, event }) => { draft.grade.leader = event.leader }) },
            },
          },
        },
      },
      agreed: {
        meta: { label: S.agreed, task: { role: R.committee, title: S.agreed } },
        initial: 'supervising',
        states: {
          supervising: {
            meta: { label: S.supervising, deadline: { days: p.rt.confirmationWindowDays, name: 'confirmationWindow', onExpire: 'CONFIRMATION_WINDOW_CLOSED', kind: 'window' } },
            always: { guard: 'jointApplication', target: 'confirming', actions: update(({ draft }) => { draft.confirmation.status = 'accepting' }) },
            on: {
              APPLY_CONFIRMATION: {
                guard: ({ context, event }) => {
                  const court = context.confirmation.applications[0]?.court
                  return confirmationApplicationRefusal(context.agreement?.form ?? null, context.confirmation.applications.map((a) => a.party), event.party, context.parties) === null && (court === undefined || court === event.court)
                },
                actions: update(({ draft, event }) => {
                  draft.confirmation.applications.push({ party: event.party, court: event.court, venue: event.venue })
                  draft.confirmation.status = 'applying'
                }),
              },
              CONFIRMATION_WINDOW_CLOSED: { target: 'unconfirmed', actions: update(({ draft }) => { draft.confirmation.status = 'windowClosed' }) },
              PERFORMANCE_DISPUTE: { guard: ({ context, event }) => isParty(context.parties, event.party), target: '#mediation.litigation', actions: update(({ draft, event }) => { draft.ending = { by: 'party', party: event.party, reason: event.note } }) },
            },
          },
          unconfirmed: {
            meta: { label: S.unconfirmed },
            on: {
              PERFORMANCE_DISPUTE: { guard: ({ context, event }) => isParty(context.parties, event.party), target: '#mediation.litigation', actions: update(({ draft, event }) => { draft.ending = { by: 'party', party: event.party, reason: event.note } }) },
            },
          },
          confirming: {
            meta: { label: S.confirming },
            initial: 'awaitingAcceptance',
            states: {
              awaitingAcceptance: {
                meta: { label: S.awaitingAcceptance, task: { role: R.court, title: S.awaitingAcceptance }, deadline: { days: p.court.confirmAcceptDays, name: 'confirmAccept', onExpire: 'COURT_ACCEPT_OVERDUE' } },
                on: {
                  COURT_ACCEPT: {
                    guard: ({ context }) => confirmationRefusal(context.disputeType, p) === null,
                    target: 'deciding',
                    actions: update(({ draft, event }) => {
                      draft.confirmation.caseNo = event.caseNo
                      draft.confirmation.status = 'deciding'
                    }),
                  },
                  COURT_DECLINE: {
                    target: '#mediation.agreed.unconfirmed',
                    actions: update(({ draft, event }) => {
                      draft.confirmation.status = 'declined'
                      draft.confirmation.reason = event.reason
                    }),
                  },
                  COURT_ACCEPT_OVERDUE: { actions: update(({ draft }) => { draft.confirmation.acceptOverdue = true }) },
                },
              },
              deciding: {
                meta: {
                  label: S.deciding,
                  task: { role: R.court, title: S.deciding },
                  deadline: { days: p.court.confirmDecideDays, name: 'confirmDecide', onExpire: 'COURT_DECIDE_OVERDUE', maxExtensions: 1, maxExtension: p.court.confirmExtendDays },
                },
                on: {
                  COURT_EXTEND: {
                    guard: ({ event }) => p.court.confirmDecideDays + event.days <= p.court.confirmOuterBoundDays,
                    actions: [extendDeadline(({ event }) => ({ days: event.days }), 'confirmDecide'), update(({ draft, event }) => { draft.confirmation.extendedDays += event.days })],
                  },
                  COURT_CONFIRM: {
                    target: '#mediation.agreed.confirmed',
                    actions: update(({ draft, event }) => {
                      draft.confirmation.status = 'confirmed'
                      draft.confirmation.ruling = event.ruling
                    }),
                  },
                  COURT_REJECT: {
                    target: '#mediation.agreed.rejected',
                    actions: update(({ draft, event }) => {
                      draft.confirmation.status = 'rejected'
                      draft.confirmation.reason = event.reason
                    }),
                  },
                  COURT_DECIDE_OVERDUE: { actions: update(({ draft }) => { draft.confirmation.decideOverdue = true }) },
                },
              },
            },
          },
          confirmed: {
            meta: { label: S.confirmed },
            on: {
              APPLY_ENFORCEMENT: {
                guard: ({ context, event }) => isParty(context.parties, event.party),
                target: '#mediation.enforcement',
                actions: update(({ draft, event }) => {
                  draft.ending = { by: 'party', party: event.party, reason: event.note }
                  draft.routes = ['enforcement']
                }),
              },
            },
          },
          rejected: {
            meta: { label: S.rejected },
            on: {
              MEDIATE_ANEW: {
                guard: ({ context, event }) => coversAllParties(event.agreedBy, context.parties),
                target: '#mediation.open.procedure.handling.mediating',
                actions: update(({ draft }) => {
                  draft.attempts.push({ kind: 'peoples', caseId: null, result: 'confirmationRejected', outcome: null, note: draft.confirmation.reason })
                  draft.agreement = null
                  draft.confirmation = { status: 'none', applications: [], caseNo: null, extendedDays: 0, acceptOverdue: false, decideOverdue: false, ruling: null, reason: null }
                }),
              },
              SUE: { guard: ({ context, event }) => isParty(context.parties, event.party), target: '#mediation.litigation', actions: update(({ draft, event }) => { draft.ending = { by: 'party', party: event.party, reason: 'confirmation rejected (MS Art. 206)' } }) },
            },
          },
        },
        on: {
          RECORD_PERFORMANCE: { actions: update(({ draft, event }) => { draft.performance.push({ by: event.by, note: event.note }) }) },
          PERFORMED: { target: 'performed', actions: update(({ draft, event }) => { draft.performance.push({ by: 'committee', note: event.note }) }) },
        },
      },
      transferred: {
        meta: { label: S.transferred },
        on: {
          TRANSFER_OUTCOME: [
            {
              guard: ({ event }) => event.outcome === 'resolved',
              target: 'transferredResolved',
              actions: update(({ draft, event }) => {
                const out = readLinkedOutput(event.output)
                draft.attempts.push({ kind: kindOf(event.processId), caseId: event.childId ?? null, result: event.state ?? 'ended', outcome: event.outcome ?? null, note: null })
                if (draft.transfer !== null) Object.assign(draft.transfer, { childId: event.childId ?? null, state: event.state ?? null, outcome: event.outcome ?? null, agreed: out.agreed, terms: out.terms })
                draft.routes = out.routes
              }),
            },
            {
              target: 'transferredUnresolved',
              actions: update(({ draft, event }) => {
                const out = readLinkedOutput(event.output)
                draft.attempts.push({ kind: kindOf(event.processId), caseId: event.childId ?? null, result: event.state ?? 'ended', outcome: event.outcome ?? null, note: null })
                if (draft.transfer !== null) Object.assign(draft.transfer, { childId: event.childId ?? null, state: event.state ?? null, outcome: event.outcome ?? 'unresolved', agreed: out.agreed, terms: out.terms })
                draft.routes = out.routes
              }),
            },
          ],
        },
      },
      refused: {
        type: 'final',
        meta: { label: S.refused, outcome: 'void' },
        entry: [update(({ draft }) => { draft.routes = [...routesAfterFailure] }), { type: 'notifyRoutes', params: ({ context }) => ({ routes: context.routes, reason: 'RT Art. 17: a party refused mediation' }) }],
      },
      declined: {
        type: 'final',
        meta: { label: S.declined, outcome: 'void' },
        entry: [update(({ draft }) => { draft.routes = [...routesAfterFailure] }), { type: 'notifyRoutes', params: ({ context }) => ({ routes: context.routes, reason: `the committee declined the case: ${context.ending?.reason ?? ''}` }) }],
      },
      terminated: {
        type: 'final',
        meta: { label: S.terminated, outcome: 'unresolved' },
        entry: [update(({ draft }) => { draft.routes = [...routesAfterFailure] }), { type: 'notifyRoutes', params: ({ context }) => ({ routes: context.routes, reason: 'RT Art. 26: mediation terminated' }) }],
      },
      performed: { type: 'final', meta: { label: S.performed, outcome: 'resolved' } },
      enforcement: { type: 'final', meta: { label: S.enforcement, outcome: 'resolved' } },
      litigation: { type: 'final', meta: { label: S.litigation, outcome: 'unresolved' }, entry: update(({ draft }) => { draft.routes = ['litigation'] }) },
      transferredResolved: { type: 'final', meta: { label: S.transferredResolved, outcome: 'resolved' } },
      transferredUnresolved: { type: 'final', meta: { label: S.transferredUnresolved, outcome: 'unresolved' } },
    },
  })
  return defineProcess({
    id: PEOPLES_MEDIATION,
    version: 1,
    personal: mediationPersonal,
    machine,
    input,
    events: peoplesEvents,
    start: { roles: [R.party, R.committee] },
    label: { 'zh-CN': '人民调解', en: "People's mediation" },
  })
}

/** The people's mediation process definition type. */
export type PeoplesMediationProcess = ReturnType<typeof peoplesMediationProcess>
