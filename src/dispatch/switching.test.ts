import { describe, expect, it } from 'vitest';
import { randomProblem } from '../../test/helpers/dispatch-instances.js';
import { solveSwitchingWithHighs } from '../../test/helpers/dispatch-lp.js';
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

  it('with binding caps: plan value ≤ HiGHS LP optimum ≤ the reported bound, and the plan keeps every cap', async () => {
    const gaps: number[] = [];
    for (let seed = 20; seed < 30; seed++) {
      const p = withSwitching(randomProblem(seed, { hours: 12, groups: 4, profiles: 4, capShare: 0.6, sites: 1 + (seed % 2), events: seed % 3 }), 1);
      const plan = planDispatch(p);
      const lp = await solveSwitchingWithHighs(p);
      expect(lp.status).toBe('optimal');
      const tol = 1e-6 * Math.abs(lp.objective_usd);
      expect(plan.totals.value_usd).toBeLessThanOrEqual(lp.objective_usd + tol);
      expect(lp.objective_usd).toBeLessThanOrEqual(plan.lp_bound_usd + tol);
      for (let t = 0; t < p.hours; t++) expect(plan.hourly.power_mw[t]!).toBeLessThanOrEqual(p.sites.reduce((a, s) => a + s.cap_mw, 0) * (1 + 1e-9));
      expect(rel(plan.lp_bound_usd, lp.objective_usd)).toBeLessThan(0.06); // the dual bound is near the LP optimum
      gaps.push((lp.objective_usd - plan.totals.value_usd) / Math.abs(lp.objective_usd));
    }
    // Known weakness: on tiny instances (12 h, 4 groups) whole-group paths can fall well short of
    // the LP's mixed paths. Today: ≤ 0.3% on 7 of these 10, worst ~27%; always reported as the gap.
    expect(gaps.filter((g) => g <= 0.01).length).toBeGreaterThanOrEqual(7);
    expect(Math.max(...gaps)).toBeLessThan(0.3);
  });

  it('switches less as the cost per change rises, and never more than without a cost', () => {
    const p = randomProblem(7, { hours: 96, groups: 6, profiles: 5, capShare: 5 });
    const changes = [0.01, 1, 10, 100].map((k) => planDispatch(withSwitching(p, k)).totals.profile_changes);
    for (let i = 1; i < changes.length; i++) expect(changes[i]!).toBeLessThanOrEqual(changes[i - 1]!);
    expect(changes[3]!).toBeLessThan(changes[0]!);
  });
});
