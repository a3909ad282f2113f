import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AsicModel } from './model.js';
import { efficiencyCurve, hullHashrateAt, upperConcaveHull, type CurvePoint } from './curve.js';
import { parseCatalogCsv } from './catalog.js';
import { findProfile, MAX_RELATIVE_FREQUENCY, MIN_RELATIVE_FREQUENCY, modelProfile, profilesOf } from './profiles.js';

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
    expect(p.origin).toBe('model');
  });

  it('matches the hand-derived 70% underclock: e/e0 = 0.1/0.7 + 0.9·0.85² = 0.79311', () => {
    const p = modelProfile(s21, 0.7);
    expect(p.name).toBe('underclock-70');
    expect(p.hashrate_ths).toBeCloseTo(140, 9);
    expect(p.efficiency_jth / 17.5).toBeCloseTo(0.1 / 0.7 + 0.9 * 0.85 ** 2, 9);
    expect(p.power_w).toBeCloseTo(3500 * (0.1 + 0.9 * 0.7 * 0.85 ** 2), 9); // 1,943.1 W
  });

  it('improves J/TH when underclocking and worsens it when overclocking, across the valid range', () => {
    const ps = profilesOf(s21);
    expect(ps.map((p) => p.name)).toEqual(['underclock-60', 'underclock-70', 'underclock-80', 'underclock-90', 'stock', 'overclock-110', 'overclock-120']);
    for (let i = 1; i < ps.length; i++) expect(ps[i]!.efficiency_jth).toBeGreaterThan(ps[i - 1]!.efficiency_jth);
    expect(() => modelProfile(s21, 1.3)).toThrow(RangeError);
    expect(() => modelProfile(s21, 0.5)).toThrow(RangeError);
  });

  it('accepts a frequency within 1e-9 of either end of 0.6–1.2 (float steps), and nothing further out', () => {
    expect(modelProfile(s21, MIN_RELATIVE_FREQUENCY - 1e-9).hashrate_ths).toBeCloseTo(120, 6);
    expect(modelProfile(s21, MAX_RELATIVE_FREQUENCY + 1e-9).hashrate_ths).toBeCloseTo(240, 6);
    expect(() => modelProfile(s21, MIN_RELATIVE_FREQUENCY - 2e-9)).toThrow(RangeError);
    expect(() => modelProfile(s21, MAX_RELATIVE_FREQUENCY + 2e-9)).toThrow(RangeError);
  });

  it('lets measured profiles override the model', () => {
    const measured = {
      ...s21,
      measured_profiles: [{ name: 'eco', relative_frequency: null, hashrate_ths: 150, power_w: 2300, efficiency_jth: 2300 / 150, origin: 'measured' as const }],
    };
    expect(profilesOf(measured).map((p) => p.name)).toEqual(['eco']);
  });

  it('orders measured profiles by power and finds one by name', () => {
    const profile = (name: string, hashrate_ths: number, power_w: number) => ({
      name,
      relative_frequency: null,
      hashrate_ths,
      power_w,
      efficiency_jth: power_w / hashrate_ths,
      origin: 'measured' as const,
    });
    const measured = { ...s21, measured_profiles: [profile('turbo', 230, 4200), profile('eco', 150, 2300), profile('normal', 200, 3500)] };
    expect(profilesOf(measured).map((p) => [p.name, p.power_w])).toEqual([
      ['eco', 2300],
      ['normal', 3500],
      ['turbo', 4200],
    ]);
    expect(findProfile(measured, 'normal')?.hashrate_ths).toBe(200);
    expect(findProfile(measured, 'stock')).toBeUndefined();
    expect(findProfile(s21, 'underclock-70')?.power_w).toBeCloseTo(1943.1125, 9);
  });
});

