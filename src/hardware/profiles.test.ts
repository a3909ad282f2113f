import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AsicModel } from './model.js';
import { efficiencyCurve, hullHashrateAt, upperConcaveHull, type CurvePoint } from './curve.js';
import { modelProfile, profilesOf } from './profiles.js';

const s21: AsicModel = {
  id: 'antminer-s21',
  manufacturer: 'Bitmain',
  model: 'Antminer S21',
  hashrate_ths: 200,
  power_w: 3500,
  efficiency_jth: 17.5,
  cooling: 'air',
  released: '2024-01',
  source: 'nominal',
};

describe('frequency/voltage profile model', () => {
  it('returns the nameplate at stock frequency', () => {
    const p = modelProfile(s21, 1);
    expect(p.name).toBe('stock');
    expect(p.hashrate_ths).toBe(200);
    expect(p.power_w).toBeCloseTo(3500, 9);
  });

  it('matches the hand-derived 70% underclock: e/e0 = 0.1/0.7 + 0.9·0.85² = 0.79311', () => {
    const p = modelProfile(s21, 0.7);
    expect(p.name).toBe('underclock-70');
    expect(p.hashrate_ths).toBeCloseTo(140, 9);
    expect(p.efficiency_jth / 17.5).toBeCloseTo(0.1 / 0.7 + 0.9 * 0.85 ** 2, 9);
    expect(p.power_w).toBeCloseTo(3500 * (0.1 + 0.9 * 0.7 * 0.85 ** 2), 9); // 1,945.6 W
  });

  it('improves J/TH when underclocking and worsens it when overclocking, across the valid range', () => {
    const ps = profilesOf(s21);
    expect(ps.map((p) => p.name)).toEqual(['underclock-60', 'underclock-70', 'underclock-80', 'underclock-90', 'stock', 'overclock-110', 'overclock-120']);
    for (let i = 1; i < ps.length; i++) expect(ps[i]!.efficiency_jth).toBeGreaterThan(ps[i - 1]!.efficiency_jth);
    expect(() => modelProfile(s21, 1.3)).toThrow(RangeError);
    expect(() => modelProfile(s21, 0.5)).toThrow(RangeError);
  });

  it('lets measured profiles override the model', () => {
    const measured = {
      ...s21,
      measured_profiles: [{ name: 'eco', relative_frequency: null, hashrate_ths: 150, power_w: 2300, efficiency_jth: 2300 / 150, origin: 'measured' as const }],
    };
    expect(profilesOf(measured).map((p) => p.name)).toEqual(['eco']);
  });
});

describe('efficiency curve and its upper concave hull', () => {
  it('keeps the modelled curve whole (it is already concave) and adds off when asked', () => {
    const curve = efficiencyCurve(profilesOf(s21));
    expect(upperConcaveHull(curve)).toHaveLength(7);
    const withOff = upperConcaveHull(curve, { includeOff: true });
    expect(withOff[0]).toMatchObject({ power_w: 0, hashrate_ths: 0 });
  });

  it('drops a point under the chord and points past the hashrate peak', () => {
    const pts: CurvePoint[] = [
      { power_w: 1000, hashrate_ths: 100 },
      { power_w: 2000, hashrate_ths: 140 }, // under the chord 1000→3000 (150)
      { power_w: 3000, hashrate_ths: 200 },
      { power_w: 3500, hashrate_ths: 190 }, // more power, less hashrate
    ];
    expect(upperConcaveHull(pts).map((p) => p.power_w)).toEqual([1000, 3000]);
    expect(hullHashrateAt(upperConcaveHull(pts), 2000)).toBeCloseTo(150, 9);
  });

  it('keeps the falling tail past the peak when asked (for negative power prices)', () => {
    const pts: CurvePoint[] = [
      { power_w: 1000, hashrate_ths: 100 },
      { power_w: 3000, hashrate_ths: 200 },
      { power_w: 3500, hashrate_ths: 190 },
    ];
    expect(upperConcaveHull(pts, { includeOff: true, keepPastTop: true }).map((p) => p.power_w)).toEqual([0, 1000, 3000, 3500]);
  });

  const point = fc.record({ power_w: fc.integer({ min: 1, max: 10_000 }), hashrate_ths: fc.integer({ min: 1, max: 1_000 }) });
  it('property: the hull is concave, increasing, and dominates every point up to its top', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 30 }), (pts) => {
        const hull = upperConcaveHull(pts);
        for (let i = 1; i < hull.length; i++) {
          expect(hull[i]!.power_w).toBeGreaterThan(hull[i - 1]!.power_w);
          expect(hull[i]!.hashrate_ths).toBeGreaterThan(hull[i - 1]!.hashrate_ths);
        }
        const slopes = hull.slice(1).map((p, i) => (p.hashrate_ths - hull[i]!.hashrate_ths) / (p.power_w - hull[i]!.power_w));
        for (let i = 1; i < slopes.length; i++) expect(slopes[i]!).toBeLessThanOrEqual(slopes[i - 1]! + 1e-12);
        const first = hull[0]!;
        const top = hull[hull.length - 1]!;
        for (const p of pts) {
          if (p.power_w >= first.power_w)
            expect(hullHashrateAt(hull, Math.min(p.power_w, top.power_w)) + 1e-9).toBeGreaterThanOrEqual(Math.min(p.hashrate_ths, top.hashrate_ths));
        }
      }),
    );
  });
});
