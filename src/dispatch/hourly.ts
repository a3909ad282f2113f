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
 *
 * Overclock wear enters each segment's value, r·dH − w·dE − c·dW (segments.ts), so each hour walks
 * the order for its own r (segmentOrder); the proof above holds within that order unchanged.
 *
 * The plan is kept compact: per site-hour the number K of whole segments taken plus a short list of
 * whole-machine overrides (the split group, the fill-ins). A group's profile mix in an hour follows
 * from K and its segments' ranks; `counts()` expands one hour for all groups when a caller (the CSV
 * writer, tests) wants the table. Planning is thus O(hours · sites · log segments) and the full
 * hour × group table costs O(hours · groups) only when asked for.
 */
import { revenueUsdPerThHour, type DispatchProblem } from './problem.js';
import { fitCount, OFF, profitableCount, segmentOrder, type Prepared, type SiteSegments } from './segments.js';

/** A plan's machine assignment, with the per-site-hour figures the totals need. */
export interface Assignment {
  /**
   * Fills, for hour t, `out[vertexStart[g] + k]` = machines of group g on its hull vertex k (0 =
   * off), for every group (segments.ts: GroupHulls). Every group's counts sum to its machines.
   */
  counts(t: number, out: Int32Array): void;
  /** Shadow price of each site-hour cap (USD per grid MWh), laid out s·hours + t. */
  shadow_usd_per_mwh: Float64Array;
  /** LP bound per hour (USD; energy at the effective price, before the DR constant). */
  lp_value_usd: Float64Array;
  /** Whole-machine plan per site-hour (s·hours + t): grid W drawn and TH/s hashed. */
  used_w: Float64Array;
  hash_ths: Float64Array;
}

export interface HourlyInputs {
  /** Effective grid cap per site-hour (W), s·hours + t. */
  cap_w: Float64Array;
  /** DR payment per site-hour (USD/MWh), s·hours + t. */
  dr_usd_per_mwh: Float64Array;
}

const CAP_TOL = 1 + 1e-12;

/** Vertex counts from the compact form: group g on vertex low[g], high[g] of its machines one vertex up. */
export function countsFromLowHigh(p: DispatchProblem, prep: Prepared, low: Uint8Array, high: Int32Array, out: Int32Array): void {
  const { vertexStart } = prep.hulls;
  out.fill(0);
  for (let g = 0; g < p.groups.length; g++) {
    const v = vertexStart[g]! + low[g]!;
    out[v] = p.groups[g]!.machines - high[g]!;
    if (high[g]! > 0) out[v + 1] = high[g]!;
  }
}

export class GreedyAssignment implements Assignment {
  private readonly low: Uint8Array;
  private readonly high: Int32Array;
  constructor(
    private readonly p: DispatchProblem,
    private readonly prep: Prepared,
    private readonly T: number,
    /** Whole segments taken per site-hour. */
    private readonly K: Int32Array,
    /** Overrides per site-hour st: entries ovStart[st] … ovStart[st+1]−1 of (group, machines one vertex up). */
    private readonly ovStart: Int32Array,
    private readonly ovGroup: Int32Array,
    private readonly ovHigh: Int32Array,
    readonly shadow_usd_per_mwh: Float64Array,
    readonly lp_value_usd: Float64Array,
    readonly used_w: Float64Array,
    readonly hash_ths: Float64Array,
  ) {
    this.low = new Uint8Array(p.groups.length);
    this.high = new Int32Array(p.groups.length);
  }

  counts(t: number, out: Int32Array): void {
    this.hour(t, this.low, this.high);
    countsFromLowHigh(this.p, this.prep, this.low, this.high, out);
  }

  /** The compact form of hour t: group g on vertex low[g], high[g] of its machines one vertex up. */
  hour(t: number, low: Uint8Array, high: Int32Array): void {
    low.fill(0);
    high.fill(0);
    const { vertexStart } = this.prep.hulls;
    const order = segmentOrder(this.prep, revenueUsdPerThHour(this.p.hashprice_usd_per_ph_day[t]!, this.p.pool_fee));
    order.sites.forEach((seg, s) => {
      const st = s * this.T + t;
      const K = this.K[st]!;
      // Segments of a group come in vertex order, so the last write is the group's highest vertex.
      for (let j = 0; j < K; j++) low[seg.group[j]!] = seg.vertex[j]! - vertexStart[seg.group[j]!]!;
      for (let i = this.ovStart[st]!; i < this.ovStart[st + 1]!; i++) high[this.ovGroup[i]!] = this.ovHigh[i]!;
    });
  }
}

/**
 * Whole machines into the cap left after flooring: the next segments in value order whose group
 * sits wholly on the segment's start vertex (its previous segment taken, and not the split group).
 */
