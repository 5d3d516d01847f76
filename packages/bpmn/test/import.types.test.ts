import { describe, expectTypeOf, it } from 'vitest'
import { defineProcess, type EventOf } from '@fengqiao/core'
import { z } from 'zod'
import { fromBpmn } from '../src/index.js'

describe('fromBpmn types', () => {
  it('types the imported process from the events passed in, like a hand-written one', () => {
    const events = {
      SUBMIT: { schema: z.object({ text: z.string() }), roles: ['clerk'] },
      CANCEL: { schema: z.object({}), roles: ['applicant'] },
    } as const
    const _build = async () => defineProcess(await fromBpmn('', { events }))
    expectTypeOf<EventOf<Awaited<ReturnType<typeof _build>>>>().toEqualTypeOf<{ type: 'SUBMIT'; text: string } | { type: 'CANCEL' }>()
    // @ts-expect-error -- a guard must be a function of { context, event }
    const wrong = () => fromBpmn('', { events, guards: { ok: 1 } })
    expectTypeOf(wrong).toBeFunction()
  })
})
