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
 *
 * Overclock wear (problem.ts: overclock_wear_usd_per_th_hour, w) charges each TH/s above the group's
 * stock: a segment also adds dE = N_g · (E_k − E_{k−1}) TH/s over stock, E = max(0, H − H_stock), and
 * its value per grid W becomes r·σ' − c with the effective slope σ' = (dH − (w/r)·dE) / dW. Above
 * stock σ' = σ·(1 − w/r), so the order now depends on r: segmentOrder() sorts once per distinct r
 * (the hashprice is daily, so a year needs ~366 orders). While r > w the factor is positive and a
 * group's σ' still fall along its hull; when r ≤ w the extra hashrate earns nothing net, and a
 * group's segments from the first one above stock on are left out of that order.
 */
import { upperConcaveHull, type CurvePoint } from '../hardware/curve.js';
import { wearRate, type DispatchProblem } from './problem.js';

export interface GroupHulls {
  /** vertexStart[g] … vertexStart[g+1]−1: group g's hull vertices; vertex 0 is off. */
  vertexStart: Int32Array;
  /** Per vertex: profile index into the group's `profiles`, 255 for off. */
  vertexProfile: Uint8Array;
  /** Per vertex: one machine's wall power (W, before PUE) and hashrate (TH/s). */
  vertex_power_w: Float64Array;
  vertex_hashrate_ths: Float64Array;
  /** Per vertex: one machine's hashrate over its group's stock, max(0, H − H_stock) (TH/s). */
  vertex_wear_ths: Float64Array;
  /** Per vertex k ≥ 1: the segment's global rank in its site's sorted order (vertex 0 unused). */
  vertexRank: Int32Array;
}

export interface SiteSegments {
  /** Segments of the site sorted by slope, descending. */
  group: Int32Array;
  /** Hull vertex the segment ends at (≥ 1). */
  vertex: Int32Array;
  /** Effective TH/s per grid W, σ' = (dH − (w/r)·dE) / dW (σ itself without wear). */
  slope: Float64Array;
  dW: Float64Array;
  dH: Float64Array;
  /** TH/s over stock the segment adds (wear is charged on it). */
  dE: Float64Array;
  /** Prefix sums over the sorted order, length n + 1: cumW[k] = Σ_{j<k} dW[j]. */
  cumW: Float64Array;
  cumH: Float64Array;
  cumE: Float64Array;
}

/** The sites' segments in value order for one revenue rate, and each vertex's rank in it. */
export interface SegmentOrder {
  sites: SiteSegments[];
  vertexRank: Int32Array;
}

interface RawSegment {
  g: number;
  v: number;
  dW: number;
  dH: number;
  dE: number;
}

export interface Prepared {
  hulls: GroupHulls;
  /** The order without wear (w = 0, or no segment above stock); segmentOrder() gives the others. */
  sites: SiteSegments[];
  /** Groups of each site, in index order. */
  siteGroups: Int32Array[];
  /** w (USD per TH/s·h over stock) the orders are built for. */
  wear_usd_per_th_hour: number;
  raw: RawSegment[][];
  orders: Map<number, SegmentOrder>;
}

export const OFF = 255;

