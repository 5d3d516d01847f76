/**
 * The statutory and local rules of the mediation processes as pure functions. The machines' guards
 * call them; each returns `null` when the rule is met, or a sentence saying which rule refuses and
 * why, so that a rule can be tested and explained on its own.
 *
 * @module
 */
import { colours, fiveHeartSteps, type Colour, type MediationParameters } from './parameters.js'
import type { AgreementContents, Party } from './schemas.js'

/** One logged five-heart step: what, who, when and notes. */
export type HeartStepRecord = { step: string; by: string; at: string; notes: string }

/**
 * Whether a five-heart step may be logged now (docs/domain-rules.md#52-five-heart-mediation): the step must be configured, not yet
 * done, every earlier configured step must be done (the checklist is ordered), and its time may not
 * precede the previous step's.
 *
 * @param checklist - steps logged so far, in order
 * @param step - the step to log
 * @param at - when it took place (ISO date-time)
 * @param p - parameters (the configured steps)
 * @returns `null`, or why the step is refused
 */
export function heartStepRefusal(
  checklist: readonly HeartStepRecord[],
  step: string,
  at: string,
  p: Pick<MediationParameters, 'fiveHeart'>,
): string | null {
  const steps = fiveHeartSteps(p).map((s) => s.key)
  const i = steps.indexOf(step)
  if (i < 0) return `"${step}" is not a configured five-heart step (${steps.join(', ')})`
  if (checklist.some((c) => c.step === step)) return `"${step}" is already logged`
  const missing = steps.slice(0, i).filter((s) => !checklist.some((c) => c.step === s))
  if (missing.length > 0) return `the checklist is ordered: ${missing.join(', ')} must come before "${step}"`
  const last = checklist.at(-1)
  if (last !== undefined && Date.parse(at) < Date.parse(last.at))
    return `"${step}" cannot precede the previous step (${last.step} at ${last.at})`
  return null
}

/**
 * The required five-heart steps not yet logged; an agreement may be recorded only when this is
 * empty (docs/domain-rules.md#52-five-heart-mediation, configurable through `fiveHeart.requiredSteps`).
 *
 * @param checklist - steps logged so far
 * @param p - parameters
 * @returns the missing step keys, in checklist order
 */
export function missingHeartSteps(
  checklist: readonly HeartStepRecord[],
  p: Pick<MediationParameters, 'fiveHeart'>,
): string[] {
  return fiveHeartSteps(p)
    .map((s) => s.key)
    .filter((k) => p.fiveHeart.requiredSteps.includes(k) && !checklist.some((c) => c.step === k))
}

/**
 * Whether `ids` names every party of the case, and only parties.
 *
 * @param ids - party ids (for example those who consented)
 * @param parties - the case's parties
 * @returns true when every party is named and nobody else
 */
export function coversAllParties(ids: readonly string[], parties: readonly Party[]): boolean {
  return parties.every((p) => ids.includes(p.id)) && ids.every((i) => parties.some((p) => p.id === i))
}

/**
 * Whether `id` is one of the case's parties.
 *
 * @param parties - the case's parties
 * @param id - a party id
 * @returns true for a party
 */
export function isParty(parties: readonly Party[], id: string): boolean {
  return parties.some((p) => p.id === id)
}

/**
 * Checks the contents of a written agreement (RT Art. 29) against the case: the agreement must
 * name every party of the case and nobody else. (Missing contents are refused by the payload
 * schema, {@link agreementContentsSchema}.)
 *
 * @param contents - the drafted contents
 * @param parties - the case's parties
 * @returns `null`, or why the draft is refused
 */
export function agreementRefusal(contents: AgreementContents, parties: readonly Party[]): string | null {
  if (!coversAllParties(contents.parties, parties))
    return 'RT Art. 29: the agreement must name every party to the dispute, and only them'
  return null
}

/**
 * ZA Art. 9: the police may mediate only minor fights and property damage arising from civil
 * disputes.
 *
 * @param disputeType - the case's dispute type
 * @param p - parameters (`police.mediableTypes`)
 * @returns `null`, or why the transfer is refused
 */
export function policeMediationRefusal(disputeType: string, p: Pick<MediationParameters, 'police'>): string | null {
  return p.police.mediableTypes.includes(disputeType)
    ? null
    : `ZA Art. 9: police mediation covers ${p.police.mediableTypes.join(', ')}; not "${disputeType}"`
}

