/**
 * The site LP of switching-lp.ts restricted to plans that change only at chosen hours, and the
 * certificate that tells when that restriction lost nothing (switching-exact.ts runs the loop).
 *
 * Restriction. Stretch starts 0 = a_0 < a_1 < … < a_m = T split the hours into stretches
 * S_j = [a_j, a_{j+1}). Fixing every arrival u[t,g,k] inside a stretch at 0 forces the counts to stay
 * put there (x[t,k] ≤ x[t−1,k] for every k and both sum to N_g), so the site LP becomes, per
 * stretch j, group g and hull vertex k,
 *   X[j,g,k] ∈ [0, N_g]   machines on k through the whole stretch
 *   U[j,g,k] ≥ 0          machines arriving at a_j (j ≥ 1)
 *   maximise   Σ X·Σ_{t∈S_j}(r_t·H_k − w·E_k − c_t·P_k·PUE) − Σ κ_{a_j,k}·U                  (USD)
 *   subject to Σ_k X[j,g,k] = N_g;  X[j,k] − X[j−1,k] − U[j,k] ≤ 0;
 *              Σ_{i ≥ 1, a_j − D < a_i ≤ a_j} U[i,k] − X[j,k] ≤ 0            (dwell D > 1; j ≥ 1)
 *              Σ X·P·PUE / 1e6 ≤ min_{t∈S_j} cap_mw(t)                      (where a cap can bind)
 * — the same LP with far fewer columns (one block per stretch, not per hour). The dwell row of hour
 * t ∈ S_j sums the arrivals in (t − D, t], a subset of those in (a_j − D, a_j], so the row at a_j
 * is the only one that can bind. Its optimum is a plan of the full LP: a lower bound.
 *
 * Certificate. For any multipliers λ_t ≥ 0 on the caps (USD per grid W·h), Σ_t λ_t·cap_w(t) + Σ_g
 * N_g·(best single-machine path under λ) bounds the full LP from above (Lagrangian weak duality;
 * the path problem is a network flow, so its LP and the DP of switching-dp.ts agree). λ comes
 * from the restricted LP's cap duals s_j (USD per MW over the stretch), spread over the stretch's
 * hours so that the price a machine sees is flat where the cap binds: λ_t = max(0, σ_j·r_t − c_t)
 * with σ_j chosen so that Σ_t λ_t·1e6 = s_j (for constant r, c_t + λ_t is the same in every hour
 * where λ_t > 0). When the bound meets the restricted optimum, both are the LP optimum; where they
 * differ, the DP paths change vertex in hours the stretches do not allow, and those hours become
 * stretch starts.
 */
import type { LpBasis, SparseLp } from '../ports/lp-solver.js';
import type { DispatchProblem } from './problem.js';
import type { Prepared } from './segments.js';
import type { SiteLpInputs } from './switching-lp.js';

export interface StretchLp {
  lp: SparseLp;
  /** Stretch starts a_0 = 0 < … < a_{m−1}, then T (length m + 1). */
  bounds: Int32Array;
  /** Groups of the site in column order; their vertex counts; first column of each group in a stretch block. */
  groups: Int32Array;
  vertices: Int32Array;
  colOffset: Int32Array;
  /** Columns per stretch (Σ_i 2·V_i): X then U for each vertex. */
  perStretch: number;
  /** Per stretch: its cap row, or −1 where no cap can bind; its first row (length m + 1). */
  capRow: Int32Array;
  rowBase: Int32Array;
}

