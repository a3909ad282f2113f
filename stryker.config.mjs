// Mutation testing of the pure core and the config rules: `npm run test:mutation` (scripts/mutation.ts
// runs this once per folder with HASHFLOOR_MUTATION_FOLDER set; docs/DEVELOPING.md has the scores).
// Incremental: results of mutants whose code and covering tests did not change are reused from
// reports/mutation/<folder>/incremental.json, so a rerun after a small change takes minutes.
import process from 'node:process';

const folder = process.env.HASHFLOOR_MUTATION_FOLDER;
const out = `reports/mutation/${folder ?? 'all'}`;
// Test runners in parallel (default 2, one per core); HASHFLOOR_MUTATION_CONCURRENCY=1 on a machine
// whose cores are shared with other work.
const concurrency = Number(process.env.HASHFLOOR_MUTATION_CONCURRENCY ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1)
  throw new Error(`HASHFLOOR_MUTATION_CONCURRENCY must be a whole number ≥ 1, got ${process.env.HASHFLOOR_MUTATION_CONCURRENCY}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  coverageAnalysis: 'perTest',
  plugins: ['@stryker-mutator/vitest-runner', '@stryker-mutator/typescript-checker', './scripts/stryker/ignore-error-messages.mjs'],
  ignorers: ['error-messages'],
  mutate: folder
    ? [`src/${folder}/**/*.ts`, '!src/**/*.test.ts']
    : ['src/{units,chain,hardware,history,economics,dispatch,valuation}/**/*.ts', 'src/config/**/*.ts', '!src/**/*.test.ts'],
  concurrency,
  incremental: true,
  incrementalFile: `${out}/incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 85, low: 75, break: null },
  // Module-level constants ("static" mutants) would need every test rerun in a fresh process each.
  ignoreStatic: true,
  // i++ → i-- turns a loop into an endless one: each such mutant costs a timeout and a test-runner
  // restart (about a minute on this machine) and tells nothing the timeout would not.
  mutator: { excludedMutations: ['UpdateOperator'] },
  timeoutMS: 5_000,
  dryRunTimeoutMinutes: 30,
  ignorePatterns: ['dist', 'web/dist', 'artifacts', 'reports', 'coverage', '.hashfloor'],
  tempDirName: '.stryker-tmp',
};
