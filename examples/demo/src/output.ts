// What the demo prints after the month: a few highlights, the monthly report per org unit, a
// line per process, and what to try next.
import {
  fiveHeartCoreSteps,
  courtEventLabels,
  peoplesEventLabels,
  peoplesStage,
  peoplesStateLabels,
  policeEventLabels,
  type GradeChange,
  type PeoplesContext,
} from '@fengqiao/mediation'
import { eventLabels as petitionEventLabels, stageOf, type PetitionContext } from '@fengqiao/petition'
import { eventLabels as deliberationEventLabels, type DeliberationContext } from '@fengqiao/deliberation'
import { formatRate, type HistoryEntry, type Labels } from '@fengqiao/core'
import type { StoredInstance } from '@fengqiao/core/store'
import { at, firstDay, monthName, nextMonth, shortDate, type Month } from './calendar.js'
import { planOf } from './plans.js'
import { gridLines } from './grid-output.js'
import { allInstances, type RunStats } from './simulate.js'
import { reportLegend, reportTable } from './table.js'
import { COUNTY, orgUnits, TOWN } from './town.js'
import type { World } from './world.js'

const out = (line = '') => process.stdout.write(`${line}\n`)
const n = (x: number) => x.toLocaleString('en-US')

type Snapshot = { value: unknown; context: unknown }
const contextOf = <C>(r: StoredInstance) => (r.snapshot as unknown as Snapshot).context as C
const valueOf = (r: StoredInstance) => (r.snapshot as unknown as Snapshot).value as Parameters<typeof stageOf>[0]

const labels: Record<string, Labels> = {
  ...policeEventLabels,
  ...courtEventLabels,
  ...petitionEventLabels,
  ...deliberationEventLabels,
  ...peoplesEventLabels,
}
const heartLabel = new Map(fiveHeartCoreSteps.map((s) => [s.key, s.label['zh-CN']]))

/** One history entry in a few Chinese words. */
function describe(h: HistoryEntry): string | null {
  const e = h.event as { type?: string; [k: string]: unknown }
  const d = (h.detail ?? {}) as { sent?: string; escalatedTo?: string }
  const who = (h.actor as { id?: string }).id ?? ''
  if (h.kind === 'started') {
    const roles = (h.actor as { roles?: string[] }).roles ?? []
    return `${roles.includes('party') ? '申请调解' : roles.includes('committee') ? '主动调解' : '登记'}（${who}）`
  }
  if (h.kind === 'deadline') {
    const what = d.sent === undefined ? '期限届满' : (labels[d.sent]?.['zh-CN'] ?? d.sent)
    return d.escalatedTo === undefined ? what : `${what} → ${d.escalatedTo}`
  }
  const type = e.type ?? ''
  if (type.startsWith('xstate.after')) return null
  if (type === 'HEART_STEP') return `五心调解·${heartLabel.get(String(e.step)) ?? String(e.step)}`
  const label = labels[type]?.['zh-CN'] ?? type
  if (type === 'ASSIGN_MEDIATOR')
    return `${label}（${((e.mediators as Array<{ name: string }>) ?? []).map((m) => m.name).join('、')}）`
  if (type === 'ASSIGN_LEADER') return `${label}（${String(e.leader)}）`
  if (type === 'CONSENT' || type === 'APPLY_CONFIRMATION') return `${label}（${who}）`
  return label
}

/** A case's history, one line per day, repeated steps folded (`×2`). */
async function timeline(w: World, r: StoredInstance): Promise<string[]> {
  const days = new Map<string, string[]>()
  for (const h of await w.engine.system.history(r.id)) {
    const text = describe(h)
    if (text === null) continue
    const day = shortDate(h.at)
    const items = days.get(day) ?? []
    const base = text.replace(/（.*）$/, '')
    const last = items.at(-1)
    if (last !== undefined && last.replace(/（.*）| ×\d+$/g, '') === base && (text.endsWith('）') || last === text)) {
      const m = / ×(\d+)$/.exec(last)
      items[items.length - 1] = `${base} ×${m === null ? 2 : Number(m[1]) + 1}`
    } else items.push(text)
    days.set(day, items)
  }
  return [...days].map(([day, items]) => `  ${day}  ${items.join(' · ')}`)
}

/** Picks the case to show day by day: one that went up the ladder and was settled there. */
function showcase(rows: StoredInstance[]): StoredInstance | undefined {
  const disputes = rows.filter((r) => r.processId === 'mediation' && r.parentId === null)
  const kind = (r: StoredInstance) => (planOf(r.businessKey) as { kind?: string } | undefined)?.kind
  return (
    disputes.find((r) => kind(r) === 'slow' && r.status === 'completed') ??
    disputes.find((r) => kind(r) === 'confirm' && r.status === 'completed') ??
    disputes.find((r) => r.status === 'completed') ??
    disputes[0]
  )
}

