// Five-heart mediation (五心调解, docs/domain-rules.md#52-five-heart-mediation): an ordered, audited checklist inside MEDIATING; an
// agreement cannot be recorded before the configured required steps are done.
import { describe, expect, it } from 'vitest'
import {
  defaultMediationParameters,
  fiveHeartSteps,
  heartStepRefusal,
  missingHeartSteps,
  resolveParameters,
} from '../src/index.js'
import { acceptAndAssign, contents, coreSteps, harness, heartSteps, mediator, register, stepOf } from './helpers.js'

const at = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:00:00+08:00`

async function mediating(parameters = {}) {
  const h = harness({ parameters })
  const id = await register(h.t)
  await acceptAndAssign(h.t, id)
  return { ...h, id }
}

describe('the five-heart checklist', () => {
  it('logs each step with who, when and notes, in context; the history records the actor and the commit time', async () => {
    const { t, id } = await mediating()
    await t.send(
      id,
      { type: 'HEART_STEP', step: 'patientListening', by: '王调解', at: at(10), notes: '分别听取双方陈述' },
      { actor: mediator },
    )
    expect((await t.system.get(id)).context).toMatchObject({
      checklist: [{ step: 'patientListening', by: '王调解', at: at(10), notes: '分别听取双方陈述' }],
    })
    const entry = (await t.system.history(id)).at(-1)
    expect(entry).toMatchObject({
      kind: 'event',
      actor: { id: 'm1', roles: ['mediator'] },
      event: { type: 'HEART_STEP', step: 'patientListening' },
      at: Date.parse('2026-03-02T09:00:00+08:00'),
    })
    expect(await t.system.verify(id)).toMatchObject({ ok: true })
  })

  it('is ordered: a step before its predecessors is refused; so is a repeat, an unknown step, or a time before the previous step', async () => {
    const { t, id } = await mediating()
    const send = (step: string, hour: number) =>
      t.send(id, { type: 'HEART_STEP', step, by: '王调解', at: at(hour), notes: 'n' }, { actor: mediator })
    await expect(send('impartialReasoning', 10)).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await send('patientListening', 10)
    await expect(send('patientListening', 11)).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(send('heartToHeart', 11)).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(send('listening', 11)).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await expect(send('impartialReasoning', 9)).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await send('impartialReasoning', 10) // the same hour is fine
    await send('heartToHeart', 11)
    await send('goodFaith', 12)
    await send('wholehearted', 13) // the fifth step (default 尽心沟通)
    expect(
      ((await t.system.get(id)).context as { checklist: Array<{ step: string }> }).checklist.map((c) => c.step),
    ).toEqual([...coreSteps, 'wholehearted'])
  })

  it('explains its refusals', () => {
    const p = defaultMediationParameters
    expect(heartStepRefusal([], 'goodFaith', at(9), p)).toMatch(
      /ordered: patientListening, impartialReasoning, heartToHeart must come before "goodFaith"/,
    )
    expect(heartStepRefusal([], 'x', at(9), p)).toMatch(/not a configured five-heart step/)
    expect(heartStepRefusal([], 'patientListening', at(9), p)).toBeNull()
    expect(missingHeartSteps([], p)).toEqual([...coreSteps])
    expect(fiveHeartSteps(p).map((s) => s.label['zh-CN'])).toEqual([
      '耐心倾听',
      '公心说理',
      '交心沟通',
      '诚信化解',
      '尽心沟通',
    ])
  })
})

describe('the agreement guard', () => {
  it('refuses a written or oral agreement until the four required steps are done, then accepts it', async () => {
    const { t, id } = await mediating()
    await heartSteps(t, id, 3)
    await expect(t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await expect(
      t.send(
        id,
        { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
        { actor: mediator },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(
      id,
      { type: 'HEART_STEP', step: 'goodFaith', by: '王调解', at: at(13), notes: '促成和解' },
      { actor: mediator },
    )
    // The fifth step is not required by default.
    await t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })
    expect(await stepOf(t, id)).toBe('handling.signing')
  })

  it('is configurable: requiring the fifth step refuses an agreement without it', async () => {
    const { t, id } = await mediating({ fiveHeart: { requiredSteps: [...coreSteps, 'wholehearted'] } })
    await heartSteps(t, id, 4)
    await expect(
      t.send(
        id,
        { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
        { actor: mediator },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    await t.send(
      id,
      { type: 'HEART_STEP', step: 'wholehearted', by: '王调解', at: at(14), notes: '回访' },
      { actor: mediator },
    )
    await t.send(
      id,
      { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    expect((await t.system.get(id)).stateKey).toBe('agreed.supervising')
  })

  it('is configurable: a four-step checklist (no fifth step) refuses the fifth; no required steps lets an agreement through at once', async () => {
    const four = await mediating({ fiveHeart: { fifthStep: null } })
    await heartSteps(four.t, four.id, 4)
    await expect(
      four.t.send(
        four.id,
        { type: 'HEART_STEP', step: 'wholehearted', by: '王', at: at(14), notes: 'n' },
        { actor: mediator },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
    const none = await mediating({ fiveHeart: { requiredSteps: [] } })
    await none.t.send(
      none.id,
      { type: 'RECORD_ORAL_AGREEMENT', terms: 't', record: 'r', agreedBy: ['zhang', 'li'] },
      { actor: mediator },
    )
    expect((await none.t.system.get(none.id)).stateKey).toBe('agreed.supervising')
  })

  it('a custom fifth step (for example a follow-up visit) can be configured and required', async () => {
    const fifthStep = { key: 'followUp', label: { 'zh-CN': '回访', en: 'Follow-up visit' } }
    const p = resolveParameters({ fiveHeart: { fifthStep, requiredSteps: ['patientListening', 'followUp'] } })
    expect(missingHeartSteps([], p)).toEqual(['patientListening', 'followUp'])
    const { t, id } = await mediating({ fiveHeart: { fifthStep, requiredSteps: ['patientListening', 'followUp'] } })
    await heartSteps(t, id, 4)
    await expect(t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })).rejects.toMatchObject({
      code: 'EVENT_NOT_ACCEPTED',
    })
    await t.send(id, { type: 'HEART_STEP', step: 'followUp', by: '王', at: at(15), notes: '回访' }, { actor: mediator })
    await t.send(id, { type: 'DRAFT_AGREEMENT', contents }, { actor: mediator })
    expect(await stepOf(t, id)).toBe('handling.signing')
  })

  it('steps are logged only while mediating', async () => {
    const { t } = harness()
    const id = await register(t)
    await expect(
      t.send(
        id,
        { type: 'HEART_STEP', step: 'patientListening', by: '王', at: at(10), notes: 'n' },
        { actor: mediator },
      ),
    ).rejects.toMatchObject({ code: 'EVENT_NOT_ACCEPTED' })
  })
})
