/**
 * What the store keeps for live feeds (`hashfloor update`): each feed's daily rows under origin
 * `feed:<name>`, the blocks an explorer reported (for hashprice at the tip when no own node is
 * synced), and a lock so two writers (`update`, `serve --refresh`) never interleave. Part of the
 * Store port (ports/store.ts); interfaces only.
 */
import type { DailyRow } from '../history/daily-row.js';
import type { FeedBlock } from './network-feed.js';

/** One source's batch: written in one transaction, all of it or none. */
export interface FeedBatch {
  /** Feed name; its rows are stored under origin `feed:<name>`. */
  feed: string;
  /** Days to insert or replace; a day whose stored row is equal is left alone (not rewritten). */
  rows: readonly DailyRow[];
  /**
   * Explorer blocks at consecutive heights. Stored blocks at or above the first height are replaced
   * (a reorg seen by the explorer); below it they are kept.
   */
  blocks?: readonly FeedBlock[];
}

export interface FeedBatchResult {
  days_added: number;
  days_revised: number;
  blocks_written: number;
}

export interface StoreLockHolder {
  holder: string;
  acquired_unix_s: number;
  expires_unix_s: number;
}

export interface FeedStore {
  writeFeedBatch(batch: FeedBatch): Promise<FeedBatchResult>;
  /** Stored explorer blocks with height ≥ `fromHeight`, ascending (at most `limit`, from the top when `fromTop`). */
  feedBlocks(query: { fromHeight?: number; limit?: number; fromTop?: boolean }): Promise<FeedBlock[]>;
  /**
   * The last day of `feed` whose row is complete (not a partial-day lower bound), or null when it
   * holds none.
   */
  lastFeedDay(feed: string): Promise<string | null>;
  /**
   * Takes lock `name` for `holder` until now + ttl_s; returns null when taken (or already held by
   * `holder`, which renews it), else the live holder. An expired lock is taken over.
   */
  acquireLock(name: string, holder: string, now_unix_s: number, ttl_s: number): Promise<StoreLockHolder | null>;
  /** Releases lock `name` if `holder` holds it; true when it did. */
  releaseLock(name: string, holder: string): Promise<boolean>;
}
