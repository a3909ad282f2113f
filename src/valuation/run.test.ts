import { describe, expect, it } from 'vitest';
import { buildMarket, buildSite } from './build.js';
import { simulateChunk, type ChunkResult } from './kernel.js';
import type { SiteModel } from './model.js';
import { PathRng } from './rng.js';
import { BLOCK_PATHS, mergeBlocks, simulateBlock } from './run.js';
import { fixedFit, FRONTIER, oneSite, START } from '../../test/helpers/valuation-fixtures.js';

/** A hand-made chunk of `n` paths from `from` for one site with one option and two months. */
function chunk(from: number, n: number, miningSum: [number, number], terminalSum: number): ChunkResult {
  return {
    from,
    to: from + n,
    npv: [Float64Array.from({ length: n }, (_, i) => from + i)],
    lease_pv: [Float64Array.from({ length: n }, (_, i) => -(from + i))],
    mining_cf_sum: [Float64Array.from(miningSum)],
    terminal_sum: Float64Array.of(terminalSum),
  };
}

const site = { options: [{}], power_cost_usd: new Float64Array(2) } as unknown as SiteModel;

describe('mergeBlocks', () => {
  it('places each path by its chunk start and divides the sums by the paths', () => {
    const raw = mergeBlocks([site], 5, [chunk(3, 2, [30, 3], 12), chunk(0, 3, [20, 7], 8)]);
    expect(Array.from(raw.npv[0]!)).toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(raw.lease_pv[0]!)).toEqual([-0, -1, -2, -3, -4]);
    // (20 + 30) / 5 and (7 + 3) / 5; terminal (8 + 12) / 5.
    expect(Array.from(raw.mining_cf_mean[0]!)).toEqual([10, 2]);
    expect(Array.from(raw.terminal_mean)).toEqual([4]);
    expect(raw.paths).toBe(5);
  });

  it('adds the sums in block order whatever order the chunks arrive in (bit for bit)', () => {
    // In block order 1 + 1e16 rounds to 1e16 and the −1e16 then leaves 0; adding the ±1e16 first leaves 1.
    const c = [chunk(0, 1, [1, 1], 1), chunk(1, 1, [1e16, 1e16], 1e16), chunk(2, 1, [-1e16, -1e16], -1e16)];
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    for (const o of orders) {
      const raw = mergeBlocks(
        [site],
        3,
        o.map((i) => c[i]!),
      );
      expect(Array.from(raw.mining_cf_mean[0]!)).toEqual([0, 0]);
      expect(raw.terminal_mean[0]).toBe(0);
    }
  });

  it('with no sites: no slots, no months', () => {
    const raw = mergeBlocks([], 4, []);
    expect(raw).toMatchObject({ paths: 4, npv: [], lease_pv: [], mining_cf_mean: [] });
    expect(raw.terminal_mean.length).toBe(0);
  });
});

describe('simulateBlock', () => {
  it('block b covers paths b · 1,024 up to the total, each on its own stream', () => {
    const steps = 2;
    const market = buildMarket(fixedFit({ sigma: 0.1 }), START, steps);
    const sites = [buildSite(oneSite(), START.month, steps, 0.1, FRONTIER)];
    const b = simulateBlock(market, sites, 7, BLOCK_PATHS + 3, 1);
    expect([b.from, b.to]).toEqual([BLOCK_PATHS, BLOCK_PATHS + 3]);
    const direct = simulateChunk(market, sites, new PathRng(7), BLOCK_PATHS, BLOCK_PATHS + 3);
    expect(Array.from(b.npv[0]!)).toEqual(Array.from(direct.npv[0]!));
    // Paths differ (σ = 10%/month), so the block did not start from path 0.
    expect(b.npv[0]![0]).not.toBe(simulateChunk(market, sites, new PathRng(7), 0, 1).npv[0]![0]);
  });
});
