/**
 * The petitioner's particulars are personal data (个人信息保护法): with the engine's `privacy`
 * option they are sealed at rest, read in clear only by the organs handling the petition and by
 * the petitioner, and erasable. See `docs/privacy.md`.
 *
 * @module
 */
import type { PersonalFields } from '@fengqiao/core'

const PETITIONER = ['id', 'name', 'address', 'contact'] as const

/**
 * The petition's personal fields: the petitioner's id (an account or ID-card number), name,
 * address and contact (phone), in the context and the start input. Read in clear by the bureau
 * and the organs that handle, review and re-review the petition; the superior organ and the joint
 * conference, which settle only competence, see them redacted.
 */
export const petitionPersonal: PersonalFields = {
  context: PETITIONER.map((f) => `petition.petitioner.${f}`),
  input: PETITIONER.map((f) => `petitioner.${f}`),
  readers: ['bureau', 'organ', 'organHead', 'reviewOrgan', 'rereviewOrgan'],
}

/** The follow-up case's personal field: the petitioner's name it was started with. */
export const followUpPersonal: PersonalFields = {
  context: ['source.petitioner'],
  input: ['petitioner'],
}
