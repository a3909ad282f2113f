/**
 * Per-site tables the planner walks each hour: every group's upper concave hull of operating
 * points (from src/hardware/curve.ts, with "off" at the origin) cut into segments, and all of a
 * site's segments sorted by slope.
 *
 * A segment k of group g goes from hull vertex k−1 to vertex k and, for all N_g machines, adds
 *   dW = N_g · (P_k − P_{k−1}) · PUE  grid watts and  dH = N_g · (H_k − H_{k−1})  TH/s,
 * with slope σ = dH / dW (TH/s per grid W). In an hour with revenue r (USD per TH/s·h) and
 * effective price c (USD per grid MWh, incl. adder and any DR payment), the segment's value per
 * grid MWh is  r·σ·1e6 − c.  Because r and c are common to all groups at a site in a given hour,
 * sorting by σ once orders the segments by marginal value in *every* hour; within a group hull
 * slopes strictly decrease, so the sorted order never takes segment k before k−1.
 * Profiles below the hull never appear: a mix of machines on the two neighbouring hull vertices
 * gives at least as much hashrate for the same power.
 */
import { upperConcaveHull, type CurvePoint } from '../hardware/curve.js';
import type { DispatchProblem } from './problem.js';

export interface GroupHulls {
  /** vertexStart[g] … vertexStart[g+1]−1: group g's hull vertices; vertex 0 is off. */
  vertexStart: Int32Array;
  /** Per vertex: profile index into the group's `profiles`, 255 for off. */
  vertexProfile: Uint8Array;
  /** Per vertex: one machine's wall power (W, before PUE) and hashrate (TH/s). */
  vertex_power_w: Float64Array;
  vertex_hashrate_ths: Float64Array;
  /** Per vertex k ≥ 1: the segment's global rank in its site's sorted order (vertex 0 unused). */
  vertexRank: Int32Array;
}

export interface SiteSegments {
  /** Segments of the site sorted by slope, descending. */
  group: Int32Array;
  /** Hull vertex the segment ends at (≥ 1). */
  vertex: Int32Array;
  /** TH/s per grid W. */
  slope: Float64Array;
  dW: Float64Array;
  dH: Float64Array;
  /** Prefix sums over the sorted order, length n + 1: cumW[k] = Σ_{j<k} dW[j]. */
  cumW: Float64Array;
  cumH: Float64Array;
}

export interface Prepared {
  hulls: GroupHulls;
  sites: SiteSegments[];
  /** Groups of each site, in index order. */
  siteGroups: Int32Array[];
}

export const OFF = 255;

export function prepareSegments(p: DispatchProblem): Prepared {
  const G = p.groups.length;
  const vertexStart = new Int32Array(G + 1);
  const prof: number[] = [];
  const pw: number[] = [];
  const hs: number[] = [];
  for (let g = 0; g < G; g++) {
    const grp = p.groups[g]!;
    const index = new Map<CurvePoint, number>();
    const pts = grp.profiles.map((pr, j) => {
      const pt: CurvePoint = { power_w: pr.power_w, hashrate_ths: pr.hashrate_ths, name: pr.name };
      index.set(pt, j);
      return pt;
    });
    // keepPastTop: a falling tail (more power, less hashrate) pays only at negative prices, which ERCOT has.
    const hull = upperConcaveHull(pts, { includeOff: true, keepPastTop: true });
    vertexStart[g] = prof.length;
    for (const v of hull) {
      prof.push(index.get(v) ?? OFF);
      pw.push(v.power_w);
      hs.push(v.hashrate_ths);
    }
  }
  vertexStart[G] = prof.length;
  const hulls: GroupHulls = {
    vertexStart,
    vertexProfile: Uint8Array.from(prof),
    vertex_power_w: Float64Array.from(pw),
    vertex_hashrate_ths: Float64Array.from(hs),
    vertexRank: new Int32Array(prof.length).fill(-1),
  };
  const siteGroups: Int32Array[] = p.sites.map((_, s) => Int32Array.from(p.groups.map((g, i) => (g.site === s ? i : -1)).filter((i) => i >= 0)));
  const sites = p.sites.map((site, s) => {
    const segs: { g: number; v: number; slope: number; dW: number; dH: number }[] = [];
    for (const g of siteGroups[s]!) {
      const n = p.groups[g]!.machines;
      if (n === 0) continue;
      for (let v = vertexStart[g]! + 1; v < vertexStart[g + 1]!; v++) {
        const dW = n * (pw[v]! - pw[v - 1]!) * site.pue;
        const dH = n * (hs[v]! - hs[v - 1]!);
        segs.push({ g, v, slope: dH / dW, dW, dH });
      }
    }
    segs.sort((a, b) => b.slope - a.slope || a.g - b.g || a.v - b.v);
    const n = segs.length;
    const out: SiteSegments = {
      group: new Int32Array(n),
      vertex: new Int32Array(n),
      slope: new Float64Array(n),
      dW: new Float64Array(n),
      dH: new Float64Array(n),
      cumW: new Float64Array(n + 1),
      cumH: new Float64Array(n + 1),
    };
    segs.forEach((sg, k) => {
      out.group[k] = sg.g;
      out.vertex[k] = sg.v;
      out.slope[k] = sg.slope;
      out.dW[k] = sg.dW;
      out.dH[k] = sg.dH;
      out.cumW[k + 1] = out.cumW[k]! + sg.dW;
      out.cumH[k + 1] = out.cumH[k]! + sg.dH;
      hulls.vertexRank[sg.v] = k;
    });
    return out;
  });
  return { hulls, sites, siteGroups };
}

/**
 * Number of leading segments worth taking: those with r·σ − c > 0 (r ≥ 0, c per grid W·h).
 * With r = 0 every segment is worth −c: all of them when power has a negative price, else none.
 */
export function profitableCount(seg: SiteSegments, r: number, c_per_wh: number): number {
  const n = seg.slope.length;
  if (r <= 0) return c_per_wh < 0 ? n : 0;
  const threshold = c_per_wh / r;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seg.slope[mid]! > threshold) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Largest k with cumW[k] ≤ cap (grid W): how many whole segments fit under the cap. */
export function fitCount(seg: SiteSegments, cap_w: number): number {
  let lo = 0;
  let hi = seg.cumW.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (seg.cumW[mid]! <= cap_w) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
