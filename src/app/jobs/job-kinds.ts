/**
 * The computations the API runs as jobs on worker threads, by kind. A body gets its input (a
 * structured clone of what the route prepared) and a progress callback; it returns the result,
 * which travels back as a structured clone too.
 */
import { runDispatchJob, type DispatchJobInput } from './kinds/dispatch-plan.js';
import { runPivotJob, type PivotJobInput } from './kinds/pivot-valuation.js';

import type { JobProgressFn } from './progress.js';

export type { JobProgressFn };

export interface JobInputs {
  dispatch: DispatchJobInput;
  pivot: PivotJobInput;
}
export type JobKind = keyof JobInputs;

export const JOB_BODIES: { [K in JobKind]: (input: JobInputs[K], progress: JobProgressFn) => unknown } = {
  dispatch: runDispatchJob,
  pivot: runPivotJob,
};
