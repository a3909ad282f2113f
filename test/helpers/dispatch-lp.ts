/**
 * The dispatch problem written as a plain LP (or MIP) and solved by HiGHS, as an independent
 * check of the planner. Every profile gets a column — including profiles under the hull — so the
 * solver, not the planner's hull, decides which are worth using.
 *   columns x[t,g,p] ∈ [0, N_g]   (machines of group g on profile p in hour t)
 *   rows    Σ_p x[t,g,p] ≤ N_g                       (one per hour × group)
 *           Σ_{g∈s,p} x[t,g,p]·P_p·PUE/1e6 ≤ cap_mw   (one per site × hour)
 *   maximise Σ x·(r_t·H_p − (price + adder + DR)·P_p·PUE/1e6) + Σ DR·baseline_mw
 */
import type { Highs } from 'highs';
import { stockUpToCap } from '../../src/dispatch/plan.js';
import { revenueUsdPerThHour, siteHourTerms, type DispatchProblem } from '../../src/dispatch/problem.js';

let instance: Promise<Highs> | undefined;
/** The WASM solver, loaded once. (`highs` ships CommonJS-flavoured types for an ESM default export.) */
export function loadHighs(): Promise<Highs> {
  instance ??= import('highs').then((m) => (m as unknown as { default: () => Promise<Highs> }).default());
  return instance;
}

export interface LpResult {
  objective_usd: number;
  status: string;
  columns: number;
  rows: number;
}

