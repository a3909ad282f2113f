/**
 * Worker-thread entry for job-runner.ts: runs one job body and posts progress (at most every
 * PROGRESS_INTERVAL_MS, so a tight loop does not flood the main thread), then the result or the
 * error (code, message and validation issues — an Error's prototype does not survive cloning).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './low-priority.js';
import { toAppError, ValidationError } from '../../errors.js';
import { JOB_BODIES, type JobInputs, type JobKind } from './job-kinds.js';

lowerThreadPriority();

const PROGRESS_INTERVAL_MS = 20;

export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; unit: string }
  | { type: 'result'; result: unknown }
  | { type: 'error'; code: string; message: string; issues?: { path: string; message: string }[] };

const { kind, input } = workerData as { kind: JobKind; input: JobInputs[JobKind] };
const post = (m: WorkerMessage) => parentPort?.postMessage(m);
let last = 0;
const progress = (done: number, total: number, unit: string) => {
  const now = performance.now();
  if (now - last < PROGRESS_INTERVAL_MS && done < total) return;
  last = now;
  post({ type: 'progress', done, total, unit });
};

try {
  const body = JOB_BODIES[kind] as (input: unknown, p: typeof progress) => unknown;
  post({ type: 'result', result: await body(input, progress) });
} catch (err) {
  const e = toAppError(err);
  post({ type: 'error', code: e.code, message: e.message, ...(e instanceof ValidationError ? { issues: [...e.issues] } : {}) });
}
