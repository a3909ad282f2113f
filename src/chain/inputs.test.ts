/** Bad input to the chain functions: each names its field (the path), and the limits are exact. */
import { describe, expect, it } from 'vitest';
import { AppError, type ValidationError } from '../errors.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import { DIFF1_BITS } from './difficulty.js';
import type { DifficultyEpoch } from './difficulty-epochs.js';
import { difficultyAtHeight, epochAt, lastCoveredHeight, latestKnownStart } from './difficulty-epochs.js';
import { halvingCalendar, MAX_BLOCK_INTERVAL_S, MAX_TIP_HEIGHT, MAX_TIP_TIME_UNIX_S, nextHalving, OBSERVED_GENESIS_TIME_UNIX_S } from './halving-calendar.js';
import { parsePoolList, PoolIndex } from './pools.js';
import { estimateRetarget, nextWorkRequired, periodHeights } from './retarget.js';
import { halvingEra, subsidySat, supplyAtHeightSat } from './subsidy.js';

const paths = (fn: () => unknown): string[] => {
  const e = catchAppError(fn);
  return 'issues' in e ? (e as ValidationError).issues.map((i) => i.path) : [`${e.code}:${(e as AppError & { path?: string }).path ?? ''}`];
};

describe('retarget inputs', () => {
  const ok = { bits: DIFF1_BITS, first_block_time_unix_s: 1_000_000, last_block_time_unix_s: 2_209_600 };
  it('names the time that is not whole unix seconds', () => {
    expect(paths(() => nextWorkRequired({ ...ok, first_block_time_unix_s: 1.5 }))).toEqual(['first_block_time_unix_s']);
    expect(paths(() => nextWorkRequired({ ...ok, last_block_time_unix_s: NaN }))).toEqual(['last_block_time_unix_s']);
    expect(paths(() => periodHeights(-1))).toEqual(['period']);
  });

  it('caps the target at the proof-of-work limit, and a target exactly at it is not "capped"', () => {
    // Difficulty 1 over 8 weeks would quadruple the target: capped at the limit, bits 1d00ffff.
    expect(nextWorkRequired({ ...ok, last_block_time_unix_s: ok.first_block_time_unix_s + 4 * 1_209_600 })).toMatchObject({
      bits: DIFF1_BITS,
      capped_at_pow_limit: true,
    });
    expect(nextWorkRequired(ok)).toMatchObject({ bits: DIFF1_BITS, capped_at_pow_limit: false, clamp: 'none' });
    // A limit equal to the unchanged target: reached, not exceeded.
    expect(nextWorkRequired({ ...ok, pow_limit: 0xffffn << 208n }).capped_at_pow_limit).toBe(false);
  });

  const est = {
    bits: 0x17034219,
    period_start_height: 838_656,
    period_start_time_unix_s: 1_712_783_853,
    tip_height: 839_000,
    tip_time_unix_s: 1_712_783_853 + 344 * 590,
  };
  it('estimates from the observed interval (tip − start) / blocks, naming each bad field', () => {
    expect(estimateRetarget(est).observed_interval_s).toBe(590);
    expect(paths(() => estimateRetarget({ ...est, period_start_height: -2016 }))).toEqual(['period_start_height']);
    expect(paths(() => estimateRetarget({ ...est, period_start_height: 838_657 }))).toEqual(['period_start_height']);
    expect(paths(() => estimateRetarget({ ...est, tip_height: 1.5 }))).toEqual(['tip_height']);
    expect(paths(() => estimateRetarget({ ...est, tip_height: 838_656 }))).toEqual(['tip_height']);
    expect(paths(() => estimateRetarget({ ...est, tip_height: 838_656 + 2016 }))).toEqual(['tip_height']);
    expect(estimateRetarget({ ...est, tip_height: 838_656 + 2015, tip_time_unix_s: est.period_start_time_unix_s + 2015 * 600 }).blocks_remaining).toBe(1);
    expect(paths(() => estimateRetarget({ ...est, period_start_time_unix_s: 0.5 }))).toEqual(['period_start_time_unix_s']);
    expect(paths(() => estimateRetarget({ ...est, tip_time_unix_s: Infinity }))).toEqual(['tip_time_unix_s']);
  });
});

