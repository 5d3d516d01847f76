// Timers true to time on the real escalation ladder (docs/domain-rules.md#21-escalation-ladder –
// docs/domain-rules.md#22-colour-grading; docs/operations.md "After an outage"): a worker back from
// an outage brings each people's mediation to the colour, owner, deadlines and red daily reports
// that stepping the clock through reaches.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { TestEngine } from '@fengqiao/core/testing'
import { acceptAndAssign, harness, register } from './helpers.js'

const H = 3_600_000

async function observed(t: TestEngine, ids: readonly string[]) {
  return Promise.all(
    ids.map(async (id) => {
      const v = await t.system.get(id)
      return {
        state: v.stateKey,
        orgUnit: v.orgUnit,
        grade: (v.context as { grade: unknown }).grade,
        timers: v.timers.map((x) => [x.key, x.dueAt.getTime()]).sort(),
        tasks: (await t.system.tasks({ instanceId: id })).items.map((k) => [
          k.stateNode,
          k.orgUnit,
          k.createdAt.getTime(),
          k.dueAt?.getTime() ?? null,
          k.colour,
        ]),
        history: (await t.system.history(id)).map((h) => [h.kind, h.to, h.at]),
      }
    }),
  )
}

describe('docs/domain-rules.md#21-escalation-ladder after an outage', () => {
  const NUM_RUNS = 25
  it(`a catch-up after a random outage reaches the colours and owners stepping the clock does (${NUM_RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ greenDays: fc.integer({ min: 1, max: 10 }), yellowDays: fc.integer({ min: 1, max: 15 }) }),
        fc.integer({ min: 6, max: 48 }), // hours between red daily reports
        fc.array(fc.integer({ min: 0, max: 5 * 24 }), { minLength: 1, maxLength: 3 }), // case registrations, hours apart
        fc.integer({ min: 0, max: 20 * 24 }), // outage start, hours after the last registration
        fc.integer({ min: 1, max: 45 * 24 }), // outage length, hours
        async (colour, redReportHours, gaps, outageAt, outageFor) => {
          const parameters = { colour: { ...colour, redReportHours } }
          const stepped = harness({ parameters }).t
          const late = harness({ parameters }).t
          const ids: string[] = []
          for (const g of gaps) {
            await stepped.advance(g * H)
            await late.advance(g * H)
            const id = await register(stepped)
            expect(await register(late)).toBe(id)
            await acceptAndAssign(stepped, id)
            await acceptAndAssign(late, id)
            ids.push(id)
          }
          await stepped.advance(outageAt * H)
          await late.advance(outageAt * H)
          // The late engine's worker is down; then one catch-up.
          await stepped.advance(outageFor * H)
          late.clock.set(late.clock.now() + outageFor * H)
          await late.runDueTimers()
          expect(await observed(late, ids)).toEqual(await observed(stepped, ids))
        },
      ),
      { numRuns: NUM_RUNS },
    )
  }, 120_000)
})
