import { setup } from 'xstate'
import { z } from 'zod'
import { createEngine, defineProcess, update, type EventsOf } from '@fengqiao/core'

const events = {
  ASSIGN: { schema: z.object({ mediator: z.string() }), roles: ['committee'] },
  AGREE: { schema: z.object({ terms: z.string().min(1) }), roles: ['mediator'] },
}
const machine = setup({
  types: {
    context: {} as { parties: string[]; terms: string | null },
    events: {} as EventsOf<typeof events>,
    input: {} as { parties: string[] },
  },
}).createMachine({
  id: 'mediation',
  initial: 'applied',
  context: ({ input }) => ({ parties: input.parties, terms: null }),
  states: {
    applied: { meta: { task: { role: 'committee' } }, on: { ASSIGN: 'mediating' } },
    mediating: {
      meta: { task: { role: 'mediator' } },
      on: {
        AGREE: {
          target: 'agreed',
          actions: update(({ draft, event }) => {
            draft.terms = event.terms
          }),
        },
      },
    },
    agreed: { type: 'final' },
  },
})
const mediation = defineProcess({
  id: 'mediation',
  version: 1,
  machine,
  events,
  input: z.object({ parties: z.array(z.string()).min(2) }),
})

const engine = createEngine({ processes: [mediation] }) // in-memory store, system clock
const cases = engine.process(mediation) // typed: a wrong event or payload does not compile
const { id } = await cases.start({ parties: ['张三', '李四'] }, { actor: { id: 'u1', roles: ['committee'] } })
console.log(
  (await engine.tasks({ role: 'committee', actor: { id: 'u1', roles: ['committee'] } })).items.map((t) => t.stateNode),
) // [ 'mediation.applied' ]
await cases.send(id, { type: 'ASSIGN', mediator: '王调解员' }, { actor: { id: 'u1', roles: ['committee'] } })
const done = await cases.send(id, { type: 'AGREE', terms: '赔偿500元' }, { actor: { id: 'm1', roles: ['mediator'] } })
console.log(done.state, done.status, (await engine.get(id, { actor: { id: 'm1', roles: ['mediator'] } })).context) // agreed completed { parties: [...], terms: '赔偿500元' }
console.log(await engine.verify(id, { actor: { id: 'u1', roles: ['committee'] } })) // { ok: true, entries: 3 }
