import { defineConfig } from 'vitest/config'
import { configDefaults } from 'vitest/config'
import { defaultClientConditions, defaultServerConditions } from 'vite'
import { fileURLToPath } from 'node:url'

// Tests run against `src` through the `@fengqiao/source` export condition: no build needed.
const source = '@fengqiao/source'
// Files named `*.long.test.ts` (multi-process soaks, fault runs that restart throwaway servers,
// full demo runs on a server) run only under
// `pnpm test:long` (FENGQIAO_LONG=1), so `pnpm test` stays short; CI runs both.
const long = process.env.FENGQIAO_LONG === '1'
const files = (dir: string) => [long ? `${dir}/**/*.long.test.ts` : `${dir}/**/*.test.ts`]
const exclude = long ? configDefaults.exclude : [...configDefaults.exclude, '**/*.long.test.ts']

export default defineConfig({
  resolve: { conditions: [source, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [source, ...defaultServerConditions], externalConditions: [source] } },
  test: {
    exclude,
    projects: [
      { extends: true, test: { name: 'core', include: files('packages/core/test') } },
      {
        extends: true,
        test: {
          name: 'adapter-sql',
          include: files('packages/adapters/sql/test'),
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        // The engine's step and command tests again, on the lowest xstate core supports (its
        // dependency range's floor, installed as `xstate-lowest`); the `core` project runs the
        // newest the lockfile holds.
        extends: true,
        resolve: {
          alias: [
            {
              find: /^xstate$/,
              replacement: fileURLToPath(
                new URL('./packages/core/node_modules/xstate-lowest/dist/xstate.esm.js', import.meta.url),
              ),
            },
          ],
        },
        test: {
          name: 'core-xstate-lowest',
          env: { FENGQIAO_XSTATE: 'lowest' },
          include: long
            ? []
            : [
                'packages/core/test/{engine,command-runner,plan-parts,timers,deadlines,escalation,linked-cases,versioning,determinism,instance-cache,concurrency,outbox,history,authorization,define-process,xstate-version}.test.ts',
              ],
        },
      },
      { extends: true, test: { name: 'examples', include: files('examples/*/test'), testTimeout: 60_000 } },
      { extends: true, test: { name: 'petition', include: files('packages/petition/test') } },
      { extends: true, test: { name: 'mediation', include: files('packages/mediation/test') } },
      { extends: true, test: { name: 'deliberation', include: files('packages/deliberation/test') } },
      { extends: true, test: { name: 'grid', include: files('packages/grid/test') } },
      {
        extends: true,
        test: { name: 'bpmn', include: files('packages/bpmn/test'), testTimeout: 60_000, hookTimeout: 60_000 },
      },
      {
        extends: true,
        test: { name: 'console', include: files('packages/console/test'), testTimeout: 60_000, hookTimeout: 120_000 },
      },
      { extends: true, test: { name: 'docs', include: files('scripts/test'), testTimeout: 120_000 } },
      // Every package's type tests in one tsc run (one project, so vitest's "experimental" notice
      // for type testing prints once, not once per package).
      ...(long
        ? []
        : [
            {
              extends: true as const,
              test: {
                name: 'types',
                include: [],
                typecheck: {
                  enabled: true,
                  only: true,
                  include: ['packages/**/test/**/*.types.test.ts'],
                  tsconfig: './tsconfig.json',
                },
              },
            },
          ]),
    ],
  },
})
