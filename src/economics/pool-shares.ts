/**
 * Pool shares from the blocks of a window of time.
 *   network hashrate implied by blocks found  H = Σ_blocks D_i · 2^32 / window_s      (H/s)
 *   expected blocks at the target interval    E = window_s / 600
 *   network luck                              = N / E  (> 1: blocks came faster than difficulty implies)
 *   pool share                                p = k / N
 *   pool implied hashrate                     H_pool = Σ_pool-blocks D_i · 2^32 / window_s
 *   95% Poisson interval of H_pool            from the interval of k (Wilson–Hilferty approximation
 *     of the exact chi-square bounds): k_lo = k·(1 − 1/(9k) − 1.96/(3√k))³,
 *     k_hi = (k+1)·(1 − 1/(9(k+1)) + 1.96/(3√(k+1)))³, scaled by H_pool / k.
 * A pool's share over few blocks is mostly luck: the interval says how much.
 */
import type { BlockRecord } from '../chain/block-record.js';
import { bitsToDifficulty, HASHES_PER_DIFFICULTY, TARGET_BLOCK_INTERVAL_S } from '../chain/difficulty.js';
import { hsToEhs } from '../units/hashrate.js';

export interface PoolShare {
  pool_id: string | null;
  blocks: number;
  share: number;
  implied_hashrate_ehs: number;
  hashrate_low_ehs: number;
  hashrate_high_ehs: number;
  fees_sat: bigint;
}

export interface PoolShares {
  blocks: number;
  window_s: number;
  expected_blocks: number;
  network_luck: number;
  network_hashrate_ehs: number;
  pools: PoolShare[];
}

/** 95% Poisson interval [lo, hi] for a count k (Wilson–Hilferty). */
export function poissonInterval95(k: number): [number, number] {
  const z = 1.96;
  const lo = k === 0 ? 0 : k * (1 - 1 / (9 * k) - z / (3 * Math.sqrt(k))) ** 3;
  const k1 = k + 1;
  const hi = k1 * (1 - 1 / (9 * k1) + z / (3 * Math.sqrt(k1))) ** 3;
  return [Math.max(lo, 0), hi];
}

/**
 * Shares of `blocks` (main chain) over a window of `window_s` seconds (for whole UTC days:
 * days × 86,400), largest first; unattributed blocks as pool_id null.
 */
export function poolShares(blocks: readonly BlockRecord[], window_s: number): PoolShares {
  if (!(window_s > 0)) throw new RangeError(`window_s must be > 0, got ${window_s}`);
  const by = new Map<string | null, { k: number; work: number; fees: bigint }>();
  let totalWork = 0;
  for (const b of blocks) {
    const w = bitsToDifficulty(b.bits) * HASHES_PER_DIFFICULTY;
    totalWork += w;
    const e = by.get(b.pool_id) ?? { k: 0, work: 0, fees: 0n };
    e.k++;
    e.work += w;
    e.fees += b.fees_sat;
    by.set(b.pool_id, e);
  }
  const n = blocks.length;
  const expected = window_s / TARGET_BLOCK_INTERVAL_S;
  const pools = [...by.entries()]
    .map(([pool_id, e]): PoolShare => {
      const h = e.work / window_s;
      const [lo, hi] = poissonInterval95(e.k);
      return {
        pool_id,
        blocks: e.k,
        share: e.k / n,
        implied_hashrate_ehs: hsToEhs(h),
        hashrate_low_ehs: hsToEhs((h / e.k) * lo),
        hashrate_high_ehs: hsToEhs((h / e.k) * hi),
        fees_sat: e.fees,
      };
    })
    .sort((a, b) => b.blocks - a.blocks || String(a.pool_id).localeCompare(String(b.pool_id)));
  return { blocks: n, window_s, expected_blocks: expected, network_luck: n / expected, network_hashrate_ehs: hsToEhs(totalWork / window_s), pools };
}
