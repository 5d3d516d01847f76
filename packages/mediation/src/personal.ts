/**
 * The parties of a dispute are personal data (个人信息保护法): with the engine's `privacy` option
 * their ids and names are sealed at rest and erasable. See `docs/privacy.md`.
 *
 * @module
 */
import type { PersonalFields } from '@fengqiao/core'

/**
 * The personal fields of every mediation process: each party's id and name, in the context and
 * in the start input (recorded as parsed: a bare name is already `{ id, name }` there).
 */
export const mediationPersonal: PersonalFields = {
  context: ['parties.*.id', 'parties.*.name'],
  input: ['parties.*.id', 'parties.*.name'],
}
