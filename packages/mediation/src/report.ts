/**
 * The resolution rate (化解率) of disputes per org unit and period, from the engine's reports.
 *
 * @module
 */
import { formatRate, type Actor, type Engine } from '@fengqiao/core'
import { PEOPLES_MEDIATION } from './ids.js'

/** What {@link resolutionRate} reports for one org unit (or the whole scope). */
export interface ResolutionFigures {
  /** Disputes opened in the window, void ones (refused, declined) left out. */
  readonly disputes: number
  readonly resolved: number
  readonly unresolved: number
  /** Still open. */
  readonly open: number
  /** Left out of the rate: no mediation took place (RT Art. 17 refusal, committee declined). */
  readonly void: number
  /** 化解率 = resolved ÷ disputes, or `null` without disputes. */
  readonly rate: number | null
  /** The rate as printed in bulletins, e.g. `'100.00 %'`. */
  readonly text: string
}

/** The result of {@link resolutionRate}. */
export interface ResolutionReport extends ResolutionFigures {
  readonly from: Date
  readonly to: Date
  /** Per org unit in scope (its subtree rolled up), parents first. */
  readonly byOrgUnit: ReadonlyArray<
    ResolutionFigures & { readonly orgUnit: string; readonly level: string | undefined }
  >
}

/**
 * The resolution rate (化解率) of disputes opened in `[from, to)` in an org unit's subtree, e.g.
 * S0's "16 disputes, 16 resolved, 100 %". Counts people's mediation cases by default.
 *
 * @param engine - the engine
 * @param query - who asks (the report covers their org unit, or `orgUnit` within it), window,
 *   and process ids (default `'mediation'`)
 * @returns the figures, in total and per org unit
 * @example
 * ```ts
 * const r = await resolutionRate(engine, { actor: townOfficial, orgUnit: 'chenjing', from: new Date('2026-01-01'), to: new Date('2027-01-01') })
 * r.text // '100.00 %'
 * ```
 */
export async function resolutionRate(
  engine: Engine,
  query: {
    readonly actor: Actor
    readonly orgUnit?: string
    readonly from: Date | number
    readonly to: Date | number
    readonly processId?: string | readonly string[]
  },
): Promise<ResolutionReport> {
  const report = await engine.report({
    actor: query.actor,
    processId: query.processId ?? PEOPLES_MEDIATION,
    from: query.from,
    to: query.to,
    ...(query.orgUnit === undefined ? {} : { orgUnit: query.orgUnit }),
  })
  const figures = (f: {
    opened: number
    resolved: number
    unresolved: number
    void: number
    byStatus: { active: number }
    resolutionRate: number | null
  }): ResolutionFigures => ({
    disputes: f.opened - f.void,
    resolved: f.resolved,
    unresolved: f.unresolved,
    open: f.byStatus.active,
    void: f.void,
    rate: f.resolutionRate,
    text: formatRate(f.resolutionRate),
  })
  return {
    from: report.from,
    to: report.to,
    ...figures(report.total),
    byOrgUnit: report.byOrgUnit.map((row) => ({ orgUnit: row.orgUnit, level: row.level, ...figures(row.total) })),
  }
}
