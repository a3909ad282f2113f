import { describe, expect, it } from 'vitest';
import type { BlockRecord } from '../chain/block-record.js';
import { poissonInterval95, poolShares } from './pool-shares.js';

const block = (pool_id: string | null, bits = 0x17034219): BlockRecord => ({
  hash: '', prev_hash: '', height: 0, version: 0, time_unix_s: 0, bits, coinbase_value_sat: 0n, subsidy_sat: 0n,
  fees_sat: 1000n, under_claimed: false, coinbase_tag: '', payout_addresses: [], pool_id,
});

describe('pool shares', () => {
  it('144 blocks in a day at the height-840,000 difficulty (86.39T): luck 1, ≈ 618.4 EH/s', () => {
    // bits 0x17034219 (height 840,000): difficulty 86,388,558,925,171; D·2^32/600 ≈ 618.4 EH/s.
    const blocks = [...Array<BlockRecord>(100).fill(block('foundryusa')), ...Array<BlockRecord>(44).fill(block(null))];
    const s = poolShares(blocks, 86_400);
    expect(s.network_luck).toBeCloseTo(1, 12);
    expect(s.network_hashrate_ehs).toBeCloseTo(618.4, 0);
    expect(s.pools[0]).toMatchObject({ pool_id: 'foundryusa', blocks: 100 });
    expect(s.pools[0]?.share).toBeCloseTo(100 / 144, 12);
    expect(s.pools[0]?.implied_hashrate_ehs).toBeCloseTo((618.4 * 100) / 144, 0);
    expect(s.pools[1]?.fees_sat).toBe(44_000n);
  });

  it('Poisson 95% interval matches exact chi-square bounds', () => {
    // Exact (Garwood) bounds: k=10 → [4.795, 18.39]; k=100 → [81.36, 121.6]; k=0 → [0, 3.689].
    const [lo10, hi10] = poissonInterval95(10);
    expect(lo10).toBeCloseTo(4.795, 1);
    expect(hi10).toBeCloseTo(18.39, 1);
    const [lo100, hi100] = poissonInterval95(100);
    expect(lo100).toBeCloseTo(81.36, 0);
    expect(hi100).toBeCloseTo(121.6, 0);
    expect(poissonInterval95(0)[1]).toBeCloseTo(3.689, 1);
  });

  it('rejects an empty window', () => {
    expect(() => poolShares([], 0)).toThrow(RangeError);
  });
});
