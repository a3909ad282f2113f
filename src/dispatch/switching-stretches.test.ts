import { describe, expect, it } from 'vitest';
import { testLpSolver } from '../../test/helpers/highs-memo.js';
import { randomProblem } from '../../test/helpers/dispatch-instances.js';
import { solveSwitchingWithHighs } from '../../test/helpers/dispatch-lp.js';
import { worstCapExcess, worstDwellShortfall } from '../../test/helpers/dispatch-checks.js';
import type { LpSolver } from '../ports/lp-solver.js';
import { planDispatch } from './plan.js';
import type { DispatchProblem, SwitchingRules } from './problem.js';
import { spreadCapDuals, type StretchLp } from './switching-stretches.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

// Five days or a week at two sites whose caps bind part of the time, DR events included: long
// enough that the plan changes in few of its hours, so the planner takes the restricted LP and
// certifies it (instances picked for a reference model HiGHS solves in about a second).
const instances: [number, number, SwitchingRules][] = [
  [11, 120, { cost_usd_per_change: 1 }],
  [9, 168, { cost_usd_per_change: 1 }],
  [8, 120, { cost_usd_per_change: 0.2, lost_minutes_per_change: 10, min_dwell_hours: 3 }],
];
const instance = ([seed, hours, rules]: [number, number, SwitchingRules]): DispatchProblem => ({
  ...randomProblem(seed, { hours, groups: 3, profiles: 4, capShare: 0.5 + (seed % 3) * 0.2, sites: 2, events: 2 }),
  switching: rules,
  // Overclock wear as the example fleet has it (problem.ts: DEFAULT_OVERCLOCK_WEAR_USD_PER_TH_HOUR), in both models.
  overclock_wear_usd_per_th_hour: 0.0003,
});

describe('capped sites solved over stretches', () => {
  it('certified bound equals the independent HiGHS LP within 1e-9 relative; plans keep caps and dwell', async () => {
    const lpSolver = await testLpSolver();
    for (const shape of instances) {
      const p = instance(shape);
      const plan = planDispatch(p, { lpSolver });
      const lp = await solveSwitchingWithHighs(p);
      expect(plan.method).toMatch(/restricted to changes at [\d,]+ stretch starts and certified/);
      expect(rel(plan.lp_bound_usd, lp.objective_usd)).toBeLessThan(1e-9);
      expect(plan.totals.value_usd).toBeLessThanOrEqual(plan.lp_bound_usd);
      expect(worstCapExcess(plan)).toBeLessThanOrEqual(1e-9);
      expect(worstDwellShortfall(plan)).toBe(0);
    }
  });

  it('the certificate is not fooled: zeroed duals still end at the same bound; without duals or basis hints, the same plan', async () => {
    const highs = await testLpSolver();
    const p = instance(instances[2]!);
    const reference = planDispatch(p, { lpSolver: highs });
    // Zero duals spread to λ = 0, whose Lagrangian bound is the cap-free paths' value, far above the
    // restricted optimum: accepting it would report that bound.
    const zeroed: LpSolver = (lp) => {
      const sol = highs(lp);
      return { ...sol, rowDual: sol.rowDual && new Float64Array(sol.rowDual.length) };
    };
    const noDuals: LpSolver = (lp) => ({ ...highs(lp), rowDual: undefined });
    const cold: LpSolver = (lp) => highs({ ...lp, basis: undefined });
    expect(rel(planDispatch(p, { lpSolver: zeroed }).lp_bound_usd, reference.lp_bound_usd)).toBeLessThan(1e-9);
    const whole = planDispatch(p, { lpSolver: noDuals });
    expect(whole.method).not.toMatch(/certified/);
    expect(rel(whole.lp_bound_usd, reference.lp_bound_usd)).toBeLessThan(1e-9);
    expect(rel(planDispatch(p, { lpSolver: cold }).lp_bound_usd, reference.lp_bound_usd)).toBeLessThan(1e-9);
  });
});

describe('spreadCapDuals', () => {
  it('spreads a stretch’s cap dual so that c_t + λ_t is flat where λ_t > 0 (hand-worked)', () => {
    // One stretch of 4 hours, r = 1 every hour, c = 0, 1, 3, 10 USD per W·h, cap dual 2e6 USD per MW:
    // Σ max(0, σ − c_t) = 2 at σ = 1.5 (below the third knee, 3), so λ = 1.5, 0.5, 0, 0.
    const s = { bounds: Int32Array.of(0, 4), capRow: Int32Array.of(0) } as unknown as StretchLp;
    const lambda = new Float64Array(4);
    spreadCapDuals(
      s,
      Float64Array.of(2e6),
      0,
      { r: new Float64Array(4).fill(1), c: Float64Array.of(0, 1, 3, 10), cap_w: new Float64Array(4), kappa: 0, lostHours: 0, dwell: 1 },
      lambda,
    );
    expect(Array.from(lambda)).toEqual([1.5, 0.5, 0, 0]);
  });
});
