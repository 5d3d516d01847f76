import { memoryStore } from '../src/store/memory-store.js'
import { describeStoreConformance } from '../src/testing/store-conformance.js'

describeStoreConformance('memory store', { create: async () => memoryStore() })
