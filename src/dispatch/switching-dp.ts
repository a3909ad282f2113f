/**
 * The per-group dynamic program behind every switching-cost method (switching.ts picks the method).
 * For multipliers λ_st ≥ 0 (USD per grid W·h) on the site-hour caps (λ = 0: the cap-free paths), the
 * problem separates by group. All N_g machines of a group are identical, so each follows the best
 * single-machine path through its hull vertices (off included), found by DP over hours × vertices:
 *   best_t(v) = f_t(v) + max(best_{t−1}(v), max_u best_{t−1}(u) − κ),
 *   f_t(v) = r_t·H_v − (c_st + λ_st)·P_v·PUE   (USD; r in USD per TH/s·h, c and λ in USD per grid W·h),
 * O(hours · vertices) per group. Profiles under the hull are never needed: over any stretch of hours
 * a machine on such a profile is beaten by the better of its two hull neighbours, and a change
 * costs κ whichever profiles it joins.
 */
import type { HourlyInputs } from './hourly.js';
import type { DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';

export interface Ctx {
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
export function groupPath(x: Ctx, g: number, lambda: Float64Array, path: Uint8Array, back: Uint8Array, best: Float64Array, next: Float64Array, room_w?: Float64Array): number {
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
export function relax(x: Ctx, lambda: Float64Array, low: Uint8Array, used_w: Float64Array, groupValue?: Float64Array): number {
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
