import { describe, expect, it } from 'vitest';
import { BLOCKS_PER_MONTH, discountedPrefix, discountFactors, monthlySubsidyBtc } from './model.js';

describe('monthlySubsidyBtc: the exact schedule over each month’s 4,383 blocks', () => {
  it('prorates the 2028 halving (height 1,050,000) by blocks inside the month it falls in', () => {
    expect(BLOCKS_PER_MONTH).toBe(4383);
    // From 1,040,000: months 0 and 1 lie wholly before the halving; month 2 spans 1,048,766 …
    // 1,053,148: 1,234 blocks at 3.125 and 3,149 at 1.5625; month 3 is wholly after.
    const s = monthlySubsidyBtc(1_040_000, 4);
    expect(s[0]).toBe(3.125);
    expect(s[1]).toBe(3.125);
    expect(s[2]).toBeCloseTo((1234 * 3.125 + 3149 * 1.5625) / 4383, 14); // 2.0023
    expect(s[3]).toBe(1.5625);
  });
});

describe('discount factors and discounted prefix sums', () => {
  it('d_t = (1 + r)^−(t+1)/12: at 10% a year, month 11 is 1/1.1', () => {
    const d = discountFactors(0.1, 24);
    expect(d.length).toBe(24);
    expect(d[0]).toBeCloseTo(1.1 ** (-1 / 12), 15);
    expect(d[11]).toBeCloseTo(1 / 1.1, 14);
    expect(d[23]).toBeCloseTo(1 / 1.21, 14);
  });

  it('P[k] = Σ_{t<k} flows[t]·d[t], length n + 1', () => {
    expect(Array.from(discountedPrefix(Float64Array.of(1, 2, 4), Float64Array.of(0.5, 0.25, 0.125)))).toEqual([0, 0.5, 1, 1.5]);
  });
});
