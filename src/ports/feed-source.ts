/**
 * What every public data feed states about itself, so `update` can report it and respect its
 * licence. Shared by the price, power-price and network feed ports. Interfaces only.
 */

/** Inclusive UTC-day range a feed is asked for. */
export interface FeedRange {
  /** YYYY-MM-DD (UTC). */
  from: string;
  /** YYYY-MM-DD (UTC). */
  to: string;
}

export interface FeedSource {
  /** Short stable name used in provenance and flags, e.g. `mempool`, `coinbase`, `ercot`. */
  readonly name: string;
  /** Licence of the values it supplies (SPDX id or a short phrase, e.g. `CC-BY-NC-4.0`). */
  readonly licence: string;
  /** Requests and retries made so far (for the run summary). */
  stats(): FeedStats;
}

export interface FeedStats {
  requests: number;
  retries: number;
}
