/**
 * The petition process (信访事项办理) under the 2022 Regulations on Petition Work, assembled from
 * its regions: `intake.ts` (registration and screening), `routing.ts` (transfer, objection,
 * competence disputes), `handling.ts` (handling, extension, mediation, the opinion), `review.ts`
 * (review and re-review), and the parallel `supervision.ts`. The rules they check are the named
 * guards of `setup.ts`.
 *
 * @module
 */
import { defineProcess, type Json, type OrgUnit } from '@fengqiao/core'
import {
  defaultMediationInput,
  initialContext,
  PETITION_FOLLOWUP_PROCESS_ID,
  PETITION_PROCESS_ID,
  PETITION_PROCESS_VERSION,
  type MediationHandoverArgs,
} from './context.js'
import { handlingStates } from './handling.js'
import { intakeStates } from './intake.js'
import { labels } from './labels.js'
import { resolveParameters, type PetitionParameters } from './parameters.js'
import { petitionPersonal } from './personal.js'
import { reviewStates } from './review.js'
import { routingStates } from './routing.js'
import { petitionEventSchemas, petitionInputSchema } from './schemas.js'
import { meta, petitionSetup } from './setup.js'
import { supervisionRegion } from './supervision.js'

export {
  defaultMediationInput,
  followUpInput,
  PETITION_FOLLOWUP_PROCESS_ID,
  PETITION_PROCESS_ID,
  PETITION_PROCESS_VERSION,
} from './context.js'
export type {
  BureauReport,
  CompetenceDispute,
  MediationHandoverArgs,
  Objector,
  OverdueStep,
  PetitionContext,
  PetitionerNotice,
  PetitionOutput,
  PetitionRecord,
  ReviewDecision,
} from './context.js'

export interface PetitionProcessOptions {
  /** Statutory parameters to override. */
  readonly parameters?: Partial<PetitionParameters>
  /**
   * The engine's org-unit tree, to find the common superior of organs disputing competence
   * (XF Art. 24). Without it (or when an organ's unit is unknown) the superior's unit comes from
   * the `ORGANS_DISAGREE` payload or defaults to the case's unit.
   */
  readonly orgUnits?: readonly OrgUnit[]
  /**
   * The follow-up counselling case opened when a claim becomes FINAL (XF Art. 37): the process id
   * (registered with the same engine; `petitionPlugin` registers {@link petitionFollowUpProcess}),
   * or `false` to open none. @defaultValue `{ processId: 'petition-followup' }`
   */
  readonly followUp?: { readonly processId?: string } | false
  /** The linked mediation case (XF Art. 33). */
  readonly mediation?: {
    /** The mediation process id registered with the same engine. @defaultValue `'mediation'` */
    readonly processId?: string
    /** Maps the petition to the mediation process's start input. @defaultValue {@link defaultMediationInput} */
    readonly input?: (args: MediationHandoverArgs) => Json
  }
}

/**
 * Builds the petition process from parameters.
 *
 * Effects it asks for (named actions; register handlers with `petitionPlugin({ effects })`):
 * `notifyPetitioner` ({@link PetitionerNotice}), `reportToBureau` ({@link BureauReport}),
 * `issueSupervisionNotice` (督办单, `{ step }`), `publishRereview` (XF Art. 36).
 *
 * @param options - parameter overrides and the mediation hand-over
 * @returns the checked process definition
 * @throws {FengqiaoError} INVALID_OPTIONS for a bad parameter override
 * @example
 * ```ts
 * const petition = petitionProcess({ parameters: { handleDays: 45 } })
 * const engine = createEngine({ processes: [petition] })
 * ```
 */
export function petitionProcess(options: PetitionProcessOptions = {}) {
  const p = resolveParameters(options.parameters)
  const links = {
    followUpId: options.followUp === false ? null : (options.followUp?.processId ?? PETITION_FOLLOWUP_PROCESS_ID),
    mediationId: options.mediation?.processId ?? 'mediation',
    mediationInput: options.mediation?.input ?? defaultMediationInput,
  }
  const s = petitionSetup({ orgUnits: options.orgUnits ?? [] })
  const machine = s.createMachine({
    id: PETITION_PROCESS_ID,
    type: 'parallel',
    context: ({ input }) => initialContext(input),
    output: ({ context }) => ({
      finality: context.finality,
      diversion: context.diversion?.channel ?? null,
      opinion: context.opinion?.outcome ?? null,
      rejection: context.rejection?.article ?? context.visitRedirect?.article ?? null,
      withdrawn: context.withdrawal !== null,
    }),
    states: {
      procedure: {
        meta: meta('procedure'),
        initial: 'intake',
        on: { WITHDRAW: { target: '.withdrawn', actions: 'withdraw' } },
        states: {
          ...intakeStates(s, p),
          ...routingStates(s, p),
          ...handlingStates(s, p, links),
          ...reviewStates(s, p, links),
          final: { type: 'final', meta: meta('procedure.final', { outcome: 'concluded' }) },
          diverted: { type: 'final', meta: meta('procedure.diverted', { outcome: 'void' }) },
          withdrawn: { type: 'final', meta: meta('procedure.withdrawn', { outcome: 'withdrawn' }) },
          rejectedDuplicate: { type: 'final', meta: meta('procedure.rejectedDuplicate', { outcome: 'void' }) },
          visitRedirected: { type: 'final', meta: meta('procedure.visitRedirected', { outcome: 'void' }) },
        },
      },
      supervision: supervisionRegion(s),
    },
  })
  const events = labels.withEventLabels(petitionEventSchemas(p))
  return defineProcess({
    id: PETITION_PROCESS_ID,
    version: PETITION_PROCESS_VERSION,
    machine,
    events,
    input: petitionInputSchema(p),
    label: labels.process,
    start: { roles: ['bureau', 'organ'], scope: 'subtree' },
    personal: petitionPersonal,
  })
}

/** The petition process definition's type. */
export type PetitionProcess = ReturnType<typeof petitionProcess>
