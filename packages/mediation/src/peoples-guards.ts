/**
 * The rules people's mediation checks, each a named guard that cites its source and says why it
 * refuses (the engine reports the reason with `EVENT_NOT_ACCEPTED`). The machine names them in
 * `setup({ guards })`; the pure checks they call live in `rules.ts`.
 *
 * @module
 */
import { rule } from '@fengqiao/core'
import type { MediationParameters } from './parameters.js'
import type { PeoplesContext } from './peoples-context.js'
import type { PeoplesEvent } from './peoples-events.js'
import {
  agreementRefusal,
  confirmationApplicationRefusal,
  confirmationRefusal,
  coversAllParties,
  heartStepRefusal,
  isParty,
  lowerColourRefusal,
  missingHeartSteps,
  policeMediationRefusal,
} from './rules.js'

type Args = { context: PeoplesContext; event: PeoplesEvent }

// The payload's `party`, for the events that carry one.
const partyOf = (event: PeoplesEvent): string | null =>
  'party' in event && typeof event.party === 'string' ? event.party : null
const notParty = (c: PeoplesContext, party: string | null): string | null =>
  party !== null && isParty(c.parties, party) ? null : `"${String(party)}" is not a party to the dispute`
const mediatorIdOf = (event: PeoplesEvent): string | null =>
  'mediatorId' in event && typeof event.mediatorId === 'string' ? event.mediatorId : null
const missingSteps = (c: PeoplesContext, p: MediationParameters): string | null => {
  const missing = missingHeartSteps(c.checklist, p)
  return missing.length === 0 ? null : `the five-heart steps ${missing.join(', ')} are not done yet`
}

/**
 * The guards of people's mediation.
 *
 * @param p - the parameters in force (five-heart steps, police and court matters, court periods)
 * @returns the guards, by name, for `setup({ guards })`
 */
