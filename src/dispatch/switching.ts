/**
 * The planner with a switching cost κ (USD per machine per profile change): hours are coupled.
 *
 * Method — Lagrangian relaxation of the site caps with per-group dynamic programming:
 *  1. For multipliers λ_st ≥ 0 (USD per grid MWh) on each site-hour cap, the problem separates by
 *     group. All N_g machines of a group are identical, so each follows the best single-machine
 *     path through its hull vertices (off included), found by DP over hours × vertices:
 *       best_t(v) = f_t(v) + max(best_{t−1}(v), max_u best_{t−1}(u) − κ),
 *       f_t(v) = r_t·H_v − (c_st + λ_st)·P_v·PUE / 1e6,
 *     O(hours · vertices) per group. Profiles under the hull are never needed: over any stretch of
 *     hours a machine on such a profile is beaten by the better of its two hull neighbours, and a
 *     change costs κ whichever profiles it joins.
 *  2. Weak duality: L(λ) = Σ_g N_g·DP_g(λ) + Σ_st λ_st·cap_st/1e6 (+ the DR constant) is an upper
 *     bound on the optimum for every λ ≥ 0, and min_λ L(λ) equals the LP relaxation's optimum (the
 *     per-group path polytopes are integral).
 *  3. λ = 0 first: if the paths then respect every cap, they are optimal (bound = value, exact).
 *     Otherwise the multipliers start at the hourly planner's cap shadow prices and are improved by
 *     a projected subgradient method with Polyak steps; every iterate's paths are repaired to
 *     feasibility (in each over-cap site-hour, machines step down one hull vertex at a time, the
 *     cheapest value-per-watt first) and the best feasible plan is kept.
 * Optimality is certified, not assumed: the plan reports the best bound L(λ) as `lp_bound_usd`
 * and the difference to its own value as the gap. Zero gap ⇔ proven optimal.
 */
