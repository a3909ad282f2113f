import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AsicModel } from '../hardware/model.js';
import { catchAppError } from '../../test/helpers/catch-error.js';
import type { ValidationError } from '../errors.js';
import { atRiskCurve, checkBrackets, DEFAULT_POWER_PRICE_DISTRIBUTION, mixEntries, underwater, type MixEntry, type PowerPriceBracket } from './underwater.js';

const model = (id: string, efficiency_jth: number): AsicModel => ({
  id,
  manufacturer: 'Bitmain',
  model: id,
  hashrate_ths: 100,
  power_w: 100 * efficiency_jth,
  efficiency_jth,
  cooling: 'air',
  released: '2024-01',
  source: 'user',
});

// The hand-worked day 3 of installed-base.test.ts: B 50 J/TH 4.35/5.75, C 25 J/TH 1/5.75, D 40 J/TH 0.4/5.75.
const MIX: MixEntry[] = [
  { model: model('b', 50), hashrate_share: 4.35 / 5.75 },
  { model: model('c', 25), hashrate_share: 1 / 5.75 },
  { model: model('d', 40), hashrate_share: 0.4 / 5.75 },
];
const HALVES = [
  { power_price_usd_per_mwh: 40, hashrate_share: 0.5 },
  { power_price_usd_per_mwh: 55, hashrate_share: 0.5 },
];
const NO_FEE = { pool_fee: 0, pue: 1 };

describe('hashrate under water (hand-worked)', () => {
  it('at $60/PH/day: breakevens $50, $100, $62.50 — only B, and only where power costs $55', () => {
    const u = underwater(MIX, 60, HALVES, NO_FEE);
    expect(u.by_bracket.map((b) => b.underwater_share)).toEqual([0, 4.35 / 5.75]);
    expect(u.underwater_hashrate_share).toBeCloseTo(0.5 * (4.35 / 5.75), 12);
  });

  it('at $30/PH/day: breakevens $25, $50, $31.25 — B and D at $40, everything at $55', () => {
    const u = underwater(MIX, 30, HALVES, NO_FEE);
    expect(u.by_bracket[0]?.underwater_share).toBeCloseTo(4.75 / 5.75, 12);
    expect(u.by_bracket[1]?.underwater_share).toBeCloseTo(1, 12);
    expect(u.underwater_hashrate_share).toBeCloseTo(0.5 * (4.75 / 5.75) + 0.5, 12);
  });

  it('a breakeven equal to the price is not under water; PUE and the pool fee lower the breakeven', () => {
    // b(50 J/TH) at $60 = $50 exactly; with a 10% pool fee $45, with PUE 1.25 $40.
    expect(underwater(MIX.slice(0, 1), 60, [{ power_price_usd_per_mwh: 50, hashrate_share: 1 }], NO_FEE).underwater_hashrate_share).toBe(0);
    expect(
      underwater(MIX.slice(0, 1), 60, [{ power_price_usd_per_mwh: 46, hashrate_share: 1 }], { pool_fee: 0.1, pue: 1 }).underwater_hashrate_share,
    ).toBeCloseTo(4.35 / 5.75, 12);
    expect(
      underwater(MIX.slice(0, 1), 60, [{ power_price_usd_per_mwh: 41, hashrate_share: 1 }], { pool_fee: 0, pue: 1.25 }).underwater_hashrate_share,
    ).toBeCloseTo(4.35 / 5.75, 12);
  });

  it('the default distribution: listed miners’ disclosed prices, $28.83–$47/MWh, shares by hashrate summing to 1', () => {
    const b = DEFAULT_POWER_PRICE_DISTRIBUTION.brackets;
    expect(b.map((x) => x.power_price_usd_per_mwh)).toEqual([28.83, 31, 40, 42, 47]);
    expect(b.reduce((s, x) => s + x.hashrate_share, 0)).toBeCloseTo(1, 12);
    // MARA's 60.4 of 126.4 EH/s
    expect(b[2]?.hashrate_share).toBeCloseTo(60.4 / 126.4, 12);
    expect(DEFAULT_POWER_PRICE_DISTRIBUTION.source).toContain('MARA 2025Q3');
  });
});

