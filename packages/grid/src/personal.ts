/**
 * Reporters and callers are people: their particulars are personal data (个人信息保护法). With
 * the engine's `privacy` option they are sealed at rest, read in clear only by the roles that
 * need to reach them, and erasable. See `docs/privacy.md`.
 *
 * @module
 */
import type { PersonalFields } from '@fengqiao/core'

const PERSON = ['id', 'name', 'contact'] as const

/** A grid event's reporter: read in clear by the operator, the grid member and the centre. */
export const gridPersonal: PersonalFields = {
  context: PERSON.map((f) => `report.reporter.${f}`),
  input: PERSON.map((f) => `reporter.${f}`),
  readers: ['operator', 'gridMember', 'centre'],
}

/** An urban case's reporter (a member of the public, when one reported it). */
export const urbanPersonal: PersonalFields = {
  context: ['report.reporter.name', 'report.reporter.contact'],
  input: ['reporter.name', 'reporter.contact'],
  readers: ['supervisor', 'commandCentre'],
}

/** A hotline caller: read in clear by the hotline (which calls back) and the handling unit (which makes contact). */
export const hotlinePersonal: PersonalFields = {
  context: ['ticket.caller.name', 'ticket.caller.phone'],
  input: ['caller.name', 'caller.phone'],
  readers: ['hotline', 'unit'],
}
