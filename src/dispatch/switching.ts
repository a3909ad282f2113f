/**
 * The planner with switching rules (problem.ts: SwitchingRules — a cost per change, minutes of
 * hashing lost per change, a minimum dwell): hours are coupled.
 * This module only decides which method runs where (docs/dispatch.md, "Method"):
 *  1. Cap-free paths: every group's best single-machine path (switching-dp.ts, λ = 0). Sites share
 *     nothing, so a site whose paths keep its cap in every hour is solved exactly by them.
 *  2. With an LP solver and the capped sites' LP within `maxLpColumns`: one exact LP per capped
 *     site (switching-lp.ts, switching-exact.ts), solved restricted to changes at few hours and
 *     certified by the DP's Lagrangian bound (switching-stretches.ts) where that works, whole
 *     otherwise; its optimum is the bound.
 *  3. Otherwise the Lagrangian relaxation of the caps (switching-lagrangian.ts), whose bound is
 *     certified but not necessarily the LP optimum.
 */
import type { Assignment, HourlyInputs } from './hourly.js';
import type { LpSolver } from '../ports/lp-solver.js';
import { dwellHours, revenueUsdPerThHour, type DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';
import { relax, type Ctx } from './switching-dp.js';
import { CERTIFIED_GAP, solveSitesExactly } from './switching-exact.js';
import { freshAssignment, solveLagrangian } from './switching-lagrangian.js';
import { siteLpColumns } from './switching-lp.js';
import { formatEnUs } from '../units/en-us-number.js';

/** Largest LP (columns over all capped sites) handed to the solver; beyond it, the Lagrangian method. */
export const DEFAULT_MAX_LP_COLUMNS = 3_000_000;

export interface SwitchingOptions {
  onHour?: ((t: number) => void) | undefined;
  /** Solves the per-site LPs exactly when caps bind (switching-exact.ts); without one, the Lagrangian method. */
  lpSolver?: LpSolver | undefined;
  maxLpColumns?: number | undefined;
}

export function solveWithSwitching(
  p: DispatchProblem,
  prep: Prepared,
  inp: HourlyInputs,
  opts: SwitchingOptions = {},
): { assignment: Assignment; lp_bound_usd: number; method: string } {
  const onHour = opts.onHour;
  const T = p.hours;
  const G = p.groups.length;
  const S = p.sites.length;
  const r = Float64Array.from(p.hashprice_usd_per_ph_day, (hp) => revenueUsdPerThHour(hp, p.pool_fee));
  const c = new Float64Array(S * T);
  for (let s = 0; s < S; s++) {
    const site = p.sites[s]!;
    for (let t = 0; t < T; t++) c[s * T + t] = (site.price_usd_per_mwh[t]! + (site.adder_usd_per_mwh ?? 0) + inp.dr_usd_per_mwh[s * T + t]!) / 1e6;
  }
  // Hours are coupled, so the work is not hour by hour: report the share of the steps done (cap-free
  // paths, then one LP per capped site or one subgradient iteration each) as hours of the horizon.
  let reported = 0;
  const advance = (share: number): void => {
    for (const upTo = Math.min(T, Math.floor(share * T)); reported < upTo; reported++) onHour?.(reported);
  };
  const x: Ctx = {
    p,
    prep,
    inp,
    r,
    c,
    kappa: p.switching?.cost_usd_per_change ?? 0,
    lostHours: (p.switching?.lost_minutes_per_change ?? 0) / 60,
    dwell: dwellHours(p.switching),
  };
  const rules = describeRules(x);
  const cand = freshAssignment(x);
  const path_value_usd = new Float64Array(G);
  const bound0 = relax(x, new Float64Array(S * T), cand.low, cand.used_w, path_value_usd);
  advance(0.1);
  const overCap = p.sites.map((_, s) => cand.used_w.subarray(s * T, (s + 1) * T).some((w, t) => w > inp.cap_w[s * T + t]! * (1 + 1e-12)));
  const feasible0 = !overCap.includes(true);
  if (!feasible0 && opts.lpSolver) {
    const columns = overCap.reduce((acc, over, s) => acc + (over ? siteLpColumns(p, prep, s) : 0), 0);
    const exact =
      columns <= (opts.maxLpColumns ?? DEFAULT_MAX_LP_COLUMNS)
        ? solveSitesExactly(
            p,
            prep,
            inp,
            {
              r,
              c,
              kappa: x.kappa,
              lostHours: x.lostHours,
              dwell: x.dwell,
              paths: cand.low,
              path_value_usd,
              overCap,
              onSiteSolved: (done, of) => advance(0.1 + (0.9 * done) / of),
            },
            opts.lpSolver,
          )
        : null;
    if (exact) {
      advance(1);
      return {
        assignment: exact.assignment,
        lp_bound_usd: exact.bound_usd,
        method: `exact LP relaxation (${rules}): per-group dynamic programming over hull vertices × hours for the ${S - exact.lpSites} site(s) whose caps never bind, and one LP per site for the ${exact.lpSites} where they do (vertex counts per hour, arrivals priced at their switching cost${x.dwell > 1 ? ', dwell rows' : ''}), solved by the injected LP solver${exact.stretchSites > 0 ? ` (${exact.stretchSites} of them restricted to changes at ${formatEnUs(exact.stretches)} stretch starts and certified optimal by the DP's Lagrangian bound within ${CERTIFIED_GAP} relative)` : ''}; whole machines from the LP's floored counts${x.dwell > 1 ? ', arrivals held back where they would outstay the floors' : ''}`,
      };
    }
  }
  const lag = solveLagrangian(x, cand, bound0, feasible0, (done, of) => advance(0.1 + (0.8 * done) / of));
  advance(1);
  return {
    assignment: lag.assignment,
    lp_bound_usd: lag.bound_usd,
    method: feasible0
      ? `per-group dynamic programming over hull vertices × hours (${rules}); caps not binding, so the paths are optimal (bound = value)`
      : `Lagrangian relaxation of the site caps with per-group dynamic programming (${rules}), ${lag.iterations} subgradient iterations from the hourly shadow prices, paths repaired to the caps${x.dwell > 1 ? ' and re-planned per group to keep the dwell' : ''}; optimality certified up to the reported gap`,
  };
}

/** The rules in words for the method line: "switching cost 1 USD per change, 10 lost minutes per change, minimum dwell 4 h". */
function describeRules(x: Ctx): string {
  const parts = [`switching cost ${x.kappa} USD per change`];
  if (x.lostHours > 0) parts.push(`${+(x.lostHours * 60).toPrecision(12)} lost minutes per change`);
  if (x.dwell > 1) parts.push(`minimum dwell ${x.dwell} h`);
  return parts.join(', ');
}
