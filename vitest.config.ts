import { defineConfig } from 'vitest/config'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { fileURLToPath } from 'node:url'

// Tests run against `src` through the `@fengqiao/source` export condition: no build needed.
const source = '@fengqiao/source'

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [source, ...defaultServerConditions], externalConditions: [source] } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['packages/core/test/**/*.test.ts'],
          typecheck: { enabled: true, include: ['packages/core/test/**/*.types.test.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        // The engine's step and command tests again, on the lowest xstate core supports (its
        // dependency range's floor, installed as `xstate-lowest`); the `core` project runs the
        // newest the lockfile holds.
        extends: true,
        resolve: { alias: [{ find: /^xstate$/, replacement: fileURLToPath(new URL('./packages/core/node_modules/xstate-lowest/dist/xstate.esm.js', import.meta.url)) }] },
        test: {
          name: 'core-xstate-lowest',
          env: { FENGQIAO_XSTATE: 'lowest' },
          include: ['packages/core/test/{engine,command-runner,plan-parts,timers,deadlines,escalation,linked-cases,versioning,determinism,instance-cache,concurrency,outbox,history,authorization,define-process,xstate-version}.test.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'adapter-sql', include: ['packages/adapters/sql/test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 },
      },
      { extends: true, test: { name: 'examples', include: ['examples/*/test/**/*.test.ts'], testTimeout: 60_000 } },
      { extends: true, test: { name: 'petition', include: ['packages/petition/test/**/*.test.ts'], typecheck: { enabled: true, include: ['packages/petition/test/**/*.types.test.ts'], tsconfig: './tsconfig.json' } } },
      { extends: true, test: { name: 'mediation', include: ['packages/mediation/test/**/*.test.ts'], typecheck: { enabled: true, include: ['packages/mediation/test/**/*.types.test.ts'], tsconfig: './tsconfig.json' } } },
      { extends: true, test: { name: 'deliberation', include: ['packages/deliberation/test/**/*.test.ts'], typecheck: { enabled: true, include: ['packages/deliberation/test/**/*.types.test.ts'], tsconfig: './tsconfig.json' } } },
    ],
  },
})
