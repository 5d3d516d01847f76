import { defineConfig } from 'vitest/config'
import { defaultClientConditions, defaultServerConditions } from 'vite'

// Tests run against `src` through the `@fengqiao/source` export condition: no build needed.
const source = '@fengqiao/source'
// Heavy runs (`*.long.test.ts`: fault runs that restart throwaway servers) only under `pnpm test:long`.
const long = process.env.FENGQIAO_LONG === '1'
const exclude = long ? [] : ['**/*.long.test.ts', '**/node_modules/**']

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
        extends: true,
        test: { name: 'adapter-sql', include: ['packages/adapters/sql/test/**/*.test.ts'], exclude, testTimeout: 60_000, hookTimeout: 120_000 },
      },
      { extends: true, test: { name: 'examples', include: ['examples/*/test/**/*.test.ts'], testTimeout: 60_000 } },
      { extends: true, test: { name: 'petition', include: ['packages/petition/test/**/*.test.ts'], typecheck: { enabled: true, include: ['packages/petition/test/**/*.types.test.ts'], tsconfig: './tsconfig.json' } } },
      { extends: true, test: { name: 'mediation', include: ['packages/mediation/test/**/*.test.ts'], typecheck: { enabled: true, include: ['packages/mediation/test/**/*.types.test.ts'], tsconfig: './tsconfig.json' } } },
      { extends: true, test: { name: 'deliberation', include: ['packages/deliberation/test/**/*.test.ts'], typecheck: { enabled: true, include: ['packages/deliberation/test/**/*.types.test.ts'], tsconfig: './tsconfig.json' } } },
      { extends: true, test: { name: 'bpmn', include: ['packages/bpmn/test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000, typecheck: { enabled: true, include: ['packages/bpmn/test/**/*.types.test.ts'], tsconfig: './tsconfig.json' } } },
    ],
  },
})
