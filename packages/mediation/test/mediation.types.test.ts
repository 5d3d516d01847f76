// Payload typing through engine.process(def): events and inputs are typed by their zod schemas.
import type { ContextOf, EventOf, InputOf } from '@fengqiao/core'
import { createTestEngine } from '@fengqiao/core/testing'
import { describe, expectTypeOf, it } from 'vitest'
import { mediationPlugin, type CourtMediationProcess, type MediationOutput, type PeoplesContext, type PeoplesMediationProcess, type PoliceMediationProcess } from '../src/index.js'

type Peoples = PeoplesMediationProcess
type Police = PoliceMediationProcess
type Court = CourtMediationProcess

describe('mediation payload types', () => {
  it('infers the events', () => {
    type E = EventOf<Peoples>
    expectTypeOf<Extract<E, { type: 'HEART_STEP' }>>().toEqualTypeOf<{ type: 'HEART_STEP'; step: string; by: string; at: string; notes: string }>()
    expectTypeOf<Extract<E, { type: 'SIGN_AGREEMENT' }>>().toEqualTypeOf<{ type: 'SIGN_AGREEMENT'; party: string; mark: 'signature' | 'seal' | 'fingerprint' }>()
    expectTypeOf<Extract<E, { type: 'COMMITTEE_SEAL' }>>().toEqualTypeOf<{ type: 'COMMITTEE_SEAL' }>()
    expectTypeOf<Extract<EventOf<Police>, { type: 'PENALIZE' }>>().toEqualTypeOf<{ type: 'PENALIZE'; decision: string }>()
    expectTypeOf<Extract<EventOf<Court>, { type: 'FILE' }>>().toEqualTypeOf<{ type: 'FILE'; caseNo: string; procedure: 'ordinary' | 'simple' }>()
  })

  it('infers the input and the context', () => {
    expectTypeOf<InputOf<Peoples>>().toHaveProperty('parties')
    expectTypeOf<InputOf<Peoples>['colour']>().toEqualTypeOf<'green' | 'yellow' | 'red' | undefined>()
    expectTypeOf<ContextOf<Peoples>>().toEqualTypeOf<PeoplesContext>()
    expectTypeOf<ContextOf<Peoples>['checklist']>().toEqualTypeOf<Array<{ step: string; by: string; at: string; notes: string }>>()
  })

  it('types the process client and refuses wrong payloads at compile time', () => {
    const plugin = mediationPlugin()
    const t = createTestEngine({ plugins: [plugin] })
    const client = t.process(plugin.definitions.peoples)
    expectTypeOf(client.definition).toEqualTypeOf<Peoples>()
    expectTypeOf(t.process(plugin.definitions.police).send).parameter(1).toEqualTypeOf<EventOf<Police>>()
    const opts = { actor: { id: 'm', roles: ['mediator'] } }
    const never = false as boolean
    if (never) {
      void client.start({ parties: ['zhang', 'li'], facts: 'f', applicants: ['zhang'] }, opts)
      void client.send('i1', { type: 'HEART_STEP', step: 'patientListening', by: '王', at: '2026-03-02T10:00:00+08:00', notes: 'n' }, opts)
      void client.send('i1', { type: 'DRAFT_AGREEMENT', contents: { parties: ['a', 'b'], facts: 'f', issues: 'i', responsibilities: 'r', terms: 't', performance: { method: 'm', deadline: '2026-04-30' } } }, opts)
      // @ts-expect-error the checklist step needs who, when and notes
      void client.send('i1', { type: 'HEART_STEP', step: 'patientListening' }, opts)
      // @ts-expect-error a mark must be a signature, seal or fingerprint
      void client.send('i1', { type: 'SIGN_AGREEMENT', party: 'zhang', mark: 'stamp' }, opts)
      // @ts-expect-error a transfer goes to the police or a court
      void client.send('i1', { type: 'TRANSFER', to: 'arbitration', reason: 'r' }, opts)
      // @ts-expect-error unknown event
      void client.send('i1', { type: 'AGREE', terms: 't' }, opts)
      // @ts-expect-error facts are required
      void client.start({ parties: ['zhang', 'li'] }, opts)
    }
    expectTypeOf<MediationOutput['routes']>().toEqualTypeOf<Array<'arbitration' | 'administrative' | 'litigation' | 'enforcement' | 'peoplesMediation'>>()
  })
})
