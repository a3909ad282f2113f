import { defineConfig } from 'vitest/config';

/**
 * The tests Stryker runs against the mutants of one core folder (stryker.config.mjs, run per folder
 * by scripts/mutation.ts): that folder's colocated unit tests, plus the few suites under test/ that
 * exercise it on embedded data without a server, a store or a browser. A mutant counts as killed
 * only by the tests of its own folder, so a folder's score says how well its own tests pin it down.
 * No global setup: nothing here needs PostgreSQL.
 */
export const MUTATION_TESTS: Readonly<Record<string, readonly string[]>> = {
  units: ['src/units/**/*.test.ts'],
  chain: ['src/chain/**/*.test.ts', 'test/difficulty-epochs.test.ts', 'test/retarget-history.test.ts'],
  hardware: ['src/hardware/**/*.test.ts'],
  history: ['src/history/**/*.test.ts'],
  economics: ['src/economics/**/*.test.ts'],
  dispatch: ['src/dispatch/**/*.test.ts', 'test/schedule-schema.test.ts'],
  valuation: ['src/valuation/**/*.test.ts', 'test/valuation-fit.test.ts'],
  config: ['src/config/**/*.test.ts', 'test/spec-schemas.test.ts', 'test/schedule-schema.test.ts'],
};

const folder = process.env.HASHFLOOR_MUTATION_FOLDER;

export default defineConfig({
  test: {
    include: [...(folder ? (MUTATION_TESTS[folder] ?? []) : Object.values(MUTATION_TESTS).flat())],
    // Fewer iterations in the heaviest loops (test/helpers/mutation-scale.ts).
    env: { HASHFLOOR_MUTATION: '1' },
    // Fixed fast-check seed (test/helpers/mutation-setup.ts).
    setupFiles: ['test/helpers/mutation-setup.ts'],
    // Instrumented code runs several times slower than plain (the valuation kernel's loops most).
    testTimeout: 300_000,
  },
});
