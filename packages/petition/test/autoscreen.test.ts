import { describe, expect, it } from 'vitest'
import { acceptedClaim, bureau, claim, context, opinion, organ, orgUnits, petitionEngine, stage } from './helpers.js'

describe('automatic screening through the interceptor’s tools.engine (XF Arts. 19, 36)', () => {
  it('with orgUnits and no screen, a repeat of a FINAL matter is refused without host code', async () => {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00', plugin: { orgUnits } })
    const first = await acceptedClaim(t)
    await t.send(first, opinion(t), { actor: organ })
    await t.advance('35d')
    const again = await t.start('petition', claim({ receivedAt: new Date(t.clock.now()).toISOString() }), {
      actor: bureau,
      orgUnit: 'county',
    })
    expect(await stage(t, again.id)).toBe('rejectedDuplicate')
    expect((await context(t, again.id)).rejection).toMatchObject({ article: 'XF Art. 36', caseId: first })
    // A different matter is not barred.
    const other = await t.start(
      'petition',
      claim({ matterKey: 'matter-other', receivedAt: new Date(t.clock.now()).toISOString() }),
      { actor: bureau, orgUnit: 'county' },
    )
    expect(await stage(t, other.id)).toBe('registered')
  })

  it('without orgUnits or screen nothing is screened (the caller supplies the facts)', async () => {
    const t = petitionEngine({ start: '2026-03-12T09:00:00+08:00' })
    const first = await acceptedClaim(t)
    await t.send(first, opinion(t), { actor: organ })
    await t.advance('35d')
    const again = await t.start('petition', claim({ receivedAt: new Date(t.clock.now()).toISOString() }), {
      actor: bureau,
      orgUnit: 'county',
    })
    expect(await stage(t, again.id)).toBe('registered')
  })

  it('a host screen wins over the automatic one', async () => {
    let calls = 0
    const t = petitionEngine({
      plugin: {
        orgUnits,
        screen: () => {
          calls++
          return {}
        },
      },
    })
    await t.start('petition', claim(), { actor: bureau, orgUnit: 'county' })
    expect(calls).toBe(1)
  })
})
