import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RELEASE_UNSTATED, type AsicModel } from '../hardware/model.js';
import { A, B, C, D, HAND_PARAMS, testModel } from '../../test/helpers/installed-base-catalog.js';
import { addDays } from '../units/time.js';
import { installedBase, vintageWeights, type InstalledBaseParams, type NetworkDayInput } from './installed-base.js';
import { networkPower } from './network-power.js';

const model = testModel;
// At h = 120, b(100) = $50 exactly (not under $50).
const P = HAND_PARAMS;
const DAYS: NetworkDayInput[] = [
  { date: '2019-12-31', network_hashrate_ehs: 9, hashprice_usd_per_ph_day: 200 },
  { date: '2020-01-30', network_hashrate_ehs: 10, hashprice_usd_per_ph_day: 120 },
  { date: '2020-01-31', network_hashrate_ehs: 10, hashprice_usd_per_ph_day: 60 },
  { date: '2020-02-01', network_hashrate_ehs: 14, hashprice_usd_per_ph_day: 60 },
];

describe('installed base by vintage (hand-worked)', () => {
  const base = installedBase(DAYS, [D, C, B, A], P);
  const [before, d1, d2, d3] = base.days;

  it('knows nothing before the first model is released', () => {
    expect(before).toMatchObject({ efficiency_lower_jth: null, efficiency_best_jth: null, efficiency_upper_jth: null, shares: null });
  });

  it('leaves out a model whose release month no source states (it would otherwise be "available" since genesis)', () => {
    const undated = model('z', 'Bitmain', 10, RELEASE_UNSTATED);
    expect(installedBase(DAYS, [D, C, B, A, undated], P).days).toEqual(base.days);
  });

  it('day 1: the whole 10 EH/s goes to January’s models by manufacturer weight (A 0.5/0.8, B 0.3/0.8)', () => {
    // best = 0.625 · 100 + 0.375 · 50 = 81.25 J/TH
    expect(d1).toMatchObject({ efficiency_lower_jth: 50, efficiency_best_jth: 81.25, efficiency_upper_jth: 100, lower_model: 'b', upper_model: 'a' });
  });

  it('day 2: A is under water (b = $25 < $50) for one day — kept, in the mix and as the upper bound', () => {
    expect(d2).toMatchObject({ efficiency_best_jth: 81.25, efficiency_upper_jth: 100 });
  });

  it('day 3: A retires after 2 days under water; growth (14 − 10) / 2 = 2 EH/s goes to B, C and D', () => {
    // installed: B 3.75 + 0.3·2 = 4.35, C 0.5·2 = 1, D 0.2·2 = 0.4; Σ 5.75
    // best = (4.35·50 + 1·25 + 0.4·40) / 5.75 = 258.5 / 5.75
    expect(d3?.efficiency_lower_jth).toBe(25);
    expect(d3?.efficiency_best_jth).toBeCloseTo(258.5 / 5.75, 12);
    expect(d3?.efficiency_upper_jth).toBe(50);
    expect(d3?.upper_model).toBe('b');
    const share = (m: AsicModel): number => d3?.shares?.[base.models.indexOf(m)] ?? NaN;
    expect(share(A)).toBe(0);
    expect(share(B)).toBeCloseTo(4.35 / 5.75, 12);
    expect(share(C)).toBeCloseTo(1 / 5.75, 12);
    expect(share(D)).toBeCloseTo(0.4 / 5.75, 12);
  });

  it('day 3 power: 14 EH/s × 25 × 1.0, × 44.957 × 1.0, × 50 × 1.2 → 0.35, 0.6294, 0.84 GW', () => {
    const p = networkPower(base, P.pue)[3];
    expect(p?.power_lower_gw).toBeCloseTo(0.35, 12);
    expect(p?.power_best_gw).toBeCloseTo((14 * 258.5) / 5.75 / 1000, 12);
    expect(p?.power_upper_gw).toBeCloseTo(0.84, 12);
    expect(p?.energy_best_twh_per_year).toBeCloseTo(((14 * 258.5) / 5.75 / 1000) * 8.766, 12);
  });

  it('a retired model gets no new hashrate even while inside the vintage window', () => {
    const more = [...DAYS, { date: '2020-02-02', network_hashrate_ehs: 30, hashprice_usd_per_ph_day: 500 }];
    const d4 = installedBase(more, [A, B, C, D], P).days[4];
    expect(d4?.shares?.[base.models.indexOf(A)]).toBe(0);
    // …but at $500/PH/day A is profitable again, so it is back in the upper bound's set.
    expect(d4?.efficiency_upper_jth).toBe(100);
  });
});

