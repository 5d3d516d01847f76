/**
 * People's mediation (人民调解, RT) with five-heart mediation (五心调解) inside it, three-colour
 * grading and the escalation ladder (docs/domain-rules.md#21-escalation-ladder – docs/domain-rules.md#22-colour-grading) running beside it, judicial confirmation
 * (RT Art. 33, MS Arts. 205–206, SJ11) as a sub-flow of the agreement, and transfers to police or
 * court mediation as linked cases (三调联动). Process id `'mediation'`.
 *
 * The statechart's parts are in their own files: `peoples-procedure.ts` (consent to agreement),
 * `peoples-grade.ts` (grading), `peoples-agreement.ts` (performance and confirmation); its rules
 * in `peoples-guards.ts`; its events in `peoples-events.ts`; its context in `peoples-context.ts`.
 *
 * @module
 */
import { mediationPersonal } from './personal.js'
import { defineProcess, update } from '@fengqiao/core'
import { PEOPLES_MEDIATION } from './ids.js'
import { peoplesStateLabels as S } from './labels.js'
import { resolveParameters, type MediationParameterOverrides, type MediationParameters } from './parameters.js'
import { agreementStates } from './peoples-agreement.js'
import { initialPeoplesContext, kindOf, outputOf } from './peoples-context.js'
import { peoplesEvents } from './peoples-events.js'
import { gradeRegion } from './peoples-grade.js'
import { procedureRegion } from './peoples-procedure.js'
import { peoplesSetup } from './peoples-setup.js'
import { roles as R } from './roles.js'
import { peoplesInputSchema, readLinkedOutput, routesAfterFailure } from './schemas.js'

export { peoplesEvents } from './peoples-events.js'
export type { PeoplesEvent } from './peoples-events.js'
export type {
  Agreement,
  Confirmation,
  GradeChange,
  GradeReason,
  GradeState,
  Mediator,
  PeoplesContext,
  PeoplesOutput,
} from './peoples-context.js'

/**
 * Splits a people's mediation state key into the procedure's stage and the grade. While the case is
 * open the machine runs two parallel regions (`procedure` and `grade`), so its state key reads
 * `'open.grade.green.owned|open.procedure.handling.mediating'`; afterwards it is a single path
 * such as `'agreed.confirming.deciding'` or `'performed'`.
 *
 * @param stateKey - `InstanceView.stateKey` of a people's mediation case
 * @returns the stage (`'handling.mediating'`, `'agreed.supervising'`, `'performed'`, …) and the
 *   grade state (`'green.owned'`, `'red.routing'`, …; `null` once the dispute has left `open`)
 * @deprecated Use `stateIn(view, 'open.procedure')`, `stateIn(view, 'open.grade')` or
 *   `matches(view, 'open.procedure.handling')` from `@fengqiao/core`, which read every process's
 *   state the same way.
 */
export function peoplesStage(stateKey: string): { stage: string; grade: string | null } {
  const parts = stateKey.split('|')
  const proc = parts.find((s) => s.startsWith('open.procedure.'))
  const grade = parts.find((s) => s.startsWith('open.grade.'))
  return {
    stage: proc === undefined ? stateKey : proc.slice('open.procedure.'.length),
    grade: grade === undefined ? null : grade.slice('open.grade.'.length),
  }
}

/**
 * Builds the people's mediation process from parameters.
 *
 * @param overrides - parameter overrides (see {@link MediationParameters})
 * @returns the process definition, id `'mediation'`
 * @throws {FengqiaoError} INVALID_OPTIONS for invalid parameters
 * @example
 * ```ts
 * const engine = createEngine({ processes: [peoplesMediationProcess({ rt: { mediationTargetDays: 20 } })] })
 * ```
 */
