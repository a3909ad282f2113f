import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomProblem } from '../../test/helpers/dispatch-instances.js';
import { solveWithHighs } from '../../test/helpers/dispatch-lp.js';
import { worstCapExcess } from '../../test/helpers/dispatch-checks.js';
import { AppError } from '../errors.js';
import { groupMix, planDispatch, switchPrices } from './plan.js';
import type { DispatchProblem } from './problem.js';
import { iterations } from '../../test/helpers/mutation-scale.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

/** Max grid power per site-hour over its effective cap (≤ 0 when every cap holds). */
const worstCapExcessOf = (p: DispatchProblem): number => worstCapExcess(planDispatch(p));

describe('planDispatch against HiGHS', () => {
  // HiGHS stops at its 1e-7 feasibility tolerances, yet meets these optima to 1e-12 (worst 8.7e-13
  // measured): 1e-9 relative leaves room for its rounding and is far below any term of the objective
  // (a $1/MWh adder alone moves it by ~1e-2).
  it('LP bound equals the HiGHS LP optimum within 1e-9 relative on 40 random instances (non-concave curves, negative prices, DR events, several sites)', async () => {
    for (let seed = 1; seed <= iterations(40, 10); seed++) {
      const p = randomProblem(seed, { hours: 12 + (seed % 13), groups: 3 + (seed % 9), profiles: 2 + (seed % 6), sites: 1 + (seed % 3), events: seed % 4 });
      const plan = planDispatch(p);
      const lp = await solveWithHighs(p);
      expect(lp.status).toBe('optimal');
      expect(rel(plan.lp_bound_usd, lp.objective_usd)).toBeLessThan(1e-9);
      expect(plan.totals.value_usd).toBeLessThanOrEqual(plan.lp_bound_usd + 1e-9 * Math.abs(plan.lp_bound_usd));
    }
  });

  it('whole machines: the plan stays within one machine per capped hour of the LP and within 0.30% of the exact MIP on average', async () => {
    // The gap reported by the planner (LP − plan) says nothing about rounding quality on its own:
    // here the plan is compared with HiGHS's integer optimum. Seeded and deterministic: the mean loss
    // measured 0.257% over these 6 instances (0 on 3 of them); without the fill-in step it is 0.470%.
    let loss = 0;
    for (let seed = 100; seed < 106; seed++) {
      const r = randomProblem(seed, { hours: 4, groups: 4, profiles: 4, capShare: 0.5 });
      const groups = r.groups.map((g, i) => ({ ...g, machines: 1 + ((i + seed) % 6) })); // small counts keep the MIP quick
      const site = r.sites[0]!;
      const stock_mw = groups.reduce((a, g) => a + (g.machines * g.profiles[g.stock]!.power_w * site.pue) / 1e6, 0);
      const p = { ...r, groups, sites: [{ ...site, cap_mw: stock_mw * 0.55 }] }; // binds in most hours
      const plan = planDispatch(p);
      const mip = await solveWithHighs(p, { integer: true, timeLimit_s: 20 });
      expect(mip.status).toBe('optimal');
      const tol = 1e-9 * Math.abs(mip.objective_usd); // HiGHS runs with mip_rel_gap 1e-9
      expect(plan.totals.value_usd).toBeLessThanOrEqual(mip.objective_usd + tol);
      expect(mip.objective_usd).toBeLessThanOrEqual(plan.lp_bound_usd + tol);
      // Flooring the one split group loses less than one machine per site-hour; the fill-ins only add.
      let oneMachine = 0;
      for (let t = 0; t < p.hours; t++) {
        const rate = (p.hashprice_usd_per_ph_day[t]! / 24_000) * (1 - p.pool_fee);
        const c = site.price_usd_per_mwh[t]! + (site.adder_usd_per_mwh ?? 0);
        oneMachine += Math.max(0, ...groups.flatMap((g) => g.profiles.map((x) => rate * x.hashrate_ths - (c * x.power_w * site.pue) / 1e6)));
      }
      expect(plan.lp_bound_usd - plan.totals.value_usd).toBeLessThanOrEqual(oneMachine);
      expect(plan.integrality_gap_usd).toBeCloseTo(plan.lp_bound_usd - plan.totals.value_usd, 12);
      loss += (mip.objective_usd - plan.totals.value_usd) / mip.objective_usd / 6;
    }
    expect(loss).toBeLessThan(0.003);
  });
});

