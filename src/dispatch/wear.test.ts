import { testLpSolver } from '../../test/helpers/highs-memo.js';
import { describe, expect, it } from 'vitest';
import { groupMix, planDispatch, switchPrices, type DispatchPlan } from './plan.js';
import type { DispatchProblem } from './problem.js';

/**
 * Hand-worked: r = 48 $/PH/day / 1000 / 24 = 0.002 USD per TH/s·h (no pool fee). Overclocking one
 * machine from stock (100 TH/s, 3,000 W) to 120 TH/s at 4,000 W adds 20 TH/s for 1,000 W:
 * +0.04 USD/h of revenue, 20 TH/s × 0.0005 = 0.01 USD/h of wear, 1 kW of energy. It pays while
 * 0.04 − 0.01 > price · 0.001 MWh, i.e. below (0.04 − 0.01) / 0.001 = $30/MWh ($40 without wear):
 * on at $20 (hour 0), off at $35 (hour 1).
 */
function problem(machines: number, cap_mw: number, wear?: number): DispatchProblem {
  return {
    start_unix_s: 0,
    hours: 2,
    hashprice_usd_per_ph_day: Float64Array.of(48, 48),
    pool_fee: 0,
    sites: [{ id: 's', cap_mw, pue: 1, price_usd_per_mwh: Float64Array.of(20, 35) }],
    groups: [
      {
        id: 'g',
        site: 0,
        machines,
        stock: 0,
        profiles: [
          { name: 'stock', hashrate_ths: 100, power_w: 3000 },
          { name: 'overclock', hashrate_ths: 120, power_w: 4000 },
        ],
      },
    ],
    ...(wear === undefined ? {} : { overclock_wear_usd_per_th_hour: wear }),
  };
}

/** Machines on the overclock profile in each hour. */
function overclocked(plan: DispatchPlan): number[] {
  const counts = new Int32Array(plan.prep.hulls.vertexProfile.length);
  return [0, 1].map((t) => {
    plan.assignment.counts(t, counts);
    return groupMix(plan, counts, 0).find((m) => m.profile === 1)?.machines ?? 0;
  });
}

describe('overclock wear (USD per TH/s·h over stock)', () => {
  it('turns overclock off in the hour its extra revenue is below wear + energy, with the hand-worked figures', () => {
    const free = planDispatch(problem(1, 1));
    expect(overclocked(free)).toEqual([1, 1]);
    const worn = planDispatch(problem(1, 1, 0.0005));
    expect(overclocked(worn)).toEqual([1, 0]);
    // Hour 0: 0.24 − 0.08 − 0.01 = 0.15; hour 1 at stock: 0.2 − 0.105 = 0.095.
    expect(worn.totals.wear_cost_usd).toBeCloseTo(0.01, 12);
    expect(worn.totals.value_usd).toBeCloseTo(0.245, 12);
    expect(worn.baseline.wear_cost_usd).toBe(0);
    expect(switchPrices(worn, 1, 0)!.map((x) => +x.below_usd_per_mwh.toFixed(9))).toEqual([66.666666667, 30]);
    expect(switchPrices(free, 1, 0)![1]!.below_usd_per_mwh).toBeCloseTo(40, 9);
  });

  it('gives the same plan on every solver path: hourly greedy, DP, Lagrangian and exact LP, caps free and binding', async () => {
    const lpSolver = await testLpSolver();
    // Two machines under a 7 kW cap: in hour 0 only one fits overclocked; in hour 1 wear keeps both at stock.
    const capped = problem(2, 0.007, 0.0005);
    const tiny = { cost_usd_per_change: 1e-9 };
    const plans = {
      greedy: planDispatch(capped),
      lagrangian: planDispatch({ ...capped, switching: tiny }),
      exact: planDispatch({ ...capped, switching: tiny }, { lpSolver }),
      dp: planDispatch({ ...problem(2, 1, 0.0005), switching: tiny }),
    };
    expect(plans.exact.method).toMatch(/^exact LP/);
    expect(plans.lagrangian.method).toMatch(/^Lagrangian/);
    expect(plans.dp.method).toMatch(/^per-group dynamic programming/);
    for (const name of ['greedy', 'lagrangian', 'exact'] as const) {
      expect(overclocked(plans[name]), name).toEqual([1, 0]);
      // Hour 0: 1 oc + 1 stock = 0.44 − 0.14 − 0.01; hour 1: 2 stock = 0.4 − 0.21.
      expect(plans[name].totals.value_usd + plans[name].totals.switching_cost_usd, name).toBeCloseTo(0.29 + 0.19, 6);
      expect(plans[name].lp_bound_usd, name).toBeCloseTo(0.48, 6);
    }
    expect(overclocked(plans.dp)).toEqual([2, 0]);
    expect(overclocked(planDispatch({ ...problem(2, 0.007), switching: tiny }, { lpSolver }))).toEqual([1, 1]);
  });

  it('rejects a negative wear rate naming the field', () => {
    expect(() => planDispatch(problem(1, 1, -1))).toThrow(/overclock_wear_usd_per_th_hour/);
  });
});
