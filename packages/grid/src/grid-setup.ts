/**
 * The grid event machine's vocabulary: its types, the rules it checks (each a named guard citing
 * its source) and the actions it names (context updates and the effects a host serves). The two
 * regions (`grid-loop.ts`, `ladder.ts`) speak only this vocabulary.
 *
 * @module
 */
import { rule, update, type EventsOf, type Labels, type ProcessStateMeta, type UpdateArgs } from '@fengqiao/core'
import { assertEvent, enqueueActions, setup } from 'xstate'
import { colourFloor, type GridEventContext, type GridEventOutput, type LadderReason } from './grid-context.js'
import { gridStateLabels, type GridStatePath } from './grid-labels.js'
import type { Colour, GridEventInput, GridEventSchemas } from './grid-schemas.js'
import { gridLevels, type GridLevel } from './parameters.js'

/** An event of the grid event machine. */
export type GridEvent = EventsOf<GridEventSchemas>

type Args = { context: GridEventContext; event: GridEvent }

const COLOURS: readonly Colour[] = ['green', 'yellow', 'red']
const rank = (c: Colour): number => COLOURS.indexOf(c)
const levelRank = (l: GridLevel): number => gridLevels.indexOf(l)

/** A progress bulletin (过程通报): a step ran late, or the case moved on the ladder. */
export interface Bulletin {
  readonly level: GridLevel
  readonly colour: Colour
  /** What happened: a ladder move, or the step that ran late. */
  readonly reason: LadderReason | 'routeOverdue' | 'dutyOverdue' | 'feedbackOverdue'
  /** Departments that had not reported for duty, for a `dutyOverdue` bulletin. */
  readonly late?: readonly string[]
}

/** The police report of a criminal risk (RT Art. 25). */
export interface PoliceNotice {
  readonly grid: string
  readonly location: string
  readonly category: string
  readonly note: string
}

/**
 * The rules the grid event checks, each named after the rule and citing its source. Some choose a
 * path (who reported last, where a failed check goes); the others refuse an event, and their
 * reason is what the engine reports.
 */
export const gridGuards = {
  withinCapacity: rule<Args>(
    'withinCapacity',
    'S4',
    ({ context }) =>
      (context.level === 'grid' && context.colour === 'green') ||
      `a grid member claims only a green matter still at the grid (this one is ${context.colour} at the ${context.level} level): whistle for departments instead`,
  ),
  calledDepartment: rule<Args>('calledDepartment', 'BJ Art. 16; S4', ({ context, event }) => {
    if (event.type !== 'REPORT_FOR_DUTY') return 'only a report for duty names a department'
    if (!(context.whistle?.departments ?? []).includes(event.department))
      return `department "${event.department}" was not whistled for (called: ${(context.whistle?.departments ?? []).join(', ')})`
    if ((context.whistle?.reported ?? []).some((r) => r.department === event.department))
      return `department "${event.department}" has already reported for duty`
    return true
  }),
  allReported: rule<Args>('allReported', 'BJ Art. 16; S4', ({ context }) => {
    const w = context.whistle
    if (w === null) return 'no whistle is out'
    const missing = w.departments.filter((d) => !w.reported.some((r) => r.department === d))
    return missing.length === 0 || `still waiting for ${missing.join(', ')}`
  }),
  verified: rule<Args>(
    'verified',
    'S1',
    ({ event }) => (event.type === 'VERIFY' && event.ok) || 'the fix did not pass verification (复核销项)',
  ),
  departmentHandles: rule<Args>(
    'departmentHandles',
    'docs/domain-rules.md#2-grid-closed-loop',
    ({ context }) => context.handler?.kind === 'department' || 'the grid member handles this matter',
  ),
  belowCeiling: rule<Args>(
    'belowCeiling',
    'docs/domain-rules.md#21-escalation-ladder',
    ({ context }) =>
      context.level !== 'county' ||
      'L3 (the county centre) is the top of the ladder: beyond it only the statutory channels remain',
  ),
  colourRises: rule<Args>('colourRises', 'docs/domain-rules.md#22-colour-grading', ({ context, event }) => {
    if (event.type !== 'REGRADE') return 'only a regrade changes the colour'
    return (
      rank(event.colour) > rank(context.colour) ||
      `a colour comes down only after a verified fix (转绿); ${context.colour} cannot be regraded to ${event.colour}`
    )
  }),
  loopClosed: rule<Args>(
    'loopClosed',
    'S1',
    ({ context }) => context.fixVerified || 'the fix has not been verified yet',
  ),
  /** A red case (or a flagged criminal risk) is the county's. */
  placedAtCounty: rule<Args>(
    'placedAtCounty',
    'docs/domain-rules.md#22-colour-grading',
    ({ context }) => context.level === 'county' || `the case is at the ${context.level} level`,
  ),
  /** A yellow case is the township's. */
  placedAtTownship: rule<Args>(
    'placedAtTownship',
    'docs/domain-rules.md#22-colour-grading',
    ({ context }) => context.level === 'township' || `the case is at the ${context.level} level`,
  ),
}

// A context update with its params typed: the one way the grid machine changes its context.
const act = <P = undefined>(recipe: (args: UpdateArgs<GridEventContext, GridEvent, P>) => void) =>
  update<GridEventContext, GridEvent, P, GridEvent, never>(recipe)

/** The next colour up (red stays red). */
export const nextColour = (c: Colour): Colour => COLOURS[Math.min(rank(c) + 1, COLOURS.length - 1)] ?? 'red'

/**
 * The grid event machine's setup: types, rules and named actions.
 *
 * @param options - whether a level's time running out also raises the colour
 * @returns the XState setup the regions are built with
 */
