/**
 * Set-up for the mutation-testing runs only (vitest.mutation.config.ts). Property tests draw from a
 * fixed seed there, so a mutant meets the same cases on every rerun: its verdict does not depend on
 * luck, an incremental rerun reaches the same verdicts, and the HiGHS answers of those cases are
 * reused (highs-memo.ts). `npm test` keeps fast-check's random seed, reported on failure.
 */
import fc from 'fast-check';

fc.configureGlobal({ seed: 20_261_207 });
