/**
 * `@fengqiao/core/testing` — a time-travelling test engine and the Store conformance suite.
 *
 * @module
 */
export { createTestEngine } from './test-engine.js'
export type { TestEngine, TestEngineOptions } from './test-engine.js'
export { describeStoreConformance } from './store-conformance.js'
export type { StoreConformanceOptions, StoreTestName } from './store-conformance.js'
export { describeTamperScenarios, memoryTamper, TAMPER_SCENARIOS } from './tamper-scenarios.js'
export type { TamperAccess, TamperScenarioName, TamperScenarioOptions, TamperTarget } from './tamper-scenarios.js'
