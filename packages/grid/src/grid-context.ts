/**
 * What a grid event remembers: the report, who handles it, the whistle and its duty roll, the
 * feedback and reworks, where it stands on the ladder, its colour, and the ledger row.
 *
 * @module
 */
import type { GridLevel } from './parameters.js'
import type { Colour, GridEventInput } from './grid-schemas.js'

/** The process id of the grid event. */
export const GRID_EVENT_PROCESS_ID = 'grid-event'
/** The grid event's process version. */
export const GRID_EVENT_PROCESS_VERSION = 1

/** Why a case moved up the ladder or changed colour. */
export type LadderReason = 'overdue' | 'regraded' | 'beyondCompetence' | 'criminalRisk' | 'ceiling' | 'fixVerified'

/** One move on the ladder or change of colour, kept for the progress bulletins (过程通报). */
export interface LadderMove {
  readonly level: GridLevel
  readonly colour: Colour
  readonly reason: LadderReason
}

/** The whistle (吹哨) and the departments' duty roll (报到). */
export interface Whistle {
  readonly departments: string[]
  readonly leadLeader: string
  readonly measures: string
  readonly dueDate: string | null
  /** Departments that reported for duty, with their arrival time. */
  readonly reported: Array<{ department: string; arrivedAt: string }>
  /** Departments that had not reported when the on-site time ran out. */
  late: string[]
}

/** The grid event's context. */
export interface GridEventContext {
  readonly report: GridEventInput
  /** Who handles the matter: the grid member who claimed it, or the whistled departments. */
  handler: { readonly kind: 'member' | 'department'; readonly id: string } | null
  whistle: Whistle | null
  feedback: Array<{ result: string; photos: string[] }>
  /** Failed verifications (返工), each sent back to the same handler. */
  reworks: number
  /** Where the case stands on the ladder (L0 grid … L3 county). */
  level: GridLevel
  colour: Colour
  /** The county leader who owns a red case (包案). */
  caseOwner: string | null
  /** Whether the police were told of a criminal risk (RT Art. 25). */
  policeNotified: boolean
  /** Every move on the ladder and change of colour. */
  ladder: LadderMove[]
  voided: { reason: string; note: string | null } | null
  /** Whether the fix passed verification (the loop is closed; the ladder settles). */
  fixVerified: boolean
  /** The ledger row (台账): opened on acceptance, struck off (销号) after the case is closed. */
  ledger: { status: 'open' | 'struckOff'; ref: string | null } | null
}

/** The output of a finished grid event (for linked cases and reports). */
export interface GridEventOutput {
  readonly level: GridLevel
  readonly colour: Colour
  readonly reworks: number
  readonly struckOff: boolean
  readonly voided: boolean
}

/** The level a colour's owner sits at: yellow belongs to the township, red to the county. */
export const colourFloor: Readonly<Record<Colour, GridLevel>> = { green: 'grid', yellow: 'township', red: 'county' }

/**
 * The context a report starts with: at the grid, unless its colour belongs higher.
 *
 * @param input - the parsed report
 * @returns the initial context
 */
export function initialGridContext(input: GridEventInput): GridEventContext {
  return {
    report: input,
    handler: null,
    whistle: null,
    feedback: [],
    reworks: 0,
    level: colourFloor[input.colour],
    colour: input.colour,
    caseOwner: null,
    policeNotified: false,
    ladder: [],
    voided: null,
    fixVerified: false,
    ledger: null,
  }
}
