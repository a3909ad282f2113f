import { describe, expect, it } from 'vitest';
import { randomProblem } from '../../test/helpers/dispatch-instances.js';
import { solveWithHighs } from '../../test/helpers/dispatch-lp.js';
import { revenueRate, siteHour, stockBaseline } from '../../test/helpers/dispatch-reference.js';
import { iterations } from '../../test/helpers/mutation-scale.js';
import { groupMix, planDispatch } from './plan.js';
import type { DispatchProblem } from './problem.js';

/**
 * Two groups at one 10.01 MW site (PUE 1.25, $2/MWh adder), hashprice $48/PH/day, pool fee 2%:
 * r = 48 / 24,000 · 0.98 = $0.00196 per TH/s·h. Grid power per machine (× PUE):
 *   A (2,000 machines): eco 150 TH/s at 2,500 W, stock 200 TH/s at 4,000 W  (0.06 and 0.0333 TH/s per W)
 *   B (3,000 machines): stock 100 TH/s at 3,125 W                           (0.032 TH/s per W)
 * Stock draw 8 + 9.375 MW > 10.01 MW: the baseline runs all of A (8 MW) and as many B as fit in
 * the 2.01 MW left: 643 (2.009375 MW), 464,300 TH/s in all.
 * Hour 0, $18/MWh (effective $20): every segment pays, so the plan is the baseline's fleet;
 *   value = 464,300 · 0.00196 − 10.009375 · 20 = 910.028 − 200.1875 = $709.8405 (LP: B's split
 *   segment taken as 2.01 MW → $709.8672).
 * Hour 1, $78/MWh with a DR event (cap 4 MW, $100/MWh): effective $180/MWh, nothing pays; the plan
 *   switches everything off and earns 100 · 10.009375 = $1,000.9375 of DR. The baseline runs 1,000
 *   A at stock (4 MW): 392 − 320 + 100 · (10.009375 − 4) = $672.9375.
 * Hour 2, $78/MWh: only A's eco segment pays (0.06 · 0.00196 = 1.176e-4 > 8e-5 USD per W·h): 2,000 A at
 *   eco, 5 MW, 2,000 · (0.294 − 0.2) = $188; the baseline 910.028 − 800.75 = $109.278.
 * Baseline $1,492.056, plan $1,898.778, savings $406.722; LP bound $1,898.8047.
 */
const worked: DispatchProblem = {
  start_unix_s: 1_719_792_000,
  hours: 3,
  hashprice_usd_per_ph_day: Float64Array.of(48, 48, 48),
  pool_fee: 0.02,
  price_usd_per_btc: Float64Array.of(60_000, 60_000, 60_000),
  sites: [{ id: 'site', cap_mw: 10.01, pue: 1.25, adder_usd_per_mwh: 2, price_usd_per_mwh: Float64Array.of(18, 78, 78) }],
  groups: [
    {
      id: 'A',
      site: 0,
      machines: 2000,
      stock: 1,
      profiles: [
        { name: 'eco', hashrate_ths: 150, power_w: 2000 },
        { name: 'stock', hashrate_ths: 200, power_w: 3200 },
      ],
    },
    { id: 'B', site: 0, machines: 3000, stock: 0, profiles: [{ name: 'stock', hashrate_ths: 100, power_w: 2500 }] },
  ],
  events: [{ site: 0, hour: 1, cap_mw: 4, payment_usd_per_mwh: 100 }],
};

