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

/**
 * A call still running after `stalled_after_ms` gives its slot to the next item and goes on
 * (to its own deadline) among at most `max_stalled` such calls. A hung miner costs a socket and a
 * timer, not a slot: without this, h hung miners add h × timeout / limit to a sweep on top of the
 * one timeout the last of them costs.
 */
export interface StallRelease {
  stalled_after_ms: number;
  max_stalled: number;
}

/** What the reads of `miners status` and `set` use: healthy miners answer in well under this on a LAN. */
export const READ_STALL = (limit: number): StallRelease => ({ stalled_after_ms: 250, max_stalled: 4 * limit });

/** Runs `fn` over `items`, at most `limit` at once (plus stalled calls, with `stall`); every item settles on its own, in item order. */
export function settleEach<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>, stall?: StallRelease): Promise<Settled<R>[]> {
  const wrapped = async (item: T): Promise<Settled<R>> => {
    try {
      return { ok: true as const, value: await fn(item) };
    } catch (err) {
      return { ok: false as const, error: err instanceof Error ? err : new Error(String(err)) };
    }
  };
  if (!stall) return mapLimit(items, limit, wrapped);
  const out = new Array<Settled<R>>(items.length);
  return new Promise((resolve) => {
    let next = 0;
    let active = 0;
    let stalled = 0;
    let done = 0;
    const pump = (): void => {
      if (done === items.length) return resolve(out);
      while (active < Math.max(1, limit) && next < items.length) start(next++);
    };
    const start = (i: number): void => {
      active++;
      let released = false;
      const timer = setTimeout(() => {
        if (stalled >= stall.max_stalled) return;
        released = true;
        stalled++;
        active--;
        pump();
      }, stall.stalled_after_ms);
      void wrapped(items[i] as T).then((r) => {
        clearTimeout(timer);
        out[i] = r;
        done++;
        if (released) stalled--;
        else active--;
        pump();
      });
    };
    pump();
  });
}

export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
