// A business licence application, drawn in a BPMN modeler (src/licence.bpmn, with its diagram)
// and compiled into a Fengqiao process: the drawing gives the flow, this file gives what a
// drawing cannot say — the events' payloads and who may send them, the guard the gateway names,
// and the named action a plugin runs after commit.
import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { defineProcess } from '@fengqiao/core'
import { fromBpmn } from '@fengqiao/bpmn'

/** The drawing, as saved by the modeler. */
export const licenceXml = readFileSync(new URL('./licence.bpmn', import.meta.url), 'utf8')

/** Every event the drawing names: flows out of tasks, the message, the deadline's expiry. */
export const events = {
  ACCEPT: { schema: z.object({}), roles: ['clerk'] },
  REJECT: { schema: z.object({ reason: z.string().min(1) }), roles: ['clerk'] },
  REQUEST_MATERIAL: { schema: z.object({ items: z.array(z.string().min(1)).min(1) }), roles: ['reviewer'] },
  SUPPLEMENT: {
    schema: z.object({ documents: z.array(z.string().min(1)).min(1) }),
    roles: ['applicant'],
    scope: 'any',
  },
  DECIDE: { schema: z.object({ approved: z.boolean(), note: z.string().optional() }), roles: ['reviewer', 'director'] },
  REVIEW_OVERDUE: { schema: z.object({ deadline: z.string().optional() }), roles: ['system'], system: true },
} as const

/** The guard the gateway's condition names. */
export const guards = {
  approved: ({ event }: { event: { type: string; approved?: boolean } }) =>
    event.type === 'DECIDE' && event.approved === true,
}

/** Named side effects the flows list in `fq:actions` (a plugin delivers them after commit). */
export const actions = { notifyApplicant: () => {} }

/**
 * Imports the drawing and defines the process.
 *
 * @param xml - the BPMN text (the shipped drawing by default)
 * @returns the process definition, typed from {@link events}
 */
export async function licenceProcess(xml: string = licenceXml) {
  return defineProcess(await fromBpmn(xml, { events, guards, actions }))
}