function deliberationLine(r: StoredInstance): string {
  const c = contextOf<DeliberationContext>(r)
  const m = (step: string) => c.meetings.filter((x) => x.step === step && x.outcome === 'passed').at(-1)?.record
  const meet = (step: string, body: string) => {
    const x = m(step)
    return x === undefined
      ? null
      : `${body} ${shortDate(x.date)}（${x.attended}/${x.shouldAttend} 到会，${x.votes.for} 票赞成）`
  }
  const parts = [
    c.proposal === null ? null : `提议 ${shortDate(c.proposal.date)}`,
    meet('consultation', '商议'),
    meet('review', '审议'),
    meet('resolution', '决议'),
    c.resolutionDisclosure === null ? null : `决议公开 ${shortDate(c.resolutionDisclosure.postedAt.slice(0, 10))}`,
    c.implementation.startedOn === null
      ? null
      : `实施 ${shortDate(c.implementation.startedOn)}–${c.implementation.completedOn === null ? '' : shortDate(c.implementation.completedOn)}`,
    c.resultDisclosure === null ? null : `结果公开 ${shortDate(c.resultDisclosure.postedAt.slice(0, 10))}`,
    c.archive === null ? null : `归档 ${shortDate(r.completedAt ?? r.updatedAt)}`,
  ].filter((x): x is string => x !== null)
  return parts.join(' → ')
}

/**
 * Prints the month.
 *
 * @param stats - what the run did
 * @param seconds - how long the simulation took
 */