export function buildStretchLp(p: DispatchProblem, prep: Prepared, site: number, inp: SiteLpInputs, bounds: Int32Array): StretchLp {
  const T = p.hours;
  const D = inp.dwell;
  const m = bounds.length - 1;
  const pue = p.sites[site]!.pue;
  const groups = prep.siteGroups[site]!;
  const n = groups.length;
  const { vertexStart, vertex_power_w: P, vertex_hashrate_ths: H, vertex_wear_ths: E } = prep.hulls;
  const colOffset = new Int32Array(n);
  const vertices = new Int32Array(n);
  let perStretch = 0;
  let links = 0;
  let max_draw_w = 0;
  for (let i = 0; i < n; i++) {
    const g = groups[i]!;
    colOffset[i] = perStretch;
    vertices[i] = vertexStart[g + 1]! - vertexStart[g]!;
    perStretch += 2 * vertices[i]!;
    links += vertices[i]!;
    let top = 0;
    for (let v = vertexStart[g]!; v < vertexStart[g + 1]!; v++) top = Math.max(top, P[v]!);
    max_draw_w += p.groups[g]!.machines * top * pue;
  }
  // Σ r and Σ c over each stretch (the X columns' value is linear in them).
  const sumR = new Float64Array(m);
  const sumC = new Float64Array(m);
  const minCap = new Float64Array(m).fill(Infinity);
  for (let j = 0; j < m; j++) {
    for (let t = bounds[j]!; t < bounds[j + 1]!; t++) {
      sumR[j] = sumR[j]! + inp.r[t]!;
      sumC[j] = sumC[j]! + inp.c[site * T + t]!;
      minCap[j] = Math.min(minCap[j]!, inp.cap_w[site * T + t]!);
    }
  }
  // Rows, stretch by stretch: [cap if it can bind] [one convexity row per group] [links if j ≥ 1] [dwell if j ≥ 1, D > 1].
  const dwellPer = D > 1 ? links : 0;
  const capRow = new Int32Array(m).fill(-1);
  const rowBase = new Int32Array(m + 1);
  let rows = 0;
  for (let j = 0; j < m; j++) {
    rowBase[j] = rows;
    if (max_draw_w > minCap[j]! * (1 + 1e-12)) capRow[j] = rows++;
    rows += n + (j > 0 ? links + dwellPer : 0);
  }
  rowBase[m] = rows;
  const linkRow = (j: number): number => rowBase[j]! + (capRow[j]! >= 0 ? 1 : 0) + n;
  const rowLower = new Float64Array(rows).fill(-Infinity);
  const rowUpper = new Float64Array(rows);
  const numCols = perStretch * m;
  const colCost = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols);
  const starts = new Int32Array(numCols + 1);
  // X: cap, convexity, own link, own dwell, next link; U: own link plus the dwell rows of the stretches starting within D hours.
  let dwellReach = 1;
  for (let j = 1; j < m; j++) {
    let q = j;
    while (q < m && bounds[q]! < bounds[j]! + D) q++;
    dwellReach = Math.max(dwellReach, q - j);
  }
  const indices = new Int32Array((numCols / 2) * (6 + (D > 1 ? dwellReach : 0)));
  const values = new Float64Array(indices.length);
  let nz = 0;
  let col = 0;
  for (let j = 0; j < m; j++) {
    const a = bounds[j]!;
    const len = bounds[j + 1]! - a;
    if (capRow[j]! >= 0) rowUpper[capRow[j]!] = minCap[j]! / 1e6;
    const conv0 = rowBase[j]! + (capRow[j]! >= 0 ? 1 : 0);
    const link0 = j > 0 ? linkRow(j) : -1;
    const dwell0 = j > 0 && D > 1 ? link0 + links : -1;
    const nextLink0 = j + 1 < m ? linkRow(j + 1) : -1;
    let lk = 0;
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      const N = p.groups[g]!.machines;
      rowLower[conv0 + i] = N;
      rowUpper[conv0 + i] = N;
      const v0 = vertexStart[g]!;
      for (let k = 0; k < vertices[i]!; k++, lk++) {
        const v = v0 + k;
        const w = P[v]! * pue;
        starts[col] = nz;
        colCost[col] = sumR[j]! * H[v]! - len * prep.wear_usd_per_th_hour * E[v]! - sumC[j]! * w;
        colUpper[col] = N;
        if (capRow[j]! >= 0 && w > 0) {
          indices[nz] = capRow[j]!;
          values[nz++] = w / 1e6;
        }
        indices[nz] = conv0 + i;
        values[nz++] = 1;
        if (link0 >= 0) {
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
        col++;
        // U[j,i,k]: none into the first stretch (hour 0 has no previous hour to move from).
        starts[col] = nz;
        colCost[col] = -(inp.kappa + inp.lostHours * inp.r[a]! * H[v]!);
        colUpper[col] = j > 0 ? Infinity : 0;
        if (j > 0) {
          indices[nz] = link0 + lk;
          values[nz++] = -1;
          for (let q = j; D > 1 && q < m && bounds[q]! < a + D; q++) {
            indices[nz] = linkRow(q) + links + lk;
            values[nz++] = 1;
          }
        }
        col++;
      }
    }
  }
  starts[numCols] = nz;
  return {
    lp: {
      numCols,
      numRows: rows,
      colCost,
      colLower: new Float64Array(numCols),
      colUpper,
      rowLower,
      rowUpper,
      starts,
      indices: indices.slice(0, nz),
      values: values.slice(0, nz),
    },
    bounds,
    groups,
    vertices,
    colOffset,
    perStretch,
    capRow,
    rowBase,
  };
}

/**
 * A starting basis for `next` from `prev`'s optimal one, when next's stretch starts include prev's:
 * a stretch that starts where one of prev's did keeps its statuses; one that starts inside a
 * stretch o of prev copies o's counts — X basic where o's is, each such X taking its own link row
 * (tight: it equals o's count), every other row's slack basic, no arrivals — which keeps the counts
 * of prev's optimum, so the solve starts feasible and only re-prices what the new starts allow.
 */
