/**
 * The report's side of the store: `reportFigures`, which counts the instance filters the report's
 * figures are defined by (their conditions are in `instance-filter.ts`, shared with
 * `findInstances`) per org unit with `GROUP BY` and `SUM(CASE …)` — one pass
 * over the instances, one over the open tasks, one over the escalations of the window — instead
 * of reading every case.
 *
 * @module
 * @internal
 */
import { checkTime, emptyReportCounts } from '@fengqiao/core/store'
import type { ReportCounts, ReportFilter, ReportWindow, Store } from '@fengqiao/core/store'
import { sql, type Expression, type SqlBool } from 'kysely'
import type { StoreContext } from './context.js'
import { asList, escalatedIn, onTime } from './instance-filter.js'
import { num } from './rows.js'

/**
 * The org unit to group by, as an expression rather than the column: grouping by the bare column
 * lets SQLite walk the org-unit index to skip a sort — a million random row reads — where one
 * sequential scan and a small sort of ~100 groups is many times faster.
 */
const unit = sql<string | null>`case when ${sql.ref('org_unit')} is null then null else ${sql.ref('org_unit')} end`

const when = (cond: Expression<SqlBool>) => sql<number | string | null>`sum(case when ${cond} then 1 else 0 end)`

/** The report's side of the store port. @internal */
export function reportOperations(ctx: StoreContext): Pick<Store, 'reportFigures'> {
  const { db, run } = ctx
  return {
    async reportFigures(filter: ReportFilter, window: ReportWindow): Promise<ReportCounts[]> {
      const { from, to, now } = window
      for (const t of [from, to, now]) checkTime(t)
      const units = asList(filter.orgUnit)
      const processes = asList(filter.processId)
      if (units?.length === 0 || processes?.length === 0) return []
      // The scope, on the instances or the open tasks (a task has its own process and org unit).
      const procs = processes === undefined ? [] : [...processes]
      const orgs = units === undefined ? [] : [...units]
      const ref = (column: string) => sql.ref(column)
      const opened = sql<SqlBool>`(${ref('created_at')} >= ${from} and ${ref('created_at')} < ${to})`
      // Void and cancelled cases are in no rate (a cancelled case was stopped, not closed).
      const notVoid = sql<SqlBool>`(${ref('outcome')} is null or ${ref('outcome')} not in ('void', 'cancelled'))`
      const open = sql<SqlBool>`${ref('status')} in ('active', 'suspended')`
      const closed = sql<SqlBool>`(${notVoid} and ${ref('completed_at')} >= ${from} and ${ref('completed_at')} < ${to})`
      const dueOpen = sql<SqlBool>`(${notVoid} and ${open} and ${ref('due_at')} >= ${from} and ${ref('due_at')} < ${to})`
      const [main, states, tasks, escalated] = await run('count the report', () =>
        Promise.all([
          db
            .selectFrom('instances')
            .select([
              unit.as('org_unit'),
              when(opened).as('opened'),
              when(sql`${opened} and ${ref('status')} = 'active'`).as('active'),
              when(sql`${opened} and ${ref('status')} = 'suspended'`).as('suspended'),
              when(sql`${opened} and ${ref('status')} = 'completed'`).as('completed'),
              when(sql`${opened} and ${ref('status')} = 'cancelled'`).as('cancelled'),
              when(sql`${opened} and ${ref('status')} = 'failed'`).as('failed'),
              when(sql`${opened} and ${ref('outcome')} = 'resolved'`).as('resolved'),
              when(sql`${opened} and ${ref('outcome')} = 'unresolved'`).as('unresolved'),
              when(sql`${opened} and ${ref('outcome')} = 'void'`).as('void'),
              sql<
                number | string | null
              >`sum(case when ${opened} and ${ref('status')} = 'completed' then ${ref('completed_at')} - ${ref('created_at')} else 0 end)`.as(
                'close_time_sum',
              ),
              when(sql`${opened} and ${ref('status')} = 'completed'`).as('close_time_count'),
              when(sql`${closed} or ${dueOpen}`).as('due_to_close'),
              when(closed).as('closed'),
              when(sql`${closed} and ${onTime}`).as('closed_on_time'),
              when(sql`${open} and ${ref('due_at')} <= ${now}`).as('overdue'),
              when(sql`${ref('escalations')} > 0`).as('escalated'),
            ])
            // Only the cases that count in some figure: the sums above are the costly part of
            // the scan, and most closed cases of other months count in none.
            .where(
              sql<SqlBool>`(${open} or ${ref('escalations')} > 0 or ${opened} or (${ref('completed_at')} >= ${from} and ${ref('completed_at')} < ${to}))`,
            )
            .$if(processes !== undefined, (q) => q.where('instances.process_id', 'in', procs))
            .$if(units !== undefined, (q) => q.where('instances.org_unit', 'in', orgs))
            .groupBy(unit)
            .execute(),
          db
            .selectFrom('instances')
            .select([unit.as('org_unit'), 'state_key', (eb) => eb.fn.countAll<number | string>().as('n')])
            .where('created_at', '>=', from)
            .where('created_at', '<', to)
            .$if(processes !== undefined, (q) => q.where('instances.process_id', 'in', procs))
            .$if(units !== undefined, (q) => q.where('instances.org_unit', 'in', orgs))
            .groupBy([unit, 'state_key'])
            .execute(),
          db
            .selectFrom('tasks')
            .select([
              unit.as('org_unit'),
              when(sql`${ref('due_at')} <= ${now}`).as('red'),
              when(sql`(${ref('due_at')} is null or ${ref('due_at')} > ${now}) and ${ref('warn_at')} <= ${now}`).as(
                'yellow',
              ),
              (eb) => eb.fn.countAll<number | string>().as('n'),
            ])
            .$if(processes !== undefined, (q) => q.where('tasks.process_id', 'in', procs))
            .$if(units !== undefined, (q) => q.where('tasks.org_unit', 'in', orgs))
            .groupBy(unit)
            .execute(),
          db
            .selectFrom('instances')
            .select([unit.as('org_unit'), (eb) => eb.fn.countAll<number | string>().as('n')])
            .where('id', 'in', escalatedIn(ctx, from, to))
            .$if(processes !== undefined, (q) => q.where('instances.process_id', 'in', procs))
            .$if(units !== undefined, (q) => q.where('instances.org_unit', 'in', orgs))
            .groupBy(unit)
            .execute(),
        ]),
      )
      type Mutable = { -readonly [K in keyof ReportCounts]: ReportCounts[K] }
      const rows = new Map<string | null, Mutable>()
      const n = (v: number | string | bigint | null | undefined): number => (v === null || v === undefined ? 0 : num(v))
      const at = (u: string | null): Mutable => {
        let c = rows.get(u)
        if (c === undefined) {
          c = emptyReportCounts(u)
          rows.set(u, c)
        }
        return c
      }
      for (const r of main) {
        const counts = {
          opened: n(r.opened),
          active: n(r.active),
          suspended: n(r.suspended),
          completed: n(r.completed),
          cancelled: n(r.cancelled),
          failed: n(r.failed),
          resolved: n(r.resolved),
          unresolved: n(r.unresolved),
          void: n(r.void),
          closeTimeSum: n(r.close_time_sum),
          closeTimeCount: n(r.close_time_count),
          dueToClose: n(r.due_to_close),
          closed: n(r.closed),
          closedOnTime: n(r.closed_on_time),
          overdue: n(r.overdue),
          escalated: n(r.escalated),
        }
        // A unit whose cases count in no figure is left out, as the memory store leaves it out.
        if (Object.values(counts).every((v) => v === 0)) continue
        Object.assign(at(r.org_unit), counts)
      }
      for (const r of states) {
        const c = at(r.org_unit)
        c.byState = { ...c.byState, [r.state_key]: n(r.n) }
      }
      for (const r of escalated) at(r.org_unit).escalatedInWindow = n(r.n)
      for (const r of tasks) {
        const red = n(r.red)
        const yellow = n(r.yellow)
        at(r.org_unit).openTasks = { red, yellow, green: n(r.n) - red - yellow }
      }
      return [...rows.values()]
    },
  }
}
