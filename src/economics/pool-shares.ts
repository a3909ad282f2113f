/**
 * Pool shares from the blocks of a window of time.
 *   network hashrate implied by blocks found  H = Σ_blocks D_i · 2^32 / window_s      (H/s)
 *   expected blocks at the target interval    E = window_s / 600
 *   network luck                              = N / E  (> 1: blocks came faster than difficulty implies)
 *   its 95% Poisson range                     [q₀.₀₂₅, q₀.₉₇₅] / E, q the quantiles of a Poisson count
 *     of mean E: where N / E falls in 95% of windows when the hashrate is exactly what difficulty
 *     implies — luck outside it means the hashrate moved, not chance
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
  /** 95% Poisson range of network_luck from chance alone. */
  network_luck_low: number;
  network_luck_high: number;
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

/** ln k! — summed below 30, Stirling's series above (relative error < 1e-13 there). */
export function lnFactorial(k: number): number {
  if (k < 30) {
    let sum = 0;
    for (let i = 2; i <= k; i++) sum += Math.log(i);
    return sum;
  }
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k ** 3) + 1 / (1260 * k ** 5);
}

/**
 * Central 95% range [lo, hi] of a Poisson count of mean `mean`: lo the 2.5% quantile (smallest k
 * with P(N ≤ k) ≥ 0.025), hi the 97.5% one. The mass is summed exactly, in log space (no underflow
 * at a year's 52,560 blocks), over mean ± (12√mean + 20), outside which it is below 1e-30.
 */
export function poissonRange95(mean: number): [number, number] {
  if (!(mean >= 0 && Number.isFinite(mean))) throw new RangeError(`mean must be a finite number ≥ 0, got ${mean}`);
  if (mean === 0) return [0, 0];
  const spread = 12 * Math.sqrt(mean) + 20;
  const to = Math.ceil(mean + spread);
  const lnMean = Math.log(mean);
  let cdf = 0;
  let lo = -1;
  for (let k = Math.max(0, Math.floor(mean - spread)); k <= to; k++) {
    cdf += Math.exp(k * lnMean - mean - lnFactorial(k));
    if (lo < 0 && cdf >= 0.025) lo = k;
    if (cdf >= 0.975) return [lo, k];
  }
  return [lo, to];
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
  const [lo, hi] = poissonRange95(expected);
  return {
    blocks: n,
    window_s,
    expected_blocks: expected,
    network_luck: n / expected,
    network_luck_low: lo / expected,
    network_luck_high: hi / expected,
    network_hashrate_ehs: hsToEhs(totalWork / window_s),
    pools,
  };
}
