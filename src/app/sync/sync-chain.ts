/**
 * Brings the store's block chain up to a source's best chain: incremental (starts after the stored
 * tip), resumable (every batch is committed on its own, so an interrupted sync resumes from the
 * last committed batch), idempotent (a second run with nothing new changes nothing). On a reorg it
 * finds the fork point — the highest height where store and source agree, by galloping down from
 * the stored tip then bisecting — and replaces everything above it in one atomic
 * Store.replaceChainFrom, so a crash leaves either the old branch or the new one, never a mix.
 * Daily aggregates of the days each write touched (blocks removed or added) are recomputed from the
 * stored blocks inside that same transaction, so a crash never leaves them behind the chain.
 */
import { ConflictError } from '../../errors.js';
import type { BlockRecord } from '../../chain/block-record.js';
import type { ChainSource } from '../../ports/chain-source.js';
import type { DailyRecompute, Store } from '../../ports/store.js';
import { aggregateDaily, OWN_NODE_ORIGIN } from './daily-aggregate.js';

export interface SyncOptions {
  /** Blocks per committed batch. */
  batchBlocks?: number;
  /** Called after each committed batch: blocks done of blocks to do. */
  onProgress?: (done: number, total: number) => void;
  /** Lowest height the source serves (a pruned node's oldest block). */
  baseHeight?: number;
  /** Fetch/commit attempts when the source's chain moves under the sync. */
  maxRestarts?: number;
}

export interface SyncSummary {
  tip_height: number;
  tip_hash: string;
  /** Height of the stored tip before the sync (null: empty store). */
  previous_tip_height: number | null;
  /** Highest height both agreed on; blocks above it were (re)written. */
  fork_height: number;
  /** Stored blocks replaced by a reorg (0 when the stored chain was extended). */
  reorg_depth: number;
  blocks_written: number;
  days_upserted: number;
}

const ZERO_HASH = '0'.repeat(64);

/** Highest height ≤ min(stored tip, source tip) whose hash agrees; base − 1 when none. */
export async function findForkHeight(store: Store, source: ChainSource, top: number, base = 0): Promise<number> {
  const agrees = async (h: number): Promise<boolean> => {
    const [mine, theirs] = await Promise.all([store.blockAtHeight(h), source.hashAtHeight(h)]);
    return mine !== null && mine.hash === theirs;
  };
  // Gallop down: reorgs are shallow, so check top, top−1, top−3, top−7, … until one agrees.
  let hi = top; // lowest height known to disagree is hi + 1
  let step = 1;
  let lo = top;
  while (lo >= base && !(await agrees(lo))) {
    hi = lo - 1;
    lo = top - (step = step * 2) + 1;
  }
  if (lo < base) lo = base - 1;
  // Bisect between lo (agrees, or base − 1) and hi (everything above hi disagrees).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi + 1) / 2);
    if (mid > hi) break;
    if (await agrees(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Daily rows of the days a chain write touches, rewritten in the same transaction as the blocks. */
const OWN_NODE_DAILY: DailyRecompute = { origin: OWN_NODE_ORIGIN, aggregate: aggregateDaily };

export async function syncChain(store: Store, source: ChainSource, opts: SyncOptions = {}): Promise<SyncSummary> {
  const batch = opts.batchBlocks ?? 1000;
  const base = opts.baseHeight ?? 0;
  let restarts = 0;
  for (;;) {
    const before = await store.chainTip();
    const tip = await source.tip();
    let fork = base - 1;
    if (before) fork = await findForkHeight(store, source, Math.min(before.height, tip.height), base);
    const summary: SyncSummary = {
      tip_height: tip.height,
      tip_hash: tip.hash,
      previous_tip_height: before?.height ?? null,
      fork_height: fork,
      reorg_depth: before ? before.height - fork : 0,
      blocks_written: 0,
      days_upserted: 0,
    };
    const total = tip.height - fork;
    opts.onProgress?.(0, total);
    try {
      let prevHash = fork >= 0 ? ((await store.blockAtHeight(fork))?.hash ?? ZERO_HASH) : ZERO_HASH;
      let replaceFrom = fork;
      for (let from = fork + 1; from <= tip.height; from += batch) {
        const to = Math.min(from + batch - 1, tip.height);
        const blocks = await source.blocks(from, to);
        const first = blocks[0];
        // The source moved (a reorg after we found the fork): start over from a fresh fork point.
        if (!first || (from > base && first.prev_hash !== prevHash)) throw new ConflictError(`block ${from} does not link to the stored block ${from - 1}`);
        // The first batch removes the stale branch and appends atomically; later ones append.
        summary.days_upserted += await store.replaceChainFrom(replaceFrom, blocks, OWN_NODE_DAILY);
        summary.blocks_written += blocks.length;
        prevHash = (blocks[blocks.length - 1] as BlockRecord).hash;
        replaceFrom = to;
        opts.onProgress?.(to - fork, total);
      }
      if (before && fork < before.height && summary.blocks_written === 0) {
        // The source's chain is shorter than the stored one and a prefix of it: drop the rest.
        summary.days_upserted += await store.replaceChainFrom(fork, [], OWN_NODE_DAILY);
      }
      return summary;
    } catch (err) {
      if (err instanceof ConflictError && restarts++ < (opts.maxRestarts ?? 3)) continue;
      throw err;
    }
  }
}
