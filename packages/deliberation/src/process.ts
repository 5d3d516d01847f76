/**
 * The deliberation process (四议两公开) as an XState machine on the Fengqiao engine.
 *
 * draft → deliberating.{proposed → consulted → partyReviewed} → resolved → resolutionPublished →
 * implementing → implemented → resultPublished → archived; a township correction order or a
 * court ruling → revoked, disclosed in the result disclosure → archivedRevoked. The four
 * deliberations are in `four-deliberations.ts`, the two disclosures in `two-disclosures.ts`, the
 * rules in `setup.ts`.
 *
 * @module
 */
import { defineProcess, update } from '@fengqiao/core'
import { DELIBERATION_PROCESS_ID, initialContext } from './context.js'
import { deliberationStates } from './four-deliberations.js'
import { stateLabels } from './labels.js'
import { resolveParameters, type DeliberationParameters } from './parameters.js'
import { deliberationEvents, deliberationInputSchema } from './schemas.js'
import { deliberationSetup } from './setup.js'
import { disclosureStates } from './two-disclosures.js'

export { checkStep, COMPLAINT_PROCESS_ID, DELIBERATION_PROCESS_ID } from './context.js'
export type {
  ComplaintRecord,
  DeliberationContext,
  Disclosure,
  MeetingLogEntry,
  MeetingStep,
  ResultDisclosure,
  Revocation,
  StepCheck,
} from './context.js'

/** The version of the deliberation machine: 2 since its states are named in camelCase. */
export const DELIBERATION_PROCESS_VERSION = 2

/**
 * Builds the deliberation process from parameters.
 *
 * @param overrides - parameters to change (see `defaultDeliberationParameters`)
 * @returns the process definition, for `createEngine({ processes })` or `engine.process(…)`
 * @throws {FengqiaoError} INVALID_OPTIONS for malformed parameters
 * @example
 * ```ts
 * const deliberation = deliberationProcess({ representativeMeetingPassBase: 'all' })
 * const client = engine.process(deliberation)
 * ```
 */
export function deliberationProcess(overrides: Partial<DeliberationParameters> = {}) {
  const p = resolveParameters(overrides)
  const s = deliberationSetup(p)
  const machine = s.createMachine({
    id: 'deliberation',
    initial: 'draft',
    context: ({ input }) => initialContext(input, p),
    on: {
      // A linked complaint case ended (whatever state the deliberation is in by then).
      COMPLAINT_HANDLED: {
        actions: update(({ draft, event }) => {
          draft.complaints.open = Math.max(0, draft.complaints.open - 1)
          const out = event.output ?? null
          draft.complaints.records.push({
            childId: event.childId ?? null,
            decision: out?.decision ?? null,
            finding: out?.finding ?? null,
            reference: out?.reference ?? null,
          })
        }),
      },
    },
    states: {
      ...deliberationStates(s, p),
      ...disclosureStates(s, p),
      archived: { type: 'final', meta: { label: stateLabels.archived, outcome: 'resolved' } },
      archivedRevoked: { type: 'final', meta: { label: stateLabels.archivedRevoked, outcome: 'revoked' } },
      withdrawn: { type: 'final', meta: { label: stateLabels.withdrawn, outcome: 'void' } },
    },
  })

  return defineProcess({
    id: DELIBERATION_PROCESS_ID,
    version: DELIBERATION_PROCESS_VERSION,
    machine,
    input: deliberationInputSchema(p),
    events: deliberationEvents,
    start: { roles: ['partyOrganisation', 'villagersCommittee'] },
    label: { 'zh-CN': '四议两公开', en: 'Four deliberations, two disclosures' },
  })
}

/** The deliberation process definition type. */
export type DeliberationProcess = ReturnType<typeof deliberationProcess>
