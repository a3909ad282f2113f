/**
 * What `hashfloor update` asks of each live source: fetch what is new for it and write it as one
 * batch (one transaction). Daily feeds (an exchange's closes, Coin Metrics) share runDailyFeed;
 * mempool's blocks have their own (mempool-source.ts); a power-price source (ERCOT) implements
 * UpdateSource with its own store writes.
 */
import { emptyDailyRow, type DailyRow } from '../../history/daily-row.js';
import type { FeedSource } from '../../ports/feed-source.js';
import type { FeedBatch, FeedBatchResult } from '../../ports/feed-store.js';
import type { NetworkFeed } from '../../ports/network-feed.js';
import type { PriceFeed } from '../../ports/price-feed.js';
import type { Store } from '../../ports/store.js';
import { addDays, unixSToDate } from '../../units/time.js';

export interface UpdateContext {
  store: Store;
  now_unix_s: number;
  /** `--from`: fetch from this day even when the feed holds later days. */
  from?: string | undefined;
  /** First day for a feed that holds nothing yet: the day after the stored history's last. */
  default_from: string;
  /** Writes a daily/blocks batch in one transaction, in this source's turn (sources write one at a time, in order). */
  write(batch: FeedBatch): Promise<FeedBatchResult>;
  /**
   * Runs any other store write of this source (e.g. ERCOT's hourly prices) in its turn; the write
   * itself must be one transaction.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  onProgress?: (done: number, total: number, unit: string) => void;
  notice?: (line: string) => void;
}

export interface SourceRun {
  days_added: number;
  days_revised: number;
  /** First and last day of the rows the source supplied this run (written or not), or null. */
  first_date: string | null;
  last_date: string | null;
  blocks_written: number;
  notes: string[];
}

export interface UpdateSource extends FeedSource {
  run(ctx: UpdateContext): Promise<SourceRun>;
}

/** The first day a feed should fetch: `--from`, else the day after its last complete day, else the default. */
export async function startDay(ctx: UpdateContext, feed: string): Promise<string> {
  if (ctx.from !== undefined) return ctx.from;
  const last = await ctx.store.lastFeedDay(feed);
  return last === null ? ctx.default_from : addDays(last, 1);
}

export function yesterday(now_unix_s: number): string {
  return addDays(unixSToDate(now_unix_s), -1);
}

export function summarise(rows: readonly DailyRow[], r: FeedBatchResult, notes: string[] = []): SourceRun {
  return { ...r, first_date: rows[0]?.date ?? null, last_date: rows[rows.length - 1]?.date ?? null, notes };
}

const NOTHING: FeedBatchResult = { days_added: 0, days_revised: 0, blocks_written: 0 };

/** A price feed's closed days since its last stored one, as rows of origin feed:<name>. */
export function priceSource(feed: PriceFeed, options: { earliest?: (now_unix_s: number) => string } = {}): UpdateSource {
  return {
    name: feed.name,
    licence: feed.licence,
    stats: () => feed.stats(),
    async run(ctx) {
      let from = await startDay(ctx, feed.name);
      const to = yesterday(ctx.now_unix_s);
      const notes: string[] = [];
      const earliest = options.earliest?.(ctx.now_unix_s);
      if (earliest !== undefined && from < earliest) {
        notes.push(`${feed.name} keeps days from ${earliest} only; earlier days were not fetched`);
        from = earliest;
      }
      if (from > to) return summarise([], NOTHING, notes);
      const prices = await feed.dailyPrices({ from, to });
      const rows = prices.map((p) => ({
        ...emptyDailyRow(p.date),
        price_usd_per_btc: p.price_usd_per_btc,
        provenance: { price_usd_per_btc: `feed:${feed.name}` },
      }));
      return summarise(rows, rows.length > 0 ? await ctx.write({ feed: feed.name, rows }) : NOTHING, notes);
    },
  };
}

/** A network feed's days (every field it has) since its last stored one. */
export function networkSource(feed: NetworkFeed): UpdateSource {
  return {
    name: feed.name,
    licence: feed.licence,
    stats: () => feed.stats(),
    async run(ctx) {
      const from = await startDay(ctx, feed.name);
      const to = yesterday(ctx.now_unix_s);
      if (from > to) return summarise([], NOTHING);
      const rows = await feed.dailyRows({ from, to });
      return summarise(rows, rows.length > 0 ? await ctx.write({ feed: feed.name, rows }) : NOTHING);
    },
  };
}
