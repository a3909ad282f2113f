import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blocksPerPhDay,
  feeShare,
  hashpriceUsdPerPhDay,
  hashrateFromBlocksEhs,
  hashrateFromDifficultyEhs,
  hashvalueSatPerPhDay,
  subsidyPerBlockSat,
} from './hashprice.js';
import { ValidationError } from '../errors.js';

// Difficulty of the epoch in force on 2025-11-22 (Coin Metrics DiffMean; Electrum target of period 459).
const D_2025_11 = 152_271_405_447_596;

describe('hashprice formulas', () => {
  it('blocks per PH/s per day = 86,400·10^15 / (D·2^32)', () => {
    // The same arithmetic in another order: equal to the last bits.
    expect(blocksPerPhDay(1)).toBe(86_400e15 / 2 ** 32);
    expect(blocksPerPhDay(D_2025_11)).toBeCloseTo(1.3210994903e-4, 13);
  });

  it('network hashrate implied by difficulty: 152.27 T → 1,090 EH/s; by 143 blocks → 1,082 EH/s', () => {
    // D · 2³² / 600 s = 1,090.0012 EH/s; · 143/144 = 1,082.4317 EH/s (Coin Metrics' 1,082.43172 that day).
    expect(hashrateFromDifficultyEhs(D_2025_11)).toBeCloseTo(1090.0011775, 6);
    expect(hashrateFromBlocksEhs(D_2025_11, 143)).toBeCloseTo(1082.4317249, 6);
    expect(hashrateFromBlocksEhs(D_2025_11, 144)).toBeCloseTo(hashrateFromDifficultyEhs(D_2025_11), 9);
  });

  it('2025-11-22: 3.125 BTC subsidy + 0.0213 BTC fees/block at $84,648 → ≈ $35.2/PH/day', () => {
    // 1.3210994903e-4 blocks · 314,626,834 sat = 41,565.3350 sat/PH/day (without the fees 41,284.36);
    // × $84,648.36 / 10⁸ = $35.184374. Worked to the digits printed, float rounding below them.
    const hv = hashvalueSatPerPhDay(D_2025_11, 312_500_000, 2_126_834);
    expect(hv).toBeCloseTo(41_565.335, 3);
    expect(hashpriceUsdPerPhDay(hv, 84_648.36)).toBeCloseTo(35.184374, 6);
  });

  it('fee share and subsidy per block', () => {
    expect(feeShare(312_500_000, 312_500_000)).toBe(0.5);
    expect(feeShare(0, 0)).toBeNull();
    expect(subsidyPerBlockSat(93_125_000_000n, 149)).toBe(625_000_000);
    expect(subsidyPerBlockSat(null, null, 840_000)).toBe(312_500_000);
    expect(subsidyPerBlockSat(null, 0)).toBeNull();
  });

  it('rejects a non-positive difficulty', () => {
    expect(() => blocksPerPhDay(0)).toThrow(ValidationError);
    expect(() => hashrateFromDifficultyEhs(-1)).toThrow(ValidationError);
  });

  it('properties: hashprice rises with price and falls with difficulty', () => {
    const difficulty = fc.double({ min: 1, max: 1e16, noNaN: true });
    const price = fc.double({ min: 0.01, max: 1e7, noNaN: true });
    const reward = fc.integer({ min: 1, max: 5_000_000_000 });
    fc.assert(
      fc.property(difficulty, price, reward, fc.double({ min: 1.001, max: 10, noNaN: true }), (d, p, r, k) => {
        const hv = hashvalueSatPerPhDay(d, r, 0);
        expect(hashpriceUsdPerPhDay(hv, p * k)).toBeGreaterThan(hashpriceUsdPerPhDay(hv, p));
        expect(hashvalueSatPerPhDay(d * k, r, 0)).toBeLessThan(hv);
        // Doubling difficulty halves hashvalue exactly (up to float rounding).
        expect(hashvalueSatPerPhDay(d * 2, r, 0) * 2).toBeCloseTo(hv, 6);
      }),
    );
  });
});
