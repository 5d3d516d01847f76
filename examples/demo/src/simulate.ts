// The simulation: day by day through a month on the manual clock. Each working day at 09:00 the
// day's intake is registered and every open case's script takes the steps that are due; between
// days the clock moves on and every timer fires at its own due time (statutory deadlines, the
// ladder, posting periods), with linked-case results and effects delivered after each.
import type { CivilDate } from '@fengqiao/core'
import type { DeliberationContext } from '@fengqiao/deliberation'
import type { Store, StoredInstance } from '@fengqiao/core/store'
import { deliberationIntake, deliberationScript } from './agents/deliberation.js'
import { courtScript, peoplesScript, policeScript } from './agents/mediation.js'
import { gridIntake, gridScript, hotlineIntake, hotlineScript } from './agents/grid.js'
import { followUpScript, petitionIntake, petitionScript } from './agents/petition.js'
import { play, type CaseView, type Script } from './agents/script.js'
import { at, calendar, daysOf, firstDay, nextMonth, type Month } from './calendar.js'
import { planMonth, planOf, type CasePlan } from './plans.js'
import { officials, party } from './town.js'
import type { World } from './world.js'

/** What one run did. */
export interface RunStats {
  started: number
  commands: number
  timers: number
  /** Commands a script expected to succeed that the engine refused (a bug in the demo). */
  refused: string[]
}

/**
 * Moves the clock to `target`, firing every timer at its own due time on the way (a timer that a
 * fired timer schedules within the window fires too), and delivering linked-case results and
 * effects after each.
 */
export async function advanceTo(w: World, target: number, stats: RunStats): Promise<void> {
  let last: number | undefined
  for (;;) {
    const next = await w.engine.store.nextTimerDue()
    if (next === undefined || next > target) break
    if (next > w.clock.now()) w.clock.set(next)
    const fired = await w.engine.runDueTimers()
    stats.timers += fired
    await w.engine.runOutbox()
    // A timer that failed stays leased: leave it to its lease rather than spin (the error is reported).
    if (fired === 0 && next === last) break
    last = next
  }
  if (target > w.clock.now()) w.clock.set(target)
  await w.engine.runOutbox()
}

/** Every case in the store, oldest first (read from the store itself, as reports do). */
export async function allInstances(store: Store): Promise<StoredInstance[]> {
  const out: StoredInstance[] = []
  let cursor: string | undefined
  do {
    const page = await store.findInstances({}, { limit: 1000, cursor })
    out.push(...page.items)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return out
}

async function start(w: World, plan: CasePlan): Promise<void> {
  const options = { orgUnit: plan.unit, businessKey: plan.key, idempotencyKey: plan.key }
  if (plan.process === 'mediation') {
    const [a, b] = plan.parties
    await w.peoples.start(
      {
        parties: [
          { id: a, name: a },
          { id: b, name: b },
        ],
        disputeType: plan.disputeType,
        facts: plan.facts,
        request: plan.request,
        origin: plan.initiative ? 'committee' : 'party',
        applicants: plan.initiative ? [] : [a],
        ...(plan.kind === 'micro' ? { level: 'grid' } : {}),
      },
      { ...options, actor: plan.initiative ? officials(plan.unit).committee : party(a) },
    )
  } else if (plan.process === 'petition') {
    const { input, actor } = petitionIntake(plan, w.clock.now())
    await w.petition.start(input, { ...options, actor })
  } else if (plan.process === 'grid') {
    const { input, actor } = gridIntake(plan)
    await w.gridEvent.start(input, { ...options, actor })
  } else if (plan.process === 'hotline') {
    const { input, actor } = hotlineIntake(plan, w.clock.now())
    await w.hotline.start(input, { ...options, actor })
  } else {
    const { input, actor } = deliberationIntake(plan)
    await w.deliberation.start(input, { ...options, actor })
  }
}

/** A case's script, whatever its context type. */
type Runner = (v: CaseView<never>) => Script<never>

/** Finds the script of a case: by its file number, or by its parent's for a linked case. */
async function scriptOf(w: World, id: string, cache: Map<string, Runner | null>): Promise<Runner | null> {
  const hit = cache.get(id)
  if (hit !== undefined) return hit
  const v = await w.engine.system.get(id)
  let own = planOf(v.businessKey)
  if (own === undefined && v.parentId !== null) own = planOf((await w.engine.system.get(v.parentId)).businessKey)
  let script: Runner | null = null
  if (own?.process === 'mediation') {
    const plan = own
    if (v.processId === 'mediation') script = () => peoplesScript(w, plan) as Script<never>
    else if (v.processId === 'policeMediation') script = () => policeScript(w, plan) as Script<never>
    else if (v.processId === 'courtMediation') script = () => courtScript(w, plan) as Script<never>
  } else if (own?.process === 'petition') {
    const plan = own
    if (v.processId === 'petition') script = () => petitionScript(w, plan) as Script<never>
    else if (v.processId === 'mediation') script = () => peoplesScript(w, plan) as Script<never>
    else if (v.processId === 'petition-followup') script = () => followUpScript(w, plan) as Script<never>
  } else if (own?.process === 'grid' && v.processId === 'grid-event') {
    const plan = own
    script = () => gridScript(w, plan) as Script<never>
  } else if (own?.process === 'hotline' && v.processId === 'hotline-ticket') {
    const plan = own
    script = () => hotlineScript(w, plan) as Script<never>
  } else if (own?.process === 'deliberation' && v.processId === 'deliberation') {
    const plan = own
    script = (x) => deliberationScript(w, plan, x as CaseView<DeliberationContext>) as Script<never>
  }
  cache.set(id, script)
  return script
}

/**
 * Simulates a month, or the rest of one from `from`.
 *
 * @param options - `from`: the first day to simulate; `stored`: file numbers already registered;
 *   `onDay`: called after each day
 */
export async function simulateMonth(
  w: World,
  month: Month,
  options: { from?: CivilDate; stored?: ReadonlySet<string>; onDay?: (date: CivilDate) => void } = {},
): Promise<RunStats> {
  const stats: RunStats = { started: 0, commands: 0, timers: 0, refused: [] }
  const plan = planMonth(month)
  const scripts = new Map<string, Runner | null>()
  const stuck = new Set<string>()
  for (const date of daysOf(month)) {
    if (options.from !== undefined && date < options.from) continue
    await advanceTo(w, at(date, '09:00'), stats)
    if (calendar.isWorkingDay(date)) {
      for (const c of plan.cases) {
        // A case an interrupted run already registered is not registered twice (its idempotency key would say so too).
        if (c.day !== date || options.stored?.has(c.key) === true) continue
        await start(w, c)
        stats.started++
      }
      // Every open case takes the steps due today (oldest first).
      let cursor: string | undefined
      const open: string[] = []
      do {
        const page = await w.engine.system.instances({ status: 'active', limit: 1000, cursor })
        open.push(...page.items.map((i) => i.id))
        cursor = page.nextCursor
      } while (cursor !== undefined)
      for (const id of open) {
        if (stuck.has(id)) continue
        const script = await scriptOf(w, id, scripts)
        if (script === null) continue
        try {
          stats.commands += await play(w.engine, id, script)
        } catch (e) {
          stuck.add(id)
          stats.refused.push(e instanceof Error ? e.message : String(e))
        }
      }
      // Linked cases report back; zero-hour routing deadlines move cases up the ladder.
      await w.engine.runOutbox()
      await advanceTo(w, w.clock.now(), stats)
    }
    options.onDay?.(date)
  }
  await advanceTo(w, at(firstDay(nextMonth(month))), stats)
  return stats
}
