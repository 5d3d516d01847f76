/**
 * The hotline's figures per org unit and period, each drillable to its cases: the figures of a
 * {@link MetricSet} over the tickets received in a window, for every org unit the tickets belong
 * to, every unit they were dispatched to and every street that whistled on them (双考核).
 *
 * Why this reads cases rather than store aggregates: the engine's report counts what the store
 * keeps in columns (status, outcome, dates, escalations), and the hotline's facts — contacted in
 * time, reached at callback, the caller's rating, the objection upheld — live in the ticket's
 * context, which no store indexes. So each count is defined as the `engine.instances` query of
 * the row (the candidate cases: this process, this org unit, this window) narrowed by a
 * predicate on the context ({@link HOTLINE_FIGURES}); the report carries both, and the ids of
 * the cases behind every count, so a figure can be opened to its cases. docs/decisions/0021
 * records this and what would let the store count these figures itself.
 *
 * @module
 */
import { FengqiaoError, type InstanceQuery, type InstanceSummary, type InstanceView, type Page } from '@fengqiao/core'
import { HOTLINE_TICKET_PROCESS_ID, type HotlineTicketContext } from './hotline-setup.js'
import { hotlineCounts, score, threeRates, type HotlineCounts, type MetricSet, type Scores } from './metrics.js'
import { defaultHotlineParameters, type HotlineParameters } from './parameters.js'

/**
 * What {@link hotlineReport} reads cases through: `engine.system` (the host's own reads), or an
 * actor's reads, e.g. `{ instances: (q) => engine.instances({ ...q, actor }), get: (id) => engine.get(id, { actor }) }`,
 * which only show the cases that actor may see.
 */
export interface CaseReader {
  instances(query: InstanceQuery): Promise<Page<InstanceSummary>>
  get(instanceId: string): Promise<InstanceView>
}

/** The counts of {@link HotlineCounts} that a drill-down lists cases for. */
export type HotlineFigure =
  | 'dispatched'
  | 'respondedInTime'
  | 'callbacks'
  | 'resolved'
  | 'evaluated'
  | 'satisfied'
  | 'basicallySatisfied'
  | 'unreasonable'
  | 'signedFor'
  | 'closedOnTime'
  | 'returned'
  | 'redone'

/** One figure's definition: its Chinese name and which tickets it counts. */
export interface HotlineFigureDefinition {
  readonly zh: string
  /** Which tickets it counts, in words (docs/processes/hotline.md prints these). */
  readonly definition: string
  /** Whether a ticket counts in the figure (the row's query has already chosen the candidates). */
  readonly counts: (ticket: HotlineTicketContext) => boolean
}

const dispatched = (t: HotlineTicketContext) => t.dispatch !== null
const reached = (t: HotlineTicketContext) => dispatched(t) && t.callback?.reached === true

/**
 * Which tickets each count counts: the same rules as {@link hotlineCounts}, as predicates, so a
 * count can be listed as cases. `returned` lists the tickets with an upheld objection (the count
 * itself counts objections).
 */
