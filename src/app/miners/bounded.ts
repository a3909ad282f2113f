/**
 * Per-miner deadlines and bounded fan-out. A miner that never answers must not hold up the others
 * or the command: every call into a driver is raced against its own deadline here, whether or not
 * the driver honours the timeout it was given.
 */
import { UpstreamError } from '../../errors.js';
import { mapLimit } from '../../adapters/map-limit.js';

/** `p`, or an UpstreamError naming `what` once `ms` have passed; the timer never outlives the race. */
export function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UpstreamError(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}

export type Settled<T> = { ok: true; value: T } | { ok: false; error: Error };

/** Runs `fn` over `items`, at most `limit` at once; every item settles on its own, in item order. */
export function settleEach<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<Settled<R>[]> {
  return mapLimit(items, limit, async (item) => {
    try {
      return { ok: true as const, value: await fn(item) };
    } catch (err) {
      return { ok: false as const, error: err instanceof Error ? err : new Error(String(err)) };
    }
  });
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
