import { describe, expect, it } from 'vitest';
import { distribution, irrAnnual, mean, npvMonthly, probabilityBest, quantileSorted } from './stats.js';

describe('quantiles (type 7: h = (n − 1)·q, linear between order statistics)', () => {
  it('of 1…10 are R’s quantile(1:10, c(.05, .5, .95)) = 1.45, 5.5, 9.55', () => {
    const xs = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    // h = 9 · 0.05 = 0.45 → 1 + 0.45 · (2 − 1); with h = n·q it would be 1.5, 6 and 10.
    expect(quantileSorted(xs, 0.05)).toBeCloseTo(1.45, 12);
    expect(quantileSorted(xs, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(quantileSorted(xs, 1)).toBe(10);
    expect(quantileSorted(new Float64Array(0), 0.5)).toBeNaN();
  });

  it('summarise an unsorted sample: mean, p5, p50, p95 of {40, −10, 30, 0, 20, 10}', () => {
    // Sorted −10, 0, 10, 20, 30, 40; h = 5q: p5 at 0.25 → −7.5, p50 at 2.5 → 15, p95 at 4.75 → 37.5.
    const d = distribution(Float64Array.of(40, -10, 30, 0, 20, 10));
    expect(d.mean).toBeCloseTo(15, 12);
    expect(d.p5).toBeCloseTo(-7.5, 12);
    expect(d.p50).toBeCloseTo(15, 12);
    expect(d.p95).toBeCloseTo(37.5, 12);
    // Numeric order, not string order (a plain Array sort would put 100 before 20).
    expect(distribution(Float64Array.of(100, 20, 3)).p50).toBe(20);
  });
});

describe('npvMonthly and irrAnnual (flows at the end of each month)', () => {
  it('discounts month t by (1 + r)^−t', () => {
    expect(npvMonthly([100, 100], 0.01)).toBeCloseTo(100 / 1.01 + 100 / 1.01 ** 2, 10);
    expect(npvMonthly([-50, 0, 80], 0)).toBe(30);
  });

  it('−100 now and +110 twelve months later: exactly 10% a year', () => {
    // (1 + r)^12 = 1.1; reading the annual rate as 12 · r would give 12 · (1.1^(1/12) − 1) = 9.569%.
    const flows = [-100, ...new Array<number>(11).fill(0), 110];
    expect(irrAnnual(flows)).toBeCloseTo(0.1, 12);
  });

  it('−100 then +105 a month later: 5% a month is 1.05^12 − 1 = 79.59% a year', () => {
    expect(irrAnnual([-100, 105])).toBeCloseTo(1.05 ** 12 - 1, 12);
    expect(irrAnnual([-100, 105])).toBeCloseTo(0.795856, 6);
  });

  it('a level annuity: −1,000 then 12 × 88.85 returns 1% a month (annuity factor 11.2551)', () => {
    // Present value of 1 a month for 12 months at 1%: (1 − 1.01^−12) / 0.01 = 11.25508; 1,000 / 11.25508 = 88.8488.
    const pmt = 1000 / ((1 - 1.01 ** -12) / 0.01);
    // −1,000 in month 1, then the payments in months 2…13: NPV = (−1,000 + pmt · 11.25508) / 1.01 = 0.
    const flows = [-1000, ...new Array<number>(12).fill(pmt)];
    expect(irrAnnual(flows)).toBeCloseTo(1.01 ** 12 - 1, 10);
  });

  it('is null when the flows never change sign or no root lies in −99%…+100% a month', () => {
    expect(irrAnnual([1, 2, 3])).toBeNull();
    expect(irrAnnual([-1, -2])).toBeNull();
    expect(irrAnnual([0, 0])).toBeNull();
    // +100 a month on −1 is more than +100% a month: NPV stays positive at the top of the range.
    expect(irrAnnual([-1, 1000])).toBeNull();
    // One sign over 1,101 months: at +100% a month the last flow discounts to 2^−1101 = 0, so only
    // the sign check (not the bracket) can say there is no root.
    const late = (v: number): number[] => [...new Array<number>(1100).fill(0), v];
    expect(irrAnnual(late(1))).toBeNull();
    expect(irrAnnual(late(-1))).toBeNull();
  });

  it('stays exact over a 20-year horizon: −100, +110 a year later, then 228 months of zeros is 10%', () => {
    // At −99% a month the discount factors overflow after ~150 months; 0 · ∞ once made the bracket
    // NaN and the IRR −100%. A conversion that starts later has exactly zero increments before it.
    const flows = new Array<number>(240).fill(0);
    flows[0] = -100;
    flows[12] = 110;
    expect(irrAnnual(flows)).toBeCloseTo(0.1, 12);
    // Two hundred level months on −100: positive flows to the end, ±∞ at −99% before the fix.
    const annuity = [-100, ...new Array<number>(239).fill(1)];
    const m = Math.pow(1 + irrAnnual(annuity)!, 1 / 12) - 1;
    expect(npvMonthly(annuity, m)).toBeCloseTo(0, 9);
    // 1,803 months with an IRR of 80% a month: at the bisection's +50% a month 1.5^1802 overflows, so
    // a sum compounded forward to the last flow would read ∞ there and steer the bisection wrong.
    const long = [-1, 1.8, ...new Array<number>(1800).fill(0), 1e-300];
    expect(irrAnnual(long)).toBeCloseTo(1.8 ** 12 - 1, 6); // 1,155.68: 1e-6 absolute is 1e-9 relative
    const delayed = [0, 0, 0, -100, ...new Array<number>(11).fill(0), 110, ...new Array<number>(200).fill(0)];
    expect(irrAnnual(delayed)).toBeCloseTo(0.1, 12);
  });
});

describe('mean and probabilityBest', () => {
  it('mean of a sample and NaN of none', () => {
    expect(mean(Float64Array.of(1, 2, 6))).toBe(3);
    expect(mean(new Float64Array(0))).toBeNaN();
  });

  it('counts the paths on which each option is highest; ties go to the first', () => {
    const a = Float64Array.of(1, 5, 3, 2);
    const b = Float64Array.of(2, 4, 3, 9);
    const c = Float64Array.of(0, 0, 1, 9);
    // Path 0: b; path 1: a; path 2: a and b tie → a; path 3: b and c tie → b.
    expect(probabilityBest([a, b, c])).toEqual([0.5, 0.5, 0]);
    expect(probabilityBest([new Float64Array(0)])).toEqual([NaN]);
    expect(probabilityBest([])).toEqual([]);
  });
});
