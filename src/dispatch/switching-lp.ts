/**
 * One site's dispatch with switching rules (problem.ts: SwitchingRules) as one linear program (the
 * exact method when a cap binds). The site's groups G_s, hours t, and each group's hull vertices k
 * (0 = off):
 *
 *   x[t,g,k] ∈ [0, N_g]  machines of group g on vertex k in hour t
 *   u[t,g,k] ≥ 0         machines that moved onto vertex k at the start of hour t (t ≥ 1)
 *
 *   maximise   Σ x[t,g,k]·(r_t·H_k − c_t·P_k·PUE) − Σ κ_{t,k}·u[t,g,k]                (USD)
 *   subject to Σ_k x[t,g,k] = N_g                              (every machine somewhere, off included)
 *              x[t,g,k] − x[t−1,g,k] − u[t,g,k] ≤ 0             (arrivals)
 *              Σ_{s=t−D+1..t, s≥1} u[s,g,k] − x[t,g,k] ≤ 0      (minimum dwell D > 1; t ≥ 1)
 *              Σ_{g,k} x[t,g,k]·P_k·PUE / 1e6 ≤ cap_mw(t)       (the site cap; only hours it can bind)
 *
 * with r_t in USD per TH/s·h, c_t in USD per grid W·h (price + adder + DR payment), P in W, H in
 * TH/s, κ_{t,k} = κ₀ + m/60 · r_t·H_k (USD per machine arriving; m lost minutes per change).
 *
 * Why this is the switching problem's LP relaxation exactly (a divisible fleet can follow it):
 *  - Costs. A change is priced at its destination only, κ_{t,q} ≥ 0, so turning hour t−1's vertex
 *    histogram a into hour t's b costs at least Σ_q κ_{t,q}·max(0, b_q − a_q) (each vertex must
 *    receive its increase) and exactly that by keeping min(a_q, b_q) in place and sending the
 *    surplus anywhere into the deficits: the min-cost transport between the histograms is what
 *    the u rows and the −κ·u term price, even though κ depends on the destination.
 *  - Dwell. Every machine that arrived at k in the last D hours is still there, so any plan meets
 *    the dwell row. Conversely, given (x, u) meeting it, let each vertex send its departures
 *    (x[t−1] + u[t] − x[t] ≥ 0 machines) from its longest-present machines first: the machines
 *    kept number x[t] − u[t] ≥ Σ_{s=t−D+1..t−1} u[s], so every machine younger than D hours is
 *    kept, and the departures can be sent to the arrivals in any way (their price depends only on
 *    where they arrive). Hour 0's machines count as old enough to move.
 *  - Hull. Only hull vertices are needed: over a stretch of hours on one profile, value and arrival
 *    cost are linear in (power, hashrate), and a fixed mix of the two hull neighbours with the same
 *    power has at least its hashrate; the extra hashrate earns r_t·ΔH every hour and costs at most
 *    m/60 · r_t·ΔH once on arrival, which is why lost minutes are limited to 60.
 * Sites share nothing (caps are per site, switching per group), so each site is its own LP.
 */