export async function solveWithHighs(p: DispatchProblem, opts: { integer?: boolean; timeLimit_s?: number } = {}): Promise<LpResult> {
  const highs = await loadHighs();
  const T = p.hours;
  const G = p.groups.length;
  const S = p.sites.length;
  const terms = siteHourTerms(p);
  let nCols = 0;
  for (const g of p.groups) nCols += g.profiles.length * T;
  const nRows = T * G + S * T;
  const cost = new Float64Array(nCols);
  const upper = new Float64Array(nCols);
  const starts = new Int32Array(nCols + 1);
  const indices = new Int32Array(2 * nCols);
  const values = new Float64Array(2 * nCols);
  let j = 0;
  let offset = 0;
  for (let t = 0; t < T; t++) {
    const r = revenueUsdPerThHour(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
    for (let g = 0; g < G; g++) {
      const grp = p.groups[g]!;
      const site = p.sites[grp.site]!;
      const st = grp.site * T + t;
      const c = site.price_usd_per_mwh[t]! + (site.adder_usd_per_mwh ?? 0) + terms.dr_usd_per_mwh[st]!;
      for (const pr of grp.profiles) {
        cost[j] = r * pr.hashrate_ths - (c * pr.power_w * site.pue) / 1e6;
        upper[j] = grp.machines;
        starts[j] = 2 * j;
        indices[2 * j] = t * G + g;
        values[2 * j] = 1;
        indices[2 * j + 1] = T * G + grp.site * T + t;
        values[2 * j + 1] = (pr.power_w * site.pue) / 1e6;
        j++;
      }
    }
  }
  starts[nCols] = 2 * nCols;
  for (let s = 0; s < S; s++) {
    const b = stockUpToCap(p, s, terms.capNormal_w[s]!).used_w;
    for (let t = 0; t < T; t++) offset += (terms.dr_usd_per_mwh[s * T + t]! * b) / 1e6;
  }
  const rowUpper = new Float64Array(nRows);
  for (let t = 0; t < T; t++) for (let g = 0; g < G; g++) rowUpper[t * G + g] = p.groups[g]!.machines;
  for (let s = 0; s < S; s++) for (let t = 0; t < T; t++) rowUpper[T * G + s * T + t] = terms.cap_w[s * T + t]! / 1e6;
  const model = highs.createModel({
    numCols: nCols,
    numRows: nRows,
    sense: highs.constants.objectiveSense.maximize,
    offset,
    colCost: cost,
    colLower: new Float64Array(nCols),
    colUpper: upper,
    rowLower: new Float64Array(nRows).fill(-highs.infinity),
    rowUpper,
    matrix: { format: 'csc', numRows: nRows, numCols: nCols, starts, indices, values },
    ...(opts.integer ? { integrality: new Int32Array(nCols).fill(1) } : {}),
  });
  try {
    model.options.set({ output_flag: false, ...(opts.timeLimit_s ? { time_limit: opts.timeLimit_s } : {}), ...(opts.integer ? { mip_rel_gap: 1e-9 } : {}) });
    model.run();
    const status = model.getModelStatus();
    const names = Object.entries(highs.constants.modelStatus).find(([, v]) => v === status);
    return { objective_usd: model.getObjectiveValue(), status: names?.[0] ?? String(status), columns: nCols, rows: nRows };
  } finally {
    model.dispose();
  }
}

/**
 * With a switching cost κ: the same LP plus transition columns y[t,g,p→q] (t ≥ 1, off included as a
 * profile) with flow conservation x[t−1,g,p] = Σ_q y[t,g,p→q] and x[t,g,q] = Σ_p y[t,g,p→q], every
 * group's machines summing to N_g in each hour, and cost κ on every y with p ≠ q.
 */
export async function solveSwitchingWithHighs(p: DispatchProblem): Promise<LpResult> {
  const highs = await loadHighs();
  const T = p.hours;
  const G = p.groups.length;
  const kappa = p.switching?.cost_usd_per_change ?? 0;
  const terms = siteHourTerms(p);
  const cols: { cost: number; entries: [number, number][] }[] = [];
  const rowUpper: number[] = [];
  const rowLower: number[] = [];
  const row = (lo: number, hi: number): number => (rowLower.push(lo), rowUpper.push(hi)) - 1;
  const xIndex: number[][][] = [];
  const capRow: number[] = [];
  for (let s = 0; s < p.sites.length; s++) for (let t = 0; t < T; t++) capRow[s * T + t] = row(-highs.infinity, terms.cap_w[s * T + t]! / 1e6);
  for (let t = 0; t < T; t++) {
    const r = revenueUsdPerThHour(p.hashprice_usd_per_ph_day[t]!, p.pool_fee);
    xIndex[t] = [];
    for (let g = 0; g < G; g++) {
      const grp = p.groups[g]!;
      const site = p.sites[grp.site]!;
      const st = grp.site * T + t;
      const c = site.price_usd_per_mwh[t]! + (site.adder_usd_per_mwh ?? 0) + terms.dr_usd_per_mwh[st]!;
      const sum = row(grp.machines, grp.machines);
      xIndex[t]![g] = [];
      const options = [{ hashrate_ths: 0, power_w: 0 }, ...grp.profiles];
      options.forEach((pr) => {
        xIndex[t]![g]!.push(cols.length);
        cols.push({ cost: r * pr.hashrate_ths - (c * pr.power_w * site.pue) / 1e6, entries: [[sum, 1], [capRow[st]!, (pr.power_w * site.pue) / 1e6]] });
      });
      if (t === 0) continue;
      const K = options.length;
      const outRows = options.map(() => row(0, 0));
      const inRows = options.map(() => row(0, 0));
      for (let k = 0; k < K; k++) {
        cols[xIndex[t - 1]![g]![k]!]!.entries.push([outRows[k]!, 1]);
        cols[xIndex[t]![g]![k]!]!.entries.push([inRows[k]!, 1]);
      }
      for (let a = 0; a < K; a++) for (let b = 0; b < K; b++) cols.push({ cost: a === b ? 0 : -kappa, entries: [[outRows[a]!, -1], [inRows[b]!, -1]] });
    }
  }
  let offset = 0;
  for (let s = 0; s < p.sites.length; s++) {
    const base = stockUpToCap(p, s, terms.capNormal_w[s]!).used_w;
    for (let t = 0; t < T; t++) offset += (terms.dr_usd_per_mwh[s * T + t]! * base) / 1e6;
  }
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  for (const col of cols) {
    for (const [i, v] of col.entries.sort((a, b) => a[0] - b[0])) {
      indices.push(i);
      values.push(v);
    }
    starts.push(indices.length);
  }
  const n = cols.length;
  const m = rowUpper.length;
  const model = highs.createModel({
    numCols: n,
    numRows: m,
    sense: highs.constants.objectiveSense.maximize,
    offset,
    colCost: cols.map((c) => c.cost),
    colLower: new Float64Array(n),
    colUpper: new Float64Array(n).fill(highs.infinity),
    rowLower,
    rowUpper,
    matrix: { format: 'csc', numRows: m, numCols: n, starts, indices, values },
  });
  try {
    model.options.set({ output_flag: false });
    model.run();
    const status = model.getModelStatus();
    const names = Object.entries(highs.constants.modelStatus).find(([, v]) => v === status);
    return { objective_usd: model.getObjectiveValue(), status: names?.[0] ?? String(status), columns: n, rows: m };
  } finally {
    model.dispose();
  }
}
