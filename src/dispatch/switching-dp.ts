/**
 * The per-group dynamic program behind every switching-cost method (switching.ts picks the method).
 * For multipliers λ_st ≥ 0 (USD per grid W·h) on the site-hour caps (λ = 0: the cap-free paths), the
 * problem separates by group. All N_g machines of a group are identical, so each follows the best
 * single-machine path through its hull vertices (off included), found by DP over hours × vertices:
 *   best_t(v) = f_t(v) + max(best_{t−1}(v), max_u best_{t−1}(u) − κ_{t,v}),
 *   f_t(v) = r_t·H_v − (c_st + λ_st)·P_v·PUE,   κ_{t,v} = κ₀ + m/60 · r_t·H_v   (USD)
 * (r in USD per TH/s·h, c and λ in USD per grid W·h, κ₀ USD per change, m lost minutes per change;
 * problem.ts: SwitchingRules), O(hours · vertices) per group.
 * With a minimum dwell of D hours the state is (vertex, hours in it capped at D): a machine may
 * leave only from age D, and enters at age 1 — O(hours · vertices · D) per group:
 *   best_t(v,1) = f_t(v) + max_u best_{t−1}(u,D) − κ_{t,v},
 *   best_t(v,a) = f_t(v) + best_{t−1}(v,a−1)                         (1 < a < D),
 *   best_t(v,D) = f_t(v) + max(best_{t−1}(v,D−1), best_{t−1}(v,D)).
 * Hour 0 starts every vertex at age D. (max_u includes u = v: re-entering v is never better than
 * staying, so it changes no optimum.)
 * Profiles under the hull are never needed: over a stretch of hours on one profile the value,
 * arrival cost included, is linear in (power, hashrate), so the better of the two hull
 * neighbours does at least as well over the same stretch (same dwell).
 */