describe('subsidy inputs and the end of issuance', () => {
  it('names the height, and pays nothing from era 33 on', () => {
    for (const bad of [-1, 0.5, NaN])
      expect(
        paths(() => subsidySat(bad)),
        String(bad),
      ).toEqual(['height']);
    expect(halvingEra(209_999)).toBe(0);
    expect(subsidySat(33 * 210_000 - 1)).toBe(1n);
    expect(subsidySat(33 * 210_000)).toBe(0n);
    expect(subsidySat(64 * 210_000)).toBe(0n);
    // The supply never grows past era 33: 20,999,999.9769 BTC.
    expect(supplyAtHeightSat(70 * 210_000)).toBe(2_099_999_997_690_000n);
  });
});

describe('difficulty table lookups', () => {
  const row = (epoch: number, start_time_unix_s: number | null): DifficultyEpoch => ({
    epoch,
    start_height: epoch * 2016,
    end_height: epoch * 2016 + 2015,
    bits: DIFF1_BITS,
    target: 0xffffn << 208n,
    start_time_unix_s,
    start_time_source: start_time_unix_s === null ? null : 'test',
    last_block_hash: null,
  });
  const table = [row(0, 1_231_006_505), row(1, 1_231_006_505 + 2016 * 600), row(2, null)];

  it('covers heights up to the last row, and the latest start time known', () => {
    expect(lastCoveredHeight(table)).toBe(3 * 2016 - 1);
    expect(lastCoveredHeight([])).toBe(-1);
    expect(latestKnownStart(table)?.epoch).toBe(1);
    expect(latestKnownStart([row(0, 5)])?.epoch).toBe(0);
    expect(latestKnownStart([row(0, null)])).toBeUndefined();
  });

  it('names the height when it is bad or past the table, and the row when the table has a hole', () => {
    expect(paths(() => epochAt(table, -1))).toEqual(['height']);
    expect(paths(() => epochAt(table, 3 * 2016))).toEqual(['NOT_FOUND:height']);
    expect(epochAt(table, 3 * 2016 - 1).epoch).toBe(2);
    expect(paths(() => epochAt([row(0, 0), row(0, 0)], 2016))).toEqual(['epochs[1]']);
  });

  it('observed hashrate needs both start times and a positive interval; the change is D(next)/D − 1', () => {
    const d = difficultyAtHeight(table, 0);
    expect(d.observed_hashrate_ehs).toBeCloseTo(2 ** 32 / 600 / 1e18, 25);
    expect(d.next_difficulty_change).toBe(0);
    expect(difficultyAtHeight(table, 2016).observed_hashrate_ehs).toBeNull(); // next row has no time
    expect(difficultyAtHeight(table, 2 * 2016).next_difficulty_change).toBeNull(); // no next row
    const stuck = [row(0, 100), row(1, 100)];
    expect(difficultyAtHeight(stuck, 0).observed_hashrate_ehs).toBeNull(); // zero interval
    const harder = [row(0, 0), { ...row(1, 1_209_600), target: 0xffffn << 207n }];
    expect(difficultyAtHeight(harder, 0).next_difficulty_change).toBeCloseTo(1, 12); // target halved: +100%
  });
});

