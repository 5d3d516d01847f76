// Personal data (个人信息保护法) on the memory store: sealed at rest, clear only to its readers,
// erasure and retention with verify still passing, key rotation, effects given what they need.
import { describePersonalData } from '../src/testing/conformance.js'
import { memoryStore, type MemoryStore } from '../src/index.js'

const dump = async (store: MemoryStore): Promise<string> =>
  JSON.stringify(Object.fromEntries(Object.entries(store.tables).map(([name, table]) => [name, [...table.values()]])))

describePersonalData('memory store: personal data', { create: async () => memoryStore(), dump })
