/**
 * The installed base's rules at their edges, each on a few hand-worked days: the trailing hashprice
 * window, days without a hashprice or a hashrate, a restart after every installed model retired,
 * the vintage window and its frontier fallback, and ties in efficiency. With PUE 1 and no pool fee
 * a model of e J/TH breaks even at b = h̄ / (0.024 · e) USD/MWh, so at the $50 threshold it is
 * under water when h̄ < 1.2 · e (USD/PH/day): 120 for 100 J/TH, 60 for 50, 30 for 25.
 */
import { describe, expect, it } from 'vitest';
import { A, B, C, D, HAND_PARAMS, testModel } from '../../test/helpers/installed-base-catalog.js';
import { installedBase, vintageWeights, type InstalledBaseParams, type NetworkDayInput } from './installed-base.js';

const model = testModel;
const P: InstalledBaseParams = { ...HAND_PARAMS, growth_window_days: 1, retire_after_days: 1 };
const day = (date: string, network_hashrate_ehs: number | null, hashprice_usd_per_ph_day: number | null): NetworkDayInput => ({
  date,
  network_hashrate_ehs,
  hashprice_usd_per_ph_day,
});
// Day 1 puts 10 EH/s on A and B by weight: A 0.5/0.8 · 10 = 6.25, B 3.75; best 81.25 J/TH.
const KEPT = { efficiency_best_jth: 81.25, efficiency_upper_jth: 100, upper_model: 'a' };
const A_RETIRED = { efficiency_best_jth: 50, efficiency_upper_jth: 50, upper_model: 'b' };

describe('installed base: the trailing hashprice window', () => {
  it('averages exactly the last `hashprice_window_days` priced days, the day included', () => {
    // Window 2. Day 3: mean(100, 100) = 100 < 120, so A (retiring after 1 day) goes. Keeping day 1
    // as well would give mean(300, 100, 100) = 166.7, and a sum instead of a mean 200: A would stay.
    const days = [day('2020-01-10', 10, 300), day('2020-01-11', 10, 100), day('2020-01-12', 10, 100)];
    const [d1, d2, d3] = installedBase(days, [A, B], { ...P, hashprice_window_days: 2 }).days;
    expect(d1).toMatchObject(KEPT);
    expect(d2).toMatchObject(KEPT); // mean(300, 100) = 200 ≥ 120
    expect(d3).toMatchObject(A_RETIRED);
  });

  it('leaves a day without a hashprice out of the window’s mean', () => {
    // Window 2. Day 3 averages day 3 alone (day 2 has no price, day 1 has left): 130 ≥ 120, A stays.
    // Counting day 2 as a zero would give 65 and retire A.
    const days = [day('2020-01-10', 10, 200), day('2020-01-11', 10, null), day('2020-01-12', 10, 130)];
    const [, d2, d3] = installedBase(days, [A, B], { ...P, hashprice_window_days: 2 }).days;
    expect(d2).toMatchObject(KEPT);
    expect(d3).toMatchObject(KEPT);
  });

  it('keeps a streak through a day without a hashprice (neither adds to it nor resets it)', () => {
    // Retirement after 2 days under water: day 2 (100 < 120) is 1, day 3 has no price, day 4 is 2.
    const days = [day('2020-01-10', 10, 200), day('2020-01-11', 10, 100), day('2020-01-12', 10, null), day('2020-01-13', 10, 100)];
    const [, d2, d3, d4] = installedBase(days, [A, B], { ...P, retire_after_days: 2 }).days;
    expect(d2).toMatchObject(KEPT);
    expect(d3).toMatchObject(KEPT);
    expect(d4).toMatchObject(A_RETIRED);
  });
});

