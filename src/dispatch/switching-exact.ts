/**
 * The exact method for switching costs (switching.ts decides when it applies): sites whose
 * cap-free best paths (per-group DP, λ = 0) already respect every cap keep those paths — optimal,
 * since sites share nothing; every other site is one LP (switching-lp.ts) solved by the injected
 * solver. A year's plan changes in few hours, so the LP is first solved restricted to changes at
 * chosen hours (switching-stretches.ts: one column block per stretch instead of per hour), and the
 * restriction is accepted once the DP's Lagrangian bound, with the restricted LP's cap duals spread
 * over the hours, meets its optimum within CERTIFIED_GAP: both are then the LP optimum. Until then
 * the hours where the DP paths change become stretch starts; a site that needs more than a quarter
 * of its hours as starts (or whose solver gives no row duals) gets the whole LP instead. The bound
 * is that certified Lagrangian bound (or the whole LP's optimum); whole machines come from the LP
 * counts floored (switching-round.ts), so the plan keeps every cap and the minimum dwell, and its
 * distance to the bound is the reported gap.
 */
import type { LpBasis, LpSolver } from '../ports/lp-solver.js';
import type { Assignment, HourlyInputs } from './hourly.js';
import type { DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';
import { dpWork, groupPath, type Ctx } from './switching-dp.js';
import { buildSiteLp, groupHourValues, siteLpCounts, type SiteLpInputs } from './switching-lp.js';
import { wholeMachinePlan } from './switching-round.js';
import { buildStretchLp, carryBasis, spreadCapDuals, stretchCounts, type StretchLp } from './switching-stretches.js';

/**
 * Largest relative distance between the certified bound and the restricted optimum accepted as
 * equal: far below the solver's own tolerances (1e-7 absolute on rows), far above float rounding
 * of a year's sums (~1e-13 relative).
 */
export const CERTIFIED_GAP = 1e-10;
/** Refinement rounds before a site gets the whole LP (the example fleet's sites need 2–5). */
const MAX_ROUNDS = 30;

/** Each group either follows one whole-group path (vertex per hour) or has per-hour vertex counts. */
class ExactAssignment implements Assignment {
  constructor(
    private readonly p: DispatchProblem,
    private readonly prep: Prepared,
    /** Per group: vertex per hour (whole group), or null when `mixes` has it. */
    private readonly paths: (Uint8Array | null)[],
    /** Per group: counts laid out t·V + k, or null. */
    private readonly mixes: (Int32Array | null)[],
    readonly shadow_usd_per_mwh: Float64Array,
    readonly lp_value_usd: Float64Array,
    readonly used_w: Float64Array,
    readonly hash_ths: Float64Array,
  ) {}

  counts(t: number, out: Int32Array): void {
    const { vertexStart } = this.prep.hulls;
    for (let g = 0; g < this.p.groups.length; g++) {
      const v0 = vertexStart[g]!;
      const V = vertexStart[g + 1]! - v0;
      const mix = this.mixes[g];
      if (mix) out.set(mix.subarray(t * V, (t + 1) * V), v0);
      else {
        out.fill(0, v0, v0 + V);
        out[v0 + this.paths[g]![t]!] = this.p.groups[g]!.machines;
      }
    }
  }
}

export interface ExactInputs {
  /** USD per TH/s·h per hour; USD per grid W·h per site-hour (DR payment included). */
  r: Float64Array;
  c: Float64Array;
  /** κ₀ (USD per change), lost hashing per change (h), minimum dwell (h). */
  kappa: number;
  lostHours: number;
  dwell: number;
  /** λ = 0 paths, laid out t·G + g (vertex index within the group). */
  paths: Uint8Array;
  /** Per group: one machine's path value (USD). */
  path_value_usd: Float64Array;
  /** Sites whose λ = 0 paths break a cap somewhere. */
  overCap: readonly boolean[];
  /** Called after each capped site's LP is solved (progress: one LP per capped site). */
  onSiteSolved?: ((done: number, of: number) => void) | undefined;
}

/** Returns null when the solver does not report an optimum (the caller falls back). */
export function solveSitesExactly(
  p: DispatchProblem,
  prep: Prepared,
  inp: HourlyInputs,
  x: ExactInputs,
  solve: LpSolver,
): { assignment: Assignment; bound_usd: number; lpSites: number; stretchSites: number; stretches: number } | null {
  const T = p.hours;
  const G = p.groups.length;
  const S = p.sites.length;
  const { vertexStart, vertex_power_w: P, vertex_hashrate_ths: H } = prep.hulls;
  const paths: (Uint8Array | null)[] = new Array<Uint8Array | null>(G).fill(null);
  const mixes: (Int32Array | null)[] = new Array<Int32Array | null>(G).fill(null);
  const used_w = new Float64Array(S * T);
  const hash_ths = new Float64Array(S * T);
  let bound = 0;
  let lpSites = 0;
  let stretchSites = 0;
  let stretches = 0;
  const capped = x.overCap.filter(Boolean).length;
  for (let s = 0; s < S; s++) {
    const pue = p.sites[s]!.pue;
    if (!x.overCap[s]) {
      for (const g of prep.siteGroups[s]!) {
        const n = p.groups[g]!.machines;
        const path = new Uint8Array(T);
        for (let t = 0; t < T; t++) {
          const v = vertexStart[g]! + (path[t] = x.paths[t * G + g]!);
          used_w[s * T + t] = used_w[s * T + t]! + n * P[v]! * pue;
          hash_ths[s * T + t] = hash_ths[s * T + t]! + n * H[v]!;
        }
        paths[g] = path;
        bound += n * x.path_value_usd[g]!;
      }
      continue;
    }
    const siteInputs: SiteLpInputs = { r: x.r, c: x.c, cap_w: inp.cap_w, kappa: x.kappa, lostHours: x.lostHours, dwell: x.dwell };
    const ctx: Ctx = { p, prep, inp, r: x.r, c: x.c, kappa: x.kappa, lostHours: x.lostHours, dwell: x.dwell };
    const sol = solveByStretches(ctx, s, siteInputs, x.paths, solve) ?? solveWhole(p, prep, s, siteInputs, solve);
    if (!sol) return null;
    lpSites++;
    if (sol.stretches !== undefined) {
      stretchSites++;
      stretches += sol.stretches;
    }
    x.onSiteSolved?.(lpSites, capped);
    bound += sol.bound_usd;
    prep.siteGroups[s]!.forEach((g, i) => {
      const V = vertexStart[g + 1]! - vertexStart[g]!;
      const n = p.groups[g]!.machines;
      const mix = new Int32Array(T * V);
      wholeMachinePlan(sol.counts[i]!, groupHourValues(p, prep, g, siteInputs), V, n, T, x.dwell, mix);
      for (let t = 0; t < T; t++) {
        for (let k = 1; k < V; k++) {
          used_w[s * T + t] = used_w[s * T + t]! + mix[t * V + k]! * P[vertexStart[g]! + k]! * pue;
          hash_ths[s * T + t] = hash_ths[s * T + t]! + mix[t * V + k]! * H[vertexStart[g]! + k]!;
        }
      }
      mixes[g] = mix;
    });
  }
  return {
    assignment: new ExactAssignment(p, prep, paths, mixes, new Float64Array(S * T), new Float64Array(T), used_w, hash_ths),
    bound_usd: bound,
    lpSites,
    stretchSites,
    stretches,
  };
}

/** A site's LP optimum (USD) and each of its groups' LP counts (site group order, laid out t·V + k). */
interface SiteSolution {
  bound_usd: number;
  counts: Float64Array[];
  /** Stretches of the certified restricted LP (undefined: the whole LP was solved). */
  stretches?: number;
}

/** The whole site LP, hour by hour. */
function solveWhole(p: DispatchProblem, prep: Prepared, s: number, inp: SiteLpInputs, solve: LpSolver): SiteSolution | null {
  const site = buildSiteLp(p, prep, s, inp);
  const sol = solve(site.lp);
  if (sol.status !== 'optimal') return null;
  return { bound_usd: sol.objective, counts: Array.from(site.groups, (_, i) => siteLpCounts(site, sol.x, i, p.hours)) };
}

/**
 * The site LP restricted to stretches and refined until certified (module comment); null when the
 * restriction would not pay (too many stretches, no duals, no progress) or the solver fails.
 */
function solveByStretches(x: Ctx, s: number, inp: SiteLpInputs, paths0: Uint8Array, solve: LpSolver): SiteSolution | null {
  const { p, prep } = x;
  const T = p.hours;
  const G = p.groups.length;
  const groups = prep.siteGroups[s]!;
  // First stretch starts: where the cap changes and where a cap-free path changes vertex.
  const isStart = new Uint8Array(T + 1);
  isStart[0] = isStart[T] = 1;
  for (let t = 1; t < T; t++) {
    if (inp.cap_w[s * T + t] !== inp.cap_w[s * T + t - 1]) isStart[t] = 1;
    for (const g of groups) if (paths0[t * G + g] !== paths0[(t - 1) * G + g]) isStart[t] = 1;
  }
  const lambda = new Float64Array(p.sites.length * T);
  const work = dpWork(x);
  let prev: { sl: StretchLp; basis: LpBasis | undefined } | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const bounds = Int32Array.from(isStart.keys()).filter((t) => isStart[t] === 1);
    if (bounds.length - 1 > T / 4) return null;
    const sl = buildStretchLp(p, prep, s, inp, bounds);
    if (prev?.basis) sl.lp.basis = carryBasis(prev.sl, prev.basis, sl);
    const sol = solve(sl.lp);
    prev = { sl, basis: sol.basis };
    if (sol.status !== 'optimal' || !sol.rowDual) return null;
    spreadCapDuals(sl, sol.rowDual, s, inp, lambda);
    let ub = 0;
    for (let t = 0; t < T; t++) ub += lambda[s * T + t]! * inp.cap_w[s * T + t]!;
    let added = 0;
    for (const g of groups) {
      ub += p.groups[g]!.machines * groupPath(x, g, lambda, work);
      for (let t = 1; t < T; t++) {
        if (work.path[t] !== work.path[t - 1] && !isStart[t]) {
          isStart[t] = 1;
          added++;
        }
      }
    }
    if (ub - sol.objective <= CERTIFIED_GAP * Math.max(1, Math.abs(ub)))
      return { bound_usd: ub, counts: Array.from(groups, (_, i) => stretchCounts(sl, sol.x, i)), stretches: bounds.length - 1 };
    if (added === 0) return null;
  }
  return null;
}
