import { defineConfig, type Options } from 'tsup'

const common: Options = {
  dts: true,
  sourcemap: true,
  target: 'node20',
  external: ['vitest'],
  // Keep `with { type: 'json' }` on the calendar data import: Node's ESM loader requires it.
  esbuildOptions(o) {
    o.supported = { ...o.supported, 'import-attributes': true }
  },
}

export default defineConfig([
  // ESM: every entry, sharing chunks.
  { ...common, entry: { index: 'src/index.ts', store: 'src/store/index.ts', testing: 'src/testing/index.ts' }, format: ['esm'], clean: true },
  // CommonJS: the runtime entries. The testing kit is ESM-only, like vitest itself.
  { ...common, entry: { index: 'src/index.ts', store: 'src/store/index.ts' }, format: ['cjs'] },
])
