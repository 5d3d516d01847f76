import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // moddle.ts reads a JSON descriptor through createRequire(import.meta.url), in the CommonJS build too.
  shims: true,
})
