/**
 * `hashfloor update`: each chosen source fetches what is new for it (in parallel: different hosts,
 * each under its own rate ceiling) and writes it as one batch, one transaction, one batch at a
 * time in source order. A source that fails leaves its batch unwritten; the others still commit. The whole run
 * holds the store's write lock (update-lock.ts) so `serve --refresh` never interleaves with it.
 */
import { UpstreamError, toAppError } from '../../errors.js';
import type { FeedBatch, FeedBatchResult } from '../../ports/feed-store.js';
import type { Store } from '../../ports/store.js';
import { addDays, unixSToDate } from '../../units/time.js';
import type { SourceRun, UpdateContext, UpdateSource } from './source.js';

export interface SourceSummary extends SourceRun {
  source: string;
  ok: boolean;
  /** The failure, naming the feed, when !ok. */
  error: string | null;
  requests: number;
  retries: number;
  licence: string;
  wall_s: number;
}

export interface UpdateOptions {
  store: Store;
  sources: readonly UpdateSource[];
  now_unix_s: number;
  from?: string | undefined;
  onProgress?: UpdateContext['onProgress'];
  notice?: UpdateContext['notice'];
}

/** The day after the last day the stored history holds (any origin), or yesterday when none. */
async function defaultFrom(store: Store, now_unix_s: number): Promise<string> {
  const today = unixSToDate(now_unix_s);
  const last = (await store.listDaily({ from: addDays(today, -4000) })).at(-1)?.date;
  return last === undefined ? addDays(today, -1) : addDays(last, 1);
}

export async function runUpdate(o: UpdateOptions): Promise<SourceSummary[]> {
  const default_from = await defaultFrom(o.store, o.now_unix_s);
  // Fetches run in parallel; writes go one at a time in the order of `sources`, so a run's
  // sequence of transactions is the same every time (and a crash at the n-th write is reproducible).
  let turn: Promise<unknown> = Promise.resolve();
  return Promise.all(
    o.sources.map(async (s): Promise<SourceSummary> => {
      const mine = turn;
      let settle = (): void => undefined;
      turn = new Promise<void>((resolve) => (settle = resolve));
      const exclusive = async <T>(fn: () => Promise<T>): Promise<T> => {
        await mine;
        return fn();
      };
      const write = (batch: FeedBatch): Promise<FeedBatchResult> => exclusive(() => o.store.writeFeedBatch(batch));
      const ctx: UpdateContext = {
        store: o.store,
        now_unix_s: o.now_unix_s,
        from: o.from,
        default_from,
        write,
        exclusive,
        onProgress: o.onProgress,
        notice: o.notice,
      };
      const t0 = performance.now();
      const base = { source: s.name, licence: s.licence };
      try {
        const run = await s.run(ctx);
        return { ...base, ...run, ok: true, error: null, ...s.stats(), wall_s: (performance.now() - t0) / 1000 };
      } catch (err) {
        const e = toAppError(err);
        // Anything but a feed's own failure (a store fault, a bug) is not for the summary to absorb.
        if (e.code !== 'UPSTREAM') throw e;
        return {
          ...base,
          ok: false,
          error: e.message,
          days_added: 0,
          days_revised: 0,
          first_date: null,
          last_date: null,
          blocks_written: 0,
          notes: [],
          ...s.stats(),
          wall_s: (performance.now() - t0) / 1000,
        };
      } finally {
        // The next source writes once this one is done, written or not.
        void mine.then(settle);
      }
    }),
  );
}

/** Throws one UpstreamError naming every failed source (exit 3) after the others committed. */
export function assertAllSucceeded(summaries: readonly SourceSummary[]): void {
  const failed = summaries.filter((s) => !s.ok);
  if (failed.length === 0) return;
  const kept = summaries.filter((s) => s.ok).map((s) => s.source);
  throw new UpstreamError(
    `${failed.map((s) => s.error).join('; ')}${kept.length ? ` (written: ${kept.join(', ')}; nothing of the failed source${failed.length > 1 ? 's' : ''})` : ''}`,
  );
}
