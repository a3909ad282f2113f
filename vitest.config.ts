import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
    // One throwaway PostgreSQL server for the store contract suite (see test/global-setup.ts).
    globalSetup: ['test/global-setup.ts'],
  },
});
