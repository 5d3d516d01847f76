/**
 * Stored cases seeded straight through SQL (`generate_series` on PostgreSQL, a recursive CTE on
 * SQLite) into the adapter's own tables, for the benchmarks that need many cases (the report, the
 * console's lists): spread over a year and 111 org units (a county, 10 townships, 100 villages),
 * a quarter open with a task each (role `handler`), the rest closed — resolved, unresolved or
 * void —, one in twenty late and moved up the ladder with the history entry that says so. Their
 * snapshots are placeholders: only lists and reports read them.
 */
import Database from 'better-sqlite3'
import type pg from 'pg'

export const DAY = 86_400_000
export const BASE = Date.parse('2026-01-01T00:00:00+08:00')
export const orgUnits = [
  { id: 'c', level: 'county' },
  ...Array.from({ length: 10 }, (_, t) => ({ id: `t${t}`, parent: 'c', level: 'township' })),
  ...Array.from({ length: 100 }, (_, v) => ({ id: `v${v}`, parent: `t${v % 10}`, level: 'village' })),
]

/**
 * The columns of case `g` as SQL expressions over the integer `g` (the same on both databases):
 * created over the year, a quarter open, closed within 0–19 days, due 15 days after opening, one
 * in twenty late and escalated, one in thirteen void.
 */
export const COLUMNS = {
  id: `'r-' || g`,
  process: `case when g % 10 = 0 then 'petition' else 'dispute' end`,
  status: `case when g % 4 = 0 then 'active' else 'completed' end`,
  state: `case when g % 4 = 0 then 'handling' else 'closed' end`,
  unit: `'v' || (g % 100)`,
  township: `'t' || (g % 10)`,
  created: `(${BASE} + (g % 365) * ${DAY} + (g % 86400) * 1000)`,
  completed: `case when g % 4 = 0 then null else ${BASE} + (g % 365) * ${DAY} + (g % 86400) * 1000 + (g % 20) * ${DAY} end`,
  due: `(${BASE} + (g % 365) * ${DAY} + (g % 86400) * 1000 + 15 * ${DAY})`,
  breached: `case when g % 20 = 0 then 1 else 0 end`,
  outcome: `case when g % 4 = 0 then null when g % 13 = 0 then 'void' when g % 7 = 0 then 'unresolved' else 'resolved' end`,
}
const C = COLUMNS

/** Seeds cases 1..N into the `fq_` tables of a migrated PostgreSQL store, then analyzes them. */
export async function seedPostgres(pool: pg.Pool, N: number, progress: (done: number) => void): Promise<void> {
  const chunk = 200_000
  for (let from = 1; from <= N; from += chunk) {
    const to = Math.min(N, from + chunk - 1)
    await pool.query(
      `insert into fq_instances (id, process_id, process_version, status, state_key, snapshot, timers, tasks, version, org_unit, business_key, parent_id, parent_done_event, created_at, updated_at, history_seq, history_hash, deadlines, due_at, breached, completed_at, outcome, escalations)
         select ${C.id}, ${C.process}, 1, ${C.status}, ${C.state}, '{}'::jsonb, '[]'::jsonb, '[]'::jsonb, 1, ${C.unit}, null, null, null,
                ${C.created}, ${C.created}, 1, md5(g::text), '[]'::jsonb, ${C.due}, ${C.breached}, ${C.completed}, ${C.outcome}, ${C.breached}
         from generate_series(${from}::bigint, ${to}::bigint) g`,
    )
    await pool.query(
      `insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
         select ${C.id}, 1, ${C.created}, 'started', '{}'::jsonb, '{}'::jsonb, null, 'handling', 1, null, '', md5(g::text)
         from generate_series(${from}::bigint, ${to}::bigint) g`,
    )
    await pool.query(
      `insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
         select ${C.id}, 2, ${C.created} + 7 * ${DAY}, 'deadline', '{"type":"fengqiao.deadline.expired"}'::jsonb, '{}'::jsonb, 'handling', 'handling', 2,
                jsonb_build_object('deadline', 'village', 'escalatedFrom', ${C.unit}, 'escalatedTo', ${C.township}), md5(g::text), md5((g + 1)::text)
         from generate_series(${from}::bigint, ${to}::bigint) g where g % 20 = 0`,
    )
    await pool.query(
      `insert into fq_tasks (id, instance_id, process_id, state_node, role, org_unit, assignee, title, due_at, due_sort, warn_at, created_at)
         select ${C.id} || '.k', ${C.id}, ${C.process}, 'handling', 'handler', ${C.unit}, null, null, ${C.due}, ${C.due}, ${C.created} + 10 * ${DAY}, ${C.created}
         from generate_series(${from}::bigint, ${to}::bigint) g where g % 4 = 0`,
    )
    progress(to)
  }
  for (const t of ['instances', 'history', 'tasks']) await pool.query(`vacuum analyze fq_${t}`)
}

/** Seeds cases 1..N into the tables of a migrated SQLite store file, then analyzes them. */
export function seedSqlite(file: string, N: number, progress: (done: number) => void): void {
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = OFF')
  const series = (from: number, to: number) =>
    `with recursive s(g) as (select ${from} union all select g + 1 from s where g < ${to})`
  const chunk = 200_000
  for (let from = 1; from <= N; from += chunk) {
    const to = Math.min(N, from + chunk - 1)
    db.transaction(() => {
      db.exec(`${series(from, to)}
          insert into fq_instances (id, process_id, process_version, status, state_key, snapshot, timers, tasks, version, org_unit, business_key, parent_id, parent_done_event, created_at, updated_at, history_seq, history_hash, deadlines, due_at, breached, completed_at, outcome, escalations)
          select ${C.id}, ${C.process}, 1, ${C.status}, ${C.state}, '{}', '[]', '[]', 1, ${C.unit}, null, null, null,
                 ${C.created}, ${C.created}, 1, printf('%064d', g), '[]', ${C.due}, ${C.breached}, ${C.completed}, ${C.outcome}, ${C.breached} from s`)
      db.exec(`${series(from, to)}
          insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
          select ${C.id}, 1, ${C.created}, 'started', '{}', '{}', null, 'handling', 1, null, '', printf('%064d', g) from s`)
      db.exec(`${series(from, to)}
          insert into fq_history (instance_id, seq, at, kind, event, actor, from_state, to_state, version, detail, prev_hash, hash)
          select ${C.id}, 2, ${C.created} + 7 * ${DAY}, 'deadline', '{"type":"fengqiao.deadline.expired"}', '{}', 'handling', 'handling', 2,
                 json_object('deadline', 'village', 'escalatedFrom', ${C.unit}, 'escalatedTo', ${C.township}), printf('%064d', g), printf('%064d', g + 1)
          from s where g % 20 = 0`)
      db.exec(`${series(from, to)}
          insert into fq_tasks (id, instance_id, process_id, state_node, role, org_unit, assignee, title, due_at, due_sort, warn_at, created_at)
          select ${C.id} || '.k', ${C.id}, ${C.process}, 'handling', 'handler', ${C.unit}, null, null, ${C.due}, ${C.due}, ${C.created} + 10 * ${DAY}, ${C.created}
          from s where g % 4 = 0`)
    })()
    progress(to)
  }
  db.exec('analyze')
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}
