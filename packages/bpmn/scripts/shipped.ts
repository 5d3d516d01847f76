// Every process Fengqiao ships, for the export and browser tests and the docs' diagrams.
import type { AnyProcessDefinition } from '@fengqiao/core'
import { complaintProcess, deliberationProcess } from '@fengqiao/deliberation'
import { gridEventProcess, hotlineTicketProcess, urbanCaseProcess } from '@fengqiao/grid'
import { courtMediationProcess, peoplesMediationProcess, policeMediationProcess } from '@fengqiao/mediation'
import { petitionFollowUpProcess, petitionProcess } from '@fengqiao/petition'

/** The shipped processes, with default parameters. */
export function shippedProcesses(): AnyProcessDefinition[] {
  return [
    petitionProcess(),
    petitionFollowUpProcess(),
    peoplesMediationProcess(),
    policeMediationProcess(),
    courtMediationProcess(),
    deliberationProcess(),
    complaintProcess(),
    gridEventProcess(),
    urbanCaseProcess(),
    hotlineTicketProcess(),
  ]
}