describe('vintage weights', () => {
  it('split a manufacturer’s weight over its models and leave absent ones out', () => {
    const models = [A, B, C, D];
    const w = vintageWeights(models, [0, 2, 3], P);
    // Bitmain 0.5 over A and C, other 0.2 for D; MicroBT absent → renormalised over 0.7
    expect(w.get(0)).toBeCloseTo(0.25 / 0.7, 12);
    expect(w.get(2)).toBeCloseTo(0.25 / 0.7, 12);
    expect(w.get(3)).toBeCloseTo(0.2 / 0.7, 12);
  });
});

const MAKERS = ['Bitmain', 'MicroBT', 'Canaan', 'Ebang', 'Bitdeer'];
const catalogArb = fc.array(
  fc.record({
    manufacturer: fc.constantFrom(...MAKERS),
    efficiency_jth: fc.double({ min: 5, max: 300, noNaN: true }),
    year: fc.integer({ min: 2019, max: 2021 }),
    month: fc.integer({ min: 1, max: 12 }),
  }),
  { minLength: 1, maxLength: 8 },
);
const paramsArb: fc.Arbitrary<InstalledBaseParams> = fc.record({
  threshold_power_price_usd_per_mwh: fc.double({ min: 5, max: 200, noNaN: true }),
  hashprice_window_days: fc.integer({ min: 1, max: 30 }),
  pool_fee: fc.double({ min: 0, max: 0.05, noNaN: true }),
  pue: fc
    .tuple(fc.double({ min: 1, max: 1.5, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }), fc.double({ min: 0, max: 0.3, noNaN: true }))
    .map(([l, a, b]) => ({ lower: l, best: l + a, upper: l + a + b })),
  growth_window_days: fc.integer({ min: 1, max: 40 }),
  vintage_window_months: fc.integer({ min: 1, max: 24 }),
  retire_after_days: fc.integer({ min: 1, max: 120 }),
  manufacturer_weights: fc.record({ Bitmain: fc.double({ min: 0, max: 1, noNaN: true }), MicroBT: fc.double({ min: 0, max: 1, noNaN: true }) }),
  other_manufacturers_weight: fc.double({ min: 0, max: 1, noNaN: true }),
});
const seriesArb = fc.array(
  fc.record({
    hashrate: fc.option(fc.double({ min: 1, max: 1000, noNaN: true }), { freq: 8 }),
    hashprice: fc.option(fc.double({ min: 1, max: 500, noNaN: true }), { freq: 8 }),
  }),
  { minLength: 1, maxLength: 400 },
);

describe('installed base: properties', () => {
  it('lower ≤ best ≤ upper on every day, in J/TH and in GW; shares sum to 1', () => {
    fc.assert(
      fc.property(catalogArb, paramsArb, seriesArb, (rows, p, series) => {
        const catalog = rows.map((r, i) => model(`m${i}`, r.manufacturer, r.efficiency_jth, `${r.year}-${String(r.month).padStart(2, '0')}`));
        const days = series.map((s, i) => ({ date: addDays('2019-06-01', i), network_hashrate_ehs: s.hashrate, hashprice_usd_per_ph_day: s.hashprice }));
        const base = installedBase(days, catalog, p);
        const power = networkPower(base, p.pue);
        base.days.forEach((d, i) => {
          const released = catalog.some((m) => `${m.released}-01` <= d.date);
          expect(d.efficiency_lower_jth !== null).toBe(released);
          if (d.efficiency_best_jth === null) return;
          const { efficiency_lower_jth: lo, efficiency_best_jth: best, efficiency_upper_jth: hi } = d;
          expect(lo).not.toBeNull();
          expect(lo as number).toBeLessThanOrEqual(best);
          expect(best).toBeLessThanOrEqual(hi as number);
          expect([...(d.shares as Float64Array)].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
          const w = power[i];
          if (w?.power_best_gw == null) return;
          expect(w.power_lower_gw as number).toBeLessThanOrEqual(w.power_best_gw);
          expect(w.power_best_gw).toBeLessThanOrEqual(w.power_upper_gw as number);
        });
      }),
      { numRuns: 300 },
    );
  });
});
