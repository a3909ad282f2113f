import { describe, expect, it } from 'vitest';
import { FastExpLog } from './fastmath.js';
import { PathRng } from './rng.js';
import { iterations } from '../../test/helpers/mutation-scale.js';

const DRAWS = iterations(200_000, 20_000);

describe('FastExpLog', () => {
  const fm = new FastExpLog();
  const rng = new PathRng(17);
  const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

  it('exp agrees with Math.exp to ~1e-15 over the kernel’s range and falls back outside it', () => {
    let worst = 0;
    for (let i = 0; i < DRAWS; i++) {
      const x = (rng.uniform() - 0.5) * 1400;
      worst = Math.max(worst, relErr(fm.exp(x), Math.exp(x)));
    }
    expect(worst).toBeLessThan(1e-15);
    expect(fm.exp(0)).toBe(1);
    expect(fm.exp(800)).toBe(Infinity);
    expect(fm.exp(-800)).toBe(0);
    expect(fm.exp(NaN)).toBeNaN();
  });

  it('ln agrees with Math.log to ~1e-15 (absolute near 1) and handles 0, negatives and subnormals', () => {
    let worst = 0;
    for (let i = 0; i < DRAWS; i++) {
      const v = Math.exp((rng.uniform() - 0.5) * 1400);
      worst = Math.max(worst, Math.abs(fm.ln(v) - Math.log(v)) / Math.max(1, Math.abs(Math.log(v))));
      const w = 1 + rng.uniform() * 1e-3;
      worst = Math.max(worst, Math.abs(fm.ln(w) - Math.log(w)));
    }
    expect(worst).toBeLessThan(1e-15);
    expect(Math.abs(fm.ln(1))).toBeLessThan(1e-17);
    expect(fm.ln(2)).toBeCloseTo(Math.LN2, 15);
    expect(fm.ln(0)).toBe(-Infinity);
    expect(fm.ln(-1)).toBeNaN();
    expect(fm.ln(5e-324)).toBe(Math.log(5e-324));
  });

  it('softplus = ln(1 + eˣ) to ~1e-15 relative, including the far tails', () => {
    let worst = 0;
    for (let i = 0; i < DRAWS; i++) {
      const x = (rng.uniform() - 0.5) * 120;
      const ref = x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
      worst = Math.max(worst, relErr(fm.softplus(x), ref));
    }
    expect(worst).toBeLessThan(1e-15);
    expect(fm.softplus(0)).toBe(Math.LN2);
    expect(fm.softplus(-50)).toBeCloseTo(Math.exp(-50), 35);
    expect(fm.softplus(50)).toBe(50);
  });
});