describe('hashrate at risk: properties', () => {
  const mixArb = fc
    .array(fc.record({ e: fc.double({ min: 5, max: 150, noNaN: true }), w: fc.double({ min: 0.01, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 10 })
    .map((xs) => {
      const sum = xs.reduce((s, x) => s + x.w, 0);
      return xs.map((x, i) => ({ model: model(`m${i}`, x.e), hashrate_share: x.w / sum }));
    });
  const bracketsArb = fc
    .array(fc.record({ p: fc.double({ min: 0, max: 200, noNaN: true }), w: fc.double({ min: 0.01, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 6 })
    .map((xs) => {
      const sum = xs.reduce((s, x) => s + x.w, 0);
      return xs.map((x) => ({ power_price_usd_per_mwh: x.p, hashrate_share: x.w / sum }));
    });

  it('the share under water lies in 0..1 and never rises with hashprice', () => {
    fc.assert(
      fc.property(mixArb, bracketsArb, fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 2, maxLength: 12 }), (mix, brackets, hps) => {
        const sorted = [...hps].sort((a, b) => a - b);
        const curve = atRiskCurve(mix, sorted, brackets, { pool_fee: 0.02, pue: 1.1 });
        for (const [i, c] of curve.entries()) {
          expect(c.underwater_hashrate_share).toBeGreaterThanOrEqual(-1e-12);
          expect(c.underwater_hashrate_share).toBeLessThanOrEqual(1 + 1e-12);
          if (i > 0) expect(c.underwater_hashrate_share).toBeLessThanOrEqual((curve[i - 1]?.underwater_hashrate_share as number) + 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('brackets and mix entries', () => {
  const pathOf = (b: PowerPriceBracket[]): string | undefined => (catchAppError(() => checkBrackets(b)) as ValidationError).issues[0]?.path;
  const at = (power_price_usd_per_mwh: number, hashrate_share = 1): PowerPriceBracket => ({ power_price_usd_per_mwh, hashrate_share });

  it('prices from −$1,000 to $10,000/MWh and shares 0…1 summing to 1 ± 0.005 pass; the first bad field is named', () => {
    expect(() => checkBrackets([at(-1000, 0.33), at(10_000, 0.33), at(40, 0.34)])).not.toThrow();
    expect(() => checkBrackets([at(40, 0.5), at(50, 0.504)])).not.toThrow(); // rounding of a file's shares
    expect(() => checkBrackets([at(40, 0.5), at(50, 0.496)])).not.toThrow();
    expect(() => checkBrackets([at(40, 0), at(50, 1)])).not.toThrow();
    expect(pathOf([])).toBe('brackets');
    expect((catchAppError(() => checkBrackets([])) as ValidationError).issues[0]?.message).toBe('give at least one power price bracket');
    expect(pathOf([at(40, 0.5), at(50, 0.506)])).toBe('brackets');
    expect(pathOf([at(40, 0.5), at(50, 0.494)])).toBe('brackets');
    for (const p of [-1000.01, 10_000.01, NaN, Infinity]) expect(pathOf([at(40, 0.5), at(p, 0.5)]), String(p)).toBe('brackets[1].power_price_usd_per_mwh');
    for (const w of [-0.01, 1.01, NaN]) expect(pathOf([at(40, w)]), String(w)).toBe('brackets[0].hashrate_share');
    expect(() => checkBrackets(DEFAULT_POWER_PRICE_DISTRIBUTION.brackets)).not.toThrow();
  });

  it('the mix keeps only models with a share, aligned with the model list', () => {
    const models = [model('a', 20), model('b', 30), model('c', 40)];
    expect(mixEntries(models, Float64Array.of(0.25, 0, 0.75))).toEqual([
      { model: models[0], hashrate_share: 0.25 },
      { model: models[2], hashrate_share: 0.75 },
    ]);
    expect(mixEntries(models, new Float64Array(3))).toEqual([]);
  });
});
