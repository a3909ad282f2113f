/**
 * ERCOT as an `update` source: the hub prices of every day from the day after the last stored
 * hour (or `--from`; a store without ERCOT prices starts 30 days back) to yesterday, written by
 * updateErcotPrices (one transaction per archive or batch of recent files) in this source's turn.
 * Days count as added when they hold new hours; ERCOT revises nothing a day later, so none are
 * reported revised.
 */
import type { ErcotMisFeed } from '../../adapters/feeds/ercot.js';
import { ERCOT_HUBS } from '../../adapters/feeds/ercot.js';
import { addDays, SECONDS_PER_DAY, unixSToDate } from '../../units/time.js';
import { updateErcotPrices, type UpdateProgress } from '../ercot-prices.js';
import { yesterday, type UpdateContext, type UpdateSource } from './source.js';

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

export function ercotSource(feed: ErcotMisFeed): UpdateSource {
  return {
    name: feed.name,
    licence: feed.licence,
    stats: () => feed.stats(),
    async run(ctx) {
      const from = await ercotStart(ctx);
      const to = yesterday(ctx.now_unix_s);
      if (from > to) return { days_added: 0, days_revised: 0, first_date: null, last_date: null, blocks_written: 0, notes: [] };
      const progress: UpdateProgress = (_label, total, unit) => ({ update: (done) => ctx.onProgress?.(done, total, unit ?? ''), done: () => undefined });
      const s = await ctx.exclusive(() => updateErcotPrices(ctx.store, feed, { from, to }, progress));
      const days = s.hours_written > 0 ? Math.round(s.hours_written / (24 * s.nodes.length)) : 0;
      return { days_added: days, days_revised: 0, first_date: from, last_date: to, blocks_written: 0, notes: [`${s.hours_written.toLocaleString('en-US')} hourly hub prices written (${s.batches.length} batches)`] };
    },
  };
}