describe('installed base: hashrate added', () => {
  it('puts the whole hashrate back when every installed model has retired', () => {
    // Day 1 (January): 10 EH/s on A alone. February brings C (25 J/TH) but no growth, so C holds
    // nothing; at $100/PH/day A is under water (100 < 120) and retires on day 3 (2 days): nothing is
    // installed any more, and the day's 10 EH/s goes to the eligible models — C alone.
    const days = [day('2020-01-31', 10, 200), day('2020-02-01', 10, 100), day('2020-02-02', 10, 100)];
    const base = installedBase(days, [A, C], { ...P, retire_after_days: 2 });
    const [d1, d2, d3] = base.days;
    expect(d1).toMatchObject({ efficiency_best_jth: 100, efficiency_lower_jth: 100 });
    expect(d2).toMatchObject({ efficiency_best_jth: 100, efficiency_lower_jth: 25, efficiency_upper_jth: 100 });
    expect(d3).toMatchObject({ efficiency_best_jth: 25, efficiency_lower_jth: 25, efficiency_upper_jth: 25, upper_model: 'c' });
    const share = (id: string): number => d3?.shares?.[base.models.findIndex((m) => m.id === id)] ?? NaN;
    expect([share('a'), share('c')]).toEqual([0, 1]);
  });

  it('measures growth only against a day that had a hashrate', () => {
    // Day 2 has no difficulty (no hashrate): day 3's growth over day 2 is unknown, so nothing is
    // added, and the February model B2 gets no share. Taking day 2 as zero would add 12 EH/s.
    const B2 = model('b2', 'MicroBT', 50, '2020-02');
    const days = [day('2020-01-31', 10, 1000), day('2020-02-01', null, 1000), day('2020-02-02', 12, 1000)];
    const [, , d3] = installedBase(days, [A, B2], P).days;
    expect(d3).toMatchObject({ efficiency_best_jth: 100, efficiency_lower_jth: 50 });
  });

  it('gives new hashrate to models of the vintage window only, and to the frontier when none is in it', () => {
    // Window 1 month. Day 1 (January): 10 EH/s on A 6.25 and B 3.75. Day 2 (February): +2 EH/s
    // on February's C and D only: C 2 · 0.5/0.7, D 2 · 0.2/0.7. Day 3 (29 Feb): no growth. Day 4
    // (March, no March model): +2 EH/s onto the frontier C alone.
    const days = [day('2020-01-31', 10, 1000), day('2020-02-01', 12, 1000), day('2020-02-29', 12, 1000), day('2020-03-01', 14, 1000)];
    const base = installedBase(days, [A, B, C, D], { ...P, vintage_window_months: 1 });
    const installed = { a: 6.25, b: 3.75, c: 2 * (0.5 / 0.7), d: 2 * (0.2 / 0.7) };
    const best = (I: Record<string, number>): number => (I.a! * 100 + I.b! * 50 + I.c! * 25 + I.d! * 40) / (I.a! + I.b! + I.c! + I.d!);
    expect(base.days[1]?.efficiency_best_jth).toBeCloseTo(best(installed), 12);
    expect(base.days[2]?.efficiency_best_jth).toBeCloseTo(best(installed), 12);
    const march = { ...installed, c: installed.c + 2 };
    expect(base.days[3]?.efficiency_best_jth).toBeCloseTo(best(march), 12);
    const share = (id: string): number => base.days[3]?.shares?.[base.models.findIndex((m) => m.id === id)] ?? NaN;
    for (const id of ['a', 'b', 'c', 'd'] as const) expect(share(id), id).toBeCloseTo(march[id] / 14, 12);
  });
});

describe('installed base: ties in efficiency', () => {
  it('names the first model in catalog order (release, efficiency, id) for both bounds', () => {
    const X = model('x', 'Bitmain', 50, '2020-01');
    const Y = model('y', 'MicroBT', 50, '2020-01');
    const [d] = installedBase([day('2020-01-31', 10, 1000)], [Y, X], P).days;
    expect(d).toMatchObject({ lower_model: 'x', upper_model: 'x', efficiency_lower_jth: 50, efficiency_upper_jth: 50 });
  });
});

describe('vintage weights when every manufacturer present is weighted 0', () => {
  it('splits evenly over the manufacturers present, then over each one’s models', () => {
    const w = vintageWeights([A, C, D], [0, 1, 2], { manufacturer_weights: { Bitmain: 0 }, other_manufacturers_weight: 0 });
    expect([w.get(0), w.get(1), w.get(2)]).toEqual([0.25, 0.25, 0.5]);
  });
});