export function peoplesMediationProcess(overrides: MediationParameterOverrides = {}) {
  const p: MediationParameters = resolveParameters(overrides)
  const input = peoplesInputSchema(p)
  const s = peoplesSetup(p)
  const machine = s.createMachine({
    id: 'mediation',
    initial: 'open',
    context: ({ input: i }) => initialPeoplesContext(i, p),
    output: ({ context }) => outputOf(context),
    states: {
      open: {
        type: 'parallel',
        meta: { label: S.open },
        states: { procedure: procedureRegion(s, p), grade: gradeRegion(s, p) },
      },
      agreed: agreementStates(s, p),
      transferred: {
        meta: { label: S.transferred },
        on: {
          TRANSFER_OUTCOME: [
            {
              guard: 'transferResolved',
              target: 'transferredResolved',
              actions: update(({ draft, event }) => {
                const out = readLinkedOutput(event.output)
                draft.attempts.push({
                  kind: kindOf(event.processId),
                  caseId: event.childId ?? null,
                  result: event.state ?? 'ended',
                  outcome: event.outcome ?? null,
                  note: null,
                })
                if (draft.transfer !== null)
                  Object.assign(draft.transfer, {
                    childId: event.childId ?? null,
                    state: event.state ?? null,
                    outcome: event.outcome ?? null,
                    agreed: out.agreed,
                    terms: out.terms,
                  })
                draft.routes = out.routes
              }),
            },
            {
              target: 'transferredUnresolved',
              actions: update(({ draft, event }) => {
                const out = readLinkedOutput(event.output)
                draft.attempts.push({
                  kind: kindOf(event.processId),
                  caseId: event.childId ?? null,
                  result: event.state ?? 'ended',
                  outcome: event.outcome ?? null,
                  note: null,
                })
                if (draft.transfer !== null)
                  Object.assign(draft.transfer, {
                    childId: event.childId ?? null,
                    state: event.state ?? null,
                    outcome: event.outcome ?? 'unresolved',
                    agreed: out.agreed,
                    terms: out.terms,
                  })
                draft.routes = out.routes
              }),
            },
          ],
        },
      },
      refused: {
        type: 'final',
        meta: { label: S.refused, outcome: 'void' },
        entry: [
          update(({ draft }) => {
            draft.routes = [...routesAfterFailure]
          }),
          {
            type: 'notifyRoutes',
            params: ({ context }) => ({ routes: context.routes, reason: 'RT Art. 17: a party refused mediation' }),
          },
        ],
      },
      declined: {
        type: 'final',
        meta: { label: S.declined, outcome: 'void' },
        entry: [
          update(({ draft }) => {
            draft.routes = [...routesAfterFailure]
          }),
          {
            type: 'notifyRoutes',
            params: ({ context }) => ({
              routes: context.routes,
              reason: `the committee declined the case: ${context.ending?.reason ?? ''}`,
            }),
          },
        ],
      },
      terminated: {
        type: 'final',
        meta: { label: S.terminated, outcome: 'unresolved' },
        entry: [
          update(({ draft }) => {
            draft.routes = [...routesAfterFailure]
          }),
          {
            type: 'notifyRoutes',
            params: ({ context }) => ({ routes: context.routes, reason: 'RT Art. 26: mediation terminated' }),
          },
        ],
      },
      performed: { type: 'final', meta: { label: S.performed, outcome: 'resolved' } },
      enforcement: { type: 'final', meta: { label: S.enforcement, outcome: 'resolved' } },
      litigation: {
        type: 'final',
        meta: { label: S.litigation, outcome: 'unresolved' },
        entry: update(({ draft }) => {
          draft.routes = ['litigation']
        }),
      },
      transferredResolved: { type: 'final', meta: { label: S.transferredResolved, outcome: 'resolved' } },
      transferredUnresolved: { type: 'final', meta: { label: S.transferredUnresolved, outcome: 'unresolved' } },
    },
  })
  return defineProcess({
    id: PEOPLES_MEDIATION,
    version: 1,
    personal: mediationPersonal,
    machine,
    input,
    events: peoplesEvents,
    start: { roles: [R.party, R.committee] },
    label: { 'zh-CN': '人民调解', en: "People's mediation" },
  })
}

/** The people's mediation process definition type. */
export type PeoplesMediationProcess = ReturnType<typeof peoplesMediationProcess>