describe('efficiency curve and its upper concave hull', () => {
  it('keeps the modelled curve whole (it is already concave) and adds off when asked', () => {
    const curve = efficiencyCurve(profilesOf(s21));
    expect(upperConcaveHull(curve)).toHaveLength(7);
    const withOff = upperConcaveHull(curve, { includeOff: true });
    expect(withOff[0]).toEqual({ power_w: 0, hashrate_ths: 0, name: 'off' });
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
    expect(upperConcaveHull(pts, { keepPastTop: true })).toEqual(pts);
  });

  it('sorts a curve by power, then hashrate, whatever order the profiles come in', () => {
    const profile = (hashrate_ths: number, power_w: number) => ({
      name: `${power_w}/${hashrate_ths}`,
      relative_frequency: null,
      hashrate_ths,
      power_w,
      efficiency_jth: power_w / hashrate_ths,
      origin: 'measured' as const,
    });
    const curve = efficiencyCurve([profile(190, 3500), profile(200, 3000), profile(100, 1000), profile(90, 1000)]);
    expect(curve).toEqual([
      { power_w: 1000, hashrate_ths: 90, name: '1000/90' },
      { power_w: 1000, hashrate_ths: 100, name: '1000/100' },
      { power_w: 3000, hashrate_ths: 200, name: '3000/200' },
      { power_w: 3500, hashrate_ths: 190, name: '3500/190' },
    ]);
  });

  it('keeps one point per power (the higher hashrate) and drops a point on the chord of its neighbours', () => {
    // (2000, 150) lies on the line from (1000, 100) to (3000, 200); (1000, 90) and (3000, 180) share a power with better points.
    const pts: CurvePoint[] = [
      { power_w: 1000, hashrate_ths: 90 },
      { power_w: 1000, hashrate_ths: 100 },
      { power_w: 2000, hashrate_ths: 150 },
      { power_w: 3000, hashrate_ths: 200 },
      { power_w: 3000, hashrate_ths: 180 },
    ];
    for (const order of [pts, [...pts].reverse()])
      expect(upperConcaveHull(order, { keepPastTop: true })).toEqual([
        { power_w: 1000, hashrate_ths: 100 },
        { power_w: 3000, hashrate_ths: 200 },
      ]);
  });

  it('cuts the hull at the first point of its highest hashrate: more power for the same hashrate is never chosen', () => {
    const pts: CurvePoint[] = [
      { power_w: 500, hashrate_ths: 80 },
      { power_w: 1000, hashrate_ths: 100 },
      { power_w: 2000, hashrate_ths: 100 },
    ];
    expect(upperConcaveHull(pts).map((p) => p.power_w)).toEqual([500, 1000]);
  });

  it('reads hashrate off the hull: proportional below the first point, mixed between points, capped at the top', () => {
    const hull: CurvePoint[] = [
      { power_w: 1000, hashrate_ths: 100 },
      { power_w: 3000, hashrate_ths: 200 },
      { power_w: 4000, hashrate_ths: 220 },
    ];
    // 500 W is half the first point; 3,500 W is halfway from 200 to 220 TH/s; past 4,000 W the top.
    expect([-100, 0, 500, 1000, 2000, 3500, 4000, 5000].map((w) => hullHashrateAt(hull, w))).toEqual([0, 0, 50, 100, 150, 210, 220, 220]);
    expect(hullHashrateAt([], 1000)).toBe(0);
    expect(hullHashrateAt(upperConcaveHull(hull, { includeOff: true }), 0)).toBe(0);
  });

  it('gives each hull point of every catalog model exactly its own hashrate', () => {
    const catalog = parseCatalogCsv(readFileSync(new URL('../../data/asic_models.csv', import.meta.url), 'utf8'));
    const misses = catalog.flatMap((m) => {
      const hull = upperConcaveHull(efficiencyCurve(profilesOf(m)), { includeOff: true });
      return hull.filter((p) => hullHashrateAt(hull, p.power_w) !== p.hashrate_ths).map((p) => `${m.id} ${p.name ?? ''}`);
    });
    expect(misses).toEqual([]);
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
