// The engine the demo runs: the three domain plugins on one store and a manual clock, with
// every effect counted (a real host would send letters, notify the police, publish bulletins).
import {
  createEngine,
  manualClock,
  type EffectMessage,
  type Engine,
  type Json,
  type ManualClock,
  type Store,
} from '@fengqiao/core'
import { deliberationPlugin } from '@fengqiao/deliberation'
import { gridPlugin } from '@fengqiao/grid'
import { mediationEffects, mediationPlugin } from '@fengqiao/mediation'
import { petitionPlugin } from '@fengqiao/petition'
import { orgUnits } from './town.js'

/** The engine and typed clients for each process. */
export type World = ReturnType<typeof createWorld>

/**
 * @param store - a migrated store
 * @param start - where the clock starts
 */
export function createWorld(store: Store, start: number) {
  const clock: ManualClock = manualClock(start)
  // Each effect's params, by type, as delivered in this run.
  const effects = new Map<string, Json[]>()
  const count = (m: EffectMessage) => {
    const list = effects.get(m.type) ?? []
    list.push(m.params)
    effects.set(m.type, list)
  }
  const mediation = mediationPlugin({ effects: Object.fromEntries(mediationEffects.map((e) => [e, count])) })
  const petition = petitionPlugin({
    effects: { notifyPetitioner: count, reportToBureau: count, issueSupervisionNotice: count, publishRereview: count },
    // XF Art. 33: the petition's dispute (here: unpaid wages) goes to the township's people's
    // mediation committee, graded at the township (the package's default input says neither).
    mediation: {
      input: ({ context, respondent }) => {
        const petitioner = context.petition.petitioner?.name ?? '信访人'
        return {
          parties: [
            { id: petitioner, name: petitioner },
            { id: respondent, name: respondent },
          ],
          disputeType: 'labour',
          facts: context.petition.facts,
          request: context.petition.request,
          origin: 'petition',
          level: 'township',
        } satisfies Json
      },
    },
  })
  const deliberation = deliberationPlugin()
  // Grid events and 12345 tickets in the same township (@fengqiao/grid); their effects are counted too.
  const grid = gridPlugin({
    effects: Object.fromEntries(
      [
        'notifyDepartments',
        'issueBulletin',
        'notifyPolice',
        'strikeOffLedger',
        'notifyCaller',
        'transferEmergency',
        'notifyDistrict',
        'callBack',
      ].map((e) => [e, count]),
    ),
  })
  const engine: Engine = createEngine({
    store,
    clock,
    plugins: [mediation, petition, deliberation, grid],
    orgUnits,
    // The console's administrator (`pnpm demo --console`) retries incidents and cancels cases.
    adminRoles: ['admin'],
    // Effects are delivered when the simulation says so (runOutbox), not in the background.
    deliverAfterCommit: false,
  })
  const errors: string[] = []
  engine.on('error', ({ source, error }) => {
    errors.push(`${source}: ${error instanceof Error ? error.message : String(error)}`)
  })
  return {
    engine,
    clock,
    plugins: { mediation, petition, deliberation, grid },
    effects,
    errors,
    peoples: engine.process(mediation.definitions.peoples),
    police: engine.process(mediation.definitions.police),
    court: engine.process(mediation.definitions.court),
    petition: engine.process(petition.process),
    deliberation: engine.process(deliberation.deliberation),
    gridEvent: engine.process(grid.definitions.gridEvent),
    hotline: engine.process(grid.definitions.hotlineTicket),
    /** The hotline's parameters as resolved (the report scores with them). */
    hotlineParameters: grid.parameters.hotline,
  }
}
