/**
 * The results file (`bench/results/latest.json`) and its markdown table.
 */
import type { Figure, SystemFigure } from './stats.js'
import { fmt } from './stats.js'

/** The stable ratio keys, their targets, and whether a ratio is "at least" or "at most" the target. */
export const TARGETS = {
  ratio_memory_vs_xstate: { target: 0.7, kind: 'min', what: 'Fengqiao memory / raw XState' },
  ratio_vs_bpmn_engine: { target: 100, kind: 'min', what: 'Fengqiao memory / bpmn-engine' },
  ratio_pg8_vs_raw: { target: 0.7, kind: 'min', what: 'Fengqiao PostgreSQL, 8 clients / raw limit' },
  ratio_pg8_vs_dbos: { target: 3, kind: 'min', what: 'Fengqiao PostgreSQL, 8 clients / DBOS' },
  ratio_sqlite_vs_raw: { target: 0.6, kind: 'min', what: 'Fengqiao SQLite / raw better-sqlite3' },
  ratio_p99_1m_vs_10k: { target: 1.3, kind: 'max', what: 'PostgreSQL send p99, 1M / 10k stored' },
} as const

export type RatioKey = keyof typeof TARGETS

export interface ComparisonResult {
  /** events/s (DBOS: steps/s) per system, with CPU µs per event. */
  readonly systems: Record<string, SystemFigure>
  readonly clients: number
  readonly ratios: Record<string, number | null>
  /** Min and max of the ratio computed round by round. */
  readonly ratioByRound: Record<string, { min: number; max: number } | null>
}

export interface Results {
  readonly schema: 1
  readonly mode: 'quick' | 'full'
  readonly date: string
  readonly durationSeconds: number
  readonly machine: Record<string, unknown>
  readonly config: Record<string, unknown>
  readonly ratios: Record<string, number | null>
  readonly targets: Record<string, { target: number; kind: 'min' | 'max'; value: number | null; met: boolean | null }>
  readonly sections: Record<string, unknown>
  readonly notes: string[]
}

export function judge(ratios: Record<string, number | null>): Results['targets'] {
  const out: Results['targets'] = {}
  for (const [key, t] of Object.entries(TARGETS)) {
    const value = ratios[key] ?? null
    out[key] = {
      target: t.target,
      kind: t.kind,
      value,
      met: value === null ? null : t.kind === 'min' ? value >= t.target : value <= t.target,
    }
  }
  return out
}

const spread = (f: Figure | undefined): string =>
  f === undefined ? '—' : `${fmt(f.median)} (${fmt(f.min)}–${fmt(f.max)})`
const x = (v: number | null | undefined): string =>
  v === null || v === undefined ? '—' : `${fmt(v, v >= 100 ? 0 : 2)}×`
const mark = (met: boolean | null | undefined): string =>
  met === null || met === undefined ? 'n/a' : met ? 'yes' : '**no**'

interface Row {
  readonly name: string
  readonly fengqiao: Figure | undefined
  readonly baselineName: string
  readonly baseline: Figure | undefined
  readonly key: string
}

