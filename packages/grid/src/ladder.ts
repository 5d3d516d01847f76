/**
 * The escalation ladder and the three colours (docs/domain-rules.md#21-escalation-ladder,
 * docs/domain-rules.md#22-colour-grading), a region running beside the closed loop: micro matters
 * stay in the grid, small ones in the village, big ones in the township (微事不出格、小事不出村、
 * 大事不出镇). A case moves up one level when its level's time runs out (the engine also moves
 * its org unit up), when its colour is raised, when the matter is beyond the level's competence,
 * or at once to the county when it may turn criminal, which also tells the police (RT Art. 25).
 * L3 is the ceiling.
 *
 * @module
 */
import type { GridLevel, GridParameters } from './parameters.js'
import { bulletin, meta, title, type GridSetup, type PoliceNotice } from './grid-setup.js'
import { GRID_EVENT_PROCESS_ID, type GridEventContext } from './grid-context.js'

const HOUR_MS = 3_600_000

/**
 * The ladder region of the grid event.
 *
 * @param s - the grid setup
 * @param p - the parameters in force
 * @returns the region's state config
 */
export function ladderRegion(s: GridSetup, p: GridParameters) {
  const climb = (to: GridLevel, reason: 'overdue' | 'beyondCompetence') => ({
    target: to,
    actions: [{ type: 'climb' as const, params: { to, reason } }, bulletin(reason)],
  })
  // A regrade or a criminal-risk flag sets the case's level in its context (the colour's floor);
  // these eventless transitions then move the region there, so no level can be skipped twice.
  const follow = (levels: readonly ('township' | 'county')[]) => [
    { guard: 'loopClosed' as const, target: 'settled' },
    ...levels.map((to) => ({
      guard: to === 'county' ? ('placedAtCounty' as const) : ('placedAtTownship' as const),
      target: to,
    })),
  ]
  const flagActions = [
    'flagCriminalRisk',
    {
      type: 'notifyPolice',
      params: ({ context, event }: { context: GridEventContext; event: unknown }): PoliceNotice => ({
        grid: context.report.grid,
        location: context.report.location,
        category: context.report.category,
        note: (event as { note: string }).note,
      }),
    },
    bulletin('criminalRisk'),
  ] as const
  const level = (name: string, days: number, to: GridLevel) => ({
    deadline: { days, name, onExpire: 'LEVEL_OVERDUE' },
    escalate: { to, when: 'overdue' as const, event: 'LEVEL_OVERDUE' },
  })
  return s.createStateConfig({
    meta: meta('ladder'),
    initial: 'entry',
    states: {
      entry: {
        meta: meta('ladder.entry'),
        always: [...follow(['county', 'township']).slice(1), { target: 'grid' }],
      },
      grid: {
        meta: meta('ladder.grid', level('levelGrid', p.colour.greenDays, 'village')),
        on: {
          LEVEL_OVERDUE: climb('village', 'overdue'),
          ESCALATE: { guard: 'belowCeiling', ...climb('village', 'beyondCompetence') },
        },
        always: follow(['county', 'township']),
      },
      village: {
        meta: meta('ladder.village', level('levelVillage', p.colour.greenDays, 'township')),
        on: {
          LEVEL_OVERDUE: climb('township', 'overdue'),
          ESCALATE: { guard: 'belowCeiling', ...climb('township', 'beyondCompetence') },
        },
        always: follow(['county', 'township']),
      },
      township: {
        meta: meta('ladder.township', {
          task: { role: 'townshipLeader', title: title('ladder.township') },
          ...level('levelTownship', p.colour.yellowDays, 'county'),
        }),
        on: {
          LEVEL_OVERDUE: climb('county', 'overdue'),
          ESCALATE: { guard: 'belowCeiling', ...climb('county', 'beyondCompetence') },
        },
        always: follow(['county']),
      },
      county: {
        meta: meta('ladder.county', {
          task: { role: 'countyLeader', title: title('ladder.county') },
          deadline: { days: p.colour.redDays, name: 'levelCounty', onExpire: 'LEVEL_OVERDUE' },
        }),
        always: follow([]),
        initial: 'owned',
        states: {
          owned: {
            meta: meta('ladder.county.owned'),
            after: {
              [p.colour.redReportHours * HOUR_MS]: { target: 'owned', reenter: true, actions: 'reportIfRed' },
            },
          },
        },
        on: {
          // L3 is the ceiling: the overrun is recorded and bulletined; nothing moves.
          LEVEL_OVERDUE: { actions: ['ceiling', bulletin('ceiling')] },
          ESCALATE: { guard: 'belowCeiling' },
        },
      },
      settled: { type: 'final', meta: meta('ladder.settled') },
    },
    on: {
      REGRADE: { guard: 'colourRises', actions: ['regrade', bulletin('regraded')] },
      FLAG_CRIMINAL_RISK: { actions: flagActions },
      // A void settles the ladder; so does a verified fix (`settle`), before the ledger is struck off.
      [`xstate.done.state.${GRID_EVENT_PROCESS_ID}.procedure`]: '.settled',
    },
  })
}