import type { HourlyInputs } from './hourly.js';
import type { DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';

export interface Ctx {
  p: DispatchProblem;
  prep: Prepared;
  inp: HourlyInputs;
  /** USD per TH/s·h, per hour. */
  r: Float64Array;
  /** Effective energy price per site-hour, USD per grid W·h. */
  c: Float64Array;
  /** κ₀: fixed USD per machine per change. */
  kappa: number;
  /** Lost hashing per change in hours (lost minutes / 60). */
  lostHours: number;
  /** Minimum dwell D (hours, ≥ 1). */
  dwell: number;
}

/** κ_{t,v} of one machine arriving at vertex v (global index) in hour t (USD). */
export function arrivalCost(x: Ctx, t: number, v: number): number {
  return x.kappa + x.lostHours * x.r[t]! * x.prep.hulls.vertex_hashrate_ths[v]!;
}

/** Scratch buffers for groupPath, sized for the largest group. */
export interface DpWork {
  best: Float64Array;
  next: Float64Array;
  /** Per hour × vertex: the vertex a machine arriving at age 1 came from (or, D = 1, the previous vertex). */
  back1: Uint8Array;
  /** Per hour × vertex: 1 when age D was reached from age D − 1, 0 when it stayed at D. */
  backD: Uint8Array;
  path: Uint8Array;
}

export function dpWork(x: Ctx): DpWork {
  const { vertexStart } = x.prep.hulls;
  let maxV = 1;
  for (let g = 0; g < x.p.groups.length; g++) maxV = Math.max(maxV, vertexStart[g + 1]! - vertexStart[g]!);
  const T = x.p.hours;
  return {
    best: new Float64Array(maxV * x.dwell),
    next: new Float64Array(maxV * x.dwell),
    back1: new Uint8Array(T * maxV),
    backD: new Uint8Array(T * maxV),
    path: new Uint8Array(T),
  };
}

/**
 * Best single-machine path of group g under multipliers λ (USD per grid W·h); writes w.path[t] =
 * vertex index within the group and returns its value (USD). With `room_w` (grid W per hour),
 * vertices whose whole-group draw exceeds the room are forbidden (off never is).
 */
export function groupPath(x: Ctx, g: number, lambda: Float64Array, w: DpWork, room_w?: Float64Array): number {
  const { p, prep } = x;
  const T = p.hours;
  const grp = p.groups[g]!;
  const pue = p.sites[grp.site]!.pue;
  const v0 = prep.hulls.vertexStart[g]!;
  const V = prep.hulls.vertexStart[g + 1]! - v0;
  // Hot loop (runs hours × vertices × D per group per multiplier update): locals only.
  const W = Float64Array.from(prep.hulls.vertex_power_w.subarray(v0, v0 + V), (pw) => pw * pue);
  const Hv = prep.hulls.vertex_hashrate_ths.subarray(v0, v0 + V);
  // Overclock wear per machine-hour at each vertex (USD), problem.ts: overclock_wear_usd_per_th_hour.
  const Wear = Float64Array.from(prep.hulls.vertex_wear_ths.subarray(v0, v0 + V), (e) => e * prep.wear_usd_per_th_hour);
  const { back1, backD, path } = w;
  let best = w.best;
  let next = w.next;
  const groupW = grp.machines;
  const r = x.r;
  const c = x.c;
  const kappa = x.kappa;
  const lostHours = x.lostHours;
  const D = x.dwell;
  const last = D - 1;
  const base = grp.site * T;
  best.fill(-Infinity, 0, V * D);
  for (let v = 0; v < V; v++) best[v * D + last] = 0;
  for (let t = 0; t < T; t++) {
    const price = c[base + t]! + lambda[base + t]!;
    const rt = r[t]!;
    let bu = 0;
    let bb = best[last]!;
    for (let u = 1; u < V; u++) {
      if (best[u * D + last]! > bb) {
        bb = best[u * D + last]!;
        bu = u;
      }
    }
    const leave = t === 0 ? -Infinity : bb - kappa;
    const lostRate = lostHours * rt;
    const row = t * V;
    const room = room_w ? room_w[t]! : Infinity;
    if (D === 1) {
      // No dwell: one state per vertex (the common case, kept as tight as the loop can be).
      for (let v = 0; v < V; v++) {
        if (v > 0 && groupW * W[v]! > room) {
          next[v] = -Infinity;
          back1[row + v] = v;
          continue;
        }
        const f = rt * Hv[v]! - Wear[v]! - price * W[v]!;
        const switchIn = leave - lostRate * Hv[v]!;
        const stay = best[v]!;
        if (stay >= switchIn) {
          next[v] = stay + f;
          back1[row + v] = v;
        } else {
          next[v] = switchIn + f;
          back1[row + v] = bu;
        }
      }
    } else {
      for (let v = 0; v < V; v++) {
        const o = v * D;
        back1[row + v] = bu;
        backD[row + v] = 0;
        if (v > 0 && groupW * W[v]! > room) {
          next.fill(-Infinity, o, o + D);
          continue;
        }
        const f = rt * Hv[v]! - Wear[v]! - price * W[v]!;
        next[o] = leave - lostRate * Hv[v]! + f;
        for (let a = 1; a < last; a++) next[o + a] = best[o + a - 1]! + f;
        const young = best[o + last - 1]!;
        const old = best[o + last]!;
        if (old >= young) next[o + last] = old + f;
        else {
          next[o + last] = young + f;
          backD[row + v] = 1;
        }
      }
    }
    [best, next] = [next, best];
  }
  let v = 0;
  let a = last;
  for (let s = 0; s < V * D; s++) {
    if (best[s]! > best[v * D + a]!) {
      v = Math.floor(s / D);
      a = s % D;
    }
  }
  const value = best[v * D + a]!;
  for (let t = T - 1; t >= 0; t--) {
    path[t] = v;
    if (D === 1) v = back1[t * V + v]!;
    else if (a === 0) {
      v = back1[t * V + v]!;
      a = last;
    } else if (a < last) a--;
    else a = backD[t * V + v]! ? last - 1 : last;
  }
  return value;
}

/** All groups' paths under λ; returns L(λ) without the cap term, and fills low (paths, t·G + g) and used_w. */
export function relax(x: Ctx, lambda: Float64Array, low: Uint8Array, used_w: Float64Array, groupValue?: Float64Array): number {
  const { p, prep } = x;
  const T = p.hours;
  const G = p.groups.length;
  const w = dpWork(x);
  used_w.fill(0);
  let total = 0;
  for (let g = 0; g < G; g++) {
    const grp = p.groups[g]!;
    const value = groupPath(x, g, lambda, w);
    if (groupValue) groupValue[g] = value;
    total += grp.machines * value;
    const pue = p.sites[grp.site]!.pue;
    const v0 = prep.hulls.vertexStart[g]!;
    for (let t = 0; t < T; t++) {
      low[t * G + g] = w.path[t]!;
      used_w[grp.site * T + t] = used_w[grp.site * T + t]! + grp.machines * prep.hulls.vertex_power_w[v0 + w.path[t]!]! * pue;
    }
  }
  return total;
}