describe('planDispatch properties', () => {
  const shape = fc.record({
    seed: fc.integer({ min: 1, max: 1e6 }),
    hours: fc.integer({ min: 1, max: 24 }),
    groups: fc.integer({ min: 1, max: 8 }),
    profiles: fc.integer({ min: 1, max: 6 }),
    sites: fc.integer({ min: 1, max: 3 }),
    events: fc.integer({ min: 0, max: 4 }),
  });

  it('a profile under the hull changes nothing (non-concave curves)', () => {
    fc.assert(
      fc.property(shape, fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.5, max: 0.99, noNaN: true }), (s, a, below) => {
        const p = randomProblem(s.seed, s);
        const before = planDispatch(p);
        // A point strictly under the chord between off and the group's first profile.
        const groups = p.groups.map((g) => {
          const first = g.profiles.reduce((m, x) => (x.power_w < m.power_w ? x : m));
          return { ...g, profiles: [...g.profiles, { name: 'under', power_w: a * first.power_w, hashrate_ths: a * first.hashrate_ths * below }] };
        });
        const after = planDispatch({ ...p, groups });
        return Math.abs(after.lp_bound_usd - before.lp_bound_usd) <= 1e-9 * Math.max(1, Math.abs(before.lp_bound_usd));
      }),
      { numRuns: iterations(100, 25) },
    );
  });

  it('never exceeds a site cap or a DR event cap', () => {
    fc.assert(
      fc.property(shape, (s) => worstCapExcessOf(randomProblem(s.seed, s)) <= 1e-9),
      { numRuns: iterations(150, 30) },
    );
  });

  it('raising a cap never lowers the LP value', () => {
    fc.assert(
      fc.property(shape, fc.double({ min: 1, max: 3, noNaN: true }), (s, k) => {
        const p = randomProblem(s.seed, { ...s, events: 0 });
        const before = planDispatch(p).lp_bound_usd;
        const raised = { ...p, sites: p.sites.map((x, i) => (i === 0 ? { ...x, cap_mw: x.cap_mw * k } : x)) };
        return planDispatch(raised).lp_bound_usd >= before - 1e-9 * Math.abs(before);
      }),
      { numRuns: iterations(150, 30) },
    );
  });

  it('raising the power price never raises consumption', () => {
    fc.assert(
      fc.property(shape, fc.double({ min: 0, max: 200, noNaN: true }), (s, add) => {
        const p = randomProblem(s.seed, { ...s, events: 0 });
        const before = planDispatch(p).hourly.power_mw;
        const dearer = { ...p, sites: p.sites.map((x) => ({ ...x, price_usd_per_mwh: x.price_usd_per_mwh.map((v) => v + add) })) };
        const after = planDispatch(dearer).hourly.power_mw;
        return after.every((v, t) => v <= before[t]! + 1e-9 * Math.max(1, before[t]!));
      }),
      { numRuns: iterations(150, 30) },
    );
  });
});