export function prepareSegments(p: DispatchProblem): Prepared {
  const G = p.groups.length;
  const vertexStart = new Int32Array(G + 1);
  const prof: number[] = [];
  const pw: number[] = [];
  const hs: number[] = [];
  const es: number[] = [];
  for (let g = 0; g < G; g++) {
    const grp = p.groups[g]!;
    const stock_ths = grp.profiles[grp.stock]?.hashrate_ths ?? Infinity;
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
      es.push(Math.max(0, v.hashrate_ths - stock_ths));
    }
  }
  vertexStart[G] = prof.length;
  const hulls: GroupHulls = {
    vertexStart,
    vertexProfile: Uint8Array.from(prof),
    vertex_power_w: Float64Array.from(pw),
    vertex_hashrate_ths: Float64Array.from(hs),
    vertex_wear_ths: Float64Array.from(es),
    vertexRank: new Int32Array(prof.length).fill(-1),
  };
  const siteGroups: Int32Array[] = p.sites.map((_, s) => Int32Array.from(p.groups.map((g, i) => (g.site === s ? i : -1)).filter((i) => i >= 0)));
  const raw = p.sites.map((site, s) => {
    const segs: RawSegment[] = [];
    for (const g of siteGroups[s]!) {
      const n = p.groups[g]!.machines;
      if (n === 0) continue;
      for (let v = vertexStart[g]! + 1; v < vertexStart[g + 1]!; v++) {
        segs.push({ g, v, dW: n * (pw[v]! - pw[v - 1]!) * site.pue, dH: n * (hs[v]! - hs[v - 1]!), dE: n * (es[v]! - es[v - 1]!) });
      }
    }
    return segs;
  });
  const base = orderSegments(raw, prof.length, 1, 0);
  hulls.vertexRank = base.vertexRank;
  const wear = wearRate(p);
  return { hulls, sites: base.sites, siteGroups, wear_usd_per_th_hour: wear, raw, orders: new Map() };
}

/** Segments sorted by effective slope at revenue r with wear w (see the module comment). */
function orderSegments(raw: RawSegment[][], nVertices: number, r: number, w: number): SegmentOrder {
  const vertexRank = new Int32Array(nVertices).fill(-1);
  const unpaid = w > 0 && r <= w;
  const sites = raw.map((all) => {
    // Kept segments (when unpaid, a group's from its first one above stock on are cut) and their
    // slopes; then their indices sorted, typed arrays throughout (this runs once per distinct r).
    const cut = new Set<number>();
    const keep: number[] = [];
    for (let i = 0; i < all.length; i++) {
      const sg = all[i]!;
      if (unpaid && (sg.dE !== 0 || cut.has(sg.g))) cut.add(sg.g);
      if (!cut.has(sg.g)) keep.push(i);
    }
    const n = keep.length;
    const slope = new Float64Array(all.length);
    for (const i of keep) {
      const sg = all[i]!;
      slope[i] = (sg.dH - (w > 0 && r > 0 ? (w / r) * sg.dE : 0)) / sg.dW;
    }
    const order = Uint32Array.from(keep).sort((a, b) => slope[b]! - slope[a]! || all[a]!.g - all[b]!.g || all[a]!.v - all[b]!.v);
    const out: SiteSegments = {
      group: new Int32Array(n),
      vertex: new Int32Array(n),
      slope: new Float64Array(n),
      dW: new Float64Array(n),
      dH: new Float64Array(n),
      dE: new Float64Array(n),
      cumW: new Float64Array(n + 1),
      cumH: new Float64Array(n + 1),
      cumE: new Float64Array(n + 1),
    };
    for (let k = 0; k < n; k++) {
      const sg = all[order[k]!]!;
      out.group[k] = sg.g;
      out.vertex[k] = sg.v;
      out.slope[k] = slope[order[k]!]!;
      out.dW[k] = sg.dW;
      out.dH[k] = sg.dH;
      out.dE[k] = sg.dE;
      out.cumW[k + 1] = out.cumW[k]! + sg.dW;
      out.cumH[k + 1] = out.cumH[k]! + sg.dH;
      out.cumE[k + 1] = out.cumE[k]! + sg.dE;
      vertexRank[sg.v] = k;
    }
    return out;
  });
  return { sites, vertexRank };
}

/** The order for revenue r (USD per TH/s·h): the base order without wear, else one built per distinct r. */
export function segmentOrder(prep: Prepared, r: number): SegmentOrder {
  const w = prep.wear_usd_per_th_hour;
  if (w === 0 || !prep.raw.some((segs) => segs.some((sg) => sg.dE !== 0))) return { sites: prep.sites, vertexRank: prep.hulls.vertexRank };
  let order = prep.orders.get(r);
  if (!order) {
    order = orderSegments(prep.raw, prep.hulls.vertexProfile.length, r, w);
    prep.orders.set(r, order);
  }
  return order;
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
