/**
 * The two disclosures (两公开): the resolution is disclosed (决议公开), then implemented with
 * disclosures at the CW Art. 30 cadence, and the result is disclosed (实施结果公开) before the
 * supervision committee archives the case. A township correction order or a court ruling revokes
 * the decision at any point after the resolution, and the result disclosure records it.
 *
 * @module
 */
import { update } from '@fengqiao/core'
import { and } from 'xstate'
import { later } from './context.js'
import { stateLabels } from './labels.js'
import type { DeliberationParameters } from './parameters.js'
import type { DeliberationSetup } from './setup.js'

const title = (zh: string, en: string) => ({ 'zh-CN': zh, en })

/**
 * The states from the resolution to the archive.
 *
 * @param s - the deliberation setup
 * @param p - the parameters in force
 * @returns `resolved`, `resolutionPublished`, `implementing`, `implemented`, `revoked`, `resultPublished`
 */
export function disclosureStates(s: DeliberationSetup, p: DeliberationParameters) {
  // Accepted in every state after the resolution: a revocation, and a villager's complaint.
  const challenges = s.createStateConfig({
    on: {
      ORDER_CORRECTION: { target: '#deliberation.revoked', actions: 'recordRevocation' },
      COURT_REVOCATION: { target: '#deliberation.revoked', actions: 'recordRevocation' },
    },
  }).on
  const complaint = s.createStateConfig({ on: { COMPLAIN: { actions: ['lodgeComplaint', 'startComplaint'] } } }).on
  const disclose = (kind: 'resolution' | 'progress' | 'result', target: string) =>
    ({ guard: 'postedInOrder', target, actions: { type: 'recordDisclosure', params: { kind } } }) as const
  const progress = (name: 'quarterlyOdd' | 'quarterlyEven' | 'monthlyOdd' | 'monthlyEven', next: string) => {
    const monthly = name.startsWith('monthly')
    return {
      meta: {
        label: stateLabels[`implementing.${name}`],
        task: {
          role: 'villagersCommittee',
          title: monthly
            ? title('组织实施并按月公开财务', 'Implement; disclose finances monthly')
            : title('组织实施并按季公开', 'Implement; disclose at least quarterly'),
        },
        deadline: {
          days: monthly ? p.financeDisclosureIntervalDays : p.ordinaryDisclosureIntervalDays,
          name: `progressDisclosure.${monthly ? 'monthly' : 'quarterly'}.${name.endsWith('Odd') ? 'odd' : 'even'}`,
          warnAt: 0.8,
        },
      },
      on: { DISCLOSE_PROGRESS: disclose('progress', next) },
    }
  }
  const archive = s.createStateConfig({
    on: {
      ARCHIVE: [
        {
          guard: and(['noOpenComplaint', 'wasRevoked']),
          target: '#deliberation.archivedRevoked',
          actions: update(({ draft, event }) => {
            draft.archive = { opinion: event.opinion, reference: event.reference ?? null }
          }),
        },
        {
          guard: 'noOpenComplaint',
          target: '#deliberation.archived',
          actions: update(({ draft, event }) => {
            draft.archive = { opinion: event.opinion, reference: event.reference ?? null }
          }),
        },
      ],
    },
  }).on
  return {
    resolved: s.createStateConfig({
      meta: {
        label: stateLabels.resolved,
        task: { role: 'villagersCommittee', title: title('决议公开', 'Publish the resolution') },
        deadline: { days: p.immediateDisclosureDays, name: 'resolutionDisclosure', warnAt: 0.5 },
      },
      on: { PUBLISH_RESOLUTION: disclose('resolution', 'resolutionPublished'), ...challenges, ...complaint },
    }),
    resolutionPublished: s.createStateConfig({
      meta: { label: stateLabels.resolutionPublished },
      initial: 'posting',
      on: { ...challenges, ...complaint },
      states: {
        posting: { meta: { label: stateLabels['resolutionPublished.posting'] }, after: { posting: 'posted' } },
        posted: {
          meta: {
            label: stateLabels['resolutionPublished.posted'],
            task: { role: 'villagersCommittee', title: title('组织实施', 'Start implementation') },
          },
          on: {
            START_IMPLEMENTATION: [
              {
                guard: and(['frequentFinances', 'datedInOrder']),
                target: '#deliberation.implementing.monthlyOdd',
                actions: 'startImplementation',
              },
              {
                guard: 'datedInOrder',
                target: '#deliberation.implementing.quarterlyOdd',
                actions: 'startImplementation',
              },
            ],
          },
        },
      },
    }),
    // CW Art. 30 cadence: each progress disclosure starts a new period. Odd and even periods are
    // sibling states so that the new period's deadline starts afresh (see the package README).
    implementing: s.createStateConfig({
      meta: { label: stateLabels.implementing },
      initial: 'quarterlyOdd',
      on: {
        COMPLETE_IMPLEMENTATION: {
          guard: 'datedInOrder',
          target: 'implemented',
          actions: update(({ draft, event }) => {
            draft.implementation.completedOn = event.date
            draft.implementation.summary = event.summary
            draft.lastDate = later(draft.lastDate, event.date)
          }),
        },
        ...challenges,
        ...complaint,
      },
      states: {
        quarterlyOdd: progress('quarterlyOdd', 'quarterlyEven'),
        quarterlyEven: progress('quarterlyEven', 'quarterlyOdd'),
        monthlyOdd: progress('monthlyOdd', 'monthlyEven'),
        monthlyEven: progress('monthlyEven', 'monthlyOdd'),
      },
    }),
    implemented: s.createStateConfig({
      meta: {
        label: stateLabels.implemented,
        task: { role: 'villagersCommittee', title: title('实施结果公开', 'Publish the result') },
        deadline: { days: p.immediateDisclosureDays, name: 'resultDisclosure', warnAt: 0.5 },
      },
      on: { PUBLISH_RESULT: disclose('result', 'resultPublished'), ...challenges, ...complaint },
    }),
    revoked: s.createStateConfig({
      meta: {
        label: stateLabels.revoked,
        task: {
          role: 'villagersCommittee',
          title: title('在实施结果公开中公布撤销', 'Disclose the revocation in the result disclosure'),
        },
        deadline: { days: p.immediateDisclosureDays, name: 'revocationDisclosure', warnAt: 0.5 },
      },
      on: { PUBLISH_RESULT: disclose('result', 'resultPublished'), ...complaint },
    }),
    resultPublished: s.createStateConfig({
      meta: { label: stateLabels.resultPublished },
      initial: 'posting',
      on: { ...challenges, ...complaint },
      states: {
        posting: { meta: { label: stateLabels['resultPublished.posting'] }, after: { posting: 'posted' } },
        posted: {
          meta: {
            label: stateLabels['resultPublished.posted'],
            task: {
              role: 'supervisionCommittee',
              title: title('监督实施结果公开并归档', 'Check the result disclosure and archive'),
            },
          },
          on: archive,
        },
      },
    }),
  }
}