export function carryBasis(prev: StretchLp, basis: LpBasis, next: StretchLp): LpBasis {
  const colStatus = new Uint8Array(next.lp.numCols);
  const rowStatus = new Uint8Array(next.lp.numRows).fill(BASIC);
  const rows = (s: StretchLp, j: number): { cap: number; conv: number; end: number } => {
    const cap = s.capRow[j]!;
    return { cap, conv: s.rowBase[j]! + (cap >= 0 ? 1 : 0), end: s.rowBase[j + 1]! };
  };
  const n = next.groups.length;
  const links = next.perStretch / 2;
  let o = 0;
  for (let j = 0; j + 1 < next.bounds.length; j++) {
    const a = next.bounds[j]!;
    while (prev.bounds[o + 1]! <= a) o++;
    const oc = o * prev.perStretch;
    const jc = j * next.perStretch;
    const r = rows(next, j);
    if (prev.bounds[o] === a) {
      colStatus.set(basis.colStatus.subarray(oc, oc + next.perStretch), jc);
      const q = rows(prev, o);
      if (r.cap >= 0 && q.cap >= 0) rowStatus[r.cap] = basis.rowStatus[q.cap]!;
      rowStatus.set(basis.rowStatus.subarray(q.conv, q.end), r.conv);
      continue;
    }
    for (let c = 0; c < next.perStretch; c += 2) colStatus[jc + c] = basis.colStatus[oc + c]!;
    const link0 = r.conv + n;
    for (let l = 0; l < links; l++) if (basis.colStatus[oc + 2 * l] === BASIC) rowStatus[link0 + l] = AT_UPPER;
  }
  return { colStatus, rowStatus };
}

const BASIC = 1;
const AT_UPPER = 2;

/** Group i's counts hour by hour (laid out t·V + k) from the restricted LP's solution x. */
export function stretchCounts(s: StretchLp, x: Float64Array, i: number): Float64Array {
  const V = s.vertices[i]!;
  const m = s.bounds.length - 1;
  const out = new Float64Array(s.bounds[m]! * V);
  for (let j = 0; j < m; j++) {
    const c0 = j * s.perStretch + s.colOffset[i]!;
    for (let t = s.bounds[j]!; t < s.bounds[j + 1]!; t++) for (let k = 0; k < V; k++) out[t * V + k] = x[c0 + 2 * k]!;
  }
  return out;
}

/**
 * The cap multipliers of the certificate (module comment), written into `lambda` (USD per grid W·h,
 * laid out site·T + t) for this site's hours, from the restricted LP's row duals.
 */
export function spreadCapDuals(s: StretchLp, rowDual: Float64Array, site: number, inp: SiteLpInputs, lambda: Float64Array): void {
  const T = inp.r.length;
  lambda.fill(0, site * T, (site + 1) * T);
  for (let j = 0; j + 1 < s.bounds.length; j++) {
    const total = s.capRow[j]! >= 0 ? Math.max(0, rowDual[s.capRow[j]!]!) / 1e6 : 0;
    if (total > 0) spreadOver(s.bounds[j]!, s.bounds[j + 1]!, total, site, inp, lambda);
  }
}

/**
 * λ_t = max(0, σ·r_t − c_t) over hours [a, b) with Σ λ_t = total; uniform where some r_t ≤ 0.
 * Σ max(0, σ·r_t − c_t) = Σ r_t·max(0, σ − c_t/r_t) is piecewise linear in σ with breakpoints
 * c_t/r_t: walk them in order until the sum reaches the total.
 */
function spreadOver(a: number, b: number, total: number, site: number, inp: SiteLpInputs, lambda: Float64Array): void {
  const T = inp.r.length;
  const base = site * T;
  const hours = Int32Array.from({ length: b - a }, (_, i) => a + i);
  if (hours.some((t) => !(inp.r[t]! > 0))) {
    lambda.fill(total / (b - a), base + a, base + b);
    return;
  }
  const knee = (t: number): number => inp.c[base + t]! / inp.r[t]!;
  hours.sort((x, y) => knee(x) - knee(y));
  // Past the first q knees, the sum is σ·R − C with R, C the sums of r and c over them.
  let R = 0;
  let C = 0;
  let sigma = knee(hours[0]!);
  for (let q = 0; q < hours.length; q++) {
    R += inp.r[hours[q]!]!;
    C += inp.c[base + hours[q]!]!;
    sigma = (total + C) / R;
    if (q + 1 === hours.length || sigma <= knee(hours[q + 1]!)) break;
  }
  for (let t = a; t < b; t++) lambda[base + t] = Math.max(0, sigma * inp.r[t]! - inp.c[base + t]!);
}