export async function printRun(w: World, month: Month, stats: RunStats, seconds: number): Promise<void> {
  const from = at(firstDay(month))
  const to = at(firstDay(nextMonth(month)))
  const rows = await allInstances(w.engine.store)
  const inMonth = (r: StoredInstance) => r.createdAt >= from && r.createdAt < to
  const opened = rows.filter(inMonth)
  const linked = opened.filter((r) => r.parentId !== null).length
  const effects = [...w.effects.values()].reduce((s, x) => s + x.length, 0)

  out(
    `Done in ${seconds.toFixed(1)} s: ${n(opened.length)} cases this month (${n(stats.started)} came in, ${linked} linked cases opened by other cases); ${n(stats.commands)} commands, ${n(stats.timers)} timers fired, ${n(effects)} effects delivered.`,
  )
  out()

  // One case, day by day.
  const show = showcase(opened)
  if (show !== undefined) {
    const c = contextOf<PeoplesContext>(show)
    out(
      `一宗纠纷 · One dispute, day by day — ${show.businessKey ?? show.id}: ${c.facts}（${c.parties.map((p) => p.name).join(' 与 ')}）`,
    )
    for (const line of await timeline(w, show)) out(line)
    const v = await w.engine.system.verify(show.id)
    const stage = peoplesStage(show.stateKey).stage
    const label = (peoplesStateLabels as Record<string, Labels | undefined>)[stage.split('.').at(-1) ?? '']?.['zh-CN']
    out(
      `  → ${label === undefined ? stage : `${label} (${stage})`} at ${show.orgUnit}; ${v.entries} history entries, hash chain ${v.ok ? 'intact' : 'BROKEN'}`,
    )
    out()
  }

  // The village decisions that moved this month.
  for (const r of rows.filter((x) => x.processId === 'deliberation' && x.updatedAt >= from)) {
    const c = contextOf<DeliberationContext>(r)
    const steps = deliberationLine(r)
    const cut = steps.indexOf(' → 决议公开')
    out(`四议两公开 · ${c.village.name}「${c.matter.title}」${r.status === 'completed' ? '（已归档 archived）' : ''}`)
    out(`  ${cut < 0 ? steps : steps.slice(0, cut)}`)
    if (cut >= 0) out(`  ${steps.slice(cut + 1)}`)
  }

  // The ladder, the police, supervision.
  const changes = (w.effects.get('gradeBulletin') ?? []) as GradeChange[]
  const up = (level: string, reason?: string) =>
    changes.filter((g) => g.toLevel === level && g.fromLevel !== level && (reason === undefined || g.reason === reason))
      .length
  const notices = (w.effects.get('notifyPetitioner') ?? []) as Array<{ notice: string }>
  const supervised = (w.effects.get('issueSupervisionNotice') ?? []).length
  out(
    `三色预警 · This month ${up('township')} disputes overran the village's 7 days and moved up to ${TOWN} (yellow), ${up('county')} moved up to ${COUNTY} (red),`,
  )
  out(
    `  ${up('county', 'criminalRisk')} of them on a criminal-risk flag reported to the police; ${(w.effects.get('redDailyReport') ?? []).length} red daily reports went to the county's case owners.`,
  )
  out(
    `信访 · ${notices.filter((x) => x.notice === 'extended').length} handling periods extended by the township head, ${notices.filter((x) => x.notice === 'reviewDecision').length} review decisions by the city, ${supervised} overdue step${supervised === 1 ? '' : 's'} supervised (督办).`,
  )
  out()

  // The monthly report.
  const report = await w.engine.system.report({ from, to })
  const disputes = await w.engine.system.report({ from, to, processId: 'mediation' })
  out(
    `月度报表 · Monthly report, ${monthName(month)} (cases opened ${firstDay(month)} – ${shortDate(to - 1)}; colours and overdue at ${firstDay(nextMonth(month))} 00:00)`,
  )
  out(
    reportTable(
      report,
      disputes,
      orgUnits.map((u) => u.id),
    ),
  )
  for (const l of reportLegend) out(l)
  // The on-time rate, and the cases behind it: the report's drill-down queries list them.
  const county = report.total
  const late: string[] = []
  for (const q of county.drillDown?.closed ?? []) {
    let cursor: string | undefined
    do {
      const page = await w.engine.system.instances({ ...q, closedOnTime: false, cursor, limit: 1000 })
      for (const x of page.items) late.push((await w.engine.system.get(x.id)).businessKey ?? x.id)
      cursor = page.nextCursor
    } while (cursor !== undefined)
  }
  out(
    `按期办结率 ${formatRate(county.onTimeRate)} at ${COUNTY}: ${county.closedOnTime} of ${county.dueToClose} due this month closed on time, ${county.closed - county.closedOnTime} closed late` +
      (late.length === 0 ? '' : ` (${late.sort().join(', ')})`) +
      `; ${county.escalatedInWindow} moved up the ladder this month, ${county.escalated} ever.`,
  )
  out()

  // One line per process.
  const of = (p: string) => opened.filter((r) => r.processId === p)
  const closed = (xs: StoredInstance[]) => xs.filter((r) => r.status === 'completed').length
  const count = (xs: StoredInstance[], f: (r: StoredInstance) => boolean) => xs.filter(f).length
  const peoples = of('mediation')
  const pc = (r: StoredInstance) => contextOf<PeoplesContext>(r)
  out(
    `人民调解 ${peoples.length}: ${closed(peoples)} closed (${count(peoples, (r) => r.outcome === 'resolved')} resolved, ${count(peoples, (r) => r.outcome === 'unresolved')} unresolved, ${count(peoples, (r) => r.outcome === 'void')} void), ` +
      `化解率 ${formatRate(disputes.total.resolutionRate)}; ${count(peoples, (r) => pc(r).confirmation.status === 'confirmed')} judicially confirmed, ${count(peoples, (r) => pc(r).transfer?.to === 'police')} to the police, ${count(peoples, (r) => pc(r).transfer?.to === 'court')} to the court, ${count(peoples, (r) => r.escalations > 0)} moved up the ladder`,
  )
  const police = of('policeMediation')
  const court = of('courtMediation')
  out(
    `公安调解 ${police.length}: ${count(police, (r) => r.stateKey === 'noPenalty')} settled without penalty, ${count(police, (r) => r.stateKey === 'penalized')} penalized, ${police.length - closed(police)} open · ` +
      `法院调解 ${court.length}: ${count(court, (r) => r.stateKey === 'settled' || r.stateKey === 'statementEffective')} settled, ${court.length - closed(court)} open`,
  )
  const petitions = of('petition')
  const ptc = (r: StoredInstance) => contextOf<PetitionContext>(r)
  const stage = (r: StoredInstance) => stageOf(valueOf(r))
  out(
    `信访 ${petitions.length}: ${count(petitions, (r) => ptc(r).opinion !== null)} answered, ${count(petitions, (r) => ptc(r).extension !== null)} extended, ${count(petitions, (r) => ptc(r).review !== null)} under review, ` +
      `${count(petitions, (r) => stage(r) === 'diverted')} diverted, ${count(petitions, (r) => ptc(r).supervision.overdue.length > 0)} overdue and supervised, ${count(petitions, (r) => stage(r) === 'withdrawn')} withdrawn, ${count(petitions, (r) => stage(r) === 'final')} final, ${petitions.length - closed(petitions)} open`,
  )
  const followUps = of('petition-followup')
  if (followUps.length > 0)
    out(
      `疏导帮扶 ${followUps.length}: follow-ups after finality (XF Art. 37), ${closed(followUps)} done, ${followUps.length - closed(followUps)} open`,
    )

  for (const line of await gridLines(w, from, to, opened, report)) out(line)

  // Every history, checked.
  let intact = 0
  for (const r of rows) if ((await w.engine.system.verify(r.id)).ok) intact++
  out(`Hash-chained histories verified: ${intact} of ${rows.length} cases intact.`)
  if (stats.refused.length > 0 || w.errors.length > 0) {
    for (const e of [...stats.refused, ...w.errors]) process.stderr.write(`demo: ${e}\n`)
  }
}