describe('planDispatch on a hand-worked multi-group instance with a binding cap', () => {
  const plan = planDispatch(worked);

  it('baseline: stock up to the cap, least efficient off first, to the cent', () => {
    const b = plan.baseline;
    expect(b.revenue_usd).toBeCloseTo(910.028 + 392 + 910.028, 9);
    expect(b.energy_cost_usd).toBeCloseTo(200.1875 + 320 + 800.75, 9);
    expect(b.dr_revenue_usd).toBeCloseTo(600.9375, 9);
    expect(b.value_usd).toBeCloseTo(1492.056, 9);
    expect(b.energy_mwh).toBeCloseTo(10.009375 + 4 + 10.009375, 12);
    expect(b.hashrate_ths_hours).toBe(464_300 + 200_000 + 464_300);
    // BTC: revenue / $60,000.
    expect(b.btc).toBeCloseTo(2212.056 / 60_000, 15);
  });

  it('plan: the machines of each hour, its value and the savings, to the cent', () => {
    const counts = new Int32Array(plan.prep.hulls.vertexProfile.length);
    const mixes = [0, 1, 2].map((t) => {
      plan.assignment.counts(t, counts);
      return [groupMix(plan, counts, 0), groupMix(plan, counts, 1)];
    });
    expect(mixes).toEqual([
      [[{ profile: 1, machines: 2000 }], [{ profile: 0, machines: 643 }]],
      [[], []],
      [[{ profile: 0, machines: 2000 }], []],
    ]);
    expect(Array.from(plan.hourly.power_mw)).toEqual([expect.closeTo(10.009375, 12), 0, expect.closeTo(5, 12)]);
    const t = plan.totals;
    expect(t.revenue_usd).toBeCloseTo(910.028 + 588, 9);
    expect(t.energy_cost_usd).toBeCloseTo(200.1875 + 400, 9);
    expect(t.dr_revenue_usd).toBeCloseTo(1000.9375, 9);
    expect(t.value_usd).toBeCloseTo(1898.778, 9);
    expect(plan.savings_usd).toBeCloseTo(406.722, 9);
    expect(plan.lp_bound_usd).toBeCloseTo(1898.8047, 9);
    expect(plan.hashrate_given_up_pct_of_stock).toBeCloseTo(100 * (1 - 764_300 / 1_128_600), 10); // 32.28%
  });

  it('is the integer optimum: HiGHS’s MIP of the same hours finds $1,898.778 too', async () => {
    const mip = await solveWithHighs(worked, { integer: true });
    expect(mip.status).toBe('optimal');
    expect(mip.objective_usd).toBeCloseTo(1898.778, 6);
    const lp = await solveWithHighs(worked);
    expect(lp.objective_usd).toBeCloseTo(1898.8047, 6);
  });
});

describe('the planner’s baseline equals the reference formulas (test/helpers/dispatch-reference.ts)', () => {
  it('on seeded instances with several sites, binding caps and DR events', () => {
    for (let seed = 1; seed <= iterations(40, 10); seed++) {
      const p = randomProblem(seed, { hours: 6 + (seed % 7), groups: 2 + (seed % 7), profiles: 2 + (seed % 4), sites: 1 + (seed % 3), events: 1 + (seed % 4) });
      const plan = planDispatch(p);
      let value = 0;
      let mwh = 0;
      let ths = 0;
      p.sites.forEach((site, s) => {
        const normal = stockBaseline(p, s, site.cap_mw);
        for (let t = 0; t < p.hours; t++) {
          const { cap_mw, dr_usd_per_mwh } = siteHour(p, s, t);
          const b = stockBaseline(p, s, cap_mw);
          const price = site.price_usd_per_mwh[t]! + (site.adder_usd_per_mwh ?? 0);
          value += revenueRate(p.hashprice_usd_per_ph_day[t]!, p.pool_fee) * b.hashrate_ths - price * b.power_mw;
          value += dr_usd_per_mwh * (normal.power_mw - b.power_mw);
          mwh += b.power_mw;
          ths += b.hashrate_ths;
        }
      });
      // Sums of a few hundred terms of ~$1,000: 1e-9 relative is rounding, far below any left-out term.
      expect(plan.baseline.value_usd, `seed ${seed}`).toBeCloseTo(value, 6);
      expect(plan.baseline.energy_mwh, `seed ${seed}`).toBeCloseTo(mwh, 9);
      expect(plan.baseline.hashrate_ths_hours, `seed ${seed}`).toBeCloseTo(ths, 6);
      expect(plan.savings_usd).toBeCloseTo(plan.totals.value_usd - value, 6);
    }
  });
});