describe('halving calendar inputs', () => {
  const tip = { height: 933_408, time_unix_s: 1_769_000_000 };
  it('accepts a tip at the limits and names each field past them', () => {
    expect(halvingCalendar({ height: 0, time_unix_s: OBSERVED_GENESIS_TIME_UNIX_S })).toHaveLength(33);
    expect(halvingCalendar({ height: MAX_TIP_HEIGHT, time_unix_s: MAX_TIP_TIME_UNIX_S })).toHaveLength(33);
    expect(nextHalving({ ...tip, block_interval_s: MAX_BLOCK_INTERVAL_S })?.height).toBe(1_050_000);
    expect(paths(() => halvingCalendar({ ...tip, height: -1 }))).toEqual(['tip.height']);
    expect(paths(() => halvingCalendar({ ...tip, height: MAX_TIP_HEIGHT + 1 }))).toEqual(['tip.height']);
    expect(paths(() => halvingCalendar({ ...tip, time_unix_s: OBSERVED_GENESIS_TIME_UNIX_S - 1 }))).toEqual(['tip.time_unix_s']);
    expect(paths(() => halvingCalendar({ ...tip, time_unix_s: MAX_TIP_TIME_UNIX_S + 1 }))).toEqual(['tip.time_unix_s']);
    expect(paths(() => halvingCalendar({ ...tip, block_interval_s: 0 }))).toEqual(['tip.block_interval_s']);
    expect(paths(() => halvingCalendar({ ...tip, block_interval_s: MAX_BLOCK_INTERVAL_S + 1 }))).toEqual(['tip.block_interval_s']);
  });

  it('a tip on the wrong side of a real halving contradicts it', () => {
    // Height 840,000 was mined at 1,713,571,767 (2024-04-20 00:09:27Z).
    expect(halvingCalendar({ height: 840_000, time_unix_s: 1_713_571_767 })[3]!.status).toBe('observed');
    expect(paths(() => halvingCalendar({ height: 840_000, time_unix_s: 1_713_571_766 }))).toEqual(['tip']);
    expect(paths(() => halvingCalendar({ height: 839_999, time_unix_s: 1_713_571_768 }))).toEqual(['tip']);
    expect(halvingCalendar({ height: 839_999, time_unix_s: 1_713_571_767 })).toHaveLength(33);
  });

  it('each halving pays half of the block before it', () => {
    const cal = halvingCalendar(tip);
    expect(cal.slice(0, 5).map((h) => [h.height, h.subsidy_before_sat, h.subsidy_after_sat])).toEqual([
      [210_000, 5_000_000_000n, 2_500_000_000n],
      [420_000, 2_500_000_000n, 1_250_000_000n],
      [630_000, 1_250_000_000n, 625_000_000n],
      [840_000, 625_000_000n, 312_500_000n],
      [1_050_000, 312_500_000n, 156_250_000n],
    ]);
  });
});

describe('mining-pool list', () => {
  it('names the entry and field that breaks the shape', () => {
    expect(paths(() => parsePoolList({}, 'pools.json'))).toEqual(['pools.json']);
    expect(paths(() => parsePoolList([null]))).toEqual(['pools[0]']);
    expect(paths(() => parsePoolList(['x']))).toEqual(['pools[0]']);
    const good = { id: 1, name: 'Foundry USA', addresses: [], tags: ['/Foundry USA Pool/'] };
    expect(paths(() => parsePoolList([good, { ...good, id: 1.5 }]))).toEqual(['pools[1].id']);
    expect(paths(() => parsePoolList([{ ...good, id: '1' }]))).toEqual(['pools[0].id']);
    expect(paths(() => parsePoolList([{ ...good, name: '' }]))).toEqual(['pools[0].name']);
    expect(paths(() => parsePoolList([{ ...good, name: 3 }]))).toEqual(['pools[0].name']);
    expect(paths(() => parsePoolList([{ ...good, addresses: [1] }]))).toEqual(['pools[0].addresses']);
    expect(paths(() => parsePoolList([{ ...good, tags: 'x' }]))).toEqual(['pools[0].tags']);
    expect(parsePoolList([{ ...good, tags: ['', 'a'] }])[0]).toMatchObject({ id: 'foundryusa', tags: ['a'], link: '' });
  });

  it('attributes by payout address first, then by the first tag found in the coinbase text', () => {
    const pools = new PoolIndex(
      parsePoolList([
        { id: 1, name: 'A', addresses: ['1Aaa'], tags: ['/A/'] },
        { id: 2, name: 'B', addresses: ['1Bbb'], tags: ['/B/', ''] },
      ]),
    );
    expect(pools.attribute('/B/', ['1Zzz', '1Aaa'])?.id).toBe('a');
    expect(pools.attribute('mined by /B/ today', ['1Zzz'])?.id).toBe('b');
    expect(pools.attribute('', ['1Zzz'])).toBeNull();
    expect(pools.attribute('nothing', [])).toBeNull();
    expect(pools.get('b')?.unique_id).toBe(2);
  });
});
