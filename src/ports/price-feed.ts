/**
 * The price-feed port: BTC/USD by UTC day from a public source (an exchange's daily candles,
 * mempool's historical price, …). Adapters live in adapters/feeds/; app/ merges what they return
 * into the daily history with each value's provenance. Interfaces only.
 */
import type { FeedRange, FeedSource } from './feed-source.js';

/** One UTC day's BTC price. */
export interface DailyBtcPrice {
  /** YYYY-MM-DD (UTC). */
  date: string;
  /** Close of the UTC day (or the source's own daily reference price), USD per BTC, > 0. */
  price_usd_per_btc: number;
}

export interface PriceFeed extends FeedSource {
  /**
   * Daily prices for the UTC days of `range` that the source has, ascending by date, at most one
   * per day. Throws UpstreamError naming the feed when the source fails or answers nonsense.
   */
  dailyPrices(range: FeedRange): Promise<DailyBtcPrice[]>;
}
