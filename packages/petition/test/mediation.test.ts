import { describe, expect, it } from 'vitest'
import {
  acceptedClaim,
  at,
  bureau,
  claim,
  context,
  deadlines,
  effectsOf,
  mediator,
  organ,
  opinion,
  petitionEngine,
  refused,
  stage,
} from './helpers.js'

const mediate = { type: 'MEDIATE' as const, respondent: '某村股份经济合作社', partiesConsent: true as const }

describe('mediation on a claim as a linked case (XF Art. 33)', () => {
  it('hands the claim to the mediation process in the same commit, with the parties and facts', async () => {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00' })
    const id = await acceptedClaim(t)
    await t.send(id, { ...mediate, note: '双方同意由镇调委会调解' }, { actor: organ })
    const children = (await t.system.instances({ parentId: id })).items
    expect(children.map((c) => c.processId)).toEqual(['mediation'])
    const child = await t.system.get(children[0]?.id as string)
    expect(child).toMatchObject({
      parentId: id,
      orgUnit: 'county',
      state: 'mediating',
      context: { parties: ['张三', '某村股份经济合作社'] },
    })
    expect((await context(t, id)).mediation).toEqual({
      status: 'pending',
      respondent: '某村股份经济合作社',
      childId: null,
      outcome: null,
      output: null,
    })
    expect((await t.system.tasks({ role: 'mediator' })).items.map((k) => k.instanceId)).toEqual([child.id])
    expect((await t.system.history(child.id))[0]?.event).toEqual({
      type: 'xstate.init',
      input: {
        parties: ['张三', '某村股份经济合作社'],
        facts: '本人承包耕地5亩，2025年补贴未发放',
        request: '要求补发2025年耕地地力保护补贴',
        origin: 'petition',
      },
    })
  })

  it('an agreement flows back and concludes the petition; an assigned case reports it', async () => {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00' })
    const { id } = await t.start('petition', claim({ receivedAt: '2026-03-12T09:00:00+08:00' }), {
      actor: bureau,
      orgUnit: 'county',
    })
    await t.send(id, { type: 'ASSIGN', organ: '县农业农村局', reportDue: '2026-05-01' }, { actor: bureau })
    await t.send(id, { type: 'ACCEPT' }, { actor: organ })
    await t.send(id, mediate, { actor: organ })
    const childId = (await t.system.instances({ parentId: id })).items[0]?.id as string
    await t.advance('10d')
    await t.send(childId, { type: 'AGREE', terms: '合作社于4月底前补发补贴' }, { actor: mediator })
    expect(await stage(t, id)).toBe('handling.accepted') // the result is in the outbox
    await t.runOutbox()
    const v = await t.system.get(id)
    expect(v).toMatchObject({ status: 'completed', state: { procedure: 'final', supervision: 'closed' } })
    expect(await context(t, id)).toMatchObject({
      finality: 'mediationAgreement',
      mediation: { status: 'agreed', childId, outcome: 'resolved', output: { agreement: '合作社于4月底前补发补贴' } },
    })
    expect(effectsOf(t, 'reportToBureau')).toEqual([
      { result: 'mediationAgreement', organ: '县农业农村局', reportDue: '2026-05-01' },
    ])
    expect((await t.system.history(id)).at(-1)).toMatchObject({
      kind: 'child',
      actor: { id: 'system' },
      event: { type: 'MEDIATION_DONE', childId, processId: 'mediation' },
    })
  })

  it('a failed mediation returns the claim to handling, the 60-day clock having kept running', async () => {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00' })
    const id = await acceptedClaim(t)
    const due = deadlines(t, id).handling
    await t.send(id, mediate, { actor: organ })
    await refused(t.send(id, opinion(t), { actor: organ }), 'EVENT_NOT_ACCEPTED')
    await refused(t.send(id, mediate, { actor: organ }), 'EVENT_NOT_ACCEPTED')
    const childId = (await t.system.instances({ parentId: id })).items[0]?.id as string
    await t.send(childId, { type: 'FAIL', reason: '合作社拒绝补发' }, { actor: mediator })
    await t.runOutbox()
    expect(await stage(t, id)).toBe('handling.accepted')
    expect((await context(t, id)).mediation).toMatchObject({ status: 'failed', outcome: 'unresolved' })
    expect(deadlines(t, id)).toEqual({ handling: due })
    expect(due).toBe(at('2026-05-12T00:00:00+08:00'))
    await t.send(id, opinion(t), { actor: organ })
    expect(await stage(t, id)).toBe('opinionIssued')
  })

  it('needs the parties’ consent, and only the organ handling the claim mediates', async () => {
    const t = petitionEngine()
    const id = await acceptedClaim(t)
    await refused(
      t.send(id, { ...mediate, partiesConsent: false as true }, { actor: organ }),
      'INVALID_EVENT',
      /XF Art\. 33/,
    )
    await refused(t.send(id, mediate, { actor: bureau }), 'FORBIDDEN')
    const { id: s } = await t.start('petition', claim({ type: 'suggestion', receivedBy: 'organ' }), {
      actor: organ,
      orgUnit: 'county',
    })
    await t.send(s, { type: 'ACCEPT' }, { actor: organ })
    await refused(t.send(s, mediate, { actor: organ }), 'EVENT_NOT_ACCEPTED')
    expect((await t.system.instances()).items).toHaveLength(2)
  })

  it('hands over to another mediation process id with a mapped input', async () => {
    const t = petitionEngine({
      plugin: {
        mediation: {
          processId: 'mediation',
          input: ({ context, respondent }) => ({
            parties: [respondent, context.petition.petitioner?.name ?? '?'],
            facts: `XF33: ${context.petition.facts}`,
          }),
        },
      },
    })
    const id = await acceptedClaim(t)
    await t.send(id, mediate, { actor: organ })
    const child = await t.system.get((await t.system.instances({ parentId: id })).items[0]?.id as string)
    expect(child.context).toMatchObject({ parties: ['某村股份经济合作社', '张三'] })
    // A mediation process that is not registered refuses the hand-over and writes nothing.
    const missing = petitionEngine({ plugin: { mediation: { processId: 'people-mediation' } } })
    const other = await acceptedClaim(missing)
    await refused(missing.send(other, mediate, { actor: organ }), 'PROCESS_NOT_REGISTERED')
    expect(await stage(missing, other)).toBe('handling.accepted')
  })
})
