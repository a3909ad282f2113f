/**
 * The fallback for switching costs when no LP solver is given or the capped sites' LP is too big:
 * Lagrangian relaxation of the site caps with the per-group DP of switching-dp.ts.
 *  1. Weak duality: L(λ) = Σ_g N_g·DP_g(λ) + Σ_st λ_st·cap_st (+ the DR constant) is an upper
 *     bound on the optimum for every λ ≥ 0 (USD per grid W·h), and min_λ L(λ) equals the LP
 *     relaxation's optimum (the per-group path polytopes are integral).
 *  2. λ = 0 first: if the paths then respect every cap, they are optimal (bound = value, exact).
 *     Otherwise the multipliers start at the hourly planner's cap shadow prices and are improved by
 *     a projected subgradient method with Polyak steps; every iterate's paths are repaired to
 *     feasibility (in each over-cap site-hour, machines step down one hull vertex at a time, the
 *     cheapest value-per-watt first) and the best feasible plan is kept, then improved by
 *     coordinate ascent.
 * With a minimum dwell D > 1 the DP keeps the dwell (switching-dp.ts) but repairing moves machines
 * hour by hour, so repaired plans only seed the coordinate ascent, whose whole-group DP paths keep
 * both the dwell and the caps; only those are returned.
 * Optimality is certified, not assumed: the plan reports the best bound L(λ) as `lp_bound_usd`
 * and the difference to its own value as the gap. Zero gap ⇔ proven optimal.
 */
