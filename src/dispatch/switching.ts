import { UsageError } from '../errors.js';
import type { Assignment, HourlyInputs } from './hourly.js';
import type { DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';

export function solveWithSwitching(_p: DispatchProblem, _prep: Prepared, _inp: HourlyInputs, _onHour?: (t: number) => void): { assignment: Assignment; lpBound_usd: number; method: string } {
  throw new UsageError('switching costs are not supported yet');
}