/** The markdown table of a run. */
export function markdown(r: Results): string {
  const s = r.sections as Record<string, ComparisonResult | undefined>
  const mem = s.memory
  const pg1 = s.postgres1
  const pg8 = s.postgres8
  const lite = s.sqlite
  const liteNormal = s.sqliteNormal
  const rows: Row[] = [
    {
      name: 'In memory, 1 client',
      fengqiao: mem?.systems['fengqiao-memory'],
      baselineName: 'raw XState',
      baseline: mem?.systems['xstate-raw'],
      key: 'ratio_memory_vs_xstate',
    },
    {
      name: 'In memory, 1 client',
      fengqiao: mem?.systems['fengqiao-memory'],
      baselineName: 'bpmn-engine',
      baseline: mem?.systems['bpmn-engine'],
      key: 'ratio_vs_bpmn_engine',
    },
    {
      name: 'PostgreSQL, 1 client',
      fengqiao: pg1?.systems['fengqiao-pg'],
      baselineName: 'raw SQL limit',
      baseline: pg1?.systems['raw-pg'],
      key: 'ratio_pg1_vs_raw',
    },
    {
      name: 'PostgreSQL, 8 clients',
      fengqiao: pg8?.systems['fengqiao-pg'],
      baselineName: 'raw SQL limit',
      baseline: pg8?.systems['raw-pg'],
      key: 'ratio_pg8_vs_raw',
    },
    {
      name: 'PostgreSQL, 8 clients: raw XState + the same writes (no Fengqiao)',
      fengqiao: pg8?.systems['xstate-pg'],
      baselineName: 'raw SQL limit',
      baseline: pg8?.systems['raw-pg'],
      key: 'ratio_pg8_xstate_floor_vs_raw',
    },
    {
      name: 'PostgreSQL, 1 client',
      fengqiao: pg1?.systems['fengqiao-pg'],
      baselineName: 'DBOS (steps/s)',
      baseline: pg1?.systems.dbos,
      key: 'ratio_pg1_vs_dbos',
    },
    {
      name: 'PostgreSQL, 8 clients',
      fengqiao: pg8?.systems['fengqiao-pg'],
      baselineName: 'DBOS (steps/s)',
      baseline: pg8?.systems.dbos,
      key: 'ratio_pg8_vs_dbos',
    },
    {
      name: 'SQLite file, `synchronous = FULL` (default), 1 client',
      fengqiao: lite?.systems['fengqiao-sqlite'],
      baselineName: 'raw better-sqlite3',
      baseline: lite?.systems['raw-sqlite'],
      key: 'ratio_sqlite_vs_raw',
    },
    {
      name: 'SQLite file, `synchronous = NORMAL`, 1 client',
      fengqiao: liteNormal?.systems['fengqiao-sqlite-normal'],
      baselineName: 'raw better-sqlite3',
      baseline: liteNormal?.systems['raw-sqlite-normal'],
      key: 'ratio_sqlite_normal_vs_raw',
    },
    {
      name: 'SQLite file, `synchronous = NORMAL`: raw XState + the same writes (no Fengqiao)',
      fengqiao: liteNormal?.systems['xstate-sqlite-normal'],
      baselineName: 'raw better-sqlite3',
      baseline: liteNormal?.systems['raw-sqlite-normal'],
      key: 'ratio_sqlite_xstate_floor_vs_raw',
    },
  ]
  const lines: string[] = []
  const git = r.machine.git as { commit: string; uncommittedEngineChanges: boolean } | null | undefined
  const at =
    git === undefined || git === null
      ? ''
      : ` at commit ${git.commit}${git.uncommittedEngineChanges ? ' (with uncommitted changes in core or the adapter)' : ''}`
  lines.push(
    `Run: \`${r.mode === 'quick' ? 'pnpm bench --quick' : 'pnpm bench'}\`${at} on ${r.date.slice(0, 10)}, ${String(r.machine.cpus)} × ${String(r.machine.cpuModel)}, Node ${String(r.machine.node)}, PostgreSQL ${String(r.machine.postgres ?? '—')}, SQLite ${String(r.machine.sqlite ?? '—')}; ${String(r.config.rounds)} alternating rounds of ${String(r.config.secondsPerRound)} s (PostgreSQL: ${String(r.config.pgSecondsPerRound)} s) per system after a warm-up; load average ${JSON.stringify(r.machine.loadAverageAtStart)} at the start; took ${Math.round(r.durationSeconds)} s.`,
  )
  lines.push('')
  lines.push(
    'Throughput in events/s (DBOS: workflow steps/s), median of the rounds (min–max). Ratio = Fengqiao median / baseline median.',
  )
  lines.push('')
  const range = (key: string): string => {
    for (const c of [mem, pg1, pg8, lite, liteNormal]) {
      const rr = c?.ratioByRound?.[key]
      if (rr !== undefined && rr !== null) return `${x(rr.min)}–${x(rr.max)}`
    }
    return '—'
  }
  lines.push(
    '| Benchmark | Fengqiao events/s | Baseline | Baseline events/s | Ratio | Per-round ratio | Target | Met |',
  )
  lines.push('|---|---:|---|---:|---:|---:|---:|:---:|')
  for (const row of rows) {
    const t = r.targets[row.key]
    const target = t === undefined ? '' : `${t.kind === 'min' ? '≥' : '≤'} ${t.target}×`
    lines.push(
      `| ${row.name} | ${spread(row.fengqiao)} | ${row.baselineName} | ${spread(row.baseline)} | **${x(r.ratios[row.key])}** \`${row.key}\` | ${range(row.key)} | ${target} | ${t === undefined ? '' : mark(t.met)} |`,
    )
  }
  const cpuRows: string[] = []
  for (const [label, c] of [
    ['in memory', mem],
    ['PostgreSQL, 1 client', pg1],
    ['PostgreSQL, 8 clients', pg8],
    ['SQLite', lite],
    ['SQLite NORMAL', liteNormal],
  ] as const) {
    if (c === undefined) continue
    cpuRows.push(
      `${label}: ${Object.entries(c.systems)
        .map(([name, f]) => `${name} ${fmt(f.cpuUsPerEvent.median)}`)
        .join(', ')}`,
    )
  }
  if (cpuRows.length > 0) {
    lines.push('')
    lines.push(
      `CPU time of the benchmark process per event, µs (median of the rounds; steadier than events/s on a busy machine; the database servers' own CPU is not in it): ${cpuRows.join('; ')}.`,
    )
  }
  const scale = r.sections.scale as Record<string, Record<string, ScaleLevel> | undefined> | undefined
  if (scale !== undefined) {
    lines.push('')
    lines.push(
      'Scale: latency of one `send` (sequential, random stored instance) with N instances stored; p99 spread is the min–max of the per-round p99s. Claim: `claimDueTimers` of the 100 due timers among N pending. Heap: `heapUsed` after GC with an engine on that store.',
    )
    lines.push('')
    lines.push(
      '| Store | Stored instances | Sends | p50 ms | p99 ms (rounds min–max) | Claim 100 due of N timers, ms | Heap MB (engine + store Δ) |',
    )
    lines.push('|---|---:|---:|---:|---:|---:|---:|')
    for (const backend of ['postgres', 'sqlite']) {
      const levels = scale[backend]
      if (levels === undefined) continue
      for (const [label, l] of Object.entries(levels)) {
        lines.push(
          `| ${backend === 'postgres' ? 'PostgreSQL' : 'SQLite'} | ${label} | ${l.sends} | ${l.p50Ms.toFixed(2)} | ${l.p99Ms.toFixed(2)} (${Math.min(...l.p99ByRound).toFixed(2)}–${Math.max(...l.p99ByRound).toFixed(2)}) | ${l.claim100Ms.median.toFixed(2)} | ${l.heapMb.toFixed(1)} (${l.heapDeltaMb >= 0 ? '+' : ''}${l.heapDeltaMb.toFixed(2)}) |`,
        )
      }
    }
    const t = r.targets.ratio_p99_1m_vs_10k
    lines.push('')
    lines.push(
      `p99 ratios: \`ratio_p99_1m_vs_10k\` (PostgreSQL) ${x(r.ratios.ratio_p99_1m_vs_10k)} (target ≤ 1.3×, met: ${mark(t?.met)}); SQLite ${x(r.ratios.ratio_p99_1m_vs_10k_sqlite)}; 100k vs 10k: PostgreSQL ${x(r.ratios.ratio_p99_100k_vs_10k)}, SQLite ${x(r.ratios.ratio_p99_100k_vs_10k_sqlite)}.`,
    )
  }
  const heap = r.sections.memoryHeap as
    Array<{ instances: number; heapMb: number; bytesPerInstance: number }> | undefined
  if (heap !== undefined && heap.length > 0) {
    lines.push('')
    lines.push(
      `Memory store (everything in the heap): ${heap.map((h) => `${h.instances.toLocaleString('en-US')} instances → ${h.heapMb.toFixed(1)} MB (${h.bytesPerInstance.toLocaleString('en-US')} B each)`).join('; ')}.`,
    )
  }
  if (r.notes.length > 0) {
    lines.push('')
    for (const n of r.notes) lines.push(`- ${n}`)
  }
  return `${lines.join('\n')}\n`
}

export interface ScaleLevel {
  readonly sends: number
  readonly p50Ms: number
  readonly p99Ms: number
  readonly p99ByRound: number[]
  readonly claim100Ms: { median: number }
  readonly heapMb: number
  readonly heapDeltaMb: number
}
