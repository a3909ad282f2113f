import { testLpSolver } from '../../test/helpers/highs-memo.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomProblem } from '../../test/helpers/dispatch-instances.js';
import { solveSwitchingWithHighs } from '../../test/helpers/dispatch-lp.js';
import { worstCapExcess, worstDwellShortfall } from '../../test/helpers/dispatch-checks.js';
import { planDispatch } from './plan.js';
import type { DispatchProblem, SwitchingRules } from './problem.js';
import { iterations } from '../../test/helpers/mutation-scale.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
const withSwitching = (p: DispatchProblem, kappa: number): DispatchProblem => ({ ...p, switching: { cost_usd_per_change: kappa } });
const withRules = (p: DispatchProblem, rules: SwitchingRules): DispatchProblem => ({ ...p, switching: rules });

// Bounds and values equal HiGHS within 1e-9 relative: the solver meets these optima to ~1e-12 (its
// feasibility tolerances are 1e-7, the planner's own rounding 1e-12), far below any objective term. A
// bound counts as missed by the Lagrangian method only past 1e-6, well clear of that rounding.
describe('planDispatch with a switching cost', () => {
  it('is exact when the caps do not bind: equals the HiGHS LP optimum (with transition columns) within 1e-9', async () => {
    for (let seed = 1; seed <= iterations(12, 4); seed++) {
      const p = withSwitching(randomProblem(seed, { hours: 10 + (seed % 7), groups: 2 + (seed % 4), profiles: 2 + (seed % 4), capShare: 5 }), 0.5 + (seed % 5));
      const plan = planDispatch(p);
      const lp = await solveSwitchingWithHighs(p);
      expect(lp.status).toBe('optimal');
      expect(rel(plan.totals.value_usd, lp.objective_usd)).toBeLessThan(1e-9);
      expect(plan.integrality_gap_usd).toBeLessThan(1e-9 * Math.abs(lp.objective_usd) + 1e-9);
    }
  });

  it('with binding caps: LP bound equals the HiGHS LP optimum within 1e-9 on 30 seeded instances; the whole-machine plan keeps every cap', async () => {
    const lpSolver = await testLpSolver();
    let capped = 0;
    let lagrangianMisses = 0;
    for (let seed = 20; seed < 20 + iterations(30, 10); seed++) {
      const p = withSwitching(
        randomProblem(seed, {
          hours: 8 + (seed % 11),
          groups: 2 + (seed % 5),
          profiles: 2 + (seed % 5),
          capShare: 0.4 + (seed % 4) * 0.15,
          sites: 1 + (seed % 3),
          events: seed % 4,
        }),
        0.2 + (seed % 6) * 0.5,
      );
      const plan = planDispatch(p, { lpSolver });
      const lp = await solveSwitchingWithHighs(p);
      expect(lp.status).toBe('optimal');
      expect(rel(plan.lp_bound_usd, lp.objective_usd)).toBeLessThan(1e-9);
      expect(plan.totals.value_usd).toBeLessThanOrEqual(plan.lp_bound_usd + 1e-9 * Math.abs(plan.lp_bound_usd));
      expect(worstCapExcess(plan)).toBeLessThanOrEqual(1e-9);
      if (plan.method.startsWith('exact LP')) capped++;
      // The same check on the previous method (Lagrangian bound, no solver) must be able to fail.
      if (rel(planDispatch(p).lp_bound_usd, lp.objective_usd) > 1e-6) lagrangianMisses++;
    }
    // Of the 10 instances run under mutation testing, 10 are capped and the Lagrangian misses 7.
    expect(capped).toBeGreaterThanOrEqual(iterations(15, 5));
    expect(lagrangianMisses).toBeGreaterThanOrEqual(iterations(5, 3));
  });

  it('property: random instances with binding caps match the HiGHS LP (fast-check)', async () => {
    const lpSolver = await testLpSolver();
    const shape = fc.record({
      seed: fc.integer({ min: 1, max: 1e6 }),
      hours: fc.integer({ min: 2, max: 16 }),
      groups: fc.integer({ min: 1, max: 6 }),
      profiles: fc.integer({ min: 1, max: 5 }),
      sites: fc.integer({ min: 1, max: 2 }),
      events: fc.integer({ min: 0, max: 3 }),
      capShare: fc.double({ min: 0.2, max: 1.2, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(shape, fc.double({ min: 0.01, max: 5, noNaN: true }), async (s, kappa) => {
        const p = withSwitching(randomProblem(s.seed, s), kappa);
        const plan = planDispatch(p, { lpSolver });
        const lp = await solveSwitchingWithHighs(p);
        return (
          lp.status === 'optimal' &&
          rel(plan.lp_bound_usd, lp.objective_usd) < 1e-9 &&
          plan.totals.value_usd <= plan.lp_bound_usd + 1e-9 * Math.abs(plan.lp_bound_usd) &&
          worstCapExcess(plan) <= 1e-9
        );
      }),
      { numRuns: iterations(40, 10) },
    );
  });

  it('without a solver (or past maxLpColumns) falls back to the Lagrangian method: a valid bound, feasible plan', async () => {
    const p = withSwitching(randomProblem(25, { hours: 12, groups: 4, profiles: 4, capShare: 0.6, sites: 2, events: 1 }), 1);
    const lpSolver = await testLpSolver();
    const lp = await solveSwitchingWithHighs(p);
    for (const plan of [planDispatch(p), planDispatch(p, { lpSolver, maxLpColumns: 10 })]) {
      expect(plan.method).toMatch(/^Lagrangian/);
      expect(lp.objective_usd).toBeLessThanOrEqual(plan.lp_bound_usd + 1e-9 * Math.abs(lp.objective_usd));
      expect(plan.totals.value_usd).toBeLessThanOrEqual(lp.objective_usd + 1e-9 * Math.abs(lp.objective_usd));
      expect(worstCapExcess(plan)).toBeLessThanOrEqual(1e-9);
    }
  });

  it('switches less as the cost per change rises, and never more than without a cost', () => {
    const p = randomProblem(7, { hours: 96, groups: 6, profiles: 5, capShare: 5 });
    const changes = [0.01, 1, 10, 100].map((k) => planDispatch(withSwitching(p, k)).totals.profile_changes);
    for (let i = 1; i < changes.length; i++) expect(changes[i]!).toBeLessThanOrEqual(changes[i - 1]!);
    expect(changes[3]!).toBeLessThan(changes[0]!);
  });
});

describe('planDispatch with lost minutes per change and a minimum dwell', () => {
  // Seeded instances: caps from loose (capShare 5) to tight, 1–3 sites, DR events, D = 1…5.
  const instance = (seed: number): DispatchProblem =>
    withRules(
      randomProblem(seed, {
        hours: 8 + (seed % 9),
        groups: 1 + (seed % 5),
        profiles: 1 + (seed % 4),
        capShare: seed % 5 === 0 ? 5 : 0.3 + (seed % 4) * 0.2,
        sites: 1 + (seed % 3),
        events: seed % 3,
      }),
      {
        cost_usd_per_change: (seed % 4) * 0.3,
        lost_minutes_per_change: [0, 5, 15, 60][seed % 4]!,
        min_dwell_hours: 1 + (seed % 5),
      },
    );

  it('LP bound equals the independent HiGHS age-network LP within 1e-9 on 40 seeded instances; whole-machine plans keep caps, place every machine and keep the dwell', async () => {
    const lpSolver = await testLpSolver();
    let exact = 0;
    let worst = 0;
    for (let seed = 100; seed < 100 + iterations(40, 10); seed++) {
      const p = instance(seed);
      const plan = planDispatch(p, { lpSolver });
      const lp = await solveSwitchingWithHighs(p);
      expect(lp.status).toBe('optimal');
      worst = Math.max(worst, rel(plan.lp_bound_usd, lp.objective_usd));
      expect(plan.totals.value_usd).toBeLessThanOrEqual(plan.lp_bound_usd + 1e-9 * Math.abs(plan.lp_bound_usd));
      expect(worstCapExcess(plan)).toBeLessThanOrEqual(1e-9);
      expect(worstDwellShortfall(plan)).toBe(0);
      if (plan.method.startsWith('exact LP')) exact++;
    }
    expect(worst).toBeLessThan(1e-9);
    expect(exact).toBeGreaterThanOrEqual(iterations(15, 4)); // 7 of the 10 run under mutation testing
  });

  it('property: random rules and instances match the HiGHS age-network LP; plans keep caps and dwell (fast-check)', async () => {
    const lpSolver = await testLpSolver();
    const shape = fc.record({
      seed: fc.integer({ min: 1, max: 1e6 }),
      hours: fc.integer({ min: 2, max: 14 }),
      groups: fc.integer({ min: 1, max: 4 }),
      profiles: fc.integer({ min: 1, max: 4 }),
      sites: fc.integer({ min: 1, max: 2 }),
      events: fc.integer({ min: 0, max: 3 }),
      capShare: fc.double({ min: 0.2, max: 1.5, noNaN: true }),
    });
    const rules = fc.record({
      cost_usd_per_change: fc.double({ min: 0, max: 3, noNaN: true }),
      lost_minutes_per_change: fc.double({ min: 0, max: 60, noNaN: true }),
      min_dwell_hours: fc.integer({ min: 1, max: 6 }),
    });
    await fc.assert(
      fc.asyncProperty(shape, rules, async (s, r) => {
        const p = withRules(randomProblem(s.seed, s), r);
        const plan = planDispatch(p, { lpSolver });
        const lp = await solveSwitchingWithHighs(p);
        return (
          lp.status === 'optimal' &&
          rel(plan.lp_bound_usd, lp.objective_usd) < 1e-9 &&
          plan.totals.value_usd <= plan.lp_bound_usd + 1e-9 * Math.abs(plan.lp_bound_usd) &&
          worstCapExcess(plan) <= 1e-9 &&
          worstDwellShortfall(plan) === 0
        );
      }),
      { numRuns: iterations(40, 10) },
    );
  });

  it('caps not binding: the DP plan is optimal (value, switching cost included, equals HiGHS) and keeps the dwell', async () => {
    let priced = 0;
    for (let seed = 1; seed <= iterations(8, 4); seed++) {
      const p = withRules(randomProblem(seed, { hours: 48, groups: 3, profiles: 4, capShare: 5 }), {
        cost_usd_per_change: 0.05,
        lost_minutes_per_change: 10,
        min_dwell_hours: 1 + (seed % 4),
      });
      const plan = planDispatch(p);
      const lp = await solveSwitchingWithHighs(p);
      expect(rel(plan.totals.value_usd, lp.objective_usd)).toBeLessThan(1e-9);
      expect(worstDwellShortfall(plan)).toBe(0);
      // The value matches only if each change is priced like HiGHS prices it; a fixed cost alone would under-price them.
      if (plan.totals.profile_changes > 0 && plan.totals.switching_cost_usd > 0.05 * plan.totals.profile_changes * (1 + 1e-9)) priced++;
    }
    expect(priced).toBeGreaterThanOrEqual(iterations(4, 2));
  });

  it('with lost_minutes = 0 and D = 1 the planner gives the results recorded before lost minutes and dwell existed', async () => {
    const lpSolver = await testLpSolver();
    // [seed, exact bound, exact value, exact changes, Lagrangian bound, Lagrangian value, Lagrangian changes], from main at 1dde36d.
    const recorded = [
      [21, 447.540638614352, 445.9890746288122, 95, 447.5697540875096, 440.59784725292764, 148],
      [23, 1519.6849134172498, 1516.666378861708, 737, 1523.2464783522405, 1456.9357601681588, 899],
      [26, 418.3775415606003, 417.4383488493289, 334, 434.3480427326158, 401.5888690881254, 444],
      [31, 961.9589671799172, 961.9589671799172, 0, 961.9589671799172, 961.9589671799172, 0],
    ] as const;
    for (const [seed, eb, ev, ec, lb, lv, lc] of recorded) {
      const p = withRules(randomProblem(seed, { hours: 12, groups: 4, profiles: 4, capShare: 0.6, sites: 2, events: 1 }), {
        cost_usd_per_change: 0.7,
        lost_minutes_per_change: 0,
        min_dwell_hours: 1,
      });
      const a = planDispatch(p, { lpSolver });
      const b = planDispatch(p);
      expect([rel(a.lp_bound_usd, eb), rel(a.totals.value_usd, ev), rel(b.lp_bound_usd, lb), rel(b.totals.value_usd, lv)].every((d) => d < 1e-12)).toBe(true);
      expect([a.totals.profile_changes, b.totals.profile_changes]).toEqual([ec, lc]);
    }
  });

  it('a longer dwell or more lost minutes never raises the LP bound; D = 1 with 0 minutes equals the flat cost', async () => {
    const lpSolver = await testLpSolver();
    for (let seed = 200; seed < 200 + iterations(10, 3); seed++) {
      const base = randomProblem(seed, { hours: 16, groups: 3, profiles: 3, capShare: 0.5, sites: 2, events: 2 });
      const bound = (r: SwitchingRules): number => planDispatch(withRules(base, r), { lpSolver }).lp_bound_usd;
      const flat = bound({ cost_usd_per_change: 0.3 });
      expect(bound({ cost_usd_per_change: 0.3, lost_minutes_per_change: 0, min_dwell_hours: 1 })).toBe(flat);
      const byDwell = [1, 2, 4, 8].map((d) => bound({ cost_usd_per_change: 0.3, min_dwell_hours: d }));
      const byMinutes = [0, 10, 30, 60].map((m) => bound({ cost_usd_per_change: 0.3, lost_minutes_per_change: m }));
      for (let i = 1; i < 4; i++) {
        expect(byDwell[i]!).toBeLessThanOrEqual(byDwell[i - 1]! + 1e-9 * Math.abs(flat));
        expect(byMinutes[i]!).toBeLessThanOrEqual(byMinutes[i - 1]! + 1e-9 * Math.abs(flat));
      }
    }
  });

  it('the Lagrangian fallback keeps the dwell too: its plan is feasible and below the HiGHS optimum, its bound above', async () => {
    for (let seed = 300; seed < 300 + iterations(10, 3); seed++) {
      const p = withRules(randomProblem(seed, { hours: 14, groups: 4, profiles: 3, capShare: 0.5, sites: 2, events: 1 }), {
        cost_usd_per_change: 0.5,
        lost_minutes_per_change: 10,
        min_dwell_hours: 2 + (seed % 4),
      });
      const plan = planDispatch(p);
      const lp = await solveSwitchingWithHighs(p);
      const tol = 1e-9 * Math.abs(lp.objective_usd);
      expect(lp.objective_usd).toBeLessThanOrEqual(plan.lp_bound_usd + tol);
      expect(plan.totals.value_usd).toBeLessThanOrEqual(lp.objective_usd + tol);
      expect(worstCapExcess(plan)).toBeLessThanOrEqual(1e-9);
      expect(worstDwellShortfall(plan)).toBe(0);
    }
  });

  it('rejects bad rules naming the field', () => {
    const p = randomProblem(1, { hours: 4, groups: 1, profiles: 2 });
    for (const [rules, field] of [
      [{ cost_usd_per_change: 1, min_dwell_hours: 2.5 }, 'switching.min_dwell_hours'],
      [{ cost_usd_per_change: 1, min_dwell_hours: 0 }, 'switching.min_dwell_hours'],
      [{ cost_usd_per_change: 1, lost_minutes_per_change: -1 }, 'switching.lost_minutes_per_change'],
      [{ cost_usd_per_change: 1, lost_minutes_per_change: 61 }, 'switching.lost_minutes_per_change'],
    ] as const) {
      expect(() => planDispatch(withRules(p, rules))).toThrow(
        expect.objectContaining({ code: 'VALIDATION', issues: [expect.objectContaining({ path: field })] }) as Error,
      );
    }
  });
});

describe('progress with switching rules', () => {
  it('reports every hour once, in order, and part of the horizon before the capped sites’ LPs and the subgradient iterations end', async () => {
    const highs = await testLpSolver();
    let exact = 0;
    for (const seed of [21, 33, 42]) {
      const p = withSwitching(randomProblem(seed, { hours: 48, groups: 4, profiles: 4, capShare: 0.45, sites: 2, events: 1 }), 1);
      for (const withSolver of [true, false]) {
        const seen: number[] = [];
        const atFirstLp: number[] = [];
        const lpSolver = withSolver ? (lp: Parameters<typeof highs>[0]) => (atFirstLp.push(seen.length), highs(lp)) : undefined;
        const plan = planDispatch(p, { lpSolver, onHour: (t) => void seen.push(t) });
        expect(seen).toEqual(Array.from({ length: p.hours }, (_, t) => t));
        if (plan.method.startsWith('exact LP')) {
          // The cap-free paths are done (10 %) before the first LP; every LP moves the count on.
          expect(atFirstLp[0]).toBe(Math.floor(0.1 * p.hours));
          exact++;
        }
      }
    }
    expect(exact).toBeGreaterThanOrEqual(2);
  });
});