export function peoplesGuards(p: MediationParameters) {
  return {
    /** RT Art. 17: a party applied; otherwise the committee took the matter up itself. */
    appliedByParty: rule<Args>(
      'appliedByParty',
      'RT Art. 17',
      ({ context }) => context.origin === 'party' || `the case came from ${context.origin}, not a party's application`,
    ),
    /** RT Art. 17: mediation needs every party's consent. */
    allConsented: rule<Args>(
      'allConsented',
      'RT Art. 17',
      ({ context }) =>
        coversAllParties(context.consents, context.parties) ||
        `not every party has consented (consents: ${context.consents.join(', ') || 'none'})`,
    ),
    /** RT Art. 17: a party consents once. */
    consentOfParty: rule<Args>('consentOfParty', 'RT Art. 17', ({ context, event }) => {
      const party = partyOf(event)
      return (
        notParty(context, party) ??
        (context.consents.includes(party ?? '') ? `"${String(party)}" has already consented` : true)
      )
    }),
    /** RT Art. 23: what a party asks for, only a party of the dispute may ask. */
    partyOfDispute: rule<Args>(
      'partyOfDispute',
      'RT Art. 23',
      ({ context, event }) => notParty(context, partyOf(event)) ?? true,
    ),
    /** RT Arts. 19, 23: every party chose the same mediator. */
    chosenByAll: rule<Args>('chosenByAll', 'RT Art. 19', ({ context }) => {
      const first = context.choices[0]?.mediator.id
      return (
        (first !== undefined &&
          context.parties.every((x) => context.choices.some((c) => c.party === x.id && c.mediator.id === first))) ||
        'the parties have not all chosen the same mediator'
      )
    }),
    /** RT Art. 23: a mediator the parties had recused is not assigned again. */
    mediatorsNotRecused: rule<Args>('mediatorsNotRecused', 'RT Art. 23', ({ context, event }) => {
      const ids =
        event.type === 'ASSIGN_MEDIATOR'
          ? event.mediators.map((m) => m.id)
          : event.type === 'CHOOSE_MEDIATOR'
            ? [event.mediator.id]
            : []
      const recused = ids.filter((id) => context.recusals.some((r) => r.mediatorId === id))
      return recused.length === 0 || `mediator ${recused.join(', ')} was recused from this case`
    }),
    /** RT Arts. 19, 23: a party chooses a mediator who was not recused. */
    partyChoosesMediator: rule<Args>('partyChoosesMediator', 'RT Arts. 19, 23', ({ context, event }) => {
      const refusal = notParty(context, partyOf(event))
      if (refusal !== null) return refusal
      return (
        event.type !== 'CHOOSE_MEDIATOR' ||
        !context.recusals.some((r) => r.mediatorId === event.mediator.id) ||
        `mediator ${event.type === 'CHOOSE_MEDIATOR' ? event.mediator.id : ''} was recused from this case`
      )
    }),
    /** Five-heart mediation (docs/domain-rules.md#52-five-heart-mediation): the checklist runs in order, each step once. */
    heartStepInOrder: rule<Args>(
      'heartStepInOrder',
      '五心调解 (docs/domain-rules.md#52-five-heart-mediation)',
      ({ context, event }) =>
        event.type === 'HEART_STEP' ? (heartStepRefusal(context.checklist, event.step, event.at, p) ?? true) : true,
    ),
    /** Five-heart mediation: the required steps come before an agreement. */
    requiredStepsDone: rule<Args>(
      'requiredStepsDone',
      '五心调解 (docs/domain-rules.md#52-five-heart-mediation)',
      ({ context }) => missingSteps(context, p) ?? true,
    ),
    /** RT Art. 20: relatives, neighbours or experts join with every party's consent. */
    helperConsentedByAll: rule<Args>(
      'helperConsentedByAll',
      'RT Art. 20',
      ({ context, event }) =>
        event.type !== 'ADD_HELPER' ||
        coversAllParties(event.consentedBy, context.parties) ||
        'a helper joins only with the consent of every party',
    ),
    /** RT Art. 23: a party asks to recuse the case's only mediator; the committee assigns anew. */
    recusesOnlyMediator: rule<Args>(
      'recusesOnlyMediator',
      'RT Art. 23',
      ({ context, event }) =>
        notParty(context, partyOf(event)) ??
        (context.mediators.length === 1 && context.mediators[0]?.id === mediatorIdOf(event)
          ? true
          : "the mediator named is not the case's only mediator"),
    ),
    /** RT Art. 23: a party asks to recuse one of the case's mediators. */
    recusesMediatorOnCase: rule<Args>(
      'recusesMediatorOnCase',
      'RT Art. 23',
      ({ context, event }) =>
        notParty(context, partyOf(event)) ??
        (context.mediators.some((m) => m.id === mediatorIdOf(event)) ||
          `mediator ${String(mediatorIdOf(event))} is not on this case`),
    ),
    /** RT Art. 21: the committee removes the case's only mediator and assigns anew. */
    removesOnlyMediator: rule<Args>(
      'removesOnlyMediator',
      'RT Art. 21',
      ({ context, event }) =>
        (context.mediators.length === 1 && context.mediators[0]?.id === mediatorIdOf(event)) ||
        "the mediator named is not the case's only mediator",
    ),
    /** RT Art. 21: the committee removes one of the case's mediators. */
    removesMediatorOnCase: rule<Args>(
      'removesMediatorOnCase',
      'RT Art. 21',
      ({ context, event }) =>
        context.mediators.some((m) => m.id === mediatorIdOf(event)) ||
        `mediator ${String(mediatorIdOf(event))} is not on this case`,
    ),
    /** RT Art. 29 and five-heart mediation: a written agreement names every party, after the required steps. */
    agreementDraftable: rule<Args>(
      'agreementDraftable',
      'RT Art. 29',
      ({ context, event }) =>
        missingSteps(context, p) ??
        (event.type === 'DRAFT_AGREEMENT' ? (agreementRefusal(event.contents, context.parties) ?? true) : true),
    ),
    /** RT Art. 28; XF Art. 33: an oral agreement covers every party, and a petition's dispute is settled in writing. */
    oralAgreementAllowed: rule<Args>('oralAgreementAllowed', 'RT Art. 28; XF Art. 33', ({ context, event }) => {
      if (context.origin === 'petition')
        return 'XF Art. 33: a dispute handed over from a petition is settled by a written agreement'
      const missing = missingSteps(context, p)
      if (missing !== null) return missing
      return (
        event.type !== 'RECORD_ORAL_AGREEMENT' ||
        coversAllParties(event.agreedBy, context.parties) ||
        'an oral agreement is recorded as agreed by every party'
      )
    }),
    /** RT Art. 29: each party signs (or seals, or fingerprints) once. */
    partySignsOnce: rule<Args>('partySignsOnce', 'RT Art. 29', ({ context, event }) => {
      const party = partyOf(event)
      return (
        notParty(context, party) ??
        ((context.agreement?.signatures.some((s) => s.party === party) ?? true)
          ? `"${String(party)}" has already signed, or there is no agreement to sign`
          : true)
      )
    }),
    /** RT Art. 29: a mediator of the case signs once. */
    mediatorSignsOnce: rule<Args>('mediatorSignsOnce', 'RT Art. 29', ({ context, event }) =>
      !context.mediators.some((m) => m.id === mediatorIdOf(event))
        ? `mediator ${String(mediatorIdOf(event))} is not on this case`
        : context.agreement?.mediatorSignature === null || 'the mediator has already signed',
    ),
    /** RT Art. 29: the committee seals once. */
    sealsOnce: rule<Args>(
      'sealsOnce',
      'RT Art. 29',
      ({ context }) => context.agreement?.committeeSeal === false || 'the committee has already sealed the agreement',
    ),
    /** RT Art. 29: signed by every party and the mediator, and sealed: the agreement takes effect. */
    fullySigned: rule<Args>('fullySigned', 'RT Art. 29', ({ context }) => {
      const a = context.agreement
      return (
        (a !== null &&
          a.form === 'written' &&
          a.mediatorSignature !== null &&
          a.committeeSeal &&
          context.parties.every((x) => a.signatures.some((s) => s.party === x.id))) ||
        'not every party, the mediator and the committee have signed and sealed'
      )
    }),
    /** ZA Art. 9: the police mediate only minor fights and property damage. */
    transferToPolice: rule<Args>('transferToPolice', 'ZA Art. 9', ({ context, event }) =>
      event.type === 'TRANSFER' && event.to === 'police'
        ? (policeMediationRefusal(context.disputeType, p) ?? true)
        : 'the transfer is not to the police',
    ),
    /** RT Art. 18 (三调联动): a transfer to court mediation. */
    transferToCourt: rule<Args>(
      'transferToCourt',
      'RT Art. 18',
      ({ event }) => (event.type === 'TRANSFER' && event.to === 'court') || 'the transfer is not to the court',
    ),
    /** The linked case ended with the dispute resolved. */
    transferResolved: rule<Args>(
      'transferResolved',
      'RT Art. 18',
      ({ event }) =>
        (event.type === 'TRANSFER_OUTCOME' && event.outcome === 'resolved') ||
        'the linked case did not resolve the dispute',
    ),
    /** docs/domain-rules.md#22-colour-grading: the case was graded red at intake. */
    gradedRed: rule<Args>(
      'gradedRed',
      'docs/domain-rules.md#22-colour-grading',
      ({ context }) => context.grade.colour === 'red' || `the case is ${context.grade.colour}`,
    ),
    /** docs/domain-rules.md#22-colour-grading: the case was graded yellow at intake. */
    gradedYellow: rule<Args>(
      'gradedYellow',
      'docs/domain-rules.md#22-colour-grading',
      ({ context }) => context.grade.colour === 'yellow' || `the case is ${context.grade.colour}`,
    ),
    /** docs/domain-rules.md#21-escalation-ladder: a green case owned at the bottom of the ladder (the grid) is a micro matter. */
    atGrid: rule<Args>(
      'atGrid',
      'docs/domain-rules.md#21-escalation-ladder',
      ({ context }) =>
        context.grade.level === p.colour.ladder[0] ||
        `the case is owned at ${context.grade.level}, not ${String(p.colour.ladder[0])}`,
    ),
    /** docs/domain-rules.md#22-colour-grading: an upgrade to yellow (otherwise to red). */
    upgradeToYellow: rule<Args>(
      'upgradeToYellow',
      'docs/domain-rules.md#22-colour-grading',
      ({ event }) => (event.type === 'UPGRADE_COLOUR' && event.to === 'yellow') || 'the upgrade is not to yellow',
    ),
    /** docs/domain-rules.md#22-colour-grading: a yellow case is upgraded only to red. */
    upgradeToRed: rule<Args>(
      'upgradeToRed',
      'docs/domain-rules.md#22-colour-grading',
      ({ event }) => (event.type === 'UPGRADE_COLOUR' && event.to === 'red') || 'a yellow case is upgraded only to red',
    ),
    /** docs/domain-rules.md#22-colour-grading: lowering a colour needs a verified fix. */
    fixVerified: rule<Args>(
      'fixVerified',
      'docs/domain-rules.md#22-colour-grading',
      ({ context }) => lowerColourRefusal(context.grade.colour, context.grade.fixVerified) ?? true,
    ),
    /** docs/domain-rules.md#22-colour-grading: yellow and red cases have a named responsible leader; green ones do not. */
    leaderForYellowOrRed: rule<Args>(
      'leaderForYellowOrRed',
      'docs/domain-rules.md#22-colour-grading',
      ({ context }) => context.grade.colour !== 'green' || 'a green case has no responsible leader',
    ),
    /** RT Art. 33; SJ11 Art. 3: each party applies once, for a written agreement, to one court. */
    confirmationApplicable: rule<Args>('confirmationApplicable', 'RT Art. 33; SJ11 Art. 3', ({ context, event }) => {
      if (event.type !== 'APPLY_CONFIRMATION') return true
      const refusal = confirmationApplicationRefusal(
        context.agreement?.form ?? null,
        context.confirmation.applications.map((a) => a.party),
        event.party,
        context.parties,
      )
      if (refusal !== null) return refusal
      const court = context.confirmation.applications[0]?.court
      return court === undefined || court === event.court || `the parties apply jointly to one court (${court})`
    }),
    /** RT Art. 33: every party has applied for judicial confirmation. */
    jointApplication: rule<Args>(
      'jointApplication',
      'RT Art. 33',
      ({ context }) =>
        context.parties.every((x) => context.confirmation.applications.some((a) => a.party === x.id)) ||
        'not every party has applied yet',
    ),
    /** SJ11 Art. 4: matters the court does not confirm. */
    confirmable: rule<Args>(
      'confirmable',
      'SJ11 Art. 4',
      ({ context }) => confirmationRefusal(context.disputeType, p) ?? true,
    ),
    /** MS Art. 187: the decision period with its extension stays within the outer bound. */
    extensionWithinBound: rule<Args>(
      'extensionWithinBound',
      'MS Art. 187',
      ({ event }) =>
        event.type !== 'COURT_EXTEND' ||
        p.court.confirmDecideDays + event.days <= p.court.confirmOuterBoundDays ||
        `${p.court.confirmDecideDays} + ${event.days} days exceed the outer bound of ${p.court.confirmOuterBoundDays} days`,
    ),
    /** MS Art. 206: after a rejected confirmation, mediation starts anew only if every party agrees. */
    allAgreeToMediateAnew: rule<Args>(
      'allAgreeToMediateAnew',
      'MS Art. 206',
      ({ context, event }) =>
        event.type !== 'MEDIATE_ANEW' ||
        coversAllParties(event.agreedBy, context.parties) ||
        'every party agrees to mediate anew',
    ),
  }
}