import { countsFromLowHigh, solveHours, type Assignment, type HourlyInputs } from './hourly.js';
import type { LpSolver } from '../ports.js';
import { revenueUsdPerThHour, type DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';
import { solveSitesExactly } from './switching-exact.js';
import { siteLpColumns } from './switching-lp.js';

/** Largest LP (columns over all capped sites) handed to the solver; beyond it, the Lagrangian method. */
export const DEFAULT_MAX_LP_COLUMNS = 3_000_000;

export interface SwitchingOptions {
  onHour?: ((t: number) => void) | undefined;
  /** Solves the per-site LPs exactly when caps bind (switching-exact.ts); without one, the Lagrangian method. */
  lpSolver?: LpSolver | undefined;
  maxLpColumns?: number | undefined;
}

class DenseAssignment implements Assignment {
  private readonly lowT: Uint8Array;
  private readonly highT: Int32Array;
  constructor(
    private readonly p: DispatchProblem,
    private readonly prep: Prepared,
    private readonly G: number,
    readonly low: Uint8Array,
    readonly high: Int32Array,
    readonly shadow_usd_per_mwh: Float64Array,
    readonly lpValue_usd: Float64Array,
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

interface Ctx {
  p: DispatchProblem;
  prep: Prepared;
  inp: HourlyInputs;
  r: Float64Array;
  /** Effective energy price per site-hour, USD per grid W·h. */
  c: Float64Array;
  kappa: number;
}

/**
 * Best single-machine path of group g under multipliers λ (USD per grid W·h); writes path[t] =
 * vertex index. With `room_w` (grid W per hour), vertices whose whole-group draw exceeds the room
 * are forbidden (off never is).
 */
function groupPath(x: Ctx, g: number, lambda: Float64Array, path: Uint8Array, back: Uint8Array, best: Float64Array, next: Float64Array, room_w?: Float64Array): number {
  const { p, prep } = x;
  const T = p.hours;
  const grp = p.groups[g]!;
  const pue = p.sites[grp.site]!.pue;
  const v0 = prep.hulls.vertexStart[g]!;
  const V = prep.hulls.vertexStart[g + 1]! - v0;
  // Hot loop (runs hours × vertices per group per multiplier update): locals only.
  const W = Float64Array.from(prep.hulls.vertexPower_w.subarray(v0, v0 + V), (w) => w * pue);
  const Hv = prep.hulls.vertexHash_ths.subarray(v0, v0 + V);
  const groupW = grp.machines;
  const r = x.r;
  const c = x.c;
  const kappa = x.kappa;
  const base = grp.site * T;
  best.fill(0, 0, V);
  for (let t = 0; t < T; t++) {
    const price = c[base + t]! + lambda[base + t]!;
    const rt = r[t]!;
    let bu = 0;
    let bb = best[0]!;
    for (let u = 1; u < V; u++) {
      if (best[u]! > bb) {
        bb = best[u]!;
        bu = u;
      }
    }
    const switchIn = t === 0 ? -Infinity : bb - kappa;
    const row = t * V;
    const room = room_w ? room_w[t]! : Infinity;
    for (let v = 0; v < V; v++) {
      if (v > 0 && groupW * W[v]! > room) {
        next[v] = -Infinity;
        back[row + v] = v;
        continue;
      }
      const f = rt * Hv[v]! - price * W[v]!;
      const stay = best[v]!;
      if (stay >= switchIn) {
        next[v] = stay + f;
        back[row + v] = v;
      } else {
        next[v] = switchIn + f;
        back[row + v] = bu;
      }
    }
    for (let v = 0; v < V; v++) best[v] = next[v]!;
  }
  let v = 0;
  for (let u = 1; u < V; u++) if (best[u]! > best[v]!) v = u;
  const value = best[v]!;
  for (let t = T - 1; t >= 0; t--) {
    path[t] = v;
    v = back[t * V + v]!;
  }
  return value;
}

/** All groups' paths under λ; returns L(λ) without the cap term, and fills low (paths) and used_w. */
function relax(x: Ctx, lambda: Float64Array, low: Uint8Array, used_w: Float64Array, groupValue?: Float64Array): number {
  const { p, prep } = x;
  const T = p.hours;
  const G = p.groups.length;
  const maxV = Math.max(...p.groups.map((_, g) => prep.hulls.vertexStart[g + 1]! - prep.hulls.vertexStart[g]!));
  const path = new Uint8Array(T);
  const back = new Uint8Array(T * maxV);
  const best = new Float64Array(maxV);
  const next = new Float64Array(maxV);
  used_w.fill(0);
  let total = 0;
  for (let g = 0; g < G; g++) {
    const grp = p.groups[g]!;
    best.fill(0);
    const value = groupPath(x, g, lambda, path, back, best, next);
    if (groupValue) groupValue[g] = value;
    total += grp.machines * value;
    const pue = p.sites[grp.site]!.pue;
    const v0 = prep.hulls.vertexStart[g]!;
    for (let t = 0; t < T; t++) {
      low[t * G + g] = path[t]!;
      used_w[grp.site * T + t] = used_w[grp.site * T + t]! + grp.machines * prep.hulls.vertexPower_w[v0 + path[t]!]! * pue;
    }
  }
  return total;
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
  const { vertexStart, vertexPower_w: P, vertexHash_ths: H } = prep.hulls;
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
  const { vertexStart, vertexPower_w: P, vertexHash_ths: H } = prep.hulls;
  const maxV = Math.max(...p.groups.map((_, g) => vertexStart[g + 1]! - vertexStart[g]!));
  const zero = new Float64Array(p.sites.length * T);
  const path = new Uint8Array(T);
  const back = new Uint8Array(T * maxV);
  const best = new Float64Array(maxV);
  const next = new Float64Array(maxV);
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
      best.fill(0);
      groupPath(x, g, zero, path, back, best, next, room);
      for (let t = 0; t < T; t++) {
        const st = grp.site * T + t;
        const [w, h] = mine(t);
        const v = path[t]!;
        a.low[t * G + g] = v;
        a.high[t * G + g] = 0;
        a.used_w[st] = a.used_w[st]! - w + n * P[v0 + v]! * pue;
        a.hash_ths[st] = a.hash_ths[st]! - h + n * H[v0 + v]!;
      }
    }
  }
}

/**
 * Machine profile changes of a compact plan: per group and hour, half the L1 distance between the
 * two hours' vertex histograms (at most two occupied vertices each), as plan.ts counts them.
 */
function denseChanges(x: Ctx, a: DenseAssignment): number {
  const G = x.p.groups.length;
  let moved2 = 0;
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
        moved2 += Math.abs(sum);
      }
    }
  }
  return moved2 / 2;
}

