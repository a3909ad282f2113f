/**
 * The network-feed port: daily network rows (blocks found, issuance, fees, mean difficulty, …)
 * from a public source or the user's own explorer instance, and the tip the source knows.
 * Adapters in adapters/feeds/. Interfaces only.
 */
import type { DailyRow } from '../history/daily-row.js';
import type { FeedRange, FeedSource } from './feed-source.js';

export interface NetworkTip {
  height: number;
  /** Block time of the tip, unix seconds. */
  time_unix_s: number;
}

export interface NetworkFeed extends FeedSource {
  tip(): Promise<NetworkTip>;
  /**
   * One row per UTC day of `range` that the source covers completely, ascending; every value's
   * provenance names this feed. Throws UpstreamError naming the feed on failure or absurd values.
   */
  dailyRows(range: FeedRange): Promise<DailyRow[]>;
}
