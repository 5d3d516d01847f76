/**
 * Screening a new petition against the cases an engine already holds: is the same matter FINAL
 * (XF Art. 36), or still being handled at a lower level within its time limit (XF Art. 19)?
 *
 * This is the one place of the package that reads from an engine. It only gathers facts; the
 * rules are the pure {@link isRepeatOfFinal} and {@link checkUpwardDuplicate}, which the machine
 * applies when the facts arrive in the start input.
 *
 * @module
 */
import { stateIn, type Engine, type OrgUnit } from '@fengqiao/core'
import { PETITION_PROCESS_ID, type PetitionContext } from './petition-process.js'
import { BARRED_FINALITIES, checkUpwardDuplicate } from './rules.js'
import { HandlingStage, type LowerLevelCase, type PriorFinal } from './schemas.js'

/** What {@link screenPetition} looks for. */
export interface ScreeningQuery {
  /** The new petition's matter key; petitions are stored with it as their business key. */
  readonly matterKey: string
  /** The org unit the new petition is registered at. */
  readonly orgUnit: string
  /** The engine's org-unit tree (the same list given to `createEngine`), to tell which cases are lower. */
  readonly orgUnits: readonly OrgUnit[]
  /** When the new petition was received (ISO). @defaultValue the engine's now */
  readonly receivedAt?: string
  /** The petition process id. @defaultValue `'petition'` */
  readonly processId?: string
}

/** The screening facts, ready to spread into a petition's start input. */
export interface ScreeningFacts {
  priorFinal?: PriorFinal
  lowerLevelCase?: LowerLevelCase
}

function isBelow(unit: string | null, above: string, orgUnits: readonly OrgUnit[]): boolean {
  if (unit === null) return false
  const parent = new Map(orgUnits.map((u) => [u.id, u.parent ?? null]))
  const seen = new Set<string>()
  for (let p = parent.get(unit) ?? null; p !== null && !seen.has(p); p = parent.get(p) ?? null) {
    if (p === above) return true
    seen.add(p)
  }
  return false
}

/**
 * Finds the facts for XF Arts. 19 and 36 among the engine's petitions with the same matter key:
 * a FINAL case whose ending bars a repeat, and a case at a unit below `orgUnit` still in a
 * pre-opinion stage (with its current step's due time). Prefers a lower case that is still within
 * its limit at `receivedAt`.
 *
 * @param engine - the engine holding the petitions
 * @param query - matter key, the new petition's org unit and the org-unit tree
 * @returns facts to spread into the start input (empty when nothing matches)
 * @example
 * ```ts
 * const facts = await screenPetition(engine, { matterKey, orgUnit: 'city', orgUnits })
 * await engine.start('petition', { ...input, matterKey, ...facts }, { actor, orgUnit: 'city' })
 * ```
 */
export async function screenPetition(engine: Engine, query: ScreeningQuery): Promise<ScreeningFacts> {
  // Screening looks across org units on the host's own authority (a duplicate may sit anywhere
  // in the tree) and returns only facts — case ids, stages, due times — never a case's personal
  // data: so it reads through the engine's system reads, not a user's scope.
  const reads = engine.system
  const processId = query.processId ?? PETITION_PROCESS_ID
  const receivedAt = query.receivedAt ?? new Date(engine.clock.now()).toISOString()
  const facts: ScreeningFacts = {}
  let cursor: string | undefined
  do {
    const page = await reads.instances({ processId, businessKey: query.matterKey, limit: 100, cursor })
    for (const summary of page.items) {
      const stage = stateIn(summary.state, 'procedure')
      if (summary.status === 'completed') {
        if (facts.priorFinal !== undefined || stage !== 'final') continue
        const { context } = await reads.get(summary.id)
        const finality = (context as PetitionContext).finality
        if (finality !== null && BARRED_FINALITIES.includes(finality))
          facts.priorFinal = { caseId: summary.id, finality }
        continue
      }
      const top = HandlingStage.safeParse(stage.split('.')[0])
      if (summary.status !== 'active' || !top.success) continue
      const view = await reads.get(summary.id)
      if (!isBelow(view.orgUnit, query.orgUnit, query.orgUnits)) continue
      const task = (await reads.tasks({ instanceId: summary.id })).items.find((t) =>
        t.stateNode.startsWith(`${processId}.procedure.`),
      )
      const candidate: LowerLevelCase = {
        caseId: summary.id,
        orgUnit: view.orgUnit,
        stage: top.data,
        dueAt: task?.dueAt?.toISOString() ?? null,
      }
      if (
        facts.lowerLevelCase === undefined ||
        (checkUpwardDuplicate(candidate, receivedAt).refuse &&
          !checkUpwardDuplicate(facts.lowerLevelCase, receivedAt).refuse)
      ) {
        facts.lowerLevelCase = candidate
      }
    }
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return facts
}
