/**
 * Long computations (fleet reports over years, dispatch plans, Monte Carlo valuations) run as
 * jobs: POST creates one, GET shows its progress and result, DELETE cancels it. Jobs live in
 * memory for the life of the server; finished ones are evicted oldest first past `maxKept`.
 * A job's work receives an AbortSignal and a progress callback; heavy work runs on a worker
 * thread (src/app/jobs/job-runner.ts) so the server keeps answering, and aborting terminates it.
 *
 * Progress as shown: fraction = done / total (never decreasing, so a job whose total grows does
 * not appear to go backwards); rate = done / elapsed seconds; ETA = (total − done) / rate.
 */
import { AppError, CancelledError, NotFoundError, toAppError, UsageError } from '../errors.js';
import { problemFromError, type Problem } from './problem.js';

export type JobStatus = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobProgress {
  done: number;
  total: number;
  unit: string;
  /** Share of the work done, 0…1, monotonic. */
  fraction: number;
  /** Seconds since the job started (to its end once finished). */
  elapsed_s: number;
  /** Units of work per second so far; null before any. */
  rate_per_s: number | null;
  /** Seconds left at the rate so far; null while unknown, 0 once finished. */
  eta_s: number | null;
}

export interface JobContext {
  signal: AbortSignal;
  progress(done: number, total: number, unit?: string): void;
  /** Resolves on the next event-loop turn; throws CancelledError if the job was cancelled. */
  yield(): Promise<void>;
}

export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  progress: JobProgress;
  created_unix_s: number;
  finished_unix_s: number | null;
  result: unknown;
  error: Problem | null;
}

interface Job extends Omit<JobView, 'progress'> {
  controller: AbortController;
  /** Resolves once the work has stopped (its promise settled), whatever the outcome. */
  settled: Promise<void>;
  progress: { done: number; total: number; unit: string; fraction: number };
  started_ms: number;
  finished_ms: number | null;
}

export interface JobManagerOptions {
  nowUnixS: () => number;
  /** Monotonic milliseconds for rates and ETAs (default performance.now). */
  nowMs?: () => number;
  /** Jobs allowed to run at once; more are refused with 409 rather than queued without bound. */
  maxRunning?: number;
  maxKept?: number;
}

export class JobManager {
  private readonly jobs = new Map<string, Job>();
  private seq = 0;
  private readonly maxRunning: number;
  private readonly maxKept: number;

  constructor(private readonly options: JobManagerOptions) {
    this.maxRunning = options.maxRunning ?? 4;
    this.maxKept = options.maxKept ?? 100;
  }

  start(kind: string, work: (ctx: JobContext) => Promise<unknown>): JobView {
    const running = [...this.jobs.values()].filter((j) => j.status === 'running').length;
    if (running >= this.maxRunning) throw new AppError('CONFLICT', `${running} jobs are already running; wait for one to finish or cancel it`);
    this.seq += 1;
    const id = `${kind}-${this.options.nowUnixS().toString(36)}-${this.seq}`;
    const controller = new AbortController();
    const job: Job = {
      id,
      kind,
      status: 'running',
      progress: { done: 0, total: 1, unit: 'step', fraction: 0 },
      started_ms: this.nowMs(),
      finished_ms: null,
      settled: Promise.resolve(),
      created_unix_s: this.options.nowUnixS(),
      finished_unix_s: null,
      result: null,
      error: null,
      controller,
    };
    this.jobs.set(id, job);
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (done, total, unit = job.progress.unit) => {
        if (job.status !== 'running' || !(total > 0)) return;
        const fraction = Math.max(job.progress.fraction, Math.min(1, Math.max(0, done / total)));
        job.progress = { done, total, unit, fraction };
      },
      yield: () =>
        new Promise<void>((resolve, reject) => {
          setImmediate(() => (controller.signal.aborted ? reject(new CancelledError('job cancelled')) : resolve()));
        }),
    };
    // Start on the next turn so the POST answers first, then record the outcome.
    job.settled = ctx
      .yield()
      .then(() => work(ctx))
      .then(
        (result) => this.finish(job, 'succeeded', result, null),
        (err: unknown) => {
          const e = toAppError(err);
          if (e.code === 'CANCELLED' || controller.signal.aborted) this.finish(job, 'cancelled', null, null);
          else this.finish(job, 'failed', null, problemFromError(e));
        },
      );
    this.evict();
    return this.view(job);
  }

  get(id: string): JobView {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError(`no job with id "${id}"`);
    return this.view(job);
  }

  /**
   * Cancels a running job and resolves once its work has stopped (a worker thread is terminated
   * by then), waiting at most `waitMs`; finished jobs are removed instead.
   */
  async cancel(id: string, waitMs = 2000): Promise<JobView> {
    const job = this.jobs.get(id);
    if (!job) throw new NotFoundError(`no job with id "${id}"`);
    if (job.status === 'running') {
      job.controller.abort();
      this.finish(job, 'cancelled', null, null);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([job.settled, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
      clearTimeout(timer);
    } else this.jobs.delete(id);
    return this.view(job);
  }

  list(): JobView[] {
    return [...this.jobs.values()].map((j) => this.view(j));
  }

  /** Resolves when the job has finished (tests and synchronous callers). */
  async wait(id: string, timeoutMs = 30_000): Promise<JobView> {
    const t0 = performance.now();
    for (;;) {
      const v = this.get(id);
      if (v.status !== 'running') return v;
      if (performance.now() - t0 > timeoutMs) throw new UsageError(`job ${id} did not finish within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private finish(job: Job, status: JobStatus, result: unknown, error: Problem | null): void {
    if (job.status !== 'running') return;
    job.status = status;
    job.result = result;
    job.error = error;
    job.finished_unix_s = this.options.nowUnixS();
    job.finished_ms = this.nowMs();
    if (status === 'succeeded') job.progress = { ...job.progress, done: job.progress.total, fraction: 1 };
  }

  private evict(): void {
    if (this.jobs.size <= this.maxKept) return;
    for (const [id, job] of this.jobs) {
      if (this.jobs.size <= this.maxKept) break;
      if (job.status !== 'running') this.jobs.delete(id);
    }
  }

  private nowMs(): number {
    return this.options.nowMs ? this.options.nowMs() : performance.now();
  }

  private view(job: Job): JobView {
    const { controller: _c, settled: _s, started_ms, finished_ms, progress, ...rest } = job;
    const elapsed_s = ((finished_ms ?? this.nowMs()) - started_ms) / 1000;
    const rate = progress.done > 0 && elapsed_s > 0 ? progress.done / elapsed_s : null;
    const eta_s = job.status !== 'running' ? 0 : rate ? Math.max(0, progress.total - progress.done) / rate : null;
    return { ...rest, progress: { ...progress, elapsed_s, rate_per_s: rate, eta_s } };
  }
}
