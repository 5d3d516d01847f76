import { memoryStore } from '../src/store/memory-store.js'
import { describeStoreConformance } from '../src/testing/store-conformance.js'

describeStoreConformance('memory store', { create: async () => memoryStore() })

// A declared gap runs and must fail: a store that clamps a bad page size instead of refusing it.
describeStoreConformance('a store with a declared gap', {
  create: async () => {
    const inner = memoryStore()
    const clamp = <P extends { limit: number }>(p: P): P => ({
      ...p,
      limit: Math.min(Math.max(Math.round(p.limit), 1), 1000),
    })
    return {
      ...inner,
      findTasks: (f, p) => inner.findTasks(f, clamp(p)),
      findInstances: (f, p) => inner.findInstances(f, clamp(p)),
    }
  },
  skip: { 'rejects bad page requests': true },
})
