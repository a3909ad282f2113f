/**
 * Runs one API job on its own worker thread (job-worker.ts) so a long computation never blocks
 * the server's event loop. Progress messages arrive while the worker computes; aborting the
 * signal terminates the worker at once, even in the middle of a tight loop, and rejects with
 * CancelledError.
 */
import { AppError, CancelledError, InternalError, ValidationError, type ErrorCode } from '../../errors.js';
import type { JobInputs, JobKind, JobProgressFn } from './job-kinds.js';
import type { WorkerMessage } from './job-worker.js';
import { spawnWorker } from './spawn.js';

const CODES: readonly ErrorCode[] = ['USAGE', 'VALIDATION', 'PARSE', 'NOT_FOUND', 'CONFLICT', 'UPSTREAM', 'STORAGE', 'CANCELLED', 'INTERNAL'];

function rebuildError(m: Extract<WorkerMessage, { type: 'error' }>): AppError {
  if (m.code === 'VALIDATION' && m.issues) return new ValidationError(m.issues);
  const code = CODES.find((c) => c === m.code);
  return code && code !== 'INTERNAL' ? new AppError(code, m.message) : new InternalError(`job failed: ${m.message}`);
}

export function runJobInWorker<K extends JobKind>(kind: K, input: JobInputs[K], opts: { signal: AbortSignal; progress: JobProgressFn }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    if (opts.signal.aborted) return reject(new CancelledError('job cancelled'));
    const worker = spawnWorker('job-worker', { kind, input });
    let settled = false;
    const settle = (fn: () => void, afterExit = false) => {
      if (settled) return;
      settled = true;
      opts.signal.removeEventListener('abort', onAbort);
      const stopped = worker.terminate();
      if (afterExit) void stopped.then(fn, fn);
      else fn();
    };
    // Cancelling answers only once the thread is really gone: nothing keeps computing after it.
    const onAbort = () => settle(() => reject(new CancelledError('job cancelled')), true);
    opts.signal.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'progress') {
        if (!settled) opts.progress(m.done, m.total, m.unit);
      } else if (m.type === 'result') settle(() => resolve(m.result));
      else settle(() => reject(rebuildError(m)));
    });
    worker.on('error', (err) => settle(() => reject(new InternalError(`job worker failed: ${err.message}`, { cause: err }))));
    worker.on('exit', (code) => settle(() => reject(new InternalError(`job worker exited with code ${code} before answering`))));
  });
}