import { countsFromLowHigh, solveHours, type Assignment } from './hourly.js';
import { wearCostUsd } from './wear.js';
import type { DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';
import { arrivalCost, dpWork, groupPath, relax, type Ctx } from './switching-dp.js';

export class DenseAssignment implements Assignment {
  private readonly lowT: Uint8Array;
  private readonly highT: Int32Array;
  constructor(
    private readonly p: DispatchProblem,
    private readonly prep: Prepared,
    private readonly G: number,
    readonly low: Uint8Array,
    readonly high: Int32Array,
    readonly shadow_usd_per_mwh: Float64Array,
    readonly lp_value_usd: Float64Array,
    readonly used_w: Float64Array,
    readonly hash_ths: Float64Array,
  ) {
    this.lowT = new Uint8Array(G);
    this.highT = new Int32Array(G);
  }
  counts(t: number, out: Int32Array): void {
    this.lowT.set(this.low.subarray(t * this.G, (t + 1) * this.G));
    this.highT.set(this.high.subarray(t * this.G, (t + 1) * this.G));
    countsFromLowHigh(this.p, this.prep, this.lowT, this.highT, out);
  }
}

/**
 * Steps machines down until every site-hour is within its cap; fills high, used_w, hash_ths.
 * The step that loses least value per grid watt freed is always the occupied hull segment with
 * the lowest slope (value per W = r·σ − c, r and c common to the site-hour), so the site's
 * segments are walked once from the flattest up (segments.ts), stepping each group down from its
 * top vertex until the cap holds: O(segments) per over-cap site-hour.
 */
function repair(x: Ctx, low: Uint8Array, high: Int32Array, used_w: Float64Array, hash_ths: Float64Array): void {
  const { p, prep } = x;
  const T = p.hours;
  const G = p.groups.length;
  const { vertexStart, vertex_power_w: P, vertex_hashrate_ths: H } = prep.hulls;
  high.fill(0);
  for (let s = 0; s < p.sites.length; s++) {
    const pue = p.sites[s]!.pue;
    const groups = prep.siteGroups[s]!;
    const seg = prep.sites[s]!;
    for (let t = 0; t < T; t++) {
      const st = s * T + t;
      const cap = x.inp.cap_w[st]! * (1 + 1e-12);
      // Flattest first; a group's segments come in falling vertex order, so a segment is met
      // exactly when it is the group's top (or the group already sits below it).
      for (let j = seg.group.length - 1; j >= 0 && used_w[st]! > cap; j--) {
        const g = seg.group[j]!;
        const v = seg.vertex[j]!;
        const i = t * G + g;
        if (vertexStart[g]! + low[i]! !== v) continue;
        const n = p.groups[g]!.machines;
        const perMachine = (P[v]! - P[v - 1]!) * pue;
        const m = Math.min(n, Math.ceil((used_w[st]! - cap) / perMachine - 1e-9));
        used_w[st] = used_w[st]! - m * perMachine;
        low[i] = low[i]! - 1;
        high[i] = n - m;
      }
      let h = 0;
      for (const g of groups) {
        const i = t * G + g;
        const v = vertexStart[g]! + low[i]!;
        h += (p.groups[g]!.machines - high[i]!) * H[v]! + (high[i]! > 0 ? high[i]! * H[v + 1]! : 0);
      }
      hash_ths[st] = h;
    }
  }
}

/**
 * Primal improvement by coordinate ascent: each group in turn, with the others fixed, takes the best
 * whole-group path (DP as above, λ = 0) among the vertices whose full draw fits the cap left by the
 * other groups that hour (off always fits). The group's old mix (split or not) is one of the paths
 * the DP may keep only if it is whole, so a step can give up a split; the caller keeps the better
 * of before and after.
 */
function improve(x: Ctx, a: DenseAssignment, rounds: number): void {
  const { p, prep } = x;
  const T = p.hours;
  const G = p.groups.length;
  const { vertexStart, vertex_power_w: P, vertex_hashrate_ths: H } = prep.hulls;
  const zero = new Float64Array(p.sites.length * T);
  const work = dpWork(x);
  const room = new Float64Array(T);
  for (let round = 0; round < rounds; round++) {
    for (let g = 0; g < G; g++) {
      const grp = p.groups[g]!;
      const n = grp.machines;
      const pue = p.sites[grp.site]!.pue;
      const v0 = vertexStart[g]!;
      const mine = (t: number): [number, number] => {
        const i = t * G + g;
        const v = v0 + a.low[i]!;
        const h = a.high[i]!;
        return [((n - h) * P[v]! + (h > 0 ? h * P[v + 1]! : 0)) * pue, (n - h) * H[v]! + (h > 0 ? h * H[v + 1]! : 0)];
      };
      for (let t = 0; t < T; t++) room[t] = x.inp.cap_w[grp.site * T + t]! * (1 + 1e-12) - (a.used_w[grp.site * T + t]! - mine(t)[0]);
      groupPath(x, g, zero, work, room);
      for (let t = 0; t < T; t++) {
        const st = grp.site * T + t;
        const [w, h] = mine(t);
        const v = work.path[t]!;
        a.low[t * G + g] = v;
        a.high[t * G + g] = 0;
        a.used_w[st] = a.used_w[st]! - w + n * P[v0 + v]! * pue;
        a.hash_ths[st] = a.hash_ths[st]! - h + n * H[v0 + v]!;
      }
    }
  }
}

/**
 * Switching cost of a compact plan (USD): per group and hour, the machines arriving at each vertex
 * (the positive part of the change in its count; at most two occupied vertices an hour) times
 * that vertex's κ_{t,v} — the cheapest way between the two histograms, as plan.ts prices them.
 */
function denseSwitchCost(x: Ctx, a: DenseAssignment): number {
  const G = x.p.groups.length;
  const { vertexStart } = x.prep.hulls;
  let cost = 0;
  const key = [0, 0, 0, 0];
  const amt = [0, 0, 0, 0];
  for (let t = 1; t < x.p.hours; t++) {
    for (let g = 0; g < G; g++) {
      const i = t * G + g;
      const l1 = a.low[i - G]!;
      const h1 = a.high[i - G]!;
      const l2 = a.low[i]!;
      const h2 = a.high[i]!;
      if (l1 === l2 && h1 === h2) continue;
      const n = x.p.groups[g]!.machines;
      key[0] = l1;
      amt[0] = n - h1;
      key[1] = l1 + 1;
      amt[1] = h1;
      key[2] = l2;
      amt[2] = -(n - h2);
      key[3] = l2 + 1;
      amt[3] = -h2;
      for (let k = 0; k < 4; k++) {
        let sum = amt[k]!;
        let first = true;
        for (let j = 0; j < k; j++) if (key[j] === key[k]) first = false;
        if (!first) continue;
        for (let j = k + 1; j < 4; j++) if (key[j] === key[k]) sum += amt[j]!;
        if (sum < 0) cost -= sum * arrivalCost(x, t, vertexStart[g]! + key[k]!);
      }
    }
  }
  return cost;
}

/** Objective of a feasible plan: energy value at effective prices minus overclock wear and switching (DR constant excluded). */
function planValue(x: Ctx, a: DenseAssignment): number {
  let v = 0;
  const T = x.p.hours;
  for (let s = 0; s < x.p.sites.length; s++) {
    for (let t = 0; t < T; t++) v += x.r[t]! * a.hash_ths[s * T + t]! - x.c[s * T + t]! * a.used_w[s * T + t]!;
  }
  return v - wearCostUsd(x.prep, a, T) - denseSwitchCost(x, a);
}

/** A fresh, empty compact plan (vertex per group-hour, split counts, per site-hour draw and hashrate). */
export function freshAssignment(x: Ctx): DenseAssignment {
  const { p, prep } = x;
  const T = p.hours;
  const G = p.groups.length;
  const S = p.sites.length;
  return new DenseAssignment(
    p,
    prep,
    G,
    new Uint8Array(T * G),
    new Int32Array(T * G),
    new Float64Array(S * T),
    new Float64Array(T),
    new Float64Array(S * T),
    new Float64Array(S * T),
  );
}

/**
 * From the λ = 0 paths in `cand` (relax already run, L(0) = `bound`): the best feasible plan found
 * and the best bound. `feasible0`: the λ = 0 paths keep every cap, so they are returned as optimal.
 */
export function solveLagrangian(
  x: Ctx,
  start: DenseAssignment,
  bound0: number,
  feasible0: boolean,
  onIteration?: (done: number, of: number) => void,
): { assignment: DenseAssignment; bound_usd: number; iterations: number } {
  const { p, prep, inp } = x;
  const T = p.hours;
  const G = p.groups.length;
  const capTerm = (lambda: Float64Array): number => lambda.reduce((acc, l, st) => acc + l * inp.cap_w[st]!, 0);
  const fresh = (): DenseAssignment => freshAssignment(x);
  let cand = start;
  let bound = bound0;
  repair(x, cand.low, cand.high, cand.used_w, cand.hash_ths);
  let best = cand;
  let bestValue = planValue(x, cand);
  let iterations = 0;
  if (!feasible0) {
    // Start from the hourly planner's shadow prices (exact when κ = 0), in USD per grid W·h.
    const lambda = Float64Array.from(solveHours(p, prep, inp).shadow_usd_per_mwh, (l) => l / 1e6);
    const work = Math.max(1, T * prep.hulls.vertexProfile.length);
    const maxIter = Math.max(8, Math.min(80, Math.floor(4e8 / work)));
    let theta = 1;
    let stall = 0;
    for (; iterations < maxIter; iterations++) {
      cand = fresh();
      const L = relax(x, lambda, cand.low, cand.used_w) + capTerm(lambda);
      const sub = Float64Array.from(cand.used_w, (w, st) => inp.cap_w[st]! - w);
      if (L < bound) {
        bound = L;
        stall = 0;
      } else if (++stall >= 4) {
        theta /= 2;
        stall = 0;
      }
      repair(x, cand.low, cand.high, cand.used_w, cand.hash_ths);
      const value = planValue(x, cand);
      if (value > bestValue) {
        bestValue = value;
        best = cand;
      }
      const gap = bound - bestValue;
      if (gap <= 1e-9 * Math.max(1, Math.abs(bound))) break;
      let norm = 0;
      for (let st = 0; st < sub.length; st++) if (!(lambda[st]! <= 0 && sub[st]! > 0)) norm += sub[st]! ** 2;
      if (norm === 0) break;
      const step = (theta * gap) / norm;
      for (let st = 0; st < sub.length; st++) lambda[st] = Math.max(0, lambda[st]! - step * sub[st]!);
      onIteration?.(iterations + 1, maxIter);
    }
  }
  if (!feasible0) {
    // More candidates: the hourly plan (optimal without switching costs) and coordinate ascent
    // from it and from the best repaired path; keep whichever is worth most.
    const hourly = solveHours(p, prep, inp);
    const h = fresh();
    const lowT = new Uint8Array(G);
    const highT = new Int32Array(G);
    for (let t = 0; t < T; t++) {
      hourly.hour(t, lowT, highT);
      h.low.set(lowT, t * G);
      h.high.set(highT, t * G);
    }
    h.used_w.set(hourly.used_w);
    h.hash_ths.set(hourly.hash_ths);
    // With a minimum dwell the repaired and hourly plans may move machines too soon; only the
    // improved plans (every group a whole-group DP path, which keeps the dwell) may be returned.
    const dwellSafe = x.dwell === 1;
    let chosen: DenseAssignment | null = dwellSafe ? best : null;
    let chosenValue = dwellSafe ? bestValue : -Infinity;
    for (const start of [h, best]) {
      const value0 = planValue(x, start);
      if (dwellSafe && value0 > chosenValue) {
        chosenValue = value0;
        chosen = start;
      }
      const copy = new DenseAssignment(
        p,
        prep,
        G,
        start.low.slice(),
        start.high.slice(),
        start.shadow_usd_per_mwh,
        start.lp_value_usd,
        start.used_w.slice(),
        start.hash_ths.slice(),
      );
      improve(x, copy, 2);
      const value = planValue(x, copy);
      if (value > chosenValue) {
        chosenValue = value;
        chosen = copy;
      }
    }
    best = chosen!;
  }
  return { assignment: best, bound_usd: bound, iterations };
}
