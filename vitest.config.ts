import { defineConfig } from 'vitest/config';

// Four suites, all run by `npm test`: unit, API on PGlite, API on PostgreSQL, browser (e2e).
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
