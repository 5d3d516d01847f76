// The tamper scenarios (issue 13 §3) on the memory store: every one detected by the keyed chain
// with a signed checkpoint.
import { memoryStore } from '../src/index.js'
import { describeTamperScenarios, memoryTamper } from '../src/testing/conformance.js'

describeTamperScenarios('memory', {
  create: async () => {
    const store = memoryStore()
    return { store, tamper: memoryTamper(store) }
  },
  tally: (detected, total) => console.info(`[tamper] memory: ${detected}/${total} tamper scenarios detected`),
})