describe('planDispatch on known cases', () => {
  const hour = (price: number, hashprice = 40): DispatchProblem => ({
    start_unix_s: 0,
    hours: 1,
    hashprice_usd_per_ph_day: Float64Array.of(hashprice),
    pool_fee: 0,
    sites: [{ id: 'a', cap_mw: 10, pue: 1, price_usd_per_mwh: Float64Array.of(price) }],
    // S21-class: 200 TH/s at 3,500 W stock (17.5 J/TH); 140 TH/s at 1,950 W underclocked; a
    // non-concave 'eco' point (100 TH/s at 1,800 W) lies under the off→underclock chord.
    groups: [
      {
        id: 's21',
        site: 0,
        machines: 1000,
        stock: 1,
        profiles: [
          { name: 'uc70', hashrate_ths: 140, power_w: 1950 },
          { name: 'stock', hashrate_ths: 200, power_w: 3500 },
          { name: 'eco', hashrate_ths: 100, power_w: 1800 },
        ],
      },
    ],
  });

  it('runs stock at a cheap price and switches down, then off, at the hull breakevens', () => {
    // r = 40/1000/24 USD per TH/s·h. Stock vs uc70: σ = 60/1550 TH/s per W → breakeven = r·σ·1e6 ≈ 64.52 USD/MWh.
    // uc70 vs off: σ = 140/1950 → ≈ 119.66 USD/MWh (docs/domain.md: 13.5 J/TH at $35/PH/day ≈ $108/MWh — same formula).
    const sp = switchPrices(planDispatch(hour(30)), 0, 0)!;
    expect(sp.map((x) => x.profile)).toEqual(['uc70', 'stock']);
    expect(sp[0]!.below_usd_per_mwh).toBeCloseTo(((40 / 24000) * 140 * 1e6) / 1950, 6);
    expect(sp[1]!.below_usd_per_mwh).toBeCloseTo(((40 / 24000) * 60 * 1e6) / 1550, 6);
    expect(planDispatch(hour(60)).hourly.hashrate_ths[0]).toBe(200_000);
    expect(planDispatch(hour(70)).hourly.hashrate_ths[0]).toBe(140_000);
    expect(planDispatch(hour(125)).hourly.hashrate_ths[0]).toBe(0);
    expect(planDispatch(hour(125)).hashrate_given_up_pct_of_stock).toBeCloseTo(100, 9);
  });

  it('splits one group at a binding cap, reports the shadow price and never picks the point under the hull', () => {
    const p = hour(30);
    const tight = { ...p, sites: [{ ...p.sites[0]!, cap_mw: 2.5 }] };
    const plan = planDispatch(tight);
    // 1000 × 1,950 W = 1.95 MW at uc70; 0.55 MW more buys 354 machines up to stock (1,550 W each).
    const counts = new Int32Array(plan.prep.hulls.vertexProfile.length);
    plan.assignment.counts(0, counts);
    expect(groupMix(plan, counts, 0)).toEqual([
      { profile: 0, machines: 646 },
      { profile: 1, machines: 354 },
    ]);
    expect(plan.hourly.power_mw[0]).toBeLessThanOrEqual(2.5);
    expect(plan.assignment.shadow_usd_per_mwh[0]).toBeCloseTo(((40 / 24000) * 60 * 1e6) / 1550 - 30, 6);
    expect(plan.integrality_gap_usd).toBeGreaterThan(0);
    expect(plan.integrality_gap_usd).toBeLessThan(1); // less than one machine-step's value
    expect(plan.prep.hulls.vertexProfile.includes(2)).toBe(false); // 'eco' is under the hull
  });

  it('fills the cap left after flooring with whole machines of the next group (hand-worked)', () => {
    // r = 40 / 24,000 USD per TH/s·h; at $30/MWh an A machine (200 TH/s, 3,500 W) earns
    // 200·r − 0.105 = $0.228333/h and a B machine (100 TH/s, 2,000 W) 100·r − 0.06 = $0.106667/h.
    // A has more TH/s per W, so the LP fills the 30 kW cap with 30/35 of A's ten machines:
    // 30,000 W · (r·200/3,500 − 30e-6) = $1.957143 = 137/70. Whole machines: 8 A (28 kW), then the
    // 2 kW left hold one B: 8 · 0.228333 + 0.106667 = $1.933333 = 29/15, the integer optimum
    // (7 A + 2 B: $1.811667; 8 A alone: $1.826667).
    const p: DispatchProblem = {
      start_unix_s: 0,
      hours: 1,
      hashprice_usd_per_ph_day: Float64Array.of(40),
      pool_fee: 0,
      sites: [{ id: 'a', cap_mw: 0.03, pue: 1, price_usd_per_mwh: Float64Array.of(30) }],
      groups: [
        { id: 'A', site: 0, machines: 10, stock: 0, profiles: [{ name: 'stock', hashrate_ths: 200, power_w: 3500 }] },
        { id: 'B', site: 0, machines: 10, stock: 0, profiles: [{ name: 'stock', hashrate_ths: 100, power_w: 2000 }] },
      ],
    };
    const plan = planDispatch(p);
    const counts = new Int32Array(plan.prep.hulls.vertexProfile.length);
    plan.assignment.counts(0, counts);
    expect([groupMix(plan, counts, 0), groupMix(plan, counts, 1)]).toEqual([[{ profile: 0, machines: 8 }], [{ profile: 0, machines: 1 }]]);
    expect(plan.hourly.hashrate_ths[0]).toBe(1700);
    expect(plan.hourly.power_mw[0]).toBeCloseTo(0.03, 15);
    expect(plan.totals.value_usd).toBeCloseTo(29 / 15, 12);
    // The LP fills the cap × (1 + 1e-12) (hourly.ts CAP_TOL): 2e-12 USD above 137/70 here.
    expect(plan.lp_bound_usd).toBeCloseTo(137 / 70, 10);
    expect(plan.integrality_gap_usd).toBeCloseTo(137 / 70 - 29 / 15, 10);
  });

  it('pays demand response for curtailing below the baseline', () => {
    const p = { ...hour(30), events: [{ site: 0, hour: 0, cap_mw: 1, payment_usd_per_mwh: 500 }] };
    const plan = planDispatch(p);
    // Baseline draws 3.5 MW at stock; at $530/MWh effective the fleet switches off: 3.5 MWh curtailed × $500.
    expect(plan.hourly.power_mw[0]).toBe(0);
    expect(plan.totals.dr_revenue_usd).toBeCloseTo(1750, 6);
  });

  it('rejects caps ≤ 0 and unknown sites with a ValidationError naming the field', () => {
    const p = hour(30);
    const bad = { ...p, sites: [{ ...p.sites[0]!, cap_mw: 0 }], groups: [{ ...p.groups[0]!, site: 3 }] };
    try {
      planDispatch(bad);
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).code).toBe('VALIDATION');
      expect((e as AppError).message).toContain('sites[0].cap_mw');
      expect((e as AppError).message).toContain('groups[0].site');
    }
  });
});
