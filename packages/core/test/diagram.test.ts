import { describe, expect, it } from 'vitest'
import { setup } from 'xstate'
import { z } from 'zod'
import { defineProcess, toMermaid } from '../src/index.js'
import { complaint } from './fixtures/complaint.js'
import { petitionLite } from './fixtures/petition-lite.js'

describe('toMermaid', () => {
  it('draws states, transitions, timers and finals from the machine', () => {
    const text = toMermaid(complaint)
    expect(text.startsWith('stateDiagram-v2\n')).toBe(true)
    expect(text).toContain('[*] --> complaint_received')
    expect(text).toContain('complaint_received --> complaint_accepted: ACCEPT')
    expect(text).toContain('complaint_handling --> complaint_overdue: after replyWindow')
    expect(text).toContain('complaint_closed --> [*]')
    // A self-transition without a target draws no edge.
    expect(text).not.toContain('complaint_handling --> complaint_handling: COMMENT')
  })

  it('draws nested states, deadlines as notes, and machine-wide transitions', () => {
    const text = toMermaid(petitionLite)
    expect(text).toContain('state "handling" as pl_handling {')
    expect(text).toContain('pl_handling_working --> pl_handling_hearing: HEARING_START')
    expect(text).toContain('note right of pl_registered: 15 days → LATE')
    expect(text).toContain('__any --> pl_withdrawn: WITHDRAW')
  })

  it('draws the regions of a parallel state separated by --', () => {
    const machine = setup({}).createMachine({
      id: 'par',
      type: 'parallel',
      states: {
        a: { initial: 'a1', states: { a1: { on: { GO: 'a2' } }, a2: {} } },
        b: { initial: 'b1', states: { b1: {} } },
      },
    })
    const text = toMermaid(
      defineProcess({ id: 'par', version: 1, machine, events: { GO: { schema: z.object({}), roles: ['u'] } } }),
    )
    const lines = text.split('\n').map((l) => l.trim())
    expect(lines).toContain('--')
    expect(lines.indexOf('[*] --> par_a_a1')).toBeLessThan(lines.indexOf('--'))
    expect(lines.indexOf('[*] --> par_b_b1')).toBeGreaterThan(lines.indexOf('--'))
  })
})
