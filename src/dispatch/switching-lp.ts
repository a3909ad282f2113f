/**
 * One site's dispatch with a switching cost κ as one linear program (the exact method when a cap
 * binds). The site's groups G_s, hours t, and each group's hull vertices k (0 = off):
 *
 *   x[t,g,k] ∈ [0, N_g]  machines of group g on vertex k in hour t
 *   u[t,g,k] ≥ 0         machines that moved onto vertex k at the start of hour t (t ≥ 1)
 *
 *   maximise   Σ x[t,g,k]·(r_t·H_k − c_t·P_k·PUE) − κ·Σ u[t,g,k]                     (USD)
 *   subject to Σ_k x[t,g,k] = N_g                              (every machine somewhere, off included)
 *              x[t,g,k] − x[t−1,g,k] − u[t,g,k] ≤ 0             (arrivals)
 *              Σ_{g,k} x[t,g,k]·P_k·PUE / 1e6 ≤ cap_mw(t)       (the site cap; only hours it can bind)
 *
 * with r_t in USD per TH/s·h, c_t in USD per grid W·h (price + adder + DR payment), P in W, H in
 * TH/s. Why this equals the switching-cost problem's LP relaxation: with the same cost κ for every
 * change, the cheapest way to turn hour t−1's vertex histogram into hour t's moves exactly
 * Σ_k max(0, x[t,k] − x[t−1,k]) machines (a transport problem with uniform costs), which is what
 * the u rows and the −κ·u term price. Only hull vertices are needed: a mix of the two hull
 * neighbours that stays fixed over a stretch of hours matches any profile under the hull in power,
 * beats it in hashrate every hour, and enters and leaves with the same κ per machine.
 * Sites share nothing (caps are per site, switching per group), so each site is its own LP.
 */
import type { SparseLp } from '../ports.js';
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
  kappa: number;
}

/** Column count the site's LP would have (to decide whether it is worth building). */
export function siteLpColumns(p: DispatchProblem, prep: Prepared, site: number): number {
  let per = 0;
  for (const g of prep.siteGroups[site]!) per += 2 * (prep.hulls.vertexStart[g + 1]! - prep.hulls.vertexStart[g]!);
  return per * p.hours;
}

export function buildSiteLp(p: DispatchProblem, prep: Prepared, site: number, inp: SiteLpInputs): SiteLp {
  const T = p.hours;
  const pue = p.sites[site]!.pue;
  const groups = prep.siteGroups[site]!;
  const n = groups.length;
  const { vertexStart, vertexPower_w: P, vertexHash_ths: H } = prep.hulls;
  const colOffset = new Int32Array(n);
  const vertices = new Int32Array(n);
  let perHour = 0;
  let maxDraw_w = 0;
  let linksPerHour = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    colOffset[i] = perHour;
    vertices[i] = vertexStart[g + 1]! - vertexStart[g]!;
    perHour += 2 * vertices[i]!;
    linksPerHour += vertices[i]!;
    let top = 0;
    for (let v = vertexStart[g]!; v < vertexStart[g + 1]!; v++) top = Math.max(top, P[v]!);
    maxDraw_w += p.groups[g]!.machines * top * pue;
  }
  // Rows, hour by hour: [cap row if it can bind] [one convexity row per group] [links if t ≥ 1].
  const capRow = new Int32Array(T).fill(-1);
  const rowBase = new Int32Array(T + 1);
  let rows = 0;
  for (let t = 0; t < T; t++) {
    rowBase[t] = rows;
    if (maxDraw_w > inp.cap_w[site * T + t]! * (1 + 1e-12)) capRow[t] = rows++;
    rows += n + (t > 0 ? linksPerHour : 0);
  }
  rowBase[T] = rows;
  const rowLower = new Float64Array(rows).fill(-Infinity);
  const rowUpper = new Float64Array(rows);
  const numCols = perHour * T;
  const colCost = new Float64Array(numCols);
  const colLower = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  // x: up to 3 nonzeros (cap, convexity, own link) + 1 (next hour's link); u: 1.
  const starts = new Int32Array(numCols + 1);
  const indices = new Int32Array(numCols * 3);
  const values = new Float64Array(numCols * 3);
  let nz = 0;
  let j = 0;
  for (let t = 0; t < T; t++) {
    const st = site * T + t;
    if (capRow[t]! >= 0) rowUpper[capRow[t]!] = inp.cap_w[st]! / 1e6;
    const conv0 = rowBase[t]! + (capRow[t]! >= 0 ? 1 : 0);
    const link0 = conv0 + n; // this hour's links (t ≥ 1)
    const nextLink0 = t + 1 < T ? rowBase[t + 1]! + (capRow[t + 1]! >= 0 ? 1 : 0) + n : -1;
    let linkOffset = 0;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      const N = p.groups[g]!.machines;
      rowLower[conv0 + i] = N;
      rowUpper[conv0 + i] = N;
      const v0 = vertexStart[g]!;
      for (let k = 0; k < vertices[i]!; k++) {
        const w = P[v0 + k]! * pue;
        // x[t,i,k]
        starts[j] = nz;
        colCost[j] = inp.r[t]! * H[v0 + k]! - inp.c[st]! * w;
        colUpper[j] = N;
        if (capRow[t]! >= 0 && w > 0) {
          indices[nz] = capRow[t]!;
          values[nz++] = w / 1e6;
        }
        indices[nz] = conv0 + i;
        values[nz++] = 1;
        if (t > 0) {
          indices[nz] = link0 + linkOffset + k;
          values[nz++] = 1;
        }
        if (nextLink0 >= 0) {
          indices[nz] = nextLink0 + linkOffset + k;
          values[nz++] = -1;
        }
        j++;
        // u[t,i,k]: fixed at 0 in hour 0 (no previous hour to move from).
        starts[j] = nz;
        colCost[j] = -inp.kappa;
        colUpper[j] = t > 0 ? Infinity : 0;
        if (t > 0) {
          indices[nz] = link0 + linkOffset + k;
          values[nz++] = -1;
          rowLower[link0 + linkOffset + k] = -Infinity;
          rowUpper[link0 + linkOffset + k] = 0;
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

/**
 * Whole machines from the LP's (possibly fractional) x: every vertex above off keeps the floor of
 * its count and the rest of the group is off. Power only falls, so every cap still holds; the
 * value lost is what the planner reports as the gap to the LP bound.
 */
export function wholeCounts(s: SiteLp, x: Float64Array, i: number, t: number, N: number, out: Int32Array): void {
  let on = 0;
  for (let k = 1; k < s.vertices[i]!; k++) {
    const m = Math.max(0, Math.min(N - on, Math.floor(x[xCol(s, t, i, k)]! + 1e-6)));
    out[k] = m;
    on += m;
  }
  out[0] = N - on;
}
