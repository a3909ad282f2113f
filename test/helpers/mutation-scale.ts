/**
 * Loop counts for the heaviest tests. `npm run test:mutation` reruns a test for every mutant it
 * covers, on instrumented code several times slower than plain (vitest.mutation.config.ts sets
 * HASHFLOOR_MUTATION=1): there the seeded-instance and sample loops run a fraction of their
 * iterations. `npm test` always runs the full count. Tolerances that depend on a sample size are
 * computed from the count actually drawn, so both runs assert the same statistical bound.
 */
export const UNDER_MUTATION = process.env.HASHFLOOR_MUTATION === '1';

/** `full` in `npm test`, `mutation` under mutation testing. */
export function iterations(full: number, mutation: number): number {
  return UNDER_MUTATION ? mutation : full;
}