export function gridSetup(options: { readonly autoUpgradeOnOverdue: boolean }) {
  return setup({
    types: {
      context: {} as GridEventContext,
      events: {} as GridEvent,
      input: {} as GridEventInput,
      output: {} as GridEventOutput,
    },
    guards: gridGuards,
    actions: {
      // Effects, served by the host after commit.
      notifyDepartments: (_: unknown, _params: { departments: string[]; leadLeader: string; measures: string }) => {},
      issueBulletin: (_: unknown, _params: Bulletin) => {},
      notifyPolice: (_: unknown, _params: PoliceNotice) => {},
      redDailyReport: (_: unknown, _params: { level: GridLevel; caseOwner: string | null }) => {},
      strikeOffLedger: (_: unknown, _params: { ledgerRef: string | null; reworks: number }) => {},
      /** Red cases are reported daily (日报); a case at the county that is not red is not. */
      reportIfRed: enqueueActions<
        GridEventContext,
        GridEvent,
        undefined,
        GridEvent,
        never,
        { type: 'redDailyReport'; params: { level: GridLevel; caseOwner: string | null } },
        never,
        never,
        never
      >(({ context, enqueue }) => {
        if (context.colour === 'red')
          enqueue({ type: 'redDailyReport', params: { level: context.level, caseOwner: context.caseOwner } })
      }),
      // Context updates.
      accept: act(({ draft }) => {
        draft.ledger = { status: 'open', ref: null }
      }),
      voidReport: act(({ draft, event }) => {
        assertEvent(event, 'VOID')
        draft.voided = { reason: event.reason, note: event.note ?? null }
      }),
      claim: act(({ draft, event }) => {
        assertEvent(event, 'CLAIM')
        draft.handler = { kind: 'member', id: event.member }
      }),
      whistle: act(({ draft, event }) => {
        assertEvent(event, 'WHISTLE')
        draft.whistle = {
          departments: [...new Set(event.departments)],
          leadLeader: event.leadLeader,
          measures: event.measures,
          dueDate: event.dueDate ?? null,
          reported: [],
          late: [],
        }
        draft.handler = { kind: 'department', id: event.departments[0] ?? '' }
      }),
      reportForDuty: act(({ draft, event }) => {
        assertEvent(event, 'REPORT_FOR_DUTY')
        draft.whistle?.reported.push({ department: event.department, arrivedAt: event.arrivedAt })
      }),
      /** The departments that had not reported when the on-site time ran out (assessed as late). */
      markLate: act(({ draft }) => {
        const w = draft.whistle
        if (w !== null) w.late = w.departments.filter((d) => !w.reported.some((r) => r.department === d))
      }),
      feedback: act(({ draft, event }) => {
        assertEvent(event, 'FEEDBACK')
        draft.feedback.push({ result: event.result, photos: event.photos })
      }),
      rework: act(({ draft }) => {
        draft.reworks++
      }),
      /** A verified fix brings the colour back to green (转绿). */
      fixVerified: act(({ draft }) => {
        draft.fixVerified = true
        if (draft.colour !== 'green') {
          draft.colour = 'green'
          draft.ladder.push({ level: draft.level, colour: 'green', reason: 'fixVerified' })
        }
      }),
      strikeOff: act(({ draft, event }) => {
        assertEvent(event, 'STRIKE_OFF')
        draft.ledger = { status: 'struckOff', ref: event.ledgerRef ?? null }
      }),
      /** The case moves up to `to`; a level's time running out may also raise its colour. */
      climb: act<{ to: GridLevel; reason: LadderReason }>(({ draft, params }) => {
        draft.level = params.to
        if (params.reason === 'overdue' && options.autoUpgradeOnOverdue) {
          const floor = params.to === 'township' ? 'yellow' : params.to === 'county' ? 'red' : 'green'
          if (rank(floor) > rank(draft.colour)) draft.colour = floor
        }
        draft.ladder.push({ level: draft.level, colour: draft.colour, reason: params.reason })
      }),
      /** The county's time ran out too: L3 is the ceiling, so the overrun is only recorded. */
      ceiling: act(({ draft }) => {
        draft.ladder.push({ level: draft.level, colour: draft.colour, reason: 'ceiling' })
      }),
      regrade: act(({ draft, event }) => {
        assertEvent(event, 'REGRADE')
        draft.colour = event.colour
        const floor = colourFloor[event.colour]
        if (levelRank(floor) > levelRank(draft.level)) draft.level = floor
        draft.ladder.push({ level: draft.level, colour: draft.colour, reason: 'regraded' })
      }),
      flagCriminalRisk: act(({ draft, event }) => {
        assertEvent(event, 'FLAG_CRIMINAL_RISK')
        draft.colour = 'red'
        draft.level = 'county'
        draft.caseOwner = event.caseOwner
        draft.policeNotified = true
        draft.ladder.push({ level: 'county', colour: 'red', reason: 'criminalRisk' })
      }),
    },
  })
}

/** The grid setup's type, which the regions build their states with (`createStateConfig`). */
export type GridSetup = ReturnType<typeof gridSetup>

/** A state path's label. */
export const title = (path: GridStatePath): Labels => gridStateLabels[path]
/** A state's meta with its label. */
export const meta = (path: GridStatePath, m: ProcessStateMeta = {}): ProcessStateMeta & { label: Labels } => ({
  label: gridStateLabels[path],
  ...m,
})

/** A bulletin about the case as it now stands. */
export const bulletin = (reason: Bulletin['reason']) => ({
  type: 'issueBulletin' as const,
  params: ({ context }: { context: GridEventContext }): Bulletin => ({
    level: context.level,
    colour: context.colour,
    reason,
    ...(reason === 'dutyOverdue' ? { late: [...(context.whistle?.late ?? [])] } : {}),
  }),
})
