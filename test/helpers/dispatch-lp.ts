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
