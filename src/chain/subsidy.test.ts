import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MONEY_SAT } from '../units/sat.js';
import { FINAL_SUPPLY_SAT, halvingHeights, LAST_SUBSIDY_HEIGHT, subsidySat, supplyAtHeightSat } from './subsidy.js';
import { ValidationError } from '../errors.js';

describe('subsidy', () => {
  it('pays the consensus amounts around every real halving', () => {
    // heights 209,999/210,000 … 839,999/840,000: the four halvings so far (2012, 2016, 2020, 2024)
    expect(subsidySat(0)).toBe(5_000_000_000n);
    expect(subsidySat(209_999)).toBe(5_000_000_000n);
    expect(subsidySat(210_000)).toBe(2_500_000_000n);
    expect(subsidySat(419_999)).toBe(2_500_000_000n);
    expect(subsidySat(420_000)).toBe(1_250_000_000n);
    expect(subsidySat(630_000)).toBe(625_000_000n);
    expect(subsidySat(839_999)).toBe(625_000_000n);
    expect(subsidySat(840_000)).toBe(312_500_000n);
    expect(subsidySat(1_050_000)).toBe(156_250_000n); // 2028
  });

  it('ends with a 1-sat subsidy at height 6,929,999 and zero after', () => {
    expect(LAST_SUBSIDY_HEIGHT).toBe(6_929_999);
    expect(subsidySat(6_929_999)).toBe(1n);
    expect(subsidySat(6_930_000)).toBe(0n);
    expect(subsidySat(64 * 210_000)).toBe(0n);
  });

  it('gives the known final supply of 20,999,999.9769 BTC', () => {
    expect(FINAL_SUPPLY_SAT).toBe(2_099_999_997_690_000n);
    expect(supplyAtHeightSat(10_000_000)).toBe(FINAL_SUPPLY_SAT);
  });

  it('counts supply inclusive of the block at the height', () => {
    expect(supplyAtHeightSat(0)).toBe(5_000_000_000n);
    expect(supplyAtHeightSat(209_999)).toBe(210_000n * 5_000_000_000n);
    expect(supplyAtHeightSat(840_000)).toBe(1_968_750_312_500_000n);
  });

  it('lists 33 halvings, the last paying zero', () => {
    const h = halvingHeights();
    expect(h[0]).toEqual({ index: 1, height: 210_000, subsidy_sat: 2_500_000_000n });
    expect(h.at(-1)).toEqual({ index: 33, height: 6_930_000, subsidy_sat: 0n });
  });

  it('rejects negative and fractional heights', () => {
    expect(() => subsidySat(-1)).toThrow(ValidationError);
    expect(() => subsidySat(1.5)).toThrow(ValidationError);
  });

  it('summing every height era by era gives the final supply', () => {
    let total = 0n;
    for (let era = 0; era < 40; era++) total += 210_000n * subsidySat(era * 210_000);
    expect(total).toBe(FINAL_SUPPLY_SAT);
  });

  it('property: supply never exceeds 21M BTC and subsidy never increases', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), (h, d) => {
        expect(supplyAtHeightSat(h)).toBeLessThanOrEqual(MAX_MONEY_SAT);
        expect(subsidySat(h + d)).toBeLessThanOrEqual(subsidySat(h));
        expect(supplyAtHeightSat(h + 1) - supplyAtHeightSat(h)).toBe(subsidySat(h + 1));
      }),
    );
  });
});
