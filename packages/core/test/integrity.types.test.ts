import { describe, expectTypeOf, it } from 'vitest'
import type { CaseProblemReason, Checkpoint, EngineOptions, HistoryChain, IntegrityOptions, VerifyAllResult, VerifyReason, VerifyResult } from '../src/index.js'
import { hmacSha256Chain } from '../src/index.js'
import { createTestEngine } from '../src/testing/test-engine.js'

describe('integrity types', () => {
  it('types the options and results', () => {
    expectTypeOf<EngineOptions['integrity']>().toEqualTypeOf<IntegrityOptions | undefined>()
    expectTypeOf(hmacSha256Chain).returns.toEqualTypeOf<HistoryChain>()
    const engine = createTestEngine()
    expectTypeOf(engine.checkpoint).returns.resolves.toEqualTypeOf<Checkpoint>()
    expectTypeOf(engine.verify).returns.resolves.toEqualTypeOf<VerifyResult>()
    expectTypeOf(engine.verifyAll).returns.resolves.toEqualTypeOf<VerifyAllResult>()
    expectTypeOf<VerifyReason>().toExtend<CaseProblemReason>()
    expectTypeOf<'missing'>().toExtend<CaseProblemReason>()
  })

  it('accepts a checkpoint object or "latest", nothing else', () => {
    const engine = createTestEngine()
    const never = false as boolean
    if (never) {
      void engine.verifyAll({ checkpoint: 'latest' })
      void engine.verifyAll()
      // @ts-expect-error -- only 'latest' names a checkpoint
      void engine.verifyAll({ checkpoint: 'first' })
    }
  })
})
