import { defineConfig } from 'tsup'

// One entry, ESM and CommonJS, with declarations. `@fengqiao/core`, xstate and zod stay external
// (they are peer dependencies).
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  target: 'node20',
  clean: true,
})
