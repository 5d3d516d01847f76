/**
 * `@fengqiao/core/testing/conformance` — the Store conformance suite for store authors.
 *
 * Kept apart from `@fengqiao/core/testing` because it registers vitest tests and so imports vitest;
 * the test engine must load where vitest is not installed.
 *
 * @module
 */
export { describeStoreConformance } from './store-conformance.js'
export type { StoreConformanceOptions, StoreTestName } from './store-conformance.js'
export { describeTamperScenarios, memoryTamper, TAMPER_SCENARIOS } from './tamper-scenarios.js'
export type { TamperAccess, TamperScenarioName, TamperScenarioOptions, TamperTarget } from './tamper-scenarios.js'
