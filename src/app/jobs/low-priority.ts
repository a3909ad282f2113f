/**
 * Lowers the calling worker thread's CPU priority. Jobs (pivot paths, dispatch plans) run for
 * seconds on every core; at equal priority they took the main thread's share too, and the API's
 * light answers (health, cached reads) waited behind them. On Linux nice values are per thread, so
 * `setPriority(0, …)` from a worker affects that worker only; where it is refused, jobs keep
 * their priority.
 */
import { setPriority } from 'node:os';

export const JOB_NICE = 10;

export function lowerThreadPriority(): void {
  try {
    setPriority(0, JOB_NICE);
  } catch {
    // Not permitted or not supported: the job runs at normal priority.
  }
}
