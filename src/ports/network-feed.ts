/**
 * The network-feed port: daily network rows (blocks found, issuance, fees, mean difficulty, …)
 * from a public source or the user's own explorer instance, and the tip the source knows.
 * Adapters in adapters/feeds/. Interfaces only.
 */
import type { DailyRow } from '../history/daily-row.js';
import type { Sat } from '../units/sat.js';
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

/**
 * One block as a block explorer reports it (mempool.space `/api/v1/blocks`): enough for the daily
 * aggregates and for hashprice at the tip, without the header bytes an own node gives.
 */
export interface FeedBlock {
  height: number;
  /** Block hash, hex, display order. */
  hash: string;
  /** Header time, unix seconds. */
  time_unix_s: number;
  difficulty: number;
  /** Subsidy + fees claimed by the coinbase (sat). */
  reward_sat: Sat;
  /** Total fees of the block's transactions (sat); issuance = reward − fees. */
  fees_sat: Sat;
  /** Pool slug as the explorer names it, or null. */
  pool: string | null;
}
