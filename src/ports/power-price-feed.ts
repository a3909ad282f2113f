/**
 * The power-price-feed port: hourly electricity prices per market node or hub (ERCOT's real-time
 * settlement point prices, a user's own CSV import, …). Adapters in adapters/feeds/. Interfaces only.
 */
import type { FeedRange, FeedSource } from './feed-source.js';

/** Hourly prices of one node: hour i starts at start_unix_s + 3600·i (UTC). */
export interface NodeHourlyPrices {
  /** Settlement point, hub or load zone as the market names it, e.g. `HB_WEST`. */
  node: string;
  start_unix_s: number;
  /** USD per MWh, one per hour; may be negative (a market pays for consumption). */
  power_price_usd_per_mwh: Float64Array;
}

export interface PowerPriceFeed extends FeedSource {
  /** The nodes this feed can price. */
  nodes(): Promise<string[]>;
  /**
   * Hourly prices of `nodes` over the UTC days of `range` (hourly means where the market settles
   * in shorter intervals). Throws UpstreamError naming the feed on failure.
   */
  hourlyPrices(range: FeedRange, nodes: readonly string[]): Promise<NodeHourlyPrices[]>;
}