import type { SparseLp } from '../ports/lp-solver.js';
import type { DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';

export interface SiteLp {
  lp: SparseLp;
  /** Groups of the site in column order; x[t,g_i,k] is column xCol(t, i, k). */
  groups: Int32Array;
  /** Per group i: first column of hour 0's block and its vertex count V_i (x then u columns). */
  colOffset: Int32Array;
  vertices: Int32Array;
  /** Columns per hour (Σ_i 2·V_i). */
  perHour: number;
}

/** Column of x[t, i, k]; the matching u column is the next one. */
export function xCol(s: SiteLp, t: number, i: number, k: number): number {
  return t * s.perHour + s.colOffset[i]! + 2 * k;
}

export interface SiteLpInputs {
  /** USD per TH/s·h, per hour. */
  r: Float64Array;
  /** USD per grid W·h, per site-hour (s·hours + t). */
  c: Float64Array;
  /** Grid W, per site-hour. */
  cap_w: Float64Array;
  /** κ₀ (USD per change), lost hashing per change (h), minimum dwell D (h). */
  kappa: number;
  lostHours: number;
  dwell: number;
}

/** Column count the site's LP would have (to decide whether it is worth building). */
export function siteLpColumns(p: DispatchProblem, prep: Prepared, site: number): number {
  let per = 0;
  for (const g of prep.siteGroups[site]!) per += 2 * (prep.hulls.vertexStart[g + 1]! - prep.hulls.vertexStart[g]!);
  return per * p.hours;
}

/** One machine's value on vertex v (global index) of site `site` in hour t: r·H − wear·E − c·P·PUE (USD). */
export function machineHourValue(prep: Prepared, inp: SiteLpInputs, site: number, t: number, v: number, pue: number): number {
  const { vertex_power_w: P, vertex_hashrate_ths: H, vertex_wear_ths: E } = prep.hulls;
  return inp.r[t]! * H[v]! - prep.wear_usd_per_th_hour * E[v]! - inp.c[site * inp.r.length + t]! * P[v]! * pue;
}

/** Group g's value per machine-hour on each of its vertices, laid out t·V + k (what the rounding ranks by). */
export function groupHourValues(p: DispatchProblem, prep: Prepared, g: number, inp: SiteLpInputs): Float64Array {
  const T = p.hours;
  const site = p.groups[g]!.site;
  const pue = p.sites[site]!.pue;
  const v0 = prep.hulls.vertexStart[g]!;
  const V = prep.hulls.vertexStart[g + 1]! - v0;
  const { vertex_power_w: P, vertex_hashrate_ths: H, vertex_wear_ths: E } = prep.hulls;
  const out = new Float64Array(T * V);
  for (let t = 0; t < T; t++) {
    const r = inp.r[t]!;
    const c = inp.c[site * T + t]!;
    // machineHourValue, unrolled over the group's vertices.
    for (let k = 0; k < V; k++) out[t * V + k] = r * H[v0 + k]! - prep.wear_usd_per_th_hour * E[v0 + k]! - c * P[v0 + k]! * pue;
  }
  return out;
}

/** Group i's LP counts x[t, i, k] from the site LP's solution, laid out t·V + k. */
export function siteLpCounts(s: SiteLp, x: Float64Array, i: number, T: number): Float64Array {
  const V = s.vertices[i]!;
  const out = new Float64Array(T * V);
  for (let t = 0; t < T; t++) for (let k = 0; k < V; k++) out[t * V + k] = x[xCol(s, t, i, k)]!;
  return out;
}

export function buildSiteLp(p: DispatchProblem, prep: Prepared, site: number, inp: SiteLpInputs): SiteLp {
  const T = p.hours;
  const D = inp.dwell;
  const pue = p.sites[site]!.pue;
  const groups = prep.siteGroups[site]!;
  const n = groups.length;
  const { vertexStart, vertex_power_w: P, vertex_hashrate_ths: H } = prep.hulls;
  const colOffset = new Int32Array(n);
  const vertices = new Int32Array(n);
  let perHour = 0;
  let max_draw_w = 0;
  let linksPerHour = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    colOffset[i] = perHour;
    vertices[i] = vertexStart[g + 1]! - vertexStart[g]!;
    perHour += 2 * vertices[i]!;
    linksPerHour += vertices[i]!;
    let top = 0;
    for (let v = vertexStart[g]!; v < vertexStart[g + 1]!; v++) top = Math.max(top, P[v]!);
    max_draw_w += p.groups[g]!.machines * top * pue;
  }
  // Rows, hour by hour: [cap row if it can bind] [one convexity row per group] [links if t ≥ 1]
  // [dwell rows if t ≥ 1 and D > 1], links and dwell rows laid out like the vertices.
  const dwellPerHour = D > 1 ? linksPerHour : 0;
  const capRow = new Int32Array(T).fill(-1);
  const rowBase = new Int32Array(T + 1);
  let rows = 0;
  for (let t = 0; t < T; t++) {
    rowBase[t] = rows;
    if (max_draw_w > inp.cap_w[site * T + t]! * (1 + 1e-12)) capRow[t] = rows++;
    rows += n + (t > 0 ? linksPerHour + dwellPerHour : 0);
  }
  rowBase[T] = rows;
  const linkRow = (t: number): number => rowBase[t]! + (capRow[t]! >= 0 ? 1 : 0) + n;
  const dwellRow = (t: number): number => linkRow(t) + linksPerHour;
  const rowLower = new Float64Array(rows).fill(-Infinity);
  const rowUpper = new Float64Array(rows);
  const numCols = perHour * T;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  // x: up to 5 nonzeros (cap, convexity, own link, own dwell, next hour's link); u: 1 + D.
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array((numCols / 2) * (6 + D));
  const values = new Float64Array(indices.length);
  let nz = 0;
  let j = 0;
  for (let t = 0; t < T; t++) {
    const st = site * T + t;
    if (capRow[t]! >= 0) rowUpper[capRow[t]!] = inp.cap_w[st]! / 1e6;
    const conv0 = rowBase[t]! + (capRow[t]! >= 0 ? 1 : 0);
    const link0 = t > 0 ? linkRow(t) : -1;
    const dwell0 = t > 0 && D > 1 ? dwellRow(t) : -1;
    const nextLink0 = t + 1 < T ? linkRow(t + 1) : -1;
    let linkOffset = 0;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      const N = p.groups[g]!.machines;
      rowLower[conv0 + i] = N;
      rowUpper[conv0 + i] = N;
      const v0 = vertexStart[g]!;
      for (let k = 0; k < vertices[i]!; k++) {
        const w = P[v0 + k]! * pue;
        const lk = linkOffset + k;
        // x[t,i,k]
        starts[j] = nz;
        colCost[j] = machineHourValue(prep, inp, site, t, v0 + k, pue);
        colUpper[j] = N;
        if (capRow[t]! >= 0 && w > 0) {
          indices[nz] = capRow[t]!;
          values[nz++] = w / 1e6;
        }
        indices[nz] = conv0 + i;
        values[nz++] = 1;
        if (t > 0) {
          indices[nz] = link0 + lk;
          values[nz++] = 1;
          rowUpper[link0 + lk] = 0;
        }
        if (dwell0 >= 0) {
          indices[nz] = dwell0 + lk;
          values[nz++] = -1;
          rowUpper[dwell0 + lk] = 0;
        }
        if (nextLink0 >= 0) {
          indices[nz] = nextLink0 + lk;
          values[nz++] = -1;
        }
        j++;
        // u[t,i,k]: fixed at 0 in hour 0 (no previous hour to move from); priced at κ_{t,k}.
        starts[j] = nz;
        colCost[j] = -(inp.kappa + inp.lostHours * inp.r[t]! * H[v0 + k]!);
        colUpper[j] = t > 0 ? Infinity : 0;
        if (t > 0) {
          indices[nz] = link0 + lk;
          values[nz++] = -1;
          for (let s = t; s < Math.min(T, t + D) && D > 1; s++) {
            indices[nz] = dwellRow(s) + lk;
            values[nz++] = 1;
          }
        }
        j++;
      }
      linkOffset += vertices[i]!;
    }
  }
  starts[numCols] = nz;
  return {
    lp: { numCols, numRows: rows, colCost, colLower, colUpper, rowLower, rowUpper, starts, indices: indices.slice(0, nz), values: values.slice(0, nz) },
    groups,
    colOffset,
    vertices,
    perHour,
  };
}
