/**
 * A CPU profile of a piece of work through `node:inspector`, summarised by self time per
 * function and per file (what `node --cpu-prof` gives, without leaving the process).
 */
import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { findSourceMap } from 'node:module'
import { relative } from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }
  hitCount?: number
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples?: number[]
  timeDeltas?: number[]
  startTime: number
  endTime: number
}

export interface HotSpot {
  readonly where: string
  readonly selfPct: number
}

export interface ProfileSummary {
  readonly functions: HotSpot[]
  readonly files: HotSpot[]
  /** Inclusive time of functions in Fengqiao's own sources (packages/*), by function. */
  readonly inclusive: HotSpot[]
}

const root = new URL('../../../', import.meta.url).pathname

function place(url: string): string {
  if (url === '') return '(native)'
  const path = url.startsWith('file://') ? new URL(url).pathname : url
  const pnpm = path.match(/node_modules\/\.pnpm\/[^/]+\/node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/)
  if (pnpm !== null) return `${pnpm[1]}/${pnpm[2]}`
  return path.startsWith(root) ? relative(root, path) : path
}

/** Runs `work` under the V8 CPU profiler (sampling every `intervalUs`) and summarises it. */
export async function profile(
  work: () => Promise<void>,
  options: { intervalUs?: number; saveTo?: string } = {},
): Promise<ProfileSummary> {
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: options.intervalUs ?? 100 })
  await session.post('Profiler.start')
  await work()
  const { profile: p } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile }
  session.disconnect()
  if (options.saveTo !== undefined) writeFileSync(options.saveTo, JSON.stringify(p))
  return summarise(p)
}

/** The 1-based source line of a frame, through the transpiler's source map when there is one. */
function lineOf(frame: ProfileNode['callFrame']): number {
  try {
    const map = frame.url === '' ? undefined : findSourceMap(frame.url)
    const entry = map?.findEntry(frame.lineNumber, frame.columnNumber) as { originalLine?: number } | undefined
    if (entry?.originalLine !== undefined) return entry.originalLine + 1
  } catch {
    // no map
  }
  return frame.lineNumber + 1
}

export function summarise(p: CpuProfile): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const total = p.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0)
  const fn = new Map<string, number>()
  const file = new Map<string, number>()
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0
    if (hits === 0) continue
    const where = place(n.callFrame.url)
    const name = n.callFrame.functionName === '' ? '(anonymous)' : n.callFrame.functionName
    const key = n.callFrame.url === '' ? name : `${where}:${lineOf(n.callFrame)} ${name}`
    fn.set(key, (fn.get(key) ?? 0) + hits)
    const fileKey = n.callFrame.url === '' ? name : where
    file.set(fileKey, (file.get(fileKey) ?? 0) + hits)
  }
  // Inclusive time of Fengqiao functions: hits in the subtree, counted once per function per stack.
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const inclusive = new Map<string, number>()
  for (const n of p.nodes) {
    const hits = n.hitCount ?? 0
    if (hits === 0) continue
    const seen = new Set<string>()
    for (let cur: ProfileNode | undefined = n; cur !== undefined; cur = byId.get(parent.get(cur.id) ?? -1)) {
      const where = place(cur.callFrame.url)
      if (!where.startsWith('packages/')) continue
      const key = `${where}:${lineOf(cur.callFrame)} ${cur.callFrame.functionName || '(anonymous)'}`
      if (seen.has(key)) continue
      seen.add(key)
      inclusive.set(key, (inclusive.get(key) ?? 0) + hits)
    }
  }
  const top = (m: Map<string, number>, k: number): HotSpot[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([where, hits]) => ({ where, selfPct: Math.round((1000 * hits) / total) / 10 }))
  return { functions: top(fn, 30), files: top(file, 20), inclusive: top(inclusive, 30) }
}