export const HOTLINE_FIGURES: Readonly<Record<HotlineFigure, HotlineFigureDefinition>> = {
  dispatched: {
    zh: '派单',
    definition: 'dispatched to a unit (intake endings — answered, diverted, … — are not)',
    counts: dispatched,
  },
  respondedInTime: {
    zh: '按时响应',
    definition: 'dispatched, signed for with the caller contacted within the limit',
    counts: (t) => dispatched(t) && t.contact?.inTime === true,
  },
  callbacks: { zh: '回访', definition: 'dispatched, called back and the caller reached', counts: reached },
  resolved: {
    zh: '已解决',
    definition: 'called back; the caller said "resolved"',
    counts: (t) => reached(t) && t.callback?.resolved === true,
  },
  evaluated: {
    zh: '参评',
    definition: 'called back with a satisfaction rating',
    counts: (t) => reached(t) && t.callback?.satisfaction != null,
  },
  satisfied: {
    zh: '满意',
    definition: 'rated "satisfied"',
    counts: (t) => reached(t) && t.callback?.satisfaction === 'satisfied',
  },
  basicallySatisfied: {
    zh: '基本满意',
    definition: 'rated "basically satisfied"',
    counts: (t) => reached(t) && t.callback?.satisfaction === 'basicallySatisfied',
  },
  unreasonable: {
    zh: '诉求不合理',
    definition: 'called back; the request reviewed as unreasonable',
    counts: (t) => reached(t) && t.callback?.unreasonable === true,
  },
  signedFor: {
    zh: '签收',
    definition: 'dispatched and signed for (in time or not)',
    counts: (t) => dispatched(t) && t.signedFor,
  },
  closedOnTime: {
    zh: '按时办结',
    definition: 'called back with handling never late',
    counts: (t) => dispatched(t) && t.callback !== null && !t.handlingLate,
  },
  returned: {
    zh: '回退',
    definition: 'an objection to the dispatch upheld (the count counts objections; the cases are the tickets with one)',
    counts: (t) => dispatched(t) && t.objections.some((o) => o.upheld === true),
  },
  redone: {
    zh: '重办',
    definition: 'a repeat of an earlier request bringing new facts',
    counts: (t) => dispatched(t) && t.ticket.repeatOf?.newFacts === true,
  },
}

/**
 * The figure definitions as a Markdown table, as docs/processes/hotline.md prints it (generated by
 * `pnpm --filter @fengqiao/grid diagram`; a test keeps it current).
 *
 * @returns the table, one line per count
 */
export function hotlineFiguresTable(): string {
  return [
    "| Count | 名称 | The tickets it counts (among the row's candidates) |",
    '|---|---|---|',
    ...(Object.entries(HOTLINE_FIGURES) as Array<[HotlineFigure, HotlineFigureDefinition]>).map(
      ([k, d]) => `| \`${k}\` | ${d.zh} | ${d.definition.replace(/\|/g, '\\|')} |`,
    ),
  ].join('\n')
}

/** The figures of one row: the counts, the metric set's scores, and the cases behind each count. */
export interface HotlineFigures {
  /** Tickets received in the window in this row (dispatched or not). */
  readonly received: number
  readonly counts: HotlineCounts
  readonly scores: Scores
  /** The ids of the cases behind each count, in the order received (ties by id). */
  readonly cases: Readonly<Record<HotlineFigure, readonly string[]>>
}

/** One org unit's row. */
export interface HotlineReportRow {
  /** The tickets' org unit (`engine.instances`' `orgUnit`), `null` for tickets without one. */
  readonly orgUnit: string | null
  /**
   * The candidate cases: the `engine.instances` query that lists this row's tickets (the process,
   * the org unit, received in the window). For tickets without an org unit, which no query
   * singles out, the scope's query.
   */
  readonly query: InstanceQuery
  readonly figures: HotlineFigures
}

/** The result of {@link hotlineReport}. */
export interface HotlineReport {
  readonly from: Date
  readonly to: Date
  /** The metric set's name. */
  readonly set: string
  /** Every ticket in scope. */
  readonly total: HotlineFigures
  /** Per org unit the tickets belong to, by org unit id (tickets without one last). */
  readonly byOrgUnit: readonly HotlineReportRow[]
  /** Per unit the tickets were (last) dispatched to: the responding side of 双考核. */
  readonly units: Readonly<Record<string, HotlineFigures>>
  /** Per street or township that whistled on them: the whistling side of 双考核. */
  readonly streets: Readonly<Record<string, HotlineFigures>>
}

/** What {@link hotlineReport} reports on. */
export interface HotlineReportQuery {
  /** Window start (inclusive): tickets received (created) at or after it. */
  readonly from: Date | number
  /** Window end (exclusive). */
  readonly to: Date | number
  /** Only tickets of these org units (ids, as `engine.instances` takes them). @defaultValue every unit */
  readonly orgUnit?: string | readonly string[]
  /** @defaultValue {@link threeRates} */
  readonly set?: MetricSet
  /** @defaultValue the defaults */
  readonly parameters?: HotlineParameters
  /** The hotline process's id, for a host that registered it under another. @defaultValue `'hotline-ticket'` */
  readonly processId?: string
}

interface Ticket {
  readonly id: string
  readonly at: number
  readonly orgUnit: string | null
  readonly context: HotlineTicketContext
}

