import { defineConfig } from 'tsup'

// Every entry in ES module and CommonJS form, each with its own declarations (`.d.ts` / `.d.cts`).
// Both formats share chunks between entries, so `/testing` and `.` hold one copy of the engine
// (one `FengqiaoError` class for `instanceof`).
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    store: 'src/store/index.ts',
    testing: 'src/testing/index.ts',
    'testing/conformance': 'src/testing/conformance.ts',
  },
  format: ['esm', 'cjs'],
  splitting: true,
  // `import.meta.url` (reading the installed peers' versions) works in the CommonJS build too.
  shims: true,
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Peers and the test runner stay outside the bundle: the host app holds one copy.
  external: ['vitest', 'xstate', 'zod'],
  // Keep `with { type: 'json' }` on the calendar data import: Node's ESM loader requires it.
  esbuildOptions(o) {
    o.supported = { ...o.supported, 'import-attributes': true }
  },
})
