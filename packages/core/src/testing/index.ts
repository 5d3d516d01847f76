/**
 * `@fengqiao/core/testing` — a time-travelling test engine and a manual clock.
 *
 * Needs no test runner: it works under vitest, jest or `node:test`, from ES modules and CommonJS.
 * The Store conformance suite, which registers vitest tests, is `@fengqiao/core/testing/conformance`.
 *
 * @module
 */
export { createTestEngine } from './test-engine.js'
export type { TestEngine, TestEngineOptions } from './test-engine.js'
export { manualClock } from '../clock.js'
export type { ManualClock } from '../clock.js'
