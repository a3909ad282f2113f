import { afterEach, describe, expect, it, vi } from 'vitest';
import { FastExpLog } from './fastmath.js';
import { PathRng } from './rng.js';
import { iterations } from '../../test/helpers/mutation-scale.js';

const DRAWS = iterations(200_000, 20_000);
const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
/** Softplus in double precision from Math: log1p(eˣ), or x + log1p(e⁻ˣ) where eˣ would lose x's digits. */
const softplusRef = (x: number): number => (x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

// The tables are built once per module, by the first FastExpLog: this test builds them (nothing is
// constructed at collection time) and reads every entry of each, so it must stay first in the file.
describe('FastExpLog tables (every entry, through exp, ln and softplus)', () => {
  it('exp, ln and softplus agree with Math to 1e-15 at every table entry and bucket edge', () => {
    const fm = new FastExpLog();
    // 1e-15 relative: the accuracy the module's doc comment claims (a few units in the last place).
    let worstExp = 0;
    // x = k·ln2 + (j/64)·ln2 + r hits 2^k for every k the fast path reaches (|x| < 708) and each 2^(j/64).
    for (let k = -1021; k <= 1021; k++) {
      for (const j of [((k % 64) + 64) % 64, 63 - (((k % 64) + 64) % 64)]) {
        for (const r of [-0.0054, 0, 0.0054]) {
          const x = (k + j / 64) * Math.LN2 + r;
          if (Math.abs(x) >= 708) continue;
          worstExp = Math.max(worstExp, relErr(fm.exp(x), Math.exp(x)));
        }
      }
    }
    expect(worstExp).toBeLessThan(1e-15);
    // ln: every binade 2^e, e = −1022…1023, at a bucket's middle and edges; error relative to
    // max(1, |ln v|) (absolute near v = 1, where ln v → 0).
    let worstLn = 0;
    for (let e = -1022; e <= 1023; e++) {
      const j = ((e % 128) + 128) % 128;
      for (const m of [1 + (j + 0.5) / 128, 1 + j / 128, 1 + (j + 1) / 128 - 2 ** -52]) {
        const v = m * 2 ** e;
        if (!Number.isFinite(v)) continue;
        worstLn = Math.max(worstLn, Math.abs(fm.ln(v) - Math.log(v)) / Math.max(1, Math.abs(Math.log(v))));
      }
    }
    // Every one of the 128 mantissa buckets near 1, where the error is absolute.
    for (let j = 0; j < 128; j++) {
      for (const m of [1 + j / 128, 1 + (j + 0.5) / 128, 1 + (j + 1) / 128 - 2 ** -52]) worstLn = Math.max(worstLn, Math.abs(fm.ln(m) - Math.log(m)));
    }
    expect(worstLn).toBeLessThan(1e-15);
    expect(fm.ln(Number.MAX_VALUE)).toBeCloseTo(709.782712893384, 12);
    // softplus: each of the 2,561 nodes of the 1/32 grid over [−40, 40], and each midpoint
    // (|δ| = 1/64, where the Taylor terms weigh most).
    let worstSp = 0;
    for (let i = 0; i <= 2560; i++) {
      for (const x of [i / 32 - 40, (i + 0.5) / 32 - 40]) {
        if (x >= 40) continue;
        worstSp = Math.max(worstSp, relErr(fm.softplus(x), softplusRef(x)));
      }
    }
    expect(worstSp).toBeLessThan(1e-15);
  });
});

describe('FastExpLog', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('exp agrees with Math.exp to ~1e-15 over the kernel’s range and falls back outside it', () => {
    const fm = new FastExpLog();
    const rng = new PathRng(17);
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
    const fm = new FastExpLog();
    const rng = new PathRng(18);
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
    expect(fm.ln(Infinity)).toBe(Infinity);
    expect(fm.ln(NaN)).toBeNaN();
  });

  it('softplus = ln(1 + eˣ) to ~1e-15 relative, including the far tails', () => {
    const fm = new FastExpLog();
    const rng = new PathRng(19);
    let worst = 0;
    for (let i = 0; i < DRAWS; i++) {
      const x = (rng.uniform() - 0.5) * 120;
      worst = Math.max(worst, relErr(fm.softplus(x), softplusRef(x)));
    }
    expect(worst).toBeLessThan(1e-15);
    expect(fm.softplus(0)).toBe(Math.LN2);
    expect(fm.softplus(-50)).toBeCloseTo(Math.exp(-50), 35);
    expect(fm.softplus(50)).toBe(50);
  });

  // The module exists to keep Math.exp/Math.log calls out of the kernel's loop: inside the stated
  // ranges they must not be called, outside (and exactly at the edges) they decide.
  it('calls Math.exp only for |x| ≥ 708 or NaN', () => {
    const fm = new FastExpLog();
    const spy = vi.spyOn(Math, 'exp');
    for (const x of [0.5, -1, 707.99, -707.99]) fm.exp(x);
    expect(spy).not.toHaveBeenCalled();
    for (const x of [708, -708, 800, NaN]) fm.exp(x);
    expect(spy.mock.calls.map((c) => c[0])).toEqual([708, -708, 800, NaN]);
  });

  it('calls Math.log only for zero, subnormal, negative, infinite or NaN arguments', () => {
    const fm = new FastExpLog();
    const spy = vi.spyOn(Math, 'log');
    // 2^−1022 is the smallest normal (high word 0x00100000); MAX_VALUE the largest (0x7fefffff).
    for (const v of [1.5, 2 ** -1022, Number.MAX_VALUE, 1e-300]) fm.ln(v);
    expect(spy).not.toHaveBeenCalled();
    for (const v of [0, -1, 5e-324, Infinity, NaN]) fm.ln(v);
    expect(spy.mock.calls.map((c) => c[0])).toEqual([0, -1, 5e-324, Infinity, NaN]);
  });

  it('softplus leaves its grid from |x| = 40 on, for eˣ or x + e⁻ˣ', () => {
    const fm = new FastExpLog();
    const spy = vi.spyOn(fm, 'exp');
    for (const x of [39.99, -39.99, 0]) fm.softplus(x);
    expect(spy).not.toHaveBeenCalled();
    expect(fm.softplus(40)).toBe(40);
    expect(fm.softplus(-40)).toBe(Math.exp(-40));
    expect(fm.softplus(-45)).toBe(Math.exp(-45));
    expect(spy.mock.calls.map((c) => c[0])).toEqual([-40, -40, -45]);
  });
});
