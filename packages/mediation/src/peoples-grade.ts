/**
 * Three-colour grading and the escalation ladder (三色管理, docs/domain-rules.md#21-escalation-ladder – docs/domain-rules.md#22-colour-grading): a region beside the
 * procedure. Each colour has an owner on the ladder and a target; overdue moves the case up the
 * ladder (and, by default, one colour up), and a fix verified lets it come down again.
 *
 * @module
 */
import { update } from '@fengqiao/core'
import type { Colour, MediationParameters } from './parameters.js'
import type { GradeReason, PeoplesContext } from './peoples-context.js'
import { peoplesStateLabels as S } from './labels.js'
import { roles as R } from './roles.js'
import type { PeoplesSetup } from './peoples-setup.js'

const HOUR_MS = 3_600_000
const at = (colour: Colour, sub: 'owned' | 'routing') => `#mediation.open.grade.${colour}.${sub}` as const

/**
 * The grade region.
 *
 * @param s - the people's mediation setup
 * @param p - the parameters in force
 * @returns the region's state config
 */
export function gradeRegion(s: PeoplesSetup, p: MediationParameters) {
  const owners = p.colour.owners
  const auto = p.colour.autoUpgradeOnOverdue
  // Meta of a colour's own target: overdue moves the case up to `to`, and (by default) one colour up.
  const gradeClock = (daysOf: number, name: string, to: string) => ({
    deadline: { days: daysOf, name, ...(auto ? {} : { onExpire: 'GRADE_LATE' }) },
    escalate: { to, when: 'overdue' as const, ...(auto ? { event: 'GRADE_OVERDUE' } : {}) },
  })
  // An upgrade moves the case to the new colour's owner at once: a zero-hour 'window' deadline
  // whose expiry escalates (the engine has no action that moves a case; see the package README),
  // audited, without counting as late.
  const routing = (name: string, to: string) => ({
    deadline: { hours: 0, name, kind: 'window' as const },
    escalate: { to, when: 'overdue' as const, event: 'GRADE_ROUTED' },
  })
  // A change of grade and its bulletin: to a colour (null: keep it), at least up to a level (null: stay).
  const regrade = (colour: Colour | null, level: string | null, reason: GradeReason) =>
    [
      { type: 'regrade', params: { colour, level, reason } },
      {
        type: 'gradeBulletin',
        params: ({ context }: { context: PeoplesContext }) => context.grade.changes.at(-1) ?? null,
      },
    ] as const
  // What a case below red does when it runs late, is referred up, upgraded or flagged: `overdue`
  // and `referred` are where it goes (the micro matter stays green at the village).
  const upgradeFromGreen = [
    { guard: 'upgradeToYellow', target: at('yellow', 'routing'), actions: regrade('yellow', owners.yellow, 'upgrade') },
    { target: at('red', 'routing'), actions: regrade('red', owners.red, 'upgrade') },
  ] as const
  const upgradeFromYellow = {
    guard: 'upgradeToRed',
    target: at('red', 'routing'),
    actions: regrade('red', owners.red, 'upgrade'),
  } as const
  const below = <U>(next: Colour, upgrade: U) => ({
    GRADE_OVERDUE: { target: at(next, 'owned'), actions: regrade(next, owners[next], 'overdue') },
    GRADE_LATE: { actions: regrade(null, owners[next], 'late') },
    REFER_UP: { target: at(next, 'routing'), actions: regrade(next, owners[next], 'referredUp') },
    UPGRADE_COLOUR: upgrade,
    FLAG_CRIMINAL_RISK: { target: at('red', 'routing'), actions: regrade('red', owners.red, 'criminalRisk') },
  })
  const colourStates = (
    colour: Colour,
    routeName: string,
    labels: { routing: typeof S.greenRouting; owned: typeof S.greenOwned },
  ) => ({
    routing: { meta: { label: labels.routing, ...routing(routeName, owners[colour]) }, on: { GRADE_ROUTED: 'owned' } },
    owned: { meta: { label: labels.owned } },
  })

  return s.createStateConfig({
    meta: { label: S.grade },
    initial: 'entry',
    states: {
      entry: {
        meta: { label: S.gradeEntry },
        always: [
          { guard: 'gradedRed', target: 'red.owned' },
          { guard: 'gradedYellow', target: 'yellow.owned' },
          { guard: 'atGrid', target: 'micro' },
          { target: 'green.owned' },
        ],
      },
      // The village owns green: a micro matter overrunning the grid goes there and stays green.
      micro: {
        meta: { label: S.micro, ...gradeClock(p.colour.greenDays, 'gradeMicro', owners.green) },
        on: below('green', upgradeFromGreen),
      },
      green: {
        meta: { label: S.green, ...gradeClock(p.colour.greenDays, 'gradeGreen', owners.yellow) },
        initial: 'owned',
        states: colourStates('green', 'routeGreen', { routing: S.greenRouting, owned: S.greenOwned }),
        on: below('yellow', upgradeFromGreen),
      },
      yellow: {
        meta: {
          label: S.yellow,
          task: {
            role: R.township,
            title: S.yellow,
            assignee: ({ context }: { context: PeoplesContext }) => context.grade.leader,
          },
          ...gradeClock(p.colour.yellowDays, 'gradeYellow', owners.red),
        },
        initial: 'owned',
        states: colourStates('yellow', 'routeYellow', { routing: S.yellowRouting, owned: S.yellowOwned }),
        on: {
          ...below('red', upgradeFromYellow),
          LOWER_COLOUR: {
            guard: 'fixVerified',
            target: at('green', 'owned'),
            actions: regrade('green', null, 'lowered'),
          },
        },
      },
      red: {
        meta: {
          label: S.red,
          task: {
            role: R.county,
            title: S.red,
            assignee: ({ context }: { context: PeoplesContext }) => context.grade.leader,
          },
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
                actions: {
                  type: 'redDailyReport',
                  params: ({ context }) => ({ level: context.grade.level, leader: context.grade.leader }),
                },
              },
            },
          },
        },
        on: {
          // L3 is the ceiling (docs/domain-rules.md#21-escalation-ladder): the overrun is recorded and reported; nothing moves.
          GRADE_CEILING: { actions: regrade(null, null, 'ceiling') },
          LOWER_COLOUR: {
            guard: 'fixVerified',
            target: at('yellow', 'owned'),
            actions: regrade('yellow', null, 'lowered'),
          },
        },
      },
    },
    on: {
      VERIFY_FIX: {
        actions: update(({ draft }) => {
          draft.grade.fixVerified = true
        }),
      },
      ASSIGN_LEADER: {
        guard: 'leaderForYellowOrRed',
        actions: update(({ draft, event }) => {
          draft.grade.leader = event.leader
        }),
      },
    },
  })
}
