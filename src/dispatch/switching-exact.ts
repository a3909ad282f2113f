/**
 * The exact method for switching costs (switching.ts decides when it applies): sites whose
 * cap-free best paths (per-group DP, λ = 0) already respect every cap keep those paths — optimal,
 * since sites share nothing; every other site is solved as one LP (switching-lp.ts) by the
 * injected solver. The LP optimum is the bound; whole machines come from its floored counts
 * (switching-round.ts), so the plan keeps every cap and the minimum dwell, and its distance to the
 * bound is the reported gap.
 */
import type { LpSolver } from '../ports/lp-solver.js';
import type { Assignment, HourlyInputs } from './hourly.js';
import type { DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';
import { buildSiteLp } from './switching-lp.js';
import { wholeMachinePlan } from './switching-round.js';

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
): { assignment: Assignment; bound_usd: number; lpSites: number } | null {
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
    const site = buildSiteLp(p, prep, s, { r: x.r, c: x.c, cap_w: inp.cap_w, kappa: x.kappa, lostHours: x.lostHours, dwell: x.dwell });
    const sol = solve(site.lp);
    if (sol.status !== 'optimal') return null;
    lpSites++;
    x.onSiteSolved?.(lpSites, capped);
    bound += sol.objective;
    site.groups.forEach((g, i) => {
      const V = site.vertices[i]!;
      const n = p.groups[g]!.machines;
      const mix = new Int32Array(T * V);
      wholeMachinePlan(site, sol.x, i, n, T, x.dwell, mix);
      for (let t = 0; t < T; t++) {
        for (let k = 1; k < V; k++) {
          used_w[s * T + t] = used_w[s * T + t]! + mix[t * V + k]! * P[vertexStart[g]! + k]! * pue;
          hash_ths[s * T + t] = hash_ths[s * T + t]! + mix[t * V + k]! * H[vertexStart[g]! + k]!;
        }
      }
      mixes[g] = mix;
    });
  }
  return { assignment: new ExactAssignment(p, prep, paths, mixes, new Float64Array(S * T), new Float64Array(T), used_w, hash_ths), bound_usd: bound, lpSites };
}
