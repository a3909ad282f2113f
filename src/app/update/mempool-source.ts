/**
 * mempool.space as an update source: the blocks after the last stored feed block up to the tip
 * (stored in feed_blocks), aggregated into exact daily rows (history/block-days.ts), with the
 * day's hashrate and historical USD price on the same rows. One batch, one transaction.
 *
 * Days recomputed: those of the new blocks and of the ~2.8 days of stored blocks below them, so a
 * day left partial by the last run (its end not yet seen) becomes complete; the lowest day of that
 * window is dropped (its start is outside the window, so it would look partial). Unchanged days
 * are not rewritten by the store.
 */
import { feedPartialDayProvenance, feedBlockDays } from '../../history/block-days.js';
import { emptyDailyRow, type DailyRow } from '../../history/daily-row.js';
import type { FeedBlock } from '../../ports/network-feed.js';
import type { MempoolFeed } from '../../adapters/feeds/mempool.js';
import { dateToUnixS, unixSToDate } from '../../units/time.js';
import { startDay, summarise, yesterday, type UpdateSource } from './source.js';

/** Stored blocks re-read below the new ones: a bit more than two days at ten minutes a block. */
const RECOMPUTE_BLOCKS = 400;

export function mempoolSource(feed: MempoolFeed): UpdateSource {
  return {
    name: feed.name,
    licence: feed.licence,
    stats: () => feed.stats(),
    async run(ctx) {
      const from = await startDay(ctx, feed.name);
      const top = (await ctx.store.feedBlocks({ fromTop: true, limit: 1 }))[0];
      const tip = await feed.tipHeight();
      const notes: string[] = [];
      // Continue from the stored blocks unless --from reaches below them.
      let after: number;
      if (top && (ctx.from === undefined || dateToUnixS(ctx.from) > top.time_unix_s)) after = top.height;
      else after = Math.max(-1, (await feed.heightAt(dateToUnixS(from))) - 2);
      if (after > tip) notes.push(`mempool's tip ${tip} is below the stored ${after}; nothing fetched`);
      const fresh = after < tip ? await feed.blocksRange(after, tip, (done, total) => ctx.onProgress?.(done, total, 'blocks')) : [];
      const below = await ctx.store.feedBlocks({ fromHeight: Math.max(0, after + 1 - RECOMPUTE_BLOCKS) });
      const window: FeedBlock[] = [...below.filter((b) => b.height <= after), ...fresh];
      const edgeDay = window[0] ? unixSToDate(window[0].time_unix_s) : null;
      const blockRows = feedBlockDays(window, `feed:${feed.name}`, feedPartialDayProvenance(feed.name)).filter((r) => r.date !== edgeDay && r.date >= from);
      if (blockRows.length === 0 && fresh.length === 0) return summarise([], { days_added: 0, days_revised: 0, blocks_written: 0 }, notes);
      const rows = await withPricesAndHashrate(feed, blockRows, ctx.now_unix_s);
      const result = await ctx.write({ feed: feed.name, rows, blocks: fresh });
      return summarise(rows, result, notes);
    },
  };
}

/** Adds each day's USD price (closed days only) and mean hashrate to the block rows. */
async function withPricesAndHashrate(feed: MempoolFeed, blockRows: DailyRow[], now_unix_s: number): Promise<DailyRow[]> {
  const first = blockRows[0]?.date;
  if (first === undefined) return [];
  const range = { from: first, to: (blockRows[blockRows.length - 1] as DailyRow).date };
  const closed = { from: first, to: yesterday(now_unix_s) < range.to ? yesterday(now_unix_s) : range.to };
  const prices = closed.from <= closed.to ? new Map((await feed.dailyPrices(closed)).map((p) => [p.date, p.price_usd_per_btc])) : new Map<string, number>();
  const hashrates = await feed.dailyHashrates(range);
  const prov = `feed:${feed.name}`;
  return blockRows.map((r) => {
    const out: DailyRow = { ...emptyDailyRow(r.date), ...r, provenance: { ...r.provenance } };
    const price = prices.get(r.date);
    if (price !== undefined) {
      out.price_usd_per_btc = price;
      out.provenance.price_usd_per_btc = prov;
    }
    const h = hashrates.get(r.date);
    if (h !== undefined) {
      out.hashrate_ehs = h;
      out.provenance.hashrate_ehs = r.provenance.blocks ?? prov;
    }
    return out;
  });
}
