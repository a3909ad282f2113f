/**
 * ERCOT as an `update` source: the hub prices of every day from the day after the last stored
 * hour (or `--from`; a store without ERCOT prices starts 30 days back) to yesterday, written by
 * updateErcotPrices (one transaction per archive or batch of recent files) in this source's turn.
 * A day counts as added when the reference hub (HB_WEST, the first of ERCOT_HUBS) gained hours
 * on it; ERCOT's settled prices are final, so none are reported revised.
 */
import type { ErcotMisFeed } from '../../adapters/feeds/ercot.js';
import type { FeedStats } from '../../ports/feed-source.js';
import type { Store } from '../../ports/store.js';
import { ERCOT_HUBS } from '../../adapters/feeds/ercot.js';
import { addDays, dateToUnixS, SECONDS_PER_DAY, unixSToDate } from '../../units/time.js';
import { updateErcotPrices, type UpdateProgress } from '../ercot-prices.js';
import { yesterday, type UpdateContext, type UpdateSource } from './source.js';
import { formatEnUs } from '../../units/en-us-number.js';

/** Days fetched for a store that holds no ERCOT prices yet. */
export const ERCOT_FIRST_DAYS = 30;

async function ercotStart(ctx: UpdateContext): Promise<string> {
  if (ctx.from !== undefined) return ctx.from;
  const hubs = new Set<string>(ERCOT_HUBS);
  const stored = (await ctx.store.powerPriceCoverage()).filter((c) => hubs.has(c.node));
  if (stored.length === 0) return addDays(yesterday(ctx.now_unix_s), -(ERCOT_FIRST_DAYS - 1));
  // The hub stored least far resumes first, so every hub ends complete.
  const last = Math.min(...stored.map((c) => c.last_hour_unix_s));
  return unixSToDate(last - (last % SECONDS_PER_DAY) + SECONDS_PER_DAY);
}

/** The UTC days of [from, to] on which `node` has stored hours. */
async function storedDays(store: Store, node: string, from: string, to: string): Promise<Set<string>> {
  const hours = await store.listPowerPrices(node, dateToUnixS(from), dateToUnixS(to) + SECONDS_PER_DAY);
  return new Set(hours.map((h) => unixSToDate(h.hour_start_unix_s)));
}

/** `stats` counts the requests of the HTTP client the feed fetches through. */
export function ercotSource(feed: ErcotMisFeed, stats: () => FeedStats = () => feed.stats()): UpdateSource {
  return {
    name: feed.name,
    licence: feed.licence,
    stats,
    async run(ctx) {
      const from = await ercotStart(ctx);
      const to = yesterday(ctx.now_unix_s);
      if (from > to) return { days_added: 0, days_revised: 0, first_date: null, last_date: null, blocks_written: 0, notes: [] };
      const progress: UpdateProgress = (_label, total, unit) => ({ update: (done) => ctx.onProgress?.(done, total, unit ?? ''), done: () => undefined });
      const ref = ERCOT_HUBS[0];
      const before = await storedDays(ctx.store, ref, from, to);
      const s = await ctx.exclusive(() => updateErcotPrices(ctx.store, feed, { from, to }, progress));
      const after = await storedDays(ctx.store, ref, from, to);
      return {
        days_added: after.size - before.size,
        days_revised: 0,
        first_date: from,
        last_date: to,
        blocks_written: 0,
        notes: [`${formatEnUs(s.hours_written)} hourly hub prices written (${s.batches.length} batches)`],
      };
    },
  };
}
