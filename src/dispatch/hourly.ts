/**
 * The planner without switching costs: every site-hour is its own problem
 *
 *   maximise  Σ_g Σ_p x_gp · (r·H_p − c·PUE·P_p / 1e6)
 *   subject to Σ_p x_gp ≤ N_g (the rest are off),  Σ_g Σ_p x_gp · P_p · PUE ≤ cap_w,  x ≥ 0,
 *
 * a fractional multiple-choice knapsack. Its LP relaxation is solved exactly by the greedy over
 * the site's segments sorted by slope (segments.ts): take segments while their value r·σ − c is
 * positive and the cap holds; the first one that does not fit is taken fractionally. Optimality
 * (KKT): with λ = the value per grid W of the fractional segment (0 if the cap does not bind),
 * every taken segment has value ≥ λ, every untaken one ≤ λ, and λ > 0 only when the cap is full —
 * so λ is the cap's shadow price and no exchange improves the objective. Each hour costs two binary
 * searches over prefix sums, so the LP bound is O(hours · sites · log segments).
 *
 * Integrality: machines are whole. When the cap does not bind, the LP optimum is already whole
 * (every group sits on one hull vertex: the best vertex for a linear value). When it binds, at most
 * one group is split; the plan floors its count on the upper vertex, then fills the leftover cap
 * with whole machines from the next segments in value order. The plan's value is therefore ≤ the LP
 * bound; the difference is reported per hour and in total as the integrality gap (an upper bound
 * on how far the plan is from the integer optimum, which lies between the two).
 */
import type { DispatchProblem } from './problem.js';
import { fitCount, OFF, profitableCount, type Prepared, type SiteSegments } from './segments.js';
import { revenueUsdPerThHour } from './problem.js';

/** The assignment: per (hour t, group g) at index t·G + g. */
export interface Assignment {
  /** Hull vertex the group's other machines run at (0 = off). */
  low: Uint8Array;
  /** Machines one hull vertex above `low`. */
  high: Int32Array;
  /** Shadow price of each site-hour cap (USD per grid MWh), laid out s·hours + t. */
  shadow_usd_per_mwh: Float64Array;
  /** LP bound per hour (USD; energy at the effective price, before the DR constant). */
  lpValue_usd: Float64Array;
}

export interface HourlyInputs {
  /** Effective grid cap per site-hour (W), s·hours + t. */
  cap_w: Float64Array;
  /** DR payment per site-hour (USD/MWh), s·hours + t. */
  dr_usd_per_mwh: Float64Array;
}

const CAP_TOL = 1 + 1e-12;

/** Sets group levels for one site-hour: full segments [0, K), plus `frac` of segment K. */
function assignSite(seg: SiteSegments, prep: Prepared, p: DispatchProblem, base: number, K: number, frac: number, low: Uint8Array, high: Int32Array, s: number): void {
  const { vertexStart, vertexRank } = prep.hulls;
  for (const g of prep.siteGroups[s]!) {
    const v0 = vertexStart[g]!;
    const v1 = vertexStart[g + 1]!;
    let L = 0;
    while (v0 + L + 1 < v1 && vertexRank[v0 + L + 1]! < K && vertexRank[v0 + L + 1]! >= 0) L++;
    low[base + g] = L;
    high[base + g] = 0;
  }
  if (frac > 0 && K < seg.group.length) {
    const g = seg.group[K]!;
    high[base + g] = Math.floor(frac * p.groups[g]!.machines + 1e-9);
  }
}

/** Whole machines into the cap left after flooring: next segments in value order whose group sits wholly on the segment's start vertex. */
function fillSlack(seg: SiteSegments, prep: Prepared, p: DispatchProblem, pue: number, base: number, from: number, to: number, slack_w: number, low: Uint8Array, high: Int32Array): void {
  const { vertexStart, vertexPower_w } = prep.hulls;
  for (let j = from; j < to && slack_w > 0; j++) {
    const g = seg.group[j]!;
    const v = seg.vertex[j]!;
    const k = v - vertexStart[g]!;
    if (low[base + g] !== k - 1 || high[base + g] !== 0) continue;
    const perMachine = (vertexPower_w[v]! - vertexPower_w[v - 1]!) * pue;
    const m = Math.min(p.groups[g]!.machines, Math.floor(slack_w / perMachine));
    if (m > 0) {
      high[base + g] = m;
      slack_w -= m * perMachine;
    }
  }
}

export function solveHours(p: DispatchProblem, prep: Prepared, inp: HourlyInputs, onHour?: (t: number) => void): Assignment {
  const T = p.hours;
  const G = p.groups.length;
  const low = new Uint8Array(T * G);
  const high = new Int32Array(T * G);
  const shadow = new Float64Array(p.sites.length * T);
  const lpValue = new Float64Array(T);
  const { vertexStart, vertexPower_w } = prep.hulls;
  for (let t = 0; t < T; t++) {
    const r = revenueUsdPerThHour(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
    const base = t * G;
    for (let s = 0; s < p.sites.length; s++) {
      const site = p.sites[s]!;
      const seg = prep.sites[s]!;
      const st = s * T + t;
      const c_mwh = site.price_usd_per_mwh[t]! + (site.adder_usd_per_mwh ?? 0) + inp.dr_usd_per_mwh[st]!;
      const c = c_mwh / 1e6;
      const cap = inp.cap_w[st]! * CAP_TOL;
      const k1 = profitableCount(seg, r, c);
      const k2 = fitCount(seg, cap);
      let K = k1;
      let frac = 0;
      if (k2 < k1) {
        K = k2;
        frac = Math.max(0, Math.min(1, (cap - seg.cumW[k2]!) / seg.dW[k2]!));
        shadow[st] = r * seg.slope[k2]! * 1e6 - c_mwh;
      }
      let v = r * seg.cumH[K]! - c * seg.cumW[K]!;
      if (frac > 0) v += frac * (r * seg.dH[K]! - c * seg.dW[K]!);
      lpValue[t] = lpValue[t]! + v;
      assignSite(seg, prep, p, base, K, frac, low, high, s);
      if (k2 < k1) {
        let used = 0;
        for (const g of prep.siteGroups[s]!) {
          const v0 = vertexStart[g]! + low[base + g]!;
          const n = p.groups[g]!.machines;
          const h = high[base + g]!;
          used += ((n - h) * vertexPower_w[v0]! + (h > 0 ? h * vertexPower_w[v0 + 1]! : 0)) * site.pue;
        }
        fillSlack(seg, prep, p, site.pue, base, K + 1, k1, inp.cap_w[st]! - used, low, high);
      }
    }
    onHour?.(t);
  }
  return { low, high, shadow_usd_per_mwh: shadow, lpValue_usd: lpValue };
}

/** Profile index (into the group's `profiles`) of hull vertex `k` of group g; OFF (255) for off. */
export function vertexProfileIndex(prep: Prepared, g: number, k: number): number {
  return prep.hulls.vertexProfile[prep.hulls.vertexStart[g]! + k] ?? OFF;
}