function fillSlack(
  seg: SiteSegments,
  prep: Prepared,
  vertexRank: Int32Array,
  machines: Float64Array,
  pue: number,
  K: number,
  to: number,
  slack_w: number,
  ovG: number[],
  ovH: number[],
): [number, number] {
  const { vertexStart, vertex_power_w, vertex_hashrate_ths } = prep.hulls;
  let addW = 0;
  let addH = 0;
  for (let j = K + 1; j < to && slack_w > 0; j++) {
    const g = seg.group[j]!;
    const v = seg.vertex[j]!;
    if (g === seg.group[K] || (v - 1 !== vertexStart[g] && !(vertexRank[v - 1]! < K))) continue;
    const perMachine = (vertex_power_w[v]! - vertex_power_w[v - 1]!) * pue;
    const m = Math.min(machines[g]!, Math.floor(slack_w / perMachine));
    if (m > 0) {
      ovG.push(g);
      ovH.push(m);
      slack_w -= m * perMachine;
      addW += m * perMachine;
      addH += m * (vertex_hashrate_ths[v]! - vertex_hashrate_ths[v - 1]!);
    }
  }
  return [addW, addH];
}

export function solveHours(p: DispatchProblem, prep: Prepared, inp: HourlyInputs, onHour?: (t: number) => void): GreedyAssignment {
  const T = p.hours;
  const S = p.sites.length;
  const Ks = new Int32Array(S * T);
  const ovStart = new Int32Array(S * T + 1);
  const ovG: number[] = [];
  const ovH: number[] = [];
  const shadow = new Float64Array(S * T);
  const lpValue = new Float64Array(T);
  const used_w = new Float64Array(S * T);
  const hash_ths = new Float64Array(S * T);
  const machines = Float64Array.from(p.groups, (g) => g.machines);
  const { vertex_power_w, vertex_hashrate_ths } = prep.hulls;
  const wear = prep.wear_usd_per_th_hour;
  // Site-major so the override lists come out in site-hour order (st = s·T + t).
  for (let s = 0; s < S; s++) {
    const site = p.sites[s]!;
    const adder = site.adder_usd_per_mwh ?? 0;
    for (let t = 0; t < T; t++) {
      const r = revenueUsdPerThHour(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
      const order = segmentOrder(prep, r);
      const seg = order.sites[s]!;
      const st = s * T + t;
      ovStart[st] = ovG.length;
      const c_mwh = site.price_usd_per_mwh[t]! + adder + inp.dr_usd_per_mwh[st]!;
      const c = c_mwh / 1e6;
      const cap = inp.cap_w[st]! * CAP_TOL;
      const k1 = profitableCount(seg, r, c);
      const k2 = fitCount(seg, cap);
      const K = Math.min(k1, k2);
      Ks[st] = K;
      let w = seg.cumW[K]!;
      let h = seg.cumH[K]!;
      let v = r * h - wear * seg.cumE[K]! - c * w;
      if (k2 < k1) {
        // The cap binds: segment K is split. LP: take the fraction that fills the cap exactly.
        const frac = Math.max(0, Math.min(1, (cap - w) / seg.dW[K]!));
        shadow[st] = r * seg.slope[K]! * 1e6 - c_mwh;
        v += frac * (r * seg.dH[K]! - wear * seg.dE[K]! - c * seg.dW[K]!);
        // Whole machines: floor the split group's count on its upper vertex, then fill the rest.
        const g = seg.group[K]!;
        const m = Math.floor(frac * machines[g]! + 1e-9);
        if (m > 0) {
          const vx = seg.vertex[K]!;
          ovG.push(g);
          ovH.push(m);
          w += m * (vertex_power_w[vx]! - vertex_power_w[vx - 1]!) * site.pue;
          h += m * (vertex_hashrate_ths[vx]! - vertex_hashrate_ths[vx - 1]!);
        }
        const [aw, ah] = fillSlack(seg, prep, order.vertexRank, machines, site.pue, K, k1, inp.cap_w[st]! - w, ovG, ovH);
        w += aw;
        h += ah;
      }
      lpValue[t] = lpValue[t]! + v;
      used_w[st] = w;
      hash_ths[st] = h;
      if (s === S - 1) onHour?.(t);
    }
  }
  ovStart[S * T] = ovG.length;
  return new GreedyAssignment(p, prep, T, Ks, ovStart, Int32Array.from(ovG), Int32Array.from(ovH), shadow, lpValue, used_w, hash_ths);
}

/** Profile index (into the group's `profiles`) of hull vertex `k` of group g; OFF (255) for off. */
export function vertexProfileIndex(prep: Prepared, g: number, k: number): number {
  return prep.hulls.vertexProfile[prep.hulls.vertexStart[g]! + k] ?? OFF;
}
