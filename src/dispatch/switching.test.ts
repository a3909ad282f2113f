import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomProblem } from '../../test/helpers/dispatch-instances.js';
import { solveSwitchingWithHighs } from '../../test/helpers/dispatch-lp.js';
import { loadHighsSolver } from '../sources/highs-lp.js';
import { worstCapExcess } from '../../test/helpers/dispatch-checks.js';
import { planDispatch } from './plan.js';
import type { DispatchProblem } from './problem.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
const withSwitching = (p: DispatchProblem, kappa: number): DispatchProblem => ({ ...p, switching: { cost_usd_per_change: kappa } });

describe('planDispatch with a switching cost', () => {
  it('is exact when the caps do not bind: equals the HiGHS LP optimum (with transition columns) within 1e-6', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const p = withSwitching(randomProblem(seed, { hours: 10 + (seed % 7), groups: 2 + (seed % 4), profiles: 2 + (seed % 4), capShare: 5 }), 0.5 + (seed % 5));
      const plan = planDispatch(p);
      const lp = await solveSwitchingWithHighs(p);
      expect(lp.status).toBe('optimal');
      expect(rel(plan.totals.value_usd, lp.objective_usd)).toBeLessThan(1e-6);
      expect(plan.integrality_gap_usd).toBeLessThan(1e-6 * Math.abs(lp.objective_usd) + 1e-9);
    }
  });

  it('with binding caps: LP bound equals the HiGHS LP optimum within 1e-6 on 30 seeded instances; the whole-machine plan keeps every cap', async () => {
    const lpSolver = await loadHighsSolver();
    let capped = 0;
    let lagrangianMisses = 0;
    for (let seed = 20; seed < 50; seed++) {
      const p = withSwitching(randomProblem(seed, { hours: 8 + (seed % 11), groups: 2 + (seed % 5), profiles: 2 + (seed % 5), capShare: 0.4 + (seed % 4) * 0.15, sites: 1 + (seed % 3), events: seed % 4 }), 0.2 + (seed % 6) * 0.5);
      const plan = planDispatch(p, { lpSolver });
      const lp = await solveSwitchingWithHighs(p);
      expect(lp.status).toBe('optimal');
      expect(rel(plan.lp_bound_usd, lp.objective_usd)).toBeLessThan(1e-6);
      expect(plan.totals.value_usd).toBeLessThanOrEqual(plan.lp_bound_usd + 1e-9 * Math.abs(plan.lp_bound_usd));
      expect(worstCapExcess(plan)).toBeLessThanOrEqual(1e-9);
      if (plan.method.startsWith('exact LP')) capped++;
      // The same check on the previous method (Lagrangian bound, no solver) must be able to fail.
      if (rel(planDispatch(p).lp_bound_usd, lp.objective_usd) > 1e-6) lagrangianMisses++;
    }
    expect(capped).toBeGreaterThanOrEqual(15);
    expect(lagrangianMisses).toBeGreaterThanOrEqual(5);
  });

  it('property: random instances with binding caps match the HiGHS LP (fast-check)', async () => {
    const lpSolver = await loadHighsSolver();
    const shape = fc.record({ seed: fc.integer({ min: 1, max: 1e6 }), hours: fc.integer({ min: 2, max: 16 }), groups: fc.integer({ min: 1, max: 6 }), profiles: fc.integer({ min: 1, max: 5 }), sites: fc.integer({ min: 1, max: 2 }), events: fc.integer({ min: 0, max: 3 }), capShare: fc.double({ min: 0.2, max: 1.2, noNaN: true }) });
    await fc.assert(
      fc.asyncProperty(shape, fc.double({ min: 0.01, max: 5, noNaN: true }), async (s, kappa) => {
        const p = withSwitching(randomProblem(s.seed, s), kappa);
        const plan = planDispatch(p, { lpSolver });
        const lp = await solveSwitchingWithHighs(p);
        return lp.status === 'optimal' && rel(plan.lp_bound_usd, lp.objective_usd) < 1e-6 && plan.totals.value_usd <= plan.lp_bound_usd + 1e-9 * Math.abs(plan.lp_bound_usd) && worstCapExcess(plan) <= 1e-9;
      }),
      { numRuns: 40 },
    );
  });

  it('without a solver (or past maxLpColumns) falls back to the Lagrangian method: a valid bound, feasible plan', async () => {
    const p = withSwitching(randomProblem(25, { hours: 12, groups: 4, profiles: 4, capShare: 0.6, sites: 2, events: 1 }), 1);
    const lpSolver = await loadHighsSolver();
    const lp = await solveSwitchingWithHighs(p);
    for (const plan of [planDispatch(p), planDispatch(p, { lpSolver, maxLpColumns: 10 })]) {
      expect(plan.method).toMatch(/^Lagrangian/);
      expect(lp.objective_usd).toBeLessThanOrEqual(plan.lp_bound_usd + 1e-6 * Math.abs(lp.objective_usd));
      expect(plan.totals.value_usd).toBeLessThanOrEqual(lp.objective_usd + 1e-6 * Math.abs(lp.objective_usd));
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
