import type { Actor } from '@fengqiao/core'
import { describe, expect, it } from 'vitest'
import { petitionRoles, roleLabels } from '../src/index.js'
import { bureau, claim, everyone, petitionEngine, refused } from './helpers.js'

// Who may send each event, and a valid payload for it. A policy change must change this table.
const policy: Record<string, { roles: string[]; payload: Record<string, unknown> }> = {
  TRANSFER: { roles: ['bureau'], payload: { organ: '县农业农村局' } },
  ASSIGN: { roles: ['bureau'], payload: { organ: '县农业农村局', reportDue: '2026-04-01' } },
  OVERRULE_OBJECTION: { roles: ['bureau'], payload: { reason: '属本局职责' } },
  SUPERVISE: { roles: ['bureau'], payload: { instructions: '限期办理' } },
  ORGANS_AGREE: { roles: ['bureau'], payload: { organ: '县水利局' } },
  ORGANS_DISAGREE: { roles: ['bureau'], payload: {} },
  SUPERIOR_DECIDES: { roles: ['superiorOrgan'], payload: { organ: '县水利局', reason: '属水利局职责' } },
  REFER_TO_CONFERENCE: { roles: ['superiorOrgan'], payload: {} },
  CONFERENCE_DECIDES: { roles: ['jointConference'], payload: { organ: '县水利局', reason: '联席会议决定' } },
  REFER_TO_DISCIPLINE: { roles: ['bureau', 'organ'], payload: { body: '县纪委监委' } },
  FILE_LEAD: { roles: ['bureau', 'organ'], payload: { note: '存档' } },
  DIVERT: { roles: ['bureau', 'organ'], payload: { channel: 'litigation', reason: '属诉讼事项' } },
  ACCEPT: { roles: ['organ'], payload: {} },
  OBJECT: { roles: ['organ'], payload: { reason: '不属本机关职权', competentOrgan: '县水利局' } },
  MEDIATE: { roles: ['organ'], payload: { respondent: '李四', partiesConsent: true } },
  CONVERT_TO_ORDINARY: { roles: ['organ'], payload: { reason: '情况复杂' } },
  ISSUE_OPINION: {
    roles: ['organ'],
    payload: { outcome: 'support', finding: '属实', legalBasis: '某条', servedAt: '2026-03-10T10:00:00+08:00' },
  },
  ANSWER_SUGGESTION: { roles: ['organ'], payload: { adopted: true, reply: '采纳' } },
  EXTEND: { roles: ['organHead'], payload: { days: 10, reason: '情况复杂' } },
  WITHDRAW: { roles: ['petitioner'], payload: {} },
  REQUEST_REVIEW: { roles: ['petitioner'], payload: { reasons: '不服' } },
  REQUEST_REREVIEW: { roles: ['petitioner'], payload: { reasons: '不服' } },
  DECIDE_REVIEW: {
    roles: ['reviewOrgan'],
    payload: {
      result: 'revoke',
      opinion: '撤销',
      legalBasis: '某条',
      servedAt: '2026-03-10T10:00:00+08:00',
      rehandle: true,
    },
  },
  START_HEARING: { roles: ['rereviewOrgan'], payload: {} },
  END_HEARING: { roles: ['rereviewOrgan'], payload: {} },
  DECIDE_REREVIEW: {
    roles: ['rereviewOrgan'],
    payload: { result: 'uphold', opinion: '维持', legalBasis: '某条', servedAt: '2026-03-10T10:00:00+08:00' },
  },
  ROUTING_OVERDUE: { roles: ['system'], payload: {} },
  NOTICE_OVERDUE: { roles: ['system'], payload: {} },
  HANDLING_OVERDUE: { roles: ['system'], payload: {} },
  REVIEW_OVERDUE: { roles: ['system'], payload: {} },
  REREVIEW_OVERDUE: { roles: ['system'], payload: {} },
  OBJECTION_WINDOW_CLOSED: { roles: ['system'], payload: {} },
  REVIEW_WINDOW_CLOSED: { roles: ['system'], payload: {} },
  REREVIEW_WINDOW_CLOSED: { roles: ['system'], payload: {} },
  MEDIATION_DONE: { roles: ['system'], payload: { outcome: 'resolved' } },
}

describe('role policies', () => {
  it('every event has the policy above, and every payload above is valid', () => {
    const { events } = petitionEngine().plugin.process
    expect(Object.keys(events).sort()).toEqual(Object.keys(policy).sort())
    for (const [type, p] of Object.entries(policy)) {
      const e = events[type as keyof typeof events]
      expect([type, [...e.roles].sort()]).toEqual([type, [...p.roles].sort()])
      expect([type, e.schema.safeParse(p.payload).success]).toEqual([type, true])
    }
  })

  it('every event refuses every other role with FORBIDDEN, writing nothing', async () => {
    const t = petitionEngine()
    const { id } = await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    const version = (await t.system.get(id)).version
    let checked = 0
    for (const [type, p] of Object.entries(policy)) {
      const others = Object.values(everyone).filter((a: Actor) => !a.roles.some((r) => p.roles.includes(r)))
      expect(others.length).toBeGreaterThan(0)
      for (const actor of others) {
        await refused(t.send(id, { type, ...p.payload }, { actor }), 'FORBIDDEN')
        checked++
      }
    }
    expect(checked).toBeGreaterThanOrEqual(Object.keys(policy).length * 4)
    expect((await t.system.get(id)).version).toBe(version)
  })

  it('every role has Chinese and English names', () => {
    for (const role of Object.values(petitionRoles)) {
      expect(roleLabels[role]['zh-CN'].length).toBeGreaterThan(0)
      expect(roleLabels[role].en.length).toBeGreaterThan(0)
    }
    const used = new Set(Object.values(policy).flatMap((p) => p.roles))
    expect([...used].sort()).toEqual(Object.values(petitionRoles).sort())
  })
})