/**
 * SJ11 Art. 4: the court does not accept confirmation of identity, adoption or marriage matters.
 *
 * @param disputeType - the case's dispute type
 * @param p - parameters (`court.confirmationExcludedTypes`)
 * @returns `null`, or why acceptance is refused
 */
export function confirmationRefusal(disputeType: string, p: Pick<MediationParameters, 'court'>): string | null {
  return p.court.confirmationExcludedTypes.includes(disputeType)
    ? `SJ11 Art. 4: "${disputeType}" matters are not accepted for judicial confirmation`
    : null
}

/** The agreement as far as judicial confirmation cares. */
export type AgreementForm = 'written' | 'oral'

/**
 * Whether a party may apply for judicial confirmation (RT Art. 33; MS Art. 205): the applicant is a
 * party, has not applied already, and the agreement is written (design choice: SJ11 Art. 3 asks
 * for the agreement document). The 30-day window is a deadline on the state, not checked here.
 *
 * @param form - the agreement's form
 * @param applied - parties who applied so far
 * @param party - the applicant
 * @param parties - the case's parties
 * @returns `null`, or why the application is refused
 */
export function confirmationApplicationRefusal(
  form: AgreementForm | null,
  applied: readonly string[],
  party: string,
  parties: readonly Party[],
): string | null {
  if (form !== 'written')
    return 'judicial confirmation needs a written agreement (SJ11 Art. 3; design choice, docs/domain-rules.md#51-peoples-mediation)'
  if (!isParty(parties, party)) return `"${party}" is not a party`
  if (applied.includes(party)) return `"${party}" has already applied`
  return null
}

/**
 * The colour one step up (red stays red: the ceiling).
 *
 * @param c - a colour
 * @returns the next colour
 */
export function nextColour(c: Colour): Colour {
  return colours[Math.min(colours.indexOf(c) + 1, colours.length - 1)] as Colour
}

/**
 * The colour one step down (green stays green).
 *
 * @param c - a colour
 * @returns the lower colour
 */
export function lowerColour(c: Colour): Colour {
  return colours[Math.max(colours.indexOf(c) - 1, 0)] as Colour
}

/**
 * The higher of two ladder levels (docs/domain-rules.md#21-escalation-ladder). Unknown levels rank lowest.
 *
 * @param a - a level
 * @param b - another level
 * @param p - parameters (`colour.ladder`)
 * @returns the level further up the ladder
 */
export function higherLevel(a: string, b: string, p: Pick<MediationParameters, 'colour'>): string {
  return p.colour.ladder.indexOf(b) > p.colour.ladder.indexOf(a) ? b : a
}

/**
 * Whether a colour may be lowered (转绿, docs/domain-rules.md#22-colour-grading): only after a verified fix, and not below green.
 *
 * @param colour - the current colour
 * @param fixVerified - whether a fix has been verified since the last change
 * @returns `null`, or why lowering is refused
 */
export function lowerColourRefusal(colour: Colour, fixVerified: boolean): string | null {
  if (colour === 'green') return 'green is the lowest colour'
  if (!fixVerified) return 'docs/domain-rules.md#22-colour-grading: a colour is lowered only after a verified fix'
  return null
}

/** A people's mediation committee as far as RT Arts. 8–9 care. */
export type CommitteeComposition = {
  readonly members: ReadonlyArray<{ readonly name: string; readonly gender: 'female' | 'male' }>
  /** Length of the members' term, in years. */
  readonly termYears: number
}

/**
 * Checks a mediation committee's make-up (RT Arts. 8–9): 3–9 members, women among them, 3-year
 * terms. A host can run it when it registers a committee; the case machines do not need it.
 *
 * @param c - the committee
 * @param p - parameters (`rt.committee*`)
 * @returns `null`, or why the committee is not properly constituted
 */
export function committeeRefusal(c: CommitteeComposition, p: Pick<MediationParameters, 'rt'>): string | null {
  const n = c.members.length
  if (n < p.rt.committeeMinMembers || n > p.rt.committeeMaxMembers)
    return `RT Art. 9: a committee has ${p.rt.committeeMinMembers}–${p.rt.committeeMaxMembers} members; this one has ${n}`
  if (!c.members.some((m) => m.gender === 'female')) return 'RT Art. 8: a committee includes women members'
  if (c.termYears !== p.rt.committeeTermYears) return `RT Art. 9: members serve ${p.rt.committeeTermYears}-year terms`
  return null
}
