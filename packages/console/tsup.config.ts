import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', fastify: 'src/fastify.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  // The app's build (dist/app, by `vite build`) stays.
  clean: false,
  target: 'node20',
})
