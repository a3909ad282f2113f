import { describe, expect, it } from 'vitest';
import type { BlockRecord } from '../chain/block-record.js';
import { lnFactorial, poissonInterval95, poissonRange95, poolShares } from './pool-shares.js';

const block = (pool_id: string | null, bits = 0x17034219): BlockRecord => ({
  hash: '',
  prev_hash: '',
  height: 0,
  version: 0,
  time_unix_s: 0,
  bits,
  coinbase_value_sat: 0n,
  subsidy_sat: 0n,
  fees_sat: 1000n,
  under_claimed: false,
  coinbase_tag: '',
  payout_addresses: [],
  pool_id,
});

describe('pool shares', () => {
  it('144 blocks in a day at the height-840,000 difficulty (86.39T): luck 1, ≈ 618.4 EH/s', () => {
    // bits 0x17034219 (height 840,000): difficulty 86,388,558,925,171; D·2^32/600 ≈ 618.4 EH/s.
    const blocks = [...Array<BlockRecord>(100).fill(block('foundryusa')), ...Array<BlockRecord>(44).fill(block(null))];
    const s = poolShares(blocks, 86_400);
    expect(s.network_luck).toBeCloseTo(1, 12);
    // Poisson(144): 2.5% and 97.5% quantiles 121 and 168.
    expect(s.network_luck_low).toBeCloseTo(121 / 144, 12);
    expect(s.network_luck_high).toBeCloseTo(168 / 144, 12);
    // 86,388,558,925,171 · 2³² / 600 s = 618.389 EH/s; 100 of 144 blocks imply 429.437 EH/s.
    expect(s.network_hashrate_ehs).toBeCloseTo((86_388_558_925_171 * 2 ** 32) / 600 / 1e18, 9);
    expect(s.pools[0]).toMatchObject({ pool_id: 'foundryusa', blocks: 100 });
    expect(s.pools[0]?.share).toBeCloseTo(100 / 144, 12);
    expect(s.pools[0]?.implied_hashrate_ehs).toBeCloseTo((((86_388_558_925_171 * 2 ** 32) / 600 / 1e18) * 100) / 144, 9);
    expect(s.pools[1]?.fees_sat).toBe(44_000n);
  });

  it('Poisson 95% interval: the Wilson–Hilferty formula, within its known error of the exact chi-square bounds', () => {
    // Wilson–Hilferty: lo = k·(1 − 1/9k − 1.96/(3√k))³, hi = (k+1)·(1 − 1/9(k+1) + 1.96/(3√(k+1)))³,
    // evaluated by hand to 6 digits. Exact (Garwood, chi-square) bounds: k = 10 → [4.795389, 18.390356];
    // k = 100 → [81.363991, 121.626794]; k = 0 → [0, 3.688879]. The approximation is off by < 0.2%
    // for k ≥ 10 and 0.6% at k = 0 (its known accuracy), which bounds the second set of checks.
    const cases: [number, [number, number], [number, number]][] = [
      [10, [4.78738, 18.391627], [4.795389, 18.390356]],
      [100, [81.361792, 121.628347], [81.363991, 121.626794]],
      [0, [0, 3.668097], [0, 3.688879]],
    ];
    for (const [k, wh, exact] of cases) {
      const [lo, hi] = poissonInterval95(k);
      expect(lo, `k=${k}`).toBeCloseTo(wh[0], 5);
      expect(hi, `k=${k}`).toBeCloseTo(wh[1], 5);
      const tol = k === 0 ? 0.006 : 0.002;
      expect(Math.abs(hi / exact[1] - 1), `k=${k}`).toBeLessThan(tol);
      if (k > 0) expect(Math.abs(lo / exact[0] - 1), `k=${k}`).toBeLessThan(tol);
    }
  });

  it('Poisson 95% range of a count: exact quantiles from a few blocks to a year of them', () => {
    // qpois(0.025, m), qpois(0.975, m) (R): m = 10 → 4, 17; one week (1,008) → 946, 1,071; one year (52,560) → 52,111, 53,010.
    expect(poissonRange95(10)).toEqual([4, 17]);
    expect(poissonRange95(1008)).toEqual([946, 1071]);
    expect(poissonRange95(52_560)).toEqual([52_111, 53_010]);
    expect(poissonRange95(0.5)).toEqual([0, 2]);
    expect(poissonRange95(0)).toEqual([0, 0]);
    expect(() => poissonRange95(Number.NaN)).toThrow(RangeError);
  });

  it('ln k!: summed below 30, Stirling’s series from 30, within 1e-13 of ln Γ(k + 1) either way', () => {
    // Python's math.lgamma(k + 1), an independent double-precision ln Γ: every term of the series
    // matters at this tolerance (dropping 1/(1260k⁵) at k = 30 is 4e-13 relative, 1/(12k) 2e-6).
    const lgamma: [number, number][] = [
      [29, 71.257038967168],
      [30, 74.65823634883017],
      [31, 78.0922235533153],
      [50, 148.47776695177305],
      [100, 363.73937555556347],
      [1000, 5912.128178488163],
      [52_560, 518758.3457254556],
    ];
    for (const [k, ln] of lgamma) expect(Math.abs(lnFactorial(k) - ln) / ln, String(k)).toBeLessThan(1e-13);
    expect([lnFactorial(0), lnFactorial(1), lnFactorial(2)]).toEqual([0, 0, Math.log(2)]);
  });

  it('luck outside the Poisson range: 120 blocks in a day is unlikely chance (the hashrate fell)', () => {
    const s = poolShares(Array<BlockRecord>(120).fill(block(null)), 86_400);
    expect(s.network_luck).toBeLessThan(s.network_luck_low);
    expect(poolShares(Array<BlockRecord>(121).fill(block(null)), 86_400).network_luck).toBe(s.network_luck_low);
  });

  it('rejects an empty window', () => {
    expect(() => poolShares([], 0)).toThrow(RangeError);
  });
});

describe('pool shares: ranking and ranges', () => {
  it('ranks pools by blocks, ties by id (unattributed last among equals), with each pool’s 95% hashrate range', () => {
    const blocks = [block('b'), block('a'), block('b'), block(null), block('a'), block('c')];
    const s = poolShares(blocks, 86_400);
    expect(s.pools.map((p) => [p.pool_id, p.blocks])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 1],
      [null, 1],
    ]);
    const a = s.pools[0]!;
    // Two blocks at 86.39 T in a day: 2 · D · 2³² / 86,400 s; the range scales it by the Poisson bounds of 2.
    const perBlockEhs = (86_388_558_925_171 * 2 ** 32) / 86_400 / 1e18;
    expect(a.implied_hashrate_ehs).toBeCloseTo(2 * perBlockEhs, 9);
    const [lo, hi] = poissonInterval95(2);
    expect(a.hashrate_low_ehs).toBeCloseTo(perBlockEhs * lo, 9);
    expect(a.hashrate_high_ehs).toBeCloseTo(perBlockEhs * hi, 9);
    expect(a.share).toBeCloseTo(2 / 6, 12);
    expect(() => poolShares(blocks, 0)).toThrow(RangeError);
  });

  it('refuses a mean that is no finite number ≥ 0', () => {
    for (const bad of [-1, Infinity, NaN]) expect(() => poissonRange95(bad), String(bad)).toThrow(RangeError);
    // qpois(c(0.025, 0.975), 144) = 121, 168; 2.5 → 0, 6.
    expect(poissonRange95(144)).toEqual([121, 168]);
    expect(poissonRange95(2.5)).toEqual([0, 6]);
  });
});
