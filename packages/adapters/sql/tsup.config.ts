import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Drivers are peer dependencies, loaded on first use: never bundle them.
  external: ['@fengqiao/core', 'kysely', 'pg', 'mysql2', 'better-sqlite3'],
})