function figuresOf(tickets: readonly Ticket[], set: MetricSet, parameters: HotlineParameters): HotlineFigures {
  const contexts = tickets.map((t) => t.context)
  const cases = Object.fromEntries(
    (Object.keys(HOTLINE_FIGURES) as HotlineFigure[]).map((f) => [
      f,
      tickets.filter((t) => HOTLINE_FIGURES[f].counts(t.context)).map((t) => t.id),
    ]),
  ) as Record<HotlineFigure, string[]>
  const counts = hotlineCounts(contexts)
  return { received: tickets.length, counts, scores: score(counts, set, parameters), cases }
}

/**
 * The hotline's figures for the tickets received in `[from, to)`, per org unit, per dispatched
 * unit and per whistling street, each count with the ids of its cases.
 *
 * @param reader - `engine.system`, or an actor's reads (see {@link CaseReader})
 * @param query - the window, the org units, the metric set and parameters
 * @returns the report
 * @throws {FengqiaoError} INVALID_OPTIONS for a window that is not `from < to`
 * @example
 * ```ts
 * const march = await hotlineReport(engine.system, { from: new Date('2026-03-01'), to: new Date('2026-04-01') })
 * percent(march.total.scores.figures.response as Rate) // 响应率
 * march.total.cases.respondedInTime // the tickets answered in time
 * ```
 */
export async function hotlineReport(reader: CaseReader, query: HotlineReportQuery): Promise<HotlineReport> {
  const ms = (t: unknown): number => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Number.NaN)
  const from = ms(query?.from)
  const to = ms(query?.to)
  if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
    throw new FengqiaoError(
      'INVALID_OPTIONS',
      'hotlineReport() needs a window { from, to } of Dates or epoch milliseconds with from < to.',
      { from: String(query?.from), to: String(query?.to) },
    )
  }
  const set = query.set ?? threeRates
  const parameters = query.parameters ?? defaultHotlineParameters
  const processId = query.processId ?? HOTLINE_TICKET_PROCESS_ID
  // The window goes into the query: the store lists only the tickets received in it.
  const window = { createdFrom: from, createdBefore: to }
  const base: InstanceQuery = {
    processId,
    ...(query.orgUnit === undefined ? {} : { orgUnit: query.orgUnit }),
    ...window,
  }
  const tickets: Ticket[] = []
  let cursor: string | undefined
  do {
    const page = await reader.instances({ ...base, limit: 1000, cursor })
    for (const s of page.items) {
      const v = await reader.get(s.id)
      tickets.push({
        id: v.id,
        at: v.createdAt.getTime(),
        orgUnit: v.orgUnit,
        context: v.context as HotlineTicketContext,
      })
    }
    cursor = page.nextCursor
  } while (cursor !== undefined)
  // Received first, first listed (ties by id), whatever order the store pages in.
  tickets.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const group = (key: (t: Ticket) => string | null) => {
    const by = new Map<string, Ticket[]>()
    for (const t of tickets) {
      const k = key(t)
      if (k !== null) by.set(k, [...(by.get(k) ?? []), t])
    }
    return by
  }
  const byUnit = new Map<string | null, Ticket[]>()
  for (const t of tickets) byUnit.set(t.orgUnit, [...(byUnit.get(t.orgUnit) ?? []), t])
  const order = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1
  const scored = (by: Map<string, Ticket[]>) =>
    Object.fromEntries([...by].sort(([a], [b]) => order(a, b)).map(([k, ts]) => [k, figuresOf(ts, set, parameters)]))
  return {
    from: new Date(from),
    to: new Date(to),
    set: set.name,
    total: figuresOf(tickets, set, parameters),
    byOrgUnit: [...byUnit]
      .sort(([a], [b]) => order(a, b))
      .map(([orgUnit, ts]) => ({
        orgUnit,
        query: orgUnit === null ? base : { processId, orgUnit, ...window },
        figures: figuresOf(ts, set, parameters),
      })),
    units: scored(group((t) => t.context.dispatch?.unit ?? null)),
    streets: scored(group((t) => t.context.whistle?.street ?? null)),
  }
}
