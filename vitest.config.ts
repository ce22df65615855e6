import { defineConfig } from 'vitest/config';

// The suites, all run by `npm test`: unit, API on PGlite and on PostgreSQL, slow API tests on both, browser (e2e).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['src/**/*.unit.test.ts', 'src/**/*.unit.test.tsx'], environment: 'node' } },
      {
        test: {
          name: 'api-pglite',
          include: ['src/server/**/*.api.test.ts'],
          env: { TEST_DB: 'pglite' },
          globalSetup: ['tests/global-setup-db.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      {
        test: {
          name: 'api-postgres',
          include: ['src/server/**/*.api.test.ts'],
          env: { TEST_DB: 'postgres' },
          globalSetup: ['tests/global-setup-db.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
        },
      },
      // Slow API tests (a 100,000-row import): the same harness on both databases, a separate project
      // so `npm run test:api` stays quick; `npm test` runs them after the API suites (`npm run test:slow`).
      ...(['pglite', 'postgres'] as const).map((db) => ({
        test: {
          name: `slow-${db}`,
          include: ['src/server/**/*.slow.test.ts'],
          env: { TEST_DB: db },
          globalSetup: ['tests/global-setup-db.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
          pool: 'forks' as const,
        },
      })),
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          // What the screen shows after a refetch can take a moment on a busy machine.
          expect: { poll: { timeout: 10_000, interval: 100 } },
          globalSetup: ['e2e/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