/** Objective of a feasible plan: energy value at effective prices minus switching (DR constant excluded). */
function planValue(x: Ctx, a: DenseAssignment): number {
  let v = 0;
  const T = x.p.hours;
  for (let s = 0; s < x.p.sites.length; s++) {
    for (let t = 0; t < T; t++) v += x.r[t]! * a.hash_ths[s * T + t]! - x.c[s * T + t]! * a.used_w[s * T + t]!;
  }
  return v - x.kappa * denseChanges(x, a);
}

export function solveWithSwitching(
  p: DispatchProblem,
  prep: Prepared,
  inp: HourlyInputs,
  opts: SwitchingOptions = {},
): { assignment: Assignment; lpBound_usd: number; method: string } {
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
  const x: Ctx = { p, prep, inp, r, c, kappa: p.switching?.cost_usd_per_change ?? 0 };
  const capTerm = (lambda: Float64Array): number => lambda.reduce((acc, l, st) => acc + l * inp.cap_w[st]!, 0);
  const fresh = (): DenseAssignment => new DenseAssignment(p, prep, G, new Uint8Array(T * G), new Int32Array(T * G), new Float64Array(S * T), new Float64Array(T), new Float64Array(S * T), new Float64Array(S * T));

  let lambda = new Float64Array(S * T);
  let cand = fresh();
  const pathValue_usd = new Float64Array(G);
  let bound = relax(x, lambda, cand.low, cand.used_w, pathValue_usd);
  const overCap = p.sites.map((_, s) => cand.used_w.subarray(s * T, (s + 1) * T).some((w, t) => w > inp.cap_w[s * T + t]! * (1 + 1e-12)));
  const feasible0 = !overCap.includes(true);
  if (!feasible0 && opts.lpSolver) {
    const columns = overCap.reduce((acc, over, s) => acc + (over ? siteLpColumns(p, prep, s) : 0), 0);
    const exact = columns <= (opts.maxLpColumns ?? DEFAULT_MAX_LP_COLUMNS) ? solveSitesExactly(p, prep, inp, { r, c, kappa: x.kappa, paths: cand.low, pathValue_usd, overCap }, opts.lpSolver) : null;
    if (exact) {
      for (let t = 0; t < T; t++) onHour?.(t);
      return {
        assignment: exact.assignment,
        lpBound_usd: exact.bound_usd,
        method: `exact LP relaxation (switching cost ${x.kappa} USD per change): per-group dynamic programming over hull vertices × hours for the ${S - exact.lpSites} site(s) whose caps never bind, and one LP per site for the ${exact.lpSites} where they do (vertex counts per hour, arrivals priced at the switching cost), solved by the injected LP solver; whole machines by flooring the LP's counts`,
      };
    }
  }
  repair(x, cand.low, cand.high, cand.used_w, cand.hash_ths);
  let best = cand;
  let bestValue = planValue(x, cand);
  let iterations = 0;
  if (!feasible0) {
    // Start from the hourly planner's shadow prices (exact when κ = 0), in USD per grid W·h.
    lambda = Float64Array.from(solveHours(p, prep, inp).shadow_usd_per_mwh, (l) => l / 1e6);
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
    for (const start of [h, best]) {
      const value0 = planValue(x, start);
      if (value0 > bestValue) {
        bestValue = value0;
        best = start;
      }
      const copy = new DenseAssignment(p, prep, G, start.low.slice(), start.high.slice(), start.shadow_usd_per_mwh, start.lpValue_usd, start.used_w.slice(), start.hash_ths.slice());
      improve(x, copy, 2);
      const value = planValue(x, copy);
      if (value > bestValue) {
        bestValue = value;
        best = copy;
      }
    }
  }
  for (let t = 0; t < T; t++) onHour?.(t);
  return {
    assignment: best,
    lpBound_usd: bound,
    method: feasible0
      ? `per-group dynamic programming over hull vertices × hours (switching cost ${x.kappa} USD per change); caps not binding, so the paths are optimal (bound = value)`
      : `Lagrangian relaxation of the site caps with per-group dynamic programming (switching cost ${x.kappa} USD per change), ${iterations} subgradient iterations from the hourly shadow prices, paths repaired to the caps; optimality certified up to the reported gap`,
  };
}
